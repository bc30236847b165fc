import { chargeWork } from '../limits';
import { session } from '../session';
import { allocate, type DType, type NumericData } from '../tensor/dtype';
import { sharedMatmulF32 } from './computeHelper';
import { gemmF32Rows, loadF32Operands } from './matmulF32';
import { ensureMemory, type WasmKernels, wasmKernels } from './wasm';

/**
 * Batched matrix product `out[b] = op(A[ia[b]]) · op(B[ib[b]])`, `op` = optional transpose, for `batch` output
 * matrices of `m × n` with inner size `k`. `ia`/`ib` give the operand batch index of every output batch (broadcast
 * batch dimensions); `null` means the identity.
 *
 * Rounding: every output element is accumulated in float64, in order p = 0 … k-1, and rounded once when stored
 * into the output's typed array. TF's CPU kernel (Eigen GEMM) accumulates float32 products in float32 registers,
 * in blocks, with FMA, in an order that depends on the machine's vector width; no fixed order reproduces it
 * everywhere. Accumulating in float64 and rounding once gives the correctly rounded result whenever the float64
 * sum is exact — always the case for the small integers and short dyadic fractions tests and tutorials print,
 * where TF's float32 accumulation is exact too — and is otherwise within TF's own accumulation error. Integer
 * products are exact up to 2^53 and wrap like TF's int32 on storage.
 *
 * Speed: both operands are packed once per batch into float64 scratch rows — A as `m × k`, B transposed as
 * `n × k` — so transposes cost one strided copy, the inner loop is monomorphic and contiguous, and a 2 × 4 block
 * of outputs is computed per pass over `k` (eight independent accumulators, each operand load used 2–4 times).
 *
 * Float products large enough to amortise a call run in WebAssembly (`assembly/kernels.ts`: the same packing and
 * the same per-element summation order with f64x2 SIMD across output columns, so the same bits); `batchMatmulTs`
 * is the reference and the fallback.
 */
export function batchMatmul(
  a: NumericData,
  b: NumericData,
  dtype: DType,
  batch: number,
  ia: Int32Array | null,
  ib: Int32Array | null,
  m: number,
  k: number,
  n: number,
  transA: boolean,
  transB: boolean,
): NumericData {
  chargeWork(batch * m * n * k);
  const float = dtype === 'float32' || dtype === 'float64';
  const w =
    float &&
    m > 1 &&
    n > 1 &&
    m * n * k >= WASM_MIN_WORK &&
    wasmScratchBytes(m, k, n, dtype === 'float32' ? 4 : 8) <= WASM_MAX_SCRATCH
      ? wasmKernels()
      : null;
  if (w && dtype === 'float32' && m * n * k >= F32_ACCUMULATE_MIN_WORK)
    return batchMatmulWasmF32(w, a as Float32Array, b as Float32Array, batch, ia, ib, m, k, n, transA, transB);
  if (w) return batchMatmulWasm(w, a, b, dtype as 'float32' | 'float64', batch, ia, ib, m, k, n, transA, transB);
  return batchMatmulTs(a, b, dtype, batch, ia, ib, m, k, n, transA, transB);
}

/**
 * Multiply-adds between two budget checks of a large product during a run (~50 ms): a product of 3000 × 3000
 * matrices takes seconds, far past the run's deadline, and nothing else would check the clock meanwhile. The
 * kernels compute such a product in slices of (a multiple of 4) output rows, with the run's budget check
 * (`session.poll`) in between; each output element is computed the same way, so the bits do not change.
 */
const POLL_WORK = 1 << 26;

/** Output rows per slice of an `m × n` product with inner size `k` (all of them when no run is polling). */
function sliceRows(m: number, k: number, n: number): number {
  if (!session.poll || m * n * k <= POLL_WORK) return m;
  return Math.max(4, Math.floor(POLL_WORK / (n * k)) & ~3);
}

/** Below this many multiply-adds per matrix the TypeScript kernel wins (no copies in and out). */
const WASM_MIN_WORK = 4096;
/**
 * A WebAssembly memory never shrinks: products whose scratch (operands, packed panels, result) would grow it past
 * this stay in TypeScript, so one huge matmul does not pin hundreds of MB for the worker's lifetime.
 */
const WASM_MAX_SCRATCH = 256 * 1024 * 1024;

/** Bytes of WebAssembly memory one matrix product uses (see `batchMatmulWasm`'s layout). */
function wasmScratchBytes(m: number, k: number, n: number, es: number): number {
  return (m * k + k * n + m * n) * es + (((m + 3) >> 2) + ((n + 3) >> 2)) * 32 * k + 5 * 64;
}

/**
 * From this many multiply-adds per matrix, a float32 product accumulates in float32 (`batchMatmulWasmF32`), as
 * TF's CPU kernels do: 2–3× the speed of the float64 accumulation. Smaller products (every product a tutorial or a
 * test prints exactly) stay correctly rounded. The choice depends on the shapes only, so a program's results do
 * not change from run to run.
 */
