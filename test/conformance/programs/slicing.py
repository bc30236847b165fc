# Tensor slicing and indexing: basic and strided slices, gather, gather_nd, boolean masks, scatter updates.
# %%
import tensorflow as tf

t1 = tf.constant([0, 1, 2, 3, 4, 5, 6, 7])
print(tf.slice(t1, begin=[1], size=[3]))
print(t1[1:4])
print(t1[-3:])
print(t1[::2])
print(t1[::-1])

# %%
t2 = tf.constant([[0, 1, 2, 3, 4], [5, 6, 7, 8, 9], [10, 11, 12, 13, 14], [15, 16, 17, 18, 19]])
print(t2[:-1, 1:3])
print(tf.slice(t2, begin=[1, 1], size=[3, 2]))
print(t2[1, 2], t2[:, 0], t2[..., -1])
first_col = t2[:, 0:1]
newaxis = t2[tf.newaxis, 1]
print(first_col.shape, newaxis.shape)

# %%
t3 = tf.constant([[[1, 3, 5, 7], [9, 11, 13, 15]], [[17, 19, 21, 23], [25, 27, 29, 31]]])
print(tf.slice(t3, begin=[1, 1, 0], size=[1, 1, 2]))
print(tf.strided_slice(t3, [0, 0, 1], [2, 2, 4], [1, 1, 2]))

# %%
print(tf.gather(t1, indices=[0, 3, 6]))
alphabet = tf.constant(list("abcdefghijklmnopqrstuvwxyz"))
print(tf.gather(alphabet, indices=[2, 0, 19, 18]))

# %%
t4 = tf.constant([[0, 5], [1, 6], [2, 7], [3, 8], [4, 9]])
print(tf.gather_nd(t4, indices=[[2], [3], [0]]))
t5 = tf.reshape(tf.range(18), [2, 3, 3])
print(tf.gather_nd(t5, indices=[[0, 0, 0], [1, 2, 1]]))
print(tf.gather_nd(t5, indices=[[[0, 0], [0, 2]], [[1, 0], [1, 2]]]))
print(tf.gather(t5, [0, 2], axis=2))

# %%
t6 = tf.constant([10])
indices = tf.constant([[1], [3], [5], [7], [9]])
data = tf.constant([2, 4, 6, 8, 10])
scattered = tf.scatter_nd(indices=indices, updates=data, shape=t6)
print(scattered)
t7 = tf.constant([[1, 2], [3, 4]])
updated = tf.tensor_scatter_nd_update(t7, indices=[[1, 1]], updates=[10])
added = tf.tensor_scatter_nd_add(t7, indices=[[0, 0], [1, 1]], updates=[5, 5])
print(updated, added)

# %%
values = tf.constant([1.0, -2.0, 3.0, -4.0, 5.0])
mask = values > 0
positives = tf.boolean_mask(values, mask)
where_pos = tf.where(mask)
clipped = tf.where(mask, values, tf.zeros_like(values))
print(positives, where_pos, clipped)

# %%
v = tf.Variable(tf.reshape(tf.range(6, dtype=tf.float32), [2, 3]))
with tf.GradientTape() as tape:
    picked = tf.gather(v, [1, 1, 0])
    s = tf.reduce_sum(picked * tf.constant([[1.0], [2.0], [3.0]]))
g = tape.gradient(s, v)
print(type(g).__name__)
dense_g = tf.convert_to_tensor(g)
print(dense_g)
with tf.GradientTape() as tape:
    part = v[:, 1:]
    s2 = tf.reduce_sum(part ** 2)
print(tape.gradient(s2, v))
