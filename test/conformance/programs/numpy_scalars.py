# NumPy scalars: their types, their place under NumPy's abstract types, their reprs (NumPy 2).
# %%
import numpy as np

h = np.float32(1.5)
d = np.float64(2.0) * 3
n = np.arange(4).sum()
flag = np.bool_(True)
first = np.array([0.25, 0.5])[0]
print(type(h), type(d), type(n), type(flag), type(first))
print(repr(h), repr(d), repr(n), repr(flag), repr(np.int32(7)), h, d, n)

# %%
checks = [
    isinstance(h, np.floating),
    isinstance(n, np.integer),
    isinstance(n, np.signedinteger),
    isinstance(h, np.generic),
    isinstance(h, np.number),
    isinstance(h, np.ndarray),
    isinstance(flag, np.number),
    type(h) is np.float32,
    type(first) is np.float64,
    isinstance(np.array([1.0]), np.ndarray),
]
names = [type(v).__name__ for v in (h, d, n, flag)]
print(checks, names, repr([np.float32(0.1), np.int64(2)]))
