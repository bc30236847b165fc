# tape.jacobian with a scalar source (guide/advanced_autodiff "Scalar source"): shape = target shape.
import math

import tensorflow as tf

x = tf.linspace(-10.0, 10.0, 200 + 1)
delta = tf.Variable(0.0)

with tf.GradientTape() as tape:
    y = tf.nn.sigmoid(x + delta)

dy_dx = tape.jacobian(y, delta)

print(y.shape)
print(dy_dx.shape)
assert y.shape == dy_dx.shape == (201,)
assert dy_dx.dtype == tf.float32
for i in [0, 37, 100, 163, 200]:
    s = 1 / (1 + math.exp(-(-10.0 + 0.1 * i)))
    assert abs(dy_dx[i].numpy() - s * (1 - s)) < 1e-6

# A non-persistent tape is consumed by jacobian too; the gradient of the sum equals the sum of the jacobian.
with tf.GradientTape(persistent=True) as tape:
    y = tf.nn.sigmoid(x + delta)
j = tape.jacobian(y, delta)
g = tape.gradient(y, delta)
assert abs(tf.reduce_sum(j).numpy() - g.numpy()) < 1e-5
