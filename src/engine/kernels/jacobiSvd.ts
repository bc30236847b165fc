/**
 * The SVD as Eigen's `JacobiSVD` computes it, which TF's CPU `Svd` kernel runs (through `BDCSVD`) for matrices with
 * fewer than 16 columns: a ColPivHouseholderQR preconditioner for non-square input, two-sided Jacobi sweeps with
 * `real_2x2_jacobi_svd`, negated U columns for negative diagonal entries, and a selection sort into descending
 * order. Following its steps gives TF's singular-vector signs; the arithmetic is float64.
 */
import { colPivQr, householderQ, MIN_NORMAL } from './householder';

/** TF's `BDCSVD` hands matrices with fewer columns than this to `JacobiSVD`. */
export const JACOBI_MAX_COLS = 16;

export interface SvdResult {
  s: Float64Array;
  /** `m × uCols`, row-major. */
  u: Float64Array;
  /** `n × vCols`, row-major. */
  v: Float64Array;
}

interface Rotation {
  c: number;
  s: number;
}

/** Eigen's `makeJacobi(x, y, z)`: the rotation that diagonalises the symmetric [[x, y], [y, z]]. */
function makeJacobi(x: number, y: number, z: number): Rotation {
  const deno = 2 * Math.abs(y);
  if (deno < MIN_NORMAL) return { c: 1, s: 0 };
  const tau = (x - z) / deno;
  const w = Math.sqrt(tau * tau + 1);
  const t = tau > 0 ? 1 / (tau + w) : 1 / (tau - w);
  const signT = t > 0 ? 1 : -1;
  const n = 1 / Math.sqrt(t * t + 1);
  return { c: n, s: -signT * Math.sign(y) * Math.abs(t) * n };
}

/** Eigen's `real_2x2_jacobi_svd` on rows/columns p, q of the `k × k` work matrix: left and right rotations. */
function jacobi2x2(w: Float64Array, k: number, p: number, q: number): [Rotation, Rotation] {
  let m00 = w[p * k + p];
  let m01 = w[p * k + q];
  let m10 = w[q * k + p];
  let m11 = w[q * k + q];
  const t = m00 + m11;
  const d = m10 - m01;
  let rot1: Rotation;
  if (Math.abs(d) < MIN_NORMAL) rot1 = { c: 1, s: 0 };
  else {
    const u = t / d;
    const tmp = Math.sqrt(1 + u * u);
    rot1 = { c: u / tmp, s: 1 / tmp };
  }
  // m.applyOnTheLeft(0, 1, rot1): row0 = c·row0 + s·row1, row1 = -s·row0 + c·row1.
  [m00, m10] = [rot1.c * m00 + rot1.s * m10, -rot1.s * m00 + rot1.c * m10];
  [m01, m11] = [rot1.c * m01 + rot1.s * m11, -rot1.s * m01 + rot1.c * m11];
  const right = makeJacobi(m00, m01, m11);
  // j_left = rot1 · j_rightᵀ, with j_rightᵀ = (c, -s).
  const c2 = right.c;
  const s2 = -right.s;
  const left = { c: rot1.c * c2 - rot1.s * s2, s: rot1.c * s2 + rot1.s * c2 };
  return [left, right];
}

/** Rows p, q of a row-major matrix with `cols` columns: x = c·x + s·y, y = -s·x + c·y. */
function rotateRows(a: Float64Array, cols: number, p: number, q: number, { c, s }: Rotation): void {
  for (let j = 0; j < cols; j++) {
    const x = a[p * cols + j];
    const y = a[q * cols + j];
    a[p * cols + j] = c * x + s * y;
    a[q * cols + j] = -s * x + c * y;
  }
}

/** Columns p, q of a row-major `rows × cols` matrix: x = c·x + s·y, y = -s·x + c·y. */
function rotateCols(a: Float64Array, rows: number, cols: number, p: number, q: number, { c, s }: Rotation): void {
  for (let i = 0; i < rows; i++) {
    const x = a[i * cols + p];
    const y = a[i * cols + q];
    a[i * cols + p] = c * x + s * y;
    a[i * cols + q] = -s * x + c * y;
  }
}

/** A permutation as a dense `n × n` matrix: column j is the unit vector `perm[j]`. */
function permutationMatrix(perm: Int32Array): Float64Array {
  const n = perm.length;
  const out = new Float64Array(n * n);
  for (let j = 0; j < n; j++) out[perm[j] * n + j] = 1;
  return out;
}

