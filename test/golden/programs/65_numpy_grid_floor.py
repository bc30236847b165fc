# np.floor / np.ceil (NumPy 2 keeps integer dtypes), np.meshgrid (xy and ij indexing) and np.c_ column stacking.
# The .out file is what NumPy (with TensorFlow 2.21) printed.
import numpy as np

print(np.floor(np.array([1.5, -1.5, 2.0])), np.floor(2.7), np.floor(np.array([1, 2])), np.ceil(np.array([1.2, -0.5])))
print(np.floor(np.array([1.5], dtype=np.float32)).dtype, np.floor(np.array([1, 2])).dtype)
xx, yy = np.meshgrid(np.array([1, 2, 3]), np.array([10.0, 20.0]))
print(xx, yy, sep="\n")
a, b = np.meshgrid([1, 2], [3, 4, 5], indexing="ij")
print(a, b, sep="\n")
print(np.c_[np.array([1, 2, 3]), np.array([4, 5, 6])])
print(np.c_[np.array([[1, 2], [3, 4]]), np.array([[5], [6]])])
print(np.c_[[1.0, 2.0], [3, 4]])
print(np.c_[np.array([1, 2])])

assert xx.shape == (2, 3) and a.shape == (2, 3)
assert np.c_[np.array([1, 2, 3]), np.array([4, 5, 6])].tolist() == [[1, 4], [2, 5], [3, 6]]
