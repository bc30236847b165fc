# tf.function's tracing semantics, as the tf.function guide shows them: Python side effects (print) run once per
# trace, tf.print on every call, a new trace per new input signature (Python scalars by value, tensors by dtype and
# shape), results as tensors, input_signature, get_concrete_function, run_functions_eagerly.
# The .out file is what TensorFlow 2.21 printed.
import sys

import tensorflow as tf


@tf.function
def f(x):
    print("Traced with", x)
    tf.print("Executed with", x, output_stream=sys.stdout)
    return x


for a in [1, 1, 2, 1.0, True, 2.5, tf.constant(1), tf.constant(2), tf.constant(1.0), tf.constant([1, 2])]:
    r = f(a)
    print(" ->", r.dtype.name, r.shape, r.numpy())
print("traces:", f.experimental_get_tracing_count())


@tf.function
def get_mse(y_true, y_pred):
    print("Calculating MSE!")
    sq_diff = tf.pow(y_true - y_pred, 2)
    return tf.reduce_mean(sq_diff)


y_true = tf.constant([5, 0, 1, 2, 8])
y_pred = tf.constant([1, 2, 4, 0, 9])
print(get_mse(y_true, y_pred), get_mse(y_true, y_pred), get_mse(y_true, y_pred))
tf.config.run_functions_eagerly(True)
print(tf.config.functions_run_eagerly())
error = get_mse(y_true, y_pred)
error = get_mse(y_true, y_pred)
tf.config.run_functions_eagerly(False)


@tf.function
def double(a):
    print("Tracing with", a)
    return a + a


print(double(tf.constant(1)))
print(double(tf.constant(1.1)))
print(double(tf.constant("a")))
print(double(tf.constant(2)))


@tf.function(input_signature=(tf.TensorSpec(shape=[None], dtype=tf.int32),))
def next_collatz(x):
    print("Tracing with", x)
    return tf.where(x % 2 == 0, x // 2, 3 * x + 1)


print(next_collatz(tf.constant([1, 2])))
print(next_collatz(tf.constant([1, 2, 3, 4])))
print(next_collatz([5, 6]))
for bad in [tf.constant([[1, 2], [3, 4]]), tf.constant([1.0])]:
    try:
        next_collatz(bad)
    except TypeError as e:
        print("TypeError:", e)
print(next_collatz.input_signature)
concrete = next_collatz.get_concrete_function()
print(concrete(tf.constant([7])))
print(next_collatz.python_function.__name__, next_collatz.experimental_get_tracing_count())


@tf.function
def scaled(a, b=2):
    print("tracing scaled", a, b, tf.executing_eagerly())
    return a * b


print(scaled(3), scaled(3, b=2), scaled(3, 2), scaled(a=3), scaled(3, 4))
print(scaled.experimental_get_tracing_count(), tf.executing_eagerly())


class Scale(tf.Module):
    def __init__(self, k):
        self.k = tf.Variable(k)

    @tf.function
    def __call__(self, x):
        print("tracing Scale with", x)
        return self.k * x


m = Scale(3.0)
print(m(tf.constant(2.0)), m(tf.constant(4.0)))
print(Scale(5.0)(tf.constant(2.0)))

v = tf.Variable(1.0)
w = tf.Variable(2.0)


@tf.function
def twice(var):
    print("tracing twice", var)
    return var * 2


print(twice(v), twice(w), twice(tf.Variable([1.0])))


@tf.function
def nest(x):
    return {"a": x + 1, "b": [2.5, True, "s"], "c": None}


print(nest(1))

w2 = tf.Variable([0.5])


@tf.function
def train_step(x):
    with tf.GradientTape() as tape:
        loss = tf.reduce_sum((w2 * x - 1.0) ** 2)
    g = tape.gradient(loss, w2)
    w2.assign_sub(0.1 * g)
    return loss


losses = [float(train_step(tf.constant([2.0]))) for _ in range(3)]
print([round(l, 6) for l in losses], w2.numpy())
print(tf.config.list_physical_devices(), tf.config.list_physical_devices("GPU"))

assert f.experimental_get_tracing_count() == 6
assert double(tf.constant(3)).numpy() == 6
# expect: information unsupported line 5: `sys` is not supported
