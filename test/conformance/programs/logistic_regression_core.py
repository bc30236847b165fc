# Logistic regression with core TensorFlow: sigmoid, binary cross-entropy, accuracy, gradient descent.
# %%
import numpy as np
import tensorflow as tf

x_np = np.array(
    [[0.5, 1.0], [1.0, 1.5], [1.5, 0.5], [3.0, 3.5], [3.5, 2.5], [4.0, 4.0], [0.2, 0.4], [3.8, 3.0]], dtype=np.float32
)
y_np = np.array([0, 0, 0, 1, 1, 1, 0, 1], dtype=np.float32)
x_train = tf.constant(x_np)
y_train = tf.constant(y_np)
x = tf.linspace(-10, 10, 5)
print(x)
print(tf.math.sigmoid(x))

# %%
def log_loss(y_pred, y):
    ce = tf.nn.sigmoid_cross_entropy_with_logits(labels=y, logits=y_pred)
    return tf.reduce_mean(ce)


class LogisticRegression(tf.Module):
    def __init__(self):
        self.built = False

    def __call__(self, x, train=True):
        if not self.built:
            self.w = tf.Variable(tf.zeros([x.shape[-1], 1]))
            self.b = tf.Variable(tf.zeros([]))
            self.built = True
        z = tf.add(tf.matmul(x, self.w), self.b)
        z = tf.squeeze(z, axis=1)
        if train:
            return z
        return tf.sigmoid(z)


log_reg = LogisticRegression()
y_pred = log_reg(x_train[:5], train=False)
print(y_pred.numpy())

# %%
def predict_class(y_pred, thresh=0.5):
    return tf.cast(y_pred > thresh, tf.float32)


def accuracy(y_pred, y):
    y_pred = tf.math.sigmoid(y_pred)
    y_pred_class = predict_class(y_pred)
    check_equal = tf.cast(y_pred_class == y, tf.float32)
    return tf.reduce_mean(check_equal)


losses, accs = [], []
for epoch in range(30):
    with tf.GradientTape() as tape:
        y_pred = log_reg(x_train)
        batch_loss = log_loss(y_pred, y_train)
    batch_acc = accuracy(y_pred, y_train)
    grads = tape.gradient(batch_loss, log_reg.variables)
    for g, v in zip(grads, log_reg.variables):
        v.assign_sub(0.5 * g)
    losses.append(float(batch_loss))
    accs.append(float(batch_acc))
    if epoch % 10 == 0:
        print(f"Epoch: {epoch}, loss: {batch_loss:.3f}, accuracy: {batch_acc:.3f}")

# %%
probs = log_reg(x_train, train=False)
classes = predict_class(probs)
confusion = tf.math.confusion_matrix(tf.cast(y_train, tf.int32), tf.cast(classes, tf.int32), num_classes=2)
print(classes.numpy(), confusion.numpy())
