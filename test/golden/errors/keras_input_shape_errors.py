# Keras's texts for inputs a built model or layer cannot take (TensorFlow 2.21 / Keras 3): an error inside a layer's
# call names the call and its arguments, a Sequential or functional model checks its input's rank and shape, and an
# uncaught one is reported at the user's line.
# expect: error exception line 107: ValueError: Exception encountered when calling Sequential.call().
import numpy as np
import tensorflow as tf
import keras

keras.utils.set_random_seed(3)


def message(f):
    try:
        f()
    except Exception as e:
        return type(e).__name__ + ": " + str(e)
    return None


def called(cls, inner, *args):
    return (
        f"Exception encountered when calling {cls}.call().\n\n\x1b[1m{inner}\x1b[0m\n\n"
        f"Arguments received by {cls}.call():\n" + "\n".join(f"  • {a}" for a in args)
    )


SEQ_REST = ("mask=None", "kwargs=<class 'inspect._empty'>")

seq = keras.Sequential([keras.Input((784,)), keras.layers.Dense(10)])
wrong_width = message(lambda: seq(np.zeros((2, 100), np.float32)))
assert wrong_width == "ValueError: " + called(
    "Sequential",
    "Input 0 with name 'None' of layer 'dense' is incompatible with the layer: expected axis -1 of input shape to "
    "have value 784, but received input with shape (2, 100)",
    "inputs=tf.Tensor(shape=(2, 100), dtype=float32)",
    "training=None",
    *SEQ_REST,
)
wrong_rank = message(lambda: seq(tf.zeros((3,))))
assert wrong_rank == "ValueError: " + called(
    "Sequential",
    "Invalid input shape for input [0. 0. 0.] with name 'keras_tensor' and path ''. Expected shape (None, 784), "
    "but input has incompatible shape (3,)",
    "inputs=tf.Tensor(shape=(3,), dtype=float32)",
    "training=None",
    *SEQ_REST,
)
# One axis of size 1 too many is squeezed away.
squeezed = seq(np.ones((2, 784, 1), np.float32))
assert squeezed.shape == (2, 10)

inputs = keras.Input((4,), name="features")
outputs = keras.layers.Dense(2)(keras.layers.Dense(3, activation="relu")(inputs))
functional = keras.Model(inputs, outputs)
functional_width = message(lambda: functional(np.zeros((5, 6), np.float32)))
assert functional_width == (
    "ValueError: Input 0 with name 'features' of layer 'functional_1' is incompatible with the layer: "
    "expected shape=(None, 4), found shape=(5, 6)"
)
functional_rank = message(lambda: functional(np.zeros((2,), np.float32), training=True))
assert functional_rank == "ValueError: " + called(
    "Functional",
    "Invalid input shape for input [0. 0.] with name 'features' and path ''. Expected shape (None, 4), but "
    "input has incompatible shape (2,)",
    "inputs=array([0., 0.], dtype=float32)",
    "training=True",
    *SEQ_REST,
)

dense = keras.layers.Dense(4)
built = dense(tf.ones((2, 3)))
dense_width = message(lambda: dense(tf.ones((2, 5))))
assert dense_width == (
    "ValueError: Input 0 with name 'None' of layer 'dense_3' is incompatible with the layer: expected axis -1 of "
    "input shape to have value 3, but received input with shape (2, 5)"
)
not_a_tensor = message(lambda: dense(3.0))
assert not_a_tensor == (
    "ValueError: Only input tensors may be passed as positional arguments. The following argument value should be "
    "passed as a keyword argument: 3.0 (of type <class 'float'>)"
)


class Scaled(keras.layers.Layer):
    def call(self, x, scale=2.0):
        if x.shape[-1] != 3:
            raise ValueError(f"expected 3 features, got {x.shape[-1]}")
        return x * scale


custom = message(lambda: Scaled()(tf.ones((2, 4))))
assert custom == "ValueError: " + called(
    "Scaled", "expected 3 features, got 4", "x=tf.Tensor(shape=(2, 4), dtype=float32)", "scale=2.0"
)

seq.compile(optimizer="sgd", loss="mse")
# fit traces its step with any batch size: the shapes it names start with None.
in_fit = message(lambda: seq.fit(np.zeros((8, 100), np.float32), np.zeros((8, 10), np.float32), verbose=0))
assert in_fit == "ValueError: " + called(
    "Sequential",
    "Input 0 with name 'None' of layer 'dense' is incompatible with the layer: expected axis -1 of input shape to "
    "have value 784, but received input with shape (None, 100)",
    "inputs=tf.Tensor(shape=(None, 100), dtype=float32)",
    "training=True",
    *SEQ_REST,
)
seq.predict(np.zeros((4, 100), np.float32), verbose=0)
