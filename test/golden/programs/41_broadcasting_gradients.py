# Broadcasting: each operand's gradient is reduced back to its own shape (sum over the broadcast axes).
import tensorflow as tf

x = tf.Variable([[1.0], [2.0], [3.0]])          # (3, 1)
y = tf.Variable([[10.0, 20.0, 30.0, 40.0]])     # (1, 4)
with tf.GradientTape() as tape:
    z = x * y                                   # (3, 4)
gx, gy = tape.gradient(z, [x, y])
assert z.shape == (3, 4)
assert gx.shape == (3, 1) and gy.shape == (1, 4)
assert gx.numpy().tolist() == [[100.0], [100.0], [100.0]]
assert gy.numpy().tolist() == [[6.0, 6.0, 6.0, 6.0]]

# A bias added to a batch: d/db = number of rows (times the upstream).
h = tf.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
b = tf.Variable([0.5, -0.5])
with tf.GradientTape() as tape:
    out = tf.reduce_sum((h + b) ** 2)
gb = tape.gradient(out, b)
# sum over rows of 2 (h + b)
assert gb.numpy().tolist() == [2 * (1.5 + 3.5 + 5.5), 2 * (1.5 + 3.5 + 5.5)]

# A scalar variable broadcast against a vector; a division with broadcasting.
s = tf.Variable(2.0)
v = tf.Variable([1.0, 2.0, 4.0])
with tf.GradientTape() as tape:
    q = tf.reduce_sum(v / s)
gs, gv = tape.gradient(q, [s, v])
assert gs.numpy() == -(1.0 + 2.0 + 4.0) / 4.0
assert gv.numpy().tolist() == [0.5, 0.5, 0.5]
assert gs.shape == ()

# Subtraction with rank-3 broadcasting.
a = tf.Variable(tf.ones([2, 1, 3]))
c = tf.Variable(tf.ones([4, 1]))
with tf.GradientTape() as tape:
    d = a - c                                   # (2, 4, 3)
ga, gc = tape.gradient(d, [a, c])
assert d.shape == (2, 4, 3)
assert ga.numpy().tolist() == [[[4.0, 4.0, 4.0]], [[4.0, 4.0, 4.0]]]
assert gc.numpy().tolist() == [[-6.0]] * 4
