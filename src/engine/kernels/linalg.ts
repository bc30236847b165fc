import { chargeWork } from '../limits';
import { allocate, type DType, type NumericData } from '../tensor/dtype';

/** `tf.linalg.diag` (k = 0): `batch` diagonals of length `len` into `rows × cols` matrices, zero elsewhere. */
export function matrixDiag(d: NumericData, batch: number, len: number, rows: number, cols: number, dtype: DType) {
  const out = allocate(dtype, batch * rows * cols) as NumericData;
  const n = Math.min(len, rows, cols);
  for (let b = 0; b < batch; b++) {
    const o = b * rows * cols;
    for (let i = 0; i < n; i++) out[o + i * cols + i] = d[b * len + i];
  }
  return out;
}

/** `tf.linalg.diag_part` (k = 0): the main diagonal of each `rows × cols` matrix. */
export function matrixDiagPart(x: NumericData, batch: number, rows: number, cols: number, dtype: DType) {
  const n = Math.min(rows, cols);
  const out = allocate(dtype, batch * n) as NumericData;
  for (let b = 0; b < batch; b++) {
    const o = b * rows * cols;
    for (let i = 0; i < n; i++) out[b * n + i] = x[o + i * cols + i];
  }
  return out;
}

/**
 * Solve `A X = B` (or `Aᵀ X = B`) for each of `batch` systems, `A` `n × n`, `B` `n × k`, by LU decomposition with
 * partial pivoting (Eigen's `PartialPivLU`, which TF's MatrixSolve uses). Computed in float64 and rounded once on
 * storage (TF's float32 kernel factorises in float32, so float32 results can differ in the last bits).
 * Returns `null` when a pivot is exactly zero (TF: "Input matrix is not invertible.").
 */
export function luSolve(
  a: NumericData,
  b: NumericData,
  batch: number,
  n: number,
  k: number,
  adjoint: boolean,
  dtype: DType,
): NumericData | null {
  const out = allocate(dtype, batch * n * k) as NumericData;
  const lu = new Float64Array(n * n);
  const piv = new Int32Array(n);
  const x = new Float64Array(n * k);
  for (let bi = 0; bi < batch; bi++) {
    const oa = bi * n * n;
    for (let i = 0; i < n * n; i++) lu[i] = a[oa + i];
    if (!luFactor(lu, piv, n)) return null;
    const ob = bi * n * k;
    for (let i = 0; i < n * k; i++) x[i] = b[ob + i];
    if (!adjoint) {
      // P A = L U: apply the row swaps, then forward (unit L) and back substitution (U).
      for (let i = 0; i < n; i++) {
        const p = piv[i];
        if (p !== i) for (let c = 0; c < k; c++) swap(x, i * k + c, p * k + c);
      }
      for (let i = 0; i < n; i++) {
        chargeWork(i * k);
        for (let j = 0; j < i; j++) {
          const l = lu[i * n + j];
          if (l !== 0) for (let c = 0; c < k; c++) x[i * k + c] -= l * x[j * k + c];
        }
      }
      for (let i = n - 1; i >= 0; i--) {
        chargeWork((n - i) * k);
        for (let j = i + 1; j < n; j++) {
          const u = lu[i * n + j];
          if (u !== 0) for (let c = 0; c < k; c++) x[i * k + c] -= u * x[j * k + c];
        }
        const d = lu[i * n + i];
        for (let c = 0; c < k; c++) x[i * k + c] /= d;
      }
    } else {
      // Aᵀ = Uᵀ Lᵀ P: solve Uᵀ y = b, then Lᵀ z = y, then undo the swaps in reverse order.
      for (let i = 0; i < n; i++) {
        chargeWork(i * k);
        for (let j = 0; j < i; j++) {
          const u = lu[j * n + i];
          if (u !== 0) for (let c = 0; c < k; c++) x[i * k + c] -= u * x[j * k + c];
        }
        const d = lu[i * n + i];
        for (let c = 0; c < k; c++) x[i * k + c] /= d;
      }
      for (let i = n - 1; i >= 0; i--) {
        chargeWork((n - i) * k);
        for (let j = i + 1; j < n; j++) {
          const l = lu[j * n + i];
          if (l !== 0) for (let c = 0; c < k; c++) x[i * k + c] -= l * x[j * k + c];
        }
      }
      for (let i = n - 1; i >= 0; i--) {
        const p = piv[i];
        if (p !== i) for (let c = 0; c < k; c++) swap(x, i * k + c, p * k + c);
      }
    }
    for (let i = 0; i < n * k; i++) out[ob + i] = x[i];
  }
  return out;
}

function swap(x: Float64Array, i: number, j: number): void {
  const t = x[i];
  x[i] = x[j];
  x[j] = t;
}

/** In-place LU with partial pivoting; `piv[i]` is the row swapped with row `i` at step `i`. False if singular. */
function luFactor(lu: Float64Array, piv: Int32Array, n: number): boolean {
  for (let c = 0; c < n; c++) {
    chargeWork((n - c) * (n - c));
    let p = c;
    let best = Math.abs(lu[c * n + c]);
    for (let r = c + 1; r < n; r++) {
      const v = Math.abs(lu[r * n + c]);
      if (v > best) {
        best = v;
        p = r;
      }
    }
    piv[c] = p;
    if (best === 0 || Number.isNaN(best)) return false;
    if (p !== c) for (let j = 0; j < n; j++) swap(lu, c * n + j, p * n + j);
    const d = lu[c * n + c];
    for (let r = c + 1; r < n; r++) {
      const f = (lu[r * n + c] /= d);
      if (f !== 0) for (let j = c + 1; j < n; j++) lu[r * n + j] -= f * lu[c * n + j];
    }
  }
  return true;
}
