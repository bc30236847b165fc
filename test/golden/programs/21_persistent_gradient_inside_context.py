# A persistent tape's gradient() inside its own context is recorded on the tape (higher order on one tape).
# expect: warning tape-gradient-in-context line 9: is called inside the with block of the persistent tape
import tensorflow as tf

x = tf.Variable(2.0)

with tf.GradientTape(persistent=True) as tape:
    y = x**3
    g = tape.gradient(y, x)
    # g = 3x^2 = 12, recorded as x**3's gradient ops
h = tape.gradient(g, x)
assert g.numpy() == 12.0
assert h.numpy() == 12.0  # 6x
del tape

# A non-persistent tape stops recording at gradient(): ops after the call in the block are not recorded.
x = tf.Variable(2.0)
with tf.GradientTape() as tape:
    y = x * x
    dy = tape.gradient(y, x)
    z = y * x  # not recorded
assert dy.numpy() == 4.0
assert z.numpy() == 8.0
