# Fuzz crashes (seed 20260, case 1723; seed 7, case 806): non-string arguments were formatted with JS String():
# "in equation [object Object]", "Received `mode` = [object Object]".
# expect: einsum() equation must be a string, not 'tuple'
# expect: Received `mode` = <module 'tensorflow'
# expect: ['check failed']
import tensorflow as tf


def check(f):
    try:
        f()
    except Exception as e:
        print(type(e).__name__ + ": " + str(e))


check(lambda: tf.einsum((0,), dtype=[]))
check(lambda: tf.pad(tf.ones([2]), [[1, 1]], tf))
check(lambda: tf.debugging.assert_equal(1, 2, message=["check failed"]))
