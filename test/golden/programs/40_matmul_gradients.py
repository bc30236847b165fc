# Matmul gradients: for Y = X W with upstream G, dL/dW = X^T G and dL/dX = G W^T; transpose_a/b variants.
import numpy as np
import tensorflow as tf

Xv = [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]                        # (2, 3)
Wv = [[0.5, -1.0], [1.5, 2.0], [-0.5, 0.25]]                   # (3, 2)
Gv = [[1.0, -2.0], [0.5, 3.0]]                                 # (2, 2)

X = tf.Variable(Xv)
W = tf.Variable(Wv)
G = tf.constant(Gv)

with tf.GradientTape() as tape:
    Y = tf.matmul(X, W)
dX, dW = tape.gradient(Y, [X, W], output_gradients=G)

def mm(a, b):
    return [[sum(a[i][k] * b[k][j] for k in range(len(b))) for j in range(len(b[0]))] for i in range(len(a))]

def tr(a):
    return [list(r) for r in zip(*a)]

assert Y.numpy().tolist() == mm(Xv, Wv)
assert dW.numpy().tolist() == mm(tr(Xv), Gv)
assert dX.numpy().tolist() == mm(Gv, tr(Wv))

# The @ operator and transpose_b: Y = X (W^T)^T.
Wt = tf.Variable(tr(Wv))                                       # (2, 3)
with tf.GradientTape() as tape:
    Y2 = tf.matmul(X, Wt, transpose_b=True)
    L = tf.reduce_sum(Y2 * G)
dWt = tape.gradient(L, Wt)
assert Y2.numpy().tolist() == Y.numpy().tolist()
assert dWt.numpy().tolist() == tr(mm(tr(Xv), Gv))

# transpose_a: Y = X^T^T W with Xt (3, 2).
Xt = tf.Variable(tr(Xv))
with tf.GradientTape() as tape:
    Y3 = tf.matmul(Xt, W, transpose_a=True)
    L = tf.reduce_sum(Y3 * G)
assert tape.gradient(L, Xt).numpy().tolist() == tr(mm(Gv, tr(Wv)))

# Batched matmul with a broadcast right operand: its gradient sums over the batch.
B = tf.constant(np.arange(12, dtype=np.float32).reshape(2, 2, 3))  # (2, 2, 3)
with tf.GradientTape() as tape:
    Z = B @ W                                                    # (2, 2, 2)
    L = tf.reduce_sum(Z)
gW = tape.gradient(L, W)
Bl = [[[float(6 * b + 3 * i + k) for k in range(3)] for i in range(2)] for b in range(2)]
want = [[sum(Bl[b][i][k] for b in range(2) for i in range(2))] * 2 for k in range(3)]
assert gW.numpy().tolist() == want
assert Z.shape == (2, 2, 2)

# matvec
v = tf.Variable([1.0, -1.0, 2.0])
with tf.GradientTape() as tape:
    mv = tf.linalg.matvec(X, v)
assert mv.numpy().tolist() == [1.0 - 2.0 + 6.0, 4.0 - 5.0 + 12.0]
assert tape.gradient(mv, v).numpy().tolist() == [5.0, 7.0, 9.0]
