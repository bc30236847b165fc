/**
 * `tf.tensor_scatter_nd_update` / `_add` / `_sub`: a copy of a tensor with the slices named by `indices` replaced
 * by, or combined with, `updates` (duplicates apply in order). Gradients as TF's `_TensorScatterUpdateGrad` /
 * `_TensorScatterAddGrad` / `_TensorScatterSubGrad`.
 */
import { EngineError, opError } from '../errors';
import { ndOffsets } from '../kernels/gather';
import { allocate, type Data, isInt, type NumericData } from '../tensor/dtype';
import { type Shape, shapeText, sizeOf } from '../tensor/shape';
import type { Tensor } from '../tensor/tensor';
import { zerosLike } from './array';
import { type TensorLike, toTensor } from './convert';
import { gatherNd } from './gather';
import { neg } from './math';
import { apply, defineOp, NO_ATTRS, type OpDef, sameDType } from './registry';

type Combine = 'update' | 'add' | 'sub';

function indexText(idx: Tensor, row: number): string {
  const k = idx.shape[idx.rank - 1];
  const lead = idx.shape.slice(0, -1);
  const pos: number[] = [];
  let r = row;
  for (let i = lead.length - 1; i >= 0; i--) {
    pos.unshift(r % lead[i]);
    r = Math.floor(r / lead[i]);
  }
  const tuple = Array.from({ length: k }, (_, j) => (idx.data as NumericData)[row * k + j]);
  return `indices[${pos.join(',')}] = [${tuple.join(', ')}]`;
}

/** The flat offset of each index row's slice in `shape`, with TF's error for a row outside it. */
export function scatterOffsets(op: string, idx: Tensor, shape: Shape): { offsets: Int32Array; inner: number } {
  const k = idx.shape[idx.rank - 1];
  const rows = sizeOf(idx.shape.slice(0, -1));
  const off = ndOffsets(shape, idx.data as NumericData, k, rows);
  if (typeof off === 'number') {
    throw new EngineError(
      'InvalidArgumentError',
      `${indexText(idx, off)} does not index into shape ${shapeText(shape)} [Op:${op}]`,
      op,
    );
  }
  return { offsets: off, inner: sizeOf(shape.slice(k)) };
}

/** TF's shape checks of a scatter into `shape`: int indices whose last axis fits, updates of the sliced shape. */
export function checkScatter(op: string, idx: Tensor, updates: Tensor, shape: Shape): void {
  if (!isInt(idx.dtype)) {
    throw opError(op, `Value for attr 'Tindices' of ${idx.dtype} is not in the list of allowed values: int32, int64`);
  }
  const k = idx.rank === 0 ? 0 : idx.shape[idx.rank - 1];
  if (idx.rank < 1 || k > shape.length) {
    throw opError(
      op,
      `Dimensions [${idx.rank === 0 ? 0 : idx.rank - 1},${shape.length}) of input[shape=${shapeText(shape)}] must be at least as large as the innermost dimension of indices[shape=${shapeText(idx.shape)}]`,
    );
  }
  const want = [...idx.shape.slice(0, -1), ...shape.slice(k)];
  if (updates.rank !== want.length || updates.shape.some((d, i) => d !== want[i])) {
    throw opError(
      op,
      `updates.shape ${shapeText(updates.shape)} must equal indices.shape[:-1] + input.shape[indices.shape[-1]:] = ${shapeText(want)}`,
    );
  }
}

/** Writes `updates` into a copy of `data` at the offsets (replacing, adding or subtracting). */
export function scatterInto(data: Data, updates: Data, offsets: Int32Array, inner: number, how: Combine): Data {
  const out = data.slice() as Data;
  let p = 0;
  if (how === 'update' || Array.isArray(out)) {
    for (let r = 0; r < offsets.length; r++) for (let i = 0; i < inner; i++) out[offsets[r] + i] = updates[p++];
    return out;
  }
  const o = out as NumericData;
  const u = updates as NumericData;
  const sign = how === 'add' ? 1 : -1;
  for (let r = 0; r < offsets.length; r++) for (let i = 0; i < inner; i++) o[offsets[r] + i] += sign * u[p++];
  return out;
}

function tensorScatterOp(name: string, how: Combine, api: string): OpDef {
  return defineOp({
    name,
    display: { api },
    infer: ([t, idx, u]) => {
      const dtype = t.dtype === u.dtype ? t.dtype : sameDType(name, [t, u]);
      if (how !== 'update' && (dtype === 'string' || dtype === 'bool')) {
        throw opError(name, `Could not find device for node: {{node ${name}}} = ${name}[T=DT_${dtype.toUpperCase()}]`);
      }
      checkScatter(name, idx, u, t.shape);
      return { shape: t.shape, dtype };
    },
    kernel: ([t, idx, u], _a, shape, dtype) => {
      const { offsets, inner } = scatterOffsets(name, idx, shape);
      const base = t.data.length === sizeOf(shape) ? t.data : allocate(dtype, sizeOf(shape));
      return scatterInto(base, u.data, offsets, inner, how);
    },
    vjp: (g, { inputs: [, idx, u] }) => {
      const gu = gatherNd(g, idx);
      if (how === 'update') return [tensorScatterUpdate(g, idx, zerosLike(u)), null, gu];
      return [g, null, how === 'add' ? gu : neg(gu)];
    },
  });
}

export const TensorScatterUpdate = tensorScatterOp('TensorScatterUpdate', 'update', 'tf.tensor_scatter_nd_update');
export const TensorScatterAdd = tensorScatterOp('TensorScatterAdd', 'add', 'tf.tensor_scatter_nd_add');
export const TensorScatterSub = tensorScatterOp('TensorScatterSub', 'sub', 'tf.tensor_scatter_nd_sub');

const scatterArgs = (t: TensorLike, indices: TensorLike, updates: TensorLike): Tensor[] => {
  const tt = toTensor(t);
  return [tt, toTensor(indices, 'int32'), toTensor(updates, tt.dtype)];
};

export function tensorScatterUpdate(t: TensorLike, indices: TensorLike, updates: TensorLike): Tensor {
  return apply(TensorScatterUpdate, scatterArgs(t, indices, updates), NO_ATTRS);
}
export function tensorScatterAdd(t: TensorLike, indices: TensorLike, updates: TensorLike): Tensor {
  return apply(TensorScatterAdd, scatterArgs(t, indices, updates), NO_ATTRS);
}
export function tensorScatterSub(t: TensorLike, indices: TensorLike, updates: TensorLike): Tensor {
  return apply(TensorScatterSub, scatterArgs(t, indices, updates), NO_ATTRS);
}
