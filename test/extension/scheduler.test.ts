import { describe, expect, test } from 'vitest';
import { type Job, type Outcome, Scheduler } from '../../src/extension/core/scheduler';
import type { HostToWorker, RunRequest } from '../../src/protocol/messages';
import type { TransportHandlers } from '../../src/worker/transport';
import { FakeClock } from './fakeClock';
import { seedReport } from './fixtures';

/** A worker the test answers by hand. */
class FakeWorkers {
  started: { handlers: TransportHandlers; sent: RunRequest[]; terminated: boolean }[] = [];
  factory = (handlers: TransportHandlers) => {
    const w = { handlers, sent: [] as RunRequest[], terminated: false };
    this.started.push(w);
    return {
      send: (m: HostToWorker) => {
        if (m.type === 'run') w.sent.push(m);
      },
      terminate: () => void (w.terminated = true),
    };
  };
  get current() {
    return this.started[this.started.length - 1];
  }
  answer(i = 0) {
    const w = this.current;
    const msg = w.sent[i];
    w.handlers.onMessage({ type: 'result', id: msg.id, report: seedReport(), workerMs: 1 });
  }
}

const job = (uri: string, version: number): Job<null> => ({
  uri,
  version: String(version),
  input: { kind: 'python', cells: [{ source: `v${version}` }] },
  options: { timeBudgetMs: 1000 },
  data: null,
});

const quiet = { trace() {}, debug() {}, info() {}, warn() {}, error() {} };

function setup(debounce = 100) {
  const clock = new FakeClock();
  const workers = new FakeWorkers();
  const outcomes: [string, Outcome['kind']][] = [];
  const s = new Scheduler<null>({
    transport: workers.factory,
    debounceMs: () => debounce,
    graceMs: 500,
    staleKillMs: 300,
    clock,
    log: quiet,
    onOutcome: (j, o) => outcomes.push([`${j.uri}@${j.version}`, o.kind]),
  });
  return { clock, workers, outcomes, s };
}

const sources = (w: FakeWorkers) => w.started.flatMap((x) => x.sent.map((m) => m.input.cells[0].source));

