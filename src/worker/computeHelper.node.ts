/**
 * The compute helper thread (`dist/computeHelper.js`): started by `offerComputeHelper` with the buffer it shares
 * with the engine's thread, it serves block after block of big float32 matrix products and unary functions (see
 * `engine/kernels/computeHelper.ts`) with WebAssembly kernels of its own, until its process or parent ends.
 */
import { workerData } from 'node:worker_threads';
import { serveComputeHelper } from '../engine/kernels/computeHelper';
import { wasmKernels } from '../engine/kernels/wasm';

const w = wasmKernels();
const sab = (workerData as { sab?: SharedArrayBuffer } | undefined)?.sab;
if (w && sab) serveComputeHelper(sab, w);
