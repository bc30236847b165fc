/**
 * Matrix decompositions over a batch of row-major matrices: LU determinants, Cholesky, triangular solves, band
 * masks, Householder QR (Eigen's `HouseholderQR` conventions, which TF's CPU `Qr` kernel uses), the symmetric
 * eigenproblem (cyclic Jacobi) and the SVD (Eigen's JacobiSVD). Each computes in float64 and rounds once on storage.
 */
import { chargeWork } from '../limits';
import { allocate, type DType, type NumericData } from '../tensor/dtype';
import { householderQ, reflectColumn } from './householder';
import { jacobiSvd } from './jacobiSvd';

/** One matrix of a batch, copied into float64. */
function load(x: NumericData, offset: number, size: number): Float64Array {
  const out = new Float64Array(size);
  for (let i = 0; i < size; i++) out[i] = x[offset + i];
  return out;
}

/**
 * Sign and log |det| of each `n × n` matrix by LU with partial pivoting (TF's `LogMatrixDeterminant`; its
 * `MatrixDeterminant` is `sign · exp(log |det|)`). A zero pivot gives sign 0 and log |det| = -inf.
 */
export function slogdet(x: NumericData, batch: number, n: number): { sign: Float64Array; logAbs: Float64Array } {
  const sign = new Float64Array(batch);
  const logAbs = new Float64Array(batch);
  for (let b = 0; b < batch; b++) {
    const a = load(x, b * n * n, n * n);
    let s = 1;
    let l = 0;
    for (let c = 0; c < n && s !== 0; c++) {
      chargeWork((n - c) * (n - c));
      let p = c;
      let best = Math.abs(a[c * n + c]);
      for (let r = c + 1; r < n; r++) {
        const v = Math.abs(a[r * n + c]);
        if (v > best) {
          best = v;
          p = r;
        }
      }
      if (Number.isNaN(best)) {
        s = Number.NaN;
        l = Number.NaN;
        break;
      }
      if (best === 0) {
        s = 0;
        l = -Infinity;
        break;
      }
      if (p !== c) {
        s = -s;
        for (let j = 0; j < n; j++) {
          const t = a[c * n + j];
          a[c * n + j] = a[p * n + j];
          a[p * n + j] = t;
        }
      }
      const d = a[c * n + c];
      if (d < 0) s = -s;
      l += Math.log(Math.abs(d));
      for (let r = c + 1; r < n; r++) {
        const f = a[r * n + c] / d;
        if (f !== 0) for (let j = c + 1; j < n; j++) a[r * n + j] -= f * a[c * n + j];
      }
    }
    sign[b] = s;
    logAbs[b] = l;
  }
  return { sign, logAbs };
}

/**
 * Cholesky factors `L` (`A = L Lᵀ`) from the lower triangle of each `n × n` matrix (Eigen's `LLT`). A matrix that is
 * not positive definite gets NaN in its whole lower triangle, as TF's kernel fills it.
 */
export function cholesky(x: NumericData, batch: number, n: number, dtype: DType): NumericData {
  const out = allocate(dtype, batch * n * n) as NumericData;
  const l = new Float64Array(n * n);
  for (let b = 0; b < batch; b++) {
    const o = b * n * n;
    l.fill(0);
    let ok = true;
    for (let j = 0; j < n && ok; j++) {
      chargeWork(n * j);
      let d = x[o + j * n + j];
      for (let k = 0; k < j; k++) d -= l[j * n + k] * l[j * n + k];
      if (!(d > 0)) {
        ok = false;
        break;
      }
      const ljj = Math.sqrt(d);
      l[j * n + j] = ljj;
      for (let i = j + 1; i < n; i++) {
        let s = x[o + i * n + j];
        for (let k = 0; k < j; k++) s -= l[i * n + k] * l[j * n + k];
        l[i * n + j] = s / ljj;
      }
    }
    for (let i = 0; i < n; i++) {
      for (let j = 0; j <= i; j++) out[o + i * n + j] = ok ? l[i * n + j] : Number.NaN;
    }
  }
  return out;
}

