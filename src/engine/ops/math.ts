import { EngineError, opError } from '../errors';
import { broadcastIndex, mapBinary } from '../kernels/elementwise';
import { addF, divF, mulF, negF, subF } from '../kernels/loops';
import {
  addN as addNKernel,
  type Fn2,
  floorDivInt,
  floorModFloat,
  floorModInt,
  KernelFault,
  powFloat,
  powInt32,
  powInt64,
  stepRounding,
} from '../kernels/math';
import { castTensorData } from '../tensor/convert';
import { type DType, isFloat, isInt } from '../tensor/dtype';
import { broadcastShape, shapesEqual, shapeText } from '../tensor/shape';
import { Tensor, Variable } from '../tensor/tensor';
import { onesLike, zerosLike } from './array';
import { greater, greaterEqual, lessEqual, notEqual, where } from './compare';
import { binaryOperands, type TensorLike, toTensor } from './convert';
import { unaryOp, unsupported } from './define';
import { type Expr, type FormulaContext, infix, type OpDisplay, one, wrap } from './display';
import { apply, defineOp, type Grad, NO_ATTRS, type NodeView, type OpDef, sameDType } from './registry';
import { log } from './unary';

// Kernel registrations (CPU) for the dtypes the engine has: TF registers arithmetic for floats and ints, not bool.
const numeric = (d: DType): boolean => isFloat(d) || isInt(d);
const floating = isFloat;

/**
 * An elementwise binary primitive with broadcasting and TF's same-dtype rule. `kernel(dtype)` picks the scalar
 * function for the output dtype, so float32 kernels can round each step and int32 kernels can wrap like C.
 */
function binaryPrimitive(
  name: string,
  display: OpDisplay,
  accepts: (d: DType) => boolean,
  kernel: (d: DType) => Fn2,
  vjp: OpDef['vjp'],
  vjpSkips = false,
): OpDef {
  return defineOp({
    name,
    display,
    vjpSkips,
    // Indexing, not destructuring: these run for every op, and destructuring allocates iterators here.
    infer: (ins) => {
      const a = ins[0];
      const b = ins[1];
      const d = a.dtype === b.dtype ? a.dtype : sameDType(name, [a, b]);
      if (!accepts(d)) throw unsupported(name, d);
      return { shape: broadcastShape(a.shape, b.shape, name), dtype: d };
    },
    kernel: (ins, _attrs, shape, dtype) => {
      try {
        return mapBinary(ins[0], ins[1], shape, dtype, kernel(dtype));
      } catch (e) {
        if (e instanceof KernelFault) throw opError(name, e.message);
        throw e;
      }
    },
    vjp,
  });
}

const fixed =
  (f: Fn2) =>
  (_d: DType): Fn2 =>
    f;

/** Pow's local derivative: `3·x^2` for a literal exponent, `y·x^(y − 1)` otherwise; `x^y·log(x)` for the exponent. */
function powDerivative(slot: number, [a, b]: readonly Expr[], { num }: FormulaContext): string {
  if (slot === 1) return `${wrap(a, 0)}^${wrap(b, 0)}·log(${a.text})`;
  const p = Number(b.text);
  if (b.prec === 0 && Number.isFinite(p) && /^-?[\d.]+$/.test(b.text)) {
    const q = num(p - 1);
    return q === '1' ? `${b.text}·${wrap(a, 1)}` : `${b.text}·${wrap(a, 0)}^${q}`;
  }
  return `${wrap(b, 1)}·${wrap(a, 0)}^(${b.text} − 1)`;
}

// ---- arithmetic primitives (TF op names) -------------------------------------------------------------------------

const addable = (d: DType): boolean => numeric(d) || d === 'string';
/** AddV2 also concatenates strings elementwise (TF registers a string kernel); its float gradient is unchanged. */
export const AddV2 = defineOp({
  name: 'AddV2',
  display: {
    api: 'tf.math.add',
    aliases: ['tf.add'],
    expr: infix(' + ', 3, 3, 3),
    derivative: one,
    sameInput: () => '2',
    broadcasts: true,
  },
  infer: (ins) => {
    const a = ins[0];
    const b = ins[1];
    const d = a.dtype === b.dtype ? a.dtype : sameDType('AddV2', [a, b]);
    if (!addable(d)) throw unsupported('AddV2', d);
    return { shape: broadcastShape(a.shape, b.shape, 'AddV2'), dtype: d };
  },
  kernel: (ins, _attrs, shape, dtype) =>
    dtype === 'string' ? concatStrings(ins[0], ins[1], shape) : mapBinary(ins[0], ins[1], shape, dtype, addF),
  vjp: (g) => [g, g],
});

