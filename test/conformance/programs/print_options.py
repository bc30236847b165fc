# NumPy print options: set_printoptions, get_printoptions and the printoptions context; TF tensors print through them.
# %%
import numpy as np
import tensorflow as tf

third = np.array([1 / 3, 2 / 3, 2e-6])
print(third)
np.set_printoptions(precision=3)
print(third)
np.set_printoptions(suppress=True)
print(third, tf.constant(third, dtype=tf.float32))
print(repr(third))
opts = np.get_printoptions()
precision = opts["precision"]
suppress = opts["suppress"]

# %%
with np.printoptions(precision=1, sign="+") as inside:
    print(np.array([0.25, -1.5]), inside["precision"])
print(np.array([0.25, -1.5]))

# %%
np.set_printoptions(threshold=5, edgeitems=2)
print(np.arange(10), tf.range(10))
np.set_printoptions(threshold=np.inf, linewidth=30)
print(np.arange(15.0))
np.set_printoptions(floatmode="fixed", precision=2, nanstr="NaN")
print(np.array([1.0, np.nan, 0.5]))
after = np.get_printoptions()["linewidth"]

# %%
np.set_printoptions(precision=2.5)

# %%
np.set_printoptions(sign="x")

# %%
np.set_printoptions(floatmode="round")
