# NumPy inputs are float64 and so are their gradients; float32 and float64 do not mix (guide/tensor, TF-SEMANTICS 1.1).
import numpy as np
import tensorflow as tf

x = tf.Variable(np.array([1.0, 2.0, 3.0]))
assert x.dtype == tf.float64
with tf.GradientTape() as tape:
    y = tf.reduce_sum(x ** 3)
g = tape.gradient(y, x)
assert g.dtype == tf.float64
assert g.numpy().tolist() == [3.0, 12.0, 27.0]
assert g.numpy().dtype == np.float64

c = tf.constant(np.array([[0.1, 0.2], [0.3, 0.4]]))
assert c.dtype == tf.float64
with tf.GradientTape() as tape:
    tape.watch(c)
    s = tf.reduce_sum(tf.exp(c))
gc = tape.gradient(s, c)
# float64 precision: exp(0.1) to ~1e-15
assert abs(gc.numpy()[0, 0] - 1.1051709180756477) < 1e-14

# A Python float list is float32, np.float32 arrays stay float32.
assert tf.constant([1.0, 2.0]).dtype == tf.float32
assert tf.constant(np.array([1.0], dtype=np.float32)).dtype == tf.float32
assert tf.constant([1, 3.0]).dtype == tf.float32
assert tf.constant(3).dtype == tf.int32

# Mixing float32 and float64 tensors raises InvalidArgumentError.
caught = None
try:
    tf.constant(2.0) + tf.constant(40., dtype=tf.float64)
except tf.errors.InvalidArgumentError as e:
    caught = str(e)
assert caught is not None
assert 'cannot compute AddV2 as input #1(zero-based) was expected to be a float tensor but is a double tensor' in caught

# Casting float32 -> float64 and back keeps the gradient (with the source's dtype).
w = tf.Variable(1.5)
with tf.GradientTape() as tape:
    w64 = tf.cast(w, tf.float64)
    out = w64 * np.float64(4.0)
gw = tape.gradient(out, w)
assert gw.dtype == tf.float32
assert gw.numpy() == 4.0

# int32 / int gives float64 (truediv), // stays int32.
i = tf.constant([7, 8])
assert (i / 2).dtype == tf.float64
assert (i / 2).numpy().tolist() == [3.5, 4.0]
assert (i // 2).dtype == tf.int32
