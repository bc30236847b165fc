# tf.searchsorted, tf.math.in_top_k and tf.math.polyval: values, ties, gradients and errors.
# %%
import tensorflow as tf


def show(f):
    try:
        print(f())
    except Exception as e:
        msg = str(e)
        print(type(e).__name__, msg.split("}} ", 1)[1] if msg.startswith("{{function_node") else msg)


x = tf.constant([[3.0, 1.0, 2.0], [1.0, 5.0, 1.0]])
hit1 = tf.math.in_top_k([1, 0], x, 1)
hit2 = tf.math.in_top_k([0, 2], x, 2)
ties = tf.math.in_top_k([0, 2], tf.constant([[1.0, 1.0, 1.0], [2.0, 1.0, 1.0]]), 1)
outside = tf.math.in_top_k([1, 5], x, 1)
odd = tf.math.in_top_k([1, 0], [[1.0, float("nan"), 3.0], [float("inf"), 1.0, 0.0]], 2)
left = tf.searchsorted([1.0, 2.0, 3.0], [2.5, 0.0, 2.0])
right = tf.searchsorted([1.0, 2.0, 3.0], [2.5, 0.0, 2.0], side="right")
rows = tf.searchsorted([[1.0, 2.0, 3.0], [0.0, 5.0, 6.0]], [[2.5], [5.0]])
wide = tf.searchsorted([1, 2, 3], [2], out_type=tf.int64)
print(hit1, hit2, ties, outside, odd, left, right, rows, wide)

# %%
p1 = tf.math.polyval([1.0, 2.0, 3.0], tf.constant(2.0))
p2 = tf.math.polyval([1.0, 2.0, 3.0], tf.constant([1.0, 2.0]))
p0 = tf.math.polyval([], tf.constant(2.0))
pc = tf.math.polyval([2], tf.constant(3))
t = tf.Variable([0.5, -1.5])
with tf.GradientTape() as tape:
    y = tf.reduce_sum(tf.math.polyval([2.0, -1.0, 0.5, 3.0], t))
dt = tape.gradient(y, t)
print(p1, p2, p0, pc, y, dt)

# %%
show(lambda: tf.searchsorted([1.0, 2.0, 3.0], [2.5], side="middle"))
show(lambda: tf.math.polyval(tf.constant([1.0, 2.0]), tf.constant(2.0)))
