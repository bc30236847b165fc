# tf.linalg decompositions and their gradients: det, slogdet, logdet, cholesky, triangular and Cholesky solves,
# band_part, set_diag, qr, eigh / eigvalsh, svd, the matrix 2-norm. Expected numbers come from cofactors, closed forms for 2x2
# matrices and central differences written here in plain Python.
import math

import numpy as np
import tensorflow as tf


def cofactor_det(m):
    if len(m) == 1:
        return m[0][0]
    return sum((-1) ** j * m[0][j] * cofactor_det([row[:j] + row[j + 1:] for row in m[1:]]) for j in range(len(m)))


def minor(m, i, j):
    return [row[:j] + row[j + 1:] for k, row in enumerate(m) if k != i]


def close(a, b, tol):
    return abs(a - b) <= tol * max(1.0, abs(b))


M = [[2.0, -1.0, 0.5], [1.0, 3.0, -2.0], [0.0, 1.5, 4.0]]

# det and its gradient: d det / dA[i][j] is the (i, j) cofactor.
a = tf.Variable(M, dtype=tf.float64)
with tf.GradientTape() as tape:
    d = tf.linalg.det(a)
g_det = tape.gradient(d, a)
assert close(d.numpy(), cofactor_det(M), 1e-12)
for i in range(3):
    for j in range(3):
        assert close(g_det.numpy()[i, j], (-1) ** (i + j) * cofactor_det(minor(M, i, j)), 1e-12)

d32 = tf.linalg.det(tf.constant(M))
batch_det = tf.linalg.det(tf.constant([[[1.0, 2.0], [3.0, 4.0]], [[2.0, 0.0], [0.0, 5.0]]]))
assert batch_det.shape == (2,)
assert close(batch_det.numpy()[0], -2.0, 1e-6) and close(batch_det.numpy()[1], 10.0, 1e-6)
singular_det = tf.linalg.det(tf.constant([[1.0, 2.0], [2.0, 4.0]]))
assert singular_det.numpy() == 0.0

# slogdet: the sign and log |det|; the gradient of log |det| is A^-T (cofactor / det).
N = [[0.0, 2.0], [3.0, 1.0]]
n_var = tf.Variable(N, dtype=tf.float64)
with tf.GradientTape() as tape:
    sign, log_abs = tf.linalg.slogdet(n_var)
g_logabs = tape.gradient(log_abs, n_var)
assert sign.numpy() == -1.0
assert close(log_abs.numpy(), math.log(6.0), 1e-12)
assert np.allclose(g_logabs.numpy(), [[1.0 / -6.0, -3.0 / -6.0], [-2.0 / -6.0, 0.0]], atol=1e-12)

# logdet and cholesky of a symmetric positive definite matrix.
S = [[4.0, 2.0, 0.4], [2.0, 5.0, 1.0], [0.4, 1.0, 3.0]]
s_var = tf.Variable(S, dtype=tf.float64)
with tf.GradientTape(persistent=True) as tape:
    ld = tf.linalg.logdet(s_var)
    chol = tf.linalg.cholesky(s_var)
    chol_sum = tf.reduce_sum(chol * chol * tf.constant([[1.0, 0.0, 0.0], [2.0, 1.0, 0.0], [-1.0, 3.0, 2.0]], tf.float64))
g_logdet = tape.gradient(ld, s_var)
g_chol = tape.gradient(chol_sum, s_var)
del tape
assert close(ld.numpy(), math.log(cofactor_det(S)), 1e-12)
# logdet's gradient is A^-1 (symmetric): cofactors over det.
for i in range(3):
    for j in range(3):
        assert close(g_logdet.numpy()[i, j], (-1) ** (i + j) * cofactor_det(minor(S, j, i)) / cofactor_det(S), 1e-10)
assert np.allclose(chol.numpy() @ chol.numpy().T, S, atol=1e-12)
assert chol.numpy()[0, 1] == 0.0 and chol.numpy()[0, 2] == 0.0 and chol.numpy()[1, 2] == 0.0


def py_cholesky(m):
    n = len(m)
    low = [[0.0] * n for _ in range(n)]
    for j in range(n):
        low[j][j] = math.sqrt(m[j][j] - sum(low[j][k] ** 2 for k in range(j)))
        for i in range(j + 1, n):
            low[i][j] = (m[i][j] - sum(low[i][k] * low[j][k] for k in range(j))) / low[j][j]
    return low


W = [[1.0, 0.0, 0.0], [2.0, 1.0, 0.0], [-1.0, 3.0, 2.0]]


def chol_objective(m):
    low = py_cholesky(m)
    return sum(W[i][j] * low[i][j] ** 2 for i in range(3) for j in range(3))


