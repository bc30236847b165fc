# tf.gather of a variable: the gradient is a tf.IndexedSlices (rows, indices kept with duplicates).
import tensorflow as tf

params = tf.Variable([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0], [7.0, 8.0]])
idx = tf.constant([2, 0, 2])

with tf.GradientTape() as tape:
    rows = tf.gather(params, idx)          # (3, 2)
    loss = tf.reduce_sum(rows * [[1.0, 10.0], [2.0, 20.0], [3.0, 30.0]])

g = tape.gradient(loss, params)
assert isinstance(g, tf.IndexedSlices)
assert g.indices.numpy().tolist() == [2, 0, 2]
assert g.values.numpy().tolist() == [[1.0, 10.0], [2.0, 20.0], [3.0, 30.0]]
assert g.dense_shape.numpy().tolist() == [4, 2]

# Densified, duplicate indices are summed.
dense = tf.convert_to_tensor(g)
assert dense.numpy().tolist() == [[2.0, 20.0], [0.0, 0.0], [4.0, 40.0], [0.0, 0.0]]

# Applying the sparse update through a dense read: the same as the dense gradient.
with tf.GradientTape() as tape:
    loss2 = tf.reduce_sum(tf.gather(params, [1]) ** 2)
g2 = tape.gradient(loss2, params)
assert tf.convert_to_tensor(g2).numpy().tolist() == [[0.0, 0.0], [6.0, 8.0], [0.0, 0.0], [0.0, 0.0]]

# Slicing (strided slice) gives a dense gradient.
with tf.GradientTape() as tape:
    s = tf.reduce_sum(params[1:3, 1] * 2.0)
gs = tape.gradient(s, params)
assert isinstance(gs, tf.Tensor)
assert gs.numpy().tolist() == [[0.0, 0.0], [0.0, 2.0], [0.0, 2.0], [0.0, 0.0]]

# Dense and sparse contributions together.
with tf.GradientTape() as tape:
    both = tf.reduce_sum(tf.gather(params, [3])) + tf.reduce_sum(params)
gb = tf.convert_to_tensor(tape.gradient(both, params))
assert gb.numpy().tolist() == [[1.0, 1.0], [1.0, 1.0], [1.0, 1.0], [2.0, 2.0]]
