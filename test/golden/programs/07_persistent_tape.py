# A persistent tape computes several gradients (guide/autodiff); published output `[  4. 108.]` and `[2. 6.]`.
import tensorflow as tf

x = tf.constant([1, 3.0])
with tf.GradientTape(persistent=True) as tape:
    tape.watch(x)
    y = x * x
    z = y * y

print(tape.gradient(z, x).numpy())  # [4.0, 108.0] (4 * x**3 at x = [1.0, 3.0])
print(tape.gradient(y, x).numpy())  # [2.0, 6.0] (2 * x at x = [1.0, 3.0])

assert x.dtype == tf.float32
assert tape.gradient(z, x).numpy().tolist() == [4 * 1.0**3, 4 * 3.0**3]
assert tape.gradient(y, x).numpy().tolist() == [2.0, 6.0]
# z = x**4, y = x**2: several gradient calls in any order.
assert tape.gradient(z, y).numpy().tolist() == [2.0, 18.0]
del tape
