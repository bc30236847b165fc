import { afterEach, describe, expect, it } from 'vitest';
import { checkGrads, type Fn } from '../../src/engine/autodiff/gradcheck';
import { gradient } from '../../src/engine/autodiff/gradient';
import { GradientTape } from '../../src/engine/autodiff/tape';
import { ones } from '../../src/engine/ops/array';
import {
  l2Loss,
  sigmoidCrossEntropyWithLogits,
  softmaxCrossEntropyWithLogits,
  sparseSoftmaxCrossEntropyWithLogits,
} from '../../src/engine/ops/losses';
import { mul } from '../../src/engine/ops/math';
import { dropout, logSoftmax, moments, softmax } from '../../src/engine/ops/nn';
import { resetRandomState, setSeed } from '../../src/engine/ops/random';
import { constant } from '../../src/engine/tensor/convert';
import { Tensor } from '../../src/engine/tensor/tensor';
import { f64 } from './helpers';

const values = (t: Tensor | unknown) => Array.from((t as Tensor).data as ArrayLike<number>);
const f32 = (xs: number[]) => xs.map(Math.fround);

afterEach(() => resetRandomState());

/** A float64 probability table (rows sum to 1), for labels. */
function probs(rows: number, n: number, seed: number): Tensor {
  const t = f64([rows, n], seed, 0.1, 1);
  const d = Float64Array.from(t.data as Float64Array);
  for (let r = 0; r < rows; r++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += d[r * n + j];
    for (let j = 0; j < n; j++) d[r * n + j] /= s;
  }
  return new Tensor('float64', [rows, n], d);
}

