# tf.TensorArray in eager mode: write/read/stack/unstack/gather/size, read clearing its element (TF's default
# clear_after_read=True), gradients through stack, and a TensorArray filled in a loop inside tf.function.
# The .out file is what TensorFlow 2.21 printed.
import tensorflow as tf

ta = tf.TensorArray(tf.float32, size=0, dynamic_size=True)
for i in range(3):
    ta = ta.write(i, tf.constant(float(i)) * 2.0)
print(ta.size(), ta.read(1), ta.stack())

tb = tf.TensorArray(tf.int32, size=3)
tb = tb.unstack(tf.constant([[1, 2], [3, 4], [5, 6]]))
print(tb.stack(), tb.read(2), tb.size(), tb.dtype)

kept = tf.TensorArray(tf.float32, size=2, clear_after_read=False).write(0, 1.0).write(1, 2.0)
print(kept.read(0), kept.stack(), kept.gather([1, 0]))
print(tf.TensorArray(tf.float32, size=2).write(0, [1.0, 2.0]).stack())
print(tf.TensorArray(tf.float32, size=0, dynamic_size=True).stack())

x = tf.constant(3.0)
with tf.GradientTape() as tape:
    tape.watch(x)
    tc = tf.TensorArray(tf.float32, size=2)
    tc = tc.write(0, x * x)
    tc = tc.write(1, x * 2.0)
    s = tf.reduce_sum(tc.stack())
print(tape.gradient(s, x))

for bad in [
    lambda: tf.TensorArray(tf.float32, size=1).write(3, 1.0),
    lambda: tf.TensorArray(tf.float32, size=1).write(0, tf.constant(1)),
    lambda: tf.TensorArray(tf.float32, size=2).write(0, 1.0).write(1, [2.0]),
    lambda: tf.TensorArray(tf.float32, size=2).read(5),
    lambda: tf.TensorArray(tf.float32, size=1).unstack([1.0, 2.0]),
]:
    try:
        bad()
    except (tf.errors.OpError, ValueError) as e:
        print(type(e).__name__, e)


@tf.function
def squares(n):
    t = tf.TensorArray(tf.float32, size=n)
    for i in tf.range(n):
        t = t.write(i, tf.cast(i, tf.float32) ** 2)
    return t.stack()


print(squares(tf.constant(4)))
assert s.numpy() == 15.0
