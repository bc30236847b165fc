/**
 * Worker recovery with fakes: a worker that hangs or dies is terminated and replaced, the last good report
 * stays in the cache, a warning is logged (no dialog: `publishOutcome` has no UI), the next run evaluates normally;
 * a run that leaves the worker big gets it replaced; stale runs are counted as dropped.
 */
import { describe, expect, test } from 'vitest';
import { publishOutcome } from '../../src/extension/core/outcome';
import { type DocRef, ReportCache } from '../../src/extension/core/reportCache';
import { type Job, type Outcome, Scheduler } from '../../src/extension/core/scheduler';
import type { HostToWorker, RunRequest, WorkerMemory } from '../../src/protocol/messages';
import type { TransportHandlers } from '../../src/worker/transport';
import { FakeClock } from './fakeClock';
import { seedReport } from './fixtures';

interface FakeWorker {
  handlers: TransportHandlers;
  runs: RunRequest[];
  other: HostToWorker[];
  terminated: boolean;
}

/** Workers that the test answers, lets hang (never answers) or kills. */
class FakeWorkers {
  all: FakeWorker[] = [];
  factory = (handlers: TransportHandlers) => {
    const w: FakeWorker = { handlers, runs: [], other: [], terminated: false };
    this.all.push(w);
    return {
      send: (m: HostToWorker) => (m.type === 'run' ? w.runs.push(m) : w.other.push(m)),
      terminate: () => void (w.terminated = true),
    };
  };
  get current(): FakeWorker {
    return this.all[this.all.length - 1];
  }
  answer(memory?: WorkerMemory, report = seedReport()) {
    const w = this.current;
    const msg = w.runs[w.runs.length - 1];
    w.handlers.onMessage({ type: 'result', id: msg.id, report, workerMs: 1, ...(memory ? { memory } : {}) });
  }
  die(reason = 'worker exited with code 3') {
    this.current.handlers.onExit(reason);
  }
}

function setup(recycleAboveMb = 0) {
  const clock = new FakeClock();
  const workers = new FakeWorkers();
  const cache = new ReportCache();
  const logs: string[] = [];
  const log = {
    trace() {},
    debug() {},
    info: (m: string) => logs.push(`info ${m}`),
    warn: (m: string) => logs.push(`warn ${m}`),
    error: (m: string) => logs.push(`error ${m}`),
  };
  const s = new Scheduler<DocRef[]>({
    transport: workers.factory,
    debounceMs: () => 100,
    graceMs: 2000,
    staleKillMs: 750,
    recycleAboveMb,
    clock,
    log,
    onOutcome: (job, outcome) => publishOutcome(cache, log, job, outcome),
  });
  return { clock, workers, cache, logs, s };
}

const URI = 'file:///a.py';
const job = (version: number): Job<DocRef[]> => ({
  uri: URI,
  version: String(version),
  input: { kind: 'python', cells: [{ source: `v${version}` }] },
  options: { timeBudgetMs: 1000 },
  data: [{ uri: URI, version }],
});

describe('a worker that hangs', () => {
  test('is terminated at budget + grace and replaced; the last good report stays; a warning is logged', async () => {
    const { clock, workers, cache, logs, s } = setup();
    const first = s.schedule(job(1), { immediate: true });
    workers.answer();
    expect((await first).kind).toBe('report');
    expect(cache.view(URI, 'good')?.report.tapes).toHaveLength(1);

    // The next run never answers (the worker spins in native code).
    const hung = s.schedule(job(2), { immediate: true });
    clock.advance(2999);
    expect(workers.all[0].terminated).toBe(false);
    clock.advance(1);
    expect(await hung).toMatchObject({ kind: 'timeout', elapsedMs: 3000 });
    expect(workers.all[0].terminated).toBe(true);
    expect(cache.get(URI)?.status).toEqual({ kind: 'timeout', ms: 3000 });
    expect(cache.view(URI, 'good')?.report.tapes).toHaveLength(1);
    expect(cache.get(URI)?.good?.key).toBe(`${URI}@1`);
    expect(logs.filter((l) => l.startsWith('warn'))).toEqual([
      'warn engine worker terminated: no answer within 3000 ms',
      `warn ${URI}@2: no result after 3000 ms; worker restarted, last good result kept`,
    ]);
    expect(logs.some((l) => l.startsWith('error'))).toBe(false);

    // The next edit evaluates normally, in a new worker.
    const next = s.schedule(job(3), { immediate: true });
    expect(workers.all).toHaveLength(2);
    workers.answer();
    expect((await next).kind).toBe('report');
    expect(cache.get(URI)?.good?.key).toBe(`${URI}@3`);
    expect(cache.get(URI)?.status).toEqual({ kind: 'idle' });
    expect(s.counts).toMatchObject({ requested: 3, started: 3, finished: 2, timeouts: 1, crashes: 0 });
  });

  test('a stale run is abandoned after 750 ms when the document changed, and the new text runs in a new worker', async () => {
    const { clock, workers, s } = setup();
    const p1 = s.schedule(job(1), { immediate: true });
    clock.advance(200);
    const p2 = s.schedule(job(2));
    clock.advance(100); // debounce ends: job 2 waits behind the running job 1
    expect(workers.all).toHaveLength(1);
    clock.advance(450); // job 1 has run 750 ms: abandoned
    expect(await p1).toEqual({ kind: 'superseded' });
    expect(workers.all[0].terminated).toBe(true);
    expect(workers.all).toHaveLength(2);
    expect(workers.current.runs[0].input.cells[0].source).toBe('v2');
    workers.answer();
    expect((await p2).kind).toBe('report');
    expect(s.counts).toMatchObject({ requested: 2, started: 2, finished: 1, superseded: 1 });
  });
});

