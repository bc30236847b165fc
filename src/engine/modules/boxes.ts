/**
 * How engine values live inside Python objects: each is a `PyInstance` of a native class whose `payload` is the
 * engine object (Tensor, Variable, IndexedSlices, GradientTape ...) or one of the small holders below.
 * The classes are created by their own modules and registered here, so wrapping never imports a class module.
 */

import { type PyClass, PyInstance, type PyValue } from '../python/values';
import type { DType } from '../tensor/dtype';
import type { IndexedSlices } from '../tensor/indexedSlices';
import type { Shape } from '../tensor/shape';
import { Tensor, type Variable } from '../tensor/tensor';

/**
 * The data NumPy arrays share: an array and the views made from it (`a.reshape(...)`, `a.ravel()`) hold one store,
 * so a write through either shows in both. Tensors stay immutable: a write puts a new tensor in the store.
 */
export class NdStore {
  constructor(public t: Tensor) {}
}

/** A NumPy array (or NumPy scalar when `scalar`): an engine tensor that no tape ever sees. */
export class NdArray {
  readonly store: NdStore;
  /** A view's own shape over its store's elements (same order), or undefined for the array that owns the store. */
  private readonly viewShape: Shape | undefined;
  private cache: { from: Tensor; t: Tensor } | undefined;
  constructor(
    t: Tensor,
    readonly scalar = false,
    /** Set when the array was computed from a TF tensor: converting it back breaks the tape (the report says so). */
    readonly fromTensor = false,
    view?: { store: NdStore; shape: Shape },
  ) {
    this.store = view?.store ?? new NdStore(t);
    this.viewShape = view?.shape;
  }

  /** The array's current value. */
  get t(): Tensor {
    const s = this.store.t;
    if (this.viewShape === undefined) return s;
    if (this.cache?.from !== s) this.cache = { from: s, t: new Tensor(s.dtype, this.viewShape, s.data) };
    return this.cache.t;
  }

  /** A view with another shape over the same elements (NumPy's reshape of a contiguous array). */
  reshaped(shape: Shape): NdArray {
    return new NdArray(this.store.t, false, this.fromTensor, { store: this.store, shape });
  }

  /** Replaces every element (flat, in order): the store's tensor is swapped, so views see the write. */
  write(data: Tensor['data']): void {
    const s = this.store.t;
    this.store.t = new Tensor(s.dtype, s.shape, data);
  }
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
