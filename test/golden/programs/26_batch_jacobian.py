# tape.batch_jacobian (guide/advanced_autodiff "Batch Jacobian"): [batch, out, in], one jacobian per example.
import tensorflow as tf

x = tf.constant([[0.5, -1.0, 2.0], [1.0, 0.0, -0.5]])   # (2, 3)
w = tf.constant([[0.1, 0.2, -0.3, 0.4],
                 [0.5, -0.6, 0.7, 0.8],
                 [-0.9, 1.0, 0.2, -0.1]])               # (3, 4)

with tf.GradientTape(persistent=True) as tape:
    tape.watch(x)
    y = tf.tanh(x @ w)                                  # (2, 4)

j = tape.jacobian(y, x)
jb = tape.batch_jacobian(y, x)
print(f'y.shape: {y.shape}')
print(f'jacobian: {j.shape}')
print(f'batch_jacobian: {jb.shape}')
assert j.shape == (2, 4, 2, 3)
assert jb.shape == (2, 4, 3)

# The rows are independent, so the batch jacobian is the jacobian summed over the second batch axis.
j_sum = tf.reduce_sum(j, axis=2)
assert tf.reduce_max(abs(j_sum - jb)).numpy() < 1e-6
j_select = tf.einsum('bxby->bxy', j)
assert tf.reduce_max(abs(j_select - jb)).numpy() == 0.0

# Closed form: d tanh(z)_o / dx_i = (1 - y_o^2) * w[i, o]
W = [[0.1, 0.2, -0.3, 0.4], [0.5, -0.6, 0.7, 0.8], [-0.9, 1.0, 0.2, -0.1]]
yn = y.numpy()
for b in range(2):
    for o in range(4):
        for i in range(3):
            assert abs(jb.numpy()[b, o, i] - (1 - yn[b, o] ** 2) * W[i][o]) < 1e-6

# Elementwise target: the batch jacobian is diagonal.
with tf.GradientTape() as tape:
    tape.watch(x)
    sq = x * x
jd = tape.batch_jacobian(sq, x)
X = [[0.5, -1.0, 2.0], [1.0, 0.0, -0.5]]
assert jd.numpy().tolist() == [[[2 * X[b][i] if i == k else 0.0 for k in range(3)] for i in range(3)] for b in range(2)]
del tape
