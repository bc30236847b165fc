# @tf.custom_gradient: clip the gradient's norm in the backward pass (guide/advanced_autodiff "Custom gradients").
import tensorflow as tf


# Establish an identity operation, but clip during the gradient pass.
@tf.custom_gradient
def clip_gradients(y):
    def backward(dy):
        return tf.clip_by_norm(dy, 0.5)
    return y, backward


v = tf.Variable(2.0)
with tf.GradientTape() as t:
    output = clip_gradients(v * v)
print(t.gradient(output, v))  # calls "backward", which clips 4 to 2
assert output.numpy() == 4.0

with tf.GradientTape() as t:
    output = clip_gradients(v * v)
# upstream 1 -> clipped to 0.5 -> times d(v*v)/dv = 4 -> 2
assert t.gradient(output, v).numpy() == 2.0

# Vector case: the upstream gradient [3, 4] (norm 5) is scaled to norm 0.5.
w = tf.Variable([1.0, 1.0])
with tf.GradientTape() as t:
    out = tf.reduce_sum(clip_gradients(w) * [3.0, 4.0])
g = t.gradient(out, w)
assert abs(g.numpy()[0] - 0.3) < 1e-6 and abs(g.numpy()[1] - 0.4) < 1e-6


# A custom gradient with two inputs returns one gradient per input (None allowed).
@tf.custom_gradient
def scaled_product(a, b):
    def grad(upstream):
        return upstream * b * 10.0, None
    return a * b, grad


a = tf.Variable(3.0)
b = tf.Variable(4.0)
with tf.GradientTape() as t:
    p = scaled_product(a, b)
ga, gb = t.gradient(p, [a, b])
assert p.numpy() == 12.0
assert ga.numpy() == 40.0
assert gb is None

# Diagnostics the report gives for the None gradients above:
# expect: warning tape-unconnected line 44: dp/db is None
