import * as os from 'node:os';
import * as path from 'node:path';

/**
 * The compute helper thread's script (`computeHelper.js` in `dir`, beside the engine bundle) when
 * the machine has a second core for it; undefined otherwise (see `computeHelperPool.node.ts`).
 */
export function computeHelperFile(dir: string): string | undefined {
  const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  return cores >= 2 ? path.join(dir, 'computeHelper.js') : undefined;
}
