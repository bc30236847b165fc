# Taking a gradient through NumPy leaves TensorFlow (guide/autodiff "Took gradients through another library").
import numpy as np
import tensorflow as tf

x = tf.Variable([[1.0, 2.0],
                 [3.0, 4.0]], dtype=tf.float32)

with tf.GradientTape() as tape:
    x2 = x**2

    # This step is calculated with NumPy
    y = np.mean(x2, axis=0)

    # Like most ops, reduce_mean will cast the NumPy array to a constant tensor
    # using `tf.convert_to_tensor`.
    y = tf.reduce_mean(y, axis=0)

print(tape.gradient(y, x))
assert abs(y.numpy() - (1 + 9 + 4 + 16) / 4) < 1e-6
# NumPy kept float32 (the tensor's dtype), as np.mean of a float32 array does.
assert y.dtype == tf.float32

# .numpy() and float() leave TF too.
v = tf.Variable(3.0)
with tf.GradientTape() as tape:
    a = v.numpy() * 2.0
    b = tf.constant(a) + float(v)
assert b.numpy() == 9.0
assert tape.gradient(b, v) is None

# A round trip through .numpy() gives a new constant, even when the array holds the tensor's own data.
x = tf.constant(3.0)
with tf.GradientTape(persistent=True) as tape:
    tape.watch(x)
    y = tf.constant(x.numpy()) * 2.0
    z = tf.convert_to_tensor(np.array(x)) * x
assert tape.gradient(y, x) is None
assert tape.gradient(z, x).numpy() == 3.0  # only the direct path: d(c * x)/dx = c
del tape

# Diagnostics the report gives for the None gradients above:
# expect: warning tape-left-tensorflow line 18: the computation of y from x went through NumPy
# expect: warning tape-left-tensorflow line 29: the computation of b from v went through NumPy
# expect: warning tape-left-tensorflow line 37: the computation of y from x went through NumPy
