/**
 * Runs share the module objects (built once per worker) but each must see them as a fresh Python process does:
 * whatever one program rebinds, deletes or sets on them is gone in the next.
 */
import { describe, expect, test } from 'vitest';
import { run } from '../../src/engine/run';
import type { RunReport } from '../../src/protocol/report';

const py = (source: string): RunReport => run({ kind: 'python', cells: [{ source }] });
const errors = (r: RunReport) => r.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message);
const failed = (r: RunReport) => r.asserts.filter((a) => !a.passed).map((a) => a.message ?? '');

describe('host modules between runs', () => {
  test('a program that vandalises tf and numpy leaves the next run untouched', () => {
    const vandal = py(`import tensorflow as tf
import numpy as np
import tensorflow.math as tfm
tf.constant = None
del tf.Variable
tf.math.sin = tf.math.cos
tfm.extra = 1
tf.float32.note = 'mine'
tf.UnconnectedGradients.ZERO.tag = 2
tf.nn = 'gone'
np.pi = 3
del np.testing
assert tf.constant is None and tf.float32.note == 'mine'
`);
    expect(errors(vandal)).toEqual([]);
    expect(failed(vandal)).toEqual([]);

    const next = py(`import tensorflow as tf
import numpy as np
import numpy.testing
x = tf.constant(0.5)
v = tf.Variable(1.0)
assert tf.math.sin(x).numpy() != tf.math.cos(x).numpy()
assert 'extra' not in dir(tf.math)
assert not hasattr(tf.float32, 'note')
assert not hasattr(tf.UnconnectedGradients.ZERO, 'tag')
assert tf.nn.relu(tf.constant(-1.0)).numpy() == 0.0
assert np.pi > 3.14
np.testing.assert_allclose(np.array([1.0]), np.array([1.0]))
`);
    expect(errors(next)).toEqual([]);
    expect(failed(next)).toEqual([]);
    expect(next.asserts).toHaveLength(6);
  });

  test('NumPy behaviour enabled by one run is off in the next', () => {
    const on = py(`import tensorflow as tf
import tensorflow.experimental.numpy as tnp
tnp.experimental_enable_numpy_behavior()
t = tf.constant([1, 2], dtype=tf.int32) + 0.5
assert t.dtype == tf.float64 and t.reshape(2, 1).shape == (2, 1)
`);
    expect(errors(on)).toEqual([]);
    expect(failed(on)).toEqual([]);
    const off = py(`import tensorflow as tf
t = tf.constant([1.0, 2.0]) + 0.5
assert t.dtype == tf.float32 and not hasattr(t, 'reshape')
`);
    expect(errors(off)).toEqual([]);
    expect(failed(off)).toEqual([]);
    expect(off.asserts).toHaveLength(1);
  });

  test('a native __init__ called on a shared host object does not reach the next run', () => {
    py(`import tensorflow as tf
tf.Module.__init__(tf.float32, 'oops')
tf.GradientTape.__init__(tf.UnconnectedGradients.ZERO)
tf.Variable.__init__(tf.int32, 5.0)
`);
    const next = py(`import tensorflow as tf
x = tf.constant(1.0, dtype=tf.float32)
with tf.GradientTape() as t:
    t.watch(x)
    y = x * x
g = t.gradient(y, [x, tf.constant(2.0)], unconnected_gradients=tf.UnconnectedGradients.ZERO)
assert str(tf.float32) == "<dtype: 'float32'>" and str(tf.int32) == "<dtype: 'int32'>"
assert g[0].numpy() == 2.0 and g[1].numpy() == 0.0
`);
    expect(errors(next)).toEqual([]);
    expect(failed(next)).toEqual([]);
    expect(next.asserts).toHaveLength(2);
  });
});
