"""Writes test/engine/fixtures/tf-narrow-dtypes.json: real TF 2.21 / NumPy results for float16 and the 8- and
16-bit integer dtypes. Run with the TF venv: `.venv-tf/bin/python bench/tf_narrow_fixture.py`."""
import contextlib
import io
import json
import os

import numpy as np
import tensorflow as tf

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, '..', 'test', 'engine', 'fixtures', 'tf-narrow-dtypes.json')

PRELUDE = '''import tensorflow as tf
import numpy as np
def show(f):
    try:
        print(f())
    except Exception as e:
        m = str(e).split("\\n")[0].split(" [Op:")[0]
        if m.startswith("{{function_node"):
            m = m.split("}} ", 1)[1]
        print(type(e).__name__ + ": " + m)
'''

# Each snippet runs after PRELUDE; its printed text is the expectation.
SNIPPETS = [
    # casts: float -> int truncation, out of range, NaN/inf; int -> narrower int wraparound
    *[f'show(lambda: tf.cast(tf.constant([300.7, -1.5, 1e10, float("nan"), float("inf"), -129.0, 255.9, 65535.5, -32769.0, -0.7]), tf.{d}))' for d in ['uint8', 'int8', 'int16', 'uint16']],
    *[f'show(lambda: tf.cast(tf.constant([300, -1, 256, -129, 128, 65536, -32769, 2**31-1, -2**31]), tf.{d}))' for d in ['uint8', 'int8', 'int16', 'uint16']],
    'show(lambda: tf.cast(tf.constant([1, 2], tf.int64) * 3000000000, tf.uint16))',
    'show(lambda: tf.cast(tf.constant([-3, 200], tf.uint8), tf.int8))',
    'show(lambda: tf.cast(tf.constant([0.1, 1/3, 65504, 65520, 1e-8, 3e-8, 70000, 1.7881393e-07]), tf.float16))',
    'show(lambda: tf.cast(tf.constant([1.5, -2.7], tf.float16), tf.int16))',
    'show(lambda: tf.constant(300, tf.uint8))',
    'show(lambda: tf.constant(-1, tf.uint8))',
    'show(lambda: tf.constant(1.5, tf.uint8))',
    'show(lambda: tf.constant([[1, 2], [3, 250]], tf.uint8))',
    'show(lambda: repr(tf.constant([1, 2, 3], tf.uint8)))',
    'show(lambda: repr(tf.constant(7, tf.int16)))',
    'show(lambda: repr(tf.constant([-1, 2], tf.int8).numpy()))',
    'show(lambda: repr(tf.constant(0.1, tf.float16)))',
    'show(lambda: tf.constant(0.1, tf.float16))',
    'show(lambda: tf.constant(1/3, tf.float16).numpy())',
    'show(lambda: [tf.constant(1/3, tf.float16).numpy(), tf.constant(3, tf.uint8).numpy()])',
    'show(lambda: tf.constant([0.1, 1e-5, 12345.0], tf.float16))',
    'show(lambda: repr(tf.constant([1.5, 2.25, 1000.0], tf.float16).numpy()))',
    'show(lambda: repr(tf.Variable(0.1, dtype=tf.float16)))',
    # integer arithmetic with wraparound
    'a = tf.constant([200, 100, 7], tf.uint8); b = tf.constant([100, 200, 2], tf.uint8)',
    'show(lambda: (a + b, a - b, a * b, a // b, a % b))',
    'show(lambda: (a / b, tf.maximum(a, b), tf.minimum(a, b), a < b, tf.equal(a, b)))',
    'show(lambda: (tf.reduce_sum(a), tf.reduce_mean(a), tf.reduce_max(a), tf.reduce_min(a), tf.argmax(a)))',
    'show(lambda: a + 3)',
    'show(lambda: a + 300)',
    'c = tf.constant([-128, 127, 5], tf.int8); d = tf.constant([-1, 1, -2], tf.int8)',
    'show(lambda: (c + d, c * d, c // d, c % d, -c, tf.abs(c), tf.sign(c), c ** 2))',
    'show(lambda: (tf.reduce_mean(tf.constant([-7, 2, 1], tf.int8)), tf.reduce_mean(tf.constant([-128, -128, -128, -127], tf.int8))))',
    'show(lambda: tf.reduce_sum(tf.constant([[30000, 30000], [5, -7]], tf.int16), axis=0))',
    'show(lambda: tf.constant([60000, 7], tf.uint16) * tf.constant([3, 9], tf.uint16))',
    'show(lambda: tf.cumsum(tf.constant([100, 100, 100], tf.uint8)))',
    'p = tf.constant([[200, 3, 7, 250], [13, 17, 19, 23]], tf.uint8)',
    'show(lambda: (tf.reduce_prod(p), tf.reduce_prod(p, axis=0), tf.reduce_prod(p, axis=1), tf.reduce_sum(p, axis=1)))',
    'show(lambda: (tf.math.cumprod(p, axis=1), tf.math.cumprod(tf.cast(p, tf.int8), axis=1, exclusive=True)))',
    'show(lambda: tf.reduce_prod(tf.constant([[300, -7, 1000], [9, 99, 999]], tf.int16), axis=1))',
    'show(lambda: tf.reduce_prod(tf.constant([65535, 65535, 3], tf.uint16)))',
    'q = tf.constant([0.37, 1.91, -0.62, 2.47, 0.05, -1.33, 0.91, 0.28, 3.14, -2.72, 0.11, 0.99, 1.61, -0.45, 0.73, 2.2, 0.6, -0.9, 1.05, 0.33], tf.float16)',
    'show(lambda: (tf.cumsum(q), tf.cumsum(q, reverse=True, exclusive=True)))',
    'show(lambda: tf.math.cumprod(q[:10]))',
    'show(lambda: tf.constant([1], tf.uint8) // tf.constant([0], tf.uint8))',
    'show(lambda: tf.constant([1, 2]) + tf.constant([1, 2], tf.uint8))',
    'show(lambda: tf.sin(tf.constant([1, 2], tf.uint8)))',
    'show(lambda: -tf.constant([1, 2], tf.uint8))',
    'show(lambda: tf.math.sqrt(tf.constant([4], tf.int16)))',
    'show(lambda: tf.matmul(tf.constant([[1, 2]], tf.uint8), tf.constant([[1], [2]], tf.uint8)))',
    'show(lambda: tf.matmul(tf.constant([[1, 2]], tf.int8), tf.constant([[1], [2]], tf.int8)))',
    'show(lambda: tf.concat([tf.constant([1], tf.uint8), tf.constant([2, 3], tf.uint8)], 0))',
    'show(lambda: tf.reshape(tf.constant([1, 2, 3, 4, 5, 6], tf.uint16), [3, 2]))',
    'show(lambda: tf.range(3, dtype=tf.uint8))',
    'show(lambda: tf.transpose(tf.constant([[1, 2], [3, 4]], tf.int8)))',
    'show(lambda: tf.gather(tf.constant([5, 6, 7], tf.uint8), [2, 0]))',
    'show(lambda: tf.where(tf.constant([True, False]), tf.constant([1, 2], tf.uint8), tf.constant([3, 4], tf.uint8)))',
    'show(lambda: tf.zeros([2], tf.uint8) + tf.ones([2], tf.uint8))',
    'show(lambda: tf.one_hot([0, 2], 3, dtype=tf.int8))',
    'show(lambda: (tf.uint8.min, tf.uint8.max, tf.int8.min, tf.int16.max, tf.uint16.max, tf.float16.max, tf.uint8.is_integer, tf.uint8.is_unsigned, tf.float16.is_floating))',
    'show(lambda: (tf.float16, tf.half, tf.dtypes.as_dtype("uint8"), tf.uint8 == tf.int8))',
    # float16 arithmetic: float32 arithmetic rounded to half
    'h = tf.constant([0.1, 0.2, 0.3, 1000.0, 3.14159], tf.float16)',
    'show(lambda: (h + h, h * h, h / 3, h - 0.05))',
    'show(lambda: (tf.exp(h[:3]), tf.sqrt(h), tf.math.log(h), tf.tanh(h), tf.sigmoid(h)))',
    'show(lambda: (tf.reduce_sum(h), tf.reduce_mean(h), tf.reduce_max(h)))',
    'show(lambda: tf.reduce_sum(tf.fill([1000], tf.constant(0.1, tf.float16))))',
    'show(lambda: tf.reduce_mean(tf.fill([1000], tf.constant(0.1, tf.float16))))',
    'r = tf.reshape(tf.constant([0.1, 0.47, 0.84, 1.21, 1.58, 1.95, 2.32, 2.69, 3.06, 3.43], tf.float16), [2, 5])',
    'show(lambda: (tf.reduce_sum(r, axis=1), tf.reduce_sum(r, axis=0), tf.reduce_mean(r, axis=1)))',
    'show(lambda: tf.reduce_sum(tf.constant([[0.1] * 20] * 3, tf.float16), axis=1))',
    'm = tf.constant([[0.1, 0.2, 0.3], [0.4, 0.5, 0.6]], tf.float16)',
    'show(lambda: tf.matmul(m, tf.transpose(m)))',
    'show(lambda: tf.constant([60000.0], tf.float16) * 2)',
    'show(lambda: tf.constant([1.0, 2.0], tf.float16) + tf.constant([1.0, 2.0]))',
    # gradients: float16 in float16, integers give None
    'v = tf.Variable([1.0, 2.0], dtype=tf.float16)',
    'with tf.GradientTape() as t:\n    y = tf.reduce_sum(v * v * 0.1)\nshow(lambda: t.gradient(y, v))',
    'x = tf.constant([1.5, -0.3], tf.float16)',
    'with tf.GradientTape() as t:\n    t.watch(x)\n    y = tf.reduce_sum(tf.exp(x) * x)\nshow(lambda: t.gradient(y, x))',
    # NumPy arrays of the narrow dtypes
    'show(lambda: (np.array([1, 2], np.uint8), np.array([1, 2], np.uint8).dtype, np.uint8(3)))',
    'show(lambda: tf.convert_to_tensor(np.array([1, 2], np.uint8)))',
    'show(lambda: tf.constant(np.array([1.5, 0.1], np.float16)))',
    'show(lambda: repr(np.array([1/3, 2.5], np.float16)))',
    'show(lambda: repr(np.array([300, -1], np.int16)))',
    'na = np.array([200, 100, 7], np.uint8); nb = np.array([-100, 100, 27], np.int8); nh = np.array([0.1, 0.2, 0.3], np.float16)',
    'show(lambda: (na + na, na * 2, na.max(), np.sum(nb), nb.sum(), nb + nb, np.mean(nb), nh * 3, nh.max()))',
    'show(lambda: (np.float16(999), np.float16(1000), np.float16(2.5e-5), repr(np.array([999.0], np.float16))))',
]


def run(snippets):
    g = {}
    exec(PRELUDE, g)
    out = []
    for s in snippets:
        buf = io.StringIO()
        with contextlib.redirect_stdout(buf):
            exec(s, g)
        out.append({'code': s, 'out': buf.getvalue()})
    return out


def f16_bits():
    rng = np.random.default_rng(11)
    bits = rng.integers(0, 2**32, 4000, dtype=np.uint64).astype(np.uint32)
    f32 = bits.view(np.float32)
    f16 = f32.astype(np.float16).view(np.uint16)
    tf16 = tf.cast(tf.constant(f32), tf.float16).numpy().view(np.uint16)
    assert (np.isnan(f32) | (f16 == tf16)).all()
    return {'f32': bits.tolist(), 'f16': f16.tolist()}


json.dump({'prelude': PRELUDE, 'cases': run(SNIPPETS), 'f16round': f16_bits()}, open(OUT, 'w'), indent=1)
print('wrote', OUT)
