# Custom training in the style of the customization tutorials: a model from tf.Module layers, a loss and a
# gradient function, and an SGD step applied by hand, on an in-memory data set.
# %%
import numpy as np
import tensorflow as tf

features = tf.constant(
    [[5.1, 3.5, 1.4, 0.2], [4.9, 3.0, 1.4, 0.2], [7.0, 3.2, 4.7, 1.4], [6.4, 3.2, 4.5, 1.5],
     [6.3, 3.3, 6.0, 2.5], [5.8, 2.7, 5.1, 1.9], [5.0, 3.6, 1.4, 0.2], [6.9, 3.1, 4.9, 1.5]]
)
labels = tf.constant([0, 0, 1, 1, 2, 2, 0, 1])
print(features[:3])
print(labels)

# %%
class Layer(tf.Module):
    def __init__(self, n_in, n_out, seed, activation=None):
        super().__init__()
        self.w = tf.Variable(tf.random.stateless_normal([n_in, n_out], seed=seed, stddev=0.3))
        self.b = tf.Variable(tf.zeros([n_out]))
        self.activation = activation

    def __call__(self, x):
        z = x @ self.w + self.b
        return self.activation(z) if self.activation else z


class Model(tf.Module):
    def __init__(self):
        super().__init__()
        self.l1 = Layer(4, 10, [1, 0], tf.nn.relu)
        self.l2 = Layer(10, 10, [2, 0], tf.nn.relu)
        self.l3 = Layer(10, 3, [3, 0])

    def __call__(self, x):
        return self.l3(self.l2(self.l1(x)))


model = Model()
predictions = model(features)
print(predictions[:2])
print(tf.nn.softmax(predictions[:2]))
print("Prediction: {}".format(tf.math.argmax(predictions, axis=1)))
print("    Labels: {}".format(labels))

# %%
def loss(model, x, y):
    y_ = model(x)
    return tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=y_))


def grad(model, inputs, targets):
    with tf.GradientTape() as tape:
        loss_value = loss(model, inputs, targets)
    return loss_value, tape.gradient(loss_value, model.trainable_variables)


loss_value, grads = grad(model, features, labels)
print("Step: 0, Initial Loss: {}".format(loss_value.numpy()))
for g, v in zip(grads, model.trainable_variables):
    v.assign_sub(0.01 * g)
print("Step: 1,         Loss: {}".format(loss(model, features, labels).numpy()))

# %%
train_loss_results = []
train_accuracy_results = []
num_epochs = 21
for epoch in range(num_epochs):
    loss_value, grads = grad(model, features, labels)
    for g, v in zip(grads, model.trainable_variables):
        v.assign_sub(0.05 * g)
    pred = tf.argmax(model(features), axis=1, output_type=tf.int32)
    acc = tf.reduce_mean(tf.cast(pred == labels, tf.float32))
    train_loss_results.append(loss_value)
    train_accuracy_results.append(acc)
    if epoch % 10 == 0:
        print("Epoch {:03d}: Loss: {:.3f}, Accuracy: {:.3%}".format(epoch, loss_value, acc))

# %%
predict_dataset = tf.convert_to_tensor([[5.1, 3.3, 1.7, 0.5], [5.9, 3.0, 4.2, 1.5], [6.9, 3.1, 5.4, 2.1]])
class_names = ["setosa", "versicolor", "virginica"]
predictions = model(predict_dataset)
for i, logits in enumerate(predictions):
    class_idx = tf.argmax(logits).numpy()
    p = tf.nn.softmax(logits)[class_idx]
    name = class_names[class_idx]
    print("Example {} prediction: {} ({:4.1f}%)".format(i, name, 100 * p))
