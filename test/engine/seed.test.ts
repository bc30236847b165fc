import { describe, expect, it } from 'vitest';
import { gradient } from '../../src/engine/autodiff/gradient';
import { GradientTape } from '../../src/engine/autodiff/tape';
import { ones } from '../../src/engine/ops/array';
import { mul } from '../../src/engine/ops/math';
import { reduceSum } from '../../src/engine/ops/reduce';
import { constant } from '../../src/engine/tensor/convert';
import { type Tensor, Variable } from '../../src/engine/tensor/tensor';

const values = (t: Tensor | unknown) => Array.from((t as Tensor).data as Float32Array);

/** The seed tutorial's computations, written against the engine API. Expected values are TF's (and the calculus). */
describe('seed tutorial', () => {
  it('dz/dx of (sum x)^2 at ones(2,2) is all 8s; dz/dy is 8', () => {
    const x = ones([2, 2]);
    const t = new GradientTape().enter();
    t.watch(x);
    const y = reduceSum(x);
    const z = mul(y, y);
    t.exit();
    const [g] = gradient(t, [z], [x]) as Tensor[];
    expect(g.shape).toEqual([2, 2]);
    expect(g.dtype).toBe('float32');
    expect(values(g)).toEqual([8, 8, 8, 8]);

    const t2 = new GradientTape().enter();
    t2.watch(x);
    const y2 = reduceSum(x);
    const z2 = mul(y2, y2);
    t2.exit();
    expect(values(gradient(t2, [z2], [y2])[0])).toEqual([8]);
  });

  it('persistent tape: 108 and 6 at x = 3', () => {
    const x = constant(3.0);
    const t = new GradientTape(true).enter();
    t.watch(x);
    const y = mul(x, x);
    const z = mul(y, y);
    t.exit();
    expect(values(gradient(t, [z], [x])[0])).toEqual([108]);
    expect(values(gradient(t, [y], [x])[0])).toEqual([6]);
  });

  it('control flow: 12, 12, 4', () => {
    const f = (x: Tensor, n: number) => {
      let out: Tensor | number = 1.0;
      for (let i = 0; i < n; i++) if (i > 1 && i < 5) out = mul(out, x);
      return out as Tensor;
    };
    const grad = (x: Tensor, n: number) => {
      const t = new GradientTape().enter();
      t.watch(x);
      const out = f(x, n);
      t.exit();
      return gradient(t, [out], [x])[0];
    };
    const x = constant(2.0);
    expect(values(grad(x, 6))).toEqual([12]);
    expect(values(grad(x, 5))).toEqual([12]);
    expect(values(grad(x, 4))).toEqual([4]);
  });

  it('higher order: 3 and 6 for x^3 at 1', () => {
    const x = new Variable(constant(1.0), true, 'Variable:0');
    const t = new GradientTape().enter();
    const t2 = new GradientTape().enter();
    const y = mul(mul(x, x), x);
    t2.exit();
    const dy = gradient(t2, [y], [x])[0] as Tensor;
    t.exit();
    const d2y = gradient(t, [dy], [x])[0] as Tensor;
    expect(values(dy)).toEqual([3]);
    expect(values(d2y)).toEqual([6]);
  });
});
