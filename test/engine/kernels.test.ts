/**
 * The kernel layer's two implementations checked by the same tests: the TypeScript reference kernels and the
 * WebAssembly ones (compiled here from their AssemblyScript source, as the build does), and the dedicated
 * elementwise loops against the generic maps. Results must be identical bit for bit, not merely close.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileKernels } from '../../scripts/kernels.mjs';
import { EIGEN_UNARY } from '../../src/engine/kernels/eigenF32';
import { mapBinary, mapUnary } from '../../src/engine/kernels/elementwise';
import {
  addF,
  binaryLoops,
  divF,
  type Fn1,
  type Fn2,
  LOOP_MIN,
  mulF,
  negF,
  reluF,
  reluGradF,
  squareF,
  subF,
  tanhGradF32,
  tanhGradF64,
  unaryLoop,
} from '../../src/engine/kernels/loops';
import { batchMatmul, batchMatmulTs, batchMatmulWasm } from '../../src/engine/kernels/matmul';
import { instantiateKernels, setWasmKernels, type WasmKernels } from '../../src/engine/kernels/wasm';
import { matmul } from '../../src/engine/ops/linalg';
import type { NumericData } from '../../src/engine/tensor/dtype';
import { Tensor } from '../../src/engine/tensor/tensor';
import { xorshift32 } from '../xorshift';

let wasm: WasmKernels;
beforeAll(async () => {
  wasm = instantiateKernels((await compileKernels()) as Uint8Array<ArrayBuffer>);
}, 60_000);
afterAll(() => setWasmKernels(null));

/** A deterministic pseudo-random generator (xorshift), values in [-1, 1) with some wide magnitudes mixed in. */
function values(n: number, seed: number, f32: boolean): Float32Array | Float64Array {
  const out = f32 ? new Float32Array(n) : new Float64Array(n);
  const next = xorshift32(seed);
  for (let i = 0; i < n; i++) {
    const u = next() / 2 ** 32 - 0.5;
    // Every 7th element is large, so the order of summation shows in the rounded result.
    out[i] = i % 7 === 3 ? u * 1e7 : u * 2;
  }
  return out;
}

/** The definition: for each output, a float64 sum over p = 0 … k-1 in order, rounded once on store. */
function naive(
  a: NumericData,
  b: NumericData,
  f32: boolean,
  m: number,
  k: number,
  n: number,
  ta: boolean,
  tb: boolean,
): Float32Array | Float64Array {
  const out = f32 ? new Float32Array(m * n) : new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += a[ta ? p * m + i : i * k + p] * b[tb ? j * k + p : p * n + j];
      out[i * n + j] = s;
    }
  }
  return out;
}

function expectSameBits(got: ArrayLike<number>, want: ArrayLike<number>): void {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    if (!Object.is(got[i], want[i])) expect({ index: i, got: got[i] }).toEqual({ index: i, got: want[i] });
  }
}

const SHAPES: [number, number, number][] = [
  [1, 1, 1],
  [1, 7, 1],
  [3, 5, 2],
  [4, 4, 4],
  [5, 9, 7],
  [8, 3, 13],
  [17, 33, 6],
  [31, 64, 29],
  [64, 0, 5],
  [1, 33, 17],
  [19, 40, 1],
  [1, 9, 1],
  [70, 70, 1],
  [1, 70, 70],
];

