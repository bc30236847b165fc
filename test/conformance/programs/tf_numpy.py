# tf.experimental.numpy: the NumPy API on tensors, NumPy behaviour enabled, type promotion and interop.
# %%
import numpy as np
import tensorflow as tf
import tensorflow.experimental.numpy as tnp

tnp.experimental_enable_numpy_behavior()
ones = tnp.ones([5, 3], dtype=tnp.float32)
print("Created ND array with shape = %s, rank = %s, dtype = %s" % (ones.shape, ones.ndim, ones.dtype))

# %%
values = [tnp.asarray(1, dtype=d) for d in (tnp.int32, tnp.int64, tnp.float32, tnp.float64)]
for i, v1 in enumerate(values):
    for v2 in values[i + 1 :]:
        print("%s + %s => %s" % (v1.dtype.name, v2.dtype.name, (v1 + v2).dtype.name))

# %%
x = tnp.arange(24).reshape(2, 3, 4)
print(x[1, tnp.newaxis, 1:3, ...])
print(x[:, (0, 1, 2), [1, 2, 3]])
print(tnp.sum(x, axis=1))

# %%
def dense(x, w, b):
    return tnp.matmul(x, w) + b


w = tnp.asarray([[0.5, -1.0], [1.5, 2.0], [0.25, 0.0]], dtype=tnp.float32)
b = tnp.asarray([0.1, -0.1], dtype=tnp.float32)
inputs = tnp.ones([4, 3], dtype=tnp.float32)
out = dense(inputs, w, b)
print(out)
print(tnp.tanh(out).numpy())

# %%
np_sum = np.sum(tnp.ones([2, 3]))
t = tf.constant([1.0, 2.0]) + tnp.asarray([3.0, 4.0])
print(np_sum, t)
