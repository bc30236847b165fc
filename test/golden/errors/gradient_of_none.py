# A target of None (e.g. a function that forgot to return) is a TypeError.
# expect: error exception line 14: TypeError: Argument `target` should be a list or nested structure of Tensors, Variables or CompositeTensors to be differentiated, but received None.
import tensorflow as tf


def loss_fn(v):
    l = v * v  # forgot `return l`


x = tf.Variable(2.0)
with tf.GradientTape() as tape:
    loss = loss_fn(x)
assert loss is None
g = tape.gradient(loss, x)
