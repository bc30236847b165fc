# Loss functions: softmax cross-entropy (gradient softmax - labels), sparse labels, sigmoid cross-entropy
# (gradient sigmoid(x) - z, also at 0), l2_loss and mean squared error.
import math

import tensorflow as tf

logits = tf.Variable([[2.0, 1.0, 0.1], [0.5, 0.5, 3.0]])
labels = tf.constant([[1.0, 0.0, 0.0], [0.0, 0.0, 1.0]])

def softmax_row(r):
    e = [math.exp(v) for v in r]
    return [v / sum(e) for v in e]

L = [[2.0, 1.0, 0.1], [0.5, 0.5, 3.0]]
P = [softmax_row(r) for r in L]
Y = [[1.0, 0.0, 0.0], [0.0, 0.0, 1.0]]

with tf.GradientTape() as tape:
    ce = tf.nn.softmax_cross_entropy_with_logits(labels=labels, logits=logits)
assert ce.shape == (2,)
for b in range(2):
    assert abs(ce.numpy()[b] + math.log(P[b][Y[b].index(1.0)])) < 1e-6
g = tape.gradient(ce, logits).numpy()
for b in range(2):
    for k in range(3):
        assert abs(g[b, k] - (P[b][k] - Y[b][k])) < 1e-6

with tf.GradientTape() as tape:
    sce = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=tf.constant([0, 2]), logits=logits)
    loss = tf.reduce_mean(sce)
gs = tape.gradient(loss, logits).numpy()
for b in range(2):
    for k in range(3):
        assert abs(gs[b, k] - (P[b][k] - Y[b][k]) / 2) < 1e-6

# Softmax outputs sum to one, so the gradient of their sum is zero.
with tf.GradientTape() as tape:
    total = tf.reduce_sum(tf.nn.softmax(logits))
gz = tape.gradient(total, logits).numpy()
assert all(abs(gz[b, k]) < 1e-6 for b in range(2) for k in range(3))

# Sigmoid cross-entropy: d/dx = sigmoid(x) - z, at 0 exactly 0.5 - z.
x = tf.Variable([0.0, 0.0, 2.0, -1.5])
z = tf.constant([0.0, 1.0, 1.0, 0.3])
with tf.GradientTape() as tape:
    bce = tf.nn.sigmoid_cross_entropy_with_logits(labels=z, logits=x)
gb = tape.gradient(bce, x).numpy()
assert gb[0] == 0.5 and gb[1] == -0.5
for i, (xi, zi) in enumerate([(2.0, 1.0), (-1.5, 0.3)]):
    s = 1 / (1 + math.exp(-xi))
    assert abs(gb[i + 2] - (s - zi)) < 1e-6
    assert abs(bce.numpy()[i + 2] - (max(xi, 0) - xi * zi + math.log1p(math.exp(-abs(xi))))) < 1e-6

# l2_loss = sum(t^2) / 2, gradient t.
t = tf.Variable([1.0, -2.0, 3.0])
with tf.GradientTape() as tape:
    l2 = tf.nn.l2_loss(t)
assert l2.numpy() == 7.0
assert tape.gradient(l2, t).numpy().tolist() == [1.0, -2.0, 3.0]

# Mean squared error by hand: 2 (pred - y) / n.
pred = tf.Variable([1.0, 2.0, 3.0, 4.0])
y = tf.constant([1.5, 1.5, 3.0, 5.0])
with tf.GradientTape() as tape:
    mse = tf.reduce_mean(tf.square(pred - y))
assert mse.numpy() == (0.25 + 0.25 + 0.0 + 1.0) / 4
assert tape.gradient(mse, pred).numpy().tolist() == [-0.25, 0.25, 0.0, -0.5]
