# A basic training loop (guide/basic_training_loops): fit y = W x + b with assign_sub, and check the result
# against the closed-form least-squares line computed in plain Python.
import math

import tensorflow as tf

# The actual line
TRUE_W = 3.0
TRUE_B = 2.0

NUM_EXAMPLES = 21

# A deterministic stand-in for random noise.
xs = [-2.0 + 0.2 * i for i in range(NUM_EXAMPLES)]
noise = [0.5 * math.sin(7.0 * i) for i in range(NUM_EXAMPLES)]
ys = [TRUE_W * xv + TRUE_B + nv for xv, nv in zip(xs, noise)]

x = tf.constant(xs)
y = tf.constant(ys)


class MyModel(tf.Module):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        # Initialize the weights to `5.0` and the bias to `0.0`
        # In practice, these should be randomly initialized
        self.w = tf.Variable(5.0)
        self.b = tf.Variable(0.0)

    def __call__(self, x):
        return self.w * x + self.b


model = MyModel()

# List the variables tf.modules's built-in variable aggregation.
print("Variables:", model.variables)
assert model(3.0).numpy() == 15.0


# This computes a single loss value for an entire batch
def loss(target_y, predicted_y):
    return tf.reduce_mean(tf.square(target_y - predicted_y))


# Given a callable model, inputs, outputs, and a learning rate...
def train(model, x, y, learning_rate):
    with tf.GradientTape() as t:
        # Trainable variables are automatically tracked by GradientTape
        current_loss = loss(y, model(x))

    # Use GradientTape to calculate the gradients with respect to W and b
    dw, db = t.gradient(current_loss, [model.w, model.b])

    # Subtract the gradient scaled by the learning rate
    model.w.assign_sub(learning_rate * dw)
    model.b.assign_sub(learning_rate * db)
    return dw, db


# The first step by hand: dL/dw = -2/n sum((y - (w x + b)) x), dL/db = -2/n sum(y - (w x + b)).
n = NUM_EXAMPLES
res = [yv - (5.0 * xv + 0.0) for xv, yv in zip(xs, ys)]
dw_hand = -2 / n * sum(r * xv for r, xv in zip(res, xs))
db_hand = -2 / n * sum(res)
dw, db = train(model, x, y, learning_rate=0.1)
assert abs(dw.numpy() - dw_hand) < 1e-4, (dw.numpy(), dw_hand)
assert abs(db.numpy() - db_hand) < 1e-4, (db.numpy(), db_hand)
assert abs(model.w.numpy() - (5.0 - 0.1 * dw_hand)) < 1e-5
assert abs(model.b.numpy() - (0.0 - 0.1 * db_hand)) < 1e-5

# Collect the history of W-values and b-values to plot later
weights = []
biases = []
epochs = range(200)


# Define a training loop
def report(model, loss):
    return f"W = {model.w.numpy():1.2f}, b = {model.b.numpy():1.2f}, loss={loss:2.5f}"


def training_loop(model, x, y):
    for epoch in epochs:
        # Update the model with the single giant batch
        train(model, x, y, learning_rate=0.1)

        # Track this before I update
        weights.append(model.w.numpy())
        biases.append(model.b.numpy())
        current_loss = loss(y, model(x))

        if epoch % 50 == 0:
            print(f"Epoch {epoch:2d}:")
            print("    ", report(model, current_loss))


training_loop(model, x, y)
assert len(weights) == 200

# Closed-form least squares: w = cov(x, y) / var(x), b = mean(y) - w mean(x).
mx = sum(xs) / n
my = sum(ys) / n
w_ls = sum((a - mx) * (b - my) for a, b in zip(xs, ys)) / sum((a - mx) ** 2 for a in xs)
b_ls = my - w_ls * mx
assert abs(model.w.numpy() - w_ls) < 1e-4, (model.w.numpy(), w_ls)
assert abs(model.b.numpy() - b_ls) < 1e-4, (model.b.numpy(), b_ls)
mse_ls = sum((yv - (w_ls * xv + b_ls)) ** 2 for xv, yv in zip(xs, ys)) / n
assert abs(loss(y, model(x)).numpy() - mse_ls) < 1e-4
# The loss decreased monotonically along the way (gradient descent on a convex quadratic with a small step).
losses = [sum((yv - (wv * xv + bv)) ** 2 for xv, yv in zip(xs, ys)) / n for wv, bv in zip(weights, biases)]
assert all(l1 <= l0 + 1e-6 for l0, l1 in zip(losses, losses[1:]))
