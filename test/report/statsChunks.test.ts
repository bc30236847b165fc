/**
 * The report's statistics, heatmaps, norms and uniform checks read arrays in float64 chunks: the results must be
 * those of a plain element-by-element reading, for every array type and across chunk edges. The references below
 * are written out independently (a naive loop over `Number(data[i])`).
 */
import { describe, expect, test } from 'vitest';
import { l2 } from '../../src/engine/report/gradientNorms';
import { uniformValue } from '../../src/engine/report/text';
import { Tensor } from '../../src/engine/tensor/tensor';
import { CHUNK, chunkBuffer, readChunk } from '../../src/protocol/chunks';
import { fourDigits, heatmapOf, statsOfNumbers } from '../../src/protocol/heatmap';
import { xorshift32 } from '../xorshift';

function naiveStats(d: ArrayLike<number>) {
  const xs = Array.from({ length: d.length }, (_, i) => Number(d[i]));
  const finite = xs.filter(Number.isFinite);
  const mean = finite.reduce((a, b) => a + b, 0) / finite.length;
  return {
    count: xs.length,
    nan: xs.filter(Number.isNaN).length,
    inf: xs.filter((v) => v === Infinity || v === -Infinity).length,
    min: Math.min(...finite),
    max: Math.max(...finite),
    mean,
    std: Math.sqrt(finite.reduce((a, v) => a + (v - mean) * (v - mean), 0) / finite.length),
  };
}

const sizes = [1, 2, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK + 17];
const fill = () => (i: number) => (i % 7 === 3 ? Number.NaN : i % 11 === 5 ? -Infinity : ((i * 37) % 101) - 50.25);

describe('chunked reading', () => {
  test('readChunk gives Number(data[i]) for typed and plain arrays, and stops at the end', () => {
    const plain = [1.5, -2, Number.NaN, 4];
    const f32 = Float32Array.from([0.1, 2, -3.75]);
    const i32 = Int32Array.from([7, -8, 2 ** 31 - 1]);
    const buf = chunkBuffer(10);
    expect(readChunk(plain, 1, buf)).toBe(3);
    expect([...buf.subarray(0, 3)]).toEqual([-2, Number.NaN, 4]);
    expect(readChunk(f32, 0, buf)).toBe(3);
    expect(buf[0]).toBe(f32[0]);
    expect(readChunk(i32, 2, buf)).toBe(1);
    expect(buf[0]).toBe(2 ** 31 - 1);
    expect(readChunk(i32, 3, buf)).toBe(0);
  });

  for (const n of sizes)
    test(`statistics of ${n} elements: Float32Array, Float64Array, Int32Array and a plain array`, () => {
      const f = fill();
      const plain = Array.from({ length: n }, (_, i) => f(i));
      const arrays: ArrayLike<number>[] = [
        plain,
        Float64Array.from(plain),
        Float32Array.from(plain),
        Int32Array.from(plain.map((v) => (Number.isFinite(v) ? Math.round(v) : 0))),
      ];
      for (const d of arrays) {
        const want = naiveStats(d);
        const got = statsOfNumbers(d);
        expect(got.count).toBe(want.count);
        expect(got.nan).toBe(want.nan);
        expect(got.inf).toBe(want.inf);
        if (want.count - want.nan - want.inf > 0) {
          expect(got.min).toBe(want.min);
          expect(got.max).toBe(want.max);
          expect(got.mean).toBeCloseTo(want.mean, 10);
          expect(got.std).toBeCloseTo(want.std, 10);
        }
      }
    });

  test('one pass about a shift keeps the std precise: a large offset, an outlier first, a constant', () => {
    const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);
    const offset = Float64Array.from({ length: 3 * CHUNK + 5 }, (_, i) => 1e6 + ((i * 7919) % 101) * 1e-3);
    const outlier = Float64Array.from({ length: 2 * CHUNK }, (_, i) => (i === 0 ? 1e8 : (i % 3) - 1));
    for (const d of [offset, outlier]) {
      const want = naiveStats(d);
      const got = statsOfNumbers(d);
      expect(rel(got.mean!, want.mean)).toBeLessThan(1e-12);
      expect(rel(got.std!, want.std)).toBeLessThan(1e-9);
    }
    expect(statsOfNumbers(new Float32Array(5000).fill(0.1)).std).toBe(0);
  });

  test('a heatmap across chunk edges: 3 × (CHUNK + 1) elements, each its column index mod 3', () => {
    const cols = CHUNK + 1;
    const data = Float32Array.from({ length: 3 * cols }, (_, i) => (i % cols) % 3);
    const h = heatmapOf([3, cols], data, 1)!;
    // One cell: the mean of all, counted by hand: per row, (CHUNK + 1) columns cycle 0, 1, 2.
    let sum = 0;
    for (let c = 0; c < cols; c++) sum += c % 3;
    expect(h.cells).toEqual([Number((sum / cols).toPrecision(4))]);
  });

  test('l2 norm and uniform values across chunk edges', () => {
    const n = 2 * CHUNK + 3;
    const ones = new Tensor('float32', [n], new Float32Array(n).fill(1));
    expect(l2(ones)).toEqual({ norm: Math.sqrt(n), nonFinite: false });
    expect(uniformValue(ones)).toBe(1);
    const last = new Float32Array(n).fill(2);
    last[n - 1] = 3;
    expect(uniformValue(new Tensor('float32', [n], last))).toBeUndefined();
    last[n - 1] = Number.POSITIVE_INFINITY;
    expect(l2(new Tensor('float32', [n], last))).toEqual({ norm: Math.sqrt(4 * (n - 1)), nonFinite: true });
    expect(uniformValue(new Tensor('float32', [n], new Float32Array(n).fill(Number.NaN)))).toBeNaN();
  });
});

describe("a heatmap cell's four digits", () => {
  test('are what parsing toPrecision(4) gives, for values of every size, ties and powers of ten', () => {
    const dv = new DataView(new ArrayBuffer(8));
    const next = xorshift32(2463534242);
    const values: number[] = [0, -0, 1234.5, 999.95, 9999.5, 0.5, 0.00012345, 12345, 1e22, 1e-22, 1e300, 5e-324];
    for (let e = -30; e <= 30; e++) {
      const p = 10 ** e;
      values.push(p, -p, p * (1 + 2 ** -52), p * (1 - 2 ** -53), p * 9.9995, p * 1.0005);
    }
    for (let i = 0; i < 200_000; i++) {
      // Random magnitudes across the range cells meet, random bits within.
      dv.setUint32(0, (next() & 0x800fffff) | ((1023 + (next() % 120) - 60) << 20));
      dv.setUint32(4, next());
      values.push(dv.getFloat64(0));
      // Exact halves at the fourth digit: n + 0.5 for four-digit n, scaled by powers of two.
      values.push(((1000 + (next() % 9000) + 0.5) / 2 ** (next() % 12)) * (next() & 1 ? 1 : -1));
    }
    const bad = values.filter((v) => !Object.is(fourDigits(v), Number(v.toPrecision(4))));
    expect(bad.slice(0, 5)).toEqual([]);
  });
});
