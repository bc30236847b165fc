# tf.roll, tf.meshgrid, tf.clip_by_global_norm, tf.linalg.global_norm, tf.math.log_softmax and 0-d float32 reprs.
# %%
import tensorflow as tf


def show(f):
    try:
        print(f())
    except Exception as e:
        msg = str(e)
        print(type(e).__name__, msg.split("}} ", 1)[1] if msg.startswith("{{function_node") else msg)


x = tf.constant([[3.0, 1.0, 2.0], [1.0, 5.0, 1.0]])
v = tf.constant([3, 1, 2, 1, 5])
r1 = tf.roll(v, shift=-7, axis=0)
r2 = tf.roll(x, shift=[1, 1], axis=[0, 1])
r3 = tf.roll(x, shift=[1, 2], axis=[1, 1])
print(r1, r2, r3)
gx, gy = tf.meshgrid([1, 2, 3], [4, 5])
ix, iy = tf.meshgrid([1, 2, 3], [4, 5], indexing="ij")
g3 = tf.meshgrid([1, 2], [3], [4, 5, 6])
print(gx, gy, ix, iy, g3)

# %%
clipped, norm = tf.clip_by_global_norm([x, None, tf.constant([3.0, 4.0])], 1.0)
kept, big = tf.clip_by_global_norm([x], 20.0)
fixed, given = tf.clip_by_global_norm([x], 1.0, use_norm=tf.constant(2.0))
gn = tf.linalg.global_norm([x, tf.constant([3.0, 4.0])])
ls = tf.math.log_softmax(x, axis=0)
print(clipped, norm, kept, fixed, given, gn, ls)
print(repr(norm), repr(tf.constant(0.1)), repr(tf.Variable(0.1)), [tf.sqrt(tf.constant(2.0))])

# %%
w = tf.Variable([[0.5, -1.0, 2.0], [1.5, 0.25, -0.75]])
with tf.GradientTape() as tape:
    rolled = tf.roll(w, shift=[1, -1], axis=[0, 1])
    grid_x, grid_y = tf.meshgrid(w[0], w[1])
    (c,), n = tf.clip_by_global_norm([w * 3.0], 2.0)
    loss = tf.reduce_sum(rolled * tf.constant([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])) + tf.reduce_sum(grid_x * grid_y) + tf.reduce_sum(c * c * c)
grad = tape.gradient(loss, w)
print(loss, grad)

# %%
show(lambda: tf.roll(x, shift=1, axis=2))
show(lambda: tf.roll(x, shift=[1, 2], axis=[1]))
show(lambda: tf.roll(tf.constant(3.0), shift=1, axis=0))
show(lambda: tf.meshgrid([1.0, 2.0], [4, 5]))
show(lambda: tf.clip_by_global_norm(x, 1.0))
