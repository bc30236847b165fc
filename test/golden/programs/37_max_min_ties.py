# Ties: tf.maximum / tf.minimum give everything to the first argument; reduce_max splits evenly;
# relu at 0 gives 0 but tf.maximum(x, 0) gives 1 (math_grad.py _MaximumGrad, _MinOrMaxGrad).
import tensorflow as tf

a = tf.Variable(2.0)
b = tf.Variable(2.0)
with tf.GradientTape(persistent=True) as tape:
    mx = tf.maximum(a, b)
    mn = tf.minimum(a, b)
ga, gb = tape.gradient(mx, [a, b])
assert ga.numpy() == 1.0 and gb.numpy() == 0.0
ga, gb = tape.gradient(mn, [a, b])
assert ga.numpy() == 1.0 and gb.numpy() == 0.0
del tape

# reduce_max with a two-way and a three-way tie.
x = tf.Variable([1.0, 3.0, 3.0, 2.0])
with tf.GradientTape() as tape:
    m = tf.reduce_max(x)
assert tape.gradient(m, x).numpy().tolist() == [0.0, 0.5, 0.5, 0.0]

y = tf.Variable([[4.0, 4.0, 4.0], [1.0, 5.0, 0.0]])
with tf.GradientTape() as tape:
    m = tf.reduce_max(y, axis=1)
g = tape.gradient(m, y).numpy()
for k in range(3):
    assert abs(g[0, k] - 1.0 / 3.0) < 1e-7
assert g[1].tolist() == [0.0, 1.0, 0.0]

with tf.GradientTape() as tape:
    m = tf.reduce_min(x)
assert tape.gradient(m, x).numpy().tolist() == [1.0, 0.0, 0.0, 0.0]

# relu vs maximum at 0.
z = tf.Variable([-1.0, 0.0, 1.0])
with tf.GradientTape(persistent=True) as tape:
    r = tf.nn.relu(z)
    mz = tf.maximum(z, 0.0)
    ab = tf.abs(z)
assert tape.gradient(r, z).numpy().tolist() == [0.0, 0.0, 1.0]
assert tape.gradient(mz, z).numpy().tolist() == [0.0, 1.0, 1.0]
assert tape.gradient(ab, z).numpy().tolist() == [-1.0, 0.0, 1.0]
del tape

# Broadcast maximum: the scalar gets the sum over the positions it won.
v = tf.Variable([0.5, 2.0, 1.0, 3.0])
t = tf.Variable(1.0)
with tf.GradientTape() as tape:
    out = tf.reduce_sum(tf.maximum(v, t))
gv, gt = tape.gradient(out, [v, t])
assert gv.numpy().tolist() == [0.0, 1.0, 1.0, 1.0]  # tie at 1.0 goes to v
assert gt.numpy() == 1.0
