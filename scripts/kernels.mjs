// Compiles the engine's WebAssembly kernels (src/engine/kernels/assembly/kernels.ts, AssemblyScript) to a wasm
// binary in memory. Used by the build (which embeds it in the bundles as base64) and by the kernel tests.
import { fileURLToPath } from 'node:url';
import asc from 'assemblyscript/asc';

export const KERNELS_SOURCE = fileURLToPath(new URL('../src/engine/kernels/assembly/kernels.ts', import.meta.url));

/** The compiled module's bytes. Throws with asc's diagnostics on a compile error. */
export async function compileKernels() {
  let binary;
  const stderr = [];
  const { error } = await asc.main(
    [
      KERNELS_SOURCE,
      '--outFile',
      'kernels.wasm',
      '-O3',
      '--enable',
      'simd',
      '--runtime',
      'stub',
      '--noAssert',
      '--use',
      'abort=',
    ],
    {
      writeFile: (name, contents) => {
        if (name.endsWith('.wasm')) binary = contents;
      },
      stderr: { write: (s) => stderr.push(String(s)) },
      stdout: { write: () => {} },
    },
  );
  if (error || !binary)
    throw new Error(`asc failed to compile the kernels: ${error?.message ?? ''}\n${stderr.join('')}`);
  return binary;
}
