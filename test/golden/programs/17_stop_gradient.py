# tf.stop_gradient: identity forward, no gradient backward.
import tensorflow as tf

x = tf.Variable(3.0)
with tf.GradientTape() as t:
    y = x * tf.stop_gradient(x)
# d/dx [x * c] with c = x held constant: c = 3, not 2x = 6
assert y.numpy() == 9.0
assert t.gradient(y, x).numpy() == 3.0

# Straight-through estimator: forward rounds, backward is the identity.
w = tf.Variable([0.2, 1.7, -2.6])
with tf.GradientTape() as t:
    q = w + tf.stop_gradient(tf.round(w) - w)
    loss = tf.reduce_sum(q * [1.0, 2.0, 3.0])
assert q.numpy().tolist() == [0.0, 2.0, -3.0]
assert t.gradient(loss, w).numpy().tolist() == [1.0, 2.0, 3.0]

# Round alone has no gradient: None.
with tf.GradientTape() as t:
    r = tf.reduce_sum(tf.round(w))
assert t.gradient(r, w) is None

# stop_gradient on the only path: None.
with tf.GradientTape() as t:
    s = tf.stop_gradient(x * x)
assert t.gradient(s, x) is None

# Diagnostics the report gives for the None gradients above:
# expect: warning tape-non-differentiable line 22: goes through Round, which has no gradient
# expect: warning tape-non-differentiable line 27: goes through StopGradient, which has no gradient
