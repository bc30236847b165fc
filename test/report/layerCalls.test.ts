/** A Keras model call in the report: its layers' output shapes (for the hover on `model(x)`). */
import { describe, expect, it } from 'vitest';
import { run } from '../../src/engine/run';
import { layerCallsHover } from '../../src/extension/core/hoverText';
import { formatMessage as t } from '../../src/extension/core/translate';

const source = `import tensorflow as tf
import keras
model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(4, activation="relu"), keras.layers.Dense(1)])
x = tf.ones((2, 3))
y = model(x)
z = model.layers[0](x)
`;

describe('model calls in the report', () => {
  const r = run({ kind: 'python', cells: [{ source }] }, { timeBudgetMs: 20_000 });

  it("lists each layer a model call ran, with its output's shape, at the call's span", () => {
    expect(r.layerCalls).toHaveLength(1);
    const [call] = r.layerCalls!;
    expect(call.span.start).toEqual({ line: 4, character: 4 });
    expect(call.model).toBe('sequential (Sequential)');
    expect(call.layers).toEqual([
      { label: 'dense (Dense)', shape: [2, 4], dtype: 'float32' },
      { label: 'dense_1 (Dense)', shape: [2, 1], dtype: 'float32' },
    ]);
  });

  it('the hover lists the layers and their shapes', () => {
    expect(layerCallsHover(r.layerCalls![0], t)).toBe(
      '**Layers of sequential (Sequential)**\n\n- `dense (Dense)` → (2, 4) float32\n- `dense_1 (Dense)` → (2, 1) float32',
    );
  });
});
