/** Warm-up, timed repetitions and medians. Everything here is synchronous: each run reads its gradients back. */

export interface Measurement {
  /** Milliseconds per run, in the order measured. */
  samples: number[];
  median: number;
  min: number;
  max: number;
  warmupRuns: number;
  /** The first run of the workload in this process (cold kernels, shapes seen for the first time). */
  first?: number;
}

export interface TimingOptions {
  /** Warm up for at least this long (and at least `minWarmup` runs). */
  warmupMs: number;
  minWarmup: number;
  /** Aim for this much total timed work; the repetition count follows from the warm runs' speed. */
  budgetMs: number;
  minReps: number;
  maxReps: number;
}

export const DEFAULT_TIMING: TimingOptions = { warmupMs: 500, minWarmup: 2, budgetMs: 1500, minReps: 5, maxReps: 201 };
/** `--quick`: enough to see the shape of the table (the warm-up still lets the JIT settle: small workloads read 2-3× slow without it). */
export const QUICK_TIMING: TimingOptions = { warmupMs: 300, minWarmup: 1, budgetMs: 200, minReps: 3, maxReps: 9 };

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Time `fn`; `last` receives the result of the final run (for the correctness check). */
export function measure<T>(fn: () => T, opts: TimingOptions, last?: (r: T) => void): Measurement {
  let warm = 0;
  let warmTotal = 0;
  let fastest = Infinity;
  let first: number | undefined;
  const w0 = performance.now();
  while (warm < opts.minWarmup || performance.now() - w0 < opts.warmupMs) {
    const t0 = performance.now();
    fn();
    const dt = performance.now() - t0;
    first ??= dt;
    warmTotal += dt;
    fastest = Math.min(fastest, dt);
    warm++;
    if (warm >= 20_000) break;
  }
  const reps = Math.max(opts.minReps, Math.min(opts.maxReps, Math.round(opts.budgetMs / Math.max(fastest, 1e-3))));
  const samples: number[] = [];
  let result: T | undefined;
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    result = fn();
    samples.push(performance.now() - t0);
  }
  if (last && result !== undefined) last(result);
  void warmTotal;
  return {
    samples,
    median: median(samples),
    min: Math.min(...samples),
    max: Math.max(...samples),
    warmupRuns: warm,
    first,
  };
}

/** Largest absolute difference between two lists of arrays (NaN when the shapes differ). */
export function maxAbsDiff(a: readonly ArrayLike<number>[], b: readonly ArrayLike<number>[]): number {
  if (a.length !== b.length) return Number.NaN;
  let m = 0;
  for (let k = 0; k < a.length; k++) {
    if (a[k].length !== b[k].length) return Number.NaN;
    for (let i = 0; i < a[k].length; i++) {
      const d = Math.abs(a[k][i] - b[k][i]);
      if (!(d <= m)) m = d;
    }
  }
  return m;
}

/** Largest absolute value over a list of arrays (the scale the differences are judged against). */
export function maxAbs(a: readonly ArrayLike<number>[]): number {
  let m = 0;
  for (const x of a) for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i]));
  return m;
}
