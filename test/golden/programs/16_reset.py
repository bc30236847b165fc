# tape.reset() throws away everything recorded and watched (guide/advanced_autodiff).
import tensorflow as tf

x = tf.Variable(2.0)
y = tf.Variable(3.0)
reset = True

with tf.GradientTape() as t:
    y_sq = y * y
    if reset:
        # Throw out all the tape recorded so far.
        t.reset()
    z = x * x + y_sq

grad = t.gradient(z, {'x': x, 'y': y})

print('dz/dx:', grad['x'])  # 2*x => 4
print('dz/dy:', grad['y'])
assert grad['x'].numpy() == 4.0
assert grad['y'] is None

# Watched constants are forgotten too: watch again after the reset.
c = tf.constant(5.0)
with tf.GradientTape() as t:
    t.watch(c)
    first = c * c
    t.reset()
    second = c * 3.0
assert t.gradient(second, c) is None

with tf.GradientTape() as t:
    t.watch(c)
    first = c * c
    t.reset()
    t.watch(c)
    second = c * 3.0 + first
# `first` was recorded before the reset, so only the `* 3.0` path remains.
assert t.gradient(second, c).numpy() == 3.0

# Diagnostics the report gives for the None gradients above:
# expect: warning tape-unconnected line 15: dz/dy is None
# expect: warning tape-not-watched line 29: dsecond/dc is None