export const F32_ACCUMULATE_MIN_WORK = 1 << 20;

/**
 * `batchMatmul` for large float32 products, accumulated in float32: element (i, j) is
 * `((S_0 + S_1) + S_2) + …`, where `S_b` sums `fround(a·b)` for p in block b (`F32_BLOCK_K` wide) in order, each
 * step rounded to float32 (no fused multiply-add). Within float32 rounding of the exact sum — the bound the kernel
 * tests check is k·2⁻²⁴·Σ|a·b| — like TF's own Eigen/oneDNN blocking, whose order depends on the machine. A big
 * product is shared with a helper thread when the host gave one (`computeHelper.ts`), row blocks to each.
 */
export function batchMatmulWasmF32(
  w: WasmKernels,
  a: Float32Array,
  b: Float32Array,
  batch: number,
  ia: Int32Array | null,
  ib: Int32Array | null,
  m: number,
  k: number,
  n: number,
  transA: boolean,
  transB: boolean,
): Float32Array {
  const out = allocate('float32', batch * m * n) as Float32Array;
  const rows = sliceRows(m, k, n);
  // The operands left in the module's memory by the previous batch item (none after a shared product).
  let lastA = -1;
  let lastB = -1;
  for (let bi = 0; bi < batch; bi++) {
    const xa = ia ? ia[bi] : bi;
    const xb = ib ? ib[bi] : bi;
    const aMat = a.subarray(xa * m * k, (xa + 1) * m * k);
    const bMat = b.subarray(xb * k * n, (xb + 1) * k * n);
    if (sharedMatmulF32(w, aMat, bMat, m, k, n, transA, transB, out, bi * m * n)) {
      lastA = lastB = -1;
      continue;
    }
    const o = loadF32Operands(w, aMat, bMat, m, k, n, transA, transB, rows, { a: xa === lastA, b: xb === lastB });
    lastA = xa;
    lastB = xb;
    // Row slices (multiples of 4 rows) between budget checks; each element's sum is the same either way.
    for (let r0 = 0; r0 < m; r0 += rows) {
      gemmF32Rows(w, o, r0, Math.min(m, r0 + rows), out, bi * m * n + r0 * n);
      if (rows < m) session.poll?.();
    }
  }
  return out;
}

/** `batchMatmul` in WebAssembly, for float32 / float64 operands. */
export function batchMatmulWasm(
  w: WasmKernels,
  a: NumericData,
  b: NumericData,
  dtype: 'float32' | 'float64',
  batch: number,
  ia: Int32Array | null,
  ib: Int32Array | null,
  m: number,
  k: number,
  n: number,
  transA: boolean,
  transB: boolean,
): NumericData {
  const f32 = dtype === 'float32';
  const es = f32 ? 4 : 8;
  const out = allocate(dtype, batch * m * n) as Float32Array | Float64Array;
  const align = (x: number) => (x + 63) & ~63;
  const aRaw = w.base;
  const bRaw = align(aRaw + m * k * es);
  const ap = align(bRaw + k * n * es);
  const bp = align(ap + (((m + 3) >> 2) << 5) * k);
  const cOut = align(bp + (((n + 3) >> 2) << 5) * k);
  const buffer = ensureMemory(w, cOut + m * n * es);
  const view = (off: number, len: number) =>
    f32 ? new Float32Array(buffer, off, len) : new Float64Array(buffer, off, len);
  const e = w.exports;
  let lastA = -1;
  let lastB = -1;
  for (let bi = 0; bi < batch; bi++) {
    const xa = ia ? ia[bi] : bi;
    const xb = ib ? ib[bi] : bi;
    if (xa !== lastA) {
      view(aRaw, m * k).set((a as Float32Array).subarray(xa * m * k, (xa + 1) * m * k));
      e.packRows(aRaw, f32 ? 1 : 0, transA ? 1 : 0, m, k, ap);
    }
    if (xb !== lastB) {
      view(bRaw, k * n).set((b as Float32Array).subarray(xb * k * n, (xb + 1) * k * n));
      e.packCols(bRaw, f32 ? 1 : 0, transB ? 1 : 0, k, n, bp);
    }
    lastA = xa;
    lastB = xb;
    const rows = sliceRows(m, k, n);
    for (let r0 = 0; r0 < m; r0 += rows) {
      // Row panels of packed A are 4 rows of `k` f64 (32·k bytes) each.
      e.gemm(ap + (r0 >> 2) * (k << 5), bp, cOut + r0 * n * es, f32 ? 1 : 0, Math.min(rows, m - r0), k, n);
      if (rows < m) session.poll?.();
    }
    out.set(view(cOut, m * n), bi * m * n);
  }
  return out;
}

