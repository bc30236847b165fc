# What print() and repr() show for tensors, variables, shapes, dtypes and gradients (TF-SEMANTICS 1.2).
import tensorflow as tf

x = tf.constant([[1.0, 2.0], [3.0, 4.0]])
print(x)
print(repr(x))
s = tf.constant(6.0)
print(s)
print(f'{s!r}')
print(tf.constant([0.0, 0.0]))
v = tf.Variable(3.0, name='x0')
print(v)
print(repr(v))
print(v.name, v.shape, v.dtype)
print(x.shape, repr(x.shape))
print(x.dtype)

with tf.GradientTape() as tape:
    y = v * v
g = tape.gradient(y, v)
print(g)
print(f'The gradient is {g}')
print(f'repr: {g!r}')
print(f'value: {g.numpy():.3f}')
dv0 = g
dv1 = None
print([dv0, dv1])
print(tf.constant([1, 2, 3]))
print(tf.constant(True))

assert str(g) == 'tf.Tensor(6.0, shape=(), dtype=float32)'
assert repr(g) == '<tf.Tensor: shape=(), dtype=float32, numpy=6.0>'
assert repr(v) == "<tf.Variable 'x0:0' shape=() dtype=float32, numpy=3.0>"
assert str(x.shape) == '(2, 2)'
assert repr(x.shape) == 'TensorShape([2, 2])'
