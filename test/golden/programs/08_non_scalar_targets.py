# Sum semantics: several targets / a non-scalar target give the gradient of the sum (guide/autodiff).
import math

import tensorflow as tf

x = tf.Variable(2.0)
with tf.GradientTape(persistent=True) as tape:
    y0 = x**2
    y1 = 1 / x

print(tape.gradient(y0, x).numpy())
print(tape.gradient(y1, x).numpy())
assert tape.gradient(y0, x).numpy() == 4.0
assert tape.gradient(y1, x).numpy() == -1 / 2.0**2

x = tf.Variable(2.0)
with tf.GradientTape() as tape:
    y0 = x**2
    y1 = 1 / x

print(tape.gradient({'y0': y0, 'y1': y1}, x).numpy())
# 2x - 1/x^2 = 4 - 0.25
with tf.GradientTape() as tape:
    y0 = x**2
    y1 = 1 / x
assert tape.gradient({'y0': y0, 'y1': y1}, x).numpy() == 3.75

x = tf.Variable(2.)
with tf.GradientTape() as tape:
    y = x * [3., 4.]
print(tape.gradient(y, x).numpy())
with tf.GradientTape() as tape:
    y = x * [3., 4.]
assert tape.gradient(y, x).numpy() == 7.0

# Elementwise: the gradient of the sum is the elementwise derivative (sigmoid' = s(1 - s)).
x = tf.linspace(-10.0, 10.0, 200 + 1)
with tf.GradientTape() as tape:
    tape.watch(x)
    y = tf.nn.sigmoid(x)
dy_dx = tape.gradient(y, x)
assert dy_dx.shape == (201,)
xs = [-10.0 + 0.1 * i for i in range(201)]
for i in [0, 50, 99, 100, 101, 150, 200]:
    s = 1 / (1 + math.exp(-xs[i]))
    assert abs(dy_dx[i].numpy() - s * (1 - s)) < 1e-6, (i, dy_dx[i].numpy(), s * (1 - s))
assert dy_dx[100].numpy() == 0.25
