# Random numbers with seeds: global and op seeds, stateless ops, tf.random.Generator, shuffles.
# %%
import tensorflow as tf

tf.random.set_seed(1234)
a = tf.random.uniform([3])
b = tf.random.uniform([3])
print(a)
print(b)

# %%
tf.random.set_seed(1234)
a2 = tf.random.uniform([3])
b2 = tf.random.uniform([3])
print(a2)
print(b2)

# %%
n1 = tf.random.normal([2, 2], seed=7)
n2 = tf.random.normal([2, 2], mean=1.0, stddev=0.5, seed=7)
tn = tf.random.truncated_normal([4], seed=3)
ints = tf.random.uniform([5], minval=0, maxval=10, dtype=tf.int32, seed=5)
print(n1, n2, tn, ints)

# %%
s1 = tf.random.stateless_uniform([3], seed=[1, 2])
s2 = tf.random.stateless_uniform([3], seed=[1, 2])
s3 = tf.random.stateless_normal([2, 3], seed=[3, 4])
s4 = tf.random.stateless_truncated_normal([3], seed=[5, 6])
print(s1, s2, s3, s4)

# %%
g = tf.random.Generator.from_seed(1)
g1 = g.normal(shape=[2, 3])
g2 = g.uniform(shape=[3])
print(g1)
print(g2)

# %%
tf.random.set_seed(5)
shuffled = tf.random.shuffle(tf.range(10))
dropped = tf.nn.dropout(tf.ones([10]), rate=0.5, seed=1)
cat = tf.random.categorical(tf.math.log([[0.5, 0.5]]), 5, seed=2)
print(shuffled, dropped, cat)

# %%
tf.random.set_seed(42)
w_init = tf.Variable(tf.random.normal([3, 2]))
b_init = tf.Variable(tf.zeros([2]))
print(w_init.numpy())
