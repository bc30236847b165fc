# Integer sources have no gradient (guide/autodiff "Took gradients through an integer or string").
# expect: warning tf-warning line 8: The dtype of the watched tensor must be floating (e.g. tf.float32), got tf.int32
import tensorflow as tf

x = tf.constant(10)

with tf.GradientTape() as g:
    g.watch(x)
    y = x * x

assert x.dtype == tf.int32
assert y.dtype == tf.int32
assert y.numpy() == 100
assert g.gradient(y, x) is None

# An int32 variable is trainable but never differentiable.
v = tf.Variable(4)
assert v.dtype == tf.int32
assert v.trainable
with tf.GradientTape() as g:
    z = v * 3
assert g.gradient(z, v) is None

# Casting a float through an int: None.
f = tf.Variable(2.5)
with tf.GradientTape() as g:
    k = tf.cast(f, tf.int32)
    out = tf.cast(k, tf.float32) * f
# only the direct path through `* f` survives: d/df = cast(cast(f)) = 2.0
assert g.gradient(out, f).numpy() == 2.0
with tf.GradientTape() as g:
    k = tf.cast(f, tf.int32)
    out = tf.cast(k, tf.float32)
assert g.gradient(out, f) is None

# Diagnostics the report gives for the None gradients above:
# expect: warning tape-integer-source line 14: x is int32
# expect: warning tape-integer-source line 22: v is int32
# expect: warning tape-non-differentiable line 34: f flows into Cast (to int32)