/** The TypeScript GEMM: the reference for the WebAssembly kernel, and the fallback. */
export function batchMatmulTs(
  a: NumericData,
  b: NumericData,
  dtype: DType,
  batch: number,
  ia: Int32Array | null,
  ib: Int32Array | null,
  m: number,
  k: number,
  n: number,
  transA: boolean,
  transB: boolean,
): NumericData {
  const out = allocate(dtype, batch * m * n) as NumericData;
  if (m === 1 || n === 1) {
    // A matrix-vector product reuses no operand: no packing, one pass in memory order.
    const acc = new Float64Array(Math.max(m, n));
    for (let bi = 0; bi < batch; bi++) {
      const xa = ia ? ia[bi] : bi;
      const xb = ib ? ib[bi] : bi;
      gemv(a, xa * m * k, b, xb * k * n, out, bi * m * n, m, k, n, transA, transB, acc);
    }
    return out;
  }
  const pa = new Float64Array(m * k);
  const pb = new Float64Array(n * k);
  let lastA = -1;
  let lastB = -1;
  for (let bi = 0; bi < batch; bi++) {
    const xa = ia ? ia[bi] : bi;
    const xb = ib ? ib[bi] : bi;
    if (xa !== lastA) pack(a, xa * m * k, m, k, transA, pa);
    if (xb !== lastB) pack(b, xb * k * n, n, k, !transB, pb);
    lastA = xa;
    lastB = xb;
    const rows = sliceRows(m, k, n);
    for (let r0 = 0; r0 < m; r0 += rows) {
      gemmRows(pa.subarray(r0 * k), pb, out, bi * m * n + r0 * n, Math.min(rows, m - r0), k, n);
      if (rows < m) session.poll?.();
    }
  }
  return out;
}

/**
 * Copy a `rows × cols` operand into row-major float64 `dst`. `transposed` means the source is stored `cols × rows`
 * (so row `r` of the packed matrix is column `r` of the stored one).
 */
function pack(src: NumericData, off: number, rows: number, cols: number, transposed: boolean, dst: Float64Array) {
  if (!transposed) {
    for (let i = 0; i < rows * cols; i++) dst[i] = src[off + i];
    return;
  }
  for (let c = 0; c < cols; c++) {
    const s = off + c * rows;
    for (let r = 0; r < rows; r++) dst[r * cols + c] = src[s + r];
  }
}

/** `C[i, j] = Σ_p A[i, p] · Bt[j, p]` with A `m × k`, Bt `n × k` (both row-major float64). */
function gemmRows(A: Float64Array, Bt: Float64Array, C: NumericData, oc: number, m: number, k: number, n: number) {
  let i = 0;
  for (; i + 1 < m; i += 2) {
    const ra0 = i * k;
    const ra1 = ra0 + k;
    const c0 = oc + i * n;
    const c1 = c0 + n;
    let j = 0;
    for (; j + 3 < n; j += 4) {
      const rb0 = j * k;
      const rb1 = rb0 + k;
      const rb2 = rb1 + k;
      const rb3 = rb2 + k;
      let s00 = 0;
      let s01 = 0;
      let s02 = 0;
      let s03 = 0;
      let s10 = 0;
      let s11 = 0;
      let s12 = 0;
      let s13 = 0;
      for (let p = 0; p < k; p++) {
        const a0 = A[ra0 + p];
        const a1 = A[ra1 + p];
        const b0 = Bt[rb0 + p];
        const b1 = Bt[rb1 + p];
        const b2 = Bt[rb2 + p];
        const b3 = Bt[rb3 + p];
        s00 += a0 * b0;
        s01 += a0 * b1;
        s02 += a0 * b2;
        s03 += a0 * b3;
        s10 += a1 * b0;
        s11 += a1 * b1;
        s12 += a1 * b2;
        s13 += a1 * b3;
      }
      C[c0 + j] = s00;
      C[c0 + j + 1] = s01;
      C[c0 + j + 2] = s02;
      C[c0 + j + 3] = s03;
      C[c1 + j] = s10;
      C[c1 + j + 1] = s11;
      C[c1 + j + 2] = s12;
      C[c1 + j + 3] = s13;
    }
    for (; j < n; j++) {
      const rb = j * k;
      let s0 = 0;
      let s1 = 0;
      for (let p = 0; p < k; p++) {
        const bv = Bt[rb + p];
        s0 += A[ra0 + p] * bv;
        s1 += A[ra1 + p] * bv;
      }
      C[c0 + j] = s0;
      C[c1 + j] = s1;
    }
  }
  for (; i < m; i++) {
    const ra = i * k;
    const c0 = oc + i * n;
    for (let j = 0; j < n; j++) {
      const rb = j * k;
      let s = 0;
      for (let p = 0; p < k; p++) s += A[ra + p] * Bt[rb + p];
      C[c0 + j] = s;
    }
  }
}

