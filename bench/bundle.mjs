// Bundles a bench script (TypeScript) for Node with the WebAssembly kernels embedded, as the build does.
import * as esbuild from 'esbuild';
import { compileKernels } from '../scripts/kernels.mjs';

export async function bundleWithKernels(entry, outfile) {
  await esbuild.build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    logLevel: 'error',
    define: { __GL_KERNELS_WASM__: JSON.stringify(Buffer.from(await compileKernels()).toString('base64')) },
  });
}
