# guide/autodiff "Controlling what the tape watches": only trainable variables are watched automatically.
import tensorflow as tf

# A trainable variable
x0 = tf.Variable(3.0, name='x0')
# Not trainable
x1 = tf.Variable(3.0, name='x1', trainable=False)
# Not a Variable: A variable + tensor returns a tensor.
x2 = tf.Variable(2.0, name='x2') + 1.0
# Not a variable
x3 = tf.constant(3.0, name='x3')

with tf.GradientTape() as tape:
    y = (x0**2) + (x1**2) + (x2**2)

grad = tape.gradient(y, [x0, x1, x2, x3])

for g in grad:
    print(g)

assert grad[0].numpy() == 2 * 3.0
assert grad[1] is None
assert grad[2] is None
assert grad[3] is None
print([var.name for var in tape.watched_variables()])
assert [var.name for var in tape.watched_variables()] == ['x0:0']
assert x0.trainable and not x1.trainable

# Diagnostics the report gives for the None gradients above:
# expect: warning tape-not-watched line 16: x1 is a tf.Variable with trainable=False
# expect: warning tape-not-watched line 16: x2 is a constant tensor that the tape did not watch
# expect: warning tape-not-watched line 16: x3 is a constant tensor that the tape did not watch
