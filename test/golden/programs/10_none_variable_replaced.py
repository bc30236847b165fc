# A variable replaced by a tensor is no longer watched (guide/autodiff "Cases where gradient returns None").
import tensorflow as tf

x = tf.Variable(2.0)

results = []
for epoch in range(2):
    with tf.GradientTape() as tape:
        y = x + 1

    print(type(x).__name__, ":", tape.gradient(y, x))
    results.append(type(x).__name__)
    x = x + 1  # This should be `x.assign_add(1)`

assert results == ['ResourceVariable', 'EagerTensor']

# The fix: assign_add keeps the variable.
v = tf.Variable(2.0)
grads = []
for epoch in range(2):
    with tf.GradientTape() as tape:
        y = v * v
    grads.append(tape.gradient(y, v).numpy())
    v.assign_add(1)
assert grads == [4.0, 6.0]
assert v.numpy() == 4.0

# Diagnostics the report gives for the None gradients above:
# expect: warning tape-variable-replaced line 11: `x = x + 1` replaced the variable x with a tensor; use x.assign_add(1)
