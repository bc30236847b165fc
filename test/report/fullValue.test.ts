/**
 * "Copy Value" text against NumPy's own: `repr` of the same arrays under `threshold=sys.maxsize, floatmode='unique'`
 * and their `tolist()`, recorded by `scripts/oracle/full_repr.py` (NumPy 2.4) in `fixtures/numpy-full-repr.json`.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { jsonFullText, numpyFullText } from '../../src/engine/report/fullValue';
import type { DType } from '../../src/engine/tensor/dtype';
import type { NDArrayLike } from '../../src/engine/tensor/formatArray';

interface Case {
  name: string;
  dtype: string;
  shape: number[];
  data: (number | string | boolean)[];
  repr: string;
  tolist: unknown;
}

const fixture = JSON.parse(readFileSync(path.join(__dirname, 'fixtures', 'numpy-full-repr.json'), 'utf8')) as {
  cases: Case[];
};

const num = (v: number | string | boolean): number =>
  typeof v === 'boolean'
    ? Number(v)
    : v === 'nan'
      ? Number.NaN
      : v === 'inf'
        ? Infinity
        : v === '-inf'
          ? -Infinity
          : Number(v);

function arrayOf(c: Case): NDArrayLike {
  const values = c.data.map(num);
  const data =
    c.dtype === 'float32'
      ? Float32Array.from(values)
      : c.dtype === 'int32'
        ? Int32Array.from(values)
        : c.dtype === 'bool'
          ? Uint8Array.from(values)
          : Float64Array.from(values);
  return { dtype: c.dtype as DType, shape: c.shape, data };
}

/** Elements of a nested list in row-major order. */
const flat = (v: unknown): unknown[] => (Array.isArray(v) ? v.flatMap(flat) : [v]);

describe('Copy Value as NumPy text', () => {
  for (const c of fixture.cases) {
    it(`${c.name}: NumPy's repr, prefixed np.`, () => {
      expect(numpyFullText(arrayOf(c))).toBe(`np.${c.repr}`);
    });
  }
});

describe('Copy Value as JSON', () => {
  for (const c of fixture.cases) {
    it(`${c.name}: dtype, shape and tolist()`, () => {
      const parsed = JSON.parse(jsonFullText(arrayOf(c))) as { dtype: string; shape: number[]; data: unknown };
      expect(parsed.dtype).toBe(c.dtype);
      expect(parsed.shape).toEqual(c.shape);
      // Same nesting as tolist(); float32 elements read back to the same float32 (their digits are the shortest).
      expect(JSON.stringify(parsed.data).replace(/[^[\]]/g, '')).toBe(JSON.stringify(c.tolist).replace(/[^[\]]/g, ''));
      const ours = flat(parsed.data);
      const numpy = flat(c.tolist);
      expect(ours.length).toBe(numpy.length);
      ours.forEach((v, i) => {
        const want = numpy[i];
        if (typeof want === 'string' || typeof want === 'boolean') expect(v).toBe(want);
        else if (c.dtype === 'float32') expect(Math.fround(v as number)).toBe(want);
        else expect(v).toBe(want);
      });
    });
  }
  it('float32 elements carry their shortest digits (0.1, not 0.10000000149011612)', () => {
    const text = jsonFullText({ dtype: 'float32', shape: [2], data: Float32Array.from([0.1, 1 / 3]) });
    expect(text).toBe('{"dtype":"float32","shape":[2],"data":[0.1,0.33333334]}');
  });
});
