# jacobian of an unconnected source is None (ZERO: zeros of the full shape); batch_jacobian gives zeros.
import tensorflow as tf

x = tf.constant([[1.0, 2.0], [3.0, 4.0]])
other = tf.constant([[5.0, 6.0], [7.0, 8.0]])

with tf.GradientTape(persistent=True) as tape:
    tape.watch([x, other])
    y = x * 3.0

j_other = tape.jacobian(y, other)
assert j_other is None
jz = tape.jacobian(y, other, unconnected_gradients=tf.UnconnectedGradients.ZERO)
assert jz.shape == (2, 2, 2, 2)
assert tf.reduce_sum(tf.abs(jz)).numpy() == 0.0

bj = tape.batch_jacobian(y, other)
assert bj is not None
assert bj.shape == (2, 2, 2)
assert tf.reduce_sum(tf.abs(bj)).numpy() == 0.0

# A list of sources: the result has the same structure.
jl = tape.jacobian(y, [x, other])
assert isinstance(jl, list) and jl[1] is None
assert jl[0].shape == (2, 2, 2, 2)
# dy[a,b]/dx[c,d] = 3 if (a,b) == (c,d)
for a in range(2):
    for b in range(2):
        for c in range(2):
            for d in range(2):
                assert jl[0].numpy()[a, b, c, d] == (3.0 if (a, b) == (c, d) else 0.0)
del tape

# Diagnostics the report gives for the None gradients above:
# expect: warning tape-unconnected line 11: dy/dother is None
# expect: warning tape-unconnected line 23: dy/dother is None
