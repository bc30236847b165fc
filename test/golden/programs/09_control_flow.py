# Control flow: only the branch that ran is recorded (guide/autodiff "Control flow").
import tensorflow as tf

x = tf.constant(1.0)

v0 = tf.Variable(2.0)
v1 = tf.Variable(2.0)

with tf.GradientTape(persistent=True) as tape:
    tape.watch(x)
    if x > 0.0:
        result = v0
    else:
        result = v1**2

dv0, dv1 = tape.gradient(result, [v0, v1])

print(dv0)
print(dv1)
assert dv0.numpy() == 1.0
assert dv1 is None

# The condition itself has no gradient.
dx = tape.gradient(result, x)
print(dx)
assert dx is None

# Loops: the product of the iterations that ran (the tutorial's f(x, y)).
def f(x, n):
    output = 1.0
    for i in range(n):
        if i > 1 and i < 5:
            output = tf.multiply(output, x)
    return output

def grad(x, n):
    with tf.GradientTape() as t:
        t.watch(x)
        out = f(x, n)
    return t.gradient(out, x)

x = tf.convert_to_tensor(2.0)
# n = 6: x^3 → 3x^2 = 12; n = 5: x^3 → 12; n = 4: x^2 → 2x = 4
assert grad(x, 6).numpy() == 12.0
assert grad(x, 5).numpy() == 12.0
assert grad(x, 4).numpy() == 4.0

# A while loop with `continue`: the skipped element gets 0 (connected), not None.
w = tf.Variable([1.0, 2.0, 3.0])
with tf.GradientTape() as t:
    total = tf.constant(0.0)
    i = 0
    while i < 3:
        i += 1
        if i == 2:
            continue
        total = total + w[i - 1] ** 2
g = t.gradient(total, w)
assert g.numpy().tolist() == [2.0, 0.0, 6.0]

# Diagnostics the report gives for the None gradients above:
# expect: warning tape-unconnected line 16: dresult/dv1 is None
# expect: warning tape-unconnected line 24: dresult/dx is None
