# A basic training loop: fit a line with a model as a tf.Module, MSE loss and plain gradient descent.
# %%
import tensorflow as tf

TRUE_W = 3.0
TRUE_B = 2.0
NUM_EXAMPLES = 201
x = tf.linspace(-2.0, 2.0, NUM_EXAMPLES)
x = tf.cast(x, tf.float32)


def f(x):
    return x * TRUE_W + TRUE_B


noise = tf.random.stateless_normal([NUM_EXAMPLES], seed=[1, 2])
y = f(x) + noise
print(x.shape, y.shape, float(tf.reduce_mean(noise)))

# %%
class MyModel(tf.Module):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.w = tf.Variable(5.0)
        self.b = tf.Variable(0.0)

    def __call__(self, x):
        return self.w * x + self.b


model = MyModel()
print("Variables:", [v.numpy() for v in model.variables])
assert model(3.0).numpy() == 15.0

# %%
def loss(target_y, predicted_y):
    return tf.reduce_mean(tf.square(target_y - predicted_y))


initial_loss = loss(y, model(x))
print("Current loss: %1.6f" % initial_loss.numpy())

# %%
def train(model, x, y, learning_rate):
    with tf.GradientTape() as t:
        current_loss = loss(y, model(x))
    dw, db = t.gradient(current_loss, [model.w, model.b])
    model.w.assign_sub(learning_rate * dw)
    model.b.assign_sub(learning_rate * db)


weights = []
biases = []
epochs = range(10)


def report(model, loss):
    return f"W = {model.w.numpy():1.2f}, b = {model.b.numpy():1.2f}, loss={loss:2.5f}"


def training_loop(model, x, y):
    for epoch in epochs:
        train(model, x, y, learning_rate=0.1)
        weights.append(model.w.numpy())
        biases.append(model.b.numpy())
        current_loss = loss(y, model(x))
        print(f"Epoch {epoch:2d}:")
        print("    ", report(model, current_loss))


current_loss = loss(y, model(x))
print("Starting:")
print("    ", report(model, current_loss))
training_loop(model, x, y)

# %%
final = (model.w.numpy(), model.b.numpy())
print(final)
print(f"{float(loss(y, model(x))):.6f}")
