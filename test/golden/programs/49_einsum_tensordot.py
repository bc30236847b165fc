# einsum and tensordot gradients against closed forms.
import tensorflow as tf

A = tf.Variable([[1.0, 2.0], [3.0, 4.0]])
B = tf.Variable([[0.5, -1.0], [2.0, 1.0]])

with tf.GradientTape(persistent=True) as tape:
    mm = tf.einsum('ij,jk->ik', A, B)          # matmul
    tr = tf.einsum('ii->', A)                   # trace
    outer = tf.einsum('i,j->ij', A[0], B[1])    # outer product
    dot = tf.tensordot(A, B, axes=2)            # sum(A * B)
    td1 = tf.tensordot(A, B, axes=1)            # matmul

assert mm.numpy().tolist() == [[4.5, 1.0], [9.5, 1.0]]
assert td1.numpy().tolist() == mm.numpy().tolist()
# d sum(A B)/dA = 1 B^T (row sums of B broadcast): [[-0.5, 3], [-0.5, 3]]
assert tape.gradient(mm, A).numpy().tolist() == [[-0.5, 3.0], [-0.5, 3.0]]
# d sum(A B)/dB = A^T 1: [[4, 4], [6, 6]]
assert tape.gradient(mm, B).numpy().tolist() == [[4.0, 4.0], [6.0, 6.0]]
assert tr.numpy() == 5.0
assert tape.gradient(tr, A).numpy().tolist() == [[1.0, 0.0], [0.0, 1.0]]
assert outer.numpy().tolist() == [[2.0, 1.0], [4.0, 2.0]]
# d sum(a_i b_j)/da = sum(b) = 3 for row 0 of A only
assert tape.gradient(outer, A).numpy().tolist() == [[3.0, 3.0], [0.0, 0.0]]
assert dot.numpy() == 0.5 - 2.0 + 6.0 + 4.0
assert tape.gradient(dot, A).numpy().tolist() == [[0.5, -1.0], [2.0, 1.0]]
assert tape.gradient(dot, B).numpy().tolist() == [[1.0, 2.0], [3.0, 4.0]]
del tape

# A batched einsum as used with jacobians: 'bij,bjk->bik'.
x = tf.Variable(tf.reshape(tf.range(8, dtype=tf.float32), [2, 2, 2]))
with tf.GradientTape() as tape:
    y = tf.einsum('bij,bjk->bik', x, x)
    s = tf.reduce_sum(y)
g = tape.gradient(s, x).numpy()
# For one batch X: d sum(X X)/dX = 1 X^T + X^T 1
X = [[[0.0, 1.0], [2.0, 3.0]], [[4.0, 5.0], [6.0, 7.0]]]
for b in range(2):
    for i in range(2):
        for j in range(2):
            want = sum(X[b][j][k] for k in range(2)) + sum(X[b][k][i] for k in range(2))
            assert g[b, i, j] == want
