/** `tf.Tensor` (EagerTensor), `tf.TensorShape`, `tf.DType` and `tf.IndexedSlices` as Python classes. */
import { stridedSlice } from '../ops/slice';
import { sliceItems } from '../python/attributes';
import { newBytes } from '../python/bytes';
import { IndexError, pyError, TypeError, ValueError } from '../python/exceptions';
import { formatValue } from '../python/formatSpec';
import { def, nativeClass } from '../python/native';
import { toInt } from '../python/numbers';
import {
  NotImplemented,
  type PyInstance,
  PyIterator,
  PyList,
  type PyNativeFunction,
  PySlice,
  PyTuple,
  type PyValue,
  typeName,
} from '../python/values';
import { allocate, DTYPES, type DType, isFloat, isInt, isUnsigned, itemSize, type NumericData } from '../tensor/dtype';
import {
  indexedSlicesRepr,
  indexedSlicesStr,
  ndarrayStr,
  tensorRepr,
  tensorShapeRepr,
  tensorStr,
  tfDTypeRepr,
  tfDTypeStr,
} from '../tensor/format';
import type { IndexedSlices } from '../tensor/indexedSlices';
import { shapeTuple } from '../tensor/shape';
import { elementBytes } from '../tensor/stringBytes';
import { Tensor } from '../tensor/tensor';
import { classes, DTypeBox, NdArray, ShapeBox, wrapDType, wrapNd, wrapShape, wrapTensor } from './boxes';
import { toTensor } from './convert';
import { operatorMethods, sliceSpec } from './operators';
import { symbolicMark, symbolicRepr, symbolicStr } from './symbolic';
import { constructIndexedSlices } from './tfScatter';
import { numpyBehavior } from './tnpBehavior';
import { numpyGetItem } from './tnpIndex';
import { tensorGetattr } from './tnpMethods';

const M = 'tensorflow.python.framework.ops';
const tensorOf = (self: PyValue): Tensor => (self as PyInstance).payload as Tensor;

/** `t.numpy()`: a NumPy array, or a NumPy scalar for 0-d tensors (Python `bytes` for a 0-d string tensor). */
export function toNumpy(t: Tensor): PyInstance {
  if (t.dtype === 'string' && t.rank === 0) return scalarValue(t) as PyInstance;
  return wrapNd(new NdArray(t, t.rank === 0, true));
}

/** Python truthiness of a tensor: only single-element tensors have one. */
export function tensorTruth(t: Tensor): boolean {
  if (t.size !== 1) {
    throw pyError(
      ValueError,
      'The truth value of an array with more than one element is ambiguous. Use a.any() or a.all()',
    );
  }
  return t.dtype === 'string' ? (t.data[0] as string).length > 0 : t.num(0) !== 0;
}

export function scalarOf(t: Tensor, what: string): number {
  if (t.size !== 1) throw pyError(TypeError, `only size-1 arrays can be converted to Python scalars (${what})`);
  return t.num(0);
}

/** Methods a tensor and a variable share (they read through `toTensor`). */
export function tensorLikeMethods(): Record<string, PyNativeFunction> {
  return {
    ...operatorMethods(),
    numpy: def('numpy(self)', ({ self }) => toNumpy(toTensor(self))),
    __bool__: def('__bool__(self)', ({ self }) => tensorTruth(toTensor(self))),
    __float__: def('__float__(self)', ({ self }) => scalarOf(toTensor(self), 'float')),
    __int__: def('__int__(self)', ({ self }) => toInt(scalarOf(toTensor(self), 'int'))),
    __index__: def('__index__(self)', ({ self }) => {
      const t = toTensor(self);
      if (isFloat(t.dtype)) throw pyError(TypeError, 'only integer scalar arrays can be converted to a scalar index');
      return BigInt(scalarOf(t, 'index'));
    }),
    __len__: def('__len__(self)', ({ self }) => {
      const t = toTensor(self);
      if (t.rank === 0) throw pyError(TypeError, 'Scalar tensor has no `len()`');
      return BigInt(t.shape[0]);
    }),
    __iter__: def('__iter__(self)', ({ self }) => {
      const t = toTensor(self);
      if (t.rank === 0) throw pyError(TypeError, 'Cannot iterate over a scalar tensor.');
      let i = 0;
      return new PyIterator(() =>
        i < t.shape[0] ? wrapTensor(stridedSlice(t, [{ kind: 'index', i: i++ }])) : undefined,
      );
    }),
    // `_EagerTensorBase.__format__` formats the NumPy value: `f'{t}'` is `6.0` / `[1. 2.]` (a float32 0.1 is
    // `0.10000000149011612`), `f'{t:.2f}'` works for scalars only (ndarray.__format__ rejects a non-empty spec).
    __format__: def('__format__(self, spec)', ({ self, spec }) => {
      const t = toTensor(self);
      if (t.rank > 0) {
        if (spec !== '') throw pyError(TypeError, 'unsupported format string passed to numpy.ndarray.__format__');
        return ndarrayStr(t);
      }
      // NumPy scalars format as the Python scalar they convert to: a float32 shows its double value in full.
      return formatValue(scalarValue(t), spec as string);
    }),
    get_shape: def('get_shape(self)', ({ self }) => wrapShape(toTensor(self).shape)),
  };
}

