# A Python float into an int32 tensor op: TypeError (tensor.py's conversion message).
# expect: error exception line 8: TypeError: Cannot convert 2.2 to EagerTensor of dtype int32
import tensorflow as tf

i = tf.constant([1, 2])
assert i.dtype == tf.int32
assert (i * 2).numpy().tolist() == [2, 4]
j = i * 2.2
