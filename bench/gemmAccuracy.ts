/**
 * `node bench/gemm-accuracy.mjs`: how far the float32-accumulating GEMM is from the float64-accumulating one (the
 * correctly rounded result when the float64 sum is exact) on the benchmark's shapes and inputs and on random
 * shapes: the largest difference relative to the largest |C| of the product, and relative to Σ|a·b| of the element.
 */

import { batchMatmulWasm, batchMatmulWasmF32 } from '../src/engine/kernels/matmul';
import { wasmKernels } from '../src/engine/kernels/wasm';
import { fill, W3, W4 } from './data';

const w = wasmKernels();
if (!w) throw new Error('no WebAssembly kernels in this bundle');

function compare(
  label: string,
  a: Float32Array,
  b: Float32Array,
  m: number,
  k: number,
  n: number,
  ta: boolean,
  tb: boolean,
) {
  const exact = batchMatmulWasm(w!, a, b, 'float32', 1, null, null, m, k, n, ta, tb);
  const got = batchMatmulWasmF32(w!, a, b, 1, null, null, m, k, n, ta, tb);
  let scale = 0;
  for (const v of exact) scale = Math.max(scale, Math.abs(v));
  let normwise = 0;
  let elementwise = 0;
  let conditioned = 0;
  let differ = 0;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      const e = exact[i * n + j];
      const d = Math.abs(got[i * n + j] - e);
      if (d > 0) differ++;
      normwise = Math.max(normwise, d / scale);
      if (e !== 0) elementwise = Math.max(elementwise, d / Math.abs(e));
      let s = 0;
      for (let p = 0; p < k; p++) s += Math.abs(a[ta ? p * m + i : i * k + p] * b[tb ? j * k + p : p * n + j]);
      if (s > 0) conditioned = Math.max(conditioned, d / s);
    }
  }
  console.log(
    `| ${label} | ${m}×${k}·${k}×${n}${ta ? ' Aᵀ' : ''}${tb ? ' Bᵀ' : ''} | ${((100 * differ) / (m * n)).toFixed(1)} % | ${normwise.toExponential(1)} | ${conditioned.toExponential(1)} | ${elementwise.toExponential(1)} |`,
  );
}

console.log('| product | shape | elements that differ | max |Δ| / max |C| | max |Δ| / Σ|a·b| | max |Δ| / |C| |');
console.log('|---|---|---|---|---|---|');
const f = W3.fills;
const X = fill(W3.batch * W3.inputs, f.X.a, f.X.scale);
const W1 = fill(W3.inputs * W3.hidden, f.W1.a, f.W1.scale);
compare('W3 X@W1', X, W1, W3.batch, W3.inputs, W3.hidden, false, false);
const delta = fill(W3.batch * W3.hidden, 91, 0.01);
compare('W3 Xᵀ·δ (δ a fill)', X, delta, W3.inputs, W3.batch, W3.hidden, true, false);
const A = fill(W4.n * W4.n, W4.A.a, W4.A.scale);
const B = fill(W4.n * W4.n, W4.B.a, W4.B.scale);
compare('W4 A@B', A, B, W4.n, W4.n, W4.n, false, false);
let s = 12345;
const rnd = () => {
  s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
  return s / 2 ** 32;
};
for (let t = 0; t < 6; t++) {
  const [m, k, n] = [16 + Math.floor(rnd() * 300), 64 + Math.floor(rnd() * 1500), 16 + Math.floor(rnd() * 300)];
  const a = Float32Array.from({ length: m * k }, () => rnd() * 2 - 1);
  const b = Float32Array.from({ length: k * n }, () => rnd() * 2 - 1);
  compare('random U(-1, 1)', a, b, m, k, n, t % 2 === 1, t % 3 === 2);
}