function concatStrings(a: Tensor, b: Tensor, shape: readonly number[]): string[] {
  const ia = broadcastIndex(a.shape, shape);
  const ib = broadcastIndex(b.shape, shape);
  const ad = a.data as string[];
  const bd = b.data as string[];
  return Array.from(ia, (i, k) => ad[i] + bd[ib[k]]);
}
export const Sub = binaryPrimitive(
  'Sub',
  {
    api: 'tf.math.subtract',
    aliases: ['tf.subtract'],
    expr: infix(' − ', 3, 3, 2),
    derivative: (slot) => (slot === 0 ? '1' : '−1'),
    sameInput: () => '0',
    broadcasts: true,
  },
  numeric,
  fixed(subF),
  (g) => [g, neg(g)],
);
/** int32 products wrap like C (`Math.imul`); a double product would lose the low bits past 2^53. */
export const Mul = binaryPrimitive(
  'Mul',
  {
    api: 'tf.math.multiply',
    aliases: ['tf.multiply'],
    expr: infix('·', 2, 2, 1),
    derivative: (slot, [a, b]) => (slot === 0 ? b.text : a.text),
    sameInput: ([a]) => `2·${wrap(a, 1)}`,
    broadcasts: true,
  },
  numeric,
  (d) => (d === 'int32' ? Math.imul : mulF),
  (g, { inputs }) => [mul(g, inputs[1]), mul(inputs[0], g)],
);
/** RealDiv has float kernels only (`realdiv` of ints is TF's no-kernel error; `/` casts ints first). */
export const RealDiv = binaryPrimitive(
  'RealDiv',
  {
    api: 'tf.math.divide',
    aliases: ['tf.divide', 'tf.math.truediv', 'tf.truediv', 'tf.realdiv', 'tf.math.realdiv'],
    expr: infix('/', 2, 2, 1),
    derivative: (slot, [a, b]) => (slot === 0 ? `1/${wrap(b, 1)}` : `−${wrap(a, 2)}/${wrap(b, 0)}²`),
    broadcasts: true,
  },
  floating,
  fixed(divF),
  (g, { inputs: [a, b] }) => [realdiv(g, b), mul(g, realdiv(realdiv(neg(a), b), b))],
);
export const Neg = unaryOp(
  'Neg',
  {
    api: 'tf.math.negative',
    aliases: ['tf.negative'],
    expr: ([a]) => ({ text: `−${wrap(a, 1)}`, prec: 2 }),
    derivative: () => '−1',
  },
  negF,
  (g) => [neg(g)],
  { accepts: numeric },
);

export const add = (a: TensorLike, b: TensorLike): Tensor => apply(AddV2, binaryOperands(a, b), NO_ATTRS);
export const sub = (a: TensorLike, b: TensorLike): Tensor => apply(Sub, binaryOperands(a, b), NO_ATTRS);
export const mul = (a: TensorLike, b: TensorLike): Tensor => apply(Mul, binaryOperands(a, b), NO_ATTRS);
export const realdiv = (a: TensorLike, b: TensorLike): Tensor => apply(RealDiv, binaryOperands(a, b), NO_ATTRS);
export const neg = (x: TensorLike): Tensor => apply(Neg, [toTensor(x)], NO_ATTRS);

/** `tf.math.subtract`, `tf.math.multiply`, `tf.math.negative`: the same ops under their public names. */
export const subtract = sub;
export const multiply = mul;
export const negative = neg;

// ---- true division --------------------------------------------------------------------------------------------

/** Python 3 `/` on tensors (math_ops `_TRUEDIV_TABLE`): 8- and 16-bit ints are cast to float32 first, int32/int64 to float64, floats stay. */
const TRUEDIV_TO: Partial<Record<DType, DType | null>> = {
  int8: 'float32',
  int16: 'float32',
  uint8: 'float32',
  uint16: 'float32',
  int32: 'float64',
  int64: 'float64',
  float16: null,
  float32: null,
  float64: null,
};
const TRUEDIV_KEYS =
  'tf.uint8, tf.int8, tf.uint16, tf.int16, tf.uint32, tf.int32, tf.uint64, tf.int64, tf.bfloat16, tf.float16, tf.float32, tf.float64, tf.complex64, tf.complex128';