describe('a worker that dies', () => {
  test('during a run: the run ends as a crash, the last good report stays, the next run uses a new worker', async () => {
    const { workers, cache, logs, s } = setup();
    const first = s.schedule(job(1), { immediate: true });
    workers.answer();
    await first;
    const dying = s.schedule(job(2), { immediate: true });
    workers.die();
    expect(await dying).toEqual({ kind: 'crash', message: 'worker exited with code 3' });
    expect(cache.get(URI)?.status).toEqual({ kind: 'crash', message: 'worker exited with code 3' });
    expect(cache.get(URI)?.good?.key).toBe(`${URI}@1`);
    expect(logs).toContain(
      `warn ${URI}@2: the engine worker crashed (worker exited with code 3); last good result kept`,
    );
    const next = s.schedule(job(3), { immediate: true });
    expect(workers.all).toHaveLength(2);
    workers.answer();
    expect((await next).kind).toBe('report');
    expect(s.counts.crashes).toBe(1);
  });

  test('while idle: nothing is lost, a warning is logged, the next run starts a new worker', async () => {
    const { workers, logs, s } = setup();
    const first = s.schedule(job(1), { immediate: true });
    workers.answer();
    await first;
    workers.die('worker error: out of memory');
    expect(logs).toContain('warn engine worker stopped: worker error: out of memory');
    const next = s.schedule(job(2), { immediate: true });
    expect(workers.all).toHaveLength(2);
    workers.answer();
    expect((await next).kind).toBe('report');
  });

  test('a worker that dies while a stats request waits answers undefined', async () => {
    const { workers, s } = setup();
    const stats = s.stats();
    expect(workers.current.other).toEqual([{ type: 'stats', id: 1 }]);
    workers.die();
    expect(await stats).toBeUndefined();
  });
});

describe('memory: a worker left big by a run is replaced', () => {
  const small: WorkerMemory = { heapUsedMb: 20, externalMb: 5, allocatedMb: 10 };
  const big: WorkerMemory = { heapUsedMb: 40, externalMb: 700, allocatedMb: 900 };

  test('after the result is published, before the next run', async () => {
    const { workers, logs, s } = setup(512);
    const p1 = s.schedule(job(1), { immediate: true });
    workers.answer(small);
    await p1;
    expect(workers.all[0].terminated).toBe(false);
    const p2 = s.schedule(job(2), { immediate: true });
    workers.answer(big);
    expect((await p2).kind).toBe('report');
    expect(workers.all[0].terminated).toBe(true);
    expect(logs.some((l) => l.startsWith('info engine worker replaced after a large run'))).toBe(true);
    const p3 = s.schedule(job(3), { immediate: true });
    expect(workers.all).toHaveLength(2);
    workers.answer(small);
    expect((await p3).kind).toBe('report');
    expect(s.counts.recycled).toBe(1);
  });

  test('a run that allocated a lot (garbage included) counts too; 0 turns recycling off', async () => {
    const a = setup(512);
    const p = a.s.schedule(job(1), { immediate: true });
    a.workers.answer({ heapUsedMb: 10, externalMb: 1, allocatedMb: 2048 });
    await p;
    expect(a.workers.all[0].terminated).toBe(true);

    const b = setup(0);
    const q = b.s.schedule(job(1), { immediate: true });
    b.workers.answer(big);
    await q;
    expect(b.workers.all[0].terminated).toBe(false);
  });

  test('stats are answered by the current worker', async () => {
    const { workers, s } = setup();
    const stats = s.stats();
    const req = workers.current.other[0] as { id: number };
    workers.current.handlers.onMessage({ type: 'stats', id: req.id, memory: small });
    expect(await stats).toEqual(small);
  });
});

describe('test hooks', () => {
  test('are sent to the current worker (the worker obeys them only in the extension test mode)', () => {
    const { workers, s } = setup();
    s.testHook('hang');
    s.testHook('exit');
    expect(workers.current.other).toEqual([
      { type: 'test', action: 'hang' },
      { type: 'test', action: 'exit' },
    ]);
  });
});

describe('outcomes never publish over the last good report', () => {
  test('timeout, crash and failure set the status only; superseded does nothing', () => {
    const cache = new ReportCache();
    const log = { trace() {}, debug() {}, info() {}, warn() {}, error() {} };
    const report: Outcome = { kind: 'report', report: seedReport(), elapsedMs: 1, workerMs: 1 };
    publishOutcome(cache, log, job(1), report);
    for (const o of [
      { kind: 'timeout', elapsedMs: 5000 },
      { kind: 'crash', message: 'x' },
      { kind: 'failure', message: 'y' },
      { kind: 'superseded' },
    ] as Outcome[]) {
      publishOutcome(cache, log, job(2), o);
      expect(cache.get(URI)?.good?.key).toBe(`${URI}@1`);
      expect(cache.get(URI)?.latest?.key).toBe(`${URI}@1`);
    }
  });
});
