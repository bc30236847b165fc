# Dtypes the engine does not store make their values unknown (one information diagnostic each), never a tensor of
# another dtype; the rest of the file evaluates.
# expect: information unsupported line 8: `tf.float16` is not supported
# expect: information unsupported line 9: `dtype uint8` is not supported
import tensorflow as tf

x = tf.constant([2.2, 3.3, 4.4], dtype=tf.float64)
half = tf.cast(x, dtype=tf.float16)
small = tf.cast(x, "uint8")
y = tf.cast(x, tf.int32)
assert y.numpy().tolist() == [2, 3, 4]
