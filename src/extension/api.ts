/**
 * What `activate` returns: a small API for tests (and other extensions) to wait for results without sleeping, and to
 * measure the extension: run counts, the worker's memory, the extension host's event-loop delay.
 */
import type * as vscode from 'vscode';
import type { TestHook, WorkerMemory } from '../protocol/messages';
import type { DetailQuery, RunReport } from '../protocol/report';
import type { Platform } from './activate';
import type { GradientLensContext } from './context';
import type { RunStatus } from './core/reportCache';
import type { DetailOutcome, Scheduler } from './core/scheduler';

/**
 * Event-loop delay percentiles in milliseconds: how late a timer due every few ms fired (perf_hooks'
 * monitorEventLoopDelay on Node, a timer chain in a browser's web worker).
 */
export interface EventLoopDelay {
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
  /** Samples taken. */
  count: number;
}

/** A running measurement of the event-loop delay, started by `Platform.loopDelay`. */
export interface LoopDelayMonitor {
  stop(): EventLoopDelay;
}

export interface GradientLensApi {
  /** The extension host the extension runs in: Node, or a browser's web worker (VS Code for the Web). */
  host: Platform['host'];
  /**
   * Resolves with the latest report of a file or notebook once no run for it is waiting or running (and at least
   * one report exists), or `undefined` after `timeoutMs`.
   */
  settled(uri: vscode.Uri, timeoutMs?: number): Promise<RunReport | undefined>;
  status(uri: vscode.Uri): RunStatus | undefined;
  /** Engine workers started so far (1 + restarts). */
  workersStarted(): number;
  /**
   * The V8 code cache file a worker wrote for the engine bundle this session (later workers start from it). Node
   * only: a browser caches compiled worker scripts itself.
   */
  codeCacheFile(): string | undefined;
  /** Requests, runs sent to the worker, runs finished and requests dropped as stale so far (a copy). */
  runCounts(): Scheduler['counts'];
  /** The engine worker's memory (starts a worker if none runs), or undefined if it does not answer. */
  workerMemory(): Promise<WorkerMemory | undefined>;
  /**
   * When VS Code last asked for lenses and inlay hints and from which evaluation (`uri@version`) they came,
   * `performance.now()` times of the extension host (a copy, newest last).
   */
  served(): { what: 'lenses' | 'hints'; key: string; at: number }[];
  /**
   * Ask the worker about the latest evaluation of a file or notebook (what the bounded report leaves out: tape
   * graphs, explanations, full values), evaluating it again if the worker no longer keeps it; `stale` when there is
   * none.
   */
  detail(uri: vscode.Uri, query: DetailQuery): Promise<DetailOutcome>;
  /** Tests only: make the engine worker hang or exit. Ignored outside the extension's test mode. */
  testWorker(action: TestHook['action']): void;
  /**
   * Measures the extension host's event-loop delay from `start()` to `stop()`: how late a 10 ms timer fired, in ms
   * (a task that blocks the host for 100 ms shows as ~100 ms).
   */
  eventLoopDelay: { start(): void; stop(): EventLoopDelay };
}

/** Sampling interval of the event-loop monitor. */
const RESOLUTION_MS = 10;

export function createApi(ctx: GradientLensContext, platform: Pick<Platform, 'host' | 'loopDelay'>): GradientLensApi {
  let monitor: LoopDelayMonitor | undefined;
  return {
    host: platform.host,
    async settled(uri, timeoutMs = 20_000) {
      const key = uri.toString();
      const end = Date.now() + timeoutMs;
      while (Date.now() < end) {
        const latest = ctx.cache.get(key)?.latest;
        if (latest && !ctx.runner.isPending(key)) return latest.report;
        await new Promise((r) => setTimeout(r, 25));
      }
      return undefined;
    },
    status: (uri) => ctx.cache.get(uri.toString())?.status,
    workersStarted: () => ctx.runner.workersStarted,
    codeCacheFile: () => ctx.codeCacheFile,
    runCounts: () => ({ ...ctx.runner.counts }),
    workerMemory: () => ctx.runner.workerMemory(),
    testWorker: (action) => ctx.runner.testWorker(action),
    served: () => ctx.servedLog.map((e) => ({ ...e })),
    async detail(uri, query) {
      const latest = ctx.cache.get(uri.toString())?.latest;
      return latest ? ctx.runner.detailOrRerun(latest, query) : { kind: 'stale' };
    },
    eventLoopDelay: {
      start() {
        monitor?.stop();
        monitor = platform.loopDelay(RESOLUTION_MS);
      },
      stop() {
        const m = monitor;
        monitor = undefined;
        return m ? m.stop() : { p50: 0, p90: 0, p99: 0, max: 0, mean: 0, count: 0 };
      },
    },
  };
}
