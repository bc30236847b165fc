# model.summary() as Keras 3 prints it: a built Sequential (long class names wrap), an unbuilt one, a functional
# model with its InputLayer, and a trained model with its optimizer's parameters. The .out is what TensorFlow 2.21
# with Keras 3.15 prints for this file.
import numpy as np
import keras

model = keras.Sequential([
    keras.Input((8,)),
    keras.layers.Dense(16, activation="relu"),
    keras.layers.LayerNormalization(),
    keras.layers.Dropout(0.2),
    keras.layers.Dense(10),
])
model.summary()
lazy = keras.Sequential([keras.layers.Dense(2)])
lazy.summary()
x = keras.Input((3,))
y = keras.layers.BatchNormalization()(keras.layers.Dense(2)(x))
functional = keras.Model(x, y)
functional.summary()
functional.compile(optimizer=keras.optimizers.Adam(0.01), loss="mse")
functional.fit(np.ones((4, 3)), np.zeros((4, 2)), epochs=1, verbose=0)
functional.summary()
assert functional.count_params() == 16
