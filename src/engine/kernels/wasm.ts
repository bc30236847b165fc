/**
 * The WebAssembly kernels (AssemblyScript source in `assembly/kernels.ts`). The build compiles them with `asc` and
 * embeds the module as base64 (`__GL_KERNELS_WASM__`, an esbuild define), so the engine needs no file, fetch or
 * Node API to load them and runs unchanged in a browser worker. Without the define (unit tests, which run the
 * sources) the pure TypeScript kernels are used unless a test installs a module with `setWasmKernels`. The
 * TypeScript kernels stay the reference: every WebAssembly kernel returns the same bits, and the kernel tests run
 * both.
 */

declare const __GL_KERNELS_WASM__: string | undefined;

interface Exports {
  memory: WebAssembly.Memory;
  heapBase(): number;
  packRows(src: number, f32: number, trans: number, m: number, k: number, dst: number): void;
  packCols(src: number, f32: number, trans: number, k: number, n: number, dst: number): void;
  gemm(ap: number, bp: number, out: number, f32: number, m: number, k: number, n: number): void;
  unaryF32(op: number, src: number, dst: number, n: number): void;
  binaryF32(op: number, mode: number, a: number, b: number, s: number, dst: number, n: number): void;
  binaryI32(op: number, mode: number, a: number, b: number, s: number, dst: number, n: number): void;
  simpleF32(op: number, src: number, dst: number, n: number): void;
  packRowsF32(src: number, trans: number, m: number, k: number, ld: number, dst: number): void;
  packColsF32(src: number, trans: number, k: number, n: number, dst: number): void;
  statsF32(
    src: number,
    rows: number,
    cols: number,
    k: number,
    gridCols: number,
    edges: number,
    rowCell: number,
    cells: number,
    acc: number,
  ): void;
  gemmF32(
    ap: number,
    bp: number,
    c: number,
    rowPanels: number,
    k: number,
    n: number,
    p0: number,
    p1: number,
    acc: number,
  ): void;
}

/** A loaded kernel module: its exports and the first free byte of its memory. */
export interface WasmKernels {
  readonly exports: Exports;
  readonly base: number;
}

let kernels: WasmKernels | null | undefined;

function decodeBase64(s: string): Uint8Array<ArrayBuffer> {
  const bin = atob(s);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** Instantiate a kernel module from its bytes (synchronously: the engine runs in a worker or in Node). */
export function instantiateKernels(bytes: Uint8Array<ArrayBuffer>): WasmKernels {
  const mod = new WebAssembly.Module(bytes);
  const exports = new WebAssembly.Instance(mod, {}).exports as unknown as Exports;
  return { exports, base: (exports.heapBase() + 63) & ~63 };
}

/** The loaded kernels, or null when there are none (no embedded module, or WebAssembly unavailable). */
export function wasmKernels(): WasmKernels | null {
  if (kernels === undefined) {
    kernels = null;
    if (typeof __GL_KERNELS_WASM__ === 'string' && typeof WebAssembly === 'object') {
      try {
        kernels = instantiateKernels(decodeBase64(__GL_KERNELS_WASM__));
      } catch {
        kernels = null;
      }
    }
  }
  return kernels;
}

/** Use these kernels from now on (`null`: the TypeScript kernels only). Tests switch backends with this. */
export function setWasmKernels(k: WasmKernels | null): void {
  kernels = k;
}

/** Grow the module's memory to at least `bytes`; returns its buffer (views must be re-made after a grow). */
export function ensureMemory(k: WasmKernels, bytes: number): ArrayBuffer {
  const mem = k.exports.memory;
  const have = mem.buffer.byteLength;
  if (bytes > have) mem.grow(Math.ceil((bytes - have) / 65536));
  return mem.buffer;
}
