import { describe, expect, it } from 'vitest';
import { EngineError } from '../../src/engine/errors';
import {
  elu,
  gelu,
  leakyRelu,
  relu,
  relu6,
  selu,
  sigmoid,
  sigmoidGrad,
  softplus,
  softsign,
} from '../../src/engine/ops/activations';
import { clipByNorm, clipByValue } from '../../src/engine/ops/clip';
import {
  equal,
  greater,
  greaterEqual,
  less,
  lessEqual,
  logicalAnd,
  logicalNot,
  logicalOr,
  logicalXor,
  notEqual,
  where,
} from '../../src/engine/ops/compare';
import {
  add,
  addN,
  divide,
  divNoNan,
  floordiv,
  maximum,
  minimum,
  mod,
  mul,
  neg,
  negative,
  pow,
  realdiv,
  squaredDifference,
  subtract,
  truediv,
  xlogy,
} from '../../src/engine/ops/math';
import {
  abs,
  ceil,
  erf,
  exp,
  floor,
  isFinite as isFiniteOp,
  isInf,
  isNan,
  reciprocal,
  rint,
  round,
  rsqrt,
  sign,
  sin,
  sqrt,
  sqrtGrad,
  square,
  tanh,
} from '../../src/engine/ops/unary';
import { constant, type Nested } from '../../src/engine/tensor/convert';
import { Tensor } from '../../src/engine/tensor/tensor';

const vals = (t: Tensor) => Array.from(t.data as ArrayLike<number>);
const ints = (v: number[]) => constant(v.map((x) => BigInt(x)));
const f64 = (v: number[]) => new Tensor('float64', [v.length], Float64Array.from(v));
const f32 = (v: Nested) => constant(v);
const bools = (v: boolean[]) => constant(v);
const fr = Math.fround;

function raises(fn: () => unknown, pyType: string, message: string): void {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(EngineError);
  expect((caught as EngineError).pyType).toBe(pyType);
  expect((caught as EngineError).message).toBe(message);
}

describe('floordiv and mod: Python semantics', () => {
  it('integer floordiv rounds toward -inf; float floordiv is floor(x / y)', () => {
    const r = floordiv(ints([7, -7, 7, -7, 6]), ints([2, 2, -2, -2, 3]));
    expect(r.dtype).toBe('int32');
    expect(vals(r)).toEqual([3, -4, -4, 3, 2]);
    expect(vals(floordiv(f32([7.5, -7.5, 1]), f32([2, 2, 0])))).toEqual([3, -4, Infinity]);
  });

  it('mod takes the sign of the divisor, for ints and floats', () => {
    expect(vals(mod(ints([7, -7, 7, -7]), ints([3, 3, -3, -3])))).toEqual([1, 2, -2, -1]);
    expect(vals(mod(f64([5.5, -5.5, 5.5, 4]), f64([-2, 2, 2, 2])))).toEqual([-0.5, 0.5, 1.5, 0]);
  });

  it('integer division by zero is an InvalidArgumentError; INT_MIN // -1 wraps', () => {
    raises(
      () => floordiv(ints([1, 2]), ints([1, 0])),
      'InvalidArgumentError',
      'Integer division by zero [Op:FloorDiv]',
    );
    raises(() => mod(ints([1]), ints([0])), 'InvalidArgumentError', 'Integer division by zero [Op:FloorMod]');
    expect(vals(floordiv(ints([-2147483648]), ints([-1])))).toEqual([-2147483648]);
    expect(vals(mod(ints([-2147483648]), ints([-1])))).toEqual([0]);
  });
});

describe('pow', () => {
  it('integer powers stay integer and wrap like int32', () => {
    const r = pow(ints([2, -3, 2, 0]), ints([10, 3, 31, 0]));
    expect(r.dtype).toBe('int32');
    expect(vals(r)).toEqual([1024, -27, -2147483648, 1]);
  });
  it('negative integer exponents are an error', () => {
    raises(
      () => pow(ints([2]), ints([-1])),
      'InvalidArgumentError',
      'Integers to negative integer powers are not allowed [Op:Pow]',
    );
  });
  it('float pow follows C: pow(1, nan) = 1, pow(-1, inf) = 1, negative base with fractional exponent is NaN', () => {
    expect(vals(pow(f64([1, -1, -8, 4]), f64([Number.NaN, Infinity, 1 / 3, 0.5])))).toEqual([1, 1, Number.NaN, 2]);
    expect(vals(pow(f32([3]), 2))).toEqual([9]);
  });
});

