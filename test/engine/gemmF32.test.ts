/**
 * The float32-accumulating WebAssembly GEMM (large float32 products): bit for bit the definition it documents
 * (float32 steps, blocks of `F32_BLOCK_K` added in order), and within float32 accumulation error of the exact
 * (float64) product.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileKernels } from '../../scripts/kernels.mjs';
import { batchMatmul, batchMatmulWasmF32, F32_ACCUMULATE_MIN_WORK } from '../../src/engine/kernels/matmul';
import { F32_BLOCK_K } from '../../src/engine/kernels/matmulF32';
import { instantiateKernels, setWasmKernels, type WasmKernels } from '../../src/engine/kernels/wasm';
import { xorshift32 } from '../xorshift';

let wasm: WasmKernels;
beforeAll(async () => {
  wasm = instantiateKernels((await compileKernels()) as Uint8Array<ArrayBuffer>);
}, 60_000);
afterAll(() => setWasmKernels(null));

function values(n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  const next = xorshift32(seed);
  for (let i = 0; i < n; i++) {
    const u = next() / 2 ** 32 - 0.5;
    out[i] = i % 7 === 3 ? u * 1e4 : u * 2;
  }
  return out;
}

type Ref = { f32steps: Float32Array; exact: Float64Array; abs: Float64Array };

/** Per element: the documented float32 steps, the float64 sum (exact for these inputs' products) and Σ|a·b|. */
function reference(a: Float32Array, b: Float32Array, m: number, k: number, n: number, ta: boolean, tb: boolean): Ref {
  const f32steps = new Float32Array(m * n);
  const exact = new Float64Array(m * n);
  const abs = new Float64Array(m * n);
  const f = Math.fround;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let c = 0;
      let e = 0;
      let s1 = 0;
      for (let p0 = 0; p0 < k; p0 += F32_BLOCK_K) {
        let s = 0;
        for (let p = p0; p < Math.min(k, p0 + F32_BLOCK_K); p++) {
          const prod = a[ta ? p * m + i : i * k + p] * b[tb ? j * k + p : p * n + j];
          s = f(s + f(prod));
          e += prod;
          s1 += Math.abs(prod);
        }
        c = p0 === 0 ? s : f(c + s);
      }
      f32steps[i * n + j] = c;
      exact[i * n + j] = e;
      abs[i * n + j] = s1;
    }
  }
  return { f32steps, exact, abs };
}

function expectSameBits(got: ArrayLike<number>, want: ArrayLike<number>): void {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    if (!Object.is(got[i], want[i])) expect({ index: i, got: got[i] }).toEqual({ index: i, got: want[i] });
  }
}

/** Float32 accumulation error bound: |c − exact| ≤ k·2⁻²⁴·Σ|a·b| (plus the final rounding). */
function expectWithinBound(got: Float32Array, r: Ref, k: number): void {
  for (let i = 0; i < got.length; i++) {
    const bound = (k + 1) * 2 ** -24 * r.abs[i];
    const err = Math.abs(got[i] - r.exact[i]);
    if (!(err <= bound)) expect({ index: i, err }).toEqual({ index: i, err: `≤ ${bound}` });
  }
}

const SHAPES: [number, number, number][] = [
  [2, 1, 2],
  [4, 8, 8],
  [5, 3, 9],
  [7, 33, 17],
  [13, 256, 11],
  [9, 257, 15],
  [33, 600, 24],
  [3, 513, 31],
];

describe('float32-accumulating GEMM', () => {
  for (const [m, k, n] of SHAPES) {
    for (const [ta, tb] of [
      [false, false],
      [true, false],
      [false, true],
      [true, true],
    ] as const) {
      it(`${m}×${k} · ${k}×${n}${ta ? ', A transposed' : ''}${tb ? ', B transposed' : ''}`, () => {
        const a = values(m * k, m * 31 + k);
        const b = values(k * n, n * 17 + k + 3);
        const got = batchMatmulWasmF32(wasm, a, b, 1, null, null, m, k, n, ta, tb);
        const r = reference(a, b, m, k, n, ta, tb);
        expectSameBits(got, r.f32steps);
        expectWithinBound(got, r, k);
      });
    }
  }

  it.each([
    ['alternating', [0, 1, 0, 1, 0, 1], [0, 1, 2, 0, 1, 2]],
    // Consecutive items with the same operand reuse it from the module's memory.
    ['repeating', [0, 0, 1, 1, 1, 0], [2, 2, 2, 0, 0, 1]],
  ])('batches with broadcast operands, %s', (_name, aIndex, bIndex) => {
    const [m, k, n] = [6, 300, 10];
    const a = values(2 * m * k, 5);
    const b = values(3 * k * n, 9);
    const ia = Int32Array.from(aIndex);
    const ib = Int32Array.from(bIndex);
    const got = batchMatmulWasmF32(wasm, a, b, 6, ia, ib, m, k, n, false, true);
    for (let bi = 0; bi < 6; bi++) {
      const r = reference(
        a.subarray(ia[bi] * m * k, (ia[bi] + 1) * m * k),
        b.subarray(ib[bi] * k * n, (ib[bi] + 1) * k * n),
        m,
        k,
        n,
        false,
        true,
      );
      expectSameBits(got.subarray(bi * m * n, (bi + 1) * m * n), r.f32steps);
    }
  });

  it('NaN and infinities propagate as in the exact product', () => {
    const a = Float32Array.from([Number.NaN, 1, -0, Infinity, 0, -1, 2, -0, -Infinity, 3, 0.5, -0]);
    const b = Float32Array.from([-0, -0, 1, 0, Infinity, -2, -0, 0, 1, 1, -0, -0]);
    for (const [m, k, n] of [
      [3, 4, 3],
      [4, 3, 4],
      [2, 6, 2],
    ] as const) {
      const got = batchMatmulWasmF32(wasm, a, b, 1, null, null, m, k, n, false, false);
      const r = reference(a, b, m, k, n, false, false);
      for (let i = 0; i < got.length; i++) {
        if (!Number.isFinite(r.exact[i])) expect(got[i]).toBe(r.exact[i]);
      }
      expectSameBits(got, r.f32steps);
    }
  });

  it('the dispatcher accumulates in float32 from the threshold on, and correctly rounds below it', () => {
    setWasmKernels(wasm);
    try {
      const [m, k, n] = [64, 256, 64];
      expect(m * k * n).toBe(F32_ACCUMULATE_MIN_WORK);
      const a = values(m * k, 11);
      const b = values(k * n, 12);
      const r = reference(a, b, m, k, n, false, false);
      expectSameBits(batchMatmul(a, b, 'float32', 1, null, null, m, k, n, false, false), r.f32steps);
      // One row fewer: below the threshold, each element is the float64 sum rounded once.
      const small = batchMatmul(a, b, 'float32', 1, null, null, m - 1, k, n, false, false);
      expectSameBits(small, Float32Array.from(r.exact.subarray(0, (m - 1) * n)));
    } finally {
      setWasmKernels(null);
    }
  });
});