/**
 * Solve `A X = B` (or `Aᵀ X = B` when `adjoint`) with `A` triangular (`lower` or upper; the other triangle is not
 * read) for each of `batch` systems; `ia`/`ib` map an output batch index to the operands' (broadcast batch).
 * A zero on the diagonal divides by zero (inf/NaN), as TF's kernel does.
 */
export function triangularSolve(
  a: NumericData,
  b: NumericData,
  batch: number,
  ia: Int32Array | null,
  ib: Int32Array | null,
  n: number,
  k: number,
  lower: boolean,
  adjoint: boolean,
  dtype: DType,
): NumericData {
  const out = allocate(dtype, batch * n * k) as NumericData;
  const x = new Float64Array(n * k);
  // Entry (i, j) of the effective matrix op(A); it is lower triangular iff lower !== adjoint.
  for (let t = 0; t < batch; t++) {
    const oa = (ia ? ia[t] : t) * n * n;
    const ob = (ib ? ib[t] : t) * n * k;
    for (let i = 0; i < n * k; i++) x[i] = b[ob + i];
    const at = (i: number, j: number) => (adjoint ? a[oa + j * n + i] : a[oa + i * n + j]);
    const forward = lower !== adjoint;
    chargeWork(n * n * k);
    for (let s = 0; s < n; s++) {
      const i = forward ? s : n - 1 - s;
      for (let q = 0; q < s; q++) {
        const j = forward ? q : n - 1 - q;
        const v = at(i, j);
        if (v !== 0) for (let c = 0; c < k; c++) x[i * k + c] -= v * x[j * k + c];
      }
      const d = at(i, i);
      for (let c = 0; c < k; c++) x[i * k + c] /= d;
    }
    for (let i = 0; i < n * k; i++) out[t * n * k + i] = x[i];
  }
  return out;
}

/** `tf.linalg.band_part`: keep entries with `i - j <= lower` and `j - i <= upper` (a negative bound keeps all). */
export function bandPart(
  x: NumericData,
  batch: number,
  rows: number,
  cols: number,
  lower: number,
  upper: number,
  dtype: DType,
): NumericData {
  const out = allocate(dtype, batch * rows * cols) as NumericData;
  for (let b = 0; b < batch; b++) {
    const o = b * rows * cols;
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < cols; j++) {
        if ((lower < 0 || i - j <= lower) && (upper < 0 || j - i <= upper)) out[o + i * cols + j] = x[o + i * cols + j];
      }
    }
  }
  return out;
}

/** `tf.linalg.set_diag` (k = 0): each matrix with its main diagonal replaced. */
export function setDiag(
  x: NumericData,
  d: NumericData,
  batch: number,
  rows: number,
  cols: number,
  dtype: DType,
): NumericData {
  const out = allocate(dtype, batch * rows * cols) as NumericData;
  const len = Math.min(rows, cols);
  for (let i = 0; i < batch * rows * cols; i++) out[i] = x[i];
  for (let b = 0; b < batch; b++) for (let i = 0; i < len; i++) out[b * rows * cols + i * cols + i] = d[b * len + i];
  return out;
}

/**
 * Householder QR of each `m × n` matrix as Eigen's `HouseholderQR` computes it: column c's reflector maps it to
 * `β e₁` with `β = -sign(x₀)·‖x‖` (`x₀ ≥ 0` → `β < 0`), and no reflection when the column below the diagonal is
 * zero. Returns `Q` (`m × m` when `full`, else `m × min(m, n)`) or `R` (`m × n` / `min(m, n) × n`).
 */
