import { EngineError, opError } from '../errors';
import { mapBinary, mapUnary } from '../kernels/elementwise';
import { compare, countNonZero, nonZeroCoordinates, select } from '../kernels/math';
import { type DType, isFloat, isInt, kernelTypeName } from '../tensor/dtype';
import { broadcastShapes, type Shape, shapeText } from '../tensor/shape';
import type { Tensor } from '../tensor/tensor';
import { zeros } from './array';
import { binaryOperands, type TensorLike, toTensor } from './convert';
import { unsupported } from './define';
import type { OpDisplay } from './display';
import { apply, defineOp, NO_ATTRS, type OpDef, sameDType } from './registry';

// ---- comparisons (NotDifferentiable, bool results) ----------------------------------------------------------------

const real = (d: DType): boolean => isFloat(d) || isInt(d);
const anyType = (_d: DType): boolean => true;

function comparison(
  name: string,
  display: OpDisplay,
  accepts: (d: DType) => boolean,
  test: (x: never, y: never) => boolean,
): OpDef {
  return defineOp({
    name,
    display,
    infer: ([a, b]) => {
      const d = sameDType(name, [a, b]);
      if (!accepts(d)) throw unsupported(name, d);
      return { shape: broadcastShapes(a.shape, b.shape, name), dtype: 'bool' };
    },
    kernel: ([a, b], _attrs, shape) => compare(a, b, shape, test),
    vjp: 'none',
  });
}

/** `tf.math.equal` / `not_equal`: every dtype (bool and string included); NaN is unequal to itself. */
export const Equal = comparison(
  'Equal',
  { api: 'tf.math.equal', aliases: ['tf.equal'] },
  anyType,
  (x: number | string, y: number | string) => x === y,
);
export const NotEqual = comparison(
  'NotEqual',
  { api: 'tf.math.not_equal', aliases: ['tf.not_equal'] },
  anyType,
  (x: number | string, y: number | string) => x !== y,
);
/** Ordering comparisons have kernels for real numbers only (not bool). */
export const Less = comparison(
  'Less',
  { api: 'tf.math.less', aliases: ['tf.less'] },
  real,
  (x: number, y: number) => x < y,
);
export const LessEqual = comparison(
  'LessEqual',
  { api: 'tf.math.less_equal', aliases: ['tf.less_equal'] },
  real,
  (x: number, y: number) => x <= y,
);
export const Greater = comparison(
  'Greater',
  { api: 'tf.math.greater', aliases: ['tf.greater'] },
  real,
  (x: number, y: number) => x > y,
);
export const GreaterEqual = comparison(
  'GreaterEqual',
  { api: 'tf.math.greater_equal', aliases: ['tf.greater_equal'] },
  real,
  (x: number, y: number) => x >= y,
);

export const equal = (a: TensorLike, b: TensorLike): Tensor => apply(Equal, binaryOperands(a, b), NO_ATTRS);
export const notEqual = (a: TensorLike, b: TensorLike): Tensor => apply(NotEqual, binaryOperands(a, b), NO_ATTRS);
export const less = (a: TensorLike, b: TensorLike): Tensor => apply(Less, binaryOperands(a, b), NO_ATTRS);
export const lessEqual = (a: TensorLike, b: TensorLike): Tensor => apply(LessEqual, binaryOperands(a, b), NO_ATTRS);
export const greater = (a: TensorLike, b: TensorLike): Tensor => apply(Greater, binaryOperands(a, b), NO_ATTRS);
export const greaterEqual = (a: TensorLike, b: TensorLike): Tensor =>
  apply(GreaterEqual, binaryOperands(a, b), NO_ATTRS);

// ---- logical ops (bool only) ----------------------------------------------------------------------------------

/** Ops whose inputs are fixed to bool report a mismatch the way TF's eager type check does. */
function requireBool(op: string, xs: readonly Tensor[]): void {
  xs.forEach((x, i) => {
    if (x.dtype !== 'bool') {
      throw opError(
        op,
        `cannot compute ${op} as input #${i}(zero-based) was expected to be a bool tensor but is a ${kernelTypeName(x.dtype)} tensor`,
      );
    }
  });
}

function logical(name: string, display: OpDisplay, f: (x: number, y: number) => number): OpDef {
  return defineOp({
    name,
    display,
    infer: (xs) => {
      requireBool(name, xs);
      return { shape: broadcastShapes(xs[0].shape, xs[1].shape, name), dtype: 'bool' };
    },
    kernel: ([a, b], _attrs, shape) => mapBinary(a, b, shape, 'bool', f),
    vjp: 'none',
  });
}

