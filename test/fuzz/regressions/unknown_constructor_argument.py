# Fuzz crash (seed 2024, case 7195): `tf.Variable(<unknown>)` — a native __init__ does not run on an Unknown
# argument, and the interpreter returned the instance anyway, without its payload: `x.dtype` -> "Cannot read
# properties of undefined (reading 'dtype')". The object is now Unknown, like every value computed from one.
# expect: `np.reduce_sum` is not supported by Gradient Lens
# expect: done
import numpy as np
import tensorflow as tf

x = tf.Variable(np.reduce_sum([]))
print(x.dtype, x.shape, x + 1)
t = tf.constant(np.reduce_sum([]))
print(t.numpy())
print("done")
