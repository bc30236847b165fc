/**
 * The comparison `bench/elementwise-bits.mjs` runs: for each case written by tf_unary.py, the share of our float32
 * results bit-identical to TF's, through the engine's op (WebAssembly kernels where the engine uses them), through
 * the same op with the TypeScript kernels only (as the unit tests and the conformance suite run the engine) and, for
 * reference, through the correctly rounded `Math.*` function.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { setWasmKernels, wasmKernels } from '../src/engine/kernels/wasm';
import { sigmoid, softplus } from '../src/engine/ops/activations';
import { cos, exp, expm1, log, log1p, rsqrt, sin, sqrt, tanh } from '../src/engine/ops/unary';
import { Tensor } from '../src/engine/tensor/tensor';

const dir = process.argv[2];
const manifest = JSON.parse(readFileSync(path.join(dir, 'cases.json'), 'utf8')) as {
  tf: string;
  cases: { op: string; lo: number; hi: number; x: string; y: string }[];
};
const ops: Record<string, (t: Tensor) => Tensor> = {
  exp,
  tanh,
  sin,
  cos,
  log,
  sigmoid,
  log1p,
  expm1,
  softplus,
  sqrt,
  rsqrt,
};
const scalar: Record<string, (v: number) => number> = {
  exp: Math.exp,
  tanh: Math.tanh,
  sin: Math.sin,
  cos: Math.cos,
  log: Math.log,
  sigmoid: (v) => 1 / (1 + Math.exp(-v)),
  log1p: Math.log1p,
  expm1: Math.expm1,
  softplus: (v) => Math.log1p(Math.exp(v)),
  sqrt: Math.sqrt,
  rsqrt: (v) => 1 / Math.sqrt(v),
};
const f32 = (file: string) => {
  const b = readFileSync(path.join(dir, file));
  return new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
};
const same = (a: Float32Array, b: Float32Array) => {
  const ia = new Int32Array(a.buffer, a.byteOffset, a.length);
  const ib = new Int32Array(b.buffer, b.byteOffset, b.length);
  let k = 0;
  for (let i = 0; i < ia.length; i++) if (ia[i] === ib[i] || (Number.isNaN(a[i]) && Number.isNaN(b[i]))) k++;
  return k / ia.length;
};
console.log(`float32 results bit-identical to TensorFlow ${manifest.tf} (CPU, 1 thread), 1,000,000 inputs per case`);
console.log('| op | inputs | engine | engine without WebAssembly | correctly rounded (Math.*) |');
console.log('|---|---|---|---|---|');
const wasm = wasmKernels();
for (const c of manifest.cases) {
  const x = f32(c.x);
  const want = f32(c.y);
  const ours = ops[c.op](new Tensor('float32', [x.length], x)).data as Float32Array;
  setWasmKernels(null);
  const ts = ops[c.op](new Tensor('float32', [x.length], x)).data as Float32Array;
  setWasmKernels(wasm);
  const cr = Float32Array.from(x, scalar[c.op]);
  const pct = (v: number) => `${(100 * v).toFixed(2)} %`;
  console.log(
    `| ${c.op} | U(${c.lo}, ${c.hi}) | ${pct(same(ours, want))} | ${pct(same(ts, want))} | ${pct(same(cr, want))} |`,
  );
}
