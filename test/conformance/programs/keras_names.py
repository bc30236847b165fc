# Keras 3's automatic names: one counter per snake_case base name for the whole session (layers, models, the inner
# functional model and input layer a Sequential builds, KerasTensors), given names that use no counter, and the
# public attributes a layer keeps in its __dict__.
# %%
import numpy as np
import tensorflow as tf
import keras

keras.utils.set_random_seed(5)


class MyModel(keras.Model):
    def __init__(self):
        super().__init__()
        self.hidden = keras.layers.Dense(3)
        self.head = keras.layers.Dense(1)

    def call(self, x, training=False):
        return self.head(self.hidden(x))


first = MyModel()
second = MyModel()
print(first.name, second.name, first.hidden.name, first.head.name, second.hidden.name)
y = first(tf.ones((2, 4)))
print(first, first.hidden, [w.path for w in first.weights])
public = {k: v for k, v in vars(first).items() if not k.startswith("_") and not callable(v)}
print(public)

# %%
seq_a = keras.Sequential([keras.layers.Dense(2)])
seq_b = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)], name="classifier")
seq_c = keras.Sequential()
seq_c.add(keras.Input((5,)))
seq_c.add(keras.layers.Dense(4, name="wide"))
print(seq_a.name, seq_b.name, seq_c.name, [l.name for l in seq_b.layers], [l.name for l in seq_c.layers])
out_a = seq_a(np.ones((1, 6), np.float32))
print(seq_a.layers[0].name, seq_b.inputs[0].name, seq_c.outputs[0].name)

# %%
inp = keras.Input((4,))
hidden = keras.layers.Dense(3, activation="relu")(inp)
out = keras.layers.Dense(2)(hidden)
func = keras.Model(inp, out)
named_input = keras.Input((2,), name="pixels")
func_2 = keras.Model(named_input, keras.layers.Dense(1)(named_input), name="tiny")
print(func.name, func_2.name, inp.name, hidden.name, out.name, named_input.name, [l.name for l in func.layers])


class HTTPServerModel(keras.Model):
    pass


class Net2D(keras.layers.Layer):
    def call(self, x):
        return x


class ABC(keras.Model):
    pass


names = [HTTPServerModel().name, Net2D().name, ABC().name, MyModel().name, Net2D().name]
dense_names = [keras.layers.Dense(1).name for _ in range(3)]
print(names, dense_names)
others = [
    keras.layers.Flatten().name,
    keras.layers.Dropout(0.5).name,
    keras.layers.LayerNormalization().name,
    keras.layers.BatchNormalization().name,
    keras.layers.Conv2D(2, 3).name,
    keras.layers.GlobalAveragePooling2D().name,
    keras.layers.MaxPooling2D().name,
    keras.layers.Embedding(4, 2).name,
]
print(others)

# %%
# A layer that keeps the default `build` and holds unbuilt sublayers is built by tracing its first call: each tensor
# that call returns takes a KerasTensor name.
def next_tensor_name():
    return keras.Input((1,)).name


class Pair(keras.Model):
    def __init__(self):
        super().__init__()
        self.dense = keras.layers.Dense(2)

    def call(self, x):
        return self.dense(x), self.dense(x) * 2.0


class Doubler(keras.layers.Layer):
    def call(self, x):
        return x * 2.0


class Built(keras.Model):
    def __init__(self):
        super().__init__()
        self.dense = keras.layers.Dense(2)

    def build(self, input_shape):
        self.dense.build(input_shape)

    def call(self, x):
        return self.dense(x)


probes = [next_tensor_name()]
pair = Pair()
p1, p2 = pair(tf.ones((2, 3)))
probes.append(next_tensor_name())
p3, p4 = pair(tf.ones((2, 3)))
probes.append(next_tensor_name())
doubled = Doubler()(tf.ones((2, 3)))
probes.append(next_tensor_name())
built_out = Built()(tf.ones((2, 3)))
probes.append(next_tensor_name())
symbolic_pair = Pair()(keras.Input((3,)))
probes.append(next_tensor_name())
print(probes, [t.name for t in symbolic_pair])
