# Advanced autodiff: stop_recording, reset, stop_gradient, custom gradients, higher orders, Jacobians.
# %%
import tensorflow as tf

x = tf.Variable(2.0)
y = tf.Variable(3.0)
with tf.GradientTape() as t:
    x_sq = x * x
    with t.stop_recording():
        y_sq = y * y
    z = x_sq + y_sq
grad = t.gradient(z, {"x": x, "y": y})
print("dz/dx:", grad["x"])
print("dz/dy:", grad["y"])

# %%
reset = True
with tf.GradientTape() as t:
    y_sq = y * y
    if reset:
        t.reset()
    z = x * x + y_sq
grad = t.gradient(z, {"x": x, "y": y})
print("dz/dx:", grad["x"])
print("dz/dy:", grad["y"])

# %%
with tf.GradientTape() as t:
    y_sq = y**2
    z = x**2 + tf.stop_gradient(y_sq)
grad = t.gradient(z, {"x": x, "y": y})
print("dz/dx:", grad["x"])
print("dz/dy:", grad["y"])

# %%
@tf.custom_gradient
def clip_gradients(y):
    def backward(dy):
        return tf.clip_by_norm(dy, 0.5)

    return y, backward


v = tf.Variable(2.0)
with tf.GradientTape() as t:
    output = clip_gradients(v * v)
clipped = t.gradient(output, v)
print(clipped)

# %%
@tf.custom_gradient
def log1pexp(x):
    e = tf.exp(x)

    def grad(upstream):
        return upstream * (1 - 1 / (1 + e))

    return tf.math.log(1 + e), grad


xs = tf.constant([0.0, 10.0, 100.0])
with tf.GradientTape() as tape:
    tape.watch(xs)
    ys = log1pexp(xs)
dys = tape.gradient(ys, xs)
print(ys.numpy(), dys.numpy())

# %%
x = tf.Variable(1.0)
with tf.GradientTape() as t2:
    with tf.GradientTape() as t1:
        y = x * x * x
    dy_dx = t1.gradient(y, x)
d2y_dx2 = t2.gradient(dy_dx, x)
print("dy_dx:", dy_dx.numpy())
print("d2y_dx2:", d2y_dx2.numpy())

# %%
x = tf.random.normal([7, 5], seed=1)
layer_w = tf.Variable(tf.reshape(tf.range(50, dtype=tf.float32), [5, 10]) / 50.0)
with tf.GradientTape() as t2:
    with tf.GradientTape() as t1:
        t1.watch(x)
        y = tf.nn.relu(x @ layer_w)
        out = tf.reduce_sum(y**2)
    dout_dx = t1.gradient(out, x)
    dout_dx_norm = tf.reduce_sum(dout_dx**2)
reg_grad = t2.gradient(dout_dx_norm, layer_w)
print(reg_grad.shape, tf.reduce_sum(reg_grad).numpy())

# %%
x = tf.linspace(-10.0, 10.0, 200 + 1)
delta = tf.Variable(0.0)
with tf.GradientTape() as tape:
    y = tf.nn.sigmoid(x + delta)
dy_dx = tape.jacobian(y, delta)
print(y.shape)
print(dy_dx.shape)

# %%
x = tf.reshape(tf.range(14, dtype=tf.float32), [7, 2]) / 10.0
dense_w = tf.Variable([[0.5, -0.25, 1.0], [0.75, 0.1, -0.5]])
with tf.GradientTape(persistent=True) as tape:
    y = tf.nn.elu(x @ dense_w)
j = tape.jacobian(y, dense_w)
print(j.shape, tf.reduce_sum(j).numpy())
bj = tape.batch_jacobian(y, x)
print(bj.shape, tf.reduce_sum(bj).numpy())

# %%
u = tf.Variable([1.0, 2.0])
with tf.GradientTape() as t2:
    with tf.GradientTape() as t1:
        z = tf.reduce_sum(u**3)
    g = t1.gradient(z, u)
h = t2.jacobian(g, u)
print(h)

# %%
primal = tf.constant(2.0)
tangent = tf.constant(1.0)
with tf.autodiff.ForwardAccumulator(primal, tangent) as acc:
    out = primal**3
jvp = acc.jvp(out)
print(out.numpy(), jvp.numpy())
