/**
 * Gradient health over the runs of a gradient call in a loop: the run where a gradient first vanished (norm below
 * 1e-7 of its source's) or exploded (10⁴ times its first norm), and NaN/Inf. The per-run gradients are TensorFlow
 * 2.21's (printed by the same program under TF): 0.01^i for the first loop, 30^i for the second.
 */
import { describe, expect, it } from 'vitest';
import { run } from '../../src/engine/run';
import { gradientHealth } from '../../src/extension/core/gradientHealth';
import { formatMessage as t } from '../../src/extension/core/translate';

const PROGRAM = `import tensorflow as tf
x = tf.Variable(1.0)
for i in range(7):
    with tf.GradientTape() as tape:
        y = x * tf.pow(0.01, float(i))
    g = tape.gradient(y, x)
for i in range(6):
    with tf.GradientTape() as tape2:
        z = x * tf.pow(30.0, float(i))
    g2 = tape2.gradient(z, x)
for i in range(3):
    with tf.GradientTape() as tape3:
        w = x * tf.constant(0.0) + 2.0
    g3 = tape3.gradient(w, x)
for i in range(3):
    with tf.GradientTape() as tape4:
        u = tf.sqrt(x - float(i))
    g4 = tape4.gradient(u, x)
`;

// TF 2.21 gradients per run. dy/dx: 1, 0.01, 9.99999977e-5, 9.99999884e-7, 9.99999905e-9 (run 5 is the first
// below 1e-7 · |x| = 1e-7), … dz/dx: 1, 30, 900, 27000 (run 4 is the first ≥ 1e4 · 1), 810000, 24300000.
// dw/dx is 0 in every run (never non-zero: not a vanishing gradient). du/dx = 0.5/sqrt(1 - i): 0.5, inf at i = 1,
// nan at i = 2.
describe('gradient norms along a loop', () => {
  const report = run({ kind: 'python', cells: [{ source: PROGRAM }] });
  const at = (line: number) => report.gradients.find((g) => g.span.start.line === line)!;

  it('records the first run where a gradient vanished, exploded or was not finite', () => {
    const vanished = at(5).results[0].health;
    expect(vanished?.vanished?.run).toBe(5);
    expect(vanished?.vanished?.ratio).toBeCloseTo(9.99999905104687e-9, 14);
    expect(vanished?.exploded).toBeUndefined();
    const exploded = at(9).results[0].health;
    expect(exploded?.exploded).toEqual({ run: 4, growth: 27000 });
    expect(exploded?.vanished).toBeUndefined();
    expect(at(13).results[0].health).toBeUndefined();
    expect(at(17).results[0].health?.nonFinite).toEqual({ run: 2 });
  });

  it('warns at the gradient call with the run where it first happened', () => {
    const found = gradientHealth(report, t).map((d) => [d.span.start.line, d.code, d.message]);
    expect(found).toEqual([
      [5, 'gradient-vanished', 'dy/dx vanished at run 5 of 7: its norm is 1.0e-8 of the norm of x'],
      [9, 'gradient-exploded', 'dz/dx exploded: its norm grew 2.7e4 times from its first value by run 4 of 6'],
      [17, 'gradient-not-finite', 'du/dx has 1 NaN; the last of 3 runs is shown; first at run 2 of 3'],
    ]);
  });
});
