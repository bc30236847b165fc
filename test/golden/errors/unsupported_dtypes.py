# Dtypes the engine does not store make their values unknown (one information diagnostic each), never a tensor of
# another dtype; the rest of the file evaluates. float16 and uint8 are stored.
# expect: information unsupported line 9: `tf.bfloat16` is not supported
# expect: information unsupported line 10: `dtype complex64` is not supported
import tensorflow as tf

x = tf.constant([2.2, 3.3, 4.4], dtype=tf.float64)
half = tf.cast(x, dtype=tf.float16)
brain = tf.cast(x, tf.bfloat16)
wide = tf.cast(x, "complex64")
small = tf.cast(x * 100, "uint8")
y = tf.cast(x, tf.int32)
assert y.numpy().tolist() == [2, 3, 4]
assert small.numpy().tolist() == [220, 74, 184]
assert half.numpy().tolist() == [2.19921875, 3.30078125, 4.3984375]
