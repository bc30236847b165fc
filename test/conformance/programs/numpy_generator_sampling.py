# np.random.default_rng: choice, permutation and shuffle, seeded; NumPy's sums, means and deviations.
# %%
import numpy as np

rng = np.random.default_rng(11)
picks = rng.choice(10, size=8)
fruit = rng.choice([2.5, -1.0, 7.25, 0.5], size=(2, 3))
one = rng.choice(5)
weighted = rng.choice(4, size=10, p=[0.1, 0.2, 0.3, 0.4])
print(picks, fruit, one, weighted)

# %%
rng = np.random.default_rng(12)
deal = rng.choice(52, size=5, replace=False)
ordered = rng.choice(20, size=6, replace=False, shuffle=False)
rows = rng.choice(np.arange(12).reshape(6, 2), size=3, replace=False)
distinct = rng.choice(6, size=4, replace=False, p=[0.05, 0.05, 0.4, 0.3, 0.1, 0.1])
half = rng.choice(20000, size=600, replace=False)
print(deal, ordered, rows, distinct, half[:5], half.sum())

# %%
rng = np.random.default_rng(13)
perm = rng.permutation(10)
shuffled_rows = rng.permutation(np.arange(15.0).reshape(5, 3))
deck = list(range(8))
rng.shuffle(deck)
arr = np.arange(6)
rng.shuffle(arr)
grid = np.arange(8).reshape(4, 2)
rng.shuffle(grid)
after = rng.integers(0, 1000, size=3)
print(perm, shuffled_rows, deck, arr, grid, after)

# %%
rng = np.random.default_rng(14)
big = rng.permutation(70000)
print(big[:4], big[-3:])
idx = rng.choice(3000, size=3000, replace=False)
print(idx[:5], np.array_equal(np.sort(idx), np.arange(3000)))

# %%
data = np.random.default_rng(15).normal(3.0, 2.0, size=(200, 30))
small = data.astype(np.float32)
stats = [float(data.sum()), float(data.mean()), float(data.std()), float(data.var(ddof=1))]
cols = data.mean(axis=0)
rows_std = np.std(data, axis=1, ddof=1)
f32 = [small.sum(), np.mean(small), np.std(small), small.sum(axis=0)[:3]]
print(stats, cols[:3], rows_std[:3], f32)

# %%
m = np.array([[3.0, np.nan, -1.0], [2.0, 0.5, -7.0]])
print(np.sort(m), np.sort(m, axis=0), np.sort(m, axis=None), np.sort(np.array([5, 2, 9, 1])))

# %%
r32 = np.random.default_rng(3)
single = r32.random(dtype=np.float32)
f32_draws = r32.random(3, dtype=np.float32)
after_f32 = r32.random()
print(single, f32_draws, f32_draws.dtype, after_f32)