const isTensorLike = (v: TensorLike): v is Tensor | Variable => v instanceof Tensor || v instanceof Variable;

/** `convert_to_tensor(v, dtype_hint=hint)`: the hint is used when the value converts to it, ignored otherwise. */
function withHint(v: TensorLike, hint: DType): Tensor {
  if (isTensorLike(v)) return toTensor(v);
  try {
    return toTensor(v, hint);
  } catch (e) {
    if (e instanceof EngineError && (e.pyType === 'TypeError' || e.pyType === 'ValueError')) return toTensor(v);
    throw e;
  }
}

/** `tf.math.truediv(x, y)` (and Python `x / y` for a tensor `x`). */
export function truediv(a: TensorLike, b: TensorLike): Tensor {
  const x = toTensor(a);
  const y = withHint(b, x.dtype);
  if (x.dtype !== y.dtype) {
    throw new EngineError('TypeError', `\`x\` and \`y\` must have the same dtype, got tf.${x.dtype} != tf.${y.dtype}.`);
  }
  const to = TRUEDIV_TO[x.dtype];
  if (to === undefined) {
    throw new EngineError(
      'TypeError',
      `Invalid dtype tf.${x.dtype} in __truediv__. Expected one of {${TRUEDIV_KEYS}}.`,
    );
  }
  return to ? realdiv(cast(x, to), cast(y, to)) : realdiv(x, y);
}

/** `tf.math.divide(x, y)`: a non-tensor `x` takes `y`'s dtype, then Python `/` (so int32 / int32 is float64). */
export function divide(a: TensorLike, b: TensorLike): Tensor {
  const x = isTensorLike(a) ? toTensor(a) : toTensor(a, isTensorLike(b) ? b.dtype : undefined);
  return truediv(x, b);
}

// ---- floor division, modulo, power ----------------------------------------------------------------------------

/** `tf.math.floordiv` / Python `//`: floor(x / y) for floats (the quotient rounded first), Python semantics for ints. */
export const FloorDiv = binaryPrimitive(
  'FloorDiv',
  { api: 'tf.math.floordiv', aliases: ['tf.floordiv'], broadcasts: true },
  numeric,
  (d) => {
    if (isInt(d)) return floorDivInt;
    const r = stepRounding(d);
    return (x, y) => Math.floor(r(x / y));
  },
  'none',
);
export const floordiv = (a: TensorLike, b: TensorLike): Tensor => apply(FloorDiv, binaryOperands(a, b), NO_ATTRS);

/** `tf.math.floormod` / `tf.math.mod` / Python `%`: the result takes the divisor's sign. Gradient (1, -floor(x/y)). */
export const FloorMod = binaryPrimitive(
  'FloorMod',
  { api: 'tf.math.floormod', aliases: ['tf.math.mod'], broadcasts: true },
  numeric,
  (d) => (isInt(d) ? floorModInt : floorModFloat(stepRounding(d))),
  (g, { inputs: [x, y] }) => [g, mul(g, neg(floordiv(x, y)))],
);
export const floormod = (a: TensorLike, b: TensorLike): Tensor => apply(FloorMod, binaryOperands(a, b), NO_ATTRS);
export const mod = floormod;

/**
 * `tf.pow` / `**` (MG `_PowGrad`): d/dx = g*y*x^(y-1); d/dy = g*z*log(x) where x > 0 and 0 elsewhere
 * (`where(x > 0, log(where(x > 0, x, 1)), 0)`, so no NaN for x <= 0).
 */
export const Pow = binaryPrimitive(
  'Pow',
  { api: 'tf.math.pow', aliases: ['tf.pow'], expr: infix('^', 1, 0, 0), derivative: powDerivative, broadcasts: true },
  numeric,
  (d) => (d === 'int64' ? powInt64 : isInt(d) ? powInt32 : powFloat),
  (g, { inputs: [x, y], output: z }, skip = 0) => {
    const gx = mul(mul(g, y), pow(x, sub(y, 1)));
    // TF `_PowGrad`: no exponent gradient when nobody wants it (the usual `x ** 3`).
    if (skip & 2) return [gx, null];
    const mask = greater(x, 0);
    const logX = where(mask, log(where(mask, x, onesLike(x))), zerosLike(x));
    return [gx, mul(mul(g, z), logX)];
  },
  true,
);
export const pow = (a: TensorLike, b: TensorLike): Tensor => apply(Pow, binaryOperands(a, b), NO_ATTRS);

