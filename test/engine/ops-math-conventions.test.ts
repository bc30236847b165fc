import { afterEach, describe, expect, it } from 'vitest';
import { ForwardAccumulator } from '../../src/engine/autodiff/forward';
import { gradient } from '../../src/engine/autodiff/gradient';
import { GradientTape, resetTapeState } from '../../src/engine/autodiff/tape';
import { elu, leakyRelu, relu, relu6, sigmoid, softplus } from '../../src/engine/ops/activations';
import { clipByValue } from '../../src/engine/ops/clip';
import { greater, less, where } from '../../src/engine/ops/compare';
import { floordiv, maximum, minimum, mod, mul, neg, pow } from '../../src/engine/ops/math';
import { abs, floor, log, round, sign, sqrt, tanh } from '../../src/engine/ops/unary';
import { session } from '../../src/engine/session';
import { constant } from '../../src/engine/tensor/convert';
import { Tensor } from '../../src/engine/tensor/tensor';

session.log = () => {};
afterEach(() => resetTapeState());

type G = Tensor | null;
const vals = (t: G) => Array.from((t as Tensor).data as Float32Array);
const f32 = (v: number | number[]) => constant(v);
const f64 = (v: number[]) => new Tensor('float64', [v.length], Float64Array.from(v));

/** Gradients of sum(f(xs)) with respect to every input (TF's `tape.gradient(y, xs)`). */
function grads(f: (...xs: Tensor[]) => Tensor, ...xs: Tensor[]): G[] {
  const t = new GradientTape().enter();
  let y: Tensor;
  try {
    for (const x of xs) t.watch(x);
    y = f(...xs);
  } finally {
    t.exit();
  }
  return gradient(t, [y], xs) as G[];
}

/** The second derivative through nested tapes: the inner gradient is computed inside the outer tape. */
function secondGrad(f: (x: Tensor) => Tensor, x: Tensor): G {
  const outer = new GradientTape().enter();
  let g: G;
  try {
    outer.watch(x);
    g = grads(f, x)[0];
  } finally {
    outer.exit();
  }
  return gradient(outer, [g as Tensor], [x])[0] as G;
}

describe('ties and kinks (TF-SEMANTICS §4)', () => {
  it('maximum and minimum ties: all of the gradient goes to x', () => {
    expect(grads(maximum, f32(2), f32(2)).map(vals)).toEqual([[1], [0]]);
    expect(grads(minimum, f32(2), f32(2)).map(vals)).toEqual([[1], [0]]);
    expect(grads(maximum, f32([1, 3]), f32([2, 2])).map(vals)).toEqual([
      [0, 1],
      [1, 0],
    ]);
  });

  it('maximum(x, 0.0) at x = 0 passes the gradient (1); relu at 0 does not (0)', () => {
    expect(vals(grads((x) => maximum(x, 0.0), f32(0))[0])).toEqual([1]);
    expect(vals(grads(relu, f32([0, -1, 2]))[0])).toEqual([0, 0, 1]);
  });

  it("abs'(0) = 0, sign's gradient is zeros (connected, not None)", () => {
    expect(vals(grads(abs, f32([0, -2, 3]))[0])).toEqual([0, -1, 1]);
    const [g] = grads(sign, f32([0, -2, 3]));
    expect(g).not.toBeNull();
    expect(vals(g)).toEqual([0, 0, 0]);
  });

  it("sqrt'(0) = inf", () => {
    expect(vals(grads(sqrt, f32(0))[0])).toEqual([Infinity]);
  });

  it('pow: x**2 at 0 → 0, x**0.5 at 0 → inf, the exponent gradient is 0 where x <= 0', () => {
    expect(vals(grads((x) => pow(x, 2), f32(0))[0])).toEqual([0]);
    expect(vals(grads((x) => pow(x, 0.5), f32(0))[0])).toEqual([Infinity]);
    const [gx, gy] = grads(pow, f32([-2, 0, 2]), f32([2, 2, 3]));
    expect(vals(gx)).toEqual([-4, 0, 12]);
    expect(vals(gy)).toEqual([0, 0, Math.fround(8 * Math.fround(Math.LN2))]);
  });

  it('clip_by_value passes the gradient at both bounds and blocks it outside', () => {
    expect(vals(grads((t) => clipByValue(t, -1, 1), f32([-1, 1, 0.5, -3, 3]))[0])).toEqual([1, 1, 1, 0, 0]);
  });

  it('relu6 and leaky_relu at their kinks: relu6 gives 0 at 0 and 6, leaky_relu gives alpha at 0', () => {
    expect(vals(grads(relu6, f32([0, 3, 6, 7]))[0])).toEqual([0, 1, 0, 0]);
    expect(vals(grads((x) => leakyRelu(x), f32([0, -1, 1]))[0])).toEqual([0.2, 0.2, 1].map(Math.fround));
  });

  it('ReluGrad multiplies by 0, so a negative upstream gives -0 for inactive units', () => {
    const [g] = grads((x) => neg(relu(x)), f32([-1]));
    expect(Object.is(vals(g)[0], -0)).toBe(true);
  });

  it('floor mod: gradient (1, -floor(x / y))', () => {
    expect(grads(mod, f32(7), f32(2)).map(vals)).toEqual([[1], [-3]]);
  });
});

