# Several tapes in a loop, gradients collected into lists and dicts, f-strings with .numpy() (guide style).
import tensorflow as tf

results = {}
for p in [1, 2, 3]:
    x = tf.Variable(2.0)
    with tf.GradientTape() as tape:
        y = x ** p
    results[p] = tape.gradient(y, x).numpy()
    print(f'p={p}: dy/dx = {results[p]:.1f}')

# p x^(p-1) at 2
assert results == {1: 1.0, 2: 4.0, 3: 12.0}

# Gradients of a list of losses with respect to one variable, one tape per loss.
w = tf.Variable([1.0, 2.0])
loss_fns = [lambda v: tf.reduce_sum(v), lambda v: tf.reduce_sum(v * v), lambda v: v[0] * v[1]]
grads = []
for fn in loss_fns:
    with tf.GradientTape() as tape:
        l = fn(w)
    grads.append(tape.gradient(l, w).numpy().tolist())
assert grads == [[1.0, 1.0], [2.0, 4.0], [2.0, 1.0]]

# zip over variables and gradients, as an optimizer would.
params = [tf.Variable(1.0), tf.Variable(-2.0)]
with tf.GradientTape() as tape:
    loss = params[0] ** 2 + 3.0 * params[1]
gs = tape.gradient(loss, params)
for var, g in zip(params, gs):
    var.assign_sub(0.1 * g)
assert abs(params[0].numpy() - 0.8) < 1e-7 and abs(params[1].numpy() + 2.3) < 1e-6
