/**
 * Connects documents to the engine: builds a job for a document, hands it to the scheduler, and publishes what
 * comes back into the report cache (reports) or the entry's status (timeouts, crashes). Logs timings and worker
 * events. Features never call this; commands and document events do.
 */
import * as vscode from 'vscode';
import type { TestHook, WorkerMemory } from '../protocol/messages';
import type { DetailQuery } from '../protocol/report';
import type { TransportFactory } from '../worker/transport';
import type { GradientLensContext } from './context';
import { runOptions } from './core/config';
import { publishOutcome } from './core/outcome';
import type { DocRef, Snapshot } from './core/reportCache';
import { type DetailOutcome, type Job, type Outcome, Scheduler } from './core/scheduler';
import { jobFor, notebookTarget, type Target, targetOf, targetOfUri, versionOf } from './documents';

/** Time on top of the run's budget before the host terminates the worker (worker start-up, message passing). */
const GRACE_MS = 2000;
/** A run whose document changed again is abandoned after this long (a new worker starts for the newer text). */
const STALE_KILL_MS = 750;
/** A worker left bigger than this by a run (heap + tensor data, or data allocated) is replaced before the next run. */
export const RECYCLE_ABOVE_MB = 512;

export class Runner implements vscode.Disposable {
  private readonly scheduler: Scheduler<DocRef[]>;

  constructor(
    private readonly ctx: GradientLensContext,
    transport: TransportFactory,
  ) {
    this.scheduler = new Scheduler<DocRef[]>({
      transport,
      debounceMs: () => ctx.config.debounceMs,
      graceMs: GRACE_MS,
      staleKillMs: STALE_KILL_MS,
      recycleAboveMb: RECYCLE_ABOVE_MB,
      log: ctx.log,
      onOutcome: (job, outcome) => this.publish(job, outcome),
      onActivity: (uri, running) => {
        if (running) ctx.cache.setStatus(uri, { kind: 'running' });
      },
    });
  }

  /** Evaluate a document: after the debounce, or at once. Resolves with the outcome (possibly `superseded`). */
  run(target: Target, reason: string, immediate = false): Promise<Outcome> {
    const uri = target.uri.toString();
    this.ctx.log.trace(`request ${uri} (${reason}${immediate ? ', now' : ''})`);
    // The text is read when the debounce ends, not on every keystroke.
    return this.scheduler.schedule({ uri, make: () => jobFor(target, runOptions(this.ctx.config)) }, { immediate });
  }

  /** Evaluate a document unless its current version was evaluated already or is on its way. */
  ensure(target: Target, reason: string): void {
    const uri = target.uri.toString();
    const latest = this.ctx.cache.get(uri)?.latest;
    if (this.scheduler.isPending(uri) || latest?.key === `${uri}@${versionOf(target)}`) return;
    void this.run(target, reason, true);
  }

  /**
   * Ask the worker about the evaluation behind a snapshot (what its bounded report left out). `stale` when the
   * worker no longer keeps it: the caller asks again about a newer snapshot, or shows nothing.
   */
  detail(snapshot: Snapshot, query: DetailQuery): Promise<DetailOutcome> {
    const t0 = performance.now();
    return this.scheduler.detail(snapshot.uri, snapshot.key, query).then((o) => {
      this.ctx.log.trace(
        `detail ${query.kind} ${snapshot.key}: ${o.kind}${o.kind === 'ok' ? ` (worker ${o.workerMs.toFixed(1)} ms, round trip ${(performance.now() - t0).toFixed(1)} ms)` : o.kind === 'failed' ? ` (${o.message})` : ''}`,
      );
      return o;
    });
  }

  /**
   * Resolves once no run of `uri` waits or runs (its report, or its failure, is in the cache by then), after
   * `timeoutMs`, or when `token` is cancelled; at once when nothing is pending.
   */
  settled(uri: string, timeoutMs: number, token?: vscode.CancellationToken): Promise<void> {
    if (!this.scheduler.isPending(uri)) return Promise.resolve();
    return new Promise((resolve) => {
      const subs: vscode.Disposable[] = [];
      const done = () => {
        clearTimeout(timer);
        for (const d of subs.splice(0)) d.dispose();
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      subs.push(
        this.ctx.cache.onDidChange((e) => {
          if (e.uri === uri && !this.scheduler.isPending(uri)) done();
        }),
      );
      if (token) subs.push(token.onCancellationRequested(done));
    });
  }

  /**
   * `detail`, and when the worker no longer keeps the snapshot's evaluation although the snapshot is still the one
   * shown (the worker was restarted): evaluate the document again and, if its text is unchanged (same version),
   * ask once more. Concurrent callers share one re-evaluation.
   */
  async detailOrRerun(snapshot: Snapshot, query: DetailQuery): Promise<DetailOutcome> {
    const first = await this.detail(snapshot, query);
    if (first.kind !== 'stale' || this.ctx.cache.get(snapshot.uri)?.good?.key !== snapshot.key) return first;
    let rerun = this.rerunning.get(snapshot.key);
    if (!rerun) {
      const target = targetOfUri(snapshot.uri);
      if (!target || this.isPending(snapshot.uri)) return first;
      rerun = this.run(target, 'details of an evaluation the worker no longer keeps', true);
      this.rerunning.set(snapshot.key, rerun);
      void rerun.finally(() => this.rerunning.delete(snapshot.key));
    }
    await rerun;
    const now = this.ctx.cache.get(snapshot.uri)?.good;
    return now?.key === snapshot.key ? this.detail(now, query) : first;
  }
  private readonly rerunning = new Map<string, Promise<Outcome>>();

  cancel(uri: string): void {
    this.scheduler.cancel(uri);
  }

  isPending(uri: string): boolean {
    return this.scheduler.isPending(uri);
  }

  get workersStarted(): number {
    return this.scheduler.workersStarted;
  }

  /** Requests, runs started, finished and dropped so far (see `Scheduler.counts`). */
  get counts(): Scheduler<DocRef[]>['counts'] {
    return this.scheduler.counts;
  }

  workerMemory(): Promise<WorkerMemory | undefined> {
    return this.scheduler.stats();
  }

  /** Tests only (a worker outside the extension's test mode ignores it). */
  testWorker(action: TestHook['action']): void {
    this.scheduler.testHook(action);
  }

  /** Evaluate every open Python file and notebook again (settings changed). */
  rerunAll(reason: string): void {
    for (const doc of vscode.workspace.textDocuments) {
      const t = targetOf(doc);
      if (t?.kind === 'file') void this.run(t, reason, true);
    }
    for (const nb of vscode.workspace.notebookDocuments) {
      const t = notebookTarget(nb);
      if (t) void this.run(t, reason, true);
    }
  }

  dispose(): void {
    this.scheduler.dispose();
  }

  private publish(job: Job<DocRef[]>, outcome: Outcome): void {
    publishOutcome(this.ctx.cache, this.ctx.log, job, outcome);
  }
}
