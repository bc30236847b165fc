# Variables: creation, assignment, names, trainability, and arithmetic with tensors.
# %%
import tensorflow as tf

my_tensor = tf.constant([[1.0, 2.0], [3.0, 4.0]])
my_variable = tf.Variable(my_tensor)
bool_variable = tf.Variable([False, False, False, True])
int_variable = tf.Variable([5, 6])
print(my_variable)
print(bool_variable)
print(int_variable)

# %%
print("Shape: ", my_variable.shape)
print("DType: ", my_variable.dtype)
print("As NumPy: ", my_variable.numpy())
as_tensor = tf.convert_to_tensor(my_variable)
print("A variable:", my_variable)
print("\nViewed as a tensor:", as_tensor)
print("\nIndex of highest value:", tf.math.argmax(my_variable))
print("\nCopying and reshaping: ", tf.reshape(my_variable, [1, 4]))

# %%
a = tf.Variable([2.0, 3.0])
a.assign([1, 2])
after_assign = a.numpy()
try:
    a.assign([1.0, 2.0, 3.0])
except Exception as e:
    print(f"{type(e).__name__}: {e}")

# %%
a = tf.Variable([2.0, 3.0])
b = tf.Variable(a)
a.assign([5, 6])
print(a.numpy())
print(b.numpy())
print(a.assign_add([2, 3]).numpy())
print(a.assign_sub([7, 9]).numpy())

# %%
named_a = tf.Variable(my_tensor, name="Mark")
named_b = tf.Variable(my_tensor + 1, name="Mark")
print(named_a == named_b)
print(named_a.name, named_b.name)
step_counter = tf.Variable(1, trainable=False)
print(step_counter.trainable, named_a.trainable)

# %%
v = tf.Variable(3.0)
w = v * 2.0 + 1.0
total = v + tf.constant(1.5)
neg = -v
sq = v ** 2
print(w, total, neg, sq)
print(type(w).__name__ == type(v).__name__)

# %%
counter = tf.Variable(0)
for i in range(5):
    counter.assign_add(i)
print(counter.numpy())
history = []
x = tf.Variable(10.0)
for step in range(4):
    x.assign(x * 0.5)
    history.append(float(x.numpy()))
print(history)

# %%
m = tf.Variable(tf.zeros([2, 3]))
m.assign(tf.ones([2, 3]) * 2)
m[0, 1].assign(7.0)
print(m)
row = m[1]
print(row)
