# output_gradients: a vector-Jacobian product (guide/advanced_autodiff, GradientTape.gradient docs).
import tensorflow as tf

x = tf.constant([1.0, 2.0, 3.0])
with tf.GradientTape() as tape:
    tape.watch(x)
    y = x * x
# J = diag(2x); J^T v with v = [1, 10, 100]
vjp = tape.gradient(y, x, output_gradients=tf.constant([1.0, 10.0, 100.0]))
assert vjp.numpy().tolist() == [2.0, 40.0, 600.0]

# A matrix-vector product y = A x: J = A, so the VJP is A^T v.
A = tf.constant([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
x = tf.Variable([1.0, -1.0, 0.5])
v = tf.constant([2.0, -1.0])
with tf.GradientTape() as tape:
    y = tf.linalg.matvec(A, x)
g = tape.gradient(y, x, output_gradients=v)
At = [[1.0, 4.0], [2.0, 5.0], [3.0, 6.0]]
assert g.numpy().tolist() == [At[i][0] * 2.0 + At[i][1] * -1.0 for i in range(3)]

# Several targets: one seed per target (every seed must be a tensor: None inside the list raises).
x = tf.Variable(2.0)
with tf.GradientTape(persistent=True) as tape:
    a = x * x       # da/dx = 4
    b = 3.0 * x     # db/dx = 3
g = tape.gradient([a, b], x, output_gradients=[tf.constant(0.5), tf.constant(1.0)])
assert g.numpy() == 0.5 * 4 + 3.0
try:
    tape.gradient([a, b], x, output_gradients=[tf.constant(0.5), None])
    raised = False
except ValueError as e:
    raised = 'Attempt to convert a value (None)' in str(e)
assert raised

# The VJP with the rows of the identity recovers the Jacobian's rows.
x = tf.constant([0.5, 2.0])
rows = []
for k in range(2):
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.stack([x[0] * x[1], x[0] + tf.square(x[1])])
    seed = tf.one_hot(k, 2)
    rows.append(tape.gradient(y, x, output_gradients=seed).numpy().tolist())
assert rows == [[2.0, 0.5], [1.0, 4.0]]
