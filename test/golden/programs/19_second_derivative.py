# Higher-order gradients with nested tapes (guide/advanced_autodiff "Higher-order gradients").
import tensorflow as tf

x = tf.Variable(1.0)  # Create a Tensorflow variable initialized to 1.0

with tf.GradientTape() as t2:
    with tf.GradientTape() as t1:
        y = x * x * x

    # Compute the gradient inside the outer `t2` context manager
    # which means the gradient computation is differentiable as well.
    dy_dx = t1.gradient(y, x)
d2y_dx2 = t2.gradient(dy_dx, x)

print('dy_dx:', dy_dx.numpy())  # 3 * x**2 => 3.0
print('d2y_dx2:', d2y_dx2.numpy())  # 6 * x => 6.0

assert dy_dx.numpy() == 3.0
assert d2y_dx2.numpy() == 6.0

# At x = 2 with a constant: both tapes must watch it.
c = tf.constant(2.0)
with tf.GradientTape() as outer:
    outer.watch(c)
    with tf.GradientTape() as inner:
        inner.watch(c)
        y = c**3
    g = inner.gradient(y, c)
h = outer.gradient(g, c)
assert g.numpy() == 12.0
assert h.numpy() == 12.0

# Inner gradient computed outside the outer context is a constant for it.
with tf.GradientTape() as outer:
    with tf.GradientTape() as inner:
        y = x * x * x
g = inner.gradient(y, x)
assert outer.gradient(g, x) is None

# Diagnostics the report gives for the None gradients above:
# expect: warning tape-unconnected line 38: dg/dx is None
