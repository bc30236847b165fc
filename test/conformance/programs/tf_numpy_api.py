# tf.experimental.numpy: the ndarray API on tensors, before and after NumPy behaviour is enabled.
# %%
import numpy as np
import tensorflow as tf
import tensorflow.experimental.numpy as tnp

plain = tf.constant([[1.0, 2.0], [3.0, 4.0]])
try:
    plain.reshape(4)
except AttributeError as e:
    print(type(e).__name__, str(e).splitlines()[0])
print(hasattr(plain, "T"), plain.ndim)

# %%
tnp.experimental_enable_numpy_behavior()
a = tnp.asarray([[1, 2, 3], [4, 5, 6]])
f = tnp.asarray([0.5, 1.5, 2.5])
g = tnp.asarray([1.0, 2.0, 3.0], dtype=tnp.float32)
print(a.dtype, f.dtype, g.dtype, a.shape, a.ndim, a.size)
print(a.T)
print(a.reshape(3, 2), a.reshape((6,)), a.ravel())
print(a.transpose().shape, a.astype(tnp.float32).dtype, a.tolist())

# %%
i32 = tnp.asarray([1, 2, 3], dtype=tnp.int32)
print((i32 + 1).dtype, (i32 + 1.5).dtype, (i32 * True).dtype, (g + 1.5).dtype, (g * 2).dtype)
print((i32 + g).dtype, (g + f).dtype, (a + f).dtype, (tf.constant(1) + tf.constant(1.0)).dtype)
print(1.5 - g, 2 ** i32, i32 / 2, i32 // 2, g > 1.5, i32 == 2)
mixed = tf.constant([1.0, 2.0]) * tf.constant([2, 3])
print(mixed)

# %%
print(tnp.sum(a), tnp.sum(a, axis=0), tnp.sum(i32).dtype, tnp.sum(g).dtype)
print(tnp.mean(a), tnp.mean(a, axis=1), tnp.mean(g))
print(tnp.max(a, axis=1), tnp.amin(f), tnp.prod(i32), tnp.std(f), tnp.var(g))
print(tnp.argmax(f), tnp.argmin(a, axis=0), tnp.any(a > 5), tnp.all(a > 0))
print(g.mean(), a.max(axis=0), a.min(), g.clip(1.5, 2.5))

# %%
m = tnp.asarray([[1.0, 2.0], [3.0, 4.0]])
v = tnp.asarray([1.0, -1.0])
print(tnp.dot(m, m), tnp.dot(m, v), tnp.dot(v, v), tnp.dot(v, m), tnp.dot(2.0, v))
print(tnp.matmul(m, v), m @ m, tnp.dot([1.0, 2.0], [3.0, 4.0]))

# %%
print(tnp.ones(3), tnp.zeros([2, 2], dtype=tnp.int32), tnp.full([2], 7), tnp.eye(2))
print(tnp.arange(5), tnp.arange(1.0, 2.0, 0.25), tnp.arange(2, 8, 2, dtype=tnp.float32), tnp.linspace(0.0, 1.0, 5))
print(tnp.ones_like(i32), tnp.zeros_like(g), tnp.array([1, 2], ndmin=2))
print(tnp.concatenate([i32, g]), tnp.stack([f, g], axis=1), tnp.where(f > 1.0, f, -f))
print(tnp.expand_dims(f, 0).shape, tnp.squeeze(tnp.ones([1, 3, 1])).shape, tnp.broadcast_to(f, [2, 3]))
print(tnp.exp(i32), tnp.sqrt(g), tnp.tanh(f), tnp.abs(-i32), tnp.square(i32), tnp.log(f))
print(tnp.add(i32, 1), tnp.subtract(g, f), tnp.multiply(i32, 0.5), tnp.divide(i32, 2), tnp.power(g, 2))
print(tnp.maximum(f, g), tnp.minimum(i32, 2), tnp.clip(f, 1.0, 2.0), tnp.allclose(f, f + 1e-9))
print(tnp.shape(a), tnp.ndim(f), tnp.size(a), isinstance(a, tnp.ndarray), type(tnp.ones(2)).__name__)

# %%
x = tnp.arange(24).reshape(2, 3, 4)
print(x[0, :, [0, 3]])
print(x[[0, 1], [1, 2]])
print(x[:, [0, 2]][:, :, 1:3])
print(x[x > 20], x[1, ..., [True, False, True, False]])
print(x[:, 1, [[0], [3]]].shape, x[..., 0][[1, 0]])

# %%
w = tf.Variable([[0.5, -1.0], [2.0, 1.0]])
xs = tnp.asarray([[1.0, 2.0], [3.0, 4.0]], dtype=tnp.float32)
with tf.GradientTape() as tape:
    h = tnp.sin(tnp.matmul(xs, w))
    loss = tnp.sum(tnp.square(h[:, [1, 0]] - 0.5)) + tnp.mean(w * w)
dw = tape.gradient(loss, w)
print(loss, dw)
