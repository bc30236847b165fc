import { describe, expect, it } from 'vitest';
import { toDense } from '../../src/engine/autodiff/backprop';
import { checkGrads } from '../../src/engine/autodiff/gradcheck';
import { gradient } from '../../src/engine/autodiff/gradient';
import { GradientTape } from '../../src/engine/autodiff/tape';
import { reduceSum } from '../../src/engine/ops/reduce';
import { segmentOp, unsortedSegmentOp } from '../../src/engine/ops/segment';
import { constant } from '../../src/engine/tensor/convert';
import { Tensor } from '../../src/engine/tensor/tensor';
import { f64 } from './helpers';

const t64 = (values: number[]) => new Tensor('float64', [values.length], Float64Array.from(values));

function gradOfSum(f: (x: Tensor) => Tensor, x: Tensor): number[] {
  const tape = new GradientTape(false);
  tape.enter();
  let y: Tensor;
  try {
    tape.watch(x);
    y = reduceSum(f(x));
  } finally {
    tape.exit();
  }
  const [g] = gradient(tape, [y], [x]);
  return Array.from(toDense(g as Tensor).data as Float64Array);
}

describe('segment gradients', () => {
  it('max and min share the upstream equally among tied entries (TF _SegmentMinOrMaxGrad)', () => {
    expect(gradOfSum((x) => segmentOp('max', x, constant([0n, 0n, 0n, 1n])), t64([2, 2, 1, 5]))).toEqual([
      0.5, 0.5, 0, 1,
    ]);
    expect(gradOfSum((x) => unsortedSegmentOp('min', x, constant([1n, 0n, 1n, 1n]), 2), t64([1, 4, 1, 1]))).toEqual([
      1 / 3,
      1,
      1 / 3,
      1 / 3,
    ]);
  });
  it('prod with zeros: one zero gets the product of the rest, two zeros give no gradient', () => {
    expect(gradOfSum((x) => segmentOp('prod', x, constant([0n, 0n, 0n])), t64([0, 2, 3]))).toEqual([6, 0, 0]);
    expect(gradOfSum((x) => unsortedSegmentOp('prod', x, constant([0n, 0n, 0n, 1n]), 2), t64([0, 0, 3, 2]))).toEqual([
      0, 0, 0, 1,
    ]);
  });
  it('negative ids of unsorted segments get no gradient; mean divides by the count', () => {
    expect(gradOfSum((x) => unsortedSegmentOp('sum', x, constant([0n, -1n, 1n]), 2), t64([1, 2, 3]))).toEqual([
      1, 0, 1,
    ]);
    expect(gradOfSum((x) => unsortedSegmentOp('mean', x, constant([0n, -1n, 0n, 2n]), 3), t64([1, 2, 3, 4]))).toEqual([
      0.5, 0, 0.5, 1,
    ]);
  });
  it('unsorted mean and sum against finite differences (float64, orders 1 and 2)', () => {
    const ids = constant([
      [2n, 0n],
      [-1n, 2n],
    ]);
    checkGrads(([x]) => unsortedSegmentOp('mean', x, ids, 3), [f64([2, 2, 3], 160)]);
    checkGrads(([x]) => unsortedSegmentOp('sum', x, ids, 4), [f64([2, 2, 3], 161)]);
  });
});
