import { allocate, type Data, type DType, type NumericData } from '../tensor/dtype';
import { type Shape, sizeOf } from '../tensor/shape';

/**
 * Row kernels for the softmax family. A tensor is seen as [outer, n, inner] around the class axis; every row
 * (fixed outer and inner index) is reduced on its own. Arithmetic follows TF's Eigen expressions step by step,
 * rounding each intermediate to the output dtype (`r`), with sums accumulated in float64.
 */
export function around(shape: Shape, axis: number): [number, number, number] {
  return [sizeOf(shape.slice(0, axis)), shape[axis], sizeOf(shape.slice(axis + 1))];
}

const roundFor = (dtype: DType): ((v: number) => number) => (dtype === 'float32' ? Math.fround : (v: number) => v);

/** TF `SoftmaxEigenImpl`: `e = exp(x - max)`, then `e * (1 / sum(e))` (log: `(x - max) - log(sum(e))`). */
export function softmaxKernel(x: NumericData, shape: Shape, axis: number, dtype: DType, log: boolean): Data {
  const [outer, n, inner] = around(shape, axis);
  const out = allocate(dtype, x.length) as NumericData;
  const r = roundFor(dtype);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * n * inner + i;
      let max = Number.NEGATIVE_INFINITY;
      for (let j = 0; j < n; j++) {
        const v = x[base + j * inner];
        if (v > max || Number.isNaN(v)) max = v;
      }
      let sum = 0;
      for (let j = 0; j < n; j++) {
        const k = base + j * inner;
        const shifted = r(x[k] - max);
        const e = r(Math.exp(shifted));
        sum += e;
        out[k] = log ? shifted : e;
      }
      if (log) {
        const ls = r(Math.log(r(sum)));
        for (let j = 0; j < n; j++) out[base + j * inner] = out[base + j * inner] - ls;
      } else {
        const inv = r(1 / r(sum));
        for (let j = 0; j < n; j++) out[base + j * inner] = out[base + j * inner] * inv;
      }
    }
  }
  return out;
}

/** Per-row `max`, `log(sum(exp(x - max)))` and the sum itself, rounded as TF's xent kernels round them. */
function rowStats(x: NumericData, rowStart: number, n: number, r: (v: number) => number) {
  let max = Number.NEGATIVE_INFINITY;
  for (let j = 0; j < n; j++) {
    const v = x[rowStart + j];
    if (v > max || Number.isNaN(v)) max = v;
  }
  let sum = 0;
  for (let j = 0; j < n; j++) sum += r(Math.exp(r(x[rowStart + j] - max)));
  sum = r(sum);
  return { max, sum, logSum: r(Math.log(sum)) };
}

/**
 * TF `XentEigenImpl` on [batch, classes] matrices (labels broadcast by `labelAt`):
 * loss = sum(labels * (log(sum(exp(x - max))) - (x - max))); `backprop` (if given) = exp(x - max) / sum - labels.
 */
export function xentKernel(
  logits: NumericData,
  labelAt: (row: number, j: number) => number,
  batch: number,
  n: number,
  dtype: DType,
  backprop?: NumericData,
): Data {
  const loss = allocate(dtype, batch) as NumericData;
  const r = roundFor(dtype);
  for (let b = 0; b < batch; b++) {
    const s = b * n;
    const { max, sum, logSum } = rowStats(logits, s, n, r);
    let acc = 0;
    for (let j = 0; j < n; j++) {
      const shifted = r(logits[s + j] - max);
      const y = labelAt(b, j);
      acc += r(y * r(logSum - shifted));
      if (backprop) backprop[s + j] = r(r(Math.exp(shifted)) / sum) - y;
    }
    loss[b] = acc;
  }
  return loss;
}

/** TF `SparseXentEigenImpl`: loss = log(sum(exp(x - max))) - (x[label] - max); backprop = softmax - onehot(label). */
export function sparseXentKernel(
  logits: NumericData,
  labels: NumericData,
  batch: number,
  n: number,
  dtype: DType,
  backprop?: NumericData,
): Data {
  const loss = allocate(dtype, batch) as NumericData;
  const r = roundFor(dtype);
  for (let b = 0; b < batch; b++) {
    const s = b * n;
    const { max, sum, logSum } = rowStats(logits, s, n, r);
    const label = labels[b];
    loss[b] = logSum - r(logits[s + label] - max);
    if (backprop) {
      for (let j = 0; j < n; j++) {
        const p = r(r(Math.exp(r(logits[s + j] - max))) / sum);
        backprop[s + j] = j === label ? p - 1 : p;
      }
    }
  }
  return loss;
}

/** TF `L2LossOp`: `sum(x * x * 0.5)` (each square rounded to the dtype). */
export function l2LossKernel(x: NumericData, dtype: DType): Data {
  const r = roundFor(dtype);
  let acc = 0;
  for (let i = 0; i < x.length; i++) acc += r(x[i] * x[i]) * 0.5;
  const out = allocate(dtype, 1) as NumericData;
  out[0] = acc;
  return out;
}
