/**
 * Unknowns spread instead of leaving stale numbers: the training loop of issue-style notebooks (a Keras optimizer
 * updating a variable), checked against TensorFlow 2.21's own values. Whichever the engine supports, the lens shows
 * TF's number or "unknown", never the first iteration's gradient or a frozen loss.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inputFor } from '../../src/engine/input';
import { run } from '../../src/engine/run';
import { gradientLensTitles, hintLabel } from '../../src/extension/core/lensText';
import { formatMessage } from '../../src/extension/core/translate';

const OPTIMIZER = `import tensorflow as tf

x = tf.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
y = tf.constant([[1.0], [2.0], [3.0]])
w = tf.Variable([[0.5], [-0.5]])
opt = tf.keras.optimizers.SGD(learning_rate=0.01)
for step in range(100):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean((x @ w - y) ** 2)
    grads = tape.gradient(loss, [w])
    opt.apply_gradients(zip(grads, [w]))
`;

// TensorFlow 2.21: after 100 SGD steps (the loss and gradient of the last step, before its update).
const TF_LAST_LOSS = 0.06367562711238861;
const TF_LAST_GRAD = [[0.11762180924415588], [-0.09285372495651245]];
const TF_W = [[0.665847897529602], [-0.025649001821875572]];

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-5 * Math.max(1, Math.abs(b));

describe('a variable an unknown call may change', () => {
  const report = run({ kind: 'python', cells: [{ source: OPTIMIZER }] });

  it('shows TF value or unknown for the loss, never the frozen first value', () => {
    const loss = report.values.find((v) => v.label === 'loss');
    expect(loss).toBeDefined();
    if (loss?.value.kind === 'unknown') expect(loss.value.unknown).toMatch(/apply_gradients|keras/);
    else expect(close(loss?.value.value as number, TF_LAST_LOSS)).toBe(true);
  });

  it('shows TF gradient or unknown, never the first iteration', () => {
    const g = report.gradients.find((r) => r.target === 'loss');
    expect(g?.runs).toBe(100);
    if (g?.unknown !== undefined) {
      expect(g.unknown).toBe('`opt.apply_gradients` (line 11) is not supported');
      const lens = gradientLensTitles(g, { maxChars: 80, precision: 4 } as never, formatMessage);
      expect(lens).toEqual(['dloss/dw = unknown: `opt.apply_gradients` (line 11) is not supported · last of 100 runs']);
    } else {
      const v = g?.results[0].result?.value as number[][];
      expect(v.map((row, i) => close(row[0], TF_LAST_GRAD[i][0]))).toEqual([true, true]);
    }
  });

  it('w at the end is TF value or unknown', () => {
    const w = report.globals.w;
    if (w.kind === 'unknown') return;
    expect((w.value as number[][]).map((row, i) => close(row[0], TF_W[i][0]))).toEqual([true, true]);
  });

  it('a warning at the call that made the gradient unknown', () => {
    const g = report.gradients.find((r) => r.target === 'loss');
    if (g?.unknown === undefined) return;
    const d = report.diagnostics.find((x) => x.code === 'unknown-gradient');
    expect(d?.severity).toBe('warning');
    expect(d?.span.start.line).toBe(10);
  });
});

describe('unknown values in the editor text', () => {
  it('an inlay hint says why a value is unknown', () => {
    const s = {
      kind: 'unknown' as const,
      preview: '<unknown>',
      repr: '<unknown>',
      unknown: '`somelib` (line 2) is not supported',
    };
    expect(hintLabel(s, { maxChars: 80 } as never, formatMessage)).toBe(
      '▸ unknown: `somelib` (line 2) is not supported',
    );
  });
});

describe('unknown calls spread (test/fixtures/unknown_calls_spread.py: an unknown module, so not run by TF)', () => {
  const path = join(__dirname, '..', 'fixtures', 'unknown_calls_spread.py');
  const src = readFileSync(path, 'utf8');
  const report = run(inputFor(path, src));
  const unchecked = [...src.matchAll(/^# expect-assert-unchecked: line (\d+)$/gm)].map((m) => Number(m[1]));
  const assertLines = src
    .split('\n')
    .map((l, i) => (/^\s*assert\b/.test(l) ? i + 1 : 0))
    .filter((n) => n > 0);

  it('asserts on unknown values are not checked; the others ran and passed', () => {
    expect(unchecked.length).toBe(8);
    for (const line of assertLines) {
      const a = report.asserts.find((x) => x.span.start.line + 1 === line);
      expect(a?.runs, `assert at line ${line}`).toBeGreaterThan(0);
      expect(a?.passed, `assert at line ${line}`).toBe(true);
      expect(Boolean(a?.unchecked), `assert at line ${line}`).toBe(unchecked.includes(line));
    }
  });

  it('warns at the unsupported call that made the gradient unknown, and reports no error', () => {
    const w = report.diagnostics.filter((d) => d.severity === 'warning');
    expect(w.map((d) => [d.code, d.span.start.line + 1])).toEqual([['unknown-gradient', 15]]);
    expect(report.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });
});
