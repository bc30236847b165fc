import { EngineError, opError } from '../errors';
import { gatherNdKernel, gatherRows, scatterNdKernel, scatterRowsKernel } from '../kernels/gather';
import { isInt, type NumericData } from '../tensor/dtype';
import { IndexedSlices } from '../tensor/indexedSlices';
import { type Shape, shapeText, sizeOf } from '../tensor/shape';
import type { Tensor } from '../tensor/tensor';
import { reshape } from './array';
import { type TensorLike, toTensor } from './convert';
import { atom, wrap } from './display';
import { apply, defineOp, type Grad, NO_ATTRS, type OpDef } from './registry';

interface GatherAttrs {
  axis: number;
  batchDims: number;
}

/** The gather layout around `axis` with `batchDims` leading batch axes: [batch, outer, axis, inner]. */
export interface GatherLayout {
  batch: number;
  outer: number;
  dim: number;
  inner: number;
  /** Indices per batch entry. */
  count: number;
}

function layout(params: Shape, indices: Shape, axis: number, batchDims: number): GatherLayout {
  const batch = sizeOf(params.slice(0, batchDims));
  return {
    batch,
    outer: sizeOf(params.slice(batchDims, axis)),
    dim: params[axis],
    inner: sizeOf(params.slice(axis + 1)),
    count: batch === 0 ? 0 : sizeOf(indices) / batch,
  };
}

function checkIndexDType(op: string, idx: Tensor): void {
  if (!isInt(idx.dtype)) {
    throw opError(
      op,
      `Value for attr 'Tindices' of ${idx.dtype} is not in the list of allowed values: int32, int64`,
      'TypeError',
    );
  }
}

/**
 * `tf.gather(params, indices, axis, batch_dims)`. Its gradient is IndexedSlices for axis 0 (AG `_GatherV2Grad`),
 * dense otherwise (TF's unsorted_segment_sum after transposes; here one scatter primitive).
 */
export const GatherV2: OpDef<GatherAttrs> = defineOp<GatherAttrs>({
  name: 'GatherV2',
  display: {
    api: 'tf.gather',
    expr: ([a]) => atom(`${wrap(a, 0)}[…]`),
    derivative: (slot) => (slot === 0 ? '[i gathered]' : undefined),
  },
  infer: ([p, idx], { axis, batchDims }) => {
    checkIndexDType('GatherV2', idx);
    for (let i = 0; i < batchDims; i++) {
      if (p.shape[i] !== idx.shape[i]) {
        throw opError(
          'GatherV2',
          `params.shape[${i}]: ${p.shape[i]} should be equal to indices.shape[${i}]: ${idx.shape[i]}`,
        );
      }
    }
    return {
      shape: [...p.shape.slice(0, axis), ...idx.shape.slice(batchDims), ...p.shape.slice(axis + 1)],
      dtype: p.dtype,
    };
  },
  kernel: ([p, idx], { axis, batchDims }, shape, dtype) => {
    const l = layout(p.shape, idx.shape, axis, batchDims);
    const bad = gatherRows(p.data, idx.data as NumericData, l, sizeOf(shape), dtype);
    if (typeof bad === 'number') {
      const v = (idx.data as NumericData)[bad];
      throw opError('GatherV2', `indices${indexText(idx.shape, bad)} = ${v} is not in [0, ${l.dim})`);
    }
    return bad;
  },
  vjp: (g, { inputs: [p, idx], attrs: { axis, batchDims } }): Grad[] => {
    if (axis === 0) {
      const values = reshape(g, [sizeOf(idx.shape), ...p.shape.slice(1)]);
      return [new IndexedSlices(values, reshape(idx, [-1]), p.shape), null];
    }
    return [scatterRows(g, idx, p.shape, axis, batchDims), null];
  },
});

/** `[1,2]`-style multi-index of a flat position, as TF prints bad indices. */
function indexText(shape: Shape, flat: number): string {
  const parts: number[] = [];
  for (let d = shape.length - 1; d >= 0; d--) {
    parts.unshift(flat % shape[d]);
    flat = Math.floor(flat / shape[d]);
  }
  return `[${parts.join(',')}]`;
}

/** `tf.gather(params, indices, axis=None, batch_dims=0)`: `axis` defaults to `batch_dims`; negatives count back. */
export function gather(params: TensorLike, indices: TensorLike, axis?: number | null, batchDims = 0): Tensor {
  const p = toTensor(params);
  const i = toTensor(indices, 'int32');
  if (batchDims < -i.rank || batchDims > i.rank) {
    throw opError('GatherV2', `Expected batch_dims in the range [${-i.rank}, ${i.rank}], but got ${batchDims}`);
  }
  const bd = batchDims < 0 ? batchDims + i.rank : batchDims;
  const ax = axis ?? bd;
  if (ax < -p.rank || ax >= p.rank) {
    throw opError('GatherV2', `Expected axis in the range [${-p.rank}, ${p.rank}), but got ${ax}`);
  }
  const a = ax < 0 ? ax + p.rank : ax;
  if (bd > 0 && bd >= p.rank) {
    throw opError('GatherV2', `batch_dims (${bd}) must be less than rank(params) (${p.rank}).`);
  }
  if (a < bd) throw opError('GatherV2', `batch_dims (${bd}) must be less than or equal to axis (${a}).`);
  return apply(GatherV2, [p, i], { axis: a, batchDims: bd });
}

interface ScatterAttrs {
  axis: number;
  batchDims: number;
  dense: Shape;
}

/**
 * The adjoint of gather: rows of `values` (gathered at `indices` along `axis`) summed into a zero tensor of shape
 * `dense`. This is `unsorted_segment_sum`, which TF uses to densify IndexedSlices; its own gradient is a gather.
 */
