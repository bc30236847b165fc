# Fuzz crash (seed 20260, case 736): int(np.array([])) -> "MemoryError: The number NaN cannot be converted to a
# BigInt". Scalar conversions of arrays and tensors need exactly one element, and NaN/inf raise like Python.
# expect: only size-1 arrays can be converted to Python scalars
# expect: cannot convert float NaN to integer
# expect: cannot convert float infinity to integer
# expect: only integer scalar arrays can be converted to a scalar index
import numpy as np
import tensorflow as tf


def check(f):
    try:
        f()
    except Exception as e:
        print(type(e).__name__ + ": " + str(e))


check(lambda: int(np.array([])))
check(lambda: float(np.array([1.0, 2.0])))
check(lambda: int(np.array(float("nan"))))
check(lambda: int(tf.constant(float("inf"))))
check(lambda: [1, 2][np.array(1.5)])
print(hash(np.float64(float("nan"))) is not None)
