# Forward mode: tf.autodiff.ForwardAccumulator JVPs (guide/advanced_autodiff, ForwardAccumulator docs).
import tensorflow as tf

x = tf.constant([1.0, 2.0, 3.0])
v = tf.constant([1.0, 0.5, -1.0])
with tf.autodiff.ForwardAccumulator(primals=x, tangents=v) as acc:
    y = x**3
    s = tf.reduce_sum(y)
# J v with J = diag(3 x^2)
assert acc.jvp(y).numpy().tolist() == [3.0 * 1.0, 12.0 * 0.5, 27.0 * -1.0]
assert acc.jvp(s).numpy() == 3.0 + 6.0 - 27.0
# The primal's own JVP is its tangent; an unrelated tensor has none.
assert acc.jvp(x).numpy().tolist() == [1.0, 0.5, -1.0]
unrelated = tf.constant(5.0)
assert acc.jvp(unrelated) is None
assert acc.jvp(unrelated, unconnected_gradients=tf.UnconnectedGradients.ZERO).numpy() == 0.0

# The JVP with a one-hot tangent picks one entry of the gradient (ForwardAccumulator docs: kernel_fprop).
layer_x = tf.constant([[2.0, 3.0], [1.0, -1.0]])
kernel = tf.Variable([[1.0, 0.5], [-2.0, 1.0]])
with tf.GradientTape() as tape:
    loss = tf.reduce_sum((layer_x @ kernel) ** 2)
grad = tape.gradient(loss, kernel)
entries = []
for i in range(2):
    for j in range(2):
        tangent = tf.reshape(tf.one_hot(i * 2 + j, 4), (2, 2))
        with tf.autodiff.ForwardAccumulator(kernel, tangent) as acc:
            loss = tf.reduce_sum((layer_x @ kernel) ** 2)
        entries.append(acc.jvp(loss).numpy())
assert entries == [grad.numpy()[i, j] for i in range(2) for j in range(2)]
# By hand: Y = X K = [[-4, 4], [3, -0.5]]; dL/dK = X^T (2Y) = [[-10, 15], [-30, 25]]
assert entries == [-10.0, 15.0, -30.0, 25.0]

# Nested accumulators: forward-over-forward second derivative of x**3.5 at 1.1 (ForwardAccumulator docs).
primal = tf.constant(1.1)
with tf.autodiff.ForwardAccumulator(primal, tf.constant(1.)) as outer:
    with tf.autodiff.ForwardAccumulator(primal, tf.constant(1.)) as inner:
        primal_out = primal ** tf.constant(3.5)
inner_jvp = inner.jvp(primal_out)
outer_jvp = outer.jvp(inner_jvp)
print(inner_jvp)
print(outer_jvp)
assert abs(inner_jvp.numpy() - 3.5 * 1.1 ** 2.5) < 1e-5
assert abs(outer_jvp.numpy() - 3.5 * 2.5 * 1.1 ** 1.5) < 1e-5
# The outer accumulator also saw the primal computation itself: its first-order JVP.
assert abs(outer.jvp(primal_out).numpy() - 3.5 * 1.1 ** 2.5) < 1e-5
