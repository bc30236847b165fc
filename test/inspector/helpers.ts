/** Reports for the inspector tests: real ones from the engine (Python source in, RunReport out) and hand-made tapes. */
import { run } from '../../src/engine/run';
import type { RunReport, Span, TapeOpNode, TapeRecord, TapeValueNode } from '../../src/protocol/report';

export function report(source: string): RunReport {
  return run({ kind: 'python', cells: [{ source }] }, { timeBudgetMs: 20_000 });
}

/** The seed's first tape (examples/autodiff_tutorial.py): x → reduce_sum → y → multiply → z. */
export const SEED = `import tensorflow as tf
x = tf.ones((2, 2))

with tf.GradientTape() as t:
  t.watch(x)
  y = tf.reduce_sum(x)
  z = tf.multiply(y, y)

dz_dx = t.gradient(z, x)
`;

export const XSS = `import tensorflow as tf
vs = [tf.Variable(1.0, name='<img src=x onerror=alert(1)>')]
d = {}
x = tf.constant(2.0)
with tf.GradientTape() as t:
  t.watch(x)
  d['<img src=x onerror=alert(1)>'] = x * vs[0]
  y = d['<img src=x onerror=alert(1)>'] * 2.0
g = t.gradient(y, [x, vs[0]])
`;

export const span = (line: number, from = 0, to = 10): Span => ({
  start: { line, character: from },
  end: { line, character: to },
});

/**
 * A synthetic tape: `n` ops in a chain, each op reading the previous value and the source, `body` distinct spans
 * per loop iteration (`body` = 0: every op on its own line, no loop).
 */
export function chainTape(n: number, body = 0, id = 1): TapeRecord {
  const values: TapeValueNode[] = [
    {
      id: 1,
      name: 'x',
      shape: [],
      dtype: 'float32',
      preview: '1',
      value: 1,
      grad: { preview: '2', value: 2 },
      role: ['source', 'watched'],
      span: span(0),
    },
  ];
  const ops: TapeOpNode[] = [];
  const its = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const line = body > 0 ? 2 + (i % body) : 2 + i;
    const it = its.get(line) ?? 0;
    its.set(line, it + 1);
    const out = i + 2;
    values.push({
      id: out,
      name: `h${i % 7}`,
      shape: [4],
      dtype: 'float32',
      preview: `[${i}, ${i + 1}, ${i + 2}, ${i + 3}]`,
      grad: { preview: `[${(i % 10) / 10}, 0.5, -1, 2]` },
      role: i === n - 1 ? ['target'] : [],
      span: span(line),
    });
    ops.push({
      id: i + 1,
      op: i % 2 ? 'Mul' : 'AddV2',
      name: i % 2 ? 'multiply' : 'add',
      inputs: [i + 1, 1],
      output: out,
      span: span(line),
      iteration: it,
    });
  }
  return {
    id,
    persistent: false,
    watchAccessedVariables: true,
    watched: [{ id: 1, name: 'x', shape: [], dtype: 'float32' }],
    values,
    ops,
    truncated: false,
    opCount: n,
  };
}
