# A custom gradient whose backward function takes a gradient on another tape, over the same tensor the outer
# backward pass is still collecting gradients for (a backward pass inside a backward pass).
import tensorflow as tf

x = tf.constant(2.0)


@tf.custom_gradient
def square_by_inner_tape(v):
    def backward(up):
        # The inner tape watches x; w = x·x·v.
        with tf.GradientTape() as inner:
            inner.watch(x)
            w = x * x * v
        return up * inner.gradient(w, x)
    return v * v, backward


# v = x·1 is a different tensor: the inner tape sees it as a constant, so dw/dx = 2·x·v = 8.
with tf.GradientTape() as outer:
    outer.watch(x)
    # x * x is recorded after the custom op, so its two gradients (2 + 2) wait on x while backward() runs.
    y = square_by_inner_tape(x * 1.0) + x * x
g = outer.gradient(y, x)
assert y.numpy() == 8.0
# 8 from the custom gradient (times d(x·1)/dx = 1), 2·x = 4 from x * x.
assert g.numpy() == 12.0

# The custom op recorded last: its inner pass runs before the x * x gradients arrive.
with tf.GradientTape() as outer:
    outer.watch(x)
    y = x * x + square_by_inner_tape(x * 1.0)
assert outer.gradient(y, x).numpy() == 12.0

# v is x itself: w = x³ for the inner tape, dw/dx = 3·x² = 12; with 2·x = 4 from x * x, 16.
with tf.GradientTape() as outer:
    outer.watch(x)
    y = square_by_inner_tape(x) + x * x
assert outer.gradient(y, x).numpy() == 16.0
