# tape.jacobian with a tensor source (guide/advanced_autodiff "Tensor source"): shape target.shape + source.shape.
import tensorflow as tf

x = tf.constant([[1.0, 2.0, 0.0], [-1.0, 0.5, 3.0]])          # (2, 3)
kernel = tf.Variable([[1.0, 0.0], [0.5, -1.0], [2.0, 1.0]])   # (3, 2)

with tf.GradientTape(persistent=True) as tape:
    y = x @ kernel                                               # (2, 2), linear

j = tape.jacobian(y, kernel)
print(j.shape)
assert j.shape == (2, 2, 3, 2)
assert j.shape == y.shape + kernel.shape

# dy[b, o] / dkernel[i, p] = x[b, i] * (o == p)
X = [[1.0, 2.0, 0.0], [-1.0, 0.5, 3.0]]
jn = j.numpy()
for b in range(2):
    for o in range(2):
        for i in range(3):
            for p in range(2):
                assert jn[b, o, i, p] == (X[b][i] if o == p else 0.0)

# Summing the jacobian over the target axes gives the gradient of the sum.
g = tape.gradient(y, kernel)
j_sum = tf.reduce_sum(j, axis=[0, 1])
delta = tf.reduce_max(abs(g - j_sum)).numpy()
assert delta < 1e-6
assert g.numpy().tolist() == [[0.0, 0.0], [2.5, 2.5], [3.0, 3.0]]

# Nonlinear target: jacobian of y = tanh(x @ kernel) w.r.t. x, compared with the closed form (1 - y^2) * kernel.
xv = tf.Variable(x)
with tf.GradientTape() as tape:
    z = tf.tanh(xv @ kernel)
jz = tape.jacobian(z, xv)
assert jz.shape == (2, 2, 2, 3)
zn = z.numpy()
K = [[1.0, 0.0], [0.5, -1.0], [2.0, 1.0]]
for b in range(2):
    for o in range(2):
        for c in range(2):
            for i in range(3):
                want = (1 - zn[b, o] ** 2) * K[i][o] if b == c else 0.0
                assert abs(jz.numpy()[b, o, c, i] - want) < 1e-6
del tape
