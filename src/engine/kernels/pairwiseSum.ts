/**
 * NumPy's summation of floating arrays (`np.add.reduce`, behind `np.sum`, `np.mean`, `np.var`, `np.std`), in its
 * order of operations, so that the sums equal NumPy's bit for bit:
 * - along the innermost (contiguous) run of reduced elements, the pairwise sum: below 8 elements a plain loop from
 *   0.0; up to 128, eight running accumulators over strided elements, combined as ((r0+r1)+(r2+r3))+((r4+r5)+(r6+r7)),
 *   then the remainder one by one; above 128, the two halves (the first a multiple of 8 long) summed apart and added;
 * - the result starts at 0.0 and each inner run's sum is added to it in C order;
 * - when the innermost axis is kept, each output element accumulates its inputs one by one, in C order.
 * Adjacent axes that are both reduced (or both kept) act as one axis. float32 arrays add in float32.
 */

type Acc = (x: number) => number;
const f64: Acc = (x) => x;
const f32: Acc = Math.fround;

/** NumPy's `pairwise_sum` of `n` elements of `a` from `off`, each add rounded by `r`. */
export function pairwiseSum(a: ArrayLike<number>, off: number, n: number, r: Acc = f64): number {
  if (n < 8) {
    let res = 0;
    for (let i = 0; i < n; i++) res = r(res + a[off + i]);
    return res;
  }
  if (n <= 128) {
    const acc = [a[off], a[off + 1], a[off + 2], a[off + 3], a[off + 4], a[off + 5], a[off + 6], a[off + 7]];
    let i = 8;
    for (; i < n - (n % 8); i += 8) for (let j = 0; j < 8; j++) acc[j] = r(acc[j] + a[off + i + j]);
    let res = r(r(r(acc[0] + acc[1]) + r(acc[2] + acc[3])) + r(r(acc[4] + acc[5]) + r(acc[6] + acc[7])));
    for (; i < n; i++) res = r(res + a[off + i]);
    return res;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return r(pairwiseSum(a, off, n2, r) + pairwiseSum(a, off + n2, n - n2, r));
}

/**
 * The sums over `axes` (distinct, in range) of a C-ordered array of `shape`: the kept axes' shape (without the
 * reduced axes) and its elements, as NumPy's `add.reduce` computes them.
 */
export function numpySum(
  data: ArrayLike<number>,
  shape: readonly number[],
  axes: readonly number[],
  float32: boolean,
): { shape: number[]; data: Float64Array } {
  const r = float32 ? f32 : f64;
  const reduced = shape.map((_, i) => axes.includes(i));
  const outShape = shape.filter((_, i) => !reduced[i]);
  const out = new Float64Array(outShape.reduce((a, b) => a * b, 1));
  const size = shape.reduce((a, b) => a * b, 1);
  if (size === 0) return { shape: outShape, data: out };
  // Runs of adjacent axes with the same role (axes of length 1 take no part), innermost last.
  const groups: { reduced: boolean; len: number }[] = [];
  shape.forEach((d, i) => {
    if (d === 1) return;
    const last = groups[groups.length - 1];
    if (last && last.reduced === reduced[i]) last.len *= d;
    else groups.push({ reduced: reduced[i], len: d });
  });
  if (groups.length === 0) {
    out[0] = r(0 + data[0]);
    return { shape: outShape, data: out };
  }
  const inner = groups[groups.length - 1];
  const outer = groups.slice(0, -1);
  // Walk the outer groups in C order, tracking the input offset and the output offset.
  const outerCount = outer.reduce((a, g) => a * g.len, 1);
  const outStride: number[] = new Array(outer.length).fill(0);
  let s = inner.reduced ? 1 : inner.len;
  for (let k = outer.length - 1; k >= 0; k--) {
    if (!outer[k].reduced) {
      outStride[k] = s;
      s *= outer[k].len;
    }
  }
  const idx: number[] = new Array(outer.length).fill(0);
  let o = 0;
  for (let c = 0; c < outerCount; c++) {
    const base = c * inner.len;
    if (inner.reduced) out[o] = r(out[o] + pairwiseSum(data, base, inner.len, r));
    else for (let j = 0; j < inner.len; j++) out[o + j] = r(out[o + j] + data[base + j]);
    for (let k = outer.length - 1; k >= 0; k--) {
      idx[k]++;
      o += outStride[k];
      if (idx[k] < outer[k].len) break;
      o -= outStride[k] * outer[k].len;
      idx[k] = 0;
    }
  }
  return { shape: outShape, data: out };
}
