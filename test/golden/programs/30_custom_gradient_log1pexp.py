# Numerically stable gradient of log(1 + exp(x)) with @tf.custom_gradient (tf.custom_gradient docs).
import math

import tensorflow as tf


def log1pexp_naive(x):
    return tf.math.log(1 + tf.exp(x))


@tf.custom_gradient
def log1pexp(x):
    e = tf.exp(x)
    def grad(upstream):
        return upstream * (1 - 1 / (1 + e))
    return tf.math.log(1 + e), grad


x = tf.constant(100.)
with tf.GradientTape() as tape:
    tape.watch(x)
    y = log1pexp_naive(x)
dy_dx = tape.gradient(y, x)
# exp(100) overflows float32: inf / inf
assert math.isnan(dy_dx.numpy())

with tf.GradientTape() as tape:
    tape.watch(x)
    y = log1pexp(x)
dy_dx = tape.gradient(y, x)  # 1.0 where the naive gradient is NaN
print(dy_dx.numpy())
assert dy_dx.numpy() == 1.0
assert math.isinf(y.numpy())

# At moderate values both agree with sigmoid(x).
for v in [-3.0, 0.0, 2.5]:
    x = tf.constant(v)
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(x)
        a = log1pexp(x)
        b = log1pexp_naive(x)
    s = 1 / (1 + math.exp(-v))
    assert abs(tape.gradient(a, x).numpy() - s) < 1e-6
    assert abs(tape.gradient(b, x).numpy() - s) < 1e-6
    assert abs(a.numpy() - math.log1p(math.exp(v))) < 1e-6
