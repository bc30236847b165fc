import { allocate, type DType, type NumericData } from '../tensor/dtype';

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
  const out = allocate(dtype, batch * m * n) as NumericData;
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
    gemmRows(pa, pb, out, bi * m * n, m, k, n);
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
