# tf.data on in-memory data, as the data and custom-training guides build input pipelines: slices of tensors,
# tuples and dicts, batches, seeded shuffles (op seed, global seed, reshuffling each iteration), map, take, skip,
# repeat, element_spec and cardinality.
# %%
import numpy as np
import tensorflow as tf

ds = tf.data.Dataset.from_tensor_slices([8, 3, 0, 8, 2, 1])
print(ds)
print(ds.element_spec)
elements = [int(x) for x in ds]
numpy_elements = list(ds.as_numpy_iterator())
n = len(ds)
card = ds.cardinality()

# %%
features = np.arange(12, dtype=np.float32).reshape(6, 2)
labels = np.array([0, 1, 0, 1, 1, 0])
pairs = tf.data.Dataset.from_tensor_slices((features, labels))
print(pairs.element_spec)
first_x, first_y = next(iter(pairs))
print(first_x, first_y)
batched = pairs.batch(4)
print(batched)
batches = [(x.numpy(), y.numpy()) for x, y in batched]
dropped = pairs.batch(4, drop_remainder=True)
print(dropped.element_spec, len(dropped))

# %%
records = tf.data.Dataset.from_tensor_slices({"a": [1.0, 2.0, 3.0], "b": [[1, 2], [3, 4], [5, 6]]})
print(records.element_spec)
for r in records.take(2):
    print(r["a"], r["b"])
whole = tf.data.Dataset.from_tensors(tf.constant([[1, 2], [3, 4]]))
print(whole, len(whole))
whole_items = [t.numpy() for t in whole]

# %%
r = tf.data.Dataset.range(10)
print(r)
ranges = (list(r.as_numpy_iterator()), list(tf.data.Dataset.range(2, 11, 3).as_numpy_iterator()))
window = list(r.skip(3).take(4).as_numpy_iterator())
repeated = list(tf.data.Dataset.range(3).repeat(2).as_numpy_iterator())
infinite = tf.data.Dataset.range(3).repeat()
print(infinite.cardinality(), tf.data.experimental.INFINITE_CARDINALITY)
head = list(infinite.take(7).as_numpy_iterator())
try:
    len(infinite)
except TypeError as e:
    print("TypeError:", e)
cards = [int(d.cardinality()) for d in (r.batch(3), r.batch(3, drop_remainder=True), r.take(20), r.skip(4), r.skip(12))]

# %%
shuffled = tf.data.Dataset.range(10).shuffle(4, seed=7)
order1 = [int(v) for v in shuffled]
order2 = [int(v) for v in shuffled]
twice = list(tf.data.Dataset.range(10).shuffle(4, seed=7).repeat(2).as_numpy_iterator())
fixed = list(tf.data.Dataset.range(10).shuffle(4, seed=7, reshuffle_each_iteration=False).repeat(2).as_numpy_iterator())
mixed = list(tf.data.Dataset.range(10).repeat(2).shuffle(4, seed=7).as_numpy_iterator())
full = list(tf.data.Dataset.range(10).shuffle(100, seed=3).as_numpy_iterator())
batches_of_shuffled = [b.numpy() for b in tf.data.Dataset.range(7).shuffle(7, seed=1).batch(3)]

# %%
tf.random.set_seed(3)
global_order1 = list(tf.data.Dataset.range(10).shuffle(10).as_numpy_iterator())
global_order2 = list(tf.data.Dataset.range(10).shuffle(10).as_numpy_iterator())
after_draw = tf.random.uniform([2])
global_order3 = list(tf.data.Dataset.range(10).shuffle(5).as_numpy_iterator())
both = list(tf.data.Dataset.range(8).shuffle(8, seed=11).as_numpy_iterator())

# %%
def scale(x, y):
    print("tracing scale with", x)
    return x * 2.0, y + 1

scaled = pairs.map(scale)
print(scaled.element_spec)
scaled_items = [(x.numpy(), y.numpy()) for x, y in scaled]
as_list = tf.data.Dataset.range(3).map(lambda x: [x, x * x])
print(as_list.element_spec)
list_items = list(as_list.as_numpy_iterator())
evens = list(tf.data.Dataset.range(10).filter(lambda x: x % 2 == 0).as_numpy_iterator())
pipeline = (
    tf.data.Dataset.from_tensor_slices((features, labels))
    .shuffle(6, seed=5)
    .map(lambda x, y: (tf.reduce_sum(x), y))
    .batch(2)
    .prefetch(tf.data.AUTOTUNE)
    .cache()
)
print(pipeline)
pipeline_items = [(x.numpy(), y.numpy()) for x, y in pipeline]
