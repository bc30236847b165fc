/**
 * The int32 kernels in WebAssembly SIMD (`binaryI32`: multiply and Python's `%`, compiled here from their
 * AssemblyScript source as the build does) against their definitions, written out independently: the product
 * wrapped to 32 bits (`Math.imul`), and the floor modulo of CPython computed with BigInt (the result has the
 * divisor's sign). Random int32 values of every size, the edges (0, ±1, INT_MIN, INT_MAX, multiples and near
 * multiples of the divisor), sizes across vector and chunk edges, and the scalar on either side. A zero divisor
 * leaves the op to the TypeScript loop, which raises TF's error.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileKernels } from '../../scripts/kernels.mjs';
import { binaryWasmI32, WASM_ARITH_MIN } from '../../src/engine/kernels/arithWasm';
import { mapBinary } from '../../src/engine/kernels/elementwise';
import { floorModInt } from '../../src/engine/kernels/math';
import { instantiateKernels, setWasmKernels, type WasmKernels } from '../../src/engine/kernels/wasm';
import { Tensor } from '../../src/engine/tensor/tensor';
import { xorshift32 } from '../xorshift';

let wasm: WasmKernels;
beforeAll(async () => {
  wasm = instantiateKernels((await compileKernels()) as Uint8Array<ArrayBuffer>);
  setWasmKernels(wasm);
}, 60_000);
afterAll(() => setWasmKernels(null));

/** CPython's `x % y` for ints, in BigInt. */
function pyMod(x: number, y: number): number {
  const r = BigInt(x) % BigInt(y);
  return Number(r !== 0n && r < 0n !== y < 0 ? r + BigInt(y) : r);
}
const wrapMul = (x: number, y: number): number => Number(BigInt.asIntN(32, BigInt(x) * BigInt(y)));

function values(n: number, seed: number): Int32Array {
  const stream = xorshift32(seed);
  const next = () => stream() | 0;
  const edges = [0, 1, -1, 2, -2, 997, -997, 2 ** 31 - 1, -(2 ** 31), 2 ** 30, -(2 ** 30), 65535, -65536];
  return Int32Array.from({ length: n }, (_, i) => {
    const r = next();
    switch (i % 4) {
      case 0:
        return edges[(r >>> 0) % edges.length];
      case 1:
        return r >> ((r >>> 0) % 31); // every magnitude
      default:
        return r;
    }
  });
}

const SIZES = [WASM_ARITH_MIN, WASM_ARITH_MIN + 3, 70_001, (1 << 18) + 5];

describe('int32 WebAssembly kernels', () => {
  for (const n of SIZES) {
    it(`${n} elements: multiply and modulo, arrays and scalars, equal their definitions`, () => {
      const a = values(n, n);
      const b = values(n, n + 1).map((v) => (v === 0 ? 7 : v));
      const check = (f: typeof Math.imul, def: (x: number, y: number) => number, x: Int32Array, y: Int32Array) => {
        const got = binaryWasmI32(f, x, y, n);
        expect(got).toBeDefined();
        const at = x.length === n ? (i: number) => x[i] : () => x[0];
        const bt = y.length === n ? (i: number) => y[i] : () => y[0];
        let bad = -1;
        for (let i = 0; i < n && bad < 0; i++) if (got![i] !== def(at(i), bt(i))) bad = i;
        expect(bad).toBe(-1);
      };
      for (const [f, def] of [
        [Math.imul, wrapMul],
        [floorModInt, pyMod],
      ] as const) {
        check(f, def, a, b);
        for (const s of [1, -1, 3, -3, 997, -997, 2 ** 31 - 1, -(2 ** 31)]) {
          check(f, def, a, Int32Array.of(s));
          check(f, def, Int32Array.of(s === 0 ? 1 : s), b);
        }
      }
    });
  }

  it('the elementwise map takes them for int32 tensors (x % 997, x * 37 as the benchmark builds its inputs)', () => {
    const n = 5000;
    const x = new Tensor(
      'int32',
      [n],
      Int32Array.from({ length: n }, (_, i) => i * 37 - 90_000),
    );
    const s = (v: number) => new Tensor('int32', [], Int32Array.of(v));
    const mod = mapBinary(x, s(997), [n], 'int32', floorModInt) as Int32Array;
    const mul = mapBinary(x, s(37), [n], 'int32', Math.imul) as Int32Array;
    for (let i = 0; i < n; i += 97) {
      expect(mod[i]).toBe(pyMod(x.data[i] as number, 997));
      expect(mul[i]).toBe(wrapMul(x.data[i] as number, 37));
    }
  });

  it('a zero divisor anywhere leaves the modulo to the TypeScript loop (which raises)', () => {
    const n = WASM_ARITH_MIN + 1;
    const a = values(n, 5);
    const b = values(n, 6).map((v) => (v === 0 ? 1 : v));
    b[n - 1] = 0;
    expect(binaryWasmI32(floorModInt, a, b, n)).toBeUndefined();
    expect(binaryWasmI32(floorModInt, a, Int32Array.of(0), n)).toBeUndefined();
    expect(() => floorModInt(1, 0)).toThrow('Integer division by zero');
    // A product has no such case.
    expect(binaryWasmI32(Math.imul, a, Int32Array.of(0), n)).toBeDefined();
  });
});
