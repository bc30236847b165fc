# Gradient of a scalar function of a variable (guide/autodiff "Computing gradients").
import tensorflow as tf

x = tf.Variable(3.0)

with tf.GradientTape() as tape:
    y = x**2

# dy = 2x * dx
dy_dx = tape.gradient(y, x)
print(dy_dx.numpy())

assert dy_dx.numpy() == 6.0
assert dy_dx.dtype == tf.float32
assert dy_dx.shape == ()
assert isinstance(dy_dx, tf.Tensor)
assert not isinstance(dy_dx, tf.Variable)
