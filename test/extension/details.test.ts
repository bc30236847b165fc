/**
 * Detail requests: the worker keeps the latest and the latest good evaluation of a few documents and answers only
 * for the evaluation asked about (`stale` otherwise); the scheduler pairs answers with requests, sends `keep` with
 * bounded runs only, and turns a lost worker into `stale`.
 */
import { describe, expect, test } from 'vitest';
import type { Evaluation } from '../../src/engine/evaluation';
import { type DetailOutcome, type Job, Scheduler } from '../../src/extension/core/scheduler';
import { type DetailRequest, type HostToWorker, isDetailRequest, type RunRequest } from '../../src/protocol/messages';
import type { DetailQuery, RunReport } from '../../src/protocol/report';
import { KeptEvaluations, serve, serveDetail } from '../../src/worker/serve';
import type { TransportHandlers } from '../../src/worker/transport';
import { FakeClock } from './fakeClock';
import { seedReport } from './fixtures';

const span = { start: { line: 3, character: 0 }, end: { line: 3, character: 5 } };

/** An evaluation that answers every value request with its own name (which evaluation answered is what matters). */
function fake(name: string, report: RunReport = seedReport()): Evaluation {
  return {
    report,
    answer: (q: DetailQuery) => ({ kind: 'value', found: true, label: name, text: q.kind, array: false }),
  } as unknown as Evaluation;
}

const syntaxError = (): RunReport => ({
  ...seedReport(),
  diagnostics: [{ severity: 'error', code: 'syntax', message: 'invalid syntax', span }],
});

const request = (document: string, key: string, id = 1): DetailRequest => ({
  type: 'detail',
  id,
  document,
  key,
  query: { kind: 'value', span, format: 'json' },
});

const labelOf = (r: ReturnType<typeof serveDetail>) =>
  r.status === 'ok' && r.answer.kind === 'value' ? r.answer.label : r.status;

describe('KeptEvaluations', () => {
  test('answers for the kept key only; a newer evaluation makes the older one stale', () => {
    const kept = new KeptEvaluations();
    kept.keep('a.py', 'a.py@1', fake('a1'));
    expect(labelOf(serveDetail(request('a.py', 'a.py@1'), kept))).toBe('a1');
    kept.keep('a.py', 'a.py@2', fake('a2'));
    expect(labelOf(serveDetail(request('a.py', 'a.py@1'), kept))).toBe('stale');
    expect(labelOf(serveDetail(request('a.py', 'a.py@2'), kept))).toBe('a2');
    expect(labelOf(serveDetail(request('b.py', 'a.py@2'), kept))).toBe('stale');
  });

  test('the latest good evaluation stays while the text does not parse', () => {
    const kept = new KeptEvaluations();
    kept.keep('a.py', 'a.py@1', fake('good'));
    kept.keep('a.py', 'a.py@2', fake('broken', syntaxError()));
    kept.keep('a.py', 'a.py@3', fake('broken again', syntaxError()));
    expect(kept.keys()).toEqual({ 'a.py': ['a.py@3', 'a.py@1'] });
    expect(labelOf(serveDetail(request('a.py', 'a.py@1'), kept))).toBe('good');
    expect(labelOf(serveDetail(request('a.py', 'a.py@2'), kept))).toBe('stale');
    kept.keep('a.py', 'a.py@4', fake('fixed'));
    expect(kept.keys()).toEqual({ 'a.py': ['a.py@4'] });
  });

  test('at most `capacity` documents, the least recently used go first', () => {
    const kept = new KeptEvaluations(2);
    kept.keep('a.py', 'a@1', fake('a'));
    kept.keep('b.py', 'b@1', fake('b'));
    expect(labelOf(serveDetail(request('a.py', 'a@1'), kept))).toBe('a'); // a is now the most recent
    kept.keep('c.py', 'c@1', fake('c'));
    expect(Object.keys(kept.keys()).sort()).toEqual(['a.py', 'c.py']);
    expect(labelOf(serveDetail(request('b.py', 'b@1'), kept))).toBe('stale');
  });

  test('a run that failed keeps nothing of its own, the last good evaluation stays', () => {
    const kept = new KeptEvaluations();
    const msg = (key: string): RunRequest => ({
      type: 'run',
      id: 1,
      input: { kind: 'python', cells: [{ source: '' }] },
      options: { bounded: true },
      keep: { document: 'a.py', key },
    });
    serve(msg('a.py@1'), () => fake('one'), kept);
    serve(
      msg('a.py@2'),
      () => {
        throw new Error('engine bug');
      },
      kept,
    );
    expect(kept.keys()).toEqual({ 'a.py': ['a.py@1'] });
    serve(msg('a.py@3'), () => fake('three', syntaxError()), kept);
    serve(
      msg('a.py@4'),
      () => {
        throw new Error('engine bug');
      },
      kept,
    );
    expect(kept.keys()).toEqual({ 'a.py': ['a.py@1'] });
  });

  test('a run without `keep` keeps nothing', () => {
    const kept = new KeptEvaluations();
    serve({ type: 'run', id: 1, input: { kind: 'python', cells: [] }, options: {} }, () => fake('x'), kept);
    expect(kept.keys()).toEqual({});
  });
});

