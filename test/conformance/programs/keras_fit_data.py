# Keras training on tf.data pipelines and on shuffled arrays, as the Keras and custom-training guides run it:
# fit/evaluate/predict on a batched, seeded-shuffled dataset, validation data as a dataset, `shuffle=True` on arrays
# with a set seed, and the progress text of verbose=1 and verbose=2.
# %%
import numpy as np
import tensorflow as tf
import keras

keras.utils.set_random_seed(1)
x = np.linspace(-1.0, 1.0, 20, dtype=np.float32).reshape(10, 2)
y = (x @ np.array([[1.5], [-2.0]], dtype=np.float32) + 0.5).astype(np.float32)
train = tf.data.Dataset.from_tensor_slices((x, y)).shuffle(10, seed=4).batch(4)
model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
model.compile(optimizer=keras.optimizers.SGD(0.1), loss="mse", metrics=["mae"])
history = model.fit(train, epochs=3, verbose=1)
losses = history.history["loss"]
maes = history.history["mae"]
weights = model.get_weights()

# %%
test = tf.data.Dataset.from_tensor_slices((x, y)).batch(3)
result = model.evaluate(test, verbose=1)
predictions = model.predict(tf.data.Dataset.from_tensor_slices(x).batch(4), verbose=0)

# %%
keras.utils.set_random_seed(2)
model2 = keras.Sequential([keras.Input((2,)), keras.layers.Dense(3, activation="tanh"), keras.layers.Dense(1)])
model2.compile(optimizer=keras.optimizers.Adam(0.05), loss="mse")
history2 = model2.fit(x, y, batch_size=3, epochs=4, verbose=2, validation_data=test)
losses2 = history2.history["loss"]
val_losses2 = history2.history["val_loss"]
weights2 = model2.get_weights()

# %%
history3 = model2.fit(x, y, batch_size=4, epochs=1, shuffle=True, verbose=1)
loss3 = history3.history["loss"]
silent = model2.evaluate(x, y, verbose=0)
