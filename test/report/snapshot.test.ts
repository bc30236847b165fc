/** `RunOptions.cellSnapshots`: what each cell printed, raised and changed, in the oracle's format. */
import { describe, expect, it } from 'vitest';
import { run } from '../../src/engine/run';

const cells = (...sources: string[]) => ({
  kind: 'notebook' as const,
  cells: sources.map((source, cell) => ({ source, cell })),
});

describe('cell snapshots', () => {
  it('records each cell: its prints, its exception, and the names it changed', () => {
    const r = run(
      cells(
        'import tensorflow as tf\nx = tf.constant([1.0, float("nan"), float("inf")])\nv = tf.Variable([[1, 2]])\nprint("a")',
        'v.assign([[3, 4]])\nn = 2 ** 60\ns = {3, 1, 2}\nd = {"k": (1, "t"), 2: None}\nraise ValueError("boom")\nlate = 1',
        'class P:\n    def __init__(self):\n        self.w = tf.Variable(2.0)\n        self._hidden = 1\n        self.f = len\np = P()\nimport matplotlib.pyplot as plt',
      ),
      { cellSnapshots: true },
    );
    const [c0, c1, c2] = r.cells ?? [];
    expect(c0.stdout).toBe('a\n');
    expect(c0.error).toBeUndefined();
    expect(c0.values.x).toEqual({ kind: 'tensor', dtype: 'float32', shape: [3], value: [1, 'nan', 'inf'] });
    expect(c0.values.v).toEqual({ kind: 'variable', dtype: 'int32', shape: [1, 2], value: [[1, 2]] });
    expect(c0.values.tf).toEqual({ kind: 'module', name: 'tensorflow' });

    // Only what changed: the assigned variable, the new names; `x` and `tf` are not repeated.
    expect(Object.keys(c1.values).sort()).toEqual(['d', 'n', 's', 'v']);
    expect(c1.values.v.value).toEqual([[3, 4]]);
    expect(c1.values.n).toEqual({ kind: 'int', value: '1152921504606846976' });
    expect(c1.values.s).toEqual({
      kind: 'set',
      value: [
        { kind: 'int', value: 1 },
        { kind: 'int', value: 2 },
        { kind: 'int', value: 3 },
      ],
    });
    expect(c1.values.d).toEqual({
      kind: 'dict',
      keys: ['k', '2'],
      value: [
        {
          kind: 'tuple',
          value: [
            { kind: 'int', value: 1 },
            { kind: 'str', value: 't' },
          ],
        },
        { kind: 'none' },
      ],
    });
    expect(c1.error).toEqual({ type: 'ValueError', message: 'boom' });
    expect(c1.stdout).toBe('');

    // An instance of the program's own class: its public attributes that are not functions.
    expect(c2.values.p).toEqual({
      kind: 'other',
      type: 'P',
      attrs: { w: { kind: 'variable', dtype: 'float32', shape: [], value: 2 } },
    });
    expect(c2.values.P).toEqual({ kind: 'class', name: 'P' });
    expect(c2.values.plt.kind).toBe('unknown');
  });

  it('is off by default', () => {
    expect(run(cells('x = 1'), {}).cells).toBeUndefined();
  });
});
