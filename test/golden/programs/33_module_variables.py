# tf.Module collects variables by attribute name (sorted), recursing into submodules (tf.Module docs, MOD).
import tensorflow as tf


class Dense(tf.Module):
    def __init__(self, in_features, out_features, name=None):
        super().__init__(name=name)
        self.w = tf.Variable(tf.ones([in_features, out_features]), name='w')
        self.b = tf.Variable(tf.zeros([out_features]), name='b')

    def __call__(self, x):
        y = tf.matmul(x, self.w) + self.b
        return tf.nn.relu(y)


class TwoLayers(tf.Module):
    def __init__(self, name=None):
        super().__init__(name=name)
        # created in the order w1, b1, w2, b2
        self.w1 = tf.Variable(1.0, name='w1')
        self.b1 = tf.Variable(2.0, name='b1')
        self.w2 = tf.Variable(3.0, name='w2')
        self.b2 = tf.Variable(4.0, name='b2')
        self.steps = tf.Variable(0, trainable=False, name='steps')

    def __call__(self, x):
        return self.w2 * (self.w1 * x + self.b1) + self.b2


m = TwoLayers(name='two')
print([v.name for v in m.variables])
print([v.name for v in m.trainable_variables])
assert [v.name for v in m.variables] == ['b1:0', 'b2:0', 'steps:0', 'w1:0', 'w2:0']
assert [v.name for v in m.trainable_variables] == ['b1:0', 'b2:0', 'w1:0', 'w2:0']
assert m.name == 'two'

x = tf.constant(5.0)
with tf.GradientTape() as tape:
    y = m(x)
grads = tape.gradient(y, m.trainable_variables)
# y = w2 (w1 x + b1) + b2: d/db1 = w2, d/db2 = 1, d/dw1 = w2 x, d/dw2 = w1 x + b1
assert [g.numpy() for g in grads] == [3.0, 1.0, 15.0, 7.0]
assert isinstance(grads, tuple)


class Sequential(tf.Module):
    def __init__(self, name=None):
        super().__init__(name=name)
        self.dense_1 = Dense(in_features=3, out_features=3)
        self.dense_2 = Dense(in_features=3, out_features=2)

    def __call__(self, x):
        x = self.dense_1(x)
        return self.dense_2(x)


my_model = Sequential(name='the_model')
result = my_model(tf.constant([[2.0, 2.0, 2.0]]))
print('Model results:', result)
assert result.numpy().tolist() == [[18.0, 18.0]]
assert len(my_model.submodules) == 2
assert [v.shape for v in my_model.trainable_variables] == [(3,), (3, 3), (2,), (3, 2)]
assert [v.name for v in my_model.variables] == ['b:0', 'w:0', 'b:0', 'w:0']

with tf.GradientTape() as tape:
    out = tf.reduce_sum(my_model(tf.constant([[2.0, 2.0, 2.0]])))
g = tape.gradient(out, my_model.trainable_variables)
# layer 2 (all active): d/db2 = 1, d/dw2 = h1 (6 each); layer 1: d/dh1 = sum of w2 rows = 2, d/db1 = 2, d/dw1 = x * 2 = 4
assert g[0].numpy().tolist() == [2.0, 2.0, 2.0]
assert g[1].numpy().tolist() == [[4.0, 4.0, 4.0]] * 3
assert g[2].numpy().tolist() == [1.0, 1.0]
assert g[3].numpy().tolist() == [[6.0, 6.0]] * 3


# Deeper nesting: a module's own attributes first, then each submodule in attribute order, depth first
# (module.py `_flatten_module`: "Walk direct properties first then recurse"); dict attributes flatten in
# sorted key order (tf.nest).
class Leaf(tf.Module):
    def __init__(self, tag):
        super().__init__()
        self.v = tf.Variable(0.0, name=tag)


class Branch(tf.Module):
    def __init__(self, tag):
        super().__init__()
        self.inner = Leaf(tag + '_leaf')
        self.own = tf.Variable(0.0, name=tag + '_own')


class Root(tf.Module):
    def __init__(self):
        super().__init__()
        self.a = Branch('a')
        self.b = Branch('b')
        self.table = {'z': tf.Variable(0.0, name='table_z'), 'y': tf.Variable(0.0, name='table_y')}
        self.c = tf.Variable(0.0, name='root_c')


r = Root()
names = [v.name for v in r.variables]
print(names)
assert names == ['root_c:0', 'table_y:0', 'table_z:0', 'a_own:0', 'a_leaf:0', 'b_own:0', 'b_leaf:0']
