# A failing assert: AssertionError at its line, the assert record failed with the actual values.
# expect: error exception line 11: AssertionError
# expect-assert-fail: line 11
import tensorflow as tf

x = tf.Variable(3.0)
with tf.GradientTape() as tape:
    y = x ** 2
g = tape.gradient(y, x)
assert g.numpy() == 6.0
assert g.numpy() == 9.0
