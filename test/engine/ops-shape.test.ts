import { describe, expect, it } from 'vitest';
import { checkGrads, type Fn } from '../../src/engine/autodiff/gradcheck';
import { pad, reshape, slice } from '../../src/engine/ops/array';
import { add, mul } from '../../src/engine/ops/math';
import {
  expandDims,
  rank,
  reverse,
  shape,
  size,
  split,
  squeeze,
  stack,
  tile,
  transpose,
  unstack,
} from '../../src/engine/ops/shape';
import { constant } from '../../src/engine/tensor/convert';
import { f64 } from './helpers';
import { c, expectError, grad1, vals } from './ops-util';

const m23 = () =>
  c([
    [1, 2, 3],
    [4, 5, 6],
  ]);

describe('shape ops forward', () => {
  it('expand_dims and squeeze', () => {
    expect(expandDims(m23(), 0).shape).toEqual([1, 2, 3]);
    expect(expandDims(m23(), -1).shape).toEqual([2, 3, 1]);
    expect(expandDims(m23(), 2).shape).toEqual([2, 3, 1]);
    expect(expandDims(m23(), -3).shape).toEqual([1, 2, 3]);
    const x = c([[[1], [2]]]);
    expect(squeeze(x).shape).toEqual([2]);
    expect(squeeze(x, 0).shape).toEqual([2, 1]);
    expect(squeeze(x, [-1]).shape).toEqual([1, 2]);
    expect(vals(squeeze(x))).toEqual([1, 2]);
  });
  it('transpose: default reverses the axes; a permutation', () => {
    expect(vals(transpose(m23()))).toEqual([1, 4, 2, 5, 3, 6]);
    const t = f64([2, 3, 4], 1);
    const p = transpose(t, [1, 2, 0]);
    expect(p.shape).toEqual([3, 4, 2]);
    // p[i, j, k] = t[k, i, j]
    expect(p.num((1 * 4 + 2) * 2 + 1)).toBe(t.num((1 * 3 + 1) * 4 + 2));
  });
  it('stack / unstack', () => {
    const a = c([1, 2]);
    const b = c([3, 4]);
    expect(vals(stack([a, b]))).toEqual([1, 2, 3, 4]);
    expect(vals(stack([a, b], 1))).toEqual([1, 3, 2, 4]);
    expect(stack([a, b], -1).shape).toEqual([2, 2]);
    const parts = unstack(m23(), 1);
    expect(parts.map((p) => vals(p))).toEqual([
      [1, 4],
      [2, 5],
      [3, 6],
    ]);
    expect(unstack(m23())[1].shape).toEqual([3]);
  });
  it('split into equal parts and by sizes with -1', () => {
    const x = c([1, 2, 3, 4, 5, 6]);
    expect(split(x, 3).map(vals)).toEqual([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    expect(split(x, [1, -1, 2]).map(vals)).toEqual([[1], [2, 3, 4], [5, 6]]);
    expect(split(m23(), 3, 1).map((t) => t.shape)).toEqual([
      [2, 1],
      [2, 1],
      [2, 1],
    ]);
  });
  it('tile', () => {
    expect(vals(tile(c([[1, 2]]), [2, 2]))).toEqual([1, 2, 1, 2, 1, 2, 1, 2]);
    expect(vals(tile(c([1, 2]), [3]))).toEqual([1, 2, 1, 2, 1, 2]);
    expect(tile(m23(), [2, 0]).shape).toEqual([4, 0]);
  });
  it('pad: constant (0 and another value), reflect, symmetric', () => {
    const x = c([
      [1, 2],
      [3, 4],
    ]);
    expect(
      vals(
        pad(x, [
          [1, 0],
          [0, 1],
        ]),
      ),
    ).toEqual([0, 0, 0, 1, 2, 0, 3, 4, 0]);
    expect(vals(pad(c([1]), [[1, 1]], 'CONSTANT', 9))).toEqual([9, 1, 9]);
    expect(vals(pad(c([1, 2, 3]), [[2, 2]], 'REFLECT'))).toEqual([3, 2, 1, 2, 3, 2, 1]);
    expect(vals(pad(c([1, 2, 3]), [[2, 2]], 'SYMMETRIC'))).toEqual([2, 1, 1, 2, 3, 3, 2]);
    expect(
      vals(
        pad(
          x,
          [
            [1, 1],
            [1, 0],
          ],
          'reflect',
        ),
      ),
    ).toEqual([4, 3, 4, 2, 1, 2, 4, 3, 4, 2, 1, 2]);
  });
  it('reverse', () => {
    expect(vals(reverse(m23(), [1]))).toEqual([3, 2, 1, 6, 5, 4]);
    expect(vals(reverse(m23(), [0, -1]))).toEqual([6, 5, 4, 3, 2, 1]);
    expect(vals(reverse(m23(), []))).toEqual([1, 2, 3, 4, 5, 6]);
  });
  it('slice', () => {
    expect(vals(slice(m23(), [0, 1], [2, 2]))).toEqual([2, 3, 5, 6]);
    expect(vals(slice(m23(), [1, 0], [-1, -1]))).toEqual([4, 5, 6]);
  });
  it('shape / size / rank are int32', () => {
    const s = shape(m23());
    expect(s.dtype).toBe('int32');
    expect(vals(s)).toEqual([2, 3]);
    expect(vals(size(m23()))).toEqual([6]);
    expect(size(m23()).shape).toEqual([]);
    expect(vals(rank(m23()))).toEqual([2]);
    expect(shape(m23(), 'int64').dtype).toBe('int64');
  });
});

describe('shape op gradients', () => {
  it('tile sums the copies back (AG _TileGrad)', () => {
    expect(grad1((x) => tile(x, [2, 3]), c([[1, 2]]))).toEqual([6, 6]);
  });
  it('mirror padding sums the mirrored copies', () => {
    expect(grad1((x) => pad(x, [[2, 2]], 'SYMMETRIC'), c([1, 2, 3]))).toEqual([2, 3, 2]);
    expect(grad1((x) => pad(x, [[2, 2]], 'REFLECT'), c([1, 2, 3]))).toEqual([2, 3, 2]);
  });
  it('constant padding and slicing pass the covered block', () => {
    expect(grad1((x) => mul(pad(x, [[1, 2]], 'CONSTANT', 5), c([1, 2, 3, 4, 5])), c([1, 1]))).toEqual([2, 3]);
    expect(grad1((x) => slice(x, [0, 1], [2, 1]), m23())).toEqual([0, 1, 0, 0, 1, 0]);
  });
});

const cases: [string, Fn, number[][]][] = [
  ['expand_dims', ([a]) => mul(expandDims(a, 1), expandDims(a, 1)), [[2, 3]]],
  ['squeeze', ([a]) => mul(squeeze(a), squeeze(a)), [[1, 3, 1]]],
  ['transpose 3d', ([a]) => mul(transpose(a, [2, 0, 1]), transpose(a, [2, 0, 1])), [[2, 3, 4]]],
  [
    'transpose 2d',
    ([a, b]) => mul(transpose(a), b),
    [
      [2, 3],
      [3, 2],
    ],
  ],
  [
    'stack axis 1',
    ([a, b]) => mul(stack([a, b, a], 1), stack([b, b, a], 1)),
    [
      [2, 3],
      [2, 3],
    ],
  ],
  [
    'unstack',
    ([a]) => {
      const [x, y] = unstack(a, 1);
      return mul(x, y);
    },
    [[3, 2]],
  ],
  [
    'split with sizes',
    ([a]) => {
      const [x, y] = split(a, [2, -1], 1);
      return mul(reshape(x, [-1]), reshape(y, [-1]));
    },
    [[2, 4]],
  ],
  ['tile', ([a]) => mul(tile(a, [2, 1, 3]), tile(a, [2, 1, 3])), [[2, 1, 2]]],
  [
    'pad constant',
    ([a]) =>
      mul(
        pad(a, [
          [1, 2],
          [0, 1],
        ]),
        pad(
          a,
          [
            [1, 2],
            [0, 1],
          ],
          'CONSTANT',
          2,
        ),
      ),
    [[2, 2]],
  ],
  [
    'pad reflect',
    ([a]) =>
      mul(
        pad(
          a,
          [
            [1, 1],
            [2, 1],
          ],
          'REFLECT',
        ),
        pad(
          a,
          [
            [1, 1],
            [2, 1],
          ],
          'REFLECT',
        ),
      ),
    [[3, 3]],
  ],
  ['pad symmetric', ([a]) => mul(pad(a, [[2, 0]], 'SYMMETRIC'), pad(a, [[2, 0]], 'SYMMETRIC')), [[3]]],
  [
    'reverse',
    ([a, b]) => mul(reverse(a, [0, 2]), b),
    [
      [2, 2, 3],
      [2, 2, 3],
    ],
  ],
  ['slice', ([a]) => mul(slice(a, [1, 0], [1, 2]), slice(a, [0, 1], [1, 2])), [[2, 3]]],
  ['slice of a product', ([a]) => add(slice(mul(a, a), [0, 1, 0], [2, 1, -1]), 1), [[2, 3, 2]]],
];

describe('shape op gradients against finite differences (float64, orders 1 and 2)', () => {
  for (const [name, f, shapes] of cases) {
    it(name, () =>
      checkGrads(
        f,
        shapes.map((s, i) => f64(s, i + 21)),
        { order: 2 },
      ),
    );
  }
});

describe('shape op errors (TF texts)', () => {
  it('expand_dims / squeeze', () => {
    expectError(
      () => expandDims(m23(), 3),
      'InvalidArgumentError',
      'Tried to expand dim index 3 for tensor with 2 dimensions. [Op:ExpandDims]',
    );
    expectError(
      () => squeeze(m23(), 1),
      'InvalidArgumentError',
      'Can not squeeze dim[1], expected a dimension of 1, got 3 [Op:Squeeze]',
    );
    expectError(
      () => squeeze(m23(), 2),
      'InvalidArgumentError',
      'Tried to squeeze dim index 2 for tensor with 2 dimensions. [Op:Squeeze]',
    );
  });
  it('stack / split / tile / transpose / reverse / slice / pad', () => {
    expectError(
      () => stack([c([1, 2]), c([1, 2, 3])]),
      'InvalidArgumentError',
      'Shapes of all inputs must match: values[0].shape = [2] != values[1].shape = [3] [Op:Pack] name: stack',
    );
    expectError(() => stack([c([1, 2])], 2), 'ValueError', 'Argument `axis` = 2 not in range [-2, 2)');
    expectError(
      () => split(c([1, 2, 3, 4, 5]), 2),
      'InvalidArgumentError',
      'Number of ways to split should evenly divide the split dimension, but got split_dim 0 (size = 5) and num_split 2 [Op:Split]',
    );
    expectError(
      () => tile(m23(), [2]),
      'InvalidArgumentError',
      'Expected multiples argument to be a vector of length 2 but got length 1 [Op:Tile]',
    );
    expectError(
      () => transpose(m23(), [0, 1, 2]),
      'InvalidArgumentError',
      'transpose expects a vector of size 2. But input(1) is a vector of size 3 [Op:Transpose]',
    );
    expectError(() => transpose(m23(), [0, 0]), 'InvalidArgumentError', '1 is missing from {0,0}. [Op:Transpose]');
    expectError(
      () => reverse(m23(), [0, 0]),
      'InvalidArgumentError',
      'axis 0 specified more than once. [Op:ReverseV2]',
    );
    expectError(
      () => reverse(m23(), [2]),
      'InvalidArgumentError',
      "'axis'[0] = 2 is out of valid range [0, 1 [Op:ReverseV2]",
    );
    expectError(
      () => slice(m23(), [0, 2], [1, 2]),
      'InvalidArgumentError',
      'Expected size[1] in [0, 1], but got 2 [Op:Slice]',
    );
    expectError(
      () => pad(c([1, 2, 3]), [[3, 0]], 'REFLECT'),
      'InvalidArgumentError',
      'paddings must be less than the dimension size: 3, 0 not less than 3 [Op:MirrorPad]',
    );
    expectError(
      () => pad(c([1, 2]), [[1, 1]], 'WRAP'),
      'ValueError',
      'Value of argument `mode` expected to be one of "CONSTANT", "REFLECT", or "SYMMETRIC". Received `mode` = WRAP',
    );
    expectError(
      () => pad(m23(), [[1, 1]]),
      'InvalidArgumentError',
      'The first dimension of paddings must be the rank of inputs[1,2], [2,3] [Op:Pad]',
    );
  });
  it('string tensors can be reshaped, transposed and stacked', () => {
    const s = constant(['a', 'b', 'c', 'd']);
    expect((transpose(reshape(s, [2, 2])).data as string[]).join('')).toBe('acbd');
    expect((stack([s, s]).data as string[]).length).toBe(8);
  });
});
