/**
 * How engine values live inside Python objects: each is a `PyInstance` of a native class whose `payload` is the
 * engine object (Tensor, Variable, IndexedSlices, GradientTape ...) or one of the small holders below.
 * The classes are created by their own modules and registered here, so wrapping never imports a class module.
 */

import { type PyClass, PyInstance, type PyValue } from '../python/values';
import type { DType } from '../tensor/dtype';
import type { IndexedSlices } from '../tensor/indexedSlices';
import type { Shape } from '../tensor/shape';
import type { Tensor, Variable } from '../tensor/tensor';

/** A NumPy array (or NumPy scalar when `scalar`): an engine tensor that no tape ever sees. */
export class NdArray {
  constructor(
    readonly t: Tensor,
    readonly scalar = false,
    /** Set when the array was computed from a TF tensor: converting it back breaks the tape (the report says so). */
    readonly fromTensor = false,
  ) {}
}

export class DTypeBox {
  constructor(readonly dtype: DType) {}
}

export class ShapeBox {
  constructor(readonly dims: readonly (number | null)[]) {}
}

export const classes = {} as {
  Tensor: PyClass;
  Variable: PyClass;
  IndexedSlices: PyClass;
  ndarray: PyClass;
  DType: PyClass;
  TensorShape: PyClass;
};

export const wrapTensor = (t: Tensor): PyInstance => new PyInstance(classes.Tensor, t);
export const wrapVariable = (v: Variable): PyInstance => new PyInstance(classes.Variable, v);
export const wrapSlices = (s: IndexedSlices): PyInstance => new PyInstance(classes.IndexedSlices, s);
export const wrapNd = (a: NdArray): PyInstance => new PyInstance(classes.ndarray, a);
export const wrapDType = (d: DType): PyInstance => new PyInstance(classes.DType, new DTypeBox(d));
export const wrapShape = (s: Shape): PyInstance => new PyInstance(classes.TensorShape, new ShapeBox(s));

export function payload(v: PyValue): unknown {
  return v instanceof PyInstance ? v.payload : undefined;
}
