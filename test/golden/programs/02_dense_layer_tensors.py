# Gradients with respect to tensors: a dense layer y = x @ w + b (guide/autodiff), with fixed weights so the
# expected gradients can be written down: loss = mean(y**2) over the 2 outputs.
import tensorflow as tf

w = tf.Variable([[0.5, -1.0], [2.0, 0.25], [-0.5, 1.5]], name='w')
b = tf.Variable(tf.zeros(2, dtype=tf.float32), name='b')
x = [[1., 2., 3.]]

with tf.GradientTape(persistent=True) as tape:
    y = x @ w + b
    loss = tf.reduce_mean(y**2)

[dl_dw, dl_db] = tape.gradient(loss, [w, b])

# By hand: y = [1*0.5 + 2*2 + 3*-0.5, 1*-1 + 2*0.25 + 3*1.5] = [3.0, 4.0]
y_hand = [0.5 + 4.0 - 1.5, -1.0 + 0.5 + 4.5]
assert y.numpy().tolist() == [y_hand]
# dloss/dy_j = 2 * y_j / 2 = y_j; dloss/dw_ij = x_i * y_j; dloss/db_j = y_j
xs = [1., 2., 3.]
expected_dw = [[xi * yj for yj in y_hand] for xi in xs]
assert dl_dw.numpy().tolist() == expected_dw
assert dl_db.numpy().tolist() == y_hand
assert w.shape == dl_dw.shape
assert b.shape == dl_db.shape
assert abs(loss.numpy() - (9.0 + 16.0) / 2) < 1e-6

# The same tape again (persistent): an intermediate result as the source.
dl_dy = tape.gradient(loss, y)
assert dl_dy.numpy().tolist() == [y_hand]
del tape