describe('elementwise values and float32 rounding', () => {
  it('sign of 0 is 0; abs, square and maximum work on int32', () => {
    expect(vals(sign(f32([-2, 0, 3, -0])))).toEqual([-1, 0, 1, 0]);
    expect(Number.isNaN(vals(sign(f32([Number.NaN])))[0])).toBe(true);
    expect(vals(sign(ints([-5, 0, 7])))).toEqual([-1, 0, 1]);
    expect(vals(abs(ints([-3, 4])))).toEqual([3, 4]);
    expect(vals(square(ints([-3, 46341])))).toEqual([9, -2147479015]); // 46341^2 = 2147488281 wraps
    const m = maximum(ints([1, 5, -2]), ints([3, 2, -2]));
    expect(m.dtype).toBe('int32');
    expect(vals(m)).toEqual([3, 5, -2]);
    expect(vals(minimum(ints([1, 5]), 2n))).toEqual([1, 2]);
  });

  it('int32 products wrap (C semantics)', () => {
    expect(vals(mul(ints([65536, 46341]), ints([65536, 46341])))).toEqual([0, -2147479015]);
  });

  it('float32 results are the float32 rounding of each step', () => {
    const x = f32([0.1]);
    expect(vals(square(x))).toEqual([fr(fr(0.1) * fr(0.1))]);
    expect(vals(reciprocal(f32([3])))).toEqual([fr(1 / 3)]);
    expect(vals(sqrt(f32([2])))).toEqual([fr(Math.SQRT2)]);
    expect(vals(rsqrt(f32([4])))).toEqual([0.5]);
    expect(vals(squaredDifference(f32([0.3]), f32([0.1])))).toEqual([fr(fr(fr(0.3) - fr(0.1)) ** 2)]);
    expect(vals(exp(f64([1])))).toEqual([Math.E]);
    expect(vals(tanh(f64([0.5])))).toEqual([0.46211715726000974]);
    expect(vals(sin(f32([Math.PI / 6])))[0]).toBeCloseTo(0.5, 7);
  });

  it('SigmoidGrad uses the packet form for the first 8 float32 elements and the scalar form for the tail', () => {
    const y = fr(1 / 2011);
    const g = fr(0.3 + 1 / 997);
    const packet = fr(g * fr(y * fr(1 - y)));
    const scalar = fr(fr(g * y) * fr(1 - y));
    expect(packet).not.toBe(scalar);
    const r = sigmoidGrad(f32(Array(9).fill(y)), f32(Array(9).fill(g)));
    expect(vals(r)).toEqual([...Array(8).fill(packet), scalar]);
  });

  it('SqrtGrad: (0.5/y)*g in packets, (0.5*g)/y in the tail, 0 where g = 0', () => {
    const y = fr(0.5129289031028748);
    const g = fr(0.32607823610305786);
    const packet = fr(fr(0.5 / y) * g);
    const scalar = fr(fr(0.5 * g) / y);
    expect(packet).not.toBe(scalar);
    const r = sqrtGrad(f32([...Array(8).fill(y), y, 0]), f32([...Array(8).fill(g), g, 0]));
    expect(vals(r)).toEqual([...Array(8).fill(packet), scalar, 0]);
  });

  it('erf matches reference values in float64', () => {
    const xs = [0, 0.1, 0.5, 1, 2, 3, -1, 4, 7];
    const ref = [
      0, 0.1124629160182849, 0.5204998778130465, 0.8427007929497149, 0.9953222650189527, 0.9999779095030014,
      -0.8427007929497149, 0.9999999845827421, 1,
    ];
    vals(erf(f64(xs))).forEach((v, i) => {
      expect(Math.abs(v - ref[i])).toBeLessThanOrEqual(2 * Number.EPSILON * Math.max(Math.abs(ref[i]), 1e-300));
    });
    expect(vals(erf(f64([Infinity, -Infinity])))).toEqual([1, -1]);
    expect(Number.isNaN(vals(erf(f64([Number.NaN])))[0])).toBe(true);
  });

  it('round and rint round half to even, keep -0, and round leaves ints alone', () => {
    const x = f32([0.5, 1.5, 2.5, -0.5, -1.5, 2.4, 2.6, -0.4]);
    const expected = [0, 2, 2, -0, -2, 2, 3, -0];
    expect(vals(round(x))).toEqual(expected);
    expect(Object.is(vals(round(x))[3], -0)).toBe(true);
    expect(vals(rint(x))).toEqual(expected);
    const i = ints([3, -4]);
    expect(round(i)).toBe(i);
    expect(vals(floor(f32([-1.5, 1.5])))).toEqual([-2, 1]);
    expect(vals(ceil(f32([-1.5, 1.5])))).toEqual([-1, 2]);
  });

  it('isnan / isinf / isfinite give bool', () => {
    const x = f32([Number.NaN, Infinity, -Infinity, 1]);
    expect(isNan(x).dtype).toBe('bool');
    expect(vals(isNan(x))).toEqual([1, 0, 0, 0]);
    expect(vals(isInf(x))).toEqual([0, 1, 1, 0]);
    expect(vals(isFiniteOp(x))).toEqual([0, 0, 0, 1]);
  });

  it('maximum and minimum propagate NaN', () => {
    expect(vals(maximum(f32([Number.NaN, 1]), f32([1, Number.NaN]))).every(Number.isNaN)).toBe(true);
    expect(vals(minimum(f32([Number.NaN]), f32([1]))).every(Number.isNaN)).toBe(true);
  });

  it('div_no_nan and xlogy are 0 at their removable points', () => {
    expect(vals(divNoNan(f32([1, 2, 0]), f32([0, 4, 0])))).toEqual([0, 0.5, 0]);
    expect(vals(xlogy(f64([0, 2, 0]), f64([0, Math.E, 5])))).toEqual([0, 2, 0]);
  });

  it('aliases: subtract, negative', () => {
    expect(vals(subtract(f32([3]), 1))).toEqual([2]);
    expect(vals(negative(f32([3])))).toEqual([-3]);
  });
});

