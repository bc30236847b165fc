# tf.data datasets made of other datasets — zip, concatenate, unbatch, enumerate — with TensorFlow's element
# structures and cardinalities, and Keras's fit, evaluate and predict on a dataset whose length is unknown (a
# filter), printed at verbose=1 and verbose=2.
# %%
import numpy as np
import tensorflow as tf
import keras

numbers = tf.data.Dataset.range(3)
rows = tf.data.Dataset.from_tensor_slices(tf.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0], [7.0, 8.0]]))
pairs = tf.data.Dataset.zip((numbers, rows))
print(pairs, pairs.cardinality().numpy())
pair_values = list(pairs.as_numpy_iterator())
named = tf.data.Dataset.zip({"n": numbers, "row": rows})
nested = tf.data.Dataset.zip(numbers, (rows, numbers))
print(named, nested, len(nested))
first_named = next(iter(named))
zip_cards = [
    tf.data.Dataset.zip((numbers.repeat(), rows)).cardinality().numpy(),
    tf.data.Dataset.zip((numbers.filter(lambda x: x > 0), rows)).cardinality().numpy(),
    tf.data.Dataset.zip((numbers.repeat(), rows.repeat())).cardinality().numpy(),
]
print(zip_cards)

# %%
joined = numbers.concatenate(tf.data.Dataset.range(10, 12))
print(joined, joined.cardinality().numpy(), list(joined.as_numpy_iterator()))
ragged = tf.data.Dataset.range(4).batch(3).concatenate(tf.data.Dataset.range(2).batch(2))
ragged_values = [b.numpy() for b in ragged]
print(ragged, ragged_values)
concat_cards = [
    numbers.repeat().concatenate(numbers).cardinality().numpy(),
    numbers.filter(lambda x: x > 0).concatenate(numbers).cardinality().numpy(),
    numbers.filter(lambda x: x > 0).concatenate(numbers.repeat()).cardinality().numpy(),
]
print(concat_cards)
try:
    numbers.concatenate(rows)
except TypeError as e:
    print(e)

# %%
flat = rows.batch(3).unbatch()
print(flat, flat.cardinality().numpy(), [r.numpy() for r in flat])
split = tf.data.Dataset.from_tensors((tf.ones((3, 2)), tf.range(3))).unbatch()
print(split, split.cardinality().numpy(), list(split.as_numpy_iterator())[-1])
try:
    numbers.unbatch()
except ValueError as e:
    print(e)
counted = rows.enumerate(start=5)
print(counted, counted.cardinality().numpy(), list(counted.take(2).as_numpy_iterator()))
kept = rows.filter(lambda r: r[0] > 2)
print(tf.data.experimental.cardinality(kept).numpy(), tf.data.experimental.cardinality(numbers).numpy())

# %%
keras.utils.set_random_seed(1)
x = np.arange(40, dtype=np.float32).reshape(20, 2) / 40
y = (x[:, :1] * 2 + 1).astype(np.float32)
unknown_length = tf.data.Dataset.from_tensor_slices((x, y)).filter(lambda a, b: a[0] > 0.1).batch(4)
print(unknown_length.cardinality().numpy())
model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
model.compile(optimizer="sgd", loss="mse", metrics=["mae"])
history = model.fit(unknown_length, epochs=2, verbose=1)
history_2 = model.fit(unknown_length, epochs=2, verbose=2)
loss_1 = model.evaluate(unknown_length, verbose=1)
loss_2 = model.evaluate(unknown_length, verbose=2)
predicted = model.predict(unknown_length.map(lambda a, b: a), verbose=1)