/** Mathematically exact softmax in float64, for comparisons. */
function refSoftmax(row: number[]): number[] {
  const m = Math.max(...row);
  const e = row.map((v) => Math.exp(v - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
}

describe('forward values', () => {
  it('softmax([1, 2, 3]) in float32 is [0.09003057, 0.24472847, 0.66524096]', () => {
    expect(values(softmax(constant([1, 2, 3])))).toEqual(f32([0.09003057, 0.24472847, 0.66524096]));
  });

  it('log_softmax([1, 2, 3]) = x - logsumexp(x), logsumexp = 3.40760596444438', () => {
    const y = values(logSoftmax(constant([1, 2, 3], 'float64')));
    [-2.40760596444438, -1.40760596444438, -0.40760596444438].forEach((v, i) => {
      expect(y[i]).toBeCloseTo(v, 13);
    });
  });

  it('softmax is stable for large logits and works along any axis', () => {
    expect(values(softmax(constant([1000, 1000])))).toEqual([0.5, 0.5]);
    const x = constant(
      [
        [1, 2, 3],
        [4, 0, -1],
      ],
      'float64',
    );
    const y0 = values(softmax(x, 0));
    for (let j = 0; j < 3; j++) {
      const ref = refSoftmax([[1, 2, 3][j], [4, 0, -1][j]]);
      expect(y0[j]).toBeCloseTo(ref[0], 15);
      expect(y0[3 + j]).toBeCloseTo(ref[1], 15);
    }
    const y1 = values(softmax(x, -1));
    refSoftmax([4, 0, -1]).forEach((v, j) => {
      expect(y1[3 + j]).toBeCloseTo(v, 15);
    });
  });

  it('softmax cross-entropy: one-hot labels give -log_softmax at the label', () => {
    const loss = softmaxCrossEntropyWithLogits(
      constant([
        [0, 1, 0],
        [0, 0, 1],
      ]),
      constant([
        [1, 2, 3],
        [1, 2, 3],
      ]),
    );
    expect(loss.shape).toEqual([2]);
    const v = values(loss);
    expect(v[0]).toBeCloseTo(1.40760596444438, 6);
    expect(v[1]).toBeCloseTo(0.40760596444438, 6);
  });

  it('softmax cross-entropy: axis 0, rank 1 and rank 3 inputs, and labels broadcast over the batch', () => {
    const logits = constant(
      [
        [1, 4],
        [2, 0],
        [3, -1],
      ],
      'float64',
    );
    const labels = constant(
      [
        [0.25, 0],
        [0.25, 0],
        [0.5, 1],
      ],
      'float64',
    );
    const a = values(softmaxCrossEntropyWithLogits(labels, logits, 0));
    const ref0 = refSoftmax([1, 2, 3]);
    expect(a[0]).toBeCloseTo(-(0.25 * Math.log(ref0[0]) + 0.25 * Math.log(ref0[1]) + 0.5 * Math.log(ref0[2])), 14);
    expect(a[1]).toBeCloseTo(-Math.log(refSoftmax([4, 0, -1])[2]), 14);
    expect(softmaxCrossEntropyWithLogits(constant([0, 1]), constant([0, 0])).shape).toEqual([]);
    const r3 = softmaxCrossEntropyWithLogits(ones([2, 3, 4]), ones([2, 3, 4]));
    expect(r3.shape).toEqual([2, 3]);
    expect(values(r3)[0]).toBeCloseTo(4 * Math.log(4), 5);
    const bc = softmaxCrossEntropyWithLogits(
      constant([[0.0, 1.0]]),
      constant([
        [1.0, 2.0],
        [3.0, 1.0],
      ]),
    );
    expect(values(bc)[1]).toBeCloseTo(-Math.log(refSoftmax([3, 1])[1]), 6);
  });

  it('sparse softmax cross-entropy equals the dense one with one-hot labels', () => {
    const logits = constant([
      [1, 2, 3],
      [0.5, -1, 2],
    ]);
    const sparse = values(sparseSoftmaxCrossEntropyWithLogits(constant([1n, 0n]), logits));
    const dense = values(
      softmaxCrossEntropyWithLogits(
        constant([
          [0, 1, 0],
          [1, 0, 0],
        ]),
        logits,
      ),
    );
    expect(sparse[0]).toBeCloseTo(dense[0], 6);
    expect(sparse[1]).toBeCloseTo(dense[1], 6);
    const r3 = sparseSoftmaxCrossEntropyWithLogits(constant([[0n, 1n]]), ones([1, 2, 5]));
    expect(r3.shape).toEqual([1, 2]);
    expect(values(r3)[1]).toBeCloseTo(Math.log(5), 6);
  });

  it('sigmoid cross-entropy at logits 0 is log 2 for any label, and matches the formula elsewhere', () => {
    const l = values(sigmoidCrossEntropyWithLogits(constant([0, 1, 0.3]), constant([0, 0, 0])));
    for (const v of l) expect(v).toBe(Math.fround(Math.LN2));
    const x = [-30, -2, 0.5, 40];
    const z = [1, 0.25, 0, 1];
    const got = values(sigmoidCrossEntropyWithLogits(constant(z, 'float64'), constant(x, 'float64')));
    x.forEach((xi, i) => {
      const ref = Math.max(xi, 0) - xi * z[i] + Math.log1p(Math.exp(-Math.abs(xi)));
      expect(got[i]).toBeCloseTo(ref, 13);
    });
  });

  it('moments of [[1, 2], [3, 4]] over axis 0: mean [2, 3], population variance [1, 1]', () => {
    const [m, v] = moments(
      constant([
        [1, 2],
        [3, 4],
      ]),
      [0],
    );
    expect(m.shape).toEqual([2]);
    expect(values(m)).toEqual([2, 3]);
    expect(values(v)).toEqual([1, 1]);
    const [mk, vk] = moments(constant([1, 2, 3, 4]), [0], true);
    expect(mk.shape).toEqual([1]);
    expect(values(mk)).toEqual([2.5]);
    expect(values(vk)).toEqual([1.25]);
  });

  it('l2_loss([1, 2, 3]) = 7; float64 and scalar inputs', () => {
    expect(values(l2Loss(constant([1, 2, 3])))).toEqual([7]);
    expect(l2Loss(constant([1, 2, 3])).shape).toEqual([]);
    expect(values(l2Loss(constant(3, 'float64')))).toEqual([4.5]);
  });
});

describe('gradients against finite differences (float64, orders 1 and 2)', () => {
  const labels = probs(3, 4, 7);
  // Labels for class axis 0: the transpose of a [3, 4] row-stochastic table, so each column sums to 1.
  const rows = probs(3, 4, 2).data as Float64Array;
  const columnProbs = new Tensor(
    'float64',
    [4, 3],
    Float64Array.from({ length: 12 }, (_, k) => rows[(k % 3) * 4 + Math.floor(k / 3)]),
  );
  const cases: [string, Fn, number[][]][] = [
    ['softmax last axis', ([x]) => softmax(x), [[3, 4]]],
    ['softmax axis 0', ([x]) => softmax(x, 0), [[3, 4]]],
    ['softmax middle axis of rank 3', ([x]) => softmax(x, 1), [[2, 3, 2]]],
    ['log_softmax', ([x]) => logSoftmax(x), [[3, 4]]],
    ['log_softmax axis 0', ([x]) => logSoftmax(x, 0), [[3, 4]]],
    ['softmax cross-entropy (logits)', ([x]) => softmaxCrossEntropyWithLogits(labels, x), [[3, 4]]],
    ['softmax cross-entropy axis 0 (logits)', ([x]) => softmaxCrossEntropyWithLogits(columnProbs, x, 0), [[4, 3]]],
    [
      'sparse softmax cross-entropy (logits)',
      ([x]) => sparseSoftmaxCrossEntropyWithLogits(constant([3n, 0n, 1n]), x),
      [[3, 4]],
    ],
    [
      'sparse softmax cross-entropy, rank 3 (logits)',
      ([x]) => sparseSoftmaxCrossEntropyWithLogits(constant([[3n, 0n]]), x),
      [[1, 2, 4]],
    ],
    [
      'sigmoid cross-entropy (logits, labels)',
      ([z, x]) => sigmoidCrossEntropyWithLogits(z, x),
      [
        [2, 3],
        [2, 3],
      ],
    ],
    ['l2_loss', ([x]) => l2Loss(x), [[2, 3]]],
    ['moments: mean', ([x]) => moments(x, [0])[0], [[3, 2]]],
    ['l2_loss squared', ([x]) => mul(l2Loss(x), l2Loss(x)), [[3]]],
  ];
  for (const [name, f, shapes] of cases) {
    it(name, () =>
      checkGrads(
        f,
        shapes.map((s, i) => f64(s, i + 3, -1.5, 1.5)),
        { order: 2 },
      ),
    );
  }

  it('moments: variance (first order; its second order sees the stop_gradient, below)', () => {
    checkGrads(([x]) => moments(x, [0, 2])[1], [f64([2, 2, 3], 4, -1.5, 1.5)], { order: 1 });
    checkGrads(([x]) => moments(x, 1, true)[1], [f64([2, 3], 5, -1.5, 1.5)], { order: 1 });
  });

  it("moments: TF's second derivative of the variance treats the mean as a constant (2/n, not 2/n - 2/n^2)", () => {
    const x = constant([1, 2, 3, 4]);
    const outer = new GradientTape().enter();
    outer.watch(x);
    const inner = new GradientTape().enter();
    inner.watch(x);
    const [, v] = moments(x, [0]);
    inner.exit();
    const g = gradient(inner, [v], [x])[0] as Tensor;
    outer.exit();
    expect(values(g)).toEqual([-0.75, -0.25, 0.25, 0.75]);
    expect(values(gradient(outer, [g], [x])[0])).toEqual([0.5, 0.5, 0.5, 0.5]);
  });

  it('softmax cross-entropy with respect to the labels (first order: -log_softmax)', () => {
    const logits = f64([3, 4], 5, -1, 1);
    checkGrads(([z]) => softmaxCrossEntropyWithLogits(z, logits), [probs(3, 4, 9)], { order: 1 });
  });

  it('sigmoid cross-entropy gradient at logits 0 is sigmoid(0) - labels = 0.5 - z', () => {
    const x = constant([0, 0, 0]);
    const z = constant([0, 0.25, 1]);
    const t = new GradientTape().enter();
    t.watch(x);
    const y = sigmoidCrossEntropyWithLogits(z, x);
    t.exit();
    expect(values(gradient(t, [y], [x])[0])).toEqual([0.5, 0.25, -0.5]);
  });
});

describe("TF's gradient conventions for the fused cross-entropies", () => {
  /** d/d(logits) computed inside an outer tape, then its gradient with respect to `wrt`. */
  function secondOrder(labels: Tensor, logits: Tensor, wrt: 'labels' | 'logits'): Tensor | null {
    const outer = new GradientTape().enter();
    outer.watch(labels);
    outer.watch(logits);
    const inner = new GradientTape().enter();
    inner.watch(logits);
    const loss = softmaxCrossEntropyWithLogits(labels, logits);
    inner.exit();
    const g = gradient(inner, [loss], [logits])[0] as Tensor;
    outer.exit();
    return gradient(outer, [g], [wrt === 'labels' ? labels : logits])[0] as Tensor | null;
  }

  it('backprop is softmax - labels; labels get -log_softmax', () => {
    const labels = constant([[0.2, 0.3, 0.5]], 'float64');
    const logits = constant([[1, 2, 3]], 'float64');
    const t = new GradientTape().enter();
    t.watch(labels);
    t.watch(logits);
    const y = softmaxCrossEntropyWithLogits(labels, logits);
    t.exit();
    const [gz, gx] = gradient(t, [y], [labels, logits]) as Tensor[];
    const sm = refSoftmax([1, 2, 3]);
    values(gx).forEach((v, j) => {
      expect(v).toBeCloseTo(sm[j] - [0.2, 0.3, 0.5][j], 15);
    });
    values(gz).forEach((v, j) => {
      expect(v).toBeCloseTo(-Math.log(sm[j]), 14);
    });
  });

  it('when labels do not sum to 1 the logits gradient is softmax - labels, not the true derivative', () => {
    const logits = constant([[0, 0]], 'float64');
    const t = new GradientTape().enter();
    t.watch(logits);
    const y = softmaxCrossEntropyWithLogits(constant([[1, 1]], 'float64'), logits);
    t.exit();
    expect(values(gradient(t, [y], [logits])[0])).toEqual([-0.5, -0.5]);
  });

  it('second order: the softmax Jacobian for the logits; zeros (not None) for the labels', () => {
    const labels = constant([[0.2, 0.3, 0.5]], 'float64');
    const logits = constant([[1, 2, 3]], 'float64');
    const h = secondOrder(labels, logits, 'logits') as Tensor;
    // sum_i d(softmax_i - z_i)/dx_j = sum_i s_i (delta_ij - s_j) = 0
    for (const v of values(h)) expect(Math.abs(v)).toBeLessThan(1e-15);
    expect(values(secondOrder(labels, logits, 'labels'))).toEqual([0, 0, 0]);
  });

  it('sparse labels get no gradient', () => {
    const labels = constant([1n]);
    const logits = constant([[1, 2, 3]]);
    const t = new GradientTape().enter();
    t.watch(logits);
    const y = sparseSoftmaxCrossEntropyWithLogits(labels, logits);
    t.exit();
    const [gx] = gradient(t, [y], [logits]) as Tensor[];
    const sm = refSoftmax([1, 2, 3]);
    values(gx).forEach((v, j) => {
      expect(v).toBeCloseTo(sm[j] - (j === 1 ? 1 : 0), 6);
    });
  });
});

describe('dropout', () => {
  it('tf.nn.dropout docs: set_seed(0); ones([3,5]); rate 0.5 and 0.8 with seed=1', () => {
    setSeed(0);
    expect(values(dropout(ones([3, 5]), 0.5, { seed: 1n }))).toEqual([2, 0, 0, 2, 2, 2, 2, 2, 2, 2, 2, 0, 2, 0, 2]);
    setSeed(0);
    expect(values(dropout(ones([3, 5]), 0.8, { seed: 1n }))).toEqual([0, 0, 0, 5, 5, 0, 5, 0, 5, 0, 5, 0, 5, 0, 5]);
  });

  it('a tensor rate divides by (1 - rate) and compares the draws with the tensor', () => {
    setSeed(0);
    expect(values(dropout(ones([3, 5]), constant(0.5), { seed: 1n }))).toEqual([
      2, 0, 0, 2, 2, 2, 2, 2, 2, 2, 2, 0, 2, 0, 2,
    ]);
  });

  it('tf.nn.dropout docs: noise_shape [1, 10] drops whole columns', () => {
    setSeed(0);
    const y = values(dropout(ones([3, 10]), 2 / 3, { noiseShape: [1, 10], seed: 1n }));
    const row = [0, 0, 0, 3, 3, 0, 3, 3, 3, 0];
    expect(y).toEqual([...row, ...row, ...row]);
  });

  it('rate 0 returns x itself; the gradient is the scale where kept and 0 where dropped', () => {
    const x = constant([1, 2, 3, 4]);
    expect(dropout(x, 0)).toBe(x);
    const t = new GradientTape().enter();
    t.watch(x);
    const y = dropout(x, 0.5, { seed: 4n });
    t.exit();
    const g = values(gradient(t, [y], [x])[0]);
    values(y).forEach((v, i) => {
      expect(g[i]).toBe(v === 0 ? 0 : 2);
    });
  });

  it('same seeds reproduce the mask; the kept fraction is about 1 - rate', () => {
    setSeed(21);
    const a = values(dropout(ones([1000]), 0.3, { seed: 2n }));
    setSeed(21);
    const b = values(dropout(ones([1000]), 0.3, { seed: 2n }));
    expect(a).toEqual(b);
    const kept = a.filter((v) => v !== 0);
    expect(Math.abs(kept.length - 700)).toBeLessThan(60);
    for (const v of kept) expect(v).toBe(Math.fround(1 / 0.7));
  });

  it("TF's argument errors", () => {
    expect(() => dropout(ones([2]), 1.5)).toThrow(
      '`rate` must be a scalar tensor or a float in the range [0, 1). Received: rate=1.5',
    );
    expect(() => dropout(constant([1n, 2n]), 0.5)).toThrow(
      "`x.dtype` must be a floating point tensor as `x` will be scaled. Received: x_dtype=<dtype: 'int32'>",
    );
  });
});

describe('errors (TF texts)', () => {
  it('softmax of a scalar, of ints, and a bad axis', () => {
    expect(() => softmax(constant(1.0))).toThrow('logits must have >= 1 dimension, got [] [Op:Softmax]');
    expect(() => softmax(constant([1n, 2n]))).toThrow(
      'Could not find device for node: {{node Softmax}} = Softmax[T=DT_INT32] [Op:Softmax]',
    );
    expect(() => softmax(ones([2, 3]), 5)).toThrow(
      '`dim` must be in the range [-2, 2) where 2 is the number of dimensions in the input. Received: dim=5',
    );
  });

  it('softmax cross-entropy: TF only accepts -1 or a non-negative axis', () => {
    expect(() => softmaxCrossEntropyWithLogits(ones([2, 3]), ones([2, 3]), -2)).toThrow(
      'transpose expects a vector of size 2. But input(1) is a vector of size 4 [Op:Transpose]',
    );
    expect(() => softmaxCrossEntropyWithLogits(ones([2, 3]), ones([2, 3]), 2)).toThrow(
      'transpose expects a vector of size 2. But input(1) is a vector of size 3 [Op:Transpose]',
    );
  });

  it('softmax cross-entropy shape mismatch', () => {
    expect(() => softmaxCrossEntropyWithLogits(ones([2, 4]), ones([2, 3]))).toThrow(
      'logits and labels must be broadcastable: logits_size=[2,3] labels_size=[2,4] [Op:SoftmaxCrossEntropyWithLogits]',
    );
  });

  it('sparse cross-entropy: out-of-range labels, rank and shape mismatches, float labels', () => {
    expect(() => sparseSoftmaxCrossEntropyWithLogits(constant([5n]), ones([1, 3]))).toThrow(
      'Received a label value of 5 which is outside the valid range of [0, 3).  Label values: 5 [Op:SparseSoftmaxCrossEntropyWithLogits]',
    );
    expect(() => sparseSoftmaxCrossEntropyWithLogits(constant([-1n, 7n, 0n]), ones([3, 3]))).toThrow(
      'Received a label value of -1 which is outside the valid range of [0, 3).  Label values: -1 7 0',
    );
    expect(() => sparseSoftmaxCrossEntropyWithLogits(constant([1n]), ones([3]))).toThrow(
      'Rank mismatch: Rank of labels (received 1) should equal rank of logits minus 1 (received 1).',
    );
    expect(() => sparseSoftmaxCrossEntropyWithLogits(constant([1n, 0n]), ones([3, 4]))).toThrow(
      'Shape mismatch: The shape of labels (received (2,)) should equal the shape of logits except for the last dimension (received (3, 4)).',
    );
    expect(() => sparseSoftmaxCrossEntropyWithLogits(constant([1.0]), ones([1, 4]))).toThrow(
      "Value for attr 'Tlabels' of float is not in the list of allowed values: int32, int64",
    );
  });

  it('sigmoid cross-entropy shape mismatch', () => {
    expect(() => sigmoidCrossEntropyWithLogits(ones([2]), ones([3]))).toThrow(
      '`logits` and `labels` must have the same shape, received ((3,) vs (2,)).',
    );
  });

  it('l2_loss of ints has no kernel', () => {
    expect(() => l2Loss(constant([1n]))).toThrow(
      'Could not find device for node: {{node L2Loss}} = L2Loss[T=DT_INT32]',
    );
  });
});
