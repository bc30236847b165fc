# A subclassed Keras model called twice on batches of different sizes, its gradient through both calls, and a
# layer called positionally, by keyword and without inputs.
# %%
import numpy as np
import tensorflow as tf
import keras

keras.utils.set_random_seed(3)

class TwoLayer(keras.Model):
    def __init__(self, units):
        super().__init__()
        self.hidden = keras.layers.Dense(units, activation="relu")
        self.out = keras.layers.Dense(1)

    def call(self, x, training=False):
        return self.out(self.hidden(x))

model = TwoLayer(4)
x1 = tf.constant([[1.0, 2.0], [3.0, -1.0]])
x2 = tf.constant([[0.5, -0.5], [2.0, 1.0], [1.0, 1.0]])
y1 = model(x1)
y2 = model(x2)
print(y1.shape, y2.shape, len(model.trainable_variables))
with tf.GradientTape() as tape:
    loss = tf.reduce_mean(model(x1) ** 2) + tf.reduce_mean(model(x2) ** 2)
grads = tape.gradient(loss, model.trainable_variables)
print([g.shape for g in grads])
print(model.hidden.name, model.out.name, [v.name for v in model.weights])
layer = keras.layers.Dense(2, name="proj")
z = layer(x1)
z_kw = layer(inputs=x2)
print(z.shape, z_kw.shape)
try:
    layer()
except TypeError as e:
    print("TypeError:", e)
