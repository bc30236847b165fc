/**
 * The sum of float16 values in the order TensorFlow's CPU kernel (Eigen's `InnerMostDimReducer` on AVX, 8-lane
 * half packets) adds them, each addition done in float32 and rounded to half: four packet accumulators over blocks
 * of 32, merged as ((a0 + a1) + a2) + a3, the remaining whole packets added to that, the packet's lanes summed in
 * float32 ((l0 + l4) + (l2 + l6)) + ((l1 + l5) + (l3 + l7)) and rounded once, and the last n mod 8 values added one
 * by one into a separate half accumulator that the packet's sum joins last. Measured against TF 2.21 up to
 * 1025 values; longer rows are split by Eigen in ways not reproduced here (`HALF_SUM_MAX`).
 */
import { f16round } from '../tensor/dtype';

export const HALF_SUM_MAX = 1024;
const P = 8;

/** Sum of `n` values of `src` from `start` with stride `step`, as TF sums a float16 row (n <= HALF_SUM_MAX). */
export function halfSum(src: ArrayLike<number>, start: number, n: number, step = 1): number {
  const at = (i: number) => src[start + i * step];
  const unrolled = Math.floor(n / (4 * P)) * 4 * P;
  const vectorized = Math.floor(n / P) * P;
  const acc = new Float64Array(4 * P);
  for (let j = 0; j < unrolled; j += 4 * P) {
    for (let k = 0; k < 4 * P; k++) acc[k] = f16round(Math.fround(acc[k] + at(j + k)));
  }
  const p = new Float64Array(P);
  for (let l = 0; l < P; l++) {
    let v = f16round(Math.fround(acc[l] + acc[P + l]));
    v = f16round(Math.fround(v + acc[2 * P + l]));
    p[l] = f16round(Math.fround(v + acc[3 * P + l]));
  }
  for (let j = unrolled; j < vectorized; j += P) {
    for (let l = 0; l < P; l++) p[l] = f16round(Math.fround(p[l] + at(j + l)));
  }
  let tail = 0;
  for (let j = vectorized; j < n; j++) tail = f16round(Math.fround(tail + at(j)));
  if (vectorized === 0) return tail;
  const f = Math.fround;
  const b0 = f(p[0] + p[4]);
  const b1 = f(p[1] + p[5]);
  const b2 = f(p[2] + p[6]);
  const b3 = f(p[3] + p[7]);
  const lanes = f16round(f(f(b0 + b2) + f(b1 + b3)));
  return f16round(f(tail + lanes));
}
