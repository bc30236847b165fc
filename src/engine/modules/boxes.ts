/**
 * How engine values live inside Python objects: each is a `PyInstance` of a native class whose `payload` is the
 * engine object (Tensor, Variable, IndexedSlices, GradientTape ...) or one of the small holders below.
 * The classes are created by their own modules and registered here, so wrapping never imports a class module.
 */

import { type PyClass, PyInstance, type PyValue } from '../python/values';
import { allocate, type DType } from '../tensor/dtype';
import type { IndexedSlices } from '../tensor/indexedSlices';
import type { Shape } from '../tensor/shape';
import { Tensor, type Variable } from '../tensor/tensor';
import { cLayout, isContiguous, type Layout, positions } from './ndView';

/**
 * The data NumPy arrays share: an array and the views made from it (slices, `.T`, `reshape`, `ravel`) hold one
 * store, so a write through either shows in both. Tensors stay immutable: a write puts a new tensor in the store.
 */
export class NdStore {
  constructor(public t: Tensor) {}
}

/** A NumPy array (or NumPy scalar when `scalar`): an engine tensor that no tape ever sees. */
export class NdArray {
  readonly store: NdStore;
  /** A view's place in its store (`ndView.ts`), or undefined for the array that owns the store. */
  private readonly layout: Layout | undefined;
  private cache: { from: Tensor; t: Tensor } | undefined;
  constructor(
    t: Tensor,
    readonly scalar = false,
    /** Set when the array was computed from a TF tensor: converting it back breaks the tape (the report says so). */
    readonly fromTensor = false,
    view?: { store: NdStore; layout: Layout },
  ) {
    this.store = view?.store ?? new NdStore(t);
    this.layout = view?.layout;
  }

  /** The array's current value. */
  get t(): Tensor {
    const s = this.store.t;
    const l = this.layout;
    if (l === undefined) return s;
    if (this.cache?.from !== s) {
      const size = l.shape.reduce((a, b) => a * b, 1);
      let data: Tensor['data'];
      if (isContiguous(l)) data = s.data.slice(l.offset, l.offset + size) as Tensor['data'];
      else {
        data = allocate(s.dtype, size);
        const src = s.data as ArrayLike<unknown>;
        const dst = data as unknown as unknown[];
        positions(l).forEach((p, i) => {
          dst[i] = src[p];
        });
      }
      this.cache = { from: s, t: new Tensor(s.dtype, [...l.shape], data) };
    }
    return this.cache.t;
  }

  /** Where the elements sit in the store. */
  get place(): Layout {
    return this.layout ?? cLayout(this.store.t.shape);
  }

  /** A view over the same store. */
  view(layout: Layout): NdArray {
    return new NdArray(this.store.t, false, this.fromTensor, { store: this.store, layout });
  }

  /** Replaces every element (in C order): views of the same store see the write. */
  write(data: Tensor['data']): void {
    if (this.layout === undefined) {
      const s = this.store.t;
      this.store.t = new Tensor(s.dtype, s.shape, data);
    } else this.writeAt(positions(this.layout), data as ArrayLike<unknown>);
  }

  /** Writes `values[i]` at store position `at[i]`. */
  writeAt(at: ArrayLike<number>, values: ArrayLike<unknown>): void {
    const s = this.store.t;
    const data = s.data.slice() as unknown as unknown[];
    for (let i = 0; i < at.length; i++) data[at[i]] = values[i];
    this.store.t = new Tensor(s.dtype, s.shape, data as unknown as Tensor['data']);
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
/** NumPy's scalar types by dtype (`numpyScalars.ts`): a scalar `NdArray` is an instance of its dtype's. */
export const scalarClasses: Partial<Record<DType, PyClass>> = {};

export const wrapNd = (a: NdArray): PyInstance =>
  new PyInstance((a.scalar && scalarClasses[a.store.t.dtype]) || classes.ndarray, a);
export const wrapDType = (d: DType): PyInstance => new PyInstance(classes.DType, new DTypeBox(d));
export const wrapShape = (s: Shape): PyInstance => new PyInstance(classes.TensorShape, new ShapeBox(s));

export function payload(v: PyValue): unknown {
  return v instanceof PyInstance ? v.payload : undefined;
}
