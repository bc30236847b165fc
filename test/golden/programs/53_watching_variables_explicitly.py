# Watching rules for variables (TF-SEMANTICS 2.2, 2.3): a non-trainable variable can be watched explicitly; a variable
# created inside the context is watched at its first read; a value read before the context is a constant there.
import tensorflow as tf

frozen = tf.Variable(2.0, trainable=False)
with tf.GradientTape() as tape:
    tape.watch(frozen)
    y = frozen ** 3
assert tape.gradient(y, frozen).numpy() == 12.0

with tf.GradientTape() as tape:
    inside = tf.Variable(3.0)
    y = inside * inside
assert tape.gradient(y, inside).numpy() == 6.0
assert [v.name for v in tape.watched_variables()] == ['Variable:0']

v = tf.Variable(5.0)
v_val = v * 1.0          # read outside the context: a constant for the tape
with tf.GradientTape() as tape:
    y = v_val * v
    w = v_val * 2.0      # only unwatched inputs: not recorded
g_v, g_val = tape.gradient(y, [v, v_val])
assert g_v.numpy() == 5.0  # the path through v_val is not seen: not 2 * 5
# A source the tape never watched gets None, even when it is an input of a recorded op.
assert g_val is None
with tf.GradientTape() as tape:
    w = v_val * 2.0
assert tape.gradient(w, v_val) is None

# watched_variables() lists the variables in order of construction and survives a non-persistent gradient() call.
a = tf.Variable(1.0, name='a')
b = tf.Variable(1.0, name='b')
with tf.GradientTape() as tape:
    y = b * 2.0 + a
assert [w.name for w in tape.watched_variables()] == ['a:0', 'b:0']
tape.gradient(y, [a, b])
assert [w.name for w in tape.watched_variables()] == ['a:0', 'b:0']

# Re-entering a persistent tape extends the same recording.
x = tf.Variable(2.0)
tape = tf.GradientTape(persistent=True)
with tape:
    y = x * x
with tape:
    z = y * x
assert tape.gradient(z, x).numpy() == 12.0  # d(x^3)/dx at 2
assert tape.gradient(y, x).numpy() == 4.0
del tape

# jacobian without pfor on a persistent tape gives the same result.
x = tf.Variable([1.0, 2.0])
with tf.GradientTape(persistent=True) as tape:
    y = x * x * [1.0, 3.0]
j1 = tape.jacobian(y, x)
j2 = tape.jacobian(y, x, experimental_use_pfor=False)
assert j1.numpy().tolist() == j2.numpy().tolist() == [[2.0, 0.0], [0.0, 12.0]]

# Two tapes in one `with` statement each record what they watch.
c = tf.constant(3.0)
with tf.GradientTape() as t1, tf.GradientTape() as t2:
    t1.watch(c)
    y = c * c
assert t1.gradient(y, c).numpy() == 6.0
assert t2.gradient(y, c) is None

# Diagnostics the report gives for the None gradients above:
# expect: warning tape-not-watched line 22: dy/d(v_val) is None
# expect: warning tape-not-watched line 28: dw/d(v_val) is None
# expect: warning tape-not-watched line 64: call t2.watch(c)
