# tf.function as far as eager semantics go: results, Python control flow on values, retracing counters, tf.print.
# %%
import tensorflow as tf


@tf.function
def add(a, b):
    return a + b


r1 = add(tf.ones([2, 2]), tf.ones([2, 2]))
print(r1)

# %%
v = tf.Variable(1.0)
with tf.GradientTape() as tape:
    result = add(v, 1.0)
g = tape.gradient(result, v)
print(result, g)

# %%
def dense_layer(x, w, b):
    return add(tf.matmul(x, w), b)


dense = tf.function(dense_layer)
out = dense(tf.ones([3, 2]), tf.ones([2, 2]), tf.ones([2]))
print(out)

# %%
@tf.function
def relu_sum(x):
    if tf.reduce_sum(x) > 0:
        return tf.reduce_sum(tf.nn.relu(x))
    return tf.constant(0.0)


print(relu_sum(tf.constant([1.0, -2.0, 3.0])))
print(relu_sum(tf.constant([-5.0, 1.0])))

# %%
@tf.function
def loop_sum(n):
    total = tf.constant(0)
    for i in tf.range(n):
        total += i
    return total


print(loop_sum(tf.constant(5)))

# %%
@tf.function
def f(x):
    tf.print("tf.print:", x)
    return x * 2


doubled = f(tf.constant([1, 2]))
print(doubled)

# %%
x = tf.Variable(2.0)


@tf.function
def train_step():
    with tf.GradientTape() as tape:
        loss = (x - 5.0) ** 2
    grad = tape.gradient(loss, x)
    x.assign_sub(0.25 * grad)
    return loss


losses = [float(train_step()) for _ in range(4)]
print(losses, x.numpy())
