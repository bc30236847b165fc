import * as os from 'node:os';
import * as path from 'node:path';

/**
 * The helper thread's script for big matrix products (`matmulHelper.js` in `dir`, beside the engine bundle) when
 * the machine has a second core for it; undefined otherwise (see `matmulPool.node.ts`).
 */
export function matmulHelperFile(dir: string): string | undefined {
  const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  return cores >= 2 ? path.join(dir, 'matmulHelper.js') : undefined;
}
