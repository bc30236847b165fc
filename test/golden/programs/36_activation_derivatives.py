# Derivatives of sigmoid, tanh, softplus, elu, exp, log, sin at several points, against closed forms.
import math

import tensorflow as tf

points = [-3.0, -0.5, 0.0, 0.75, 2.0]
x = tf.constant(points)

with tf.GradientTape(persistent=True) as tape:
    tape.watch(x)
    s = tf.sigmoid(x)
    th = tf.tanh(x)
    sp = tf.nn.softplus(x)
    el = tf.nn.elu(x)
    sq = tf.sqrt(x + 4.0)
    lg = tf.math.log(x + 4.0)
    sn = tf.sin(x)

def check(target, derivative, tol=1e-6):
    g = tape.gradient(target, x).numpy()
    for i, p in enumerate(points):
        want = derivative(p)
        assert abs(g[i] - want) <= tol * max(1.0, abs(want)), (target, p, g[i], want)

sig = lambda p: 1 / (1 + math.exp(-p))
check(s, lambda p: sig(p) * (1 - sig(p)))
check(th, lambda p: 1 - math.tanh(p) ** 2)
check(sp, sig)
check(el, lambda p: math.exp(p) if p < 0 else 1.0)
check(sq, lambda p: 0.5 / math.sqrt(p + 4.0))
check(lg, lambda p: 1 / (p + 4.0))
check(sn, math.cos)

# Second derivatives by nesting (sigmoid'' = s (1 - s)(1 - 2 s), tanh'' = -2 t (1 - t^2)).
with tf.GradientTape() as outer:
    outer.watch(x)
    with tf.GradientTape() as inner:
        inner.watch(x)
        s = tf.sigmoid(x)
    ds = inner.gradient(s, x)
d2s = outer.gradient(ds, x).numpy()
with tf.GradientTape() as outer:
    outer.watch(x)
    with tf.GradientTape() as inner:
        inner.watch(x)
        t = tf.tanh(x)
    dt = inner.gradient(t, x)
d2t = outer.gradient(dt, x).numpy()
for i, p in enumerate(points):
    sv = sig(p)
    assert abs(d2s[i] - sv * (1 - sv) * (1 - 2 * sv)) < 1e-6
    tv = math.tanh(p)
    assert abs(d2t[i] + 2 * tv * (1 - tv ** 2)) < 1e-6

# relu's second derivative is 0 (not None): the relu gradient is piecewise constant.
with tf.GradientTape() as outer:
    outer.watch(x)
    with tf.GradientTape() as inner:
        inner.watch(x)
        r = tf.nn.relu(x) * x
    dr = inner.gradient(r, x)
d2r = outer.gradient(dr, x).numpy()
# r = x^2 for x > 0 (r'' = 2), 0 otherwise
assert d2r.tolist() == [0.0, 0.0, 0.0, 2.0, 2.0]
del tape
