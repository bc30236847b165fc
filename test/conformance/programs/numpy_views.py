# NumPy reshape and ravel are views: writes through them reach the array they came from, and back.
# %%
import numpy as np

base = np.zeros((2, 3))
flat = base.reshape(-1)
flat[4] = 7.5
flat[0:2] = [1.0, 2.0]
print(base)
base[1, 2] = -1.0
print(flat, flat.shape)

# %%
grid = np.arange(12).reshape(3, 4)
line = np.ravel(grid)
line[11] = 100
cube = np.reshape(grid, (2, 2, 3))
cube[0, 0, 0] = -5
print(grid, line[:3], cube[1])

# %%
copy = base.copy()
copy[0, 0] = 99.0
flattened = base.flatten()
flattened[1] = 42.0
print(base[0], copy[0], flattened[:3])

# %%
fd = np.zeros_like(np.ones((2, 2)))
fd_flat = fd.reshape(-1)
for i in range(fd_flat.size):
    fd_flat[i] = i * 0.5
print(fd, fd_flat.reshape(fd.shape))
