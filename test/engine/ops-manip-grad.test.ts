import { describe, it } from 'vitest';
import { checkGrads } from '../../src/engine/autodiff/gradcheck';
import { clipByGlobalNorm } from '../../src/engine/ops/clip';
import { meshgrid, roll } from '../../src/engine/ops/manip';
import { mul } from '../../src/engine/ops/math';
import type { Tensor } from '../../src/engine/tensor/tensor';
import { f64 } from './helpers';

describe('roll, meshgrid and clip_by_global_norm against finite differences (float64, orders 1 and 2)', () => {
  it('roll along two axes', () => checkGrads(([x]) => mul(roll(x, [1, -2], [0, 1]), x), [f64([3, 4], 171)]));
  it('meshgrid xy', () =>
    checkGrads(
      ([a, b]) => {
        const [gx, gy] = meshgrid([a, b], 'xy');
        return mul(mul(gx, gy), gx);
      },
      [f64([3], 172), f64([2], 173)],
    ));
  it('clip_by_global_norm when clipping', () =>
    checkGrads(
      ([a, b]) => {
        const [[ca, cb]] = clipByGlobalNorm([a, b], 0.5);
        return mul(ca as Tensor, mul(cb as Tensor, cb as Tensor));
      },
      [f64([2], 174), f64([2], 175)],
    ));
});
