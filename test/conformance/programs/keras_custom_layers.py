# Custom layers and models in the style of the customization guide: add_weight, layer reprs, nested layers.
# %%
import tensorflow as tf
import keras


class MyDenseLayer(tf.keras.layers.Layer):
    def __init__(self, num_outputs):
        super().__init__()
        self.num_outputs = num_outputs

    def build(self, input_shape):
        self.kernel = self.add_weight(name="kernel", shape=[int(input_shape[-1]), self.num_outputs])

    def call(self, inputs):
        return tf.matmul(inputs, self.kernel)


keras.utils.set_random_seed(4)
layer = MyDenseLayer(3)
out = layer(tf.ones([2, 5]))
names = [var.name for var in layer.trainable_variables]
print(names, layer)


# %%
class Block(tf.keras.Model):
    def __init__(self):
        super().__init__(name="")
        self.conv = tf.keras.layers.Conv2D(2, (1, 1))
        self.bn = tf.keras.layers.BatchNormalization()

    def call(self, x, training=False):
        return tf.nn.relu(self.bn(self.conv(x), training=training))


block = Block()
y = block(tf.ones([1, 2, 3, 3]))
print(block.layers, len(block.variables))
print([keras.layers.Dense(2), keras.Sequential()])


# %%
class Positional(keras.layers.Layer):
    def build(self, input_shape):
        self.w = self.add_weight((2, 2), "ones")


p = Positional()
p.build(None)
w = p.w.numpy()


# %%
class NamedFirst(keras.layers.Layer):
    def build(self, input_shape):
        self.w = self.add_weight("w", shape=(2,))


NamedFirst()(tf.ones((1, 2)))


# %%
class Twice(keras.layers.Layer):
    def build(self, input_shape):
        self.w = self.add_weight((2,), shape=(2,))


Twice()(tf.ones((1, 2)))
