# A small MLP (relu hidden layer, softmax cross-entropy) in float64; its tape gradients are compared with central
# finite differences of tape-free forward passes, and the output-layer gradients with the analytic formula
# dL/dlogits = (softmax - labels) / batch.
import numpy as np
import tensorflow as tf

X = np.array([[0.5, -1.2, 0.3],
              [1.5, 0.2, -0.7],
              [-0.3, 0.8, 1.1],
              [0.9, -0.4, -1.3]])                       # (4, 3) float64
labels = np.array([[1.0, 0.0], [0.0, 1.0], [0.0, 1.0], [1.0, 0.0]])

W1_init = np.array([[0.2, -0.5, 0.7, 0.1],
                    [-0.3, 0.4, 0.05, -0.6],
                    [0.6, 0.25, -0.45, 0.3]])           # (3, 4)
b1_init = np.array([0.1, -0.05, 0.02, 0.3])
W2_init = np.array([[0.5, -0.4], [-0.3, 0.8], [0.7, 0.2], [-0.6, -0.1]])
b2_init = np.array([0.05, -0.02])


class MLP(tf.Module):
    def __init__(self):
        super().__init__()
        self.w1 = tf.Variable(W1_init)
        self.b1 = tf.Variable(b1_init)
        self.w2 = tf.Variable(W2_init)
        self.b2 = tf.Variable(b2_init)

    def __call__(self, x):
        h = tf.nn.relu(x @ self.w1 + self.b1)
        return h @ self.w2 + self.b2


def forward_loss(w1, b1, w2, b2):
    """The same loss from plain tensors (no tape, no variables)."""
    h = tf.nn.relu(tf.matmul(tf.constant(X), w1) + b1)
    logits = tf.matmul(h, w2) + b2
    return tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=labels, logits=logits))


model = MLP()
assert model.w1.dtype == tf.float64

with tf.GradientTape() as tape:
    logits = model(X)
    loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=labels, logits=logits))
    probs = tf.nn.softmax(logits)

grads = tape.gradient(loss, [model.w1, model.b1, model.w2, model.b2])
assert all(g.dtype == tf.float64 for g in grads)
assert [g.shape for g in grads] == [(3, 4), (4,), (4, 2), (2,)]

# The loss itself: -mean(sum(labels * log softmax)).
p = probs.numpy()
ce = -np.mean(np.sum(labels * np.log(p), axis=1))
assert abs(loss.numpy() - ce) < 1e-12

# Analytic output-layer gradients: db2 = sum_b (p - labels) / B, dW2 = h^T (p - labels) / B.
h = np.maximum(X @ W1_init + b1_init, 0.0)
delta = (p - labels) / 4.0
np.testing.assert_allclose(grads[3].numpy(), np.sum(delta, axis=0), rtol=1e-10, atol=1e-12)
np.testing.assert_allclose(grads[2].numpy(), h.T @ delta, rtol=1e-10, atol=1e-12)

# Central finite differences for every parameter entry, through forward_loss.
params = [W1_init, b1_init, W2_init, b2_init]
eps = 1e-6
for k in range(4):
    base = params[k]
    fd = np.zeros_like(base)
    flat = base.reshape(-1)
    fd_flat = fd.reshape(-1)
    for i in range(flat.size):
        plus = flat.copy()
        minus = flat.copy()
        plus[i] = plus[i] + eps
        minus[i] = minus[i] - eps
        args_p = [tf.constant(q) for q in params]
        args_m = [tf.constant(q) for q in params]
        args_p[k] = tf.constant(plus.reshape(base.shape))
        args_m[k] = tf.constant(minus.reshape(base.shape))
        fd_flat[i] = (forward_loss(*args_p).numpy() - forward_loss(*args_m).numpy()) / (2 * eps)
    np.testing.assert_allclose(grads[k].numpy(), fd_flat.reshape(base.shape), rtol=1e-6, atol=1e-8)

# One gradient-descent step lowers the loss.
for v, g in zip([model.w1, model.b1, model.w2, model.b2], grads):
    v.assign_sub(0.5 * g)
new_loss = forward_loss(model.w1, model.b1, model.w2, model.b2)
assert new_loss.numpy() < loss.numpy()