/** The SVD of the row-major `m × n` matrix `a`, thin (`full` false) or full U and V. */
export function jacobiSvd(a: Float64Array, m: number, n: number, full: boolean): SvdResult {
  const k = Math.min(m, n);
  const uCols = full ? m : k;
  const vCols = full ? n : k;
  let scale = 0;
  let finite = true;
  for (const x of a) {
    if (!Number.isFinite(x)) finite = false;
    scale = Math.max(scale, Math.abs(x));
  }
  if (!finite) {
    // Eigen reports invalid input; TF fills every output with NaN.
    return {
      s: new Float64Array(k).fill(Number.NaN),
      u: new Float64Array(m * uCols).fill(Number.NaN),
      v: new Float64Array(n * vCols).fill(Number.NaN),
    };
  }
  if (scale === 0) scale = 1;
  const w = new Float64Array(k * k);
  let u: Float64Array;
  let v: Float64Array;
  if (m > n) {
    const qr = a.map((x) => x / scale);
    const { taus, perm } = colPivQr(qr, m, n);
    for (let i = 0; i < n; i++) for (let j = i; j < n; j++) w[i * k + j] = qr[i * n + j];
    u = householderQ(qr, m, n, taus, uCols);
    v = permutationMatrix(perm);
  } else if (n > m) {
    const qr = new Float64Array(n * m);
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) qr[j * m + i] = a[i * n + j] / scale;
    const { taus, perm } = colPivQr(qr, n, m);
    for (let i = 0; i < m; i++) for (let j = i; j < m; j++) w[j * k + i] = qr[i * m + j];
    v = householderQ(qr, n, m, taus, vCols);
    u = permutationMatrix(perm);
  } else {
    for (let i = 0; i < k * k; i++) w[i] = a[i] / scale;
    u = new Float64Array(m * uCols);
    for (let i = 0; i < m; i++) u[i * uCols + i] = 1;
    v = new Float64Array(n * vCols);
    for (let i = 0; i < n; i++) v[i * vCols + i] = 1;
  }

  const precision = 2 * 2.220446049250313e-16;
  let maxDiag = 0;
  for (let i = 0; i < k; i++) maxDiag = Math.max(maxDiag, Math.abs(w[i * k + i]));
  for (let sweep = 0, finished = false; !finished && sweep < 1000; sweep++) {
    finished = true;
    for (let p = 1; p < k; p++) {
      for (let q = 0; q < p; q++) {
        const threshold = Math.max(MIN_NORMAL, precision * maxDiag);
        if (!(Math.abs(w[p * k + q]) > threshold || Math.abs(w[q * k + p]) > threshold)) continue;
        finished = false;
        const [left, right] = jacobi2x2(w, k, p, q);
        rotateRows(w, k, p, q, left);
        // U.applyOnTheRight(p, q, leftᵀ): the columns turn by `left` itself.
        rotateCols(u, m, uCols, p, q, left);
        // W and V .applyOnTheRight(p, q, right): the columns turn by rightᵀ = (c, -s).
        const rt = { c: right.c, s: -right.s };
        rotateCols(w, k, k, p, q, rt);
        rotateCols(v, n, vCols, p, q, rt);
        maxDiag = Math.max(maxDiag, Math.abs(w[p * k + p]), Math.abs(w[q * k + q]));
      }
    }
  }

  const s = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    const d = w[i * k + i];
    s[i] = Math.abs(d) * scale;
    if (d < 0) for (let r = 0; r < m; r++) u[r * uCols + i] = -u[r * uCols + i];
  }
  for (let i = 0; i < k; i++) {
    let pos = i;
    for (let j = i + 1; j < k; j++) if (s[j] > s[pos]) pos = j;
    if (s[pos] === 0) break;
    if (pos !== i) {
      [s[i], s[pos]] = [s[pos], s[i]];
      swapCols(u, m, uCols, i, pos);
      swapCols(v, n, vCols, i, pos);
    }
  }
  return { s, u, v };
}

function swapCols(a: Float64Array, rows: number, cols: number, i: number, j: number): void {
  for (let r = 0; r < rows; r++) {
    const t = a[r * cols + i];
    a[r * cols + i] = a[r * cols + j];
    a[r * cols + j] = t;
  }
}
