/**
 * The scheduler between document changes and the engine worker. It
 * - debounces requests per document (the newest request for a document replaces the waiting one: stale work is
 *   dropped before it runs),
 * - runs one request at a time in a single worker (a run is synchronous inside the worker),
 * - drops a result whose document has been requested again since (the newer run publishes instead),
 * - terminates the worker when a run overruns its time budget plus a grace period (counted from when the worker said
 *   it was ready, for a run sent to a worker still starting), when its document has changed and it has already run
 *   for `staleKillMs`, or when it crashes; a fresh worker starts for the next request,
 * - replaces the worker after a run that left it big (`recycleAboveMb`), so its memory returns to the baseline.
 * It never touches the report cache itself: outcomes go to `onOutcome`, and the last good report stays where it is.
 */
import type { TestHook, WorkerAnswer, WorkerMemory } from '../../protocol/messages';
import type { DetailAnswer, DetailQuery, RunInput, RunOptions, RunReport } from '../../protocol/report';
import type { EngineTransport, TransportFactory } from '../../worker/transport';

export interface Job<D = unknown> {
  /** The evaluated document (a file or a notebook). */
  uri: string;
  /** Its version; `uri@version` names the result. */
  version: string;
  input: RunInput;
  options: RunOptions;
  /** Whatever the caller needs with the result (the documents that took part). */
  data: D;
}

export type Outcome =
  | { kind: 'report'; report: RunReport; elapsedMs: number; workerMs: number }
  | { kind: 'superseded' }
  | { kind: 'timeout'; elapsedMs: number }
  | { kind: 'crash'; message: string }
  | { kind: 'failure'; message: string; stack?: string };

/**
 * What became of a detail request: the worker's answer; `stale` when the worker no longer keeps that evaluation
 * (a newer one replaced it, or the worker was restarted or stopped meanwhile); `failed` (malformed, the answer
 * threw, no answer within the timeout).
 */
export type DetailOutcome =
  | { kind: 'ok'; answer: DetailAnswer; workerMs: number }
  | { kind: 'stale' }
  | { kind: 'failed'; message: string };

/** How long a detail request may wait (behind a run the worker is busy with, then its own answer). */
export const DETAIL_TIMEOUT_MS = 10_000;

export interface Logger {
  trace(message: string): void;
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: Clock = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

export interface SchedulerOptions<D> {
  transport: TransportFactory;
  debounceMs(): number;
  /** Added to the run's `timeBudgetMs` before the host gives up on the worker (covers worker start-up). */
  graceMs: number;
  /** A run whose document changed since is abandoned once it has run this long (0 = never). */
  staleKillMs: number;
  /** Every run that ended and is still current (reports and failures; not superseded ones). */
  onOutcome(job: Job<D>, outcome: Outcome): void;
  /** A document's run started (true) or ended (false). */
  onActivity?(uri: string, running: boolean): void;
  /**
   * A worker whose heap plus outside memory is above this after a run (or whose run allocated more tensor data than
   * this) is replaced before the next run: a fresh worker is the surest way back to the baseline. 0 = never.
   */
  recycleAboveMb?: number;
  log: Logger;
  clock?: Clock;
}

/** A job built only when it leaves the debounce (no text copied per keystroke). */
export interface LazyJob<D> {
  uri: string;
  make(): Job<D>;
}

interface Request<D> {
  uri: string;
  make(): Job<D>;
  /** Built when the request leaves the debounce. */
  job?: Job<D>;
  seq: number;
  resolve(outcome: Outcome): void;
}

interface InFlight<D> {
  req: Request<D>;
  id: number;
  started: number;
  deadline: unknown;
  /** Budget plus grace, in ms. */
  budget: number;
  /** Sent before the worker was ready: the deadline starts again when it is. */
  beforeReady: boolean;
  staleCheck?: unknown;
}

const DEFAULT_BUDGET_MS = 2000;

export class Scheduler<D = unknown> {
  private readonly clock: Clock;
  private worker?: EngineTransport;
  /** The current worker has said `ready` (its engine is loaded). */
  private workerReady = false;
  private seq = 0;
  private nextId = 1;
  private readonly latest = new Map<string, number>();
  private readonly debouncing = new Map<string, { req: Request<D>; timer: unknown }>();
  private readonly queue = new Map<string, Request<D>>();
  private inFlight?: InFlight<D>;
  private disposed = false;
  /** Workers started so far (1 + restarts), for logs and tests. */
  workersStarted = 0;
  /** What happened to the requests so far (tests and logs: stale runs are dropped, not published). */
  readonly counts = {
    /** `schedule` calls. */
    requested: 0,
    /** Sent to the worker. */
    started: 0,
    /** Ended with a report or an engine failure that was published. */
    finished: 0,
    /** Dropped: replaced while waiting, or their result arrived for an old version (or was abandoned as stale). */
    superseded: 0,
    timeouts: 0,
    crashes: 0,
    /** Workers replaced after a large run. */
    recycled: 0,
  };
  private readonly statsWaiting = new Map<number, (m: WorkerMemory | undefined) => void>();
  private readonly detailsWaiting = new Map<number, (o: DetailOutcome) => void>();

