# Gradients of reductions: sum, mean (with axis), prod (with a zero), logsumexp (softmax), variance.
import math

import tensorflow as tf

x = tf.Variable([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
with tf.GradientTape(persistent=True) as tape:
    s = tf.reduce_sum(x)
    s1 = tf.reduce_sum(x, axis=1)
    m0 = tf.reduce_mean(x, axis=0)
    m = tf.reduce_mean(x)
    mk = tf.reduce_mean(x, axis=1, keepdims=True)
assert s1.shape == (2,) and m0.shape == (3,) and mk.shape == (2, 1)
assert tape.gradient(s, x).numpy().tolist() == [[1.0] * 3] * 2
assert tape.gradient(s1, x).numpy().tolist() == [[1.0] * 3] * 2
assert tape.gradient(m0, x).numpy().tolist() == [[0.5] * 3] * 2
gm = tape.gradient(m, x).numpy()
assert all(abs(gm[i, j] - 1 / 6) < 1e-8 for i in range(2) for j in range(3))
gk = tape.gradient(mk, x).numpy()
assert all(abs(gk[i, j] - 1 / 3) < 1e-8 for i in range(2) for j in range(3))
del tape

# reduce_prod: d/dx_i = product of the others, also when one of them is 0.
p = tf.Variable([2.0, 0.0, 3.0, 4.0])
with tf.GradientTape() as tape:
    pr = tf.reduce_prod(p)
assert pr.numpy() == 0.0
assert tape.gradient(pr, p).numpy().tolist() == [0.0, 24.0, 0.0, 0.0]

q = tf.Variable([2.0, 5.0, 3.0])
with tf.GradientTape() as tape:
    pr = tf.reduce_prod(q)
assert tape.gradient(pr, q).numpy().tolist() == [15.0, 6.0, 10.0]

# reduce_logsumexp: the gradient is the softmax.
l = tf.Variable([1.0, 2.0, 3.0])
with tf.GradientTape() as tape:
    lse = tf.reduce_logsumexp(l)
den = math.exp(1) + math.exp(2) + math.exp(3)
assert abs(lse.numpy() - math.log(den)) < 1e-6
g = tape.gradient(lse, l).numpy()
for i in range(3):
    assert abs(g[i] - math.exp(i + 1) / den) < 1e-6

# Variance: d/dx_i mean((x - mean)^2) = 2 (x_i - mean) / n.
vv = tf.Variable([1.0, 2.0, 6.0])
with tf.GradientTape() as tape:
    var = tf.math.reduce_variance(vv)
assert abs(var.numpy() - 14.0 / 3.0) < 1e-6
gv = tape.gradient(var, vv).numpy()
for i, xi in enumerate([1.0, 2.0, 6.0]):
    assert abs(gv[i] - 2 * (xi - 3.0) / 3) < 1e-6

# cumsum: d/dx_i sum(cumsum(x) * w) = sum_{j >= i} w_j
c = tf.Variable([1.0, 1.0, 1.0])
with tf.GradientTape() as tape:
    cs = tf.reduce_sum(tf.cumsum(c) * [1.0, 10.0, 100.0])
assert tape.gradient(cs, c).numpy().tolist() == [111.0, 110.0, 100.0]
