/**
 * The worker's warm-up program (src/worker/warmup.ts): it must run clean, or the warm-up would exercise error
 * paths instead of the ones a tutorial takes; every run lowers a text of its own (so the parser warms up too); it
 * leaves no lowered cell behind and pushes out none of a user's; and after the first runs it goes on only while
 * the worker is idle (a fake timer stands for the worker's).
 */
import { describe, expect, test } from 'vitest';
import { limits } from '../../src/engine/limits';
import { clearLoweredCache, loweredCacheSize } from '../../src/engine/python/lower';
import { run } from '../../src/engine/run';
import type { RunInput } from '../../src/protocol/report';
import { WARMUP_PROGRAM, warmUp, warmUpSource, warmUpThenIdle } from '../../src/worker/warmup';

describe('the warm-up program', () => {
  test('runs without errors or warnings: every assert passes, gradients as computed by hand', () => {
    const r = run({ kind: 'python', cells: [{ source: warmUpSource(0) }] });
    expect(r.stopped).toBeUndefined();
    expect(r.diagnostics.filter((d) => d.severity === 'error' || d.severity === 'warning')).toEqual([]);
    // Only the magic is noted (skipped, as the tutorial's is).
    expect(r.diagnostics.map((d) => d.code)).toEqual(['ipython-magic']);
    expect(r.asserts.length).toBe(6);
    expect(r.asserts.every((a) => a.passed && a.failures === 0 && !a.unchecked)).toBe(true);
    // d(sum(a)²)/da = 2·sum(a) = 8 for a = ones((2, 2)); relu(m@m − 5) = [[2, 5], [10, 17]], all positive, so
    // d mean/dm = (1/4)·(J·mᵀ + mᵀ·J) with J all ones = (1/4)·([[3, 7], [3, 7]] + [[4, 4], [6, 6]]) (by hand).
    expect(r.prints.map((p) => p.text)).toEqual(['[[1.75 2.75]\n [2.25 3.25]] 1.5\n']);
  });

  test("each run lowers a text of its own; no lowered cell of the warm-up stays cached, a user's cells do", () => {
    clearLoweredCache();
    run({ kind: 'python', cells: [{ source: 'x = 1\n' }] });
    expect(loweredCacheSize()).toBe(1);
    const seen: string[] = [];
    const spy = (input: RunInput) => {
      seen.push(input.cells[0].source);
      return run(input);
    };
    expect(warmUp(spy, 60_000, 3)).toBe(3);
    expect(new Set(seen).size).toBe(3);
    for (const s of seen) expect(s.startsWith(WARMUP_PROGRAM)).toBe(true);
    expect(loweredCacheSize()).toBe(1);
  });
});

describe('the warm-up while the worker is idle', () => {
  /** A fake timer: the pending callbacks with their delays, run by hand. */
  function fakeTimer() {
    const pending: { f: () => void; ms: number }[] = [];
    return {
      pending,
      later: (f: () => void, ms: number) => void pending.push({ f, ms }),
      fire: () => pending.shift()!.f(),
    };
  }
  const runs: string[] = [];
  const spy = (input: RunInput) => {
    runs.push(input.cells[0].source);
    return run(input);
  };

  test('after the first runs it waits for idleness, then runs one run per timer task until the total', () => {
    runs.length = 0;
    const t = fakeTimer();
    const w = warmUpThenIdle(spy, t.later, { total: 5, idleMs: 100, budgetMs: 0 });
    expect(w.runs).toBe(0);
    expect(t.pending.map((p) => p.ms)).toEqual([100]);
    while (t.pending.length) t.fire();
    expect(w.runs).toBe(5);
    expect(runs.length).toBe(5);
    expect(new Set(runs).size).toBe(5);
  });

  test('a message puts the next run off until the worker is idle again; a notebook kernel stops it', () => {
    runs.length = 0;
    const t = fakeTimer();
    const w = warmUpThenIdle(spy, t.later, { total: 1000, idleMs: 100, budgetMs: 20 });
    const first = w.runs;
    t.fire();
    expect(w.runs).toBe(first + 1);
    expect(t.pending.map((p) => p.ms)).toEqual([0]);
    w.busy();
    expect(t.pending.map((p) => p.ms)).toEqual([0, 100]);
    // The timer set before the message does nothing; the one after it runs.
    t.fire();
    expect(w.runs).toBe(first + 1);
    t.fire();
    expect(w.runs).toBe(first + 2);
    w.stop();
    while (t.pending.length) t.fire();
    expect(w.runs).toBe(first + 2);
    w.busy();
    expect(t.pending).toEqual([]);
  });

  test('the tensor data the last request allocated (which the worker reports) is unchanged by warm-up runs', () => {
    run({ kind: 'python', cells: [{ source: 'import tensorflow as tf\nx = tf.ones((3, 5))\n' }] });
    const allocated = limits.allocatedBytes;
    expect(allocated).toBeGreaterThanOrEqual(60);
    const t = fakeTimer();
    warmUpThenIdle(run, t.later, { total: 3, idleMs: 100, budgetMs: 0 });
    while (t.pending.length) t.fire();
    expect(limits.allocatedBytes).toBe(allocated);
  });

  test("a user's cell stays cached through more warm-up runs than the cache holds", () => {
    clearLoweredCache();
    run({ kind: 'python', cells: [{ source: 'y = 2\n' }] });
    const t = fakeTimer();
    warmUpThenIdle(run, t.later, { total: 40, idleMs: 100, budgetMs: 0 });
    while (t.pending.length) t.fire();
    expect(loweredCacheSize()).toBe(1);
  });
});
