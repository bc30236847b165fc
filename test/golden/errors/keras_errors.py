# Keras's own error texts (TensorFlow 2.21 / Keras 3.15): a wrong input rank, a shape that does not match the built
# layer, unknown names; an uncaught one is reported at the user's line.
# expect: error exception line 39: ValueError: Input 0 with name 'None' of layer 'dense_4' is incompatible with the layer: expected min_ndim=2, found ndim=1. Full shape received: (2,)
import tensorflow as tf
import keras

keras.utils.set_random_seed(1)


def message(f):
    try:
        f()
    except ValueError as e:
        return str(e)
    return None


d = keras.layers.Dense(2)
y = d(tf.ones((1, 3)))
assert y.shape == (1, 2)
assert message(lambda: d(tf.ones((1, 4)))) == (
    "Input 0 with name 'None' of layer 'dense' is incompatible with the layer: expected axis -1 of input shape to "
    "have value 3, but received input with shape (1, 4)"
)
assert message(lambda: keras.layers.Dense(2, activation="swishy")) == "Could not interpret activation function identifier: swishy"
assert message(lambda: keras.losses.get("hinge_loss")) == "Could not interpret loss identifier: hinge_loss"
assert message(lambda: keras.layers.Dense(0)) == (
    "Received an invalid value for `units`, expected a positive integer. Received: units=0"
)
assert message(lambda: keras.layers.Dense(2, foo=1)) == "Unrecognized keyword arguments passed to Dense: {'foo': 1}"
assert message(lambda: keras.layers.Concatenate()([tf.ones((2, 3)), tf.ones((3, 3))])) == (
    "A `Concatenate` layer requires inputs with matching shapes except for the concatenation axis. "
    "Received: input_shape=[(2, 3), (3, 3)]"
)
assert message(lambda: keras.layers.Add()([tf.ones((2, 3)), tf.ones((2, 4))])) == (
    "Inputs have incompatible shapes. Received shapes (3,) and (4,)"
)
assert message(lambda: keras.Sequential([keras.layers.Dense(1)]).fit(tf.ones((2, 3)), tf.ones((2, 1)))) == "You must call `compile()` before using the model."
keras.layers.Dense(2)(tf.constant([1.0, 2.0]))
