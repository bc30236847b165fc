# tf.function: Python side effects once per trace, retracing per input signature, trace counts.
# %%
import tensorflow as tf

calls = []


@tf.function
def double(a):
    calls.append(1)
    print("Tracing with", a)
    return a + a


print(double(tf.constant(1)))
print(double(tf.constant(1.1)))
print(double(tf.constant("a")))
print(double(tf.constant(2)))
print(double.experimental_get_tracing_count(), len(calls))

# %%
@tf.function
def scaled(x, k):
    print("trace k =", k)
    return x * k


for k in [1, 2, 2, 3.0, 1]:
    print(scaled(tf.constant(2.0), k))
print(scaled.experimental_get_tracing_count())

# %%
@tf.function(input_signature=(tf.TensorSpec(shape=[None], dtype=tf.int32),))
def next_collatz(x):
    print("Tracing with", x)
    return tf.where(x % 2 == 0, x // 2, 3 * x + 1)


print(next_collatz(tf.constant([1, 2])))
print(next_collatz(tf.constant([1, 2, 3, 4])))
print(next_collatz.experimental_get_tracing_count())
try:
    next_collatz(tf.constant([[1, 2], [3, 4]]))
except (TypeError, ValueError) as e:
    print(type(e).__name__)

# %%
@tf.function
def add_one(x):
    print("tracing add_one")
    return x + 1


conc = add_one.get_concrete_function(tf.TensorSpec(shape=[2], dtype=tf.float32))
print(conc(tf.constant([1.0, 2.0])))
print(add_one(tf.constant([5.0, 6.0])), add_one(tf.constant([1.0, 2.0, 3.0])))
print(add_one.experimental_get_tracing_count())