  constructor(private readonly opts: SchedulerOptions<D>) {
    this.clock = opts.clock ?? systemClock;
  }

  /**
   * Request a run. Resolves with its outcome, or `superseded` when a newer request for the same document replaced
   * it. `immediate` skips the debounce (open, save, the Compute command).
   */
  schedule(job: Job<D> | LazyJob<D>, options: { immediate?: boolean } = {}): Promise<Outcome> {
    if (this.disposed) return Promise.resolve({ kind: 'superseded' });
    const make = 'make' in job ? () => job.make() : () => job;
    this.counts.requested++;
    return new Promise<Outcome>((resolve) => {
      const req: Request<D> = {
        uri: job.uri,
        make,
        seq: ++this.seq,
        resolve: (o) => {
          if (o.kind === 'superseded') this.counts.superseded++;
          resolve(o);
        },
      };
      this.latest.set(job.uri, req.seq);
      this.supersedeWaiting(job.uri);
      const delay = options.immediate ? 0 : Math.max(0, this.opts.debounceMs());
      if (delay === 0) this.enqueue(req);
      else {
        const timer = this.clock.setTimeout(() => {
          this.debouncing.delete(job.uri);
          this.enqueue(req);
        }, delay);
        this.debouncing.set(job.uri, { req, timer });
      }
    });
  }

  /** Forget a document (closed): waiting requests are dropped and a running one is treated as stale. */
  cancel(uri: string): void {
    this.latest.set(uri, ++this.seq);
    this.supersedeWaiting(uri);
    if (this.inFlight?.req.uri === uri) this.abandon('superseded', `${uri} closed`);
  }

  /** True while a request for `uri` waits or runs. */
  isPending(uri: string): boolean {
    return this.debouncing.has(uri) || this.queue.has(uri) || this.inFlight?.req.uri === uri;
  }

  /** The current worker's memory (a fresh worker is started if there is none), or undefined after `timeoutMs`. */
  stats(timeoutMs = 5000): Promise<WorkerMemory | undefined> {
    if (this.disposed) return Promise.resolve(undefined);
    const worker = this.ensureWorker();
    const id = this.nextId++;
    return new Promise((resolve) => {
      const timer = this.clock.setTimeout(() => {
        this.statsWaiting.delete(id);
        resolve(undefined);
      }, timeoutMs);
      this.statsWaiting.set(id, (m) => {
        this.clock.clearTimeout(timer);
        resolve(m);
      });
      worker.send({ type: 'stats', id });
    });
  }

  /**
   * Ask the worker about evaluation `key` (`uri@version`) of `document`, which a bounded run kept. Without a
   * worker nothing is kept: `stale` at once (no worker is started for it).
   */
  detail(document: string, key: string, query: DetailQuery, timeoutMs = DETAIL_TIMEOUT_MS): Promise<DetailOutcome> {
    const worker = this.worker;
    if (this.disposed || !worker) return Promise.resolve({ kind: 'stale' });
    const id = this.nextId++;
    return new Promise((resolve) => {
      const timer = this.clock.setTimeout(() => {
        this.detailsWaiting.delete(id);
        resolve({ kind: 'failed', message: `no answer within ${timeoutMs} ms` });
      }, timeoutMs);
      this.detailsWaiting.set(id, (o) => {
        this.clock.clearTimeout(timer);
        resolve(o);
      });
      try {
        worker.send({ type: 'detail', id, document, key, query });
      } catch (e) {
        this.detailsWaiting.delete(id);
        this.clock.clearTimeout(timer);
        resolve({ kind: 'failed', message: e instanceof Error ? e.message : String(e) });
      }
    });
  }

