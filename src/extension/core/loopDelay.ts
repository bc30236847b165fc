/**
 * The event-loop delay of a host without perf_hooks (a browser's web worker extension host): a chain of timers due
 * every `resolutionMs`, each sample being how late its timer fired. A task that blocks the host for 100 ms shows as
 * a sample of ~100 ms, as with Node's `monitorEventLoopDelay`.
 */
import type { EventLoopDelay } from '../api';

export interface LoopDelayClock {
  now(): number;
  setTimeout(f: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realClock: LoopDelayClock = {
  now: () => performance.now(),
  setTimeout: (f, ms) => setTimeout(f, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

/** The nearest-rank percentile `p` (0–100) of ascending `sorted`; 0 when empty. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export function summarizeDelays(samples: readonly number[]): EventLoopDelay {
  const sorted = [...samples].sort((a, b) => a - b);
  const sum = sorted.reduce((a, b) => a + b, 0);
  return {
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p99: percentile(sorted, 99),
    max: sorted.length ? sorted[sorted.length - 1]! : 0,
    mean: sorted.length ? sum / sorted.length : 0,
    count: sorted.length,
  };
}

export function timerLoopDelay(resolutionMs: number, clock: LoopDelayClock = realClock): { stop(): EventLoopDelay } {
  const samples: number[] = [];
  let due = clock.now() + resolutionMs;
  let handle: unknown;
  const tick = () => {
    const now = clock.now();
    samples.push(Math.max(0, now - due));
    due = now + resolutionMs;
    handle = clock.setTimeout(tick, resolutionMs);
  };
  handle = clock.setTimeout(tick, resolutionMs);
  return {
    stop() {
      clock.clearTimeout(handle);
      return summarizeDelays(samples);
    },
  };
}