/**
 * `C = op(A)·op(B)` when m = 1 or n = 1, straight from the operands. Each output still sums p = 0 … k-1 in order
 * in float64 (as dot products when the operand is contiguous along p, else as a row of accumulators with p outer),
 * so the bits equal the packed kernel's.
 */
function gemv(
  a: NumericData,
  ao: number,
  b: NumericData,
  bo: number,
  C: NumericData,
  co: number,
  m: number,
  k: number,
  n: number,
  transA: boolean,
  transB: boolean,
  acc: Float64Array,
): void {
  if (n === 1) {
    // b(p) = b[bo + p] whether or not B is transposed (a k × 1 or 1 × k operand).
    if (!transA) {
      // Four dot products at a time: four independent addition chains instead of one latency-bound chain.
      let i = 0;
      for (; i + 3 < m; i += 4) {
        const r0 = ao + i * k;
        const r1 = r0 + k;
        const r2 = r1 + k;
        const r3 = r2 + k;
        let s0 = 0;
        let s1 = 0;
        let s2 = 0;
        let s3 = 0;
        for (let p = 0; p < k; p++) {
          const bp = b[bo + p];
          s0 += a[r0 + p] * bp;
          s1 += a[r1 + p] * bp;
          s2 += a[r2 + p] * bp;
          s3 += a[r3 + p] * bp;
        }
        C[co + i] = s0;
        C[co + i + 1] = s1;
        C[co + i + 2] = s2;
        C[co + i + 3] = s3;
      }
      for (; i < m; i++) {
        const r = ao + i * k;
        let s = 0;
        for (let p = 0; p < k; p++) s += a[r + p] * b[bo + p];
        C[co + i] = s;
      }
    } else {
      // Rows of A scaled and added, four at a time: each acc[i] still adds p = 0 … k-1 in order, with a quarter of
      // the loads and stores of acc.
      acc.fill(0, 0, m);
      let p = 0;
      for (; p + 3 < k; p += 4) {
        const r0 = ao + p * m;
        const r1 = r0 + m;
        const r2 = r1 + m;
        const r3 = r2 + m;
        const b0 = b[bo + p];
        const b1 = b[bo + p + 1];
        const b2 = b[bo + p + 2];
        const b3 = b[bo + p + 3];
        for (let i = 0; i < m; i++) {
          let s = acc[i];
          s += a[r0 + i] * b0;
          s += a[r1 + i] * b1;
          s += a[r2 + i] * b2;
          s += a[r3 + i] * b3;
          acc[i] = s;
        }
      }
      for (; p < k; p++) {
        const r = ao + p * m;
        const bp = b[bo + p];
        for (let i = 0; i < m; i++) acc[i] += a[r + i] * bp;
      }
      for (let i = 0; i < m; i++) C[co + i] = acc[i];
    }
    return;
  }
  // m === 1: a(p) = a[ao + p].
  if (transB) {
    let j = 0;
    for (; j + 3 < n; j += 4) {
      const r0 = bo + j * k;
      const r1 = r0 + k;
      const r2 = r1 + k;
      const r3 = r2 + k;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let p = 0; p < k; p++) {
        const ap = a[ao + p];
        s0 += ap * b[r0 + p];
        s1 += ap * b[r1 + p];
        s2 += ap * b[r2 + p];
        s3 += ap * b[r3 + p];
      }
      C[co + j] = s0;
      C[co + j + 1] = s1;
      C[co + j + 2] = s2;
      C[co + j + 3] = s3;
    }
    for (; j < n; j++) {
      const r = bo + j * k;
      let s = 0;
      for (let p = 0; p < k; p++) s += a[ao + p] * b[r + p];
      C[co + j] = s;
    }
  } else {
    // As the transposed case above: rows of B four at a time, each acc[j] adding p in order.
    acc.fill(0, 0, n);
    let p = 0;
    for (; p + 3 < k; p += 4) {
      const r0 = bo + p * n;
      const r1 = r0 + n;
      const r2 = r1 + n;
      const r3 = r2 + n;
      const a0 = a[ao + p];
      const a1 = a[ao + p + 1];
      const a2 = a[ao + p + 2];
      const a3 = a[ao + p + 3];
      for (let j = 0; j < n; j++) {
        let s = acc[j];
        s += a0 * b[r0 + j];
        s += a1 * b[r1 + j];
        s += a2 * b[r2 + j];
        s += a3 * b[r3 + j];
        acc[j] = s;
      }
    }
    for (; p < k; p++) {
      const r = bo + p * n;
      const ap = a[ao + p];
      for (let j = 0; j < n; j++) acc[j] += ap * b[r + j];
    }
    for (let j = 0; j < n; j++) C[co + j] = acc[j];
  }
}