describe('where and its NaN trap', () => {
  it('x gets where(c, g, 0), y gets where(c, 0, g), cond nothing', () => {
    const c = constant([true, false]);
    expect(grads((x, y) => where(c, x, y), f32([1, 2]), f32([3, 4])).map(vals)).toEqual([
      [1, 0],
      [0, 1],
    ]);
  });

  it('the unselected branch back-propagates 0 * local derivative: NaN for log at 0', () => {
    const [g] = grads((x) => where(greater(x, 0), log(x), 0), f32([0, 1]));
    expect(Number.isNaN(vals(g)[0])).toBe(true);
    expect(vals(g)[1]).toBe(1);
  });

  it("current TF's SqrtGrad returns 0 where the upstream is 0, so the sqrt branch gives 0 (not NaN)", () => {
    expect(vals(grads((x) => where(greater(x, 0), sqrt(x), 0), f32([0]))[0])).toEqual([0]);
  });

  it('the fix — where on the input too — gives 0 for log', () => {
    const [g] = grads(
      (x) => {
        const pos = greater(x, 0);
        return where(pos, log(where(pos, x, 1)), 0);
      },
      f32([0, 1]),
    );
    expect(vals(g)).toEqual([0, 1]);
  });
});

describe('None versus zeros', () => {
  it('non-differentiable ops give None: floor, round, floordiv, comparisons', () => {
    expect(grads(floor, f32(1.5))).toEqual([null]);
    expect(grads(round, f32(1.5))).toEqual([null]);
    expect(grads((x) => floordiv(x, 2), f32(3))).toEqual([null]);
    expect(grads((x) => where(less(x, 0), 1, 2), f32(3))).toEqual([null]);
  });

  it('integer maximum is not differentiated (int sources get None)', () => {
    expect(grads(maximum, constant([1n]), constant([2n]))).toEqual([null, null]);
  });

  it("relu's second derivative is zeros (ReluGradGrad), not None", () => {
    const g2 = secondGrad(relu, f32([-1, 2]));
    expect(g2).not.toBeNull();
    expect(vals(g2)).toEqual([0, 0]);
  });
});

describe('first and second derivatives at known points', () => {
  it('sigmoid, tanh, softplus at 0', () => {
    expect(vals(grads(sigmoid, f32(0))[0])).toEqual([0.25]);
    expect(vals(grads(tanh, f32(0))[0])).toEqual([1]);
    expect(vals(grads(softplus, f32(0))[0])).toEqual([0.5]);
    // sigmoid'' = y(1-y)(1-2y): 0 at 0. tanh'' = -2y(1-y^2), and TanhGradGrad's `grad * -2 * g * y` is -0 at y = 0.
    expect(vals(secondGrad(sigmoid, f32(0)))).toEqual([0]);
    expect(vals(secondGrad(tanh, f32(0)))).toEqual([-0]);
    expect(vals(secondGrad(tanh, f32(1)))[0]).toBeCloseTo(-2 * Math.tanh(1) * (1 - Math.tanh(1) ** 2), 6);
  });

  it('elu: gradient g*(y+1) = exp(x) below 0, 1 above; second derivative exp(x) below 0', () => {
    const [g] = grads(elu, f64([-1, 2]));
    expect(vals(g)).toEqual([Math.exp(-1), 1]);
    expect(vals(secondGrad(elu, f64([-1, 2])))).toEqual([Math.exp(-1), 0]);
  });

  it('x**3 at 2: 12 then 12 (via Pow), sqrt second derivative -1/4 x^(-3/2) at 4 = -1/32', () => {
    expect(vals(secondGrad((x) => pow(x, 3), f32(2)))).toEqual([12]);
    expect(vals(secondGrad(sqrt, f32(4)))).toEqual([-1 / 32]);
    expect(vals(secondGrad((x) => mul(x, abs(x)), f32(-3)))).toEqual([-2]);
  });
});

describe('forward mode reuses these VJPs (double-VJP trick)', () => {
  it('forwardprop docstring: nested accumulators on x ** 3.5 at 1.1 give 4.4417057 and 10.094786', () => {
    const x = constant(1.1);
    const outer = new ForwardAccumulator([x], [constant(1.0)]).enter();
    const inner = new ForwardAccumulator([x], [constant(1.0)]).enter();
    const y = pow(x, 3.5);
    inner.exit();
    const dy = inner.jvp(y) as Tensor;
    outer.exit();
    expect(vals(dy)[0]).toBeCloseTo(4.4417057, 5);
    expect(vals(outer.jvp(dy))[0]).toBeCloseTo(10.094786, 4);
  });

  it('JVPs of sigmoid, relu, maximum and where match their derivatives', () => {
    const x = constant([-1.0, 0.5, 2.0]);
    const acc = new ForwardAccumulator([x], [constant([1.0, 1.0, 1.0])]).enter();
    const s = sigmoid(x);
    const r = relu(x);
    const m = maximum(x, 0.5);
    const w = where(greater(x, 0), mul(x, x), neg(x));
    acc.exit();
    const sv = vals(s);
    expect(vals(acc.jvp(s))).toEqual(sv.map((y) => Math.fround(Math.fround(1 * y) * Math.fround(1 - y))));
    expect(vals(acc.jvp(r))).toEqual([0, 1, 1]);
    expect(vals(acc.jvp(m))).toEqual([0, 1, 1]);
    expect(vals(acc.jvp(w))).toEqual([-1, 1, 4]);
  });
});
