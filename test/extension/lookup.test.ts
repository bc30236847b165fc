import { describe, expect, test } from 'vitest';
import {
  blockLines,
  codeEnd,
  gradientsAt,
  isAssignment,
  tapeAtLine,
  tapeGroups,
  valueAt,
  wordAt,
} from '../../src/extension/core/lookup';
import { seedLines, seedReport, span } from './fixtures';

const r = seedReport();
const lines = seedLines();

describe('lookup', () => {
  test('wordAt', () => {
    expect(wordAt('dz_dx = t.gradient(z, x)', 2)).toEqual({ word: 'dz_dx', start: 0, end: 5 });
    expect(wordAt('dz_dx = t.gradient(z, x)', 6)).toBeUndefined();
  });

  test('the hovered name wins; the callee finds its call; a used name finds its latest binding', () => {
    expect(valueAt(r.values, { line: 32, character: 2 }, 'dz_dx')?.label).toBe('dz_dx');
    expect(valueAt(r.values, { line: 32, character: 12 }, 'gradient')?.label).toBe('t.gradient(z, x)');
    expect(valueAt(r.values, { line: 28, character: 20 }, 'x')?.label).toBe('x');
    expect(valueAt(r.values, { line: 32, character: 8 }, 't')?.label).toBe('t');
    expect(valueAt(r.values, { line: 35, character: 11 }, 'dz_dx')?.label).toBe('dz_dx');
    expect(valueAt(r.values, { line: 24, character: 6 }, 'tf')).toBeUndefined();
    expect(valueAt(r.values, { line: 2, character: 0 }, 'nothing')).toBeUndefined();
  });

  test('gradients on the call, or inside the hovered assignment', () => {
    const dz = valueAt(r.values, { line: 32, character: 2 }, 'dz_dx');
    expect(gradientsAt(r.gradients, { line: 32, character: 2 }, dz?.span)).toHaveLength(1);
    expect(gradientsAt(r.gradients, { line: 32, character: 10 }, undefined)).toHaveLength(1);
    expect(gradientsAt(r.gradients, { line: 28, character: 3 }, undefined)).toHaveLength(0);
  });

  test('tape blocks by indentation when the span is the header only', () => {
    expect(blockLines(lines, span(26, 0, 28))).toEqual([26, 29]);
    expect(blockLines(lines, span(26, 0, 10, 29))).toEqual([26, 29]);
    expect(
      blockLines(['with tf.GradientTape(', '    persistent=True) as t:', '  y = x', 'z = 1'], span(0, 0, 5)),
    ).toEqual([0, 2]);
    const groups = tapeGroups(r);
    expect(groups).toHaveLength(1);
    expect(tapeAtLine(groups, lines, 28)?.tape.name).toBe('t');
    expect(tapeAtLine(groups, lines, 33)).toBeUndefined();
  });

  test('tapes created several times at one span are one group', () => {
    const twice = { ...r, tapes: [r.tapes[0], { ...r.tapes[0], id: 2 }] };
    expect(tapeGroups(twice)).toEqual([
      { span: r.tapes[0].span, tape: twice.tapes[1], runs: 2, records: [twice.tapes[0], twice.tapes[1]] },
    ]);
  });

  test('codeEnd stops before a comment outside strings', () => {
    expect(codeEnd('  y = tf.reduce_sum(x) #Basically')).toBe(22);
    expect(codeEnd("s = '#not a comment'  ")).toBe(20);
    expect(codeEnd('x = 1')).toBe(5);
  });

  test('isAssignment', () => {
    const y = r.values.find((v) => v.label === 'y')!;
    const call = r.values.find((v) => v.label === 'tf.reduce_sum(x)')!;
    expect(isAssignment(y, lines)).toBe(true);
    expect(isAssignment(call, lines)).toBe(false);
    expect(isAssignment({ ...y, span: span(0, 0, 10), label: 'a, b' }, ['a, b = f()'])).toBe(true);
    expect(isAssignment({ ...y, span: span(0, 0, 6), label: 'y' }, ['y == 3'])).toBe(false);
    expect(isAssignment({ ...y, span: span(0, 0, 6), label: 'y' }, ['y += 3'])).toBe(true);
  });
});