# TF's Cholesky gradient is symmetric: g[i][j] + g[j][i] is the derivative along A[i][j] and A[j][i] together.
h = 1e-6
for i in range(3):
    for j in range(i + 1):
        up = [row[:] for row in S]
        down = [row[:] for row in S]
        for (p, q) in {(i, j), (j, i)}:
            up[p][q] += h
            down[p][q] -= h
        numeric = (chol_objective(up) - chol_objective(down)) / (2 * h)
        analytic = g_chol.numpy()[i, j] + (g_chol.numpy()[j, i] if i != j else 0.0)
        assert close(analytic, numeric, 1e-6)
assert np.allclose(g_chol.numpy(), g_chol.numpy().T, atol=1e-12)

# Not positive definite: TF fills the lower triangle with NaN and leaves the upper one uninitialized.
not_pd = tf.linalg.cholesky(tf.constant([[1.0, 2.0], [2.0, 1.0]]))

# Triangular and Cholesky solves, with gradients.
L = tf.constant([[2.0, 0.0, 0.0], [1.0, 3.0, 0.0], [-1.0, 0.5, 1.5]], tf.float64)
rhs = tf.Variable([[1.0, 2.0], [0.0, -1.0], [3.0, 1.0]], dtype=tf.float64)
with tf.GradientTape() as tape:
    x_lower = tf.linalg.triangular_solve(L, rhs, lower=True)
    x_adj = tf.linalg.triangular_solve(L, rhs, lower=True, adjoint=True)
    x_chol = tf.linalg.cholesky_solve(L, rhs)
    solved = tf.reduce_sum(x_lower) + tf.reduce_sum(x_adj * x_adj) + tf.reduce_sum(x_chol)
g_rhs = tape.gradient(solved, rhs)
assert np.allclose(L.numpy() @ x_lower.numpy(), rhs.numpy(), atol=1e-12)
assert np.allclose(L.numpy().T @ x_adj.numpy(), rhs.numpy(), atol=1e-12)
assert np.allclose(L.numpy() @ L.numpy().T @ x_chol.numpy(), rhs.numpy(), atol=1e-12)
upper_only = tf.linalg.triangular_solve(tf.constant([[2.0, 4.0], [9.0, 4.0]]), tf.constant([[2.0], [8.0]]), lower=False)
assert upper_only.numpy().tolist() == [[-3.0], [2.0]]

# band_part and set_diag.
B = tf.reshape(tf.range(1.0, 13.0), (3, 4))
band = tf.linalg.band_part(B, 1, 0)
upper = tf.linalg.band_part(B, 0, -1)
assert band.numpy().tolist() == [[1.0, 0.0, 0.0, 0.0], [5.0, 6.0, 0.0, 0.0], [0.0, 10.0, 11.0, 0.0]]
assert upper.numpy().tolist() == [[1.0, 2.0, 3.0, 4.0], [0.0, 6.0, 7.0, 8.0], [0.0, 0.0, 11.0, 12.0]]
with_diag = tf.linalg.set_diag(B, [-1.0, -2.0, -3.0])
assert with_diag.numpy()[1].tolist() == [5.0, -2.0, 7.0, 8.0]
transposed = tf.linalg.matrix_transpose(B)
assert transposed.shape == (4, 3)
unit_rows = tf.linalg.l2_normalize(tf.constant([[3.0, 4.0], [0.0, 0.0]]), axis=1)
assert np.allclose(unit_rows.numpy(), [[0.6, 0.8], [0.0, 0.0]])

# QR: q @ r == a; log |det| = sum log |r_ii|, so that sum's gradient is A^-T.
A = [[2.0, -1.0, 0.5], [1.0, 3.0, -2.0], [0.0, 1.5, 4.0], [1.0, 1.0, 1.0]]
qa = tf.Variable(A, dtype=tf.float64)
sq = tf.Variable(M, dtype=tf.float64)
with tf.GradientTape(persistent=True) as tape:
    q, r = tf.linalg.qr(qa)
    back = tf.reduce_sum(q @ r)
    q_sq, r_sq = tf.linalg.qr(sq)
    log_r = tf.reduce_sum(tf.math.log(tf.abs(tf.linalg.diag_part(r_sq))))
g_back = tape.gradient(back, qa)
g_log_r = tape.gradient(log_r, sq)
del tape
assert q.shape == (4, 3) and r.shape == (3, 3)
assert np.allclose(q.numpy() @ r.numpy(), A, atol=1e-12)
assert np.allclose(q.numpy().T @ q.numpy(), np.eye(3), atol=1e-12)
assert np.allclose(g_back.numpy(), np.ones((4, 3)), atol=1e-10)
for i in range(3):
    for j in range(3):
        assert close(g_log_r.numpy()[i, j], (-1) ** (i + j) * cofactor_det(minor(M, i, j)) / cofactor_det(M), 1e-10)
q_full, r_full = tf.linalg.qr(tf.constant(A), full_matrices=True)
q_wide, r_wide = tf.linalg.qr(tf.constant([[1.0, 2.0, 3.0], [4.0, 5.0, 6.5]]))
assert q_full.shape == (4, 4) and r_full.shape == (4, 3) and r_wide.shape == (2, 3)