describe('GEMM: TypeScript and WebAssembly kernels agree with the definition, bit for bit', () => {
  for (const dtype of ['float32', 'float64'] as const) {
    for (const [m, k, n] of SHAPES) {
      for (const [ta, tb] of [
        [false, false],
        [true, false],
        [false, true],
        [true, true],
      ] as const) {
        it(`${dtype} ${m}×${k} · ${k}×${n}${ta ? ', A transposed' : ''}${tb ? ', B transposed' : ''}`, () => {
          const f32 = dtype === 'float32';
          const a = values(m * k, m * 131 + k, f32);
          const b = values(k * n, n * 71 + k + 1, f32);
          const want = naive(a, b, f32, m, k, n, ta, tb);
          expectSameBits(batchMatmulTs(a, b, dtype, 1, null, null, m, k, n, ta, tb), want);
          expectSameBits(batchMatmulWasm(wasm, a, b, dtype, 1, null, null, m, k, n, ta, tb), want);
        });
      }
    }
  }

  it('batches with broadcast operands', () => {
    const [m, k, n] = [6, 10, 7];
    const a = values(2 * m * k, 5, true) as Float32Array;
    const b = values(3 * k * n, 9, true) as Float32Array;
    // out batch 0..5: A index bi % 2, B index bi % 3
    const ia = Int32Array.from([0, 1, 0, 1, 0, 1]);
    const ib = Int32Array.from([0, 1, 2, 0, 1, 2]);
    const want = new Float32Array(6 * m * n);
    for (let bi = 0; bi < 6; bi++) {
      const one = naive(
        a.subarray(ia[bi] * m * k, (ia[bi] + 1) * m * k),
        b.subarray(ib[bi] * k * n, (ib[bi] + 1) * k * n),
        true,
        m,
        k,
        n,
        false,
        true,
      );
      want.set(one, bi * m * n);
    }
    expectSameBits(batchMatmulTs(a, b, 'float32', 6, ia, ib, m, k, n, false, true), want);
    expectSameBits(batchMatmulWasm(wasm, a, b, 'float32', 6, ia, ib, m, k, n, false, true), want);
  });

  it('special values: NaN, infinities and signed zeros propagate the same way', () => {
    const a = Float32Array.from([Number.NaN, 1, -0, Infinity, 0, -1, 2, -0, -Infinity, 3, 0.5, -0]);
    const b = Float32Array.from([-0, -0, 1, 0, Infinity, -2, -0, 0, 1, 1, -0, -0]);
    for (const [m, k, n] of [
      [3, 4, 3],
      [4, 3, 4],
      [2, 6, 2],
    ] as const) {
      const want = naive(a, b, true, m, k, n, false, false);
      expectSameBits(batchMatmulTs(a, b, 'float32', 1, null, null, m, k, n, false, false), want);
      expectSameBits(batchMatmulWasm(wasm, a, b, 'float32', 1, null, null, m, k, n, false, false), want);
    }
  });

  it('the matmul op gives the same tensor with and without the WebAssembly kernels (and its gradient)', () => {
    const A = new Tensor('float32', [40, 30], values(1200, 3, true));
    const B = new Tensor('float32', [30, 50], values(1500, 4, true));
    setWasmKernels(null);
    const ts = matmul(A, B, { transposeB: false });
    const tsT = matmul(B, A, { transposeA: true, transposeB: true });
    setWasmKernels(wasm);
    try {
      expectSameBits(matmul(A, B).data as Float32Array, ts.data as Float32Array);
      expectSameBits(
        matmul(B, A, { transposeA: true, transposeB: true }).data as Float32Array,
        tsT.data as Float32Array,
      );
      // The dispatcher takes the WebAssembly path for a problem this size.
      expectSameBits(
        batchMatmul(A.data as Float32Array, B.data as Float32Array, 'float32', 1, null, null, 40, 30, 50, false, false),
        ts.data as Float32Array,
      );
    } finally {
      setWasmKernels(null);
    }
  });
});

// ---- elementwise loops -------------------------------------------------------------------------------------------

const SPECIAL = [Number.NaN, Infinity, -Infinity, 0, -0, 1e-45, -1e-40, 3.4e38, -1e300, 0.5, -2.5, 1, -1, 100, 1e-8];

function probe(n: number, f32: boolean, seed: number): Float32Array | Float64Array {
  const out = values(n, seed, f32);
  SPECIAL.forEach((v, i) => {
    out[(i * 5) % n] = v;
  });
  return out;
}

