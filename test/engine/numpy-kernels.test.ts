/**
 * The engine's NumPy kernels against real NumPy (values in fixtures/numpy-kernels.json, written by
 * scripts/oracle/numpy_fixtures.py): PCG64's ziggurat normals and np.sum's pairwise sums, bit for bit.
 */
import { describe, expect, it } from 'vitest';
import { numpySum } from '../../src/engine/kernels/pairwiseSum';
import { Pcg64 } from '../../src/engine/kernels/pcg64';
import fixtures from './fixtures/numpy-kernels.json';

describe('default_rng(seed).standard_normal', () => {
  for (const { seed, values } of fixtures.normals) {
    it(`draws NumPy's normals bit for bit (seed ${seed}, ${values.length} draws)`, () => {
      const g = new Pcg64(BigInt(seed));
      const ours = values.map(() => g.normal());
      const firstDiff = ours.findIndex((x, i) => !Object.is(x, values[i]));
      expect(firstDiff).toBe(-1);
    });
  }
});

describe("np.sum's pairwise summation", () => {
  for (const { seed, shape, axes, dtype, sum } of fixtures.sums) {
    it(`equals NumPy's sum of a ${dtype} array of shape (${shape}) over axes ${axes ?? 'all'}`, () => {
      const size = shape.reduce((a, b) => a * b, 1);
      const g = new Pcg64(BigInt(seed));
      const z = Array.from({ length: 2 * size }, () => g.normal());
      const round = dtype === 'float32' ? Math.fround : (x: number) => x;
      const x = Array.from({ length: size }, (_, i) => round(z[i] * 1e8 + z[size + i]));
      const r = numpySum(x, shape, axes ?? shape.map((_, i) => i), dtype === 'float32');
      expect(r.shape).toEqual(shape.filter((_, i) => axes !== null && !axes.includes(i)));
      expect(Array.from(r.data)).toEqual(sum);
    });
  }
});
