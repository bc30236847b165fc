# Keras 3 training: compile / fit / evaluate / predict on in-memory arrays (shuffle=False, validation_split,
# validation_data, EarlyStopping with restore_best_weights), a functional model with two inputs, Embedding,
# Concatenate, BatchNormalization in training and inference, and a custom training loop with a Keras model, loss
# and optimizer under a GradientTape. Expected values: TensorFlow 2.21 with Keras 3.15 (equal up to float32
# accumulation order).
import numpy as np
import tensorflow as tf
import keras

def check(value, expected):
    """Equal to TensorFlow's value (generated with TF 2.21 / Keras 3.15) up to float32 accumulation order."""
    assert np.allclose(np.asarray(value, dtype="float64"), np.asarray(expected, dtype="float64"), rtol=2e-5, atol=1e-6), (value, expected)


keras.utils.set_random_seed(0)
x = np.arange(24, dtype="float32").reshape(12, 2) / 10
y = x.sum(axis=1, keepdims=True) * 0.5 - 1.0
model = keras.Sequential([keras.layers.Dense(4, activation="tanh", input_shape=(2,)), keras.layers.Dense(1)])
model.compile(optimizer=keras.optimizers.SGD(0.05, momentum=0.9), loss="mse", metrics=["mae"])
h = model.fit(x, y, epochs=5, batch_size=5, shuffle=False, verbose=0, validation_split=0.25)
assert list(h.history.keys()) == ["loss", "mae", "val_loss", "val_mae"]
assert h.epoch == [0, 1, 2, 3, 4] and h.params == {"verbose": 0, "epochs": 5, "steps": 2}
check(h.history["loss"], [0.39489859342575073, 0.2621575891971588, 0.18496322631835938, 0.04970039427280426, 0.03176870942115784])
check(h.history["mae"], [0.5236821174621582, 0.473300039768219, 0.36295101046562195, 0.18495644629001617, 0.16431325674057007])
check(h.history["val_loss"], [0.7390745282173157, 1.186635971069336, 0.8063457608222961, 0.21386270225048065, 0.03850620985031128])
check(h.history["val_mae"], [0.8467591404914856, 1.0800117254257202, 0.8887744545936584, 0.4469570219516754, 0.15870094299316406])
check(model.evaluate(x, y, verbose=0), [0.04577319324016571, 0.19691415131092072])
check(model.predict(x[:3], verbose=0), [[-0.8190003633499146], [-0.5835529565811157], [-0.33488672971725464]])
assert model.optimizer.iterations.numpy() == 10
es = keras.callbacks.EarlyStopping(monitor="loss", patience=1, restore_best_weights=True)
h2 = model.fit(x, y, epochs=30, batch_size=12, shuffle=False, verbose=0, callbacks=[es])
check(len(h2.history["loss"]), 5.0)
check(es.stopped_epoch, 4.0)
check(model.get_weights()[0], [[-0.22863860428333282, -0.37457141280174255, 0.6599931120872498, -0.5462018251419067], [-0.4490302503108978, -0.5579954981803894, 0.022723304107785225, 1.1915947198867798]])

# A functional model with two inputs.
inp = keras.Input(shape=(3,), name="feats")
ids = keras.Input(shape=(2,), dtype="int32")
e = keras.layers.Flatten()(keras.layers.Embedding(5, 2)(ids))
hid = keras.layers.Concatenate()([keras.layers.Dense(4, activation="tanh")(inp), e])
hid = keras.layers.BatchNormalization()(hid)
out = keras.layers.Add()([keras.layers.Dense(1)(hid), keras.layers.Dense(1, activation="sigmoid")(hid)])
fm = keras.Model(inputs=[inp, ids], outputs=out)
assert [l.name for l in fm.layers] == ["input_layer_1", "feats", "embedding", "dense_2", "flatten", "concatenate", "batch_normalization", "dense_3", "dense_4", "add"]
assert fm.output.shape == (None, 1)
xf = np.array([[0.1, 0.2, 0.3], [1.0, -1.0, 0.5], [0.0, 2.0, -0.5]], dtype="float32")
xi = np.array([[0, 1], [2, 3], [4, 0]])
check(fm([xf, xi]), [[0.6535763740539551], [-0.3191116750240326], [1.6425528526306152]])
check(fm([xf, xi], training=True), [[0.32246288657188416], [-1.0574917793273926], [2.235051155090332]])
bn = fm.layers[6]
check(bn.moving_mean, [0.0005487142479978502, -0.0015908899949863553, -2.4616121663711965e-05, -0.0015901338774710894, 6.0279180615907535e-05, -0.00019080867059528828, 0.00029747371445409954, -0.0001408960233675316])
check(bn.moving_variance, [0.9902341961860657, 0.994463324546814, 0.9944567084312439, 0.9903596639633179, 0.990001916885376, 0.990003228187561, 0.9900011420249939, 0.9900194406509399])
fm.compile(optimizer="adam", loss=keras.losses.BinaryCrossentropy(from_logits=True), metrics=["accuracy"])
hf = fm.fit([xf, xi], np.array([[1.0], [0.0], [1.0]]), epochs=3, batch_size=2, shuffle=False, verbose=0)
check(hf.history["loss"], [0.3302731215953827, 0.3196905553340912, 0.3109075725078583])
check(hf.history["accuracy"], [0.6666666865348816, 0.6666666865348816, 1.0])

# A custom training loop.
keras.utils.set_random_seed(3)
net = keras.Sequential([keras.layers.Dense(8, activation="relu"), keras.layers.Dropout(0.25), keras.layers.Dense(3)])
opt = keras.optimizers.RMSprop(0.01)
loss_fn = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
xs = tf.constant(np.linspace(-1.0, 1.0, 20).reshape(5, 4), dtype=tf.float32)
ys = tf.constant([0, 2, 1, 1, 0])
losses = []
for step in range(4):
    with tf.GradientTape() as tape:
        logits = net(xs, training=True)
        loss = loss_fn(ys, logits)
    grads = tape.gradient(loss, net.trainable_variables)
    opt.apply_gradients(zip(grads, net.trainable_variables))
    losses.append(float(loss))
check(losses, [1.1134448051452637, 0.9871699213981628, 0.9620139002799988, 0.9540109634399414])
check(net(xs), [[-0.4354439973831177, -0.241603285074234, -0.19833238422870636], [-0.21945765614509583, -0.043680205941200256, -0.14195659756660461], [0.06631416082382202, 0.1874638795852661, -0.2157084196805954], [0.38420629501342773, 0.11239498853683472, -1.2075814008712769], [0.7958831191062927, -0.021981164813041687, -2.176128625869751]])
