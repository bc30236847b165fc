import { describe, expect, it } from 'vitest';
import { checkGrads, type Fn } from '../../src/engine/autodiff/gradcheck';
import { elu, gelu, leakyRelu, relu, relu6, selu, sigmoid, softplus, softsign } from '../../src/engine/ops/activations';
import { clipByNorm, clipByValue } from '../../src/engine/ops/clip';
import { where } from '../../src/engine/ops/compare';
import {
  addN,
  divide,
  divNoNan,
  floormod,
  maximum,
  minimum,
  mul,
  pow,
  realdiv,
  squaredDifference,
  truediv,
  xdivy,
  xlogy,
} from '../../src/engine/ops/math';
import {
  abs,
  acos,
  asin,
  atan,
  cos,
  cosh,
  erf,
  exp,
  expm1,
  log,
  log1p,
  reciprocal,
  rsqrt,
  sign,
  sin,
  sinh,
  sqrt,
  square,
  tan,
  tanh,
} from '../../src/engine/ops/unary';
import { constant } from '../../src/engine/tensor/convert';
import { Tensor } from '../../src/engine/tensor/tensor';
import { f64 } from './helpers';

/** A float64 tensor with explicit values (for inputs that must avoid kinks). */
const t64 = (values: number[], shape = [values.length]) => new Tensor('float64', shape, Float64Array.from(values));
/** Values in [lo, hi] away from zero on both sides: alternating signs. */
const signed = (shape: number[], seed: number, lo = 0.3, hi = 1.5) => {
  const x = f64(shape, seed, lo, hi);
  const d = x.data as Float64Array;
  for (let i = 0; i < d.length; i += 2) d[i] = -d[i];
  return x;
};
const cond23 = constant([
  [true, false, true],
  [false, false, true],
]);

type Case = [name: string, f: Fn, inputs: () => Tensor[]];

const binary: Case[] = [
  ['pow broadcast', ([a, b]) => pow(a, b), () => [f64([2, 3], 1, 0.5, 1.5), f64([3], 2, 0.5, 2.5)]],
  ['pow integer exponent', ([a]) => pow(a, 3), () => [signed([4], 3)]],
  ['maximum broadcast', ([a, b]) => maximum(a, b), () => [f64([2, 3], 4), f64([3], 5)]],
  ['minimum broadcast', ([a, b]) => minimum(a, b), () => [f64([2, 3], 6), f64([1, 3], 7)]],
  ['floormod (1, -floor(x/y))', ([a, b]) => floormod(a, b), () => [t64([2.3, -3.7, 4.1]), t64([0.9, 1.1, -1.3])]],
  ['squared_difference broadcast', ([a, b]) => squaredDifference(a, b), () => [f64([2, 3], 8), f64([3], 9)]],
  ['div_no_nan', ([a, b]) => divNoNan(a, b), () => [f64([2, 3], 10), f64([2, 3], 11)]],
  ['xlogy broadcast', ([a, b]) => xlogy(a, b), () => [f64([2, 3], 12), f64([3], 13)]],
  ['xdivy', ([a, b]) => xdivy(a, b), () => [f64([3], 14), f64([3], 15)]],
  ['realdiv broadcast', ([a, b]) => realdiv(a, b), () => [f64([2, 3], 16), f64([2, 1], 17)]],
  ['truediv', ([a, b]) => truediv(a, b), () => [f64([3], 18), f64([3], 19)]],
  ['divide by a scalar', ([a]) => divide(a, 3), () => [f64([3], 20)]],
  ['add_n', ([a, b, c]) => addN([a, mul(b, b), mul(a, c)]), () => [f64([2, 2], 21), f64([2, 2], 22), f64([2, 2], 23)]],
  ['where broadcast', ([a, b]) => where(cond23, mul(a, a), mul(b, b)), () => [f64([2, 3], 24), f64([3], 25)]],
];

