# Unknown imports and attributes give one information diagnostic each; what depends on them is unknown;
# the rest of the file evaluates.
# expect: information unsupported line 8: pandas
# expect: information unsupported line 9: matplotlib
# expect: information unsupported line 14: tf.io
import numpy as np
import tensorflow as tf
import pandas as pd
import matplotlib.pyplot as plt

x = tf.Variable([1.0, 2.0])
with tf.GradientTape() as tape:
    y = tf.reduce_sum(x ** 2)
exists = tf.io.gfile.exists("data.txt")
if exists:
    print("found")
plt.plot([1, 2], [3, 4])
plt.show()
frame = pd.DataFrame({"a": [1, 2]})
g = tape.gradient(y, x)
assert g.numpy().tolist() == [2.0, 4.0]