describe('Scheduler', () => {
  test('debounces: only the newest version of a burst of edits runs', async () => {
    const { clock, workers, outcomes, s } = setup();
    const p1 = s.schedule(job('a', 1));
    clock.advance(50);
    const p2 = s.schedule(job('a', 2));
    clock.advance(50);
    const p3 = s.schedule(job('a', 3));
    expect(await p1).toEqual({ kind: 'superseded' });
    expect(await p2).toEqual({ kind: 'superseded' });
    expect(workers.started).toHaveLength(0);
    clock.advance(100);
    expect(sources(workers)).toEqual(['v3']);
    workers.answer();
    expect((await p3).kind).toBe('report');
    expect(outcomes).toEqual([['a@3', 'report']]);
  });

  test('a lazy job is built once, when its debounce ends', async () => {
    const { clock, workers, s } = setup();
    let built = 0;
    const lazy = (v: number) => ({
      uri: 'a',
      make: () => {
        built++;
        return job('a', v);
      },
    });
    void s.schedule(lazy(1));
    void s.schedule(lazy(2));
    expect(built).toBe(0);
    clock.advance(100);
    expect(built).toBe(1);
    expect(sources(workers)).toEqual(['v2']);
  });

  test('immediate requests skip the debounce; one run at a time, in order', async () => {
    const { workers, s } = setup();
    void s.schedule(job('a', 1), { immediate: true });
    void s.schedule(job('b', 1), { immediate: true });
    expect(sources(workers)).toEqual(['v1']);
    expect(workers.current.sent[0].input.cells[0].source).toBe('v1');
    workers.answer(0);
    expect(workers.current.sent).toHaveLength(2);
    expect(s.isPending('b')).toBe(true);
  });

  test('drops the result of a run whose document changed meanwhile', async () => {
    const { clock, workers, outcomes, s } = setup();
    const p1 = s.schedule(job('a', 1), { immediate: true });
    const p2 = s.schedule(job('a', 2));
    workers.answer(0);
    expect(await p1).toEqual({ kind: 'superseded' });
    expect(outcomes).toEqual([]);
    clock.advance(100);
    workers.answer(1);
    expect((await p2).kind).toBe('report');
    expect(outcomes).toEqual([['a@2', 'report']]);
  });

  test('terminates and restarts a worker that overruns its budget + grace, then runs the next request', async () => {
    const { clock, workers, outcomes, s } = setup();
    const p1 = s.schedule(job('a', 1), { immediate: true });
    clock.advance(1499);
    expect(workers.current.terminated).toBe(false);
    clock.advance(1);
    expect(await p1).toMatchObject({ kind: 'timeout' });
    expect(workers.started[0].terminated).toBe(true);
    expect(outcomes).toEqual([['a@1', 'timeout']]);
    const p2 = s.schedule(job('a', 2), { immediate: true });
    expect(workers.started).toHaveLength(2);
    expect(s.workersStarted).toBe(2);
    workers.answer(0);
    expect((await p2).kind).toBe('report');
  });

  test('a run sent to a worker still starting has its budget + grace from `ready`; a start that never ends still times out', async () => {
    const { clock, workers, s } = setup();
    // Budget 1000 + grace 500. The worker takes 800 ms to start: the deadline is 1500 ms after its `ready`.
    const p1 = s.schedule(job('a', 1), { immediate: true });
    clock.advance(800);
    workers.current.handlers.onMessage({ type: 'ready' });
    clock.advance(1499);
    expect(workers.current.terminated).toBe(false);
    clock.advance(1);
    expect(await p1).toMatchObject({ kind: 'timeout' });
    expect(workers.started[0].terminated).toBe(true);
    // The next worker never says `ready`: the deadline from sending still ends the run.
    const p2 = s.schedule(job('a', 2), { immediate: true });
    clock.advance(1500);
    expect(await p2).toMatchObject({ kind: 'timeout' });
    // A run sent to a worker already ready is not given more time by a later `ready`.
    const p3 = s.schedule(job('a', 3), { immediate: true });
    workers.current.handlers.onMessage({ type: 'ready' });
    const p4 = s.schedule(job('b', 1), { immediate: true });
    workers.answer(0);
    expect((await p3).kind).toBe('report');
    clock.advance(1000);
    workers.current.handlers.onMessage({ type: 'ready' });
    clock.advance(500);
    expect(await p4).toMatchObject({ kind: 'timeout' });
  });

  test('a stale run is abandoned after staleKillMs so the newer text runs', async () => {
    const { clock, workers, s } = setup(0);
    const p1 = s.schedule(job('a', 1));
    clock.advance(100);
    const p2 = s.schedule(job('a', 2));
    expect(workers.started).toHaveLength(1);
    clock.advance(199);
    expect(workers.started[0].terminated).toBe(false);
    clock.advance(1);
    expect(workers.started[0].terminated).toBe(true);
    expect(await p1).toEqual({ kind: 'superseded' });
    expect(sources(workers)).toEqual(['v1', 'v2']);
    workers.answer(0);
    expect((await p2).kind).toBe('report');
  });

  test('a crash fails the running request; the next request gets a new worker', async () => {
    const { workers, outcomes, s } = setup();
    const p1 = s.schedule(job('a', 1), { immediate: true });
    workers.current.handlers.onExit('worker exited with code 1');
    expect(await p1).toEqual({ kind: 'crash', message: 'worker exited with code 1' });
    expect(outcomes).toEqual([['a@1', 'crash']]);
    const p2 = s.schedule(job('a', 2), { immediate: true });
    expect(workers.started).toHaveLength(2);
    workers.answer(0);
    expect((await p2).kind).toBe('report');
  });

  test('an engine exception is a failure, and the worker stays', async () => {
    const { workers, s } = setup();
    const p1 = s.schedule(job('a', 1), { immediate: true });
    const id = workers.current.sent[0].id;
    workers.current.handlers.onMessage({ type: 'failure', id, message: 'boom' });
    expect(await p1).toMatchObject({ kind: 'failure', message: 'boom' });
    void s.schedule(job('a', 2), { immediate: true });
    expect(workers.started).toHaveLength(1);
  });

  test('cancel and dispose settle everything as superseded', async () => {
    const { workers, s } = setup();
    const p1 = s.schedule(job('a', 1), { immediate: true });
    const p2 = s.schedule(job('b', 1));
    s.cancel('a');
    expect(await p1).toEqual({ kind: 'superseded' });
    s.dispose();
    expect(await p2).toEqual({ kind: 'superseded' });
    expect(workers.current.terminated).toBe(true);
    expect(await s.schedule(job('c', 1))).toEqual({ kind: 'superseded' });
  });
});
