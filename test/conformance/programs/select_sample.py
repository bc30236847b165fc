# Masks, strided slices, confusion matrices, categorical draws and NumPy ufuncs on tensors.
# %%
import numpy as np
import tensorflow as tf

grid = tf.reshape(tf.range(24, dtype=tf.float32), [2, 3, 4])
rows = tf.boolean_mask(grid, [True, False])
cells = tf.boolean_mask(grid, [[True, False, True], [False, True, False]])
cols = tf.boolean_mask(grid, tf.constant([False, True, True, False]), axis=2)
print(rows.shape, cells, cols.shape)

# %%
x = tf.constant([[0.5, -1.0, 2.0], [3.0, -0.25, 1.5]])
with tf.GradientTape() as tape:
    tape.watch(x)
    kept = tf.boolean_mask(x, x > 0)
    total = tf.reduce_sum(kept * kept)
grad = tape.gradient(total, x)
print(kept, total, grad)

# %%
t = tf.reshape(tf.range(60), [3, 4, 5])
print(tf.strided_slice(t, [1, 0, 0], [3, 4, 5], [1, 2, 2]))
print(tf.strided_slice(t, [0, 1, 0], [0, 3, 0], [1, 1, 1], begin_mask=5, end_mask=5).shape)
print(tf.strided_slice(t, [2, 0], [3, 2], shrink_axis_mask=1))
print(tf.strided_slice(t, [0, 0, 4], [0, 0, 0], [1, 1, -2], ellipsis_mask=1, new_axis_mask=2).shape)
print(tf.strided_slice(t, [-1, -1], [-4, -5], [-1, -2]))

# %%
labels = tf.constant([0, 1, 2, 2, 1, 0, 2])
preds = tf.constant([0, 2, 2, 1, 1, 0, 2])
print(tf.math.confusion_matrix(labels, preds))
print(tf.math.confusion_matrix(labels, preds, num_classes=4, dtype=tf.float32))
print(tf.math.confusion_matrix([1, 0], [1, 1], weights=[2, 3]))

# %%
tf.random.set_seed(11)
draws = tf.random.categorical(tf.math.log([[0.1, 0.2, 0.7], [0.5, 0.25, 0.25]]), 9)
again = tf.random.categorical(tf.math.log([[0.1, 0.2, 0.7], [0.5, 0.25, 0.25]]), 9)
fixed = tf.random.categorical([[1.0, 2.0, 3.0, 4.0]], 6, seed=3, dtype=tf.int32)
fixed2 = tf.random.categorical([[1.0, 2.0, 3.0, 4.0]], 6, seed=3, dtype=tf.int32)
masked = tf.random.categorical([[0.0, -np.inf, 0.0]], 8, seed=5)
print(draws, again, fixed, fixed2, masked, sep="\n")

# %%
tf.random.set_seed(2)
many = tf.random.categorical(tf.zeros([3, 5]), 1000, seed=9)
counts = [int(tf.reduce_sum(tf.cast(many == k, tf.int32))) for k in range(5)]
print(many[:, :10], counts)

# %%
a = tf.constant([1.0, 2.0, 3.0])
print(np.add(a, 1), np.subtract(a, a), np.multiply(a, 2.5), np.divide(a, 4), np.power(a, 2))
print(np.add(2, 3), np.multiply(np.float32(2.0), 3), np.true_divide(np.array([1, 2]), 2))
