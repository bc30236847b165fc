export const KERNELS_SOURCE: string;
/** The compiled WebAssembly kernels (AssemblyScript → wasm, in memory). */
export function compileKernels(): Promise<Uint8Array>;
