# Watching a NumPy array is a ValueError naming its type.
# expect: error exception line 9: ValueError: Passed in object [1. 2.] of type 'ndarray', not tf.Tensor or tf.Variable or ExtensionType.
import numpy as np
import tensorflow as tf

a = np.array([1.0, 2.0])
assert a.dtype == np.float64
with tf.GradientTape() as tape:
    tape.watch(a)
    y = a * 2