export function createTensorClasses(): void {
  classes.Tensor = nativeClass({
    name: 'EagerTensor',
    module: M,
    methods: {
      ...tensorLikeMethods(),
      __repr__: def('__repr__(self)', ({ self }) => {
        const m = symbolicMark(self as PyInstance);
        return m ? symbolicRepr(m, tensorOf(self).dtype) : tensorRepr(tensorOf(self));
      }),
      __str__: def('__str__(self)', ({ self }) => {
        const m = symbolicMark(self as PyInstance);
        return m ? symbolicStr(m, tensorOf(self).dtype) : tensorStr(tensorOf(self));
      }),
      __getattr__: tensorGetattr,
      __getitem__: def('__getitem__(self, key, /)', ({ self, key }) =>
        wrapTensor(
          numpyBehavior.enabled ? numpyGetItem(tensorOf(self), key) : stridedSlice(tensorOf(self), sliceSpec(key)),
        ),
      ),
      ref: def('ref(self)', ({ self }) => self),
      deref: def('deref(self)', ({ self }) => self),
    },
    getters: {
      shape: (s) => wrapShape(tensorOf(s).shape),
      dtype: (s) => wrapDType(tensorOf(s).dtype),
      ndim: (s) => BigInt(tensorOf(s).rank),
      device: () => '/job:localhost/replica:0/task:0/device:CPU:0',
    },
  });

  classes.TensorShape = nativeClass({
    name: 'TensorShape',
    module: 'tensorflow.python.framework.tensor_shape',
    methods: {
      __repr__: def('__repr__(self)', ({ self }) => tensorShapeRepr(dims(self) as number[])),
      __str__: def('__str__(self)', ({ self }) => shapeTuple(dims(self) as number[])),
      __len__: def('__len__(self)', ({ self }) => BigInt(dims(self).length)),
      __getitem__: def('__getitem__(self, key)', ({ self, key }) => {
        const d = dims(self);
        if (typeof key === 'bigint') {
          const i = Number(key) < 0 ? Number(key) + d.length : Number(key);
          if (i < 0 || i >= d.length) throw pyError(IndexError, 'list index out of range');
          return d[i] === null ? null : BigInt(d[i] as number);
        }
        if (key instanceof PySlice) return wrapShape(sliceItems(d, key) as number[]);
        throw pyError(TypeError, `list indices must be integers or slices, not ${typeName(key)}`);
      }),
      __iter__: def('__iter__(self)', ({ self }) => {
        const d = dims(self);
        let i = 0;
        return new PyIterator(() => (i < d.length ? (d[i] === null ? null : BigInt(d[i++] as number)) : undefined));
      }),
      __eq__: def('__eq__(self, other)', ({ self, other }) => {
        const a = dims(self);
        const b = otherDims(other);
        return b !== null && a.length === b.length && a.every((x, i) => x === b[i]);
      }),
      __ne__: def('__ne__(self, other)', ({ self, other }) => {
        const a = dims(self);
        const b = otherDims(other);
        return !(b !== null && a.length === b.length && a.every((x, i) => x === b[i]));
      }),
      __bool__: def('__bool__(self)', () => true),
      // `TensorShape + other` is `concatenate` (other: a TensorShape, list or tuple).
      __add__: def('__add__(self, other)', ({ self, other }) => concatShapes(dims(self), other)),
      __radd__: def('__radd__(self, other)', ({ self, other }) => {
        const o = otherDims(other);
        if (o === null) return NotImplemented;
        return wrapShape([...o, ...dims(self)] as number[]);
      }),
      concatenate: def('concatenate(self, other)', ({ self, other }) => concatShapes(dims(self), other)),
      as_list: def('as_list(self)', ({ self }) => new PyList(dims(self).map((x) => (x === null ? null : BigInt(x))))),
      num_elements: def('num_elements(self)', ({ self }) =>
        BigInt(dims(self).reduce<number>((a, b) => a * (b ?? 0), 1)),
      ),
    },
    getters: {
      rank: (s) => BigInt(dims(s).length),
      ndims: (s) => BigInt(dims(s).length),
    },
  });

  classes.DType = nativeClass({
    name: 'DType',
    module: 'tensorflow.python.framework.dtypes',
    methods: {
      __repr__: def('__repr__(self)', ({ self }) => tfDTypeRepr(dtypeOf(self))),
      __str__: def('__str__(self)', ({ self }) => `<dtype: '${dtypeOf(self)}'>`),
      __eq__: def('__eq__(self, other)', ({ self, other }) => {
        const p = (other as PyInstance)?.payload;
        return p instanceof DTypeBox ? p.dtype === dtypeOf(self) : other === dtypeOf(self);
      }),
      __ne__: def('__ne__(self, other)', ({ self, other }) => {
        const p = (other as PyInstance)?.payload;
        return !(p instanceof DTypeBox ? p.dtype === dtypeOf(self) : other === dtypeOf(self));
      }),
      __hash__: def('__hash__(self)', ({ self }) => BigInt(DTYPES.indexOf(dtypeOf(self)))),
    },
    getters: {
      name: (s) => dtypeOf(s),
      is_floating: (s) => isFloat(dtypeOf(s)),
      is_integer: (s) => isInt(dtypeOf(s)),
      is_unsigned: (s) => isUnsigned(dtypeOf(s)),
      min: (s) => dtypeLimit(dtypeOf(s), -1),
      max: (s) => dtypeLimit(dtypeOf(s), 1),
      size: (s) => BigInt(dtypeOf(s) === 'string' ? 8 : itemSize(dtypeOf(s))),
      is_bool: (s) => dtypeOf(s) === 'bool',
      base_dtype: (s) => s,
      as_numpy_dtype: (s) => dtypeOf(s),
    },
  });

  classes.IndexedSlices = nativeClass({
    name: 'IndexedSlices',
    module: 'tensorflow.python.framework.indexed_slices',
    construct: (_cls, args, kwargs, ctx) => constructIndexedSlices(args, kwargs, ctx),
    methods: {
      __repr__: def('__repr__(self)', ({ self }) => indexedSlicesRepr(slicesOf(self))),
      __str__: def('__str__(self)', ({ self }) => indexedSlicesStr(slicesOf(self))),
    },
    getters: {
      values: (s) => wrapTensor(slicesOf(s).values),
      indices: (s) => wrapTensor(slicesOf(s).indices),
      dense_shape: (s) =>
        wrapTensor(new Tensor('int32', [slicesOf(s).denseShape.length], Int32Array.from(slicesOf(s).denseShape))),
      dtype: (s) => wrapDType(slicesOf(s).dtype),
      shape: (s) => wrapShape(slicesOf(s).denseShape),
    },
  });
}

