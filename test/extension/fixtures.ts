/**
 * A hand-made RunReport for the first tape of the seed (`examples/autodiff_tutorial.py`, 0-based lines 24–35):
 *   x = tf.ones((2, 2))
 *   with tf.GradientTape() as t:
 *     t.watch(x)
 *     y = tf.reduce_sum(x)
 *     z = tf.multiply(y, y)
 *   dz_dx = t.gradient(z, x)
 */
import type { Evaluation } from '../../src/engine/evaluation';
import type { RunReport, Span, ValueSummary } from '../../src/protocol/report';

export const span = (line: number, from: number, to: number, endLine = line, cell?: number): Span => ({
  start: { line, character: from },
  end: { line: endLine, character: to },
  ...(cell === undefined ? {} : { cell }),
});

export const tensor = (value: number | number[][], shape: number[], dtype = 'float32'): ValueSummary => {
  const flat = Array.isArray(value) ? value.flat() : [value];
  const preview = Array.isArray(value) ? JSON.stringify(value).replace(/,/g, ', ') : String(value);
  return {
    kind: 'tensor',
    dtype,
    shape,
    preview,
    repr: `<tf.Tensor: shape=(${shape.join(', ')}${shape.length === 1 ? ',' : ''}), dtype=${dtype}, numpy=${flat.length === 1 ? `${flat[0]}.0` : 'array(...)'}>`,
    value,
  };
};

export function seedReport(): RunReport {
  const ones = tensor(
    [
      [1, 1],
      [1, 1],
    ],
    [2, 2],
  );
  const eights = tensor(
    [
      [8, 8],
      [8, 8],
    ],
    [2, 2],
  );
  return {
    version: 1,
    source: { kind: 'python', cells: 1 },
    values: [
      { span: span(24, 0, 19), label: 'x', value: ones, runs: 1 },
      {
        span: span(26, 0, 28, 29),
        label: 't',
        value: {
          kind: 'tape',
          preview: '<GradientTape>',
          repr: '<tensorflow.python.eager.backprop.GradientTape object>',
        },
        runs: 1,
      },
      { span: span(27, 2, 12), label: 't.watch(x)', value: { kind: 'none', preview: 'None', repr: 'None' }, runs: 1 },
      { span: span(28, 2, 22), label: 'y', value: tensor(4, []), runs: 1 },
      { span: span(28, 6, 22), label: 'tf.reduce_sum(x)', value: tensor(4, []), runs: 1 },
      { span: span(29, 2, 23), label: 'z', value: tensor(16, []), runs: 1 },
      { span: span(32, 0, 24), label: 'dz_dx', value: eights, runs: 1 },
      { span: span(32, 8, 24), label: 't.gradient(z, x)', value: eights, runs: 1 },
    ],
    tapes: [
      {
        id: 1,
        span: span(26, 0, 28),
        name: 't',
        persistent: false,
        watchAccessedVariables: true,
        watched: [{ id: 1, name: 'x', shape: [2, 2], dtype: 'float32' }],
        values: [
          {
            id: 1,
            name: 'x',
            shape: [2, 2],
            dtype: 'float32',
            preview: '[[1, 1], [1, 1]]',
            grad: { preview: '[[8, 8], [8, 8]]' },
            role: ['source', 'watched'],
          },
          { id: 2, name: 'y', shape: [], dtype: 'float32', preview: '4', grad: { preview: '8' }, role: [] },
          { id: 3, name: 'z', shape: [], dtype: 'float32', preview: '16', grad: { preview: '1' }, role: ['target'] },
        ],
        ops: [
          { id: 10, op: 'Sum', name: 'reduce_sum', inputs: [1], output: 2, span: span(28, 6, 22) },
          { id: 11, op: 'Mul', name: 'multiply', inputs: [2, 2], output: 3, span: span(29, 6, 23) },
        ],
        truncated: false,
        opCount: 2,
      },
    ],
    gradients: [
      {
        span: span(32, 8, 24),
        tape: 1,
        kind: 'gradient',
        target: 'z',
        runs: 1,
        results: [
          {
            label: 'x',
            result: eights,
            explanation: {
              summary: 'dz/dx = dz/dy · dy/dx = (2·y = 8) · 1 = 8, for each of the 4 elements of x',
              paths: [
                {
                  contribution: '8',
                  steps: [
                    {
                      op: 'Mul',
                      name: 'multiply',
                      span: span(29, 6, 23),
                      output: 'z',
                      input: 'y',
                      localFormula: '2·y',
                      localValue: '8',
                      upstream: '1',
                      downstream: '8',
                    },
                    {
                      op: 'Sum',
                      name: 'reduce_sum',
                      span: span(28, 6, 22),
                      output: 'y',
                      input: 'x',
                      localFormula: '1',
                      localValue: '1',
                      upstream: '8',
                      downstream: '8',
                    },
                  ],
                },
              ],
            },
          },
        ],
      },
    ],
    asserts: [{ span: span(35, 4, 37), runs: 4, failures: 0, passed: true }],
    prints: [],
    diagnostics: [],
    globals: {},
    timing: { parseMs: 1, runMs: 2, totalMs: 3 },
  };
}

/** The seed's text, lines 24–35 at their real line numbers (earlier lines blank). */
export const seedLines = (): string[] => {
  const lines = new Array<string>(24).fill('');
  lines.push(
    'x = tf.ones((2, 2)) #create a tf matrix of ones shape 2,2',
    '',
    'with tf.GradientTape() as t:',
    '  t.watch(x) #I think this is to record everything that happens to X',
    '  y = tf.reduce_sum(x) #Basically sums the insides of the matrix',
    '  z = tf.multiply(y, y) #multiplies that sole number by itself',
    '',
    '# Derivative of z with respect to the original input tensor x',
    'dz_dx = t.gradient(z, x) #returns a (2,2) matrix full of 8.',
    'for i in [0, 1]:',
    '  for j in [0, 1]:',
    '    assert dz_dx[i][j].numpy() == 8.0',
  );
  return lines;
};

/** An evaluation that holds only its report (for the worker protocol's tests that never ask it anything). */
export function evaluationOf(report: RunReport): Evaluation {
  return {
    report,
    answer() {
      throw new Error('not kept for details');
    },
  } as unknown as Evaluation;
}
