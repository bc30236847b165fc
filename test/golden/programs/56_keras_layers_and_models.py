# Keras 3 layers and models: seeded initializers (keras.utils.set_random_seed and explicit seeds give TensorFlow's
# values), a subclassed Layer with add_weight and a keras.Variable (a plain tf.Variable attribute is not tracked), a
# subclassed Model with a seeded Dropout, Keras's weight paths and trainable flags, gradients through layers.
# The .out is what TensorFlow 2.21 with Keras 3.15 prints for this file.
import tensorflow as tf
import keras
import numpy as np

keras.utils.set_random_seed(7)
for init in ["zeros", "ones", "random_normal", "random_uniform", "truncated_normal", "glorot_uniform", "glorot_normal", "he_uniform", "he_normal", "lecun_uniform", "lecun_normal"]:
    print(init, keras.initializers.get(init)((2, 3)).numpy().tolist())
print(keras.initializers.GlorotUniform(seed=3)((3, 2)).numpy().tolist())
print(keras.initializers.RandomNormal(mean=1.0, stddev=2.0, seed=11)((4,)).numpy().tolist())
print(keras.initializers.Constant(0.5)((2,)).numpy().tolist())
print(keras.initializers.TruncatedNormal(seed=5)((2, 2)).numpy().tolist())

class Linear(keras.layers.Layer):
    def __init__(self, units=2, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.frozen = keras.Variable(3.0, trainable=False, name="frozen")
        self.plain = tf.Variable(1.0)

    def build(self, input_shape):
        self.w = self.add_weight(shape=(input_shape[-1], self.units), initializer="random_normal", name="w")
        self.b = self.add_weight(shape=(self.units,), initializer="zeros", name="b")

    def call(self, inputs):
        return tf.matmul(inputs, self.w) + self.b * self.frozen

class MyModel(keras.Model):
    def __init__(self):
        super().__init__()
        self.lin = Linear(3)
        self.drop = keras.layers.Dropout(0.5, seed=1)
        self.out = keras.layers.Dense(1, kernel_initializer=keras.initializers.HeNormal(seed=2))

    def call(self, x, training=False):
        return self.out(self.drop(self.lin(x), training=training))

m = MyModel()
x = tf.constant([[1.0, 2.0], [3.0, -1.0]])
print(m(x).numpy().tolist())
print(m(x, training=True).numpy().tolist())
print(m(x, training=True).numpy().tolist())
print([v.path for v in m.weights])
print([v.path for v in m.trainable_variables])
print([v.path for v in m.non_trainable_variables])
print(m.count_params(), m.lin.built, m.built)
assert m.count_params() == 14 and len(m.trainable_variables) == 4
assert isinstance(m.lin.w, keras.Variable) and not isinstance(m.lin.w, tf.Variable)
with tf.GradientTape() as tape:
    y = tf.reduce_sum(m(x))
g = tape.gradient(y, m.trainable_variables)
print([t.numpy().tolist() for t in g])
m.lin.trainable = False
print([v.path for v in m.trainable_variables], m.lin.w.trainable)

ln = keras.layers.LayerNormalization(axis=[1, 2])
print(ln(tf.reshape(tf.range(12, dtype=tf.float32), (2, 3, 2))).numpy().tolist())
print(keras.layers.Reshape((3, -1))(tf.ones((2, 6))).shape)
print(keras.activations.gelu(tf.constant([-1.0, 0.5, 2.0])).numpy().tolist())
print(keras.layers.Activation("softmax")(tf.constant([[1.0, 2.0, 3.0]])).numpy().tolist())