export const ScatterRows: OpDef<ScatterAttrs> = defineOp<ScatterAttrs>({
  name: 'UnsortedSegmentSum',
  display: { api: 'tf.math.unsorted_segment_sum' },
  infer: ([v], { dense }) => ({ shape: dense, dtype: v.dtype }),
  kernel: ([v, idx], { axis, batchDims, dense }, _s, dtype) =>
    scatterRowsKernel(v.data as NumericData, idx.data as NumericData, layout(dense, idx.shape, axis, batchDims), dtype),
  vjp: (g, { inputs: [v, idx], attrs: { axis, batchDims } }) => [
    reshape(gather(g, idx, axis, batchDims), v.shape),
    null,
  ],
});

/** Scatter-add `values` (shaped like `gather(dense, indices, axis, batchDims)`) into zeros of shape `dense`. */
export function scatterRows(values: Tensor, indices: Tensor, dense: Shape, axis = 0, batchDims = 0): Tensor {
  const idx = reshape(indices, batchDims ? [...indices.shape.slice(0, batchDims), -1] : [-1]);
  return apply(ScatterRows, [values, idx], { axis, batchDims, dense });
}

/** `tf.convert_to_tensor(indexed_slices)`: duplicates are summed. */
export function densify(s: IndexedSlices): Tensor {
  const rows = reshape(s.values, [sizeOf(s.indices.shape), ...s.denseShape.slice(1)]);
  return scatterRows(rows, s.indices, s.denseShape, 0);
}

// ---- GatherNd / ScatterNd --------------------------------------------------------------------------------------

/**
 * `tf.gather_nd(params, indices)`: the last axis of `indices` indexes the leading axes of `params`. Gradient (AG
 * `_GatherNdGrad`): IndexedSlices when `indices` is `[N, 1]`, else a dense `ScatterNd` of the upstream.
 */
export const GatherNd: OpDef = defineOp({
  name: 'GatherNd',
  display: { api: 'tf.gather_nd', derivative: (slot) => (slot === 0 ? '[i gathered]' : undefined) },
  infer: ([p, idx]) => {
    checkIndexDType('GatherNd', idx);
    if (idx.rank < 1) throw opError('GatherNd', 'indices must be at least a vector');
    const k = idx.shape[idx.rank - 1];
    if (k > p.rank) {
      throw opError('GatherNd', `index innermost dimension length must be <= params rank; saw: ${k} vs. ${p.rank}`);
    }
    return { shape: [...idx.shape.slice(0, -1), ...p.shape.slice(k)], dtype: p.dtype };
  },
  kernel: ([p, idx], _a, shape, dtype) => {
    const out = gatherNdKernel(
      p.data,
      p.shape,
      idx.data as NumericData,
      idx.shape[idx.rank - 1],
      sizeOf(idx.shape.slice(0, -1)),
      sizeOf(shape),
      dtype,
    );
    if (typeof out === 'number') throw badNdIndex('GatherNd', idx, out, p.shape);
    return out;
  },
  vjp: (g, { inputs: [p, idx] }): Grad[] => {
    if (idx.rank === 2 && idx.shape[1] === 1) return [new IndexedSlices(g, reshape(idx, [-1]), p.shape), null];
    return [scatterNd(idx, g, p.shape), null];
  },
});

function badNdIndex(op: string, idx: Tensor, row: number, shape: Shape): EngineError {
  const k = idx.shape[idx.rank - 1];
  const tuple = Array.from({ length: k }, (_, j) => (idx.data as NumericData)[row * k + j]);
  return new EngineError(
    'InvalidArgumentError',
    `indices${indexText(idx.shape.slice(0, -1), row)} = [${tuple.join(', ')}] does not index into param shape ${shapeText(shape)}, node name: ${op} [Op:${op}]`,
    op,
  );
}

export function gatherNd(params: TensorLike, indices: TensorLike): Tensor {
  return apply(GatherNd, [toTensor(params), toTensor(indices, 'int32')], NO_ATTRS);
}

/** `tf.scatter_nd(indices, updates, shape)`: updates summed into zeros at the indexed positions. */
export const ScatterNd: OpDef<{ shape: Shape }> = defineOp<{ shape: Shape }>({
  name: 'ScatterNd',
  display: { api: 'tf.scatter_nd' },
  infer: ([idx, u], { shape }) => {
    checkIndexDType('ScatterNd', idx);
    const k = idx.shape[idx.rank - 1] ?? 0;
    const want = [...idx.shape.slice(0, -1), ...shape.slice(k)];
    if (u.rank !== want.length || u.shape.some((d, i) => d !== want[i])) {
      throw opError(
        'ScatterNd',
        `Dimensions [0,${idx.rank - 1}) of indices[shape=${shapeText(idx.shape)}] = ${shapeText(idx.shape.slice(0, -1))} must match dimensions [0,${idx.rank - 1}) of updates[shape=${shapeText(u.shape)}]`,
      );
    }
    return { shape, dtype: u.dtype };
  },
  kernel: ([idx, u], { shape }, _s, dtype) => {
    const out = scatterNdKernel(
      u.data as NumericData,
      shape,
      idx.data as NumericData,
      idx.shape[idx.rank - 1],
      sizeOf(idx.shape.slice(0, -1)),
      dtype,
    );
    if (typeof out === 'number') throw badNdIndex('ScatterNd', idx, out, shape);
    return out;
  },
  // AG `_ScatterNdGrad`: gather the upstream at the same indices.
  vjp: (g, { inputs: [idx] }) => [null, gatherNd(g, idx)],
});

export function scatterNd(indices: TensorLike, updates: TensorLike, shape: Shape): Tensor {
  return apply(ScatterNd, [toTensor(indices, 'int32'), toTensor(updates)], { shape: [...shape] });
}
