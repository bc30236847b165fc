/**
 * Starting the matrix-product helper thread in Node (the engine's worker, the CLI, the benchmark): the engine's
 * first big float32 product starts the helper (`matmulHelper.node.ts`) and the two share the rows of such products
 * from then on (`engine/kernels/matmulShare.ts`). The helper does not keep the process alive, and it ends with the
 * thread that started it.
 */
import { SHARE_BYTES, setMatmulHelperFactory } from '../engine/kernels/matmulShare';

/** Lets the engine start a helper from `file` (`matmulHelperFile`) when it first needs one; none when undefined. */
export function offerMatmulHelper(file: string | undefined): void {
  if (!file) return;
  setMatmulHelperFactory(() => {
    const sab = new SharedArrayBuffer(SHARE_BYTES);
    // Loaded here, not at startup: `worker_threads` costs a cold CLI run ≈ 2 ms, and most runs never need a helper.
    const { Worker } = require('node:worker_threads') as typeof import('node:worker_threads');
    const helper = new Worker(file, { workerData: { sab } });
    helper.unref();
    // A helper that fails to start makes no progress, and the engine gives it up; nothing else to do here.
    helper.on('error', () => {});
    return sab;
  });
}
