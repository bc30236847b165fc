import { opError } from '../errors';
import { allocate, isInt, type NumericData } from '../tensor/dtype';
import { IndexedSlices } from '../tensor/indexedSlices';
import { normAxis, type Shape, sizeOf } from '../tensor/shape';
import type { Tensor } from '../tensor/tensor';
import { reshape } from './array';
import { type TensorLike, toTensor } from './convert';
import { apply, defineOp } from './registry';

interface GatherAttrs {
  axis: number;
}

/** Split a shape around `axis`: outer count, the axis, inner count. */
function around(shape: Shape, axis: number): [number, number, number] {
  return [sizeOf(shape.slice(0, axis)), shape[axis], sizeOf(shape.slice(axis + 1))];
}

/** `tf.gather(params, indices, axis)`. Its gradient is IndexedSlices for axis 0 (AG `_GatherV2Grad`), dense otherwise. */
export const GatherV2 = defineOp<GatherAttrs>({
  name: 'GatherV2',
  infer: ([p, idx], { axis }) => {
    if (!isInt(idx.dtype))
      throw opError(
        'GatherV2',
        `Value for attr 'Tindices' of ${idx.dtype} is not in the list of allowed values: int32, int64`,
        'TypeError',
      );
    return { shape: [...p.shape.slice(0, axis), ...idx.shape, ...p.shape.slice(axis + 1)], dtype: p.dtype };
  },
  kernel: ([p, idx], { axis }, shape, dtype) => {
    const [outer, dim, inner] = around(p.shape, axis);
    const ind = idx.data as NumericData;
    const src = p.data as ArrayLike<number | string>;
    const out = allocate(dtype, sizeOf(shape)) as (number | string)[];
    let k = 0;
    for (let o = 0; o < outer; o++) {
      for (let j = 0; j < ind.length; j++) {
        const r = ind[j];
        if (r < 0 || r >= dim) {
          throw opError('GatherV2', `indices[${j}] = ${r} is not in [0, ${dim})`);
        }
        const base = (o * dim + r) * inner;
        for (let i = 0; i < inner; i++) out[k++] = src[base + i];
      }
    }
    return out as unknown as NumericData;
  },
  vjp: (g, { inputs: [p, idx], attrs: { axis } }) => {
    if (axis === 0) {
      const values = reshape(g, [sizeOf(idx.shape), ...p.shape.slice(1)]);
      return [new IndexedSlices(values, reshape(idx, [-1]), p.shape), null];
    }
    return [scatterRows(g, idx, p.shape, axis), null];
  },
});

export function gather(params: TensorLike, indices: TensorLike, axis = 0): Tensor {
  const p = toTensor(params);
  const i = toTensor(indices, 'int32');
  return apply(GatherV2, [p, i], { axis: normAxis(axis, p.rank, 'GatherV2') });
}

interface ScatterAttrs {
  axis: number;
  dense: Shape;
}

/**
 * The adjoint of gather: rows of `values` (gathered at `indices` along `axis`) summed into a zero tensor of shape
 * `dense`. This is `unsorted_segment_sum`, which TF uses to densify IndexedSlices; its own gradient is a gather.
 */
export const ScatterRows = defineOp<ScatterAttrs>({
  name: 'UnsortedSegmentSum',
  infer: ([v], { dense }) => ({ shape: dense, dtype: v.dtype }),
  kernel: ([v, idx], { axis, dense }, shape, dtype) => {
    const [outer, dim, inner] = around(dense, axis);
    const ind = idx.data as NumericData;
    const src = v.data as NumericData;
    const out = allocate(dtype, sizeOf(shape)) as NumericData;
    let k = 0;
    for (let o = 0; o < outer; o++) {
      for (let j = 0; j < ind.length; j++) {
        const base = (o * dim + ind[j]) * inner;
        for (let i = 0; i < inner; i++) out[base + i] += src[k++];
      }
    }
    return out;
  },
  vjp: (g, { inputs: [v, idx], attrs: { axis } }) => [reshape(gather(g, idx, axis), v.shape), null],
});

export function scatterRows(values: Tensor, indices: Tensor, dense: Shape, axis = 0): Tensor {
  return apply(ScatterRows, [values, reshape(indices, [-1])], { axis, dense });
}

/** `tf.convert_to_tensor(indexed_slices)`: duplicates are summed. */
export function densify(s: IndexedSlices): Tensor {
  const rows = reshape(s.values, [sizeOf(s.indices.shape), ...s.denseShape.slice(1)]);
  return scatterRows(rows, s.indices, s.denseShape, 0);
}
