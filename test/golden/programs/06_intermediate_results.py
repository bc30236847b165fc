# Gradients with respect to intermediate values (guide/autodiff "Gradients with respect to a model" / tutorial).
import tensorflow as tf

x = tf.constant(3.0)

with tf.GradientTape() as tape:
    tape.watch(x)
    y = x * x
    z = y * y

# Use the tape to compute the gradient of z with respect to the intermediate value y.
# dz_dy = 2 * y and y = x ** 2 = 9
dz_dy = tape.gradient(z, y)
print(dz_dy.numpy())
assert dz_dy.numpy() == 18.0

# An intermediate together with its input: x gets the total derivative, y its own.
x = tf.constant(2.0)
with tf.GradientTape() as tape:
    tape.watch(x)
    y = x * x
    z = y * y + x
gx, gy = tape.gradient(z, [x, y])
# dz/dx = 4x^3 + 1 = 33, dz/dy = 2y = 8
assert gx.numpy() == 33.0
assert gy.numpy() == 8.0
