/** Bundles `entry` (TypeScript) for Node into `outfile` with the WebAssembly kernels embedded, as the build does. */
export function bundleWithKernels(entry: string, outfile: string): Promise<void>;
