# Third derivatives: three nested tapes; x**4 at 1 and sin at 0.5 (derivatives cos, -sin, -cos).
import math

import tensorflow as tf

x = tf.Variable(1.0)
with tf.GradientTape() as t3:
    with tf.GradientTape() as t2:
        with tf.GradientTape() as t1:
            y = x**4
        d1 = t1.gradient(y, x)
    d2 = t2.gradient(d1, x)
d3 = t3.gradient(d2, x)
assert d1.numpy() == 4.0
assert d2.numpy() == 12.0
assert d3.numpy() == 24.0

def derivatives(f, at, order):
    """The list [f'(at), f''(at), ...] by recursively nested tapes."""
    v = tf.Variable(at)
    def rec(k):
        if k == 0:
            return f(v)
        with tf.GradientTape() as t:
            inner = rec(k - 1)
        return t.gradient(inner, v)
    return [rec(k) for k in range(1, order + 1)]

x = tf.Variable(0.5)
with tf.GradientTape() as ta:
    with tf.GradientTape() as tb:
        with tf.GradientTape() as tc:
            y = tf.sin(x)
        g1 = tc.gradient(y, x)
    g2 = tb.gradient(g1, x)
g3 = ta.gradient(g2, x)
assert abs(g1.numpy() - math.cos(0.5)) < 1e-6
assert abs(g2.numpy() + math.sin(0.5)) < 1e-6
assert abs(g3.numpy() + math.cos(0.5)) < 1e-6

# exp: every derivative is exp(x)
ds = [d.numpy() for d in derivatives(tf.exp, 0.3, 3)]
assert all(abs(d - math.exp(0.3)) < 1e-5 for d in ds), ds