# eigh: eigenvalues ascending; the gradient of the largest one is v v^T, folded into the lower triangle.
a2, b2, d2 = 3.0, 1.0, 1.0
E2 = tf.Variable([[a2, b2], [b2, d2]], dtype=tf.float64)
with tf.GradientTape() as tape:
    evals = tf.linalg.eigvalsh(E2)
    top = evals[1]
g_top = tape.gradient(top, E2)
mid, rad = (a2 + d2) / 2, math.sqrt(((a2 - d2) / 2) ** 2 + b2 ** 2)
assert np.allclose(evals.numpy(), [mid - rad, mid + rad], atol=1e-12)
vx, vy = b2, (mid + rad) - a2
vn = math.hypot(vx, vy)
vx, vy = vx / vn, vy / vn
assert np.allclose(g_top.numpy(), [[vx * vx, 0.0], [2 * vx * vy, vy * vy]], atol=1e-12)

e3, v3 = tf.linalg.eigh(tf.constant(S))
# Eigenvalues 1, 1, 4: the gradient of the trace is the identity; that of e[0] alone depends on the eigenvector
# basis TF's solver picks inside the repeated eigenspace.
deg = tf.Variable([[2.0, 1.0, 1.0], [1.0, 2.0, 1.0], [1.0, 1.0, 2.0]], dtype=tf.float64)
with tf.GradientTape(persistent=True) as tape:
    deg_e = tf.linalg.eigvalsh(deg)
    deg_low = deg_e[0]
    deg_sum = tf.reduce_sum(deg_e)
g_deg_low = tape.gradient(deg_low, deg)
g_deg_sum = tape.gradient(deg_sum, deg)
del tape
assert np.allclose(g_deg_sum.numpy(), np.eye(3), atol=1e-12)
batch_e = tf.linalg.eigvalsh(tf.constant([[[2.0, 0.0], [0.0, 1.0]], [[1.0, 5.0], [5.0, 1.0]]], tf.float64))
assert np.allclose(batch_e.numpy(), [[1.0, 2.0], [-4.0, 6.0]], atol=1e-12)
# Only the lower triangle is read.
lower_read = tf.linalg.eigvalsh(tf.constant([[1.0, 100.0], [2.0, 1.0]], tf.float64))
assert np.allclose(lower_read.numpy(), [-1.0, 3.0], atol=1e-12)

# svd: singular values descending; sum of squares is the squared Frobenius norm, so its gradient is 2 A.
sa = tf.Variable([[3.0, 1.0], [1.0, 3.0], [0.0, 2.0]], dtype=tf.float64)
with tf.GradientTape() as tape:
    sv = tf.linalg.svd(sa, compute_uv=False)
    frob = tf.reduce_sum(sv * sv)
g_frob = tape.gradient(frob, sa)
ata = [[10.0, 6.0], [6.0, 14.0]]
mid, rad = (ata[0][0] + ata[1][1]) / 2, math.sqrt(((ata[0][0] - ata[1][1]) / 2) ** 2 + ata[0][1] ** 2)
assert np.allclose(sv.numpy(), [math.sqrt(mid + rad), math.sqrt(mid - rad)], atol=1e-12)
assert np.allclose(g_frob.numpy(), 2 * sa.numpy(), atol=1e-12)
# The matrix 2-norm is the largest singular value.
two_norm = tf.norm(sa, ord=2, axis=[0, 1])
assert close(two_norm.numpy(), math.sqrt(mid + rad), 1e-12)
batch_norms = tf.norm(tf.constant([[[1.0, 2.0, 0.0], [3.0, -4.0, 1.0]], [[0.5, 0.0, 2.0], [1.0, 1.0, 1.0]]]), ord=2, axis=[-1, 0], keepdims=True)
assert batch_norms.shape == (1, 2, 1)
s32, u32, v32 = tf.linalg.svd(tf.constant([[1.0, 2.0, 0.0], [0.5, -1.0, 3.0]]))
assert np.allclose((u32.numpy() * s32.numpy()) @ v32.numpy().T, [[1.0, 2.0, 0.0], [0.5, -1.0, 3.0]], atol=1e-5)
assert np.allclose(u32.numpy().T @ u32.numpy(), np.eye(2), atol=1e-6)
nuclear_var = tf.Variable([[1.0, 2.0], [3.0, 4.0]])
with tf.GradientTape() as tape:
    nuclear = tf.reduce_sum(tf.linalg.svd(nuclear_var, compute_uv=False))
g_nuclear = tape.gradient(nuclear, nuclear_var)

# Errors: TF's types for non-square and non-invertible input.
try:
    tf.linalg.det(tf.ones((2, 3)))
    non_square = False
except tf.errors.InvalidArgumentError:
    non_square = True
assert non_square
try:
    with tf.GradientTape() as tape:
        sing = tf.Variable([[1.0, 2.0], [2.0, 4.0]])
        dd = tf.linalg.det(sing)
    tape.gradient(dd, sing)
    not_invertible = False
except tf.errors.InvalidArgumentError:
    not_invertible = True
assert not_invertible
