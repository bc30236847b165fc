import { describe, expect, it } from 'vitest';
import { checkGrads, type Fn } from '../../src/engine/autodiff/gradcheck';
import { broadcastTo, concat, reshape } from '../../src/engine/ops/array';
import { gather } from '../../src/engine/ops/gather';
import { add, divide, mul, neg, sub } from '../../src/engine/ops/math';
import { reduceSum } from '../../src/engine/ops/reduce';
import { constant } from '../../src/engine/tensor/convert';
import { f64 } from './helpers';

const cases: [string, Fn, number[][]][] = [
  ['add broadcast', ([a, b]) => add(a, b), [[2, 3], [3]]],
  [
    'sub broadcast',
    ([a, b]) => sub(a, b),
    [
      [2, 1],
      [1, 3],
    ],
  ],
  ['mul broadcast', ([a, b]) => mul(a, b), [[2, 3], [3]]],
  ['mul self', ([a]) => mul(a, a), [[4]]],
  [
    'divide',
    ([a, b]) => divide(a, b),
    [
      [2, 3],
      [2, 3],
    ],
  ],
  ['neg', ([a]) => neg(a), [[3]]],
  ['sum axis', ([a]) => reduceSum(mul(a, a), 1), [[2, 3]]],
  ['sum keepdims', ([a]) => mul(reduceSum(a, 0, true), a), [[2, 3]]],
  ['reshape', ([a]) => mul(reshape(a, [3, 2]), reshape(a, [3, 2])), [[2, 3]]],
  ['broadcast_to', ([a]) => mul(broadcastTo(a, [2, 3]), broadcastTo(a, [2, 3])), [[3]]],
  [
    'concat',
    ([a, b]) => mul(concat([a, b], 1), concat([b, a], 1)),
    [
      [2, 2],
      [2, 2],
    ],
  ],
  ['gather axis 0', ([a]) => mul(gather(a, constant([2n, 0n, 2n])), 3), [[3, 2]]],
  ['gather axis 1', ([a]) => mul(gather(a, constant([1n, 1n]), 1), gather(a, constant([1n, 1n]), 1)), [[2, 3]]],
  [
    'diamond',
    ([a]) => {
      const b = mul(a, a);
      return add(mul(b, a), mul(b, b));
    },
    [[4]],
  ],
];

describe('core op gradients against finite differences (float64, orders 1 and 2)', () => {
  for (const [name, f, shapes] of cases) {
    it(name, () =>
      checkGrads(
        f,
        shapes.map((s, i) => f64(s, i + 3)),
        { order: 2 },
      ),
    );
  }
  it('the checker fails on a wrong gradient', () => {
    // A deliberately wrong "function": its value is x*x but it claims to be x (no tape connection on one factor).
    const wrong: Fn = ([a]) => mul(a, constant(Array.from(a.data as Float64Array), 'float64'));
    expect(() => checkGrads(wrong, [f64([3])], { order: 1 })).toThrow(/tape .* vs numeric/);
  });
});
