/**
 * `keras.datasets.*.load_data()` is unknown (the engine downloads nothing), but its arrays carry their documented
 * shapes and dtypes, which `.shape`, slicing and arithmetic with a number keep, and the editor shows.
 */
import { describe, expect, it } from 'vitest';
import { run } from '../../src/engine/run';
import { valueHover } from '../../src/extension/core/hoverText';
import { hintLabel } from '../../src/extension/core/lensText';
import { formatMessage as t } from '../../src/extension/core/translate';

const source = `import keras
(x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
x_train = x_train / 255.0
small = x_train[:1000, 2:10]
row = x_test[0]
scaled = y_test * 2
shapes = (x_train.shape, small.shape, row.shape, y_train.ndim, x_test.size)
(hx, hy), _ = keras.datasets.boston_housing.load_data()
(cx, cy), _ = keras.datasets.cifar10.load_data()
`;

describe('Keras datasets as unknowns with their documented shapes', () => {
  const r = run({ kind: 'python', cells: [{ source }] }, { timeBudgetMs: 20_000 });
  const value = (label: string) => r.values.filter((v) => v.label === label).pop()!;

  it('shape, slicing and arithmetic with a number keep the shape and follow NumPy dtypes', () => {
    expect(value('shapes').value.repr).toBe('((60000, 28, 28), (1000, 8, 28), (28, 28), 1, 7840000)');
    expect([value('x_train').value.shape, value('x_train').value.dtype]).toEqual([[60000, 28, 28], 'float64']);
    expect([value('small').value.shape, value('row').value.dtype]).toEqual([[1000, 8, 28], 'uint8']);
    expect([value('scaled').value.shape, value('scaled').value.dtype]).toEqual([[10000], 'uint8']);
    const train = (label: string) => value(label).value.items?.[0].items ?? [];
    const [hx, hy] = train('(hx, hy), _');
    expect([hx.shape, hx.dtype, hy.shape]).toEqual([[404, 13], 'float64', [404]]);
    const [cx, cy] = train('(cx, cy), _');
    expect([cx.shape, cy.shape, cy.dtype]).toEqual([[50000, 32, 32, 3], [50000, 1], 'uint8']);
  });

  it('the values stay unknown, and the editor shows the shape with the reason', () => {
    const x = value('x_train');
    expect(x.value.kind).toBe('unknown');
    expect(hintLabel(x.value, { precision: 4, maxChars: 80 }, t)).toMatch(
      /^▸ \(60000, 28, 28\) float64 · unknown: `keras\.datasets\.mnist\.load_data\(\)`/,
    );
    expect(valueHover(x, { uri: 'file:///a.py', fmt: { precision: 4, maxChars: 60 }, t }).split('\n')[0]).toBe(
      '`x_train` · (60000, 28, 28) float64',
    );
  });
});

describe('Keras models on dataset unknowns', () => {
  const src = `import keras
(x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
x_train, x_test = x_train / 255.0, x_test / 255.0
model = keras.Sequential([keras.Input((28, 28)), keras.layers.Flatten(), keras.layers.Dense(10)])
model.compile("adam", keras.losses.SparseCategoricalCrossentropy(from_logits=True))
logits = model(x_train[:5])
probs = model.predict(x_test, verbose=0)
history = model.fit(x_train, y_train, epochs=1, verbose=0)
bad = keras.Sequential([keras.Input((784,)), keras.layers.Dense(10)])
bad.compile("adam", "mse")
bad.fit(x_train, y_train, epochs=1)
`;
  const r = run({ kind: 'python', cells: [{ source: src }] }, { timeBudgetMs: 20_000 });
  const value = (label: string) => r.values.filter((v) => v.label === label).pop()!;

  it('a model call and predict give unknowns with the output shape (batch, 10)', () => {
    expect([value('logits').value.shape, value('logits').value.dtype]).toEqual([[5, 10], 'float32']);
    expect(value('probs').value.shape).toEqual([10000, 10]);
    expect([value('history').value.kind, value('history').value.shape]).toEqual(['unknown', undefined]);
  });

  it('a model that cannot take the data raises its shape error at the fit line, naming the data shape', () => {
    const errors = r.diagnostics.filter((d) => d.severity === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0].span.start.line).toBe(10);
    // Real TensorFlow 2.21's text (fit traces its step, so the batch size is None), less Keras's bold style codes.
    expect(errors[0].message).toBe(
      'ValueError: Exception encountered when calling Sequential.call().\n\n' +
        'Invalid input shape for input Tensor("data:0", shape=(None, 28, 28), dtype=float32) with name ' +
        "'keras_tensor_3' and path ''. Expected shape (None, 784), but input has incompatible shape (None, 28, 28)" +
        '\n\nArguments received by Sequential.call():\n' +
        '  • inputs=tf.Tensor(shape=(None, 28, 28), dtype=float32)\n  • training=True\n  • mask=None\n' +
        "  • kwargs=<class 'inspect._empty'>",
    );
  });
});
