# Targets that are also sources are seeded with ones; a variable target is its handle (guide/autodiff,
# backprop_test.py testTapeGradientMultiTargetOneIsSource).
import tensorflow as tf

x = tf.constant(3.0)
with tf.GradientTape(persistent=True) as tape:
    tape.watch(x)
    y = x * x

assert tape.gradient(x, x).numpy() == 1.0
# [x, x*x] -> 1 + 2x
assert tape.gradient([x, y], x).numpy() == 7.0
# The same target twice counts twice.
assert tape.gradient([y, y], x).numpy() == 12.0
del tape

# A vector source as its own target: ones of its shape.
v = tf.constant([1.0, 2.0, 3.0])
with tf.GradientTape() as tape:
    tape.watch(v)
gv = tape.gradient(v, v)
assert gv.numpy().tolist() == [1.0, 1.0, 1.0]

# A variable target (guide/autodiff): d v0 / [v0, v1] = [1.0, None]
v0 = tf.Variable(2.0)
v1 = tf.Variable(3.0)
with tf.GradientTape() as tape:
    unused = v0 * 1.0
grads = tape.gradient(v0, [v0, v1])
print(grads[0])
print(grads[1])
assert grads[0].numpy() == 1.0
assert grads[1] is None

# A fresh read of a variable is a new tensor that no recorded op used: None.
w = tf.Variable(5.0)
with tf.GradientTape() as tape:
    out = w * w
fresh = tf.convert_to_tensor(w)
assert tape.gradient(out, fresh) is None

# Diagnostics the report gives for the None gradients above:
# expect: warning tape-unconnected line 29: dv0/dv1 is None
# expect: warning tape-not-watched line 40: dout/dfresh is None
