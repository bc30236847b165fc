# tape.stop_recording() (guide/advanced_autodiff "Controlling gradient recording").
import tensorflow as tf

x = tf.Variable(2.0)
y = tf.Variable(3.0)

with tf.GradientTape() as t:
    x_sq = x * x
    with t.stop_recording():
        y_sq = y * y
    z = x_sq + y_sq

grad = t.gradient(z, {'x': x, 'y': y})

print('dz/dx:', grad['x'])  # 2*x => 4
print('dz/dy:', grad['y'])

assert grad['x'].numpy() == 4.0
assert grad['y'] is None
assert z.numpy() == 13.0

# Recording resumes after the block, for constants too.
a = tf.constant(1.5)
with tf.GradientTape() as t:
    t.watch(a)
    with t.stop_recording():
        b = a * 10.0
    c = a * a + b
assert t.gradient(c, a).numpy() == 3.0

# Diagnostics the report gives for the None gradients above:
# expect: warning tape-unconnected line 13: dz/dy is None
