# A tensor beyond the element cap raises ResourceExhaustedError instead of exhausting memory.
# expect: error exception line 8: ResourceExhaustedError
# max-ms: 10000
import tensorflow as tf

small = tf.ones((10, 10))
assert small.shape == (10, 10)
big = tf.ones((100000, 100000))