  /** Tests only: make the current worker hang or exit (a worker started without test hooks ignores it). */
  testHook(action: TestHook['action']): void {
    if (!this.disposed) this.ensureWorker().send({ type: 'test', action });
  }

  dispose(): void {
    this.disposed = true;
    for (const uri of [...this.debouncing.keys(), ...this.queue.keys()]) this.supersedeWaiting(uri);
    if (this.inFlight) this.abandon('superseded', 'shutting down');
    this.worker?.terminate();
    this.worker = undefined;
    this.failStats();
  }

  private supersedeWaiting(uri: string): void {
    const d = this.debouncing.get(uri);
    if (d) {
      this.clock.clearTimeout(d.timer);
      this.debouncing.delete(uri);
      d.req.resolve({ kind: 'superseded' });
    }
    const q = this.queue.get(uri);
    if (q) {
      this.queue.delete(uri);
      q.resolve({ kind: 'superseded' });
    }
  }

  private enqueue(req: Request<D>): void {
    this.queue.set(req.uri, req);
    this.watchStale();
    this.pump();
  }

  private isStale(req: Request<D>): boolean {
    return req.seq < (this.latest.get(req.uri) ?? 0);
  }

  /** A newer request waits for the document that is running: abandon the old run once it has had `staleKillMs`. */
  private watchStale(): void {
    const f = this.inFlight;
    if (!f || !this.opts.staleKillMs || f.staleCheck !== undefined || !this.isStale(f.req)) return;
    const wait = Math.max(0, f.started + this.opts.staleKillMs - this.clock.now());
    f.staleCheck = this.clock.setTimeout(() => {
      if (this.inFlight === f) this.abandon('superseded', `${f.req.uri}@${f.req.job?.version} is stale`);
    }, wait);
  }

