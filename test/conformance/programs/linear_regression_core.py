# Linear regression written with core TensorFlow: normalisation, a linear model, MSE, and gradient descent.
# %%
import numpy as np
import tensorflow as tf

features = np.array(
    [[1.0, 2.0], [2.0, 1.0], [3.0, 4.0], [4.0, 3.0], [5.0, 6.0], [6.0, 5.0], [7.0, 8.0], [8.0, 7.0]],
    dtype=np.float32,
)
targets = features @ np.array([2.0, -1.0], dtype=np.float32) + 0.5
x_train = tf.convert_to_tensor(features)
y_train = tf.convert_to_tensor(targets)
print(x_train.dtype, y_train.shape)

# %%
class Normalize(tf.Module):
    def __init__(self, x):
        self.mean = tf.math.reduce_mean(x, axis=0)
        self.std = tf.math.reduce_std(x, axis=0)

    def norm(self, x):
        return (x - self.mean) / self.std

    def unnorm(self, x):
        return (x * self.std) + self.mean


norm_x = Normalize(x_train)
x_train_norm = norm_x.norm(x_train)
print(norm_x.mean.numpy(), norm_x.std.numpy())
print(tf.reduce_mean(x_train_norm, axis=0).numpy())

# %%
class LinearRegression(tf.Module):
    def __init__(self):
        self.built = False

    def __call__(self, x):
        if not self.built:
            rand_w = tf.random.stateless_uniform(shape=[x.shape[-1], 1], seed=[0, 1])
            rand_b = tf.random.stateless_uniform(shape=[], seed=[2, 3])
            self.w = tf.Variable(rand_w)
            self.b = tf.Variable(rand_b)
            self.built = True
        y = tf.add(tf.matmul(x, self.w), self.b)
        return tf.squeeze(y, axis=1)


lin_reg = LinearRegression()
prediction = lin_reg(x_train_norm[:1])
print(prediction.shape)

# %%
def mse_loss(y_pred, y):
    return tf.reduce_mean(tf.square(y_pred - y))


epochs = 50
learning_rate = 0.1
train_losses = []
for epoch in range(epochs):
    with tf.GradientTape() as tape:
        y_pred = lin_reg(x_train_norm)
        batch_loss = mse_loss(y_pred, y_train)
    grads = tape.gradient(batch_loss, lin_reg.variables)
    for g, v in zip(grads, lin_reg.variables):
        v.assign_sub(learning_rate * g)
    train_losses.append(batch_loss.numpy())
    if epoch % 10 == 0:
        print(f"Mean squared error for step {epoch}: {batch_loss.numpy():0.3f}")
print(f"\nFinal train loss: {train_losses[-1]:0.3f}")

# %%
w_final = lin_reg.w.numpy()
b_final = lin_reg.b.numpy()
pred_new = lin_reg(norm_x.norm(tf.constant([[2.5, 3.5]])))
print(np.round(w_final, 3), np.round(b_final, 3), pred_new.numpy())