describe('true division', () => {
  it('int32 / int32 is float64; floats keep their dtype', () => {
    const r = divide(ints([7, 1]), ints([2, 3]));
    expect(r.dtype).toBe('float64');
    expect(vals(r)).toEqual([3.5, 1 / 3]);
    expect(truediv(ints([1]), 2n).dtype).toBe('float64');
    expect(divide(7n, ints([2])).dtype).toBe('float64');
    expect(truediv(f32([1]), 3).dtype).toBe('float32');
    expect(vals(truediv(f32([1]), 3))).toEqual([fr(1 / 3)]);
  });
  it('mismatched dtypes and bool are TypeErrors; realdiv of ints has no kernel', () => {
    raises(
      () => truediv(f32([1]), f64([2])),
      'TypeError',
      '`x` and `y` must have the same dtype, got tf.float32 != tf.float64.',
    );
    raises(
      () => truediv(ints([1]), 2.5),
      'TypeError',
      '`x` and `y` must have the same dtype, got tf.int32 != tf.float32.',
    );
    raises(
      () => truediv(bools([true]), bools([true])),
      'TypeError',
      'Invalid dtype tf.bool in __truediv__. Expected one of {tf.uint8, tf.int8, tf.uint16, tf.int16, tf.uint32, tf.int32, tf.uint64, tf.int64, tf.bfloat16, tf.float16, tf.float32, tf.float64, tf.complex64, tf.complex128}.',
    );
    raises(
      () => realdiv(ints([1]), ints([2])),
      'NotFoundError',
      'Could not find device for node: {{node RealDiv}} = RealDiv[T=DT_INT32] [Op:RealDiv]',
    );
  });
});

