# A Hessian via the jacobian of a gradient (guide/advanced_autodiff "Example: Hessian"), then one Newton step.
import tensorflow as tf

x = tf.constant([[1.0, 2.0], [0.0, 1.0], [1.0, -1.0]])   # (3, 2)
target = tf.constant([[1.0], [2.0], [0.0]])               # (3, 1)
kernel = tf.Variable([[0.5], [-0.5]])                     # (2, 1)

with tf.GradientTape() as t2:
    with tf.GradientTape() as t1:
        y = x @ kernel
        loss = tf.reduce_mean((y - target) ** 2)
    g = t1.gradient(loss, kernel)
h = t2.jacobian(g, kernel)

print(f'kernel.shape: {kernel.shape}')
print(f'h.shape: {h.shape}')
assert h.shape == kernel.shape + kernel.shape == (2, 1, 2, 1)

# loss = |X k - t|^2 / n, so grad = 2/n X^T (X k - t) and the Hessian is 2/n X^T X (constant).
X = [[1.0, 2.0], [0.0, 1.0], [1.0, -1.0]]
T = [1.0, 2.0, 0.0]
k = [0.5, -0.5]
n = 3
r = [X[b][0] * k[0] + X[b][1] * k[1] - T[b] for b in range(n)]
grad_hand = [2 / n * sum(X[b][i] * r[b] for b in range(n)) for i in range(2)]
H = [[2 / n * sum(X[b][i] * X[b][j] for b in range(n)) for j in range(2)] for i in range(2)]
for i in range(2):
    assert abs(g.numpy()[i, 0] - grad_hand[i]) < 1e-6
    for j in range(2):
        assert abs(h.numpy()[i, 0, j, 0] - H[i][j]) < 1e-6, (i, j)

# Newton step: for a quadratic loss one step lands on the least-squares solution.
n_params = tf.reduce_prod(kernel.shape)
assert n_params.dtype == tf.int32 and n_params.numpy() == 2
g_mat = tf.reshape(g, [n_params, 1])
h_mat = tf.reshape(h, [n_params, n_params])
eps = 1e-3
eye_eps = tf.eye(h_mat.shape[0]) * eps
update = tf.linalg.solve(h_mat + eye_eps, g_mat)
kernel.assign_sub(tf.reshape(update, kernel.shape))

# The normal equations (X^T X) k = X^T t solved by Cramer's rule.
A = [[sum(X[b][i] * X[b][j] for b in range(n)) for j in range(2)] for i in range(2)]
c = [sum(X[b][i] * T[b] for b in range(n)) for i in range(2)]
det = A[0][0] * A[1][1] - A[0][1] * A[1][0]
k_ls = [(c[0] * A[1][1] - A[0][1] * c[1]) / det, (A[0][0] * c[1] - A[1][0] * c[0]) / det]
kn = kernel.numpy()
assert abs(kn[0, 0] - k_ls[0]) < 2e-3 and abs(kn[1, 0] - k_ls[1]) < 2e-3, (kn, k_ls)
