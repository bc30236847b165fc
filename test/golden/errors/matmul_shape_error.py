# TF's shape error for incompatible matmul operands.
# expect: error exception line 8: InvalidArgumentError: Matrix size-incompatible: In[0]: [2,3], In[1]: [2,3] [Op:MatMul]
import tensorflow as tf

a = tf.ones((2, 3))
b = tf.ones((2, 3))
assert a.shape == b.shape
c = tf.matmul(a, b)
