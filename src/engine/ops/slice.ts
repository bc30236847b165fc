import { EngineError } from '../errors';
import { stridedGather, stridedScatter } from '../kernels/slice';
import { type Shape, shapeText } from '../tensor/shape';
import type { Tensor } from '../tensor/tensor';
import { type TensorLike, toTensor } from './convert';
import { apply, defineOp, type OpDef } from './registry';

/** One item of a Python subscript: `x[1]`, `x[a:b:c]`, `x[tf.newaxis]`, `x[...]`. */
export type SliceItem =
  | { kind: 'index'; i: number }
  | { kind: 'slice'; start?: number | null; stop?: number | null; step?: number | null }
  | { kind: 'newaxis' }
  | { kind: 'ellipsis' };

/**
 * The resolved (dense) form of a strided slice: for every input axis the first element and the step, the
 * "processing" shape (one entry per input axis) and the final shape (shrunk axes dropped, new axes inserted).
 */
interface StridedAttrs {
  begin: number[];
  strides: number[];
  processing: number[];
  final: number[];
}

/** TF's eager error text for strided slices created by `tensor.__getitem__` (the op is named in a name scope). */
function sliceError(message: string): EngineError {
  return new EngineError('InvalidArgumentError', `${message} [Op:StridedSlice] name: strided_slice/`, 'StridedSlice');
}

/**
 * `tensor[spec]` resolved the way TF does it: `_slice_helper` turns the items into begin/end/strides and masks, and
 * the kernel's `ValidateStridedSliceOp` expands the ellipsis (an implicit one at the end), clamps slice bounds
 * Python-style, bounds-checks plain indices and computes the shapes.
 */
export function resolveStridedSlice(shape: Shape, spec: readonly SliceItem[]): StridedAttrs {
  // _slice_helper: the sparse spec.
  const n = spec.length;
  const sBegin: number[] = [];
  const sEnd: number[] = [];
  const sStride: number[] = [];
  let beginMask = 0;
  let endMask = 0;
  let ellipsisMask = 0;
  let newAxisMask = 0;
  let shrinkMask = 0;
  spec.forEach((s, i) => {
    const bit = 2 ** i;
    switch (s.kind) {
      case 'slice':
        if (s.start === undefined || s.start === null) {
          sBegin.push(0);
          beginMask |= bit;
        } else sBegin.push(checkIndex(s.start));
        if (s.stop === undefined || s.stop === null) {
          sEnd.push(0);
          endMask |= bit;
        } else sEnd.push(checkIndex(s.stop));
        sStride.push(s.step === undefined || s.step === null ? 1 : checkIndex(s.step));
        break;
      case 'ellipsis':
        sBegin.push(0);
        sEnd.push(0);
        sStride.push(1);
        ellipsisMask |= bit;
        break;
      case 'newaxis':
        sBegin.push(0);
        sEnd.push(0);
        sStride.push(1);
        newAxisMask |= bit;
        break;
      case 'index':
        sBegin.push(checkIndex(s.i));
        sEnd.push(s.i + 1);
        sStride.push(1);
        shrinkMask |= bit;
        break;
    }
  });
  if (ellipsisMask && (ellipsisMask & (ellipsisMask - 1)) !== 0) {
    throw sliceError('Multiple ellipses in slice spec not allowed');
  }

  // ValidateStridedSliceOp step 1: count new axes after the ellipsis; add an implicit ellipsis at the end.
  let sparseDims = n;
  let addAfterEllipsis = 0;
  let seen = false;
  for (let i = 0; i < n; i++) {
    if (seen && newAxisMask & (2 ** i)) addAfterEllipsis++;
    if (ellipsisMask & (2 ** i)) seen = true;
  }
  if (!seen) {
    ellipsisMask |= 2 ** sparseDims;
    sparseDims++;
  }

  // Step 2: the dense spec, one entry per input axis.
  const dims = shape.length;
  const begin = new Array<number>(dims).fill(0);
  const end = new Array<number>(dims).fill(0);
  const strides = new Array<number>(dims).fill(1);
  const dBeginMask = new Array<boolean>(dims).fill(false);
  const dEndMask = new Array<boolean>(dims).fill(false);
  const dShrink = new Array<boolean>(dims).fill(false);
  const gather: number[] = []; // final shape: >= 0 processing axis, -1 shrink, -2 new axis
  let full = 0;
  for (let i = 0; i < sparseDims; i++) {
    const bit = 2 ** i;
    if (ellipsisMask & bit) {
      const next = Math.min(dims - (sparseDims - i) + 1 + addAfterEllipsis, dims);
      for (; full < next; full++) {
        dBeginMask[full] = dEndMask[full] = true;
        gather.push(full);
      }
    } else if (newAxisMask & bit) {
      gather.push(-2);
    } else {
      if (full === dims) throw sliceError(`Index out of range using input dim ${full}; input has only ${dims} dims`);
      begin[full] = sBegin[i];
      end[full] = sEnd[i];
      strides[full] = sStride[i];
      dBeginMask[full] = (beginMask & bit) !== 0;
      dEndMask[full] = (endMask & bit) !== 0;
      if (shrinkMask & bit) {
        dShrink[full] = true;
        gather.push(-1);
      } else gather.push(full);
      full++;
    }
  }

  // Step 3: canonical bounds and the processing shape.
  const processing: number[] = [];
  for (let i = 0; i < dims; i++) {
    const stride = strides[i];
    const dim = shape[i];
    if (stride === 0) throw sliceError(`strides[${i}] must be non-zero`);
    const masks = [dBeginMask[i], dEndMask[i]];
    const lo = stride > 0 ? 0 : -1;
    const hi = stride > 0 ? dim : dim - 1;
    const canonical = (x: number, c: 0 | 1): number => {
      if (masks[c]) return stride > 0 ? (c === 0 ? lo : hi) : c === 0 ? hi : lo;
      const fwd = x < 0 ? dim + x : x;
      return Math.min(Math.max(fwd, lo), hi);
    };
    if (dShrink[i]) {
      if (stride <= 0) throw sliceError('only stride 1 allowed on non-range indexing.');
      const fwd = begin[i] < 0 ? dim + begin[i] : begin[i];
      begin[i] = fwd;
      end[i] = fwd + 1;
      if (fwd < 0 || fwd >= dim) throw sliceError(`slice index ${fwd} of dimension ${i} out of bounds.`);
    } else {
      begin[i] = canonical(begin[i], 0);
      end[i] = canonical(end[i], 1);
    }
    const interval = end[i] - begin[i];
    const size =
      interval === 0 || interval < 0 !== stride < 0
        ? 0
        : Math.trunc(interval / stride) + (interval % stride !== 0 ? 1 : 0);
    processing.push(size);
  }

  // Step 4: the final shape.
  const final: number[] = [];
  for (const g of gather) {
    if (g >= 0) final.push(processing[g]);
    else if (g === -2) final.push(1);
  }
  return { begin, strides, processing, final };
}

