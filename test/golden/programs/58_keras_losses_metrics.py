# Keras 3 losses (classes with reductions, functions per sample, from_logits, the logits Keras's own sigmoid and
# softmax remember) and streaming metrics. Expected values: TensorFlow 2.21 with Keras 3.15.
import numpy as np
import tensorflow as tf
import keras

def check(value, expected):
    """Equal to TensorFlow's value (generated with TF 2.21 / Keras 3.15) up to float32 accumulation order."""
    assert np.allclose(np.asarray(value, dtype="float64"), np.asarray(expected, dtype="float64"), rtol=2e-5, atol=1e-6), (value, expected)


y_true = tf.constant([[0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
y_pred = tf.constant([[0.2, 0.7], [0.9, 0.4], [0.6, 0.8]])
check(keras.losses.MeanSquaredError()(y_true, y_pred), 0.0833333358168602)
check(keras.losses.mean_squared_error(y_true, y_pred), [0.0650000050663948, 0.08500000834465027, 0.09999998658895493])
check(keras.losses.MeanAbsoluteError(reduction="sum")(y_true, y_pred), 0.7999999523162842)
check(keras.losses.Huber(delta=0.5)(y_true, y_pred), 0.0416666679084301)
check(keras.losses.BinaryCrossentropy()(y_true, y_pred), 0.3216622769832611)
check(keras.losses.BinaryCrossentropy(from_logits=True)(y_true, y_pred), 0.5440137386322021)
check(keras.losses.BinaryCrossentropy(reduction="none")(y_true, y_pred), [0.2899092435836792, 0.3080930709838867, 0.3669845461845398])
check(keras.losses.binary_crossentropy(y_true, y_pred, label_smoothing=0.1), [0.3457490801811218, 0.37316030263900757, 0.4117785692214966])
check(keras.losses.MeanSquaredError()(y_true, y_pred, sample_weight=tf.constant([1.0, 0.5, 2.0])), 0.10249999165534973)
probs = tf.constant([[0.1, 0.7, 0.2], [0.5, 0.25, 0.25]])
onehot = tf.constant([[0.0, 1.0, 0.0], [0.0, 0.0, 1.0]])
check(keras.losses.CategoricalCrossentropy()(onehot, probs), 0.871484637260437)
check(keras.losses.CategoricalCrossentropy(from_logits=True)(onehot, probs), 0.9785097241401672)
check(keras.losses.categorical_crossentropy(onehot, probs, label_smoothing=0.2), [0.5699198246002197, 1.3400845527648926])
check(keras.losses.SparseCategoricalCrossentropy()(tf.constant([1, 2]), probs), 0.871484637260437)
check(keras.losses.SparseCategoricalCrossentropy(from_logits=True)(np.array([1, 2]), probs), 0.9785097241401672)
check(keras.losses.sparse_categorical_crossentropy(np.array([[1], [0]]), probs), [0.3566748797893524, 0.6931471824645996])

# A cross-entropy of Keras's own softmax/sigmoid output is computed from the logits.
logits = tf.constant([[2.0, 1.0, 0.1], [0.0, 5.0, -3.0]])
sm = keras.activations.softmax(logits)
check(keras.losses.CategoricalCrossentropy()(tf.constant([[0.0, 0.0, 1.0], [1.0, 0.0, 0.0]]), sm), 3.662039279937744)
sg = keras.layers.Dense(2, activation="sigmoid", kernel_initializer="ones")(tf.constant([[3.0], [-20.0]]))
check(keras.losses.BinaryCrossentropy()(tf.constant([[1.0, 0.0], [0.0, 1.0]]), sg), 5.774293899536133)

# Gradients flow through a Keras loss like through any op.
w = tf.Variable([[0.5, -0.5], [1.0, 0.25]])
with tf.GradientTape() as tape:
    loss = keras.losses.CategoricalCrossentropy(from_logits=True)(tf.constant([[1.0, 0.0]]), tf.constant([[1.0, 2.0]]) @ w)
check(tape.gradient(loss, w), [[-0.07585817575454712, 0.07585817575454712], [-0.15171635150909424, 0.15171635150909424]])

m = keras.metrics.Mean()
m.update_state([1.0, 2.0, 4.0])
m.update_state(5.0)
check(m.result(), 3.0)
m.reset_state()
check(m.result(), 0.0)
m.update_state([2.0, 4.0], sample_weight=[1.0, 3.0])
check(m.result(), 3.5)
acc = keras.metrics.SparseCategoricalAccuracy()
acc.update_state([1, 2], probs)
check(acc.result(), 0.5)
ba = keras.metrics.BinaryAccuracy()
ba.update_state(y_true, y_pred)
check(ba.result(), 1.0)
ca = keras.metrics.CategoricalAccuracy()
ca.update_state(onehot, probs)
check(ca.result(), 0.5)
a = keras.metrics.Accuracy()
a.update_state([1, 2, 3, 4], [1, 2, 0, 4])
check(a.result(), 0.75)
mse = keras.metrics.MeanSquaredError()
mse.update_state(y_true, y_pred)
check(mse.result(), 0.0833333358168602)
mae = keras.metrics.MeanAbsoluteError()
mae.update_state(y_true, y_pred)
mae.update_state(y_pred, y_pred)
check(mae.result(), 0.13333332538604736)
