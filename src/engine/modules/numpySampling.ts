/**
 * `Generator.choice`, `permutation` and `shuffle`, drawing what NumPy's `Generator` draws from PCG64 in the same
 * order: with replacement, bounded integers (or uniforms searched in the cumulative `p`); without, Floyd's
 * algorithm then a shuffle of the sample (or, for populations above 10 000 and large samples, a partial
 * Fisher–Yates of the whole range); `p` without replacement redraws until the sample has `size` distinct picks.
 * Shuffles swap each position i (from the end down to 1) with one drawn in [0, i] by masked rejection.
 */
import type { Pcg64 } from '../kernels/pcg64';
import { pyError, ValueError } from '../python/exceptions';
import { PyInstance, type PyList, type PyValue } from '../python/values';
import { castTensorData, constant } from '../tensor/convert';
import { allocate } from '../tensor/dtype';
import { Tensor, Variable } from '../tensor/tensor';
import { NdArray } from './boxes';
import { toNested } from './convert';
import { npInfer } from './npTypes';

/** An argument as a tensor (arrays, tensors, nested lists). */
export function tensorOf(v: PyValue): Tensor {
  if (v instanceof PyInstance) {
    const p = v.payload;
    if (p instanceof NdArray) return p.t;
    if (p instanceof Tensor) return p;
    if (p instanceof Variable) return p.value;
  }
  const n = toNested(v, true);
  return constant(n, npInfer(n));
}

/** Rows `idx` (along axis 0) of `t`, as a tensor of shape [...idxShape, ...rowShape]. */
export function takeRows(t: Tensor, idx: number[], idxShape: number[]): Tensor {
  const rowShape = t.shape.slice(1);
  const row = rowShape.reduce((a, b) => a * b, 1);
  const data = allocate(t.dtype, idx.length * row);
  const src = t.data as ArrayLike<unknown> as unknown[];
  const dst = data as unknown as unknown[];
  idx.forEach((r, k) => {
    for (let j = 0; j < row; j++) dst[k * row + j] = src[r * row + j];
  });
  return new Tensor(t.dtype, [...idxShape, ...rowShape], data);
}

/** `_shuffle_int`: positions n-1 down to `first` swapped with a bounded draw in [0, i]. */
function shuffleBounded(g: Pcg64, data: number[], first: number): void {
  for (let i = data.length - 1; i >= first; i--) {
    const j = Number(g.bounded(0n, BigInt(i)));
    [data[i], data[j]] = [data[j], data[i]];
  }
}

/** The permutation a shuffle of `n` rows applies (`_shuffle_raw`: swaps with `random_interval(i)`). */
export function shuffleOrder(g: Pcg64, n: number): number[] {
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i >= 1; i--) {
    const j = g.interval(i);
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}

/** NumPy's `p` checks: one dimension, the population's length, non-negative, summing to 1 within sqrt(eps). */
function probabilities(p: PyValue, pop: number): number[] {
  const t = castTensorData(tensorOf(p), 'float64');
  if (t.rank !== 1) throw pyError(ValueError, "'p' must be 1-dimensional");
  if (t.size !== pop) throw pyError(ValueError, "'a' and 'p' must have same size");
  const probs = Array.from(t.data as Float64Array);
  if (probs.some((x) => !Number.isFinite(x))) throw pyError(ValueError, 'probabilities contain NaN');
  if (probs.some((x) => x < 0)) throw pyError(ValueError, 'probabilities are not non-negative');
  let sum = 0;
  let c = 0;
  for (const x of probs) {
    const y = x - c;
    const t2 = sum + y;
    c = t2 - sum - y;
    sum = t2;
  }
  if (Math.abs(sum - 1) > Math.sqrt(2 ** -52)) throw pyError(ValueError, 'probabilities do not sum to 1');
  return probs;
}

/** `cdf = cumsum(p); cdf /= cdf[-1]`, then for each uniform the count of cdf values <= it (`searchsorted` right). */
function searchCdf(probs: number[], uniforms: number[]): number[] {
  const cdf: number[] = [];
  let run = 0;
  for (const x of probs) cdf.push((run += x));
  const last = cdf[cdf.length - 1];
  for (let i = 0; i < cdf.length; i++) cdf[i] /= last;
  return uniforms.map((u) => {
    let lo = 0;
    let hi = cdf.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid] <= u) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  });
}

/** The indices `Generator.choice` picks from a population of `pop`: `n` of them. */
export function choiceIndices(
  g: Pcg64,
  pop: number,
  n: number,
  replace: boolean,
  p: PyValue,
  shuffle: boolean,
): number[] {
  const probs = p === null ? null : probabilities(p, pop);
  if (replace) {
    if (probs)
      return searchCdf(
        probs,
        Array.from({ length: n }, () => g.double()),
      );
    return Array.from({ length: n }, () => Number(g.bounded(0n, BigInt(pop - 1))));
  }
  if (n > pop) throw pyError(ValueError, 'Cannot take a larger sample than population when replace=False');
  if (probs) {
    if (probs.filter((x) => x > 0).length < n) throw pyError(ValueError, 'Fewer non-zero entries in p than size');
    const found: number[] = [];
    const q = probs.slice();
    while (found.length < n) {
      const u = Array.from({ length: n - found.length }, () => g.double());
      for (const i of found) q[i] = 0;
      const picks = searchCdf(q, u);
      const seen = new Set<number>();
      for (const k of picks) {
        if (!seen.has(k)) {
          seen.add(k);
          found.push(k);
        }
      }
    }
    return found;
  }
  const cutoff = shuffle ? 50 : 20;
  if (pop > 10000 && n > Math.floor(pop / cutoff)) {
    const all = Array.from({ length: pop }, (_, i) => i);
    shuffleBounded(g, all, Math.max(pop - n, 1));
    return all.slice(pop - n);
  }
  const taken = new Set<number>();
  const out: number[] = [];
  for (let j = pop - n; j < pop; j++) {
    const v = Number(g.bounded(0n, BigInt(j)));
    const pick = taken.has(v) ? j : v;
    taken.add(pick);
    out.push(pick);
  }
  if (shuffle) {
    const tail = out.slice();
    shuffleBounded(g, tail, 1);
    return tail;
  }
  return out;
}

/** `Generator.shuffle` of a Python list, in place. */
export function shuffleList(g: Pcg64, list: PyList): void {
  const order = shuffleOrder(g, list.items.length);
  const old = list.items.slice();
  order.forEach((from, i) => {
    list.items[i] = old[from];
  });
}