function checkIndex(i: number): number {
  if (!Number.isInteger(i)) {
    throw new EngineError(
      'TypeError',
      `Only integers, slices (\`:\`), ellipsis (\`...\`), tf.newaxis (\`None\`) and scalar tf.int32/tf.int64 tensors are valid indices, got ${i}`,
    );
  }
  return i;
}

/** TF `StridedSlice`. Its gradient is `StridedSliceGrad`, a primitive whose own gradient is this op again. */
export const StridedSlice: OpDef<StridedAttrs> = defineOp<StridedAttrs>({
  name: 'StridedSlice',
  display: { api: 'tf.strided_slice' },
  infer: ([x], { final }) => ({ shape: final, dtype: x.dtype }),
  kernel: ([x], { begin, strides, processing }, _s, dtype) =>
    stridedGather(x.data, x.shape, begin, strides, processing, dtype),
  vjp: (g, { inputs: [x], attrs }) => [apply(StridedSliceGrad, [g], { ...attrs, input: [...x.shape] })],
});

/** TF `StridedSliceGrad`: the upstream scattered into zeros of the sliced input's shape (AG `_StridedSliceGrad`). */
export const StridedSliceGrad: OpDef<StridedAttrs & { input: number[] }> = defineOp<StridedAttrs & { input: number[] }>(
  {
    name: 'StridedSliceGrad',
    display: { api: 'tf.raw_ops.StridedSliceGrad' },
    infer: ([dy], { input, final }) => {
      if (dy.shape.length !== final.length || dy.shape.some((d, i) => d !== final[i])) {
        throw new EngineError(
          'InvalidArgumentError',
          `shape of dy was ${shapeText(dy.shape)} instead of ${shapeText(final)} [Op:StridedSliceGrad]`,
          'StridedSliceGrad',
        );
      }
      return { shape: input, dtype: dy.dtype };
    },
    kernel: ([dy], { input, begin, strides, processing }, _s, dtype) =>
      stridedScatter(dy.data, processing, input, begin, strides, dtype, dy.dtype === 'string' ? '' : 0),
    // AG `_StridedSliceGradGrad`: slice the upstream the same way.
    vjp: (g, { attrs: { begin, strides, processing, final } }) => [
      apply(StridedSlice, [g], { begin, strides, processing, final }),
    ],
  },
);

/** `x[spec]`: Python indexing and slicing on a tensor (`x[1:, ::2]`, `x[0]`, `x[..., 0]`, `x[:, tf.newaxis]`). */
export function stridedSlice(x: TensorLike, spec: readonly SliceItem[]): Tensor {
  const t = toTensor(x);
  return apply(StridedSlice, [t], resolveStridedSlice(t.shape, spec));
}
