/**
 * Starting the compute helper thread in Node (the engine's worker, the CLI, the benchmark): the engine's first big
 * float32 job (a matrix product, an exp or tanh of many elements) starts the helper (`computeHelper.node.ts`) and
 * the two share such jobs from then on (`engine/kernels/computeHelper.ts`). The helper does not keep the process
 * alive, and it ends with the thread that started it.
 */
import { SHARE_BYTES, setComputeHelperFactory } from '../engine/kernels/computeHelper';

/** Lets the engine start a helper from `file` (`computeHelperFile`) when it first needs one; none when undefined. */
export function offerComputeHelper(file: string | undefined): void {
  if (!file) return;
  setComputeHelperFactory(() => {
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
