/**
 * Explanations in the user's words: a converted NumPy array or Python list keeps its name, two tensors written the same way are
 * told apart, a product inside a derivative formula is parenthesised, and compound names sit in parentheses after
 * `d`. The values are worked out by hand: d/dw Σ(w·a + w·l) = a + l; d/dx (x·3 + x·3) = 6 and d/dx (x·3)² = 18x
 * (36 at x = 2); d/dx (3x)² = 18x.
 */
import { describe, expect, it } from 'vitest';
import { run } from '../../src/engine/run';
import { derivativeLabel, dName } from '../../src/protocol/derivative';

const PROGRAM = `import tensorflow as tf
import numpy as np
w = tf.Variable([[1.0, 2.0], [3.0, 4.0]])
a = np.array([[1.0, 2.0], [3.0, 4.0]], dtype=np.float32)
with tf.GradientTape() as tape:
    y = tf.reduce_sum(w * a)
g = tape.gradient(y, w)
x = tf.constant(2.0)
with tf.GradientTape() as t2:
    t2.watch(x)
    z = x * 3 + x * 3
dz = t2.gradient(z, x)
with tf.GradientTape() as t3:
    t3.watch(x)
    r = tf.square(x * 3)
dr = t3.gradient(r, x)
l = [[0.5, 1.5], [2.5, 3.5]]
m = l
with tf.GradientTape() as t4:
    q = tf.reduce_sum(w * m) + tf.reduce_sum(l * w)
dq = t4.gradient(q, w)
`;

describe('explanation names', () => {
  const report = run({ kind: 'python', cells: [{ source: PROGRAM }] });
  const at = (line: number) => report.gradients.find((g) => g.span.start.line === line)!.results[0].explanation!;

  it('a NumPy array converted to a tensor is called by its name, not c', () => {
    expect(at(6).summary).toBe('dy/dw = dy/d(w·a) · d(w·a)/dw = 1 · (a = [[1, 2], [3, 4]]) = [[1, 2], [3, 4]]');
  });

  it('a Python list converted to a tensor is called by its first name, on either side of the operator', () => {
    // d/dw Σ(w·l) + Σ(l·w) = 2·l = [[1, 3], [5, 7]].
    const e = at(20);
    expect(e.paths.map((p) => p.steps[p.steps.length - 1].input)).toEqual(['w', 'w']);
    expect(e.summary).toContain('d(w·l)/dw');
    expect(e.summary).toContain('d(l·w)/dw');
    expect(e.summary).not.toMatch(/\bc\b/);
    expect(e.summary).toMatch(/= \[\[1, 3\], \[5, 7\]\]$/);
  });

  it('two tensors written the same way get subscripts', () => {
    const e = at(11);
    expect(e.summary).toBe('dz/dx = ∂z/∂(x·3)₁ · d(x·3)₁/dx + ∂z/∂(x·3)₂ · d(x·3)₂/dx = 1 · 3 + 1 · 3 = 3 + 3 = 6');
    expect(e.paths.map((p) => p.steps[0].input)).toEqual(['(x·3)₁', '(x·3)₂']);
  });

  it('the local derivative of a square of a product keeps the product together', () => {
    const e = at(15);
    expect(e.paths[0].steps[0]).toMatchObject({
      name: 'square',
      input: 'x·3',
      localFormula: '2·(x·3)',
      localValue: '12',
    });
    expect(e.summary).toBe('dr/dx = dr/d(x·3) · d(x·3)/dx = (2·(x·3) = 12) · 3 = 36');
  });

  it('one rule for parentheses after d, everywhere', () => {
    expect(derivativeLabel('z', 'x')).toBe('dz/dx');
    expect(derivativeLabel('x·y', 'x₁')).toBe('d(x·y)/dx₁');
    expect(derivativeLabel('dy_dx', 'model.w')).toBe('d(dy_dx)/d(model.w)');
    expect(dName('(x·3)₂')).toBe('(x·3)₂');
    expect(dName('[z, q]')).toBe('([z, q])');
  });
});