describe('add_n', () => {
  it('sums like TF: float32 rounding after every addition', () => {
    // (2^24 + 1) + 1 in float32 stays 2^24 (each +1 rounds to even); a double accumulator would give 2^24 + 2.
    expect(vals(addN([f32([2 ** 24]), f32([1]), f32([1])]))).toEqual([2 ** 24]);
  });
  it("groups as TF's kernel does: first n % 8 inputs, then blocks of 8 added to the result", () => {
    // 10 inputs: (2^24 + 1) → 2^24; then (2+1+1+1+1+1+1+1) = 9; 2^24 + 9 rounds (tie to even) to 2^24 + 8.
    const xs = [2 ** 24, 1, 2, 1, 1, 1, 1, 1, 1, 1].map((v) => f32([v]));
    expect(vals(addN(xs))).toEqual([2 ** 24 + 8]);
  });
  it('one input is returned as is; shape and dtype mismatches are errors', () => {
    const x = f32([1, 2]);
    expect(addN([x])).toBe(x);
    raises(
      () => addN([x, f32([1, 2, 3])]),
      'InvalidArgumentError',
      'Inputs to operation AddN of type AddN must have the same size and shape.  Input 0: [2] != input 1: [3] [Op:AddN]',
    );
    raises(
      () => addN([x, f64([1, 2])]),
      'InvalidArgumentError',
      'cannot compute AddN as input #1(zero-based) was expected to be a float tensor but is a double tensor [Op:AddN] name: ',
    );
    raises(
      () => addN([]),
      'ValueError',
      'Inputs must be an iterable of at least one Tensor/IndexedSlices with the same dtype and shape.',
    );
    expect(vals(addN([ints([1, 2]), ints([3, 4]), ints([5, 6])]))).toEqual([9, 12]);
  });
});

describe('comparisons, logical ops and where', () => {
  it('comparisons broadcast and return bool', () => {
    const a = f32([1, 2, 3]);
    const r = less(a, 2);
    expect(r.dtype).toBe('bool');
    expect(vals(r)).toEqual([1, 0, 0]);
    expect(vals(lessEqual(a, 2))).toEqual([1, 1, 0]);
    expect(vals(greater(a, 2))).toEqual([0, 0, 1]);
    expect(vals(greaterEqual(a, 2))).toEqual([0, 1, 1]);
    expect(vals(equal(a, f32([1, 0, 3])))).toEqual([1, 0, 1]);
    expect(vals(notEqual(f32([Number.NaN]), f32([Number.NaN])))).toEqual([1]);
    expect(vals(equal(constant(['a', 'b']), 'a'))).toEqual([1, 0]);
    expect(vals(equal(bools([true, false]), bools([true, true])))).toEqual([1, 0]);
    expect(greater(constant([[1n], [5n]]), ints([2, 3])).shape).toEqual([2, 2]);
  });

  it('ordering comparisons have no bool kernel; shapes must broadcast', () => {
    raises(
      () => less(bools([true]), bools([false])),
      'NotFoundError',
      'Could not find device for node: {{node Less}} = Less[T=DT_BOOL] [Op:Less]',
    );
    raises(
      () => equal(f32([1, 2]), f32([1, 2, 3])),
      'InvalidArgumentError',
      'Incompatible shapes: [2] vs. [3] [Op:Equal]',
    );
  });

  it('logical ops: truth tables, xor composed, bool required', () => {
    const a = bools([true, true, false, false]);
    const b = bools([true, false, true, false]);
    expect(vals(logicalAnd(a, b))).toEqual([1, 0, 0, 0]);
    expect(vals(logicalOr(a, b))).toEqual([1, 1, 1, 0]);
    expect(vals(logicalXor(a, b))).toEqual([0, 1, 1, 0]);
    expect(vals(logicalNot(a))).toEqual([0, 0, 1, 1]);
    expect(vals(logicalAnd(a, true))).toEqual([1, 1, 0, 0]);
    raises(
      () => logicalAnd(ints([1]), b),
      'InvalidArgumentError',
      'cannot compute LogicalAnd as input #0(zero-based) was expected to be a bool tensor but is a int32 tensor [Op:LogicalAnd]',
    );
  });

  it('where(cond, x, y) broadcasts all three', () => {
    const c = bools([true, false, true]);
    const r = where(c, f32([[1], [2]]), f32([10, 20, 30]));
    expect(r.shape).toEqual([2, 3]);
    expect(vals(r)).toEqual([1, 20, 1, 2, 20, 2]);
    expect(vals(where(c, constant(['a', 'b', 'c']), 'z') as Tensor)).toEqual(['a', 'z', 'c']);
  });

  it('where(cond) returns int64 coordinates [n, rank]', () => {
    const r = where(
      constant([
        [true, false, false],
        [true, true, false],
      ]),
    );
    expect(r.dtype).toBe('int64');
    expect(r.shape).toEqual([3, 2]);
    expect(vals(r)).toEqual([0, 0, 1, 0, 1, 1]);
    expect(where(f32([0, 3, 0, -1])).shape).toEqual([2, 1]);
    expect(where(bools([false])).shape).toEqual([0, 1]);
  });

  it('where errors: cond dtype, x/y dtypes, broadcasting, one of x/y missing', () => {
    raises(
      () => where(f32([1]), f32([1]), f32([2])),
      'InvalidArgumentError',
      'cannot compute SelectV2 as input #0(zero-based) was expected to be a bool tensor but is a float tensor [Op:SelectV2]',
    );
    raises(
      () => where(bools([true]), f32([1]), f64([2])),
      'InvalidArgumentError',
      'cannot compute SelectV2 as input #2(zero-based) was expected to be a float tensor but is a double tensor [Op:SelectV2]',
    );
    raises(
      () => where(bools([true, false]), f32([1, 2, 3]), f32([1])),
      'InvalidArgumentError',
      'condition [2], then [3], and else [1] must be broadcastable [Op:SelectV2]',
    );
    raises(() => where(bools([true]), f32([1])), 'ValueError', 'x and y must both be non-None or both be None.');
  });
});

