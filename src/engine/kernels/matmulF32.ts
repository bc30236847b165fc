/**
 * The float32 GEMM with float32 accumulation (`assembly/kernels.ts`, `gemmF32`) driven a block of output rows at
 * a time: `loadF32Operands` copies both operands into one thread's module memory and packs B once, and
 * `gemmF32Rows` computes any range of rows of C from them. Each element of C is summed in the same order whatever
 * the range (p = 0 … k−1 in `F32_BLOCK_K` blocks), so splitting the rows — between budget checks, or between two
 * threads (`computeHelper.ts`) — never changes a bit.
 */
import { ensureMemory, type WasmKernels } from './wasm';

/** Inner-dimension block of the float32 kernel: each block's sum is added to C in block order. */
export const F32_BLOCK_K = 256;

/** Where one product's operands, panels and scratch C sit in a thread's module memory. */
export interface F32Operands {
  m: number;
  k: number;
  n: number;
  transA: boolean;
  aRaw: number;
  bp: number;
  ap: number;
  cPad: number;
  /** Row panels of A the `ap` and `cPad` regions hold at most (rows per call of `gemmF32Rows`, in fours). */
  panels: number;
}

const align = (x: number) => (x + 63) & ~63;

/**
 * Copies `a` (the m × k operand as stored: k × m when `transA`) and `b` (k × n, or n × k when `transB`) into the
 * module's memory and packs B into column panels; `maxRows` bounds the rows of one `gemmF32Rows` call. `same`
 * skips an operand the previous call with the same sizes left in place (a batch broadcasting it).
 */
export function loadF32Operands(
  w: WasmKernels,
  a: Float32Array,
  b: Float32Array,
  m: number,
  k: number,
  n: number,
  transA: boolean,
  transB: boolean,
  maxRows: number,
  same: { a: boolean; b: boolean } = { a: false, b: false },
): F32Operands {
  const np = (n + 7) >> 3;
  const panels = Math.ceil(Math.min(maxRows, m) / 4);
  const bRaw = w.base;
  const bp = align(bRaw + k * n * 4);
  const aRaw = align(bp + np * 32 * k);
  const ap = align(aRaw + m * k * 4);
  const cPad = align(ap + panels * 16 * k);
  const buffer = ensureMemory(w, cPad + panels * 4 * np * 8 * 4);
  if (!same.b) {
    new Float32Array(buffer, bRaw, k * n).set(b);
    w.exports.packColsF32(bRaw, transB ? 1 : 0, k, n, bp);
  }
  if (!same.a) new Float32Array(buffer, aRaw, m * k).set(a);
  return { m, k, n, transA, aRaw, bp, ap, cPad, panels };
}

/** Rows `r0 … r1−1` of C = op(A) · op(B) into `out` from `at` on (row-major, `n` per row). */
export function gemmF32Rows(
  w: WasmKernels,
  o: F32Operands,
  r0: number,
  r1: number,
  out: Float32Array,
  at: number,
): void {
  const { m, k, n } = o;
  const rows = r1 - r0;
  const e = w.exports;
  // Rows r0 … of op(A): a contiguous block of A, or (transposed) columns r0 … read with A's leading dimension.
  const src = o.transA ? o.aRaw + r0 * 4 : o.aRaw + r0 * k * 4;
  e.packRowsF32(src, o.transA ? 1 : 0, rows, k, m, o.ap);
  const panels = Math.ceil(rows / 4);
  for (let p0 = 0; p0 < k; p0 += F32_BLOCK_K)
    e.gemmF32(o.ap, o.bp, o.cPad, panels, k, n, p0, Math.min(k, p0 + F32_BLOCK_K), p0 > 0 ? 1 : 0);
  const ldc = ((n + 7) >> 3) * 8;
  const c = new Float32Array(e.memory.buffer, o.cPad, panels * 4 * ldc);
  if (ldc === n) out.set(c.subarray(0, rows * n), at);
  else for (let i = 0; i < rows; i++) out.set(c.subarray(i * ldc, i * ldc + n), at + i * n);
}
