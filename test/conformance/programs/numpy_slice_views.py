# NumPy basic slicing, .T and transpose make views: writes through a view reach its array, and back.
# %%
import numpy as np

a = np.arange(12.0).reshape(3, 4)
tail = a[1:]
tail[0] = 5.0
cols = a[:, 1::2]
a[2, 3] = 99.0
print(a, cols)

# %%
t = a.T
t[0, 2] = -1.0
flipped = a[::-1, ::2]
flipped[0, 0] = 42.0
row = a[0]
row += 1.0
row *= 2
print(a, t[3], flipped, row)

# %%
strided = cols.reshape(-1)
strided[0] = 1000.0
copied = a.T.reshape(-1)
copied[0] = -7.0
contiguous = a[1:].reshape(2, 2, 2)
contiguous[1, 1, 1] = 0.25
print(a, strided, copied[:3], contiguous[0])

# %%
x = np.zeros(6)
y = x[None, 2:5, None]
y[0, 1, 0] = 3.0
z = np.transpose(np.arange(6).reshape(2, 3))
z[2, 1] = 50
w = np.arange(24).reshape(2, 3, 4).transpose(2, 0, 1)
w[3] = -1
print(x, y.shape, x[..., 1:3], z, w[:, 1, 2])

# %%
ints = np.arange(5)
try:
    ints += 1.5
except TypeError as e:
    print(type(e).__name__, e)
ints -= 2
ints //= 2
m = np.ones((2, 3))
m[1:, :2] += np.array([10.0, 20.0])
print(ints, m)

# %%
acc = np.zeros(4)
part = acc[1:3]
np.add(part, np.array([1.5, 2.5]), out=part)
np.multiply(acc, 2.0, out=acc)
np.sqrt(acc, out=acc)
print(acc, part)

# %%
src = np.arange(6.0).reshape(2, 3)
dup = np.array(src)
dup[0, 0] = -1.0
same = np.asarray(src)
same[1, 1] = 77.0
for r in src:
    r[2] = 9.0
print(src, dup, same is src, np.asarray(src, dtype=np.float32) is src)
