/**
 * Sorting: `tf.math.top_k` (the TopKV2 primitive), and `tf.sort` / `tf.argsort` composed from it as TF composes
 * them (the axis swapped to the end, ascending order as the top k of the negated values, bitwise-not for integers),
 * and `tf.unique`. Ties keep their input order, as TF's kernel does.
 */
import { EngineError, opError } from '../errors';
import { runtime } from '../python/runtime';
import { allocate, type DType, isFloat, isInt, type NumericData } from '../tensor/dtype';
import { sizeOf } from '../tensor/shape';
import { Tensor } from '../tensor/tensor';
import { reshape } from './array';
import { type TensorLike, toTensor } from './convert';
import { scatterNd } from './gather';
import { neg } from './math';
import { apply, defineOp, type OpDef } from './registry';
import { transpose } from './shape';

/** The order of each row of the last axis: indices by value, descending (or ascending), ties by index. */
function rowOrder(x: Tensor, k: number, descending: boolean): Int32Array {
  const n = x.shape[x.rank - 1];
  const rows = n === 0 ? 0 : x.size / n;
  const out = new Int32Array(rows * k);
  const data = x.data as NumericData | string[];
  const idx = new Array<number>(n);
  for (let r = 0; r < rows; r++) {
    const base = r * n;
    for (let i = 0; i < n; i++) idx[i] = i;
    const cmp = descending
      ? (a: number, b: number) => (data[base + a] > data[base + b] ? -1 : data[base + a] < data[base + b] ? 1 : a - b)
      : (a: number, b: number) => (data[base + a] < data[base + b] ? -1 : data[base + a] > data[base + b] ? 1 : a - b);
    idx.sort(cmp);
    for (let i = 0; i < k; i++) out[r * k + i] = idx[i];
  }
  return out;
}

/**
 * NaN has no place in TF's order: where it lands depends on the CPU kernel's sorting algorithm, so a float input
 * holding one gives an unknown rather than an order TF might not produce.
 */
function refuseNaN(x: Tensor, what: string): void {
  if (!isFloat(x.dtype)) return;
  for (let i = 0; i < x.size; i++) {
    if (Number.isNaN(x.num(i))) throw runtime().unsupported(`${what} of values holding NaN`);
  }
}

interface TopKAttrs {
  k: number;
  /** The chosen positions along the last axis, `[...batch, k]` (int32). */
  indices: Tensor;
}

/** TopKV2's values: the input at the chosen positions of each row. */
export const TopKV2: OpDef<TopKAttrs> = defineOp<TopKAttrs>({
  name: 'TopKV2',
  display: { api: 'tf.math.top_k', aliases: ['tf.nn.top_k'] },
  infer: ([x], { k }) => ({ shape: [...x.shape.slice(0, -1), k], dtype: x.dtype }),
  kernel: ([x], { k, indices }, shape, dtype) => {
    const n = x.shape[x.rank - 1];
    const out = allocate(dtype, sizeOf(shape)) as NumericData | string[];
    const src = x.data as NumericData | string[];
    const ix = indices.data as Int32Array;
    for (let i = 0; i < out.length; i++) out[i] = src[Math.floor(i / k) * n + ix[i]];
    return out as NumericData;
  },
  // NN `_TopKGrad`: the upstream scattered back to the chosen positions of each row.
  vjp: (g, { inputs: [x], attrs: { k, indices } }) => {
    const n = x.shape[x.rank - 1];
    const rows = indices.size / Math.max(k, 1);
    const flat = new Int32Array(indices.size);
    const ix = indices.data as Int32Array;
    for (let i = 0; i < flat.length; i++) flat[i] = Math.floor(i / k) * n + ix[i];
    const positions = new Tensor('int32', [flat.length, 1], flat);
    return [reshape(scatterNd(positions, reshape(g, [-1]), [rows * n]), x.shape)];
  },
});

function checkTopK(x: Tensor, k: number): void {
  if (x.dtype === 'string' || x.dtype === 'bool') {
    throw opError(
      'TopKV2',
      `Value for attr 'T' of ${x.dtype} is not in the list of allowed values: float, double, int32, uint8, int16, int8, int64, bfloat16, uint16, half, uint32, uint64\n\t; NodeDef: {{node TopKV2}}; Op<name=TopKV2; signature=input:T, k:Tk -> values:T, indices:index_type; attr=sorted:bool,default=true; attr=T:type,allowed=[DT_FLOAT, DT_DOUBLE, DT_INT32, DT_UINT8, DT_INT16, DT_INT8, DT_INT64, DT_BFLOAT16, DT_UINT16, DT_HALF, DT_UINT32, DT_UINT64]; attr=Tk:type,default=DT_INT32,allowed=[DT_INT16, DT_INT32, DT_INT64]; attr=index_type:type,default=DT_INT32,allowed=[DT_INT16, DT_INT32, DT_INT64]>`,
      'InvalidArgumentError',
      '',
    );
  }
  if (k < 0) throw opError('TopKV2', `Need k >= 0, got ${k}`, 'InvalidArgumentError', '');
  if (x.rank < 1) {
    throw opError('TopKV2', `input must be >= 1-D, got shape [${x.shape.join(',')}]`, 'InvalidArgumentError', '');
  }
  const n = x.shape[x.rank - 1];
  if (n < k) {
    throw opError('TopKV2', `input must have at least k columns. Had ${n}, needed ${k}`, 'InvalidArgumentError', '');
  }
}

