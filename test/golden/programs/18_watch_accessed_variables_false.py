# watch_accessed_variables=False: only what is watched explicitly (guide/autodiff).
import math

import tensorflow as tf

x0 = tf.Variable(0.0)
x1 = tf.Variable(10.0)

with tf.GradientTape(watch_accessed_variables=False) as tape:
    tape.watch(x1)
    y0 = tf.math.sin(x0)
    y1 = tf.nn.softplus(x1)
    y = y0 + y1
    ys = tf.reduce_sum(y)

# dys/dx1 = exp(x1) / (1 + exp(x1)) = sigmoid(x1)
grad = tape.gradient(ys, {'x0': x0, 'x1': x1})

print('dy/dx0:', grad['x0'])
print('dy/dx1:', grad['x1'].numpy())

assert grad['x0'] is None
expected = math.exp(10.0) / (1 + math.exp(10.0))
assert abs(grad['x1'].numpy() - expected) < 1e-6
assert [v.name for v in tape.watched_variables()] == ['Variable:0']
assert len(tape.watched_variables()) == 1 and tape.watched_variables()[0] is x1

# With auto-watching, both.
with tf.GradientTape() as tape:
    ys = tf.math.sin(x0) + tf.nn.softplus(x1)
g0, g1 = tape.gradient(ys, [x0, x1])
assert g0.numpy() == math.cos(0.0)
assert abs(g1.numpy() - expected) < 1e-6

# Diagnostics the report gives for the None gradients above:
# expect: warning tape-not-watched line 17: watch_accessed_variables=False, so it does not watch x0
