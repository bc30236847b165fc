# Several tapes at once: a tape records an op iff one of its inputs is watched by that tape (or was computed by an
# op it recorded), and a gradient reaches only the sources the tape knows. Expected values from TensorFlow 2.21.
import tensorflow as tf

a = tf.constant(2.0)
b = tf.constant(3.0)

# Sibling tapes entered in one `with`: each knows only what it watched.
with tf.GradientTape(persistent=True) as ta, tf.GradientTape(persistent=True) as tb:
    ta.watch(a)
    tb.watch(b)
    prod = a * b
print(ta.gradient(prod, a), ta.gradient(prod, b))
print(tb.gradient(prod, a), tb.gradient(prod, b))
assert ta.gradient(prod, a).numpy() == 3.0
assert ta.gradient(prod, b) is None
assert tb.gradient(prod, a) is None
assert tb.gradient(prod, b).numpy() == 2.0
assert ta.gradient(prod, b, unconnected_gradients=tf.UnconnectedGradients.ZERO).numpy() == 0.0
# A source the tape does not know gets no gradient even when it is also a target.
assert ta.gradient([prod, b], b) is None
# ... unless no recorded op read it: then it is its own gradient.
assert ta.gradient(b, b).numpy() == 1.0
del ta, tb

# One tape: the unwatched operand of a recorded op gets None.
with tf.GradientTape() as t:
    t.watch(a)
    p = a * b
ga, gb = t.gradient(p, [a, b])
assert ga.numpy() == 3.0
assert gb is None

# Watching after the op still counts: the tape knows b when gradient() runs.
with tf.GradientTape() as t:
    t.watch(a)
    p = a * b
    t.watch(b)
assert t.gradient(p, b).numpy() == 2.0

# A tensor computed outside the tape feeds a recorded op: not a source the tape knows.
with tf.GradientTape(persistent=True) as t:
    t.watch(a)
    c = b * 2.0
    d = a * c
assert t.gradient(d, c) is None
assert t.gradient(d, a).numpy() == 6.0
del t

# Nested tapes watching different tensors.
x = tf.constant(1.5)
y = tf.constant(-2.0)
with tf.GradientTape(persistent=True) as outer:
    outer.watch(x)
    with tf.GradientTape(persistent=True) as inner:
        inner.watch(y)
        z = x * y * y
    dz_dy = inner.gradient(z, y)  # 2xy, recorded by the outer tape (it depends on x)
    assert inner.gradient(z, x) is None
assert dz_dy.numpy() == 2 * 1.5 * -2.0
assert outer.gradient(dz_dy, x).numpy() == 2 * -2.0
assert outer.gradient(dz_dy, y) is None
assert outer.gradient(z, x).numpy() == 4.0
assert outer.gradient(z, y) is None
del outer, inner

# Jacobians follow the same rule.
u = tf.constant([1.0, 2.0, 3.0])
s = tf.constant([4.0, 5.0, 6.0])
with tf.GradientTape(persistent=True) as tu, tf.GradientTape(persistent=True) as ts:
    tu.watch(u)
    ts.watch(s)
    w = u * s
assert tu.jacobian(w, s) is None
assert tu.jacobian(w, s, unconnected_gradients=tf.UnconnectedGradients.ZERO).numpy().tolist() == [[0.0] * 3] * 3
assert ts.jacobian(w, s).numpy().tolist() == [[1.0, 0.0, 0.0], [0.0, 2.0, 0.0], [0.0, 0.0, 3.0]]
del tu, ts

m = tf.constant([[1.0, 2.0], [3.0, 4.0]])
n = tf.constant([[5.0, 6.0], [7.0, 8.0]])
with tf.GradientTape(persistent=True) as tm:
    tm.watch(m)
    mn = m * n
assert tm.batch_jacobian(mn, n).numpy().tolist() == [[[0.0, 0.0], [0.0, 0.0]], [[0.0, 0.0], [0.0, 0.0]]]
assert tm.batch_jacobian(mn, m).numpy().tolist() == [[[5.0, 0.0], [0.0, 6.0]], [[7.0, 0.0], [0.0, 8.0]]]
del tm

# Variables: a tape that does not watch accessed variables knows only the one it was told to watch.
v = tf.Variable(2.0)
k = tf.Variable(5.0)
with tf.GradientTape(watch_accessed_variables=False, persistent=True) as only_v, tf.GradientTape(
    persistent=True
) as both:
    only_v.watch(v)
    loss = v * k + k
assert only_v.gradient(loss, v).numpy() == 5.0
assert only_v.gradient(loss, k) is None
assert both.gradient(loss, v).numpy() == 5.0
assert both.gradient(loss, k).numpy() == 3.0
gv, gk = only_v.gradient(loss, [v, k], unconnected_gradients='zero')
assert gv.numpy() == 5.0 and gk.numpy() == 0.0

# Diagnostics the report gives for the None gradients above:
# expect: warning tape-not-watched line 13: dprod/db is None: b is watched by tb, not by ta
# expect: warning tape-not-watched line 14: dprod/da is None: a is watched by ta, not by tb
# expect: warning tape-not-watched line 16: dprod/db is None: b is watched by tb, not by ta
# expect: warning tape-not-watched line 17: dprod/da is None: a is watched by ta, not by tb
# expect: warning tape-not-watched line 21: d([prod, b])/db is None: b is watched by tb, not by ta
# expect: warning tape-not-watched line 30: dp/db is None: b is a constant tensor that the tap
# expect: warning tape-not-watched line 46: dd/dc is None: c is a constant tensor that the tap
# expect: warning tape-not-watched line 59: dz/dx is None: x is watched by outer, not by inner
# expect: warning tape-not-watched line 62: d(dz_dy)/dy is None: y is watched by inner, not by outer
# expect: warning tape-not-watched line 64: dz/dy is None: y is watched by inner, not by outer
# expect: warning tape-not-watched line 74: dw/ds is None: s is watched by ts, not by tu
# expect: warning tape-not-watched line 97: dloss/dk is None: the tape was created with watch_
