/**
 * Fake clocks for deadline tests: a test of the time budget checks that a run stops with the deadline diagnostic
 * and that the engine looks at the clock often enough, never how many milliseconds the run took (that depends on
 * how busy the machine is). The engine reads the time with `performance.now()`; these replace it for one call.
 *
 * - `withTickClock(msPerRead, body)`: every read of the clock advances it by `msPerRead`, so a run reaches its
 *   deadline after a known number of reads (the interpreter reads it every 1,024 steps).
 * - `withPollClock(msPerPoll, body)`: the clock stands still except that every budget check made from inside an op
 *   (`session.poll`, see src/engine/limits.ts: after a few million elements written or multiply-adds) advances it
 *   by `msPerPoll`; the checks are counted. Without a deadline to reach (`msPerPoll` 0) it just counts them.
 */
import { vi } from 'vitest';
import { session } from '../../src/engine/session';

export interface Clocked<T> {
  result: T;
  /** Reads of the clock (`withTickClock`) or budget checks from inside ops (`withPollClock`). */
  count: number;
}

export function withTickClock<T>(msPerRead: number, body: () => T): Clocked<T> {
  let now = performance.now();
  let count = 0;
  const spy = vi.spyOn(performance, 'now').mockImplementation(() => {
    count++;
    now += msPerRead;
    return now;
  });
  try {
    return { result: body(), count };
  } finally {
    spy.mockRestore();
  }
}

export function withPollClock<T>(msPerPoll: number, body: () => T): Clocked<T> {
  let now = performance.now();
  let count = 0;
  const spy = vi.spyOn(performance, 'now').mockImplementation(() => now);
  // `run()` installs its budget check in `session.poll` and removes it at the end: this property hands out a
  // wrapper that counts the checks and moves the clock before each.
  let installed: (() => void) | undefined;
  const counted = () => {
    count++;
    now += msPerPoll;
    installed?.();
  };
  Object.defineProperty(session, 'poll', {
    configurable: true,
    enumerable: true,
    get: () => (installed ? counted : undefined),
    set: (f: (() => void) | undefined) => {
      installed = f;
    },
  });
  try {
    return { result: body(), count };
  } finally {
    Object.defineProperty(session, 'poll', { configurable: true, enumerable: true, writable: true, value: installed });
    spy.mockRestore();
  }
}
