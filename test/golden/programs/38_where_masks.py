# tf.where: the selected branch gets the gradient, the other zeros; the NaN trap of sqrt at 0 and its fix.
import math

import tensorflow as tf

x = tf.Variable([-2.0, -0.5, 0.0, 1.0, 3.0])
with tf.GradientTape() as tape:
    y = tf.where(x > 0, x**2, -3.0 * x)
g = tape.gradient(y, x)
assert y.numpy().tolist() == [6.0, 1.5, -0.0, 1.0, 9.0]
assert g.numpy().tolist() == [-3.0, -3.0, -3.0, 2.0, 6.0]

# Both branches as separate variables.
a = tf.Variable([1.0, 2.0, 3.0])
b = tf.Variable([10.0, 20.0, 30.0])
mask = tf.constant([True, False, True])
with tf.GradientTape() as tape:
    out = tf.reduce_sum(tf.where(mask, a * a, b))
ga, gb = tape.gradient(out, [a, b])
assert ga.numpy().tolist() == [2.0, 0.0, 6.0]
assert gb.numpy().tolist() == [0.0, 1.0, 0.0]

# The NaN trap: the unselected log branch still back-propagates 0 * (1 / 0) = 0 * inf = NaN.
z = tf.Variable([0.0, 4.0])
with tf.GradientTape() as tape:
    r = tf.where(z > 0, tf.math.log(z), tf.zeros_like(z))
gz = tape.gradient(r, z).numpy()
assert math.isnan(gz[0])
assert gz[1] == 0.25

# The fix: mask the input too.
with tf.GradientTape() as tape:
    safe = tf.where(z > 0, z, tf.ones_like(z))
    r = tf.where(z > 0, tf.math.log(safe), tf.zeros_like(z))
gz = tape.gradient(r, z).numpy()
assert gz.tolist() == [0.0, 0.25]

# A boolean mask multiplies: the mask itself (a comparison) has no gradient.
with tf.GradientTape() as tape:
    m = tf.cast(x > 0, tf.float32)
    masked = tf.reduce_sum(m * x)
assert tape.gradient(masked, x).numpy().tolist() == [0.0, 0.0, 0.0, 1.0, 1.0]
