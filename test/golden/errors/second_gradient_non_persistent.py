# A second gradient() on a non-persistent tape raises TF's RuntimeError.
# expect: error exception line 12: RuntimeError: A non-persistent GradientTape can only be used to compute one set of gradients (or jacobians)
import tensorflow as tf

x = tf.constant(3.0)
with tf.GradientTape() as t:
    t.watch(x)
    y = x * x
    z = y * y
dz_dx = t.gradient(z, x)
assert dz_dx.numpy() == 108.0
dy_dx = t.gradient(y, x)