export const LogicalAnd = logical(
  'LogicalAnd',
  { api: 'tf.math.logical_and', aliases: ['tf.logical_and'] },
  (x, y) => x & y,
);
export const LogicalOr = logical(
  'LogicalOr',
  { api: 'tf.math.logical_or', aliases: ['tf.logical_or'] },
  (x, y) => x | y,
);
export const LogicalNot = defineOp({
  name: 'LogicalNot',
  display: { api: 'tf.math.logical_not', aliases: ['tf.logical_not'] },
  infer: (xs) => {
    requireBool('LogicalNot', xs);
    return { shape: xs[0].shape, dtype: 'bool' };
  },
  kernel: ([x]) => mapUnary(x, 'bool', (v) => 1 - v),
  vjp: 'none',
});

const asBool = (x: TensorLike): Tensor => toTensor(x, 'bool');
export const logicalAnd = (a: TensorLike, b: TensorLike): Tensor => apply(LogicalAnd, [asBool(a), asBool(b)], NO_ATTRS);
export const logicalOr = (a: TensorLike, b: TensorLike): Tensor => apply(LogicalOr, [asBool(a), asBool(b)], NO_ATTRS);
export const logicalNot = (x: TensorLike): Tensor => apply(LogicalNot, [asBool(x)], NO_ATTRS);
/** `tf.math.logical_xor` is composed in Python: (x | y) & ~(x & y). */
export const logicalXor = (a: TensorLike, b: TensorLike): Tensor =>
  logicalAnd(logicalOr(a, b), logicalNot(logicalAnd(a, b)));

// ---- where / select ---------------------------------------------------------------------------------------------

/** NumPy broadcasting of three shapes, or undefined when they are incompatible. */
function broadcast3(a: Shape, b: Shape, c: Shape): number[] | undefined {
  try {
    return broadcastShapes(broadcastShapes(a, b, 'SelectV2'), c, 'SelectV2');
  } catch {
    return undefined;
  }
}

/**
 * `SelectV2`, the op behind `tf.where(cond, x, y)`: NumPy broadcasting of all three. Gradient (MG `_SelectGradV2`):
 * x gets where(cond, g, 0), y gets where(cond, 0, g), cond None — the unselected branch still receives 0 * its
 * local derivative, which is how `tf.where(x > 0, tf.sqrt(x), 0)` can give NaN at x = 0.
 */
export const SelectV2 = defineOp({
  name: 'SelectV2',
  display: { api: 'tf.where', broadcasts: true },
  infer: ([c, x, y]) => {
    requireBool('SelectV2', [c]);
    if (y.dtype !== x.dtype) {
      throw opError(
        'SelectV2',
        `cannot compute SelectV2 as input #2(zero-based) was expected to be a ${kernelTypeName(x.dtype)} tensor but is a ${kernelTypeName(y.dtype)} tensor`,
      );
    }
    const shape = broadcast3(c.shape, x.shape, y.shape);
    if (!shape) {
      throw opError(
        'SelectV2',
        `condition ${shapeText(c.shape)}, then ${shapeText(x.shape)}, and else ${shapeText(y.shape)} must be broadcastable`,
      );
    }
    return { shape, dtype: x.dtype };
  },
  kernel: ([c, x, y], _attrs, shape, dtype) => select(c, x, y, shape, dtype),
  vjp: (g, { inputs: [c] }) => {
    const zero = zeros([], g.dtype);
    return [null, where(c, g, zero), where(c, zero, g)];
  },
});

/** `Where(condition)`: int64 coordinates [n, rank] of the true (non-zero) elements. */
export const Where = defineOp({
  name: 'Where',
  display: { api: 'tf.where' },
  infer: ([c]) => {
    if (c.dtype === 'string') throw unsupported('Where', c.dtype);
    return { shape: [countNonZero(c), c.rank], dtype: 'int64' };
  },
  kernel: ([c], _attrs, shape) => nonZeroCoordinates(c, shape[0]),
  vjp: 'none',
});

/**
 * `tf.where(condition, x, y)` (where_v2). With x and y, an elementwise select with broadcasting; with neither, the
 * coordinates of the true elements (int64, non-differentiable).
 */
export function where(condition: TensorLike, x?: TensorLike | null, y?: TensorLike | null): Tensor {
  if ((x === undefined || x === null) && (y === undefined || y === null)) {
    return apply(Where, [toTensor(condition)], NO_ATTRS);
  }
  if (x === undefined || x === null || y === undefined || y === null) {
    throw new EngineError('ValueError', 'x and y must both be non-None or both be None.');
  }
  const [tx, ty] = binaryOperands(x, y);
  return apply(SelectV2, [asBool(condition), tx, ty], NO_ATTRS);
}
