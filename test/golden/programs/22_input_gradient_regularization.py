# Input gradient regularization (guide/advanced_autodiff): an inner tape with watch_accessed_variables=False
# differentiates with respect to the input only; the outer tape auto-watches the layer's weights.
import tensorflow as tf


class Linear(tf.Module):
    def __init__(self, kernel, name=None):
        super().__init__(name=name)
        self.kernel = tf.Variable(kernel, name='kernel')

    def __call__(self, x):
        return x @ self.kernel


layer = Linear([[1.0, 2.0, -1.0], [0.5, 0.0, 3.0]])
x = tf.constant([[1.0, 1.0], [2.0, -1.0], [0.0, 4.0], [3.0, 3.0]])  # batch of 4, 2 features

with tf.GradientTape() as t2:
    # The inner tape only takes the gradient with respect to the input,
    # not the variables.
    with tf.GradientTape(watch_accessed_variables=False) as t1:
        t1.watch(x)
        y = layer(x)
        out = tf.reduce_sum(layer(x) ** 2)
    # 1. Calculate the input gradient.
    g1 = t1.gradient(out, x)
    # 2. Calculate the magnitude of the input gradient.
    g1_mag = tf.norm(g1)

# 3. Calculate the gradient of the magnitude with respect to the model.
dg1_mag = t2.gradient(g1_mag, layer.trainable_variables)

assert [v.shape for v in dg1_mag] == [(2, 3)]
assert t1.watched_variables() == ()

# By hand, with K the kernel (2x3), Y = X K, out = sum(Y^2), G = dout/dX = 2 Y K^T.
K = [[1.0, 2.0, -1.0], [0.5, 0.0, 3.0]]
X = [[1.0, 1.0], [2.0, -1.0], [0.0, 4.0], [3.0, 3.0]]
Y = [[sum(X[b][i] * K[i][j] for i in range(2)) for j in range(3)] for b in range(4)]
G = [[2 * sum(Y[b][j] * K[i][j] for j in range(3)) for i in range(2)] for b in range(4)]
assert g1.numpy().tolist() == G
mag = sum(G[b][i] ** 2 for b in range(4) for i in range(2)) ** 0.5
assert abs(g1_mag.numpy() - mag) / mag < 1e-6

# d|G|/dK by central finite differences of the closed form |2 X K K^T| in float64 Python arithmetic.
def gmag(Kp):
    Yp = [[sum(X[b][i] * Kp[i][j] for i in range(2)) for j in range(3)] for b in range(4)]
    Gp = [[2 * sum(Yp[b][j] * Kp[i][j] for j in range(3)) for i in range(2)] for b in range(4)]
    return sum(Gp[b][i] ** 2 for b in range(4) for i in range(2)) ** 0.5

eps = 1e-6
got = dg1_mag[0].numpy()
for i in range(2):
    for j in range(3):
        Kp = [row[:] for row in K]
        Km = [row[:] for row in K]
        Kp[i][j] += eps
        Km[i][j] -= eps
        fd = (gmag(Kp) - gmag(Km)) / (2 * eps)
        assert abs(got[i][j] - fd) <= 1e-4 * max(1.0, abs(fd)), (i, j, got[i][j], fd)
