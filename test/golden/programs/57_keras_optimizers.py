# Keras 3 optimizers step by step with apply_gradients: SGD (momentum, Nesterov), Adam (amsgrad), AdamW, RMSprop
# (momentum, centered), Adagrad, clipping and learning-rate schedules. The .out is what TensorFlow 2.21 with Keras 3.15
# prints for this file.
import tensorflow as tf
import keras
import numpy as np

def run(opt, steps=5):
    w = keras.Variable([[0.5, -1.0], [2.0, 0.25]], name="w")
    b = keras.Variable([0.1, -0.2], name="b")
    for i in range(steps):
        with tf.GradientTape() as tape:
            loss = tf.reduce_sum(tf.square(w * 1.5 - 0.3)) + tf.reduce_sum(b ** 3)
        grads = tape.gradient(loss, [w, b])
        opt.apply_gradients(zip(grads, [w, b]))
    assert int(opt.iterations.numpy()) == steps
    print(type(opt).__name__, w.numpy().tolist(), b.numpy().tolist(), int(opt.iterations.numpy()))

run(keras.optimizers.SGD(0.1))
run(keras.optimizers.SGD(0.05, momentum=0.9))
run(keras.optimizers.SGD(0.05, momentum=0.9, nesterov=True))
run(keras.optimizers.Adam(0.1))
run(keras.optimizers.Adam(0.1, amsgrad=True))
run(keras.optimizers.AdamW(0.1, weight_decay=0.01))
run(keras.optimizers.RMSprop(0.01))
run(keras.optimizers.RMSprop(0.01, momentum=0.5, centered=True))
run(keras.optimizers.Adagrad(0.1))
run(keras.optimizers.SGD(0.1, clipnorm=1.0))
run(keras.optimizers.SGD(0.1, clipvalue=0.5))
run(keras.optimizers.SGD(0.1, global_clipnorm=1.0))
run(keras.optimizers.SGD(keras.optimizers.schedules.ExponentialDecay(0.1, decay_steps=2, decay_rate=0.5)))
run(keras.optimizers.SGD(keras.optimizers.schedules.ExponentialDecay(0.1, decay_steps=2, decay_rate=0.5, staircase=True)))
run(keras.optimizers.Adam(keras.optimizers.schedules.PiecewiseConstantDecay([1, 3], [0.1, 0.05, 0.01])))
