/**
 * The matrix-product helper thread (`dist/matmulHelper.js`): started by `startMatmulHelper` with the buffer it
 * shares with the engine's thread, it serves block after block of big float32 products (see
 * `engine/kernels/matmulShare.ts`) with WebAssembly kernels of its own, until its process or parent ends.
 */
import { workerData } from 'node:worker_threads';
import { serveMatmulHelper } from '../engine/kernels/matmulShare';
import { wasmKernels } from '../engine/kernels/wasm';

const w = wasmKernels();
const sab = (workerData as { sab?: SharedArrayBuffer } | undefined)?.sab;
if (w && sab) serveMatmulHelper(sab, w);
