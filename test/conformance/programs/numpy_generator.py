# np.random.default_rng: PCG64 draws for random, uniform, integers and normals, seeded.
# %%
import numpy as np

rng = np.random.default_rng(42)
u = rng.random(4)
first = rng.random()
ints = rng.integers(0, 10, size=6)
dice = rng.integers(1, 6, size=(2, 3), endpoint=True)
one = rng.integers(100)
print(u, first, ints, dice, one)

# %%
rng2 = np.random.default_rng(2024)
z = rng2.standard_normal(5)
w = rng2.normal(loc=1.0, scale=0.5, size=(2, 2))
x = rng2.uniform(-1.0, 1.0, size=3)
big = rng2.integers(-(2**40), 2**40, size=4)
print(z, w, x, big)

# %%
g = np.random.default_rng(7)
many = g.standard_normal(20000)
print(many[:4], float(np.mean(many)), float(np.std(many)), many[-1])
same = np.random.default_rng(7).random(3)
again = np.random.default_rng(7).random(3)
print(np.array_equal(same, again), same)
