# clip_by_value (maximum(minimum(t, hi), lo): 1 at the bounds) and clip_by_norm (t * c / max(|t|, c)).
import tensorflow as tf

t = tf.Variable([-2.0, -1.0, 0.0, 1.0, 2.0])
with tf.GradientTape() as tape:
    c = tf.clip_by_value(t, -1.0, 1.0)
assert c.numpy().tolist() == [-1.0, -1.0, 0.0, 1.0, 1.0]
assert tape.gradient(c, t).numpy().tolist() == [0.0, 1.0, 1.0, 1.0, 0.0]

# clip_by_norm below the threshold is the identity.
v = tf.Variable([0.3, 0.4])
with tf.GradientTape() as tape:
    out = tf.reduce_sum(tf.clip_by_norm(v, 1.0) * [1.0, 2.0])
g = tape.gradient(out, v).numpy()
assert abs(g[0] - 1.0) < 1e-6 and abs(g[1] - 2.0) < 1e-6

# Above the threshold: f(v) = c v / |v|, df/dv = c (I / |v| - v v^T / |v|^3).
u = tf.Variable([3.0, 4.0])
with tf.GradientTape() as tape:
    clipped = tf.clip_by_norm(u, 2.0)
    out = tf.reduce_sum(clipped * [1.0, 2.0])
assert abs(clipped.numpy()[0] - 1.2) < 1e-6 and abs(clipped.numpy()[1] - 1.6) < 1e-6
w_ = [1.0, 2.0]
uv = [3.0, 4.0]
n = 5.0
want = [2.0 * (w_[i] / n - uv[i] * (w_[0] * uv[0] + w_[1] * uv[1]) / n ** 3) for i in range(2)]
gu = tape.gradient(out, u).numpy()
assert abs(gu[0] - want[0]) < 1e-6 and abs(gu[1] - want[1]) < 1e-6, (gu, want)

# Clipping gradients before an update (the usual training-loop pattern).
x = tf.Variable([10.0, -10.0])
with tf.GradientTape() as tape:
    loss = tf.reduce_sum(x ** 2)
g = tape.gradient(loss, x)
g_clipped = tf.clip_by_norm(g, 1.0)
assert abs(tf.norm(g_clipped).numpy() - 1.0) < 1e-6
x.assign_sub(0.5 * g_clipped)
assert abs(x.numpy()[0] - (10.0 - 0.5 / 2 ** 0.5)) < 1e-5
