# tf.experimental.numpy.random: seeded draws equal TensorFlow's (tf.random ops under the global seed).
# %%
import tensorflow as tf
import tensorflow.experimental.numpy as tnp

tnp.random.seed(5)
a = tnp.random.randn(2, 3)
b = tnp.random.uniform(-1.0, 2.0, size=(2, 2))
d = tnp.random.randint(0, 10, size=4)
e = tnp.random.rand(3)
f = tnp.random.standard_normal(3)
g = tnp.random.random((2,))
h = tnp.random.uniform([0.0, 1.0], [1.0, 5.0])
i = tnp.random.randint(5)
print(a, b, d, e, f, g, h, i, sep="\n")

# %%
try:
    c = tnp.random.uniform(size=3)
except tf.errors.InvalidArgumentError as err:
    print("InvalidArgumentError")
tnp.random.seed(5)
again = tnp.random.randn(2, 3)
small = tnp.random.randint(-3, 3, size=(2, 2), dtype=tnp.int32)
print(bool(tnp.all(again == a)), small)

# %%
tf.random.set_seed(11)
mixed = [tnp.random.random((2,)), tf.random.uniform((2,)), tnp.random.standard_normal()]
print(mixed)