export function householderQr(
  x: NumericData,
  batch: number,
  m: number,
  n: number,
  full: boolean,
  which: 'q' | 'r',
  dtype: DType,
): NumericData {
  const p = Math.min(m, n);
  const qCols = full ? m : p;
  const rRows = full ? m : p;
  const outSize = which === 'q' ? m * qCols : rRows * n;
  const out = allocate(dtype, batch * outSize) as NumericData;
  const taus = new Float64Array(p);
  for (let b = 0; b < batch; b++) {
    const a = load(x, b * m * n, m * n);
    chargeWork(2 * m * n * p);
    for (let c = 0; c < p; c++) taus[c] = reflectColumn(a, m, n, c);
    const o = b * outSize;
    if (which === 'r') {
      for (let i = 0; i < Math.min(rRows, m); i++) for (let j = i; j < n; j++) out[o + i * n + j] = a[i * n + j];
      continue;
    }
    const q = householderQ(a, m, n, taus, qCols);
    for (let i = 0; i < m * qCols; i++) out[o + i] = q[i];
  }
  return out;
}

/**
 * Eigenvalues (ascending) and orthonormal eigenvectors (columns) of the symmetric matrix read from the lower
 * triangle of one `n × n` matrix, by cyclic Jacobi rotations to full float64 precision.
 */
function symmetricEig(x: NumericData, offset: number, n: number): { values: Float64Array; vectors: Float64Array } {
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      a[i * n + j] = x[offset + i * n + j];
      a[j * n + i] = x[offset + i * n + j];
    }
  }
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    let total = 0;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        const s = a[i * n + j] * a[i * n + j];
        total += s;
        if (i !== j) off += s;
      }
    }
    if (!(off > total * 1e-32) || !Number.isFinite(off)) break;
    chargeWork(n * n * n);
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q];
        if (apq === 0) continue;
        const theta = (a[q * n + q] - a[p * n + p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k * n + p];
          const akq = a[k * n + q];
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p * n + k];
          const aqk = a[q * n + k];
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p];
          const vkq = v[k * n + q];
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const order = [...Array(n).keys()].sort((i, j) => a[i * n + i] - a[j * n + j]);
  const values = new Float64Array(n);
  const vectors = new Float64Array(n * n);
  order.forEach((src, dst) => {
    values[dst] = a[src * n + src];
    for (let k = 0; k < n; k++) vectors[k * n + dst] = v[k * n + src];
  });
  return { values, vectors };
}

/** `tf.linalg.eigh`'s eigenvalues (ascending, `which = 'e'`) or eigenvectors (`'v'`) for each matrix. */
export function selfAdjointEig(x: NumericData, batch: number, n: number, which: 'e' | 'v', dtype: DType): NumericData {
  const size = which === 'e' ? n : n * n;
  const out = allocate(dtype, batch * size) as NumericData;
  for (let b = 0; b < batch; b++) {
    const { values, vectors } = symmetricEig(x, b * n * n, n);
    const src = which === 'e' ? values : vectors;
    for (let i = 0; i < size; i++) out[b * size + i] = src[i];
  }
  return out;
}

/**
 * The SVD `A = U diag(s) Vᵀ` of each `m × n` matrix as Eigen's JacobiSVD computes it (`kernels/jacobiSvd.ts`):
 * singular values descending, `U` `m × k` and `V` `n × k` (k = min(m, n)), or square when `full`.
 */
export function svd(
  x: NumericData,
  batch: number,
  m: number,
  n: number,
  full: boolean,
  which: 's' | 'u' | 'v',
  dtype: DType,
): NumericData {
  const k = Math.min(m, n);
  const size = which === 's' ? k : which === 'u' ? m * (full ? m : k) : n * (full ? n : k);
  const out = allocate(dtype, batch * size) as NumericData;
  for (let b = 0; b < batch; b++) {
    chargeWork(4 * m * n * k);
    const r = jacobiSvd(load(x, b * m * n, m * n), m, n, full);
    const src = which === 's' ? r.s : which === 'u' ? r.u : r.v;
    for (let i = 0; i < size; i++) out[b * size + i] = src[i];
  }
  return out;
}
