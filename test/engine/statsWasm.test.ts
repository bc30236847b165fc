/**
 * The report's statistics of big float32 tensors in WebAssembly (`statsF32`, compiled here from its AssemblyScript
 * source as the build does) against the TypeScript scan of `protocol/heatmap.ts`, which stays the reference: the
 * same count, min and max, the mean and std to rounding (the sums are added in another order), the same heatmap
 * to its four digits; the sums of squares of the gradient norms; arrays with a NaN or an infinity, rows longer than
 * the kernel's chunk and small arrays are left to the TypeScript loops.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileKernels } from '../../scripts/kernels.mjs';
import { allEqualF32Wasm, statsF32Wasm, sumOfSquaresF32Wasm, WASM_STATS_MIN } from '../../src/engine/kernels/statsWasm';
import { instantiateKernels, setWasmKernels } from '../../src/engine/kernels/wasm';
import { l2 } from '../../src/engine/report/gradientNorms';
import { uniformValue } from '../../src/engine/report/text';
import { tensorStats } from '../../src/engine/report/values';
import { Tensor } from '../../src/engine/tensor/tensor';
import { statsWithHeatmap } from '../../src/protocol/heatmap';
import type { TensorStats } from '../../src/protocol/report';
import { xorshift32 } from '../xorshift';

beforeAll(async () => {
  setWasmKernels(instantiateKernels((await compileKernels()) as Uint8Array<ArrayBuffer>));
}, 60_000);
afterAll(() => setWasmKernels(null));

function filled(n: number, seed: number, f: (u: number, i: number) => number): Float32Array {
  const next = xorshift32(seed);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = f(next() / 2 ** 32, i);
  return out;
}

function expectClose(got: TensorStats | undefined, want: TensorStats): void {
  expect(got).toBeDefined();
  const g = got as TensorStats;
  expect([g.count, g.nan, g.inf, g.min, g.max]).toEqual([want.count, want.nan, want.inf, want.min, want.max]);
  const scale = Math.max(Math.abs(want.mean ?? 0), want.std ?? 0, 1e-30);
  expect(Math.abs((g.mean ?? 0) - (want.mean ?? 0))).toBeLessThanOrEqual(1e-12 * scale);
  expect(Math.abs((g.std ?? 0) - (want.std ?? 0))).toBeLessThanOrEqual(1e-9 * Math.max(want.std ?? 0, 1e-30));
  expect(g.heatmap === undefined).toBe(want.heatmap === undefined);
  if (!g.heatmap || !want.heatmap) return;
  const { cells: gc, ...gGrid } = g.heatmap;
  const { cells: wc, ...wGrid } = want.heatmap;
  expect(gGrid).toEqual(wGrid);
  // Cells show four digits; the sums' order may move one to the neighbouring four-digit value.
  for (let i = 0; i < wc.length; i++) {
    const a = gc[i] as number;
    const b = wc[i] as number;
    expect(Math.abs(a - b)).toBeLessThanOrEqual(1.01e-3 * Math.abs(b) + 1e-300);
  }
}

describe('statistics of float32 tensors in WebAssembly', () => {
  const cases: [string, number[], (u: number, i: number) => number][] = [
    ['1-D, one chunk', [5000], (u) => u * 6 - 3],
    ['1-D, several chunks and a tail', [700_003], (u) => Math.sin(u * 50) * 1e3],
    ['a matrix of wide blocks', [1000, 1000], (u, i) => u - 0.5 + (i % 1000) / 1000],
    ['a matrix of narrow blocks (8 columns, and 7 or 8)', [784, 256], (u) => (u - 0.5) * 0.1],
    ['columns that do not split evenly', [600, 250], (u) => u * u],
    ['fewer columns than the grid', [512, 10], (u, i) => (i % 10) * u],
    ['3-D: rows are the leading axes', [3, 50, 40], (u) => -u],
    ['values far from 0 (the sums about the first element)', [300, 300], (u) => 1e6 + u],
    ['integers and exact ties', [4096], (_, i) => (i % 7) - 3],
    ['a small matrix: blocks of one or two elements', [32, 40], (u) => u * 3],
  ];
  for (const [what, shape, f] of cases) {
    it(what, () => {
      const n = shape.reduce((a, b) => a * b, 1);
      const data = filled(n, n + shape.length, f);
      expectClose(statsF32Wasm(shape, data), statsWithHeatmap(shape, data));
      // The report's entry point takes it.
      expectClose(tensorStats(new Tensor('float32', shape, data)), statsWithHeatmap(shape, data));
    });
  }

  it('the sums of squares of the gradient norms', () => {
    for (const n of [WASM_STATS_MIN, 300_001, 1_000_000]) {
      const data = filled(n, n, (u) => (u - 0.3) * 1e-3);
      let naive = 0;
      for (const v of data) naive += v * v;
      expect(Math.abs((sumOfSquaresF32Wasm(data) as number) - naive)).toBeLessThanOrEqual(1e-12 * naive);
      const { norm, nonFinite } = l2(new Tensor('float32', [n], data));
      expect(nonFinite).toBe(false);
      expect(Math.abs(norm - Math.sqrt(naive))).toBeLessThanOrEqual(1e-12 * Math.sqrt(naive));
    }
    const d = filled(10_000, 9, (u) => u);
    d[5000] = Number.NaN;
    expect(sumOfSquaresF32Wasm(d)).toBeUndefined();
    expect(l2(new Tensor('float32', [10_000], d)).nonFinite).toBe(true);
  });

  it('whether an array is uniform', () => {
    const ones = new Float32Array(300_001).fill(1);
    expect(allEqualF32Wasm(ones)).toBe(true);
    expect(uniformValue(new Tensor('float32', [300_001], ones))).toBe(1);
    for (const at of [2, 4095, 4096, 300_000]) {
      const d = ones.slice();
      d[at] = 1 + 2 ** -23;
      expect(allEqualF32Wasm(d)).toBe(false);
      expect(uniformValue(new Tensor('float32', [300_001], d))).toBeUndefined();
    }
    const zeros = new Float32Array(5000);
    zeros[4000] = -0;
    expect(uniformValue(new Tensor('float32', [5000], zeros))).toBe(0);
    // NaN and infinities: the TypeScript loop.
    const nan = new Float32Array(5000).fill(Number.NaN);
    expect(allEqualF32Wasm(nan)).toBeUndefined();
    expect(uniformValue(new Tensor('float32', [5000], nan))).toBeNaN();
    const inf = new Float32Array(5000).fill(Infinity);
    expect(uniformValue(new Tensor('float32', [5000], inf))).toBe(Infinity);
  });

  it('leaves NaN, infinities, small arrays and rows longer than a chunk to the TypeScript scan', () => {
    const data = filled(10_000, 3, (u) => u);
    for (const bad of [Number.NaN, Infinity, -Infinity]) {
      for (const at of [0, 4097, 9999]) {
        const d = data.slice();
        d[at] = bad;
        expect(statsF32Wasm([100, 100], d)).toBeUndefined();
        expect(tensorStats(new Tensor('float32', [100, 100], d))).toEqual(statsWithHeatmap([100, 100], d));
      }
    }
    expect(statsF32Wasm([WASM_STATS_MIN - 1], data.subarray(0, WASM_STATS_MIN - 1))).toBeUndefined();
    expect(
      statsF32Wasm(
        [2, 300_000],
        filled(600_000, 5, (u) => u),
      ),
    ).toBeUndefined();
  });
});
