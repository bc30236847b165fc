# Assignments are not differentiable (guide/autodiff "Took gradients through a stateful object").
import tensorflow as tf

x0 = tf.Variable(3.0)
x1 = tf.Variable(0.0)

with tf.GradientTape() as tape:
    # Update x1 = x1 + x0.
    x1.assign_add(x0)
    # The tape starts recording from x1.
    y = x1**2   # y = (x1 + x0)**2

# This doesn't work.
print(tape.gradient(y, x0))   # dy/dx0 = 2*(x1 + x0)
assert x1.numpy() == 3.0

x0 = tf.Variable(3.0)
x1 = tf.Variable(0.0)
with tf.GradientTape() as tape:
    x1.assign_add(x0)
    y = x1**2
g0, g1 = tape.gradient(y, [x0, x1])
assert g0 is None
# x1 is read after the assignment: 2 * 3.0
assert g1.numpy() == 6.0

# assign, assign_sub return the variable; values update in place.
v = tf.Variable([1.0, 2.0])
v.assign([5.0, 6.0])
v.assign_sub([1.0, 1.0])
assert v.numpy().tolist() == [4.0, 5.0]

# Diagnostics the report gives for the None gradients above:
# expect: warning tape-unconnected line 14: dy/dx0 is None
# expect: warning tape-unconnected line 22: dy/dx0 is None
