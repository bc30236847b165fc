/**
 * float32 add, sub, mul, div, TanhGrad, ReluGrad, neg, square, relu and abs of large tensors in WebAssembly SIMD
 * (`assembly/kernels.ts`, `binaryF32`, `simpleF32`). Each is one rounding per element, so the results are the bits
 * of the TypeScript loops (`loops.ts`) they stand in for; the kernels test both on random and special inputs. The
 * operands are copied into the module's memory in chunks and the result copied out into a new array: still several
 * times faster than a JavaScript loop over float32 arrays, which V8 does not vectorise.
 */
import { allocate } from '../tensor/dtype';
import { addF, divF, type Fn1, type Fn2, mulF, negF, reluF, reluGradF, squareF, subF, tanhGradF32 } from './loops';
import { ensureMemory, type WasmKernels, wasmKernels } from './wasm';

/** From this many elements these ops run in WebAssembly (below, the call and copies cost more than they save). */
export const WASM_ARITH_MIN = 2048;

/** Elements per pass through the module's memory (three 1 MB regions), so a huge tensor does not grow it much. */
const CHUNK = 1 << 18;

const BINARY = new Map<Fn2, number>([
  [addF, 0],
  [subF, 1],
  [mulF, 2],
  [divF, 3],
  [tanhGradF32, 4],
  [reluGradF, 5],
]);
const SIMPLE = new Map<Fn1, number>([
  [negF, 0],
  [squareF, 1],
  [reluF, 2],
  [Math.abs, 3],
]);

/** Whether `f` has a float32 WebAssembly kernel (binary or unary). */
export const hasBinaryWasm = (f: Fn2): boolean => BINARY.has(f);
export const hasSimpleWasm = (f: Fn1): boolean => SIMPLE.has(f);

/**
 * `f(a[i], b[i])` for `n` elements, where an operand of length 1 is a scalar and, when `periodic`, an operand of a
 * length m dividing n repeats every m elements (a bias row broadcast over the leading dimensions: the caller has
 * checked the shapes). Undefined when `f` has no kernel, no module is loaded, or the operands are none of these.
 */
export function binaryWasm(
  f: Fn2,
  a: Float32Array,
  b: Float32Array,
  n: number,
  periodic = false,
): Float32Array | undefined {
  const op = BINARY.get(f);
  if (op === undefined) return undefined;
  const repeats = (x: Float32Array) => periodic && x.length > 1 && x.length < n && n % x.length === 0;
  const mode = operandMode(a.length === n || repeats(a), b.length === n || repeats(b), a.length, b.length, n);
  if (mode < 0) return undefined;
  // Chunks hold whole periods of a repeating operand.
  const period = mode === 0 ? Math.max(a.length < n ? a.length : 1, b.length < n ? b.length : 1) : 1;
  if (period > CHUNK || (a.length < n && b.length < n && mode === 0)) return undefined;
  const w = wasmKernels();
  if (!w) return undefined;
  const out = allocate('float32', n) as Float32Array;
  const chunk = Math.min(n, Math.floor(CHUNK / period) * period);
  throughModule(w, Float32Array, a, b, out, mode, chunk, (x, y, s, dst, len) =>
    w.exports.binaryF32(op, mode, x, y, s, dst, len),
  );
  return out;
}

type View = Float32Array | Int32Array;

/**
 * The kernels' operand mode: 0 both arrays (`aFull`, `bFull`: each the whole length, or repeating), 1 `b` a scalar,
 * 2 `a` a scalar; -1 none of these.
 */
function operandMode(aFull: boolean, bFull: boolean, aLength: number, bLength: number, n: number): number {
  if (aFull && bFull) return 0;
  if (bLength === 1 && aLength === n) return 1;
  if (aLength === 1 && bLength === n) return 2;
  return -1;
}

/**
 * `out` from `a` and `b` through three regions of the module's memory, `chunk` elements at a time (`mode` as the
 * kernels': 0 both arrays, a shorter one repeating whole periods of the chunk; 1 `b` a scalar; 2 `a` a scalar).
 */
