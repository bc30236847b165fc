# Gradient conventions at awkward points (math_grad.py, linalg_ops.py): pow at 0, sqrt at 0, norm of a zero
# vector, the exponent's gradient for x <= 0, abs and sign at 0.
import math

import tensorflow as tf

x = tf.Variable([0.0, 2.0, -3.0])
with tf.GradientTape(persistent=True) as tape:
    sq = x ** 2
    cube = x ** 3
    ab = tf.abs(x)
    sg = tf.sign(x)
assert tape.gradient(sq, x).numpy().tolist() == [0.0, 4.0, -6.0]
assert tape.gradient(cube, x).numpy().tolist() == [0.0, 12.0, 27.0]
assert tape.gradient(ab, x).numpy().tolist() == [0.0, 1.0, -1.0]
# sign has a zero gradient everywhere (not None)
assert tape.gradient(sg, x).numpy().tolist() == [0.0, 0.0, 0.0]
del tape

# sqrt at 0: 0.5 / sqrt(0) = inf.
z = tf.Variable([0.0, 4.0])
with tf.GradientTape() as tape:
    r = tf.sqrt(z)
gz = tape.gradient(r, z).numpy()
assert math.isinf(gz[0]) and gz[0] > 0
assert gz[1] == 0.25

# x ** 0.5 at 0: the pow rule y * x^(y-1) = 0.5 * inf = inf.
with tf.GradientTape() as tape:
    p = z ** 0.5
gp = tape.gradient(p, z).numpy()
assert math.isinf(gp[0]) and gp[1] == 0.25

# The Euclidean norm of a zero vector: sqrt(sum(x*x)) gives 0 * inf = NaN.
zero = tf.Variable([0.0, 0.0])
with tf.GradientTape() as tape:
    n = tf.norm(zero)
gn = tape.gradient(n, zero).numpy()
assert math.isnan(gn[0]) and math.isnan(gn[1])

# Away from 0 the norm's gradient is x / |x|.
v = tf.Variable([3.0, 4.0])
with tf.GradientTape() as tape:
    n = tf.norm(v)
assert n.numpy() == 5.0
gv = tape.gradient(n, v).numpy()
assert abs(gv[0] - 0.6) < 1e-7 and abs(gv[1] - 0.8) < 1e-7

# The exponent's gradient: x^y log(x) for x > 0, and 0 for x <= 0 (log_x = where(x > 0, log(x), 0)).
base = tf.constant([2.0, 0.0, -2.0])
e = tf.Variable(3.0)
with tf.GradientTape() as tape:
    out = base ** e
ge = tape.gradient(out, e).numpy()
assert abs(ge - 8.0 * math.log(2.0)) < 1e-5
assert out.numpy().tolist() == [8.0, 0.0, -8.0]

# 1 / x: -1 / x^2
w = tf.Variable(4.0)
with tf.GradientTape() as tape:
    inv = 1 / w
assert tape.gradient(inv, w).numpy() == -1 / 16
