# tf.Module: variables, submodules, collections of variables and a model's forward pass.
# %%
import tensorflow as tf


class SimpleModule(tf.Module):
    def __init__(self, name=None):
        super().__init__(name=name)
        self.a_variable = tf.Variable(5.0, name="train_me")
        self.non_trainable_variable = tf.Variable(5.0, trainable=False, name="do_not_train_me")

    def __call__(self, x):
        return self.a_variable * x + self.non_trainable_variable


simple_module = SimpleModule(name="simple")
out = simple_module(tf.constant(5.0))
print(out)
print("trainable variables:", len(simple_module.trainable_variables))
print("all variables:", len(simple_module.variables))
print(simple_module.name)

# %%
class Dense(tf.Module):
    def __init__(self, w, b, name=None):
        super().__init__(name=name)
        self.w = tf.Variable(w, name="w")
        self.b = tf.Variable(b, name="b")

    def __call__(self, x):
        y = tf.matmul(x, self.w) + self.b
        return tf.nn.relu(y)


class SequentialModule(tf.Module):
    def __init__(self, name=None):
        super().__init__(name=name)
        self.dense_1 = Dense([[0.1, -0.2], [0.3, 0.4], [-0.5, 0.6]], [0.0, 0.1])
        self.dense_2 = Dense([[1.0], [-1.0]], [0.5])

    def __call__(self, x):
        x = self.dense_1(x)
        return self.dense_2(x)


my_model = SequentialModule(name="the_model")
result = my_model(tf.constant([[2.0, 2.0, 2.0]]))
print("Model results:", result)
print("Submodules:", len(my_model.submodules))
names = [v.name for v in my_model.trainable_variables]
print(names)

# %%
with tf.GradientTape() as tape:
    loss = tf.reduce_sum(my_model(tf.constant([[1.0, 2.0, 3.0], [0.5, -1.0, 2.0]])) ** 2)
grads = tape.gradient(loss, my_model.trainable_variables)
for g in grads:
    print(g.numpy())

# %%
for v, g in zip(my_model.trainable_variables, grads):
    v.assign_sub(0.1 * g)
after = my_model(tf.constant([[1.0, 2.0, 3.0], [0.5, -1.0, 2.0]]))
print(after.numpy())

# %%
class Counter(tf.Module):
    def __init__(self):
        super().__init__()
        self.count = tf.Variable(0, dtype=tf.int64)
        self.log = []

    def __call__(self, x):
        self.count.assign_add(1)
        self.log.append(int(self.count.numpy()))
        return x * tf.cast(self.count, tf.float32)


counter = Counter()
vals = [counter(tf.constant(2.0)).numpy() for _ in range(3)]
print(vals, counter.log, counter.count.numpy())
