# The result of tape.gradient has the structure of `sources`: list, tuple, dict, nested (guide/autodiff).
import tensorflow as tf

w = tf.Variable([[1.0, 2.0], [3.0, 4.0]], name='w')
b = tf.Variable([0.5, -0.5], name='b')
x = tf.constant([[1.0, 1.0]])

def loss_fn():
    y = x @ w + b
    return tf.reduce_sum(y * y)

# y = [1+3+0.5, 2+4-0.5] = [4.5, 5.5]; dL/dy = 2y = [9, 11]
gy = [9.0, 11.0]

with tf.GradientTape(persistent=True) as tape:
    loss = loss_fn()

g_list = tape.gradient(loss, [w, b])
assert isinstance(g_list, list) and len(g_list) == 2
assert g_list[0].numpy().tolist() == [gy, gy]
assert g_list[1].numpy().tolist() == gy

g_tuple = tape.gradient(loss, (w, b))
assert isinstance(g_tuple, tuple) and len(g_tuple) == 2
assert g_tuple[1].numpy().tolist() == gy

my_vars = {'w': w, 'b': b}
grad = tape.gradient(loss, my_vars)
assert isinstance(grad, dict)
assert sorted(grad.keys()) == ['b', 'w']
assert grad['b'].numpy().tolist() == gy
assert grad['w'].numpy().tolist() == [gy, gy]

nested = tape.gradient(loss, {'layer': [w, (b,)], 'none': []})
assert isinstance(nested['layer'], list)
assert isinstance(nested['layer'][1], tuple)
assert nested['layer'][1][0].numpy().tolist() == gy
assert nested['none'] == []

single = tape.gradient(loss, b)
assert isinstance(single, tf.Tensor)
assert single.numpy().tolist() == gy
del tape