// ---- maximum / minimum ------------------------------------------------------------------------------------------

/** MG `_MaximumMinimumGrad`: x gets the upstream where `selector(x, y)` holds (ties included), y the rest. */
function selectGrad(selector: (x: Tensor, y: Tensor) => Tensor) {
  return (g: Tensor, { inputs: [x, y] }: NodeView<Record<string, never>>): Grad[] => {
    const mask = selector(x, y);
    const zero = zerosLike(g);
    return [where(mask, g, zero), where(mask, zero, g)];
  };
}
/** `tf.maximum`: NaN propagates; on a tie the whole gradient goes to x (the first argument). */
export const Maximum = binaryPrimitive(
  'Maximum',
  {
    api: 'tf.math.maximum',
    aliases: ['tf.maximum'],
    derivative: (slot, [a, b]) => (slot === 0 ? `[${a.text} ≥ ${b.text}]` : `[${b.text} > ${a.text}]`),
    broadcasts: true,
  },
  numeric,
  fixed(Math.max),
  selectGrad(greaterEqual),
);
/** `tf.minimum`: the mirror image (`x <= y` selects x). */
export const Minimum = binaryPrimitive(
  'Minimum',
  {
    api: 'tf.math.minimum',
    aliases: ['tf.minimum'],
    derivative: (slot, [a, b]) => (slot === 0 ? `[${a.text} ≤ ${b.text}]` : `[${b.text} < ${a.text}]`),
    broadcasts: true,
  },
  numeric,
  fixed(Math.min),
  selectGrad(lessEqual),
);
export const maximum = (a: TensorLike, b: TensorLike): Tensor => apply(Maximum, binaryOperands(a, b), NO_ATTRS);
export const minimum = (a: TensorLike, b: TensorLike): Tensor => apply(Minimum, binaryOperands(a, b), NO_ATTRS);

// ---- squared difference, safe divisions -----------------------------------------------------------------------

/** `tf.math.squared_difference`: (x-y)*(x-y); gradient `(2*g)*(x-y)` and its negation (MG). */
export const SquaredDifference = binaryPrimitive(
  'SquaredDifference',
  {
    api: 'tf.math.squared_difference',
    expr: ([a, b]) => ({ text: `(${a.text} − ${b.text})²`, prec: 1 }),
    derivative: (slot, [a, b]) => `${slot === 0 ? '' : '−'}2·(${a.text} − ${b.text})`,
    broadcasts: true,
  },
  numeric,
  (d) => {
    if (d === 'int32') return (x, y) => Math.imul(x - y, x - y);
    const r = stepRounding(d);
    return (x, y) => {
      const v = r(x - y);
      return v * v;
    };
  },
  (g, { inputs: [x, y] }) => {
    const gx = mul(mul(2, g), sub(x, y));
    return [gx, neg(gx)];
  },
);
export const squaredDifference = (a: TensorLike, b: TensorLike): Tensor =>
  apply(SquaredDifference, binaryOperands(a, b), NO_ATTRS);

/** `tf.math.divide_no_nan`: 0 where y == 0, else x / y (float kernels only). */
export const DivNoNan = binaryPrimitive(
  'DivNoNan',
  { api: 'tf.math.divide_no_nan', expr: infix('/', 2, 2, 1), broadcasts: true },
  floating,
  fixed((x, y) => (y === 0 ? 0 : x / y)),
  (g, { inputs: [x, y] }) => [divNoNan(g, y), mul(g, divNoNan(divNoNan(neg(x), y), y))],
);
export const divNoNan = (a: TensorLike, b: TensorLike): Tensor => apply(DivNoNan, binaryOperands(a, b), NO_ATTRS);

const nonZeroOf = (x: Tensor): Tensor => cast(notEqual(x, cast(0, x.dtype)), x.dtype);

