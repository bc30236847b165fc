# Bytes and str values as tf.string tensors: construction, printing, NumPy round trips and conversion errors.
# %%
import tensorflow as tf

raw = tf.constant(b"\x01\x02")
print(raw)
mixed = tf.constant(["a", b"b", b"\xff\x00"])
print(mixed)
grid = tf.constant([[b"\x01"], [b"\xc3\xa9"]])
print(grid, grid.shape)

# %%
word = tf.constant("h\u00e9llo")
data = word.numpy()
print(data, type(data).__name__, data.decode("utf-8"), repr(data))
items = mixed.numpy()
first = items[0]
listed = [x for x in items]
as_list = items.tolist()
print(items, first, listed, as_list)
print(f"{raw.numpy()}", "{}".format(word.numpy()))

# %%
same = tf.constant("a") == tf.constant(b"a")
lengths = tf.strings.length(mixed)
joined = tf.constant(b"ab") + tf.constant("cd")
held = tf.Variable(b"ab")
print(same, lengths, joined)
print(held)

# %%
for bad in [
    lambda: tf.constant(b"abc", dtype=tf.float32),
    lambda: tf.constant([b"a"], dtype=tf.int32),
    lambda: tf.constant([b"a", 1]),
    lambda: tf.constant([1.5, 2], dtype=tf.int32),
    lambda: tf.constant("a", dtype=tf.float64),
    lambda: tf.constant([1, 2], dtype=tf.string),
    lambda: tf.Variable([b"a"], dtype=tf.float32),
]:
    try:
        bad()
    except Exception as e:
        print(type(e).__name__, e)
