/**
 * float32 exp, tanh, sin, cos, log, sigmoid, log1p, expm1 and softplus as TF's CPU kernels compute them, at every
 * size: the first `n − n mod 8` elements by Eigen's packet algorithm (in WebAssembly, `assembly/kernels.ts`
 * `unaryF32`, for any whole packet; in TypeScript, `eigenF32.ts`, when no module is loaded), the last `n mod 8` by
 * Eigen's scalar form. Both implementations return the same bits (the kernel tests compare them).
 */
import { allocate } from '../tensor/dtype';
import { sharedUnaryF32, unaryRange } from './computeHelper';
import { EIGEN_UNARY, type EigenUnary, PACKET, packetLoop, scalarTail } from './eigenF32';
import type { Fn1 } from './loops';
import { type WasmKernels, wasmKernels } from './wasm';

/**
 * From this many packet elements the packet part runs in WebAssembly: from one packet on, the call (≈ 0.2–0.5 µs
 * for 8 elements) is faster than the TypeScript port, which runs about 0.1–0.3 µs per element (measured).
 */
export const WASM_UNARY_MIN = 8;

/** Elements per pass through the module's memory (4 MB), so a huge tensor does not grow it for good. */
const CHUNK = 1 << 20;

/** The ops by their scalar function (see `EIGEN_UNARY`). */
export const UNARY_OPS: ReadonlyMap<Fn1, EigenUnary> = EIGEN_UNARY;

/** TF's float32 `f` of every element, or undefined when TF does not compute `f` with an Eigen packet function. */
export function unaryEigen(f: Fn1, src: Float32Array): Float32Array | undefined {
  const op = EIGEN_UNARY.get(f);
  if (op === undefined) return undefined;
  const bulk = src.length - (src.length % PACKET);
  const w = bulk >= WASM_UNARY_MIN ? wasmKernels() : null;
  if (w) return unaryF32(w, op.code, src);
  const out = allocate('float32', src.length) as Float32Array;
  packetLoop(op, src, out, 0, bulk);
  scalarTail(op, src, out);
  return out;
}

const BY_CODE = new Map([...EIGEN_UNARY.values()].map((op) => [op.code, op]));

/**
 * Operation `op` (its kernel code) of every element of `src`: the packets in WebAssembly, shared with the helper
 * thread when there is one (`computeHelper.ts`), else chunk by chunk.
 */
export function unaryF32(w: WasmKernels, op: number, src: Float32Array): Float32Array {
  const total = src.length;
  const n = total - (total % PACKET);
  const out = allocate('float32', total) as Float32Array;
  scalarTail(BY_CODE.get(op) as EigenUnary, src, out);
  if (sharedUnaryF32(w, op, src, n, out)) return out;
  for (let i = 0; i < n; i += CHUNK) unaryRange(w, op, src, i, Math.min(n, i + CHUNK), out);
  return out;
}
