/**
 * The worker's warm-up program (src/worker/warmup.ts): it must run clean, or the warm-up would exercise error
 * paths instead of the ones a tutorial takes; every run lowers a text of its own (so the parser warms up too); and
 * it leaves no lowered cell behind for a user's run.
 */
import { describe, expect, test } from 'vitest';
import { loweredCacheSize } from '../../src/engine/python/lower';
import { run } from '../../src/engine/run';
import type { RunInput } from '../../src/protocol/report';
import { WARMUP_PROGRAM, warmUp, warmUpSource } from '../../src/worker/warmup';

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

  test('each run lowers a text of its own, and no lowered cell of the warm-up stays cached', () => {
    run({ kind: 'python', cells: [{ source: 'x = 1\n' }] });
    expect(loweredCacheSize()).toBeGreaterThan(0);
    const seen: string[] = [];
    const spy = (input: RunInput) => {
      seen.push(input.cells[0].source);
      return run(input);
    };
    expect(warmUp(spy, 60_000, 3)).toBe(3);
    expect(new Set(seen).size).toBe(3);
    for (const s of seen) expect(s.startsWith(WARMUP_PROGRAM)).toBe(true);
    expect(loweredCacheSize()).toBe(0);
  });
});
