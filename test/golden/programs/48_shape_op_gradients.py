# Gradients through reshape, transpose, concat, stack, unstack, split, expand_dims, tile and slicing:
# all dense, each element's gradient lands where the element came from.
import tensorflow as tf

x = tf.Variable([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
weights = tf.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])

with tf.GradientTape(persistent=True) as tape:
    r = tf.reshape(x, [3, 2])
    a = tf.reduce_sum(r * weights)
    t = tf.transpose(x)                      # (3, 2)
    b = tf.reduce_sum(t * weights)
    c = tf.concat([x, x * 2.0], axis=0)      # (4, 3)
    cs = tf.reduce_sum(c * tf.reshape(tf.range(12, dtype=tf.float32), [4, 3]))
    st = tf.stack([x[0], x[1] * 3.0])        # (2, 3)
    ss = tf.reduce_sum(st)
    parts = tf.split(x, 3, axis=1)           # 3 x (2, 1)
    sp = tf.reduce_sum(parts[2] * 10.0)
    e = tf.expand_dims(x, 0)                 # (1, 2, 3)
    es = tf.reduce_sum(tf.tile(e, [4, 1, 1]))
    sl = tf.reduce_sum(x[:, ::2] * 7.0)
    un = tf.unstack(x, axis=1)
    us = tf.reduce_sum(un[1] ** 2)

# reshape: row-major order: r = [[1,2],[3,4],[5,6]], so the gradient is weights in x's layout.
assert tape.gradient(a, x).numpy().tolist() == [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]
# transpose: dL/dx = weights^T
assert tape.gradient(b, x).numpy().tolist() == [[1.0, 3.0, 5.0], [2.0, 4.0, 6.0]]
# concat: rows 0-1 weigh 0..5 once, rows 2-3 weigh 6..11 times 2
assert tape.gradient(cs, x).numpy().tolist() == [[0 + 12.0, 1 + 14.0, 2 + 16.0], [3 + 18.0, 4 + 20.0, 5 + 22.0]]
assert tape.gradient(ss, x).numpy().tolist() == [[1.0, 1.0, 1.0], [3.0, 3.0, 3.0]]
assert tape.gradient(sp, x).numpy().tolist() == [[0.0, 0.0, 10.0], [0.0, 0.0, 10.0]]
assert tape.gradient(es, x).numpy().tolist() == [[4.0] * 3] * 2
assert tape.gradient(sl, x).numpy().tolist() == [[7.0, 0.0, 7.0], [7.0, 0.0, 7.0]]
assert tape.gradient(us, x).numpy().tolist() == [[0.0, 4.0, 0.0], [0.0, 10.0, 0.0]]
assert r.shape == (3, 2) and c.shape == (4, 3) and e.shape == (1, 2, 3)
assert len(parts) == 3 and parts[0].shape == (2, 1)
del tape

# Padding and newaxis indexing.
y = tf.Variable([1.0, 2.0])
with tf.GradientTape() as tape:
    padded = tf.pad(y, [[1, 2]])
    col = y[:, tf.newaxis]
    total = tf.reduce_sum(padded * [5.0, 1.0, 2.0, 5.0, 5.0]) + tf.reduce_sum(col * 100.0)
assert padded.numpy().tolist() == [0.0, 1.0, 2.0, 0.0, 0.0]
assert col.shape == (2, 1)
assert tape.gradient(total, y).numpy().tolist() == [101.0, 102.0]
