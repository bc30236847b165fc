/** A tape created in a loop: the inspector's tape list has one entry per iteration the report kept. */
import { describe, expect, it } from 'vitest';
import { run } from '../../src/engine/run';
import { tapeTitle } from '../../src/inspector/model';

describe('tapes of a loop', () => {
  it('are listed once per iteration, each with the values of its own iteration', () => {
    const r = run({
      kind: 'python',
      cells: [
        {
          source: [
            'import tensorflow as tf',
            'w = tf.Variable(2.0)',
            'for step in range(3):',
            '    with tf.GradientTape() as tape:',
            '        loss = (w * 3.0 - 3.0) ** 2',
            '    grad = tape.gradient(loss, w)',
            '    w.assign_sub(0.1 * grad)',
          ].join('\n'),
        },
      ],
    });
    const tapes = r.tapes.filter((t) => t.span?.start.line === 3);
    expect(tapes.map((t) => tapeTitle(t, r.tapes))).toEqual([
      'tape · line 4 · iteration 1 of 3',
      'tape · line 4 · iteration 2 of 3',
      'tape · line 4 · iteration 3 of 3',
    ]);
    // w ← w − 0.1·dloss/dw with dloss/dw = 2(3w − 3)·3, from w = 2, in float32 by hand: each tape read its own w.
    const f = Math.fround;
    const expected: number[] = [];
    for (let k = 0, w = f(2); k < 3; k++) {
      expected.push(w);
      const grad = f(f(2 * f(f(w * 3) - 3)) * 3);
      w = f(w - f(f(0.1) * grad));
    }
    expect(expected.slice(0, 2)).toEqual([2, f(2 - f(f(0.1) * 18))]);
    expect(tapes.map((t) => t.values.find((v) => v.role.includes('variable'))?.value)).toEqual(expected);
  });
});
