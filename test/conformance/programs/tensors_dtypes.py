# Tensors, dtypes and conversions: constants of every rank, dtype inference, casts, NumPy round trips.
# %%
import numpy as np
import tensorflow as tf

scalar = tf.constant(4)
vector = tf.constant([2.0, 3.0, 4.0])
matrix = tf.constant([[1, 2], [3, 4], [5, 6]], dtype=tf.float16)
print(scalar)
print(vector)
print(matrix)

# %%
cube = tf.constant([[[0, 1, 2, 3, 4], [5, 6, 7, 8, 9]], [[10, 11, 12, 13, 14], [15, 16, 17, 18, 19]]])
print(cube.shape, cube.dtype, cube.ndim)
as_np = np.array(cube)
back = cube.numpy()
print(type(back).__name__, back.dtype)

# %%
a = tf.constant([[1, 2], [3, 4]])
b = tf.ones([2, 2], dtype=tf.int32)
added = tf.add(a, b)
multiplied = tf.multiply(a, b)
mm = tf.matmul(a, b)
print(added, "\n")
print(a + b, "\n")
print(a * b, "\n")
print(a @ b, "\n")

# %%
c = tf.constant([[4.0, 5.0], [10.0, 1.0]])
largest = tf.reduce_max(c)
where_max = tf.math.argmax(c)
soft = tf.nn.softmax(c)
print(largest.numpy(), where_max.numpy(), soft.numpy())

# %%
rank_4 = tf.zeros([3, 2, 4, 5])
info = (rank_4.dtype, rank_4.ndim, rank_4.shape, rank_4.shape[0], rank_4.shape[-1], tf.size(rank_4).numpy())
print("Type of every element:", rank_4.dtype)
print("Number of axes:", rank_4.ndim)
print("Shape of tensor:", rank_4.shape)
print("Elements along axis 0 of tensor:", rank_4.shape[0])
print("Elements along the last axis of tensor:", rank_4.shape[-1])
print("Total number of elements (3*2*4*5): ", tf.size(rank_4).numpy())
ranks = (tf.rank(rank_4), tf.shape(rank_4))

# %%
f64 = tf.constant([2.2, 3.3, 4.4], dtype=tf.float64)
f16 = tf.cast(f64, dtype=tf.float16)
u8 = tf.cast(f16, dtype=tf.uint8)
print(u8)
i32_from_float = tf.cast(tf.constant([1.7, -1.7, 2.5]), tf.int32)
bools = tf.cast(tf.constant([0.0, 0.5, 2.0]), tf.bool)
print(i32_from_float, bools)

# %%
from_np_f64 = tf.constant(np.array([1.0, 2.0]))
from_np_i64 = tf.constant(np.array([1, 2]))
from_list_mixed = tf.constant([1, 2.5])
conv = tf.convert_to_tensor([[1, 2], [3, 4]])
strings = tf.constant(["Gray", "wolf", "Quick brown fox"])
print(from_np_f64.dtype, from_np_i64.dtype, from_list_mixed.dtype, conv.dtype)
print(strings)
print(tf.strings.length(strings))

# %%
x = tf.constant([1, 2, 3])
y = tf.constant(2)
z = tf.constant([2, 2, 2])
print(tf.multiply(x, 2))
print(x * y)
print(x * z)
col = tf.reshape(x, [3, 1])
row = tf.range(1, 5)
outer = tf.multiply(col, row)
print(outer)
bt = tf.broadcast_to(tf.constant([1, 2, 3]), [3, 3])
print(bt)

# %%
ragged_like = [[0, 1, 2, 3], [4, 5], [6, 7, 8], [9]]
try:
    tensor = tf.constant(ragged_like)
except Exception as e:
    print(f"{type(e).__name__}: {e}")

# %%
var_x = tf.Variable(tf.constant([[1], [2], [3]]))
print(var_x.shape)
print(var_x.shape.as_list())
reshaped = tf.reshape(var_x, [1, 3])
print(reshaped.shape)
flat = tf.reshape(cube, [-1])
print(flat)
print(tf.reshape(cube, [2 * 2, 5]), "\n")
print(tf.reshape(cube, [2, -1]))
transposed = tf.transpose(tf.reshape(cube, [2, 10]))

# %%
inf_nan = tf.constant([1.0, 0.0, -1.0]) / tf.constant(0.0)
print(inf_nan)
safe = tf.math.divide_no_nan(tf.constant([1.0, 0.0]), tf.constant([0.0, 0.0]))
print(safe)
big = tf.constant(2**31 - 1)
wrapped = big + 1
print(wrapped)