  private pump(): void {
    if (this.inFlight || this.disposed) return;
    const next = this.queue.values().next();
    if (next.done) return;
    const req = next.value;
    this.queue.delete(req.uri);
    let job: Job<D>;
    try {
      job = req.job = req.make();
    } catch (e) {
      this.opts.log.error(`could not read ${req.uri}: ${e instanceof Error ? e.message : String(e)}`);
      req.resolve({ kind: 'superseded' });
      this.pump();
      return;
    }
    const worker = this.ensureWorker();
    const id = this.nextId++;
    const budget = (job.options.timeBudgetMs ?? DEFAULT_BUDGET_MS) + this.opts.graceMs;
    const f: InFlight<D> = {
      req,
      id,
      started: this.clock.now(),
      deadline: undefined,
      budget,
      beforeReady: !this.workerReady,
    };
    this.armDeadline(f);
    this.inFlight = f;
    this.counts.started++;
    this.opts.onActivity?.(req.uri, true);
    this.opts.log.trace(`run ${req.uri}@${job.version} (#${id})`);
    try {
      // A bounded report's evaluation stays in the worker, which answers `detail` requests from it.
      const keep = job.options.bounded ? { document: job.uri, key: `${job.uri}@${job.version}` } : undefined;
      worker.send({ type: 'run', id, input: job.input, options: job.options, ...(keep ? { keep } : {}) });
    } catch (e) {
      this.abandon('crash', `could not post to the worker: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  private armDeadline(f: InFlight<D>): void {
    this.clock.clearTimeout(f.deadline);
    f.deadline = this.clock.setTimeout(() => {
      if (this.inFlight === f) this.abandon('timeout', `no answer within ${f.budget} ms`);
    }, f.budget);
  }

  private ensureWorker(): EngineTransport {
    if (this.worker) return this.worker;
    this.workersStarted++;
    this.workerReady = false;
    const worker: EngineTransport = this.opts.transport({
      onMessage: (msg) => {
        if (this.worker === worker) this.onMessage(msg);
      },
      onExit: (reason) => {
        if (this.worker !== worker) return;
        this.worker = undefined;
        this.failStats();
        this.opts.log.warn(`engine worker stopped: ${reason}`);
        if (this.inFlight) {
          this.counts.crashes++;
          this.finish({ kind: 'crash', message: reason });
        }
      },
    });
    this.worker = worker;
    if (this.workersStarted > 1) this.opts.log.info(`engine worker restarted (${this.workersStarted - 1} restarts)`);
    return worker;
  }

  private onMessage(msg: WorkerAnswer): void {
    if (msg.type === 'detail') {
      const resolve = this.detailsWaiting.get(msg.id);
      this.detailsWaiting.delete(msg.id);
      resolve?.(
        msg.status === 'ok'
          ? { kind: 'ok', answer: msg.answer, workerMs: msg.workerMs }
          : msg.status === 'stale'
            ? { kind: 'stale' }
            : { kind: 'failed', message: msg.message },
      );
      return;
    }
    if (msg.type === 'stats') {
      this.statsWaiting.get(msg.id)?.(msg.memory);
      this.statsWaiting.delete(msg.id);
      return;
    }
    const f = this.inFlight;
    if (msg.type === 'ready') {
      this.workerReady = true;
      // A run that waited for the worker to start gets its whole budget from now (a Web Worker compiles the
      // engine on every start: no code cache).
      if (f?.beforeReady) {
        f.beforeReady = false;
        this.armDeadline(f);
      }
      return;
    }
    if (!f || msg.id !== f.id) return;
    const elapsedMs = this.clock.now() - f.started;
    if (msg.type === 'result') {
      this.recycleIfBig(msg.memory);
      this.finish({ kind: 'report', report: msg.report, elapsedMs, workerMs: msg.workerMs });
    } else if (msg.type === 'failure') this.finish({ kind: 'failure', message: msg.message, stack: msg.stack });
  }

  /** After a run that left the worker big: terminate it now (idle), so the next run starts from a fresh one. */
  private recycleIfBig(m: WorkerMemory | undefined): void {
    const limit = this.opts.recycleAboveMb ?? 0;
    if (!m || !limit || !this.worker) return;
    if ((m.heapUsedMb ?? 0) + (m.externalMb ?? 0) <= limit && (m.allocatedMb ?? 0) <= limit) return;
    const mb = (x: number | undefined) => (x === undefined ? 'unknown' : `${x.toFixed(0)} MB`);
    this.opts.log.info(
      `engine worker replaced after a large run (heap ${mb(m.heapUsedMb)}, outside the heap ${mb(m.externalMb)}, tensor data allocated ${mb(m.allocatedMb ?? 0)})`,
    );
    this.counts.recycled++;
    this.worker.terminate();
    this.worker = undefined;
    this.failStats();
  }

  /** Give up on the running request: the worker is terminated, and a new one starts for the next request. */
  private abandon(kind: 'timeout' | 'crash' | 'superseded', why: string): void {
    const f = this.inFlight;
    if (!f) return;
    const log = kind === 'superseded' ? this.opts.log.debug : this.opts.log.warn;
    log.call(this.opts.log, `engine worker terminated: ${why}`);
    this.worker?.terminate();
    this.worker = undefined;
    this.failStats();
    if (kind === 'timeout') {
      this.counts.timeouts++;
      this.finish({ kind, elapsedMs: this.clock.now() - f.started });
    } else if (kind === 'crash') {
      this.counts.crashes++;
      this.finish({ kind, message: why });
    } else this.finish({ kind });
  }

  private finish(outcome: Outcome): void {
    const f = this.inFlight;
    if (!f) return;
    this.clock.clearTimeout(f.deadline);
    if (f.staleCheck !== undefined) this.clock.clearTimeout(f.staleCheck);
    this.inFlight = undefined;
    this.opts.onActivity?.(f.req.uri, false);
    const result: Outcome = outcome.kind !== 'superseded' && this.isStale(f.req) ? { kind: 'superseded' } : outcome;
    if (result.kind === 'report' || result.kind === 'failure') this.counts.finished++;
    if (result.kind !== 'superseded') {
      try {
        if (f.req.job) this.opts.onOutcome(f.req.job, result);
      } catch (e) {
        this.opts.log.error(`while publishing ${f.req.uri}: ${e instanceof Error ? e.stack : String(e)}`);
      }
    }
    f.req.resolve(result);
    this.pump();
  }

  /** Stats requests die with their worker; detail requests too, and what it kept is gone: `stale`. */
  private failStats(): void {
    for (const resolve of this.statsWaiting.values()) resolve(undefined);
    this.statsWaiting.clear();
    const details = [...this.detailsWaiting.values()];
    this.detailsWaiting.clear();
    for (const resolve of details) resolve({ kind: 'stale' });
  }
}
