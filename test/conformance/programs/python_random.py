# Python's random module: seeded draws, Random instances, and Keras's default seeds drawn from it.
# %%
import random

random.seed(42)
a = random.random()
b = random.uniform(1, 3)
c = [random.randint(1, 10) for _ in range(5)]
d = [random.randrange(10), random.randrange(2, 20, 3), random.randrange(10, 0, -2)]
xs = list(range(10))
random.shuffle(xs)
pick = random.choice("abc")
few = random.sample(range(100), 5)
many = random.sample(range(1000), 30)
weighted = random.choices("ab", weights=[1, 3], k=5)
cumulative = random.choices([1, 2, 3], cum_weights=[1, 1, 4], k=4)
bits = [random.getrandbits(70), random.getrandbits(5), random.getrandbits(32)]
print(a, b, c, d, xs, pick, few, weighted, cumulative, bits)

# %%
random.seed(2**40 + 7)
big = random.random()
random.seed(-3)
negative = random.random()
random.seed(5.0)
from_float = random.random()
rng = random.Random(0)
own = [rng.random(), rng.randint(0, 5)]
rng.seed(1)
reseeded = rng.random()
print(big, negative, from_float, own, reseeded)

# %%
import keras
import tensorflow as tf
import numpy as np

random.seed(7)
layer = keras.layers.Dense(2)
out = layer(tf.ones((1, 3)))
kernel = layer.kernel.numpy()

# %%
keras.utils.set_random_seed(3)
np_draw = np.random.rand(3)
py_draw = random.random()
tf_draw = tf.random.uniform([2])

# %%
random.randrange(0)

# %%
random.randint(3, 1)

# %%
random.choice([])

# %%
random.sample([1], 2)

# %%
random.sample({1, 2}, 1)

# %%
random.seed([1])

# %%
keras.utils.set_random_seed(1.5)
