# %% [markdown]
# Gradient Lens example: GradientTape mistakes, shown in the Problems panel while you type.
# Fix each one and watch the diagnostic disappear.

# %%
import tensorflow as tf

# %%
# 1. A constant is not watched, so its gradient is None.
#    Fix: call tape.watch(c) inside the block, or make c a tf.Variable.
c = tf.constant(3.0)
with tf.GradientTape() as tape:
  y = c * c
dy_dc = tape.gradient(y, c)

# %%
# 2. A wrong expectation: the assert fails and shows the actual value.
#    d(x**3)/dx = 3 * x**2 = 12 at x = 2. Fix: compare with 12.0.
x = tf.Variable(2.0)
with tf.GradientTape() as tape:
  z = x ** 3
dz_dx = tape.gradient(z, x)
assert dz_dx.numpy() == 8.0, dz_dx.numpy()
