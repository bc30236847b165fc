# A call the engine cannot evaluate may change what it is given: afterwards that value, and everything computed
# from it, is unknown (never its old number). Plotting and logging change nothing and taint nothing.
import tensorflow as tf
import somelib
import matplotlib.pyplot as plt

x = tf.constant([3.0, 4.0])
w = tf.Variable([1.0, 2.0])
history = []
for step in range(3):
    with tf.GradientTape() as tape:
        loss = tf.reduce_sum(w * x)
    grad = tape.gradient(loss, w)
    history.append(loss)
    somelib.update(w, grad)
# The first run's numbers (loss 11, gradient [3, 4]) are stale after somelib.update: unknown, not shown.
assert loss.numpy() == 11.0
assert grad is not None
print(w)
print(history)

# Reached through an object's attributes or a container.
class Model:
    def __init__(self):
        self.v = tf.Variable(2.0)

m = Model()
kept = m.v
params = [tf.Variable(5.0)]
first = params[0]
somelib.train(m, params)
assert kept.numpy() == 2.0
assert first.numpy() == 5.0
assert m.v * 2.0 == 4.0

# Plotting does not change its arguments: values stay known.
z = tf.Variable(3.0)
values = [1.0, 2.0]
plt.plot(values)
plt.title(f"z = {z.numpy()}")
fig, ax = plt.subplots()
ax.plot(z.numpy())
assert z.numpy() == 3.0
assert values == [1.0, 2.0]

# A list appended to inside a loop over an unknown iterable.
seen = []
for batch in somelib.batches():
    seen.append(batch)
assert len(seen) == 0

# An unknown value reaching an op: the result is unknown, not an error.
s = tf.stack([x, somelib.vector()])
assert s.shape == (2, 2)
t = tf.add_n([tf.constant(1.0), somelib.scalar()])
assert t.numpy() == 2.0

# Values that nothing unknown touched stay known and checked.
assert x.numpy().tolist() == [3.0, 4.0]

# A progress bar yields its iterable's items: the loop runs.
from tqdm import tqdm

total = 0.0
for v in tqdm([1.0, 2.0, 3.0]):
    total += v
assert total == 6.0

# expect-assert-unchecked: line 17
# expect-assert-unchecked: line 18
# expect-assert-unchecked: line 32
# expect-assert-unchecked: line 33
# expect-assert-unchecked: line 34
# expect-assert-unchecked: line 50
# expect-assert-unchecked: line 54
# expect-assert-unchecked: line 56
# expect: warning unknown-gradient line 15: `somelib.update` (line 15) is not supported, so the gradient at line 13 is unknown
# expect: information unsupported line 4: `somelib` is not supported
# expect: information unsupported line 5: `matplotlib.pyplot` is not supported
# expect: information unsupported line 62: `tqdm` is not supported
