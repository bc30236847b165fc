/**
 * Householder reflections as Eigen makes and applies them (`makeHouseholderInPlace`, `applyHouseholderOnTheLeft`,
 * `householderQ`), on a row-major `m × n` float64 matrix factorised in place: column c keeps `β` on the diagonal
 * and the reflector's essential part below it. TF's CPU `Qr` (HouseholderQR) and `Svd` (JacobiSVD's
 * ColPivHouseholderQR preconditioner) use these, so their signs follow from them.
 */

/** The smallest normal double: Eigen's `numeric_limits<RealScalar>::min()`. */
export const MIN_NORMAL = 2.2250738585072014e-308;

/**
 * Reflect column `c` (rows c…m-1) to `β e₁` with `β = -sign(x₀)·‖x‖` (x₀ ≥ 0 gives β < 0), apply the reflector to
 * columns c+1…n-1, and return τ (0: the column below the diagonal is already zero, no reflection).
 */
export function reflectColumn(a: Float64Array, m: number, n: number, c: number): number {
  const c0 = a[c * n + c];
  let tail = 0;
  for (let r = c + 1; r < m; r++) tail += a[r * n + c] * a[r * n + c];
  if (tail <= MIN_NORMAL) {
    for (let r = c + 1; r < m; r++) a[r * n + c] = 0;
    return 0;
  }
  let beta = Math.sqrt(c0 * c0 + tail);
  if (c0 >= 0) beta = -beta;
  const scale = 1 / (c0 - beta);
  for (let r = c + 1; r < m; r++) a[r * n + c] *= scale;
  const tau = (beta - c0) / beta;
  a[c * n + c] = beta;
  // H = I - τ v vᵀ with v = [1; essential], applied to the columns right of c.
  for (let j = c + 1; j < n; j++) {
    let s = a[c * n + j];
    for (let r = c + 1; r < m; r++) s += a[r * n + c] * a[r * n + j];
    s *= tau;
    a[c * n + j] -= s;
    for (let r = c + 1; r < m; r++) a[r * n + j] -= s * a[r * n + c];
  }
  return tau;
}

/** `Q = H₀ H₁ … H_{p-1}` applied to the first `cols` columns of the `m × m` identity (row-major `m × cols`). */
export function householderQ(a: Float64Array, m: number, n: number, taus: Float64Array, cols: number): Float64Array {
  const q = new Float64Array(m * cols);
  for (let i = 0; i < Math.min(m, cols); i++) q[i * cols + i] = 1;
  for (let c = taus.length - 1; c >= 0; c--) {
    const tau = taus[c];
    if (tau === 0) continue;
    for (let j = 0; j < cols; j++) {
      let s = q[c * cols + j];
      for (let r = c + 1; r < m; r++) s += a[r * n + c] * q[r * cols + j];
      s *= tau;
      q[c * cols + j] -= s;
      for (let r = c + 1; r < m; r++) q[r * cols + j] -= s * a[r * n + c];
    }
  }
  return q;
}

/**
 * Eigen's `ColPivHouseholderQR` of an `m × n` matrix (m > n) in place: at step k the remaining column of largest
 * (downdated) norm is swapped in, the first on ties. Returns τ per column and the permutation `perm`
 * (column j of the factored matrix is column `perm[j]` of the input).
 */
export function colPivQr(a: Float64Array, m: number, n: number): { taus: Float64Array; perm: Int32Array } {
  const size = Math.min(m, n);
  const taus = new Float64Array(size);
  const perm = Int32Array.from({ length: n }, (_, i) => i);
  const direct = new Float64Array(n);
  const updated = new Float64Array(n);
  const colNorm = (j: number, from: number) => {
    let s = 0;
    for (let r = from; r < m; r++) s += a[r * n + j] * a[r * n + j];
    return Math.sqrt(s);
  };
  for (let j = 0; j < n; j++) {
    direct[j] = colNorm(j, 0);
    updated[j] = direct[j];
  }
  const downdateThreshold = Math.sqrt(2.220446049250313e-16);
  for (let k = 0; k < size; k++) {
    let best = k;
    for (let j = k + 1; j < n; j++) if (updated[j] > updated[best]) best = j;
    if (best !== k) {
      for (let r = 0; r < m; r++) {
        const t = a[r * n + k];
        a[r * n + k] = a[r * n + best];
        a[r * n + best] = t;
      }
      for (const arr of [updated, direct]) {
        const t = arr[k];
        arr[k] = arr[best];
        arr[best] = t;
      }
      const t = perm[k];
      perm[k] = perm[best];
      perm[best] = t;
    }
    taus[k] = reflectColumn(a, m, n, k);
    for (let j = k + 1; j < n; j++) {
      if (updated[j] === 0) continue;
      let temp = Math.abs(a[k * n + j]) / updated[j];
      temp = (1 + temp) * (1 - temp);
      if (temp < 0) temp = 0;
      const ratio = updated[j] / direct[j];
      if (temp * ratio * ratio <= downdateThreshold) {
        direct[j] = colNorm(j, k + 1);
        updated[j] = direct[j];
      } else {
        updated[j] *= Math.sqrt(temp);
      }
    }
  }
  return { taus, perm };
}
