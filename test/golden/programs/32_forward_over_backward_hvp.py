# Hessian-vector products: forward-over-backward and backward-over-backward (ForwardAccumulator docs,
# guide/advanced_autodiff).
import tensorflow as tf

v = tf.Variable([1., 2.])
with tf.autodiff.ForwardAccumulator(v, tf.constant([1., 0.])) as acc:
    with tf.GradientTape() as tape:
        y = tf.reduce_sum(v ** 3.)
    backward = tape.gradient(y, v)
print(backward)           # gradient from backprop: 3 v^2
print(acc.jvp(backward))  # forward-over-backward Hessian-vector product: H [1, 0] = [6 v0, 0]
assert backward.numpy().tolist() == [3.0, 12.0]
assert acc.jvp(backward).numpy().tolist() == [6.0, 0.0]


def hvp_back_over_back(f, x, vec):
    with tf.GradientTape() as outer:
        outer.watch(x)
        with tf.GradientTape() as inner:
            inner.watch(x)
            out = f(x)
        g = inner.gradient(out, x)
    return outer.gradient(g, x, output_gradients=vec)


def hvp_fwd_over_back(f, x, vec):
    with tf.autodiff.ForwardAccumulator(x, vec) as acc:
        with tf.GradientTape() as tape:
            tape.watch(x)
            out = f(x)
        g = tape.gradient(out, x)
    return acc.jvp(g)


# f(x) = x0^2 x1 + sin(x1): H = [[2 x1, 2 x0], [2 x0, -sin(x1)]]
import math
f = lambda x: x[0] ** 2 * x[1] + tf.sin(x[1])
x = tf.constant([1.5, 0.5])
vec = tf.constant([1.0, -2.0])
H = [[2 * 0.5, 2 * 1.5], [2 * 1.5, -math.sin(0.5)]]
want = [H[0][0] * 1.0 + H[0][1] * -2.0, H[1][0] * 1.0 + H[1][1] * -2.0]
for got in [hvp_back_over_back(f, x, vec), hvp_fwd_over_back(f, x, vec)]:
    assert abs(got.numpy()[0] - want[0]) < 1e-5 and abs(got.numpy()[1] - want[1]) < 1e-5, (got, want)
