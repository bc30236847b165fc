# tape.watch a constant (guide/autodiff): a tf.Tensor is only differentiated when watched.
import tensorflow as tf

x = tf.constant(3.0)
with tf.GradientTape() as tape:
    tape.watch(x)
    y = x**2

# dy = 2x * dx
dy_dx = tape.gradient(y, x)
print(dy_dx.numpy())
assert dy_dx.numpy() == 6.0

# Without watch: None.
with tf.GradientTape() as tape:
    y = x**2
assert tape.gradient(y, x) is None

# Watching a list of tensors.
a = tf.constant([1.0, 2.0])
b = tf.constant([3.0, 4.0])
with tf.GradientTape() as tape:
    tape.watch([a, b])
    z = tf.reduce_sum(a * b)
ga, gb = tape.gradient(z, [a, b])
assert ga.numpy().tolist() == [3.0, 4.0]
assert gb.numpy().tolist() == [1.0, 2.0]

# Diagnostics the report gives for the None gradients above:
# expect: warning tape-not-watched line 17: x is a constant tensor that the tape did not watch
