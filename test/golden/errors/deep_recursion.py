# Unbounded recursion raises RecursionError (Python's recursion limit), no stack overflow of the engine.
# expect: error exception line 7: RecursionError: maximum recursion depth exceeded
import tensorflow as tf


def f(n):
    return f(n + 1) + 1


x = tf.constant(1.0)
assert x.numpy() == 1.0
f(0)