function throughModule<T extends View>(
  w: WasmKernels,
  make: new (buffer: ArrayBuffer, offset: number, length: number) => T,
  a: T,
  b: T,
  out: T,
  mode: number,
  chunk: number,
  kernel: (a: number, b: number, s: number, dst: number, len: number) => void,
): void {
  const n = out.length;
  const at = w.base;
  const buffer = ensureMemory(w, at + 3 * chunk * 4);
  const va = new make(buffer, at, chunk);
  const vb = new make(buffer, at + chunk * 4, chunk);
  const vd = new make(buffer, at + 2 * chunk * 4, chunk);
  // A repeating operand is tiled once into its region.
  if (mode === 0 && a.length < n) for (let r = 0; r < chunk; r += a.length) va.set(a, r);
  if (mode === 0 && b.length < n) for (let r = 0; r < chunk; r += b.length) vb.set(b, r);
  const s = mode === 1 ? b[0] : mode === 2 ? a[0] : 0;
  for (let i = 0; i < n; i += chunk) {
    const len = Math.min(chunk, n - i);
    if (mode !== 2 && a.length === n) va.set(a.subarray(i, i + len));
    if (mode !== 1 && b.length === n) vb.set(b.subarray(i, i + len));
    kernel(at, at + chunk * 4, s, at + 2 * chunk * 4, len);
    out.set(len === chunk ? vd : vd.subarray(0, len), i);
  }
}

/** int32 kernels by function: `Math.imul` here, `floorModInt` registered by `math.ts` (which imports this file). */
const BINARY_I32 = new Map<Fn2, number>([[Math.imul, 0]]);
export const I32_FLOOR_MOD = 1;
export function defineBinaryWasmI32(f: Fn2, op: number): void {
  BINARY_I32.set(f, op);
}

/** Whether `f` has an int32 WebAssembly kernel (int32 multiply, Python's `%`). */
export const hasBinaryWasmI32 = (f: Fn2): boolean => BINARY_I32.has(f);

/**
 * `f(a[i], b[i])` for `n` int32 elements, an operand of length 1 being a scalar; undefined when `f` has no kernel, no
 * module is loaded, the operands are neither, or a modulo has a zero divisor (the TypeScript loop raises TF's
 * error for it).
 */
export function binaryWasmI32(f: Fn2, a: Int32Array, b: Int32Array, n: number): Int32Array | undefined {
  const op = BINARY_I32.get(f);
  if (op === undefined) return undefined;
  const mode = operandMode(a.length === n, b.length === n, a.length, b.length, n);
  if (mode < 0 || (op === I32_FLOOR_MOD && b.includes(0))) return undefined;
  const w = wasmKernels();
  if (!w) return undefined;
  const out = allocate('int32', n) as Int32Array;
  throughModule(w, Int32Array, a, b, out, mode, Math.min(n, CHUNK), (x, y, s, dst, len) =>
    w.exports.binaryI32(op, mode, x, y, s, dst, len),
  );
  return out;
}

/** `f(src[i])` for neg, square, relu and abs; undefined when `f` has no kernel or no module is loaded. */
export function simpleWasm(f: Fn1, src: Float32Array): Float32Array | undefined {
  const op = SIMPLE.get(f);
  if (op === undefined) return undefined;
  const w = wasmKernels();
  return w ? simpleF32(w, op, src) : undefined;
}

function simpleF32(w: WasmKernels, op: number, src: Float32Array): Float32Array {
  const n = src.length;
  const out = allocate('float32', n) as Float32Array;
  const chunk = Math.max(1, Math.min(n, CHUNK));
  const at = w.base;
  const buffer = ensureMemory(w, at + chunk * 4);
  const view = new Float32Array(buffer, at, chunk);
  for (let i = 0; i < n; i += chunk) {
    const len = Math.min(chunk, n - i);
    view.set(src.subarray(i, i + len));
    w.exports.simpleF32(op, at, at, len);
    out.set(len === chunk ? view : view.subarray(0, len), i);
  }
  return out;
}
