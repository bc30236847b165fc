# tf.sort, tf.argsort, tf.math.top_k (TopKV2) and tf.unique (Unique): values, named tuples, gradients and errors.
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
up = tf.sort(v)
down = tf.sort(x, direction="DESCENDING")
cols = tf.sort(x, axis=0)
order = tf.argsort(v)
order_down = tf.argsort(v, stable=True, direction="DESCENDING")
order_cols = tf.argsort(x, axis=0, direction="DESCENDING")
ties = tf.argsort(tf.constant([1, 1, 1, 0, 0]))
extreme = tf.sort(tf.constant([1, -2147483648, 5, 2147483647]))
zeros = tf.sort(tf.constant([0.0, -0.0, float("inf"), -1.0]))
print(up, down, cols, order, order_down, order_cols, ties, extreme, zeros)

# %%
best = tf.math.top_k(v, k=2)
print(best)
print(best.values, best.indices, best[0], len(best), type(best).__name__, best._fields)
values, indices = tf.nn.top_k(x, k=2)
one = tf.math.top_k(x)
none_k = tf.math.top_k(x, k=0)
print(values, indices, one.values, none_k.values.shape)

# %%
found = tf.unique(v)
print(found)
y, idx = tf.unique(tf.constant(["b", "a", "b"]))
wide = tf.unique(v, out_idx=tf.int64)
signed_zero = tf.unique(tf.constant([0.0, -0.0, 1.0]))
flags = tf.unique(tf.constant([True, False, True]))
print(found.y, found.idx, y, idx, wide.idx, signed_zero.y, flags.y)

# %%
w = tf.Variable([[0.5, -1.5, 2.0, 0.25], [1.0, 3.0, -2.0, 0.75]])
with tf.GradientTape() as tape:
    top = tf.math.top_k(w, k=2).values
    s = tf.sort(w, axis=0)
    loss = tf.reduce_sum(top * top) + tf.reduce_sum(s * tf.constant([[1.0], [2.0]]))
grad = tape.gradient(loss, w)
print(top, s, loss, grad)

# %%
show(lambda: tf.math.top_k(v, k=6))
show(lambda: tf.math.top_k(v, k=-1))
show(lambda: tf.math.top_k(tf.constant(3.0), k=1))
show(lambda: tf.math.top_k(tf.constant([True, False])))
show(lambda: tf.sort(v, direction="descending"))
show(lambda: tf.sort(v, axis=2))
show(lambda: tf.argsort(v, axis=1))
show(lambda: tf.sort(tf.constant(["b", "a"])))
show(lambda: tf.unique(x))