describe('activations', () => {
  it('relu, relu6 (also on ints), leaky_relu with alpha = 0.2 by default', () => {
    expect(vals(relu(f32([-1, 0, 2])))).toEqual([0, 0, 2]);
    expect(relu(ints([-1, 3])).dtype).toBe('int32');
    expect(vals(relu6(f32([-1, 3, 7])))).toEqual([0, 3, 6]);
    expect(vals(leakyRelu(f32([-1, 2])))).toEqual([fr(-fr(0.2)), 2]);
    const li = leakyRelu(ints([-5]));
    expect(li.dtype).toBe('float32');
    expect(vals(li)).toEqual([-1]);
  });

  it('leaky_relu alpha is a float32 attr, even for float64 features', () => {
    expect(vals(leakyRelu(f64([-1])))).toEqual([-0.20000000298023224]);
  });

  it('elu = exp(x) - 1 below 0; selu scales it', () => {
    expect(vals(elu(f64([-1, 2])))).toEqual([Math.exp(-1) - 1, 2]);
    const scale = 1.0507009873554805;
    const scaleAlpha = 1.7580993408473768;
    expect(vals(selu(f64([-1, 2])))).toEqual([scaleAlpha * (Math.exp(-1) - 1), scale * 2]);
  });

  it('sigmoid, softsign, softplus (stable for large |x|)', () => {
    expect(vals(sigmoid(f64([0])))).toEqual([0.5]);
    expect(vals(softsign(f64([3, -1])))).toEqual([0.75, -0.5]);
    expect(vals(softplus(f64([0])))).toEqual([Math.LN2]);
    // float32 exp(-100) is subnormal, and TF's threads flush it: real TF 2.21 gives 0 (a float64 tensor keeps it).
    expect(vals(softplus(f32([100, -100, 1000])))).toEqual([100, 0, 1000]);
    expect(vals(softplus(f64([-100])))).toEqual([Math.exp(-100)]);
    expect(vals(softplus(f64([800])))).toEqual([800]);
  });

  it('gelu exact is x * Phi(x); approximate is the tanh form', () => {
    // Phi(1) = 0.8413447460685429, Phi(-1) = 0.15865525393145707
    const [g1, gm1] = vals(gelu(f64([1, -1])));
    expect(g1).toBeCloseTo(0.8413447460685429, 7);
    expect(gm1).toBeCloseTo(-0.15865525393145707, 7);
    const [a1] = vals(gelu(f64([1]), true));
    expect(a1).toBeCloseTo(0.5 * (1 + Math.tanh(0.7978845608028654 * (1 + 0.044715))), 7);
    expect(gelu(f32([1])).dtype).toBe('float32');
  });
});