describe('detail requests are validated', () => {
  test.each([
    [request('a.py', 'a@1'), true],
    [{ ...request('a.py', 'a@1'), query: { kind: 'tapes' } }, true],
    [{ ...request('a.py', 'a@1'), query: { kind: 'explanation', span } }, true],
    [{ ...request('a.py', 'a@1'), query: { kind: 'value', span, result: 1, format: 'numpy' } }, true],
    [{ ...request('a.py', 'a@1'), query: { kind: 'value', span, format: 'csv' } }, false],
    [{ ...request('a.py', 'a@1'), query: { kind: 'value', span, result: -1, format: 'json' } }, false],
    [{ ...request('a.py', 'a@1'), query: { kind: 'explanation', span: { start: 1 } } }, false],
    [{ ...request('a.py', 'a@1'), query: { kind: 'run' } }, false],
    [{ ...request('a.py', 'a@1'), key: 3 }, false],
    [{ ...request('a.py', 'a@1'), id: 1.5 }, false],
  ])('%j → %s', (m, ok) => {
    expect(isDetailRequest(m)).toBe(ok);
  });

  test('a malformed request is answered with an error, a throwing answer too', () => {
    const kept = new KeptEvaluations();
    expect(serveDetail({ type: 'detail', id: 4, query: {} }, kept)).toMatchObject({ id: 4, status: 'error' });
    kept.keep('a.py', 'a@1', {
      report: seedReport(),
      answer: () => {
        throw new Error('no such tape');
      },
    } as unknown as Evaluation);
    expect(serveDetail(request('a.py', 'a@1', 5), kept)).toEqual({
      type: 'detail',
      id: 5,
      status: 'error',
      message: 'no such tape',
    });
  });
});

/** A worker the test answers by hand. */
class FakeWorkers {
  started: { handlers: TransportHandlers; sent: HostToWorker[]; terminated: boolean }[] = [];
  factory = (handlers: TransportHandlers) => {
    const w = { handlers, sent: [] as HostToWorker[], terminated: false };
    this.started.push(w);
    return { send: (m: HostToWorker) => void w.sent.push(m), terminate: () => void (w.terminated = true) };
  };
  get current() {
    return this.started[this.started.length - 1];
  }
}

const quiet = { trace() {}, debug() {}, info() {}, warn() {}, error() {} };

function setup() {
  const clock = new FakeClock();
  const workers = new FakeWorkers();
  const s = new Scheduler<null>({
    transport: workers.factory,
    debounceMs: () => 0,
    graceMs: 500,
    staleKillMs: 0,
    clock,
    log: quiet,
    onOutcome: () => {},
  });
  return { clock, workers, s };
}

const job = (bounded: boolean): Job<null> => ({
  uri: 'file:///a.py',
  version: '7',
  input: { kind: 'python', cells: [{ source: 'x = 1' }] },
  options: { bounded },
  data: null,
});

describe('Scheduler.detail', () => {
  test('a bounded run asks the worker to keep it under uri@version; a full run does not', () => {
    const { workers, s } = setup();
    void s.schedule(job(true), { immediate: true });
    const run = workers.current.sent[0] as RunRequest;
    expect(run.keep).toEqual({ document: 'file:///a.py', key: 'file:///a.py@7' });
    workers.current.handlers.onMessage({ type: 'result', id: run.id, report: seedReport(), workerMs: 1 });
    void s.schedule(job(false), { immediate: true });
    expect((workers.current.sent[1] as RunRequest).keep).toBeUndefined();
  });

  test('without a worker nothing is kept: stale at once, and no worker is started', async () => {
    const { workers, s } = setup();
    expect(await s.detail('file:///a.py', 'file:///a.py@7', { kind: 'tapes' })).toEqual({ kind: 'stale' });
    expect(workers.started).toHaveLength(0);
  });

  test('answers are paired with their requests by id', async () => {
    const { workers, s } = setup();
    void s.schedule(job(true), { immediate: true });
    const one = s.detail('file:///a.py', 'file:///a.py@7', { kind: 'tapes' });
    const two = s.detail('file:///a.py', 'file:///a.py@7', { kind: 'explanation', span });
    const sent = workers.current.sent.filter((m): m is DetailRequest => m.type === 'detail');
    expect(sent.map((m) => m.query.kind)).toEqual(['tapes', 'explanation']);
    const answer = { kind: 'explanation' as const, found: true, explanations: [] };
    workers.current.handlers.onMessage({ type: 'detail', id: sent[1].id, status: 'ok', answer, workerMs: 2 });
    workers.current.handlers.onMessage({ type: 'detail', id: sent[0].id, status: 'stale' });
    expect(await two).toEqual({ kind: 'ok', answer, workerMs: 2 });
    expect(await one).toEqual({ kind: 'stale' });
  });

  test('a worker that dies or is replaced takes its evaluations with it: stale', async () => {
    const { workers, s } = setup();
    void s.schedule(job(true), { immediate: true });
    const pending: Promise<DetailOutcome> = s.detail('file:///a.py', 'file:///a.py@7', { kind: 'tapes' });
    workers.current.handlers.onExit('worker exited with code 1');
    expect(await pending).toEqual({ kind: 'stale' });
  });

  test('no answer within the timeout: failed', async () => {
    const { clock, s } = setup();
    void s.schedule(job(true), { immediate: true });
    const pending = s.detail('file:///a.py', 'file:///a.py@7', { kind: 'tapes' }, 1000);
    clock.advance(1001);
    expect(await pending).toMatchObject({ kind: 'failed' });
  });
});
