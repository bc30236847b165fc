# Unconnected sources: None by default, zeros with UnconnectedGradients.ZERO (guide/autodiff).
import tensorflow as tf

x = tf.Variable(2.)
y = tf.Variable(3.)

with tf.GradientTape() as tape:
    z = y * y
dx = tape.gradient(z, x)
print(dx)
assert dx is None

x = tf.Variable([2., 2.])
y = tf.Variable(3.)

with tf.GradientTape() as tape:
    z = y**2
print(tape.gradient(z, x, unconnected_gradients=tf.UnconnectedGradients.ZERO))

with tf.GradientTape() as tape:
    z = y**2
gx, gy = tape.gradient(z, [x, y], unconnected_gradients='zero')
assert gx.numpy().tolist() == [0.0, 0.0]
assert gx.dtype == tf.float32
assert gy.numpy() == 6.0

# ZERO keeps the source's dtype and shape.
x64 = tf.Variable([[1.0, 2.0, 3.0]], dtype=tf.float64)
with tf.GradientTape() as tape:
    z = y * 2.0
g = tape.gradient(z, x64, unconnected_gradients=tf.UnconnectedGradients.ZERO)
assert g.dtype == tf.float64
assert g.shape == (1, 3)
assert g.numpy().tolist() == [[0.0, 0.0, 0.0]]

# Connected but with a zero local derivative is 0, not None (relu of a negative input).
w = tf.Variable(-1.0)
with tf.GradientTape() as tape:
    r = tf.nn.relu(w)
gr = tape.gradient(r, w)
assert gr is not None and gr.numpy() == 0.0
assert repr(tf.UnconnectedGradients.ZERO) == "<UnconnectedGradients.ZERO: 'zero'>"

# Diagnostics the report gives for the None gradients above:
# expect: warning tape-unconnected line 9: dz/dx is None