/** `tf.math.top_k(input, k=1, sorted=True)`: `[values, indices]` of the k largest entries of each last-axis row. */
export function topK(input: TensorLike, k = 1, sorted = true): [Tensor, Tensor] {
  const x = toTensor(input);
  checkTopK(x, k);
  refuseNaN(x, 'tf.math.top_k');
  // Unsorted, TF returns the k entries in the order its selection algorithm leaves them.
  if (!sorted && k > 1) throw runtime().unsupported('tf.math.top_k with sorted=False');
  const indices = new Tensor('int32', [...x.shape.slice(0, -1), k], rowOrder(x, k, true));
  return [apply(TopKV2, [x], { k, indices }), indices];
}

export type Direction = 'ASCENDING' | 'DESCENDING';

function checkDirection(direction: string): Direction {
  if (direction !== 'ASCENDING' && direction !== 'DESCENDING') {
    throw new EngineError(
      'ValueError',
      `Argument \`direction\` should be one of ASCENDING, DESCENDING. Received: direction=${direction}`,
    );
  }
  return direction;
}

/** The permutation that swaps `axis` with the last axis (TF's `_descending_sort`), or null when it is the last. */
function swapToLast(x: Tensor, axis: number): number[] | null {
  const r = x.rank;
  if (axis < -r || axis >= r) {
    throw opError(
      'StridedSlice',
      `slice index ${axis} of dimension 0 out of bounds.`,
      'InvalidArgumentError',
      'strided_slice/',
    );
  }
  const a = axis < 0 ? axis + r : axis;
  if (a === r - 1) return null;
  const perm = [...Array(r).keys()];
  perm[a] = r - 1;
  perm[r - 1] = a;
  return perm;
}

/** The bitwise-not TF applies to integers before a descending sort (`~x = -x - 1`, no overflow). */
function bitwiseNot(x: Tensor): Tensor {
  const out = allocate(x.dtype, x.size) as NumericData;
  for (let i = 0; i < x.size; i++) out[i] = -x.num(i) - 1;
  return new Tensor(x.dtype, x.shape, out);
}

function negateForSort(x: Tensor): Tensor {
  if (isInt(x.dtype)) return bitwiseNot(x);
  if (!isFloat(x.dtype)) {
    throw opError(
      'Neg',
      `Value for attr 'T' of ${x.dtype} is not in the list of allowed values: bfloat16, half, float, double, int8, int16, int32, int64, complex64, complex128\n\t; NodeDef: {{node Neg}}; Op<name=Neg; signature=x:T -> y:T; attr=T:type,allowed=[DT_BFLOAT16, DT_HALF, DT_FLOAT, DT_DOUBLE, DT_INT8, DT_INT16, DT_INT32, DT_INT64, DT_COMPLEX64, DT_COMPLEX128]>`,
      'InvalidArgumentError',
      '',
    );
  }
  return neg(x);
}

function sortOrArgsort(values: TensorLike, axis: number, direction: string, argsort: boolean): Tensor {
  const x = toTensor(values);
  const dir = checkDirection(direction);
  const ascending = dir === 'ASCENDING';
  const perm = swapToLast(x, axis);
  refuseNaN(x, argsort ? 'tf.argsort' : 'tf.sort');
  let t = ascending ? negateForSort(x) : x;
  if (perm) t = transpose(t, perm);
  const [v, i] = topK(t, t.shape[t.rank - 1], true);
  let out = argsort ? i : v;
  if (perm) out = transpose(out, perm);
  if (argsort || !ascending) return out;
  return isInt(x.dtype) ? bitwiseNot(out) : neg(out);
}

/** `tf.sort(values, axis=-1, direction='ASCENDING')`. */
export const sort = (values: TensorLike, axis = -1, direction = 'ASCENDING'): Tensor =>
  sortOrArgsort(values, axis, direction, false);

/** `tf.argsort(values, axis=-1, direction='ASCENDING', stable=False)`: TF's order is stable either way. */
export const argsort = (values: TensorLike, axis = -1, direction = 'ASCENDING'): Tensor =>
  sortOrArgsort(values, axis, direction, true);

/** `tf.unique(x, out_idx=tf.int32)`: `[y, idx]`, the distinct values in order of first appearance (NaN never equal). */
export function unique(input: TensorLike, outIdx: DType = 'int32'): [Tensor, Tensor] {
  const x = toTensor(input);
  if (x.rank !== 1) throw opError('Unique', 'unique expects a 1D vector.', 'InvalidArgumentError', '');
  const seen = new Map<number | string, number>();
  const firsts: number[] = [];
  const idx = allocate(outIdx, x.size) as NumericData;
  const data = x.data as NumericData | string[];
  for (let i = 0; i < x.size; i++) {
    const key = data[i];
    let at = Number.isNaN(key) ? undefined : seen.get(Object.is(key, -0) ? 0 : key);
    if (at === undefined) {
      at = firsts.length;
      firsts.push(i);
      if (!Number.isNaN(key)) seen.set(Object.is(key, -0) ? 0 : key, at);
    }
    idx[i] = at;
  }
  const y = allocate(x.dtype, firsts.length) as NumericData | string[];
  for (let j = 0; j < firsts.length; j++) y[j] = data[firsts[j]];
  return [new Tensor(x.dtype, [firsts.length], y as NumericData), new Tensor(outIdx, [x.size], idx)];
}
