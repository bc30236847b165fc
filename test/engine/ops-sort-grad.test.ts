import { describe, it } from 'vitest';
import { checkGrads, type Fn } from '../../src/engine/autodiff/gradcheck';
import { mul } from '../../src/engine/ops/math';
import { sort, topK } from '../../src/engine/ops/sort';
import type { Tensor } from '../../src/engine/tensor/tensor';
import { f64 } from './helpers';

// Distinct random values, so each order is locally constant and finite differences see a linear map.
const cases: [string, Fn, () => Tensor[]][] = [
  ['top_k values of rows', ([x]) => mul(topK(x, 2)[0], topK(x, 2)[0]), () => [f64([3, 4], 31)]],
  ['top_k of a vector, k = n', ([x]) => mul(topK(x, 5)[0], x), () => [f64([5], 32)]],
  ['sort ascending along axis 0', ([x]) => mul(sort(x, 0), sort(x, 0)), () => [f64([4, 3], 33)]],
  ['sort descending of a rank-3 tensor', ([x]) => mul(sort(x, 1, 'DESCENDING'), x), () => [f64([2, 3, 2], 34)]],
];

describe('sorting gradients against finite differences (float64, first and second order)', () => {
  for (const [name, f, inputs] of cases) it(name, () => checkGrads(f, inputs(), { order: 2 }));
});
