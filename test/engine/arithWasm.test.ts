/**
 * The float32 arithmetic kernels in WebAssembly SIMD (`binaryF32`, `simpleF32`, compiled here from their
 * AssemblyScript source as the build does) against the definition: the scalar function in float64, rounded once
 * to float32 on store. Inputs are random float32 bit patterns (every class: normal, subnormal, zero, infinite,
 * NaN) and random values of moderate size; sizes cross the chunk and vector edges; the right operand, the left
 * one or neither is a scalar. Bit for bit (a NaN is a NaN).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileKernels } from '../../scripts/kernels.mjs';
import { binaryWasm, simpleWasm, WASM_ARITH_MIN } from '../../src/engine/kernels/arithWasm';
import { mapBinary, mapUnary } from '../../src/engine/kernels/elementwise';
import {
  addF,
  divF,
  type Fn1,
  type Fn2,
  mulF,
  negF,
  reluF,
  reluGradF,
  squareF,
  subF,
  tanhGradF32,
} from '../../src/engine/kernels/loops';
import { instantiateKernels, setWasmKernels, type WasmKernels } from '../../src/engine/kernels/wasm';
import { Tensor } from '../../src/engine/tensor/tensor';
import { xorshift32 } from '../xorshift';

let wasm: WasmKernels;
beforeAll(async () => {
  wasm = instantiateKernels((await compileKernels()) as Uint8Array<ArrayBuffer>);
  setWasmKernels(wasm);
}, 60_000);
afterAll(() => setWasmKernels(null));

/** Half random bit patterns (all float32 classes), half values in (−4, 4), with specials at fixed places. */
function inputs(n: number, seed: number): Float32Array {
  const next = xorshift32(seed);
  const bits = new Uint32Array(n);
  const out = new Float32Array(bits.buffer);
  for (let i = 0; i < n; i++) {
    const r = next();
    if (i % 2 === 0) bits[i] = r;
    else out[i] = ((r / 2 ** 32) * 8 - 4) * (i % 6 === 1 ? 1e-39 : 1);
  }
  const special = [Number.NaN, Infinity, -Infinity, 0, -0, 1e-45, -1e-40, 3.4e38, -3.4e38, 1, -1];
  special.forEach((v, i) => {
    if (i * 3 < n) out[i * 3] = v;
  });
  return out;
}

function expectSameBits(got: Float32Array, want: Float32Array): void {
  expect(got.length).toBe(want.length);
  let bad = -1;
  for (let i = 0; i < want.length && bad < 0; i++) {
    const same = Number.isNaN(want[i]) ? Number.isNaN(got[i]) : Object.is(got[i], want[i]);
    if (!same) bad = i;
  }
  if (bad >= 0) expect({ index: bad, got: got[bad] }).toEqual({ index: bad, got: want[bad] });
}

const SIZES = [WASM_ARITH_MIN, WASM_ARITH_MIN + 3, 2 * (1 << 18) + 5];

describe('float32 binary arithmetic in WebAssembly: the float64 result rounded once, bit for bit', () => {
  const ops: [string, Fn2][] = [
    ['add', addF],
    ['sub', subF],
    ['mul', mulF],
    ['div', divF],
    ['TanhGrad', tanhGradF32],
    ['ReluGrad', reluGradF],
  ];
  for (const [name, f] of ops) {
    it(`${name}: same shape, scalar right, scalar left`, () => {
      for (const n of SIZES) {
        const a = inputs(n, n + name.length);
        const b = inputs(n, 7 * n + 1).reverse();
        for (const s of [inputs(11, 5).subarray(0, 1), inputs(11, 5).subarray(3, 4), new Float32Array([0.7])]) {
          const cases: [Float32Array, Float32Array][] = [
            [a, b],
            [a, s],
            [s, b],
          ];
          for (const [x, y] of cases) {
            const want = new Float32Array(n);
            for (let i = 0; i < n; i++) want[i] = f(x.length === 1 ? x[0] : x[i], y.length === 1 ? y[0] : y[i]);
            const got = binaryWasm(f, x, y, n);
            expect(got).toBeDefined();
            expectSameBits(got as Float32Array, want);
            // The elementwise map takes the same kernel for float32 tensors this large.
            const tx = new Tensor('float32', x.length === 1 ? [] : [n], x);
            const ty = new Tensor('float32', y.length === 1 ? [] : [n], y);
            expectSameBits(mapBinary(tx, ty, [n], 'float32', f) as Float32Array, want);
          }
        }
      }
    });
  }

  it('a row repeated over the leading dimensions (a bias), on either side, across chunk edges', () => {
    for (const [rows, m] of [
      [256, 256],
      [40, 70],
      [300, 1000],
      [3, 2047],
    ]) {
      const n = rows * m;
      const x = inputs(n, m);
      const row = inputs(m, rows + 1);
      for (const [name, f] of ops) {
        const right = new Float32Array(n);
        const left = new Float32Array(n);
        for (let i = 0; i < n; i++) {
          right[i] = f(x[i], row[i % m]);
          left[i] = f(row[i % m], x[i]);
        }
        const tx = new Tensor('float32', [rows, m], x);
        const tr = new Tensor('float32', [1, m], row);
        expectSameBits(mapBinary(tx, tr, [rows, m], 'float32', f) as Float32Array, right);
        expectSameBits(mapBinary(tr, tx, [rows, m], 'float32', f) as Float32Array, left);
        expect(binaryWasm(f, x, row, n, true), `${name} ${rows}×${m}`).toBeDefined();
      }
    }
  });

  it('leaves other broadcasts to the loops', () => {
    expect(binaryWasm(addF, inputs(WASM_ARITH_MIN, 1), inputs(64, 2), WASM_ARITH_MIN)).toBeUndefined();
    // A column (shape [rows, 1]) does not repeat every m elements: not taken even when asked to.
    const col = new Tensor('float32', [64, 1], inputs(64, 3));
    const x = new Tensor('float32', [64, 64], inputs(4096, 4));
    const want = new Float32Array(4096);
    for (let i = 0; i < 4096; i++) want[i] = (x.data as Float32Array)[i] * (col.data as Float32Array)[i >> 6];
    expectSameBits(mapBinary(x, col, [64, 64], 'float32', mulF) as Float32Array, want);
  });
});

describe('float32 neg, square, relu, abs in WebAssembly: bit for bit', () => {
  const ops: [string, Fn1][] = [
    ['neg', negF],
    ['square', squareF],
    ['relu', reluF],
    ['abs', Math.abs],
  ];
  for (const [name, f] of ops) {
    it(name, () => {
      for (const n of SIZES) {
        const x = inputs(n, 3 * n + name.length);
        const want = new Float32Array(n);
        for (let i = 0; i < n; i++) want[i] = f(x[i]);
        expectSameBits(simpleWasm(f, x) as Float32Array, want);
        expectSameBits(mapUnary(new Tensor('float32', [n], x), 'float32', f) as Float32Array, want);
      }
    });
  }

  it('relu keeps a NaN as it is and turns −0 and negatives into +0', () => {
    const x = new Float32Array(WASM_ARITH_MIN).fill(-3);
    x[1] = Number.NaN;
    x[2] = -0;
    x[3] = 2.5;
    const r = simpleWasm(reluF, x) as Float32Array;
    expect(Number.isNaN(r[1])).toBe(true);
    expect(Object.is(r[2], 0)).toBe(true);
    expect(r[3]).toBe(2.5);
    expect(Object.is(r[0], 0)).toBe(true);
  });
});