describe('dedicated elementwise loops equal the generic maps', () => {
  const unary: [string, Fn1][] = [
    ['sin', Math.sin],
    ['cos', Math.cos],
    ['exp', Math.exp],
    ['tanh', Math.tanh],
    ['log', Math.log],
    ['sqrt', Math.sqrt],
    ['abs', Math.abs],
    ['neg', negF],
    ['square', squareF],
    ['relu', reluF],
  ];
  for (const [name, f] of unary) {
    for (const dtype of ['float32', 'float64'] as const) {
      it(`${name} ${dtype}`, () => {
        const loop = unaryLoop(f);
        expect(loop).toBeDefined();
        const x = probe(LOOP_MIN * 3 + 5, dtype === 'float32', name.length * 17);
        const want = dtype === 'float32' ? new Float32Array(x.length) : new Float64Array(x.length);
        for (let i = 0; i < x.length; i++) want[i] = f(x[i]);
        if (dtype === 'float32' && EIGEN_UNARY.has(f)) {
          // float32 tensors of these ops take TF's Eigen algorithms instead (unaryF32.test.ts); the loop computes f.
          const out = new Float32Array(x.length);
          loop?.(x, out);
          expectSameBits(out, want);
          return;
        }
        expectSameBits(mapUnary(new Tensor(dtype, [x.length], x), dtype, f) as NumericData, want);
      });
    }
  }

  const binary: [string, Fn2][] = [
    ['add', addF],
    ['sub', subF],
    ['mul', mulF],
    ['div', divF],
    ['reluGrad', reluGradF],
    ['tanhGrad f32', tanhGradF32],
    ['tanhGrad f64', tanhGradF64],
  ];
  for (const [name, f] of binary) {
    for (const dtype of ['float32', 'float64'] as const) {
      it(`${name} ${dtype}: same shape, scalar right, scalar left`, () => {
        expect(binaryLoops(f)).toBeDefined();
        const f32 = dtype === 'float32';
        const n = LOOP_MIN * 2 + 3;
        const a = probe(n, f32, 11);
        const b = probe(n, f32, 29).reverse();
        const s = probe(1, f32, 3);
        const cases: [NumericData, NumericData][] = [
          [a, b],
          [a, s.subarray(0, 1)],
          [s.subarray(0, 1), b],
        ];
        for (const [x, y] of cases) {
          const want = f32 ? new Float32Array(n) : new Float64Array(n);
          for (let i = 0; i < n; i++) want[i] = f(x.length === 1 ? x[0] : x[i], y.length === 1 ? y[0] : y[i]);
          const tx = new Tensor(dtype, x.length === 1 ? [] : [n], x);
          const ty = new Tensor(dtype, y.length === 1 ? [] : [n], y);
          expectSameBits(mapBinary(tx, ty, [n], dtype, f) as NumericData, want);
        }
      });
    }
  }
});

describe('broadcast of a trailing operand (a bias row)', () => {
  const cases: [number[], number[]][] = [
    [[7, 70], [70]],
    [
      [3, 4, 70],
      [1, 70],
    ],
    [[5, 3], [3]],
    [
      [2, 3, 4],
      [3, 4],
    ],
    [[70], [1, 1, 70]],
  ];
  for (const f of [addF, mulF, Math.max as Fn2]) {
    for (const [sa, sb] of cases) {
      it(`${f === addF ? 'add' : f === mulF ? 'mul' : 'max'} ${JSON.stringify(sa)} with ${JSON.stringify(sb)}, both orders`, () => {
        const na = sa.reduce((x, y) => x * y, 1);
        const nb = sb.reduce((x, y) => x * y, 1);
        const a = probe(na, true, 7);
        const b = probe(nb, true, 8);
        const out = sa.length >= sb.length ? sa : [...sb.slice(0, sb.length - sa.length), ...sa];
        const n = out.reduce((x, y) => x * y, 1);
        const want = new Float32Array(n);
        const wantT = new Float32Array(n);
        for (let i = 0; i < n; i++) {
          want[i] = f(a[i % na], b[i % nb]);
          wantT[i] = f(b[i % nb], a[i % na]);
        }
        const ta = new Tensor('float32', sa, a);
        const tb = new Tensor('float32', sb, b);
        expectSameBits(mapBinary(ta, tb, out, 'float32', f) as NumericData, want);
        expectSameBits(mapBinary(tb, ta, out, 'float32', f) as NumericData, wantT);
      });
    }
  }
});
