# Fuzz crashes (seed 20260, case 788; seed 55397, case 3854): a string or float where an axis or a shape belongs
# reached the kernels ("list2.map is not a function", "-0.79 cannot be converted to a BigInt").
# expect: axis must be an integer or a list of integers, not str
# expect: shape must be an integer or a list of integers
# expect: axis must be an integer or a list of integers, not EagerTensor
import numpy as np
import tensorflow as tf


def check(f):
    try:
        f()
    except Exception as e:
        print(type(e).__name__ + ": " + str(e))


c = 2.0
y = tf.random.normal([], seed=98)
check(lambda: np.prod(c, "float32"))
check(lambda: len(np.ones(y)))
check(lambda: tf.reduce_sum(tf.ones([2, 2]), axis=tf.constant(0.5)))