describe('clipping', () => {
  it('clip_by_value = maximum(minimum(t, max), min), also on ints', () => {
    expect(vals(clipByValue(f32([-2, 0.5, 3]), -1, 1))).toEqual([-1, 0.5, 1]);
    expect(vals(clipByValue(ints([-5, 2, 9]), 0n, 5n))).toEqual([0, 2, 5]);
  });
  it('clip_by_value refuses to broadcast the input to a larger shape', () => {
    raises(
      () =>
        clipByValue(
          f32([1, 2]),
          -1,
          f32([
            [1, 2],
            [3, 4],
            [5, 6],
          ]),
        ),
      'ValueError',
      'Shapes (2,) and (3, 2) are incompatible',
    );
  });
  it('clip_by_norm: TF docstring example', () => {
    const r = clipByNorm(f32([[1, 2, 3, 4, 5]]), 2.0);
    const expected = [0.26967996, 0.5393599, 0.80903983, 1.0787199, 1.3483998];
    vals(r).forEach((v, i) => {
      expect(v).toBe(fr(expected[i]));
    });
  });
  it('clip_by_norm leaves a small tensor unchanged and a zero tensor zero', () => {
    expect(vals(clipByNorm(f32([0.3, 0.4]), 1.0))).toEqual([fr(0.3), fr(0.4)]);
    expect(vals(clipByNorm(f32([0, 0]), 1.0))).toEqual([0, 0]);
  });
});

describe('dtype support follows TF kernel registrations', () => {
  it('float-only kernels refuse ints with the no-kernel error', () => {
    raises(
      () => sin(ints([1])),
      'NotFoundError',
      'Could not find device for node: {{node Sin}} = Sin[T=DT_INT32] [Op:Sin]',
    );
    raises(
      () => floor(ints([1])),
      'NotFoundError',
      'Could not find device for node: {{node Floor}} = Floor[T=DT_INT32] [Op:Floor]',
    );
    raises(
      () => sigmoid(ints([1])),
      'NotFoundError',
      'Could not find device for node: {{node Sigmoid}} = Sigmoid[T=DT_INT32] [Op:Sigmoid]',
    );
    raises(
      () => divNoNan(ints([1]), ints([1])),
      'NotFoundError',
      'Could not find device for node: {{node DivNoNan}} = DivNoNan[T=DT_INT32] [Op:DivNoNan]',
    );
  });
  it('arithmetic has no bool kernels', () => {
    raises(
      () => add(bools([true]), bools([true])),
      'NotFoundError',
      'Could not find device for node: {{node AddV2}} = AddV2[T=DT_BOOL] [Op:AddV2]',
    );
    raises(
      () => neg(bools([true])),
      'NotFoundError',
      'Could not find device for node: {{node Neg}} = Neg[T=DT_BOOL] [Op:Neg]',
    );
    raises(
      () => maximum(bools([true]), bools([true])),
      'NotFoundError',
      'Could not find device for node: {{node Maximum}} = Maximum[T=DT_BOOL] [Op:Maximum]',
    );
  });
  it('no implicit promotion between tensors; a Python float cannot become int32', () => {
    raises(
      () => maximum(f32([1]), f64([1])),
      'InvalidArgumentError',
      'cannot compute Maximum as input #1(zero-based) was expected to be a float tensor but is a double tensor [Op:Maximum] name: ',
    );
    raises(() => pow(ints([2]), 0.5), 'TypeError', 'Cannot convert 0.5 to EagerTensor of dtype int32');
  });
});