const dims = (s: PyValue): readonly (number | null)[] => ((s as PyInstance).payload as ShapeBox).dims;
/** `tf.<dtype>.min` / `.max`: the NumPy limits (a Python int, or float for a floating dtype). */
function dtypeLimit(d: DType, sign: 1 | -1): PyValue {
  if (d === 'bool') return sign > 0;
  if (d === 'string') throw pyError(TypeError, `Cannot find minimum value of ${tfDTypeStr(d)}.`);
  if (isFloat(d)) {
    // A NumPy scalar of the dtype (`tf.float16.max` prints 6.55e+04).
    const v = sign * (d === 'float16' ? 65504 : d === 'float32' ? 3.4028234663852886e38 : Number.MAX_VALUE);
    const data = allocate(d, 1) as NumericData;
    data[0] = v;
    return wrapNd(new NdArray(new Tensor(d, [], data), true));
  }
  const bits = BigInt(itemSize(d) * 8);
  if (isUnsigned(d)) return sign > 0 ? (1n << bits) - 1n : 0n;
  return sign > 0 ? (1n << (bits - 1n)) - 1n : -(1n << (bits - 1n));
}

const dtypeOf = (s: PyValue) => ((s as PyInstance).payload as DTypeBox).dtype;
const slicesOf = (s: PyValue) => (s as PyInstance).payload as IndexedSlices;

function concatShapes(a: readonly (number | null)[], other: PyValue): PyValue {
  const b = otherDims(other);
  if (b === null) return NotImplemented;
  return wrapShape([...a, ...b] as number[]);
}

function otherDims(o: PyValue): (number | null)[] | null {
  const p = (o as PyInstance)?.payload;
  if (p instanceof ShapeBox) return [...p.dims];
  if (o instanceof PyList || o instanceof PyTuple) return o.items.map((x) => (x === null ? null : Number(x)));
  return null;
}

/** A 0-d tensor's element as the Python scalar NumPy would hand to `format` (`bytes` for a string). */
export function scalarValue(t: Tensor): PyValue {
  if (t.dtype === 'string') return newBytes(elementBytes(t.data[0] as string));
  if (t.dtype === 'bool') return t.num(0) !== 0;
  return isFloat(t.dtype) ? t.num(0) : BigInt(t.num(0));
}
