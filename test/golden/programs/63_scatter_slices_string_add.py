# Scatter updates, sliced variable assignment, string concatenation, IndexedSlices, packing lists of tensors and the
# dtype TF infers for lists mixing Python and NumPy numbers. The .out file is what TensorFlow 2.21 printed.
import numpy as np
import tensorflow as tf

a = tf.constant("Hello ")
b = tf.constant(["World", "There"])
print(a + b)
print(b + "!")

v = tf.Variable([[1.0, 2.0], [3.0, 4.0]])
v[0, 1].assign(42.0)
print(v.numpy())
v[1].assign(5.0)
v[:, 0].assign([7.0, 8.0])
print(v.numpy())
v.scatter_nd_update(indices=[[0, 0], [1, 1]], updates=[-1.0, -2.0])
v.scatter_nd_add([[0, 1]], [0.5])
print(v)
try:
    v[0].assign([1.0, 2.0, 3.0])
except tf.errors.InvalidArgumentError as e:
    print("InvalidArgumentError", "Cannot broadcast input shape [3] into final shape [2]" in str(e))

print(tf.scatter_nd(indices=[[1], [3]], updates=[10, 20], shape=[5]))
print(tf.scatter_nd([[1], [1]], [3, 4], [3]))
print(tf.scatter_nd([[0, 1], [1, 0]], [[1.0, 2.0], [3.0, 4.0]], [2, 2, 2]))
t = tf.constant([[1, 2], [3, 4]])
print(tf.tensor_scatter_nd_update(t, [[0, 1]], [9]))
print(tf.tensor_scatter_nd_add(t, [[0, 1], [0, 1]], [9, 1]))
print(tf.tensor_scatter_nd_sub(t, [[1]], [[1, 1]]))

x = tf.Variable([1.0, 2.0, 3.0, 4.0])
u = tf.constant([10.0, 20.0])
with tf.GradientTape() as tape:
    tape.watch(u)
    y = tf.scatter_nd([[1], [3]], u * 2, [4])
    z = tf.tensor_scatter_nd_update(x * 1.0, [[0]], [u[0] * 3])
    w = tf.tensor_scatter_nd_add(x * 2.0, [[0], [0]], u)
    loss = tf.reduce_sum(y * [1.0, 2.0, 3.0, 4.0]) + tf.reduce_sum(z * [5.0, 6.0, 7.0, 8.0])
    loss += tf.reduce_sum(w * [1.0, 1.0, 1.0, 2.0])
du, dx = tape.gradient(loss, [u, x])
print(du, dx)

s = tf.IndexedSlices(values=tf.constant([[1.0, 2.0]]), indices=tf.constant([1]), dense_shape=tf.constant([3, 2]))
print(s)
print(tf.convert_to_tensor(s))

p = tf.constant(2.0)
with tf.GradientTape(persistent=True) as tape:
    tape.watch(p)
    packed_sum = tf.reduce_sum([p * 3, p])
    packed = tf.convert_to_tensor([p * 3, p])
print(tape.gradient(packed_sum, p), tape.gradient(packed, p))

for value in [
    [np.float64(1), 2.5],
    [2.5, np.float64(1)],
    [np.float32(1), 2.5],
    [np.int64(1), 2],
    [np.int64(2**40), 2],
    [np.int64(1), 2.5],
    [1, np.float64(2.5)],
    [np.array([1, 2]), [3, 4]],
    [[1, 2], np.array([3.0, 4])],
    [np.array([1.5]), [2]],
    [1, True],
    [1.5, True],
    [np.float32(2), 2**40],
]:
    print(tf.constant(value).dtype.name, end=" ")
print()
for value in [[True, 1], ["a", 1], [1, "a"]]:
    try:
        tf.constant(value)
    except ValueError as e:
        print("ValueError", e)

assert du.numpy().tolist() == [20.0, 9.0] and dx.numpy().tolist() == [2.0, 8.0, 9.0, 12.0]
assert v.numpy().tolist() == [[-1.0, 42.5], [8.0, -2.0]]
