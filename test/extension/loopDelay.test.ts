/** The timer-chain event-loop delay monitor of the web extension host, on a fake clock. */
import { describe, expect, test } from 'vitest';
import { percentile, summarizeDelays, timerLoopDelay } from '../../src/extension/core/loopDelay';

/** A fake clock whose timers fire when `advance` is called; `block(ms)` makes the next timer fire that much late. */
function fakeClock() {
  let now = 0;
  let timer: { at: number; f: () => void } | undefined;
  return {
    now: () => now,
    setTimeout(f: () => void, ms: number) {
      timer = { at: now + ms, f };
      return timer;
    },
    clearTimeout(h: unknown) {
      if (h === timer) timer = undefined;
    },
    /** Runs the pending timer after the host was busy for `busyMs` past its due time. */
    fire(busyMs = 0) {
      const t = timer;
      if (!t) throw new Error('no timer');
      now = t.at + busyMs;
      timer = undefined;
      t.f();
    },
    pending: () => timer !== undefined,
  };
}

describe('timerLoopDelay', () => {
  test('each sample is how late the timer fired; a 100 ms block shows as one 100 ms sample', () => {
    const clock = fakeClock();
    const m = timerLoopDelay(10, clock);
    for (let i = 0; i < 98; i++) clock.fire(0);
    clock.fire(100);
    clock.fire(2);
    const d = m.stop();
    expect(d.count).toBe(100);
    expect(d.max).toBe(100);
    expect(d.p50).toBe(0);
    // Nearest rank: the 99th of 100 sorted samples (0 × 98, 2, 100).
    expect(d.p99).toBe(2);
    expect(d.mean).toBeCloseTo(102 / 100, 12);
    expect(clock.pending()).toBe(false);
  });

  test('no sample before the first tick', () => {
    const m = timerLoopDelay(10, fakeClock());
    expect(m.stop()).toEqual({ p50: 0, p90: 0, p99: 0, max: 0, mean: 0, count: 0 });
  });
});

describe('percentile (nearest rank)', () => {
  test('of 1..10', () => {
    const xs = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(percentile(xs, 50)).toBe(5);
    expect(percentile(xs, 90)).toBe(9);
    expect(percentile(xs, 99)).toBe(10);
    expect(percentile(xs, 0)).toBe(1);
  });
  test('unsorted input is sorted by summarizeDelays', () => {
    expect(summarizeDelays([3, 1, 2]).p50).toBe(2);
  });
});
