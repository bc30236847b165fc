/**
 * Unseeded random ops draw from a seed pinned per document: the same values on every run and after any edit of the
 * text, different documents differ, and the report marks such values. Seeded draws are TF's and are not marked.
 */
import { describe, expect, it } from 'vitest';
import { inputFor } from '../../src/engine/input';
import { documentSeed, getSeed, numpyDraws, resetRandomState, setAllSeeds } from '../../src/engine/ops/random';
import { run } from '../../src/engine/run';

const PROGRAM = `import tensorflow as tf
w = tf.Variable(tf.random.normal((3, 2)))
u = tf.random.uniform([4])
`;

function values(file: string, src: string) {
  const r = run(inputFor(file, src));
  const pick = (label: string) => r.values.find((v) => v.label === label)?.value;
  return { w: pick('w'), u: pick('u'), r };
}

describe('pinned seed for unseeded randomness', () => {
  it('is the same on every run and after an edit elsewhere in the file', () => {
    const a = values('model.py', PROGRAM);
    const b = values('model.py', PROGRAM);
    const c = values('/some/folder/model.py', `# a comment edit\n${PROGRAM}`);
    expect(a.w?.value).toEqual(b.w?.value);
    expect(a.u?.value).toEqual(c.u?.value);
    expect(a.w?.value).toEqual(c.w?.value);
  });

  it('differs between documents', () => {
    expect(values('a.py', PROGRAM).u?.value).not.toEqual(values('b.py', PROGRAM).u?.value);
    expect(documentSeed('file:///x/a.py')).toBe(documentSeed('a.py'));
    expect(documentSeed('a.py')).not.toBe(documentSeed('b.py'));
  });

  it('marks unseeded values, not seeded ones', () => {
    const { w, u } = values('model.py', PROGRAM);
    expect(w?.unseeded).toBe(true);
    expect(u?.unseeded).toBe(true);
    const seeded = values('model.py', 'import tensorflow as tf\ntf.random.set_seed(5)\nu = tf.random.uniform([4])\n');
    expect(seeded.u?.unseeded).toBeUndefined();
    const opSeed = values('model.py', 'import tensorflow as tf\nu = tf.random.uniform([4], seed=3)\n');
    expect(opSeed.u?.unseeded).toBeUndefined();
    const np = values(
      'model.py',
      'import numpy as np\nu = np.random.rand(4)\nnp.random.seed(1)\nw = np.random.rand(2)\n',
    );
    expect(np.u?.unseeded).toBe(true);
    expect(np.w?.unseeded).toBeUndefined();
  });

  it("covers Keras's unseeded initializers: stable across runs and edits, marked, and seeded ones are not", () => {
    const KERAS = `import tensorflow as tf
import keras
layer = keras.layers.Dense(2)
y = layer(tf.ones((1, 3)))
k = layer.kernel
g = keras.initializers.GlorotUniform()((2, 2))
`;
    const pick = (file: string, src: string, label: string) =>
      run(inputFor(file, src)).values.find((v) => v.label === label)?.value;
    const a = pick('model.py', KERAS, 'k');
    expect(a?.unseeded).toBe(true);
    expect(pick('model.py', KERAS, 'g')?.unseeded).toBe(true);
    expect(pick('model.py', `# edited\n${KERAS}`, 'k')?.value).toEqual(a?.value);
    expect(pick('other.py', KERAS, 'k')?.value).not.toEqual(a?.value);
    const seeded = `import keras\nkeras.utils.set_random_seed(1)\n${KERAS}`;
    expect(pick('model.py', seeded, 'k')?.unseeded).toBeUndefined();
    expect(pick('model.py', seeded, 'g')?.unseeded).toBeUndefined();
  });

  it("covers Python's random module: unseeded draws are stable across runs and edits, and differ by document", () => {
    const SRC = 'import random\nxs = [random.random(), random.randint(1, 100)]\n';
    const pick = (file: string, src: string) => run(inputFor(file, src)).values.find((v) => v.label === 'xs')?.value;
    const a = pick('model.py', SRC);
    expect(a?.kind).toBe('list');
    expect(pick('model.py', `# edited\n${SRC}`)?.preview).toBe(a?.preview);
    expect(pick('other.py', SRC)?.preview).not.toBe(a?.preview);
  });

  it('uniform values lie in [0, 1) and normal values are finite', () => {
    const { w, u } = values('model.py', PROGRAM);
    const us = (u?.value ?? []) as number[];
    const ws = ((w?.value ?? []) as number[][]).flat();
    expect(us).toHaveLength(4);
    expect(ws).toHaveLength(6);
    expect(us.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(ws.every((x) => Number.isFinite(x))).toBe(true);
  });
});

describe('setAllSeeds (tf.keras.utils.set_random_seed)', () => {
  it('seeds NumPy and TensorFlow as np.random.seed and tf.random.set_seed do', () => {
    const viaBoth = run(
      inputFor('a.py', 'import numpy as np\nimport tensorflow as tf\nnp.random.seed(42)\ntf.random.set_seed(42)\n'),
    );
    expect(viaBoth.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    resetRandomState(documentSeed('a.py'));
    setAllSeeds(42n);
    // np.random.seed(42); np.random.randn(2) in NumPy:
    expect(Array.from(numpyDraws('normal', 2).data)).toEqual([0.4967141530112327, -0.13826430117118466]);
    expect(numpyDraws('double', 1).unseeded).toBe(false);
    // tf.random.set_seed(42) gives an op seed from random.Random(42), as the seeded path does.
    expect(getSeed()[0]).toBe(42);
  });
});
