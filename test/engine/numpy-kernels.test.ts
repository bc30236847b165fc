/**
 * The engine's NumPy kernels against real NumPy (values in fixtures/numpy-kernels.json, written by
 * scripts/oracle/numpy_fixtures.py): PCG64's ziggurat normals bit for bit.
 */
import { describe, expect, it } from 'vitest';
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
