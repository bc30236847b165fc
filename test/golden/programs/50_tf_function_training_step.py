# A training step under @tf.function (runs eagerly here, same values) fitting y = 2x - 1 with two variables,
# checked against a hand iteration of the same gradient-descent updates in plain Python.
import tensorflow as tf

xs = [0.0, 1.0, 2.0, 3.0]
ys = [-1.0, 1.0, 3.0, 5.0]
x = tf.constant(xs)
y = tf.constant(ys)

w = tf.Variable(0.5)
b = tf.Variable(0.0)
lr = 0.05


@tf.function
def train_step(x, y):
    with tf.GradientTape() as tape:
        pred = w * x + b
        loss = tf.reduce_mean((pred - y) ** 2)
    gw, gb = tape.gradient(loss, [w, b])
    w.assign_sub(lr * gw)
    b.assign_sub(lr * gb)
    return loss


losses = [train_step(x, y).numpy() for _ in range(5)]

# The same five steps by hand.
hw, hb = 0.5, 0.0
hand_losses = []
n = len(xs)
for _ in range(5):
    res = [hw * xi + hb - yi for xi, yi in zip(xs, ys)]
    hand_losses.append(sum(r * r for r in res) / n)
    gw_h = 2 / n * sum(r * xi for r, xi in zip(res, xs))
    gb_h = 2 / n * sum(res)
    hw -= lr * gw_h
    hb -= lr * gb_h

for got, want in zip(losses, hand_losses):
    assert abs(got - want) <= 1e-5 * max(1.0, want), (got, want)
assert abs(w.numpy() - hw) < 1e-5 and abs(b.numpy() - hb) < 1e-5, (w.numpy(), hw, b.numpy(), hb)
assert losses[-1] < losses[0]


# Recursion and a while loop with a tensor condition are ordinary Python control flow.
def power(v, k):
    return 1.0 if k == 0 else v * power(v, k - 1)


v = tf.Variable(1.5)
with tf.GradientTape() as tape:
    p5 = power(v, 5)
assert abs(tape.gradient(p5, v).numpy() - 5 * 1.5 ** 4) < 1e-5

# Newton's iteration for sqrt(a), differentiated through all iterations: d sqrt(a)/da = 1 / (2 sqrt(a)).
a = tf.Variable(2.0)
with tf.GradientTape() as tape:
    r = tf.constant(1.0)
    steps = 0
    while tf.abs(r * r - a) > 1e-6:
        r = 0.5 * (r + a / r)
        steps += 1
assert steps < 10
assert abs(r.numpy() - 2 ** 0.5) < 1e-6
assert abs(tape.gradient(r, a).numpy() - 1 / (2 * 2 ** 0.5)) < 1e-4
