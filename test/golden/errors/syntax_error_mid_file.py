# A half-typed line in the middle of a file: a syntax error there, and the rest still evaluates.
# expect: error syntax-error line 11:
import tensorflow as tf

x = tf.Variable(3.0)
with tf.GradientTape() as tape:
    y = x * x
g = tape.gradient(y, x)
assert g.numpy() == 6.0

z = tf.reduce_sum(x *

w = tf.Variable(2.0)
with tf.GradientTape() as tape:
    q = w ** 3
assert tape.gradient(q, w).numpy() == 12.0
