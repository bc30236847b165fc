# tf.math.segment_* and tf.math.unsorted_segment_*: values, empty segments, gradients and errors.
# %%
import tensorflow as tf


def show(f):
    try:
        print(f())
    except Exception as e:
        msg = str(e)
        print(type(e).__name__, msg.split("}} ", 1)[1] if msg.startswith("{{function_node") else msg)


d = tf.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0], [-1.0, 0.5]])
v = tf.constant([3, 1, 2, 1, 5])
s_sum = tf.math.segment_sum(v, [0, 0, 1, 1, 2])
s_rows = tf.math.segment_sum(d, [0, 0, 2, 2])
s_mean = tf.math.segment_mean(d, [0, 0, 2, 2])
s_max = tf.math.segment_max(d, [0, 1, 3, 3])
s_min = tf.math.segment_min(d, [0, 1, 3, 3])
s_prod = tf.math.segment_prod(d, [0, 1, 3, 3])
s_int_mean = tf.math.segment_mean(v, [0, 0, 1, 1, 1])
wide_ids = tf.math.segment_sum(tf.constant([1.0, 2.0]), tf.constant([0, 1], dtype=tf.int64))
print(s_sum, s_rows, s_mean, s_max, s_min, s_prod, s_int_mean, wide_ids)

# %%
u_sum = tf.math.unsorted_segment_sum(v, [0, 2, 1, 0, 2], 3)
u_rows = tf.math.unsorted_segment_sum(d, [1, -1, 1, 0], 4)
u_mean = tf.math.unsorted_segment_mean(d, [1, -1, 1, 0], 3)
u_max = tf.math.unsorted_segment_max(d, [1, -1, 1, 0], 3)
u_min = tf.math.unsorted_segment_min(d, [1, -1, 1, 0], 3)
u_prod = tf.math.unsorted_segment_prod(d, [1, -1, 1, 0], 3)
u_int_max = tf.math.unsorted_segment_max(v, [0, 0, 0, 0, 0], 2)
u_int_min = tf.math.unsorted_segment_min(v, [0, 0, 0, 0, 0], 2)
u_grid = tf.math.unsorted_segment_sum(tf.reshape(tf.range(12), [2, 3, 2]), [[0, 1, 0], [1, 1, 2]], 3)
u_int_mean = tf.math.unsorted_segment_mean(v, [0, 0, 0, 0, 0], 2)
u_f64_max = tf.math.unsorted_segment_max(tf.constant([1.0], tf.float64), [0], 2)
print(u_sum, u_rows, u_mean, u_max, u_min, u_prod, u_int_max, u_int_min, u_grid, u_int_mean, u_f64_max)

# %%
x = tf.Variable([[1.0, 2.0], [2.0, 0.0], [3.0, -1.0], [0.5, 4.0], [2.0, 2.0]])
ids = tf.constant([0, 0, 1, 1, 1])
with tf.GradientTape(persistent=True) as tape:
    total = tf.reduce_sum(tf.math.segment_sum(x, ids) ** 2)
    mean = tf.reduce_sum(tf.math.segment_mean(x, ids) * tf.constant([[1.0, 2.0], [3.0, 4.0]]))
    top = tf.reduce_sum(tf.math.segment_max(x, ids))
    low = tf.reduce_sum(tf.math.unsorted_segment_min(x, [1, 0, 1, -1, 0], 2))
    prod = tf.reduce_sum(tf.math.segment_prod(x, ids))
    u_prod_loss = tf.reduce_sum(tf.math.unsorted_segment_prod(x, [0, 1, 0, 1, 1], 3))
    u_mean_loss = tf.reduce_sum(tf.math.unsorted_segment_mean(x, [2, 0, 2, -1, 0], 3) ** 2)
g_total = tape.gradient(total, x)
g_mean = tape.gradient(mean, x)
g_top = tape.gradient(top, x)
g_low = tape.gradient(low, x)
g_prod = tape.gradient(prod, x)
g_u_prod = tape.gradient(u_prod_loss, x)
g_u_mean = tape.gradient(u_mean_loss, x)
print(g_total, g_mean, g_top, g_low, g_prod, g_u_prod, g_u_mean)

# %%
show(lambda: tf.math.segment_sum(v, [0, 0, 1, 0, 2]))
show(lambda: tf.math.segment_sum(v, [0, 0, 1, 1]))
show(lambda: tf.math.segment_sum(v, [[0, 0, 1, 1, 2]]))
show(lambda: tf.math.segment_sum(v, [-1, 0, 1, 1, 2]))
show(lambda: tf.math.unsorted_segment_sum(v, [0, 5, 1, 0, 2], 3))
show(lambda: tf.math.unsorted_segment_sum(v, [0, 1], 3))
show(lambda: tf.math.segment_sum(v, [0.0, 0.0, 1.0, 1.0, 2.0]))
show(lambda: tf.math.segment_sum(tf.constant([True, False]), [0, 1]))
show(lambda: tf.math.segment_max(tf.constant(["a"]), [0]))
show(lambda: tf.math.unsorted_segment_max([1, 2], [0.0, 1.0], 2))
show(lambda: tf.math.unsorted_segment_sum([1, 2], [0.0, 1.0], 2))
show(lambda: tf.math.unsorted_segment_mean([1.0, 2], [0.0, 1.0], 2))
show(lambda: tf.math.unsorted_segment_prod(tf.constant([True]), [0], 1))
