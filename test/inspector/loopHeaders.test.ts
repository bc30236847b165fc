/** Loop headers from Python text, and the inspector's loop groups named after their `for` line. */
import { describe, expect, it } from 'vitest';
import { run } from '../../src/engine/run';
import { buildGraph } from '../../src/inspector/graphBuilder';
import { enclosingLoop, loopHeaders } from '../../src/protocol/loopHeaders';

const SOURCE = `import tensorflow as tf
x = tf.Variable(2.0)
with tf.GradientTape() as tape:
    y = x
    for step in range(4):  # the loop
        y = y * x

        # a comment inside
        y = y + (x *
                 1.0)
    while False:
        pass
z = """
for not_a_loop in text:
"""
for a in [1, 2]: print(a)
`;

describe('loop headers', () => {
  it('finds for and while statements and the last line of their bodies', () => {
    expect(loopHeaders(SOURCE)).toEqual([
      { line: 4, end: 9, text: 'for step in range(4):' },
      { line: 10, end: 11, text: 'while False:' },
      { line: 15, end: 15, text: 'for a in [1, 2]: print(a)' },
    ]);
    expect(loopHeaders('for i in range(3):\n    pass\n', 2)).toEqual([
      { cell: 2, line: 0, end: 1, text: 'for i in range(3):' },
    ]);
  });

  it('the innermost loop holding all the lines', () => {
    const loops = loopHeaders('for i in a:\n    for j in b:\n        f(i, j)\n    g(i)\n');
    expect(enclosingLoop(loops, undefined, [2])?.line).toBe(1);
    expect(enclosingLoop(loops, undefined, [2, 3])?.line).toBe(0);
    expect(enclosingLoop(loops, 1, [2])).toBeUndefined();
  });

  it('an inspector loop group is named after its for line', () => {
    const report = run({ kind: 'python', cells: [{ source: SOURCE }] });
    const g = buildGraph(report.tapes[0], report.tapes, report.gradients, { loops: loopHeaders(SOURCE) });
    const loops = [...g.groups.values()].filter((x) => x.kind === 'loop').map((x) => x.label);
    expect(loops).toEqual(['for step in range(4): · line 5']);
    const plain = buildGraph(report.tapes[0], report.tapes, report.gradients);
    expect([...plain.groups.values()].filter((x) => x.kind === 'loop').map((x) => x.label)).toEqual([
      'loop · lines 6–9',
    ]);
  });
});
