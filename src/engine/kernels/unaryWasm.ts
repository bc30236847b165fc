/**
 * float32 exp, tanh, sin and cos of large tensors in WebAssembly (`assembly/kernels.ts`, `unaryF32`): the algorithms
 * of TF's CPU kernels (Eigen's packet functions without FMA, subnormals flushed), so the results are TF's bit for
 * bit, at SIMD speed. Smaller tensors keep the correctly rounded `Math.*` loops: the choice depends on the size only.
 */
import { allocate } from '../tensor/dtype';
import type { Fn1 } from './loops';
import { ensureMemory, type WasmKernels, wasmKernels } from './wasm';

/** From this many elements a float32 exp/tanh/sin/cos runs in WebAssembly. */
export const WASM_UNARY_MIN = 256;

/** Elements per pass through the module's memory (4 MB), so a huge tensor does not grow it for good. */
const CHUNK = 1 << 20;

/** The kernel's operation codes. */
export const UNARY_OPS = new Map<Fn1, number>([
  [Math.exp, 0],
  [Math.tanh, 1],
  [Math.sin, 2],
  [Math.cos, 3],
]);

/** `f` of every element in WebAssembly, or undefined when `f` has no such kernel or no module is loaded. */
export function unaryWasm(f: Fn1, src: Float32Array): Float32Array | undefined {
  const op = UNARY_OPS.get(f);
  if (op === undefined) return undefined;
  const w = wasmKernels();
  return w ? unaryF32(w, op, src) : undefined;
}

/**
 * TF's kernels run Eigen's vectorised algorithm on whole 8-float packets and compute the last `n mod 8` elements
 * with the scalar `std::exp`/`sin`/`cos` (correctly rounded in practice); tanh's scalar form is the same rational
 * function as its packet form.
 */
const PACKET = 8;

/** Operation `op` of the kernel on every element of `src` (in place in the module's memory, chunk by chunk). */
export function unaryF32(w: WasmKernels, op: number, src: Float32Array): Float32Array {
  const total = src.length;
  const n = op === 1 ? total : total - (total % PACKET);
  const out = allocate('float32', total) as Float32Array;
  const scalar = op === 0 ? Math.exp : op === 2 ? Math.sin : Math.cos;
  for (let i = n; i < total; i++) out[i] = scalar(src[i]);
  const at = w.base;
  const buffer = ensureMemory(w, at + Math.max(Math.min(n, CHUNK), 1) * 4);
  for (let i = 0; i < n; i += CHUNK) {
    const len = Math.min(CHUNK, n - i);
    const view = new Float32Array(buffer, at, len);
    view.set(src.subarray(i, i + len));
    w.exports.unaryF32(op, at, at, len);
    out.set(view, i);
  }
  return out;
}