const unary: Case[] = [
  ['abs', ([a]) => abs(a), () => [signed([5], 30)]],
  ['sign (zero gradient)', ([a]) => mul(sign(a), a), () => [signed([4], 31)]],
  ['reciprocal', ([a]) => reciprocal(a), () => [signed([4], 32)]],
  ['square', ([a]) => square(a), () => [signed([4], 33)]],
  ['sqrt', ([a]) => sqrt(a), () => [f64([4], 34)]],
  ['rsqrt', ([a]) => rsqrt(a), () => [f64([4], 35)]],
  ['exp', ([a]) => exp(a), () => [signed([4], 36)]],
  ['expm1', ([a]) => expm1(a), () => [signed([4], 37)]],
  ['log', ([a]) => log(a), () => [f64([4], 38)]],
  ['log1p', ([a]) => log1p(a), () => [signed([4], 39, 0.1, 0.8)]],
  ['sin', ([a]) => sin(a), () => [signed([4], 40)]],
  ['cos', ([a]) => cos(a), () => [signed([4], 41)]],
  ['tan', ([a]) => tan(a), () => [signed([4], 42, 0.1, 1.2)]],
  ['asin', ([a]) => asin(a), () => [signed([4], 43, 0.1, 0.8)]],
  ['acos', ([a]) => acos(a), () => [signed([4], 44, 0.1, 0.8)]],
  ['atan', ([a]) => atan(a), () => [signed([4], 45)]],
  ['sinh', ([a]) => sinh(a), () => [signed([4], 46)]],
  ['cosh', ([a]) => cosh(a), () => [signed([4], 47)]],
  ['tanh', ([a]) => tanh(a), () => [signed([4], 48)]],
  ['erf', ([a]) => erf(a), () => [signed([6], 49, 0.1, 2.5)]],
];

const activations: Case[] = [
  ['sigmoid', ([a]) => sigmoid(a), () => [signed([5], 60, 0.1, 3)]],
  ['softplus', ([a]) => softplus(a), () => [signed([5], 61, 0.1, 3)]],
  ['relu', ([a]) => mul(relu(a), a), () => [signed([6], 62)]],
  ['relu6', ([a]) => mul(relu6(a), a), () => [t64([-1.2, 0.7, 3.3, 5.5, 6.8, 9.1])]],
  ['leaky_relu', ([a]) => mul(leakyRelu(a), a), () => [signed([6], 63)]],
  ['leaky_relu alpha 1.5', ([a]) => mul(leakyRelu(a, 1.5), a), () => [signed([6], 64)]],
  ['elu', ([a]) => elu(a), () => [signed([6], 65)]],
  ['selu', ([a]) => selu(a), () => [signed([6], 66)]],
  ['gelu exact', ([a]) => gelu(a), () => [signed([6], 67, 0.1, 2.5)]],
  ['gelu approximate', ([a]) => gelu(a, true), () => [signed([6], 68, 0.1, 2.5)]],
  ['clip_by_value inside and outside', ([a]) => mul(clipByValue(a, -0.8, 0.9), a), () => [signed([6], 69, 0.3, 1.5)]],
  [
    'clip_by_value tensor bounds',
    ([a, lo, hi]) => clipByValue(a, lo, hi),
    () => [signed([4], 70), t64([-0.5]), t64([0.6])],
  ],
  ['clip_by_norm clipped', ([a]) => clipByNorm(a, 0.5), () => [f64([2, 3], 71)]],
  ['clip_by_norm not clipped', ([a]) => clipByNorm(a, 10.0), () => [f64([2, 3], 72)]],
  ['clip_by_norm axes', ([a]) => clipByNorm(a, 1.0, [1]), () => [f64([2, 3], 73)]],
];

describe('math op gradients against finite differences (float64, orders 1 and 2)', () => {
  for (const [name, f, inputs] of [...binary, ...unary, ...activations]) {
    it(name, () => checkGrads(f, inputs(), { order: 2 }));
  }

  it('softsign: first order matches; TF registers no gradient for SoftsignGrad', () => {
    const x = signed([5], 80);
    checkGrads(([a]) => softsign(a), [x], { order: 1 });
    expect(() => checkGrads(([a]) => softsign(a), [x], { order: 2 })).toThrow(
      'gradient registry has no entry for: SoftsignGrad',
    );
  });
});
