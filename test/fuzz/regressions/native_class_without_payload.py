# Fuzz crash (seed 20260, case 128): calling a host class whose instances only come from the engine made an
# instance without a payload: `np.ndarray()` -> "Cannot read properties of undefined (reading 'fromTensor')".
# expect: cannot create 'numpy.ndarray' instances
# expect: cannot create 'tensorflow.python.framework.ops.EagerTensor' instances
# expect: IndexedSlices.__init__() missing 2 required positional arguments: 'values' and 'indices'
# expect: cannot create 'tensorflow.python.framework.tensor_shape.TensorShape' instances
import numpy as np
import tensorflow as tf


def check(f):
    try:
        f()
    except Exception as e:
        print(type(e).__name__ + ": " + str(e))


class A(tf.Tensor):
    pass


check(lambda: max(np.ndarray()))
check(lambda: tf.Tensor())
check(lambda: type(tf.constant(1.0))())
check(lambda: tf.IndexedSlices())
check(lambda: tf.TensorShape())
check(lambda: tf.DType())
check(lambda: A().shape)