/** `tf.math.xdivy`: 0 where x == 0, else x / y. */
export const Xdivy = binaryPrimitive(
  'Xdivy',
  { api: 'tf.math.xdivy', broadcasts: true },
  floating,
  fixed((x, y) => (x === 0 ? 0 : x / y)),
  (g, { inputs: [x, y] }) => [mul(xdivy(nonZeroOf(x), y), g), mul(xdivy(neg(x), pow(y, 2)), g)],
);
export const xdivy = (a: TensorLike, b: TensorLike): Tensor => apply(Xdivy, binaryOperands(a, b), NO_ATTRS);

/** `tf.math.xlogy`: 0 where x == 0, else x * log(y). Gradient (MG `_XLogyGrad`): xlogy(x != 0, y), xdivy(x, y). */
export const Xlogy = binaryPrimitive(
  'Xlogy',
  { api: 'tf.math.xlogy', broadcasts: true },
  floating,
  (d) => {
    const r = stepRounding(d);
    return (x, y) => (x === 0 ? 0 : x * r(Math.log(y)));
  },
  (g, { inputs: [x, y] }) => [mul(xlogy(nonZeroOf(x), y), g), mul(xdivy(x, y), g)],
);
export const xlogy = (a: TensorLike, b: TensorLike): Tensor => apply(Xlogy, binaryOperands(a, b), NO_ATTRS);

// ---- add_n ------------------------------------------------------------------------------------------------------

/** `tf.math.add_n`: same shape and dtype for every input (no broadcasting); the gradient is copied to each. */
export const AddN = defineOp({
  name: 'AddN',
  display: { api: 'tf.math.add_n', aliases: ['tf.add_n'] },
  infer: (xs) => {
    const d = sameDType('AddN', xs);
    if (!numeric(d)) throw unsupported('AddN', d);
    xs.forEach((x, i) => {
      if (!shapesEqual(x.shape, xs[0].shape)) {
        throw opError(
          'AddN',
          `Inputs to operation AddN of type AddN must have the same size and shape.  Input 0: ${shapeText(xs[0].shape)} != input ${i}: ${shapeText(x.shape)}`,
        );
      }
    });
    return { shape: xs[0].shape, dtype: d };
  },
  kernel: (xs, _attrs, _shape, dtype) => addNKernel(xs, dtype, xs[0].size),
  vjp: (g, { inputs }) => inputs.map(() => g),
});

export function addN(inputs: readonly TensorLike[]): Tensor {
  if (inputs.length === 0) {
    throw new EngineError(
      'ValueError',
      'Inputs must be an iterable of at least one Tensor/IndexedSlices with the same dtype and shape.',
    );
  }
  const ts = inputs.map((x) => toTensor(x));
  return ts.length === 1 ? ts[0] : apply(AddN, ts, NO_ATTRS);
}

// ---- identity-like ----------------------------------------------------------------------------------------------

export const Identity = defineOp({
  name: 'Identity',
  display: { api: 'tf.identity', identity: true },
  infer: ([x]) => ({ shape: x.shape, dtype: x.dtype }),
  kernel: ([x]) => x.data,
  vjp: (g) => [g],
});
export const identity = (x: TensorLike): Tensor => apply(Identity, [toTensor(x)], NO_ATTRS);

/** `tf.stop_gradient`: identity forward, registered NotDifferentiable. */
export const StopGradient = defineOp({
  name: 'StopGradient',
  display: { api: 'tf.stop_gradient' },
  infer: ([x]) => ({ shape: x.shape, dtype: x.dtype }),
  kernel: ([x]) => x.data,
  vjp: 'none',
});
export const stopGradient = (x: TensorLike): Tensor => apply(StopGradient, [toTensor(x)], NO_ATTRS);

/** `tf.cast`: the gradient is cast back only when both dtypes are floating (MG `_CastGrad`), else None. */
export const Cast = defineOp<{ to: DType }>({
  name: 'Cast',
  display: { api: 'tf.cast', identity: true },
  infer: ([x], { to }) => ({ shape: x.shape, dtype: to }),
  kernel: ([x], { to }) => castTensorData(x, to).data,
  vjp: (g, { inputs: [x], output }) => (isFloat(x.dtype) && isFloat(output.dtype) ? [cast(g, x.dtype)] : [null]),
});
/** `tf.cast`. A JS value is converted first, so `cast(0.5, 'float64')` is the float32 0.5 widened (as in TF). */
export function cast(x: TensorLike, to: DType): Tensor {
  const t = toTensor(x);
  return t.dtype === to ? t : apply(Cast, [t], { to });
}
