import { describe, expect, test } from 'vitest';
import { type QuickFix, quickFixes, type TextEdit } from '../../src/extension/core/quickFixes';
import { formatMessage as t } from '../../src/extension/core/translate';

/** Applies a fix's edits (from the last to the first) to the text, as the editor would. */
function apply(text: string, fix: QuickFix): string {
  const lines = text.split('\n');
  const offset = (p: TextEdit['range']['start']) =>
    lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  const edits = [...fix.edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  let out = text;
  for (const e of edits) out = out.slice(0, offset(e.range.start)) + e.text + out.slice(offset(e.range.end));
  return out;
}

const diag = (code: string, message: string, line: number, endLine = line, related: string[] = []) => ({
  code,
  message,
  line,
  endLine,
  related,
});

describe('quick fixes', () => {
  const unwatched = [
    'import tensorflow as tf',
    'x = tf.constant(3.0)  # a constant',
    'with tf.GradientTape() as t:',
    '    y = x * x',
    'g = t.gradient(y, x)',
    '',
  ].join('\n');
  const notWatched = diag(
    'tape-not-watched',
    'dy/dx is None: x is a constant tensor that the tape did not watch; call t.watch(x) inside the with block, or make it a tf.Variable',
    4,
  );

  test('an unwatched constant: watch it (preferred) or make it a variable', () => {
    const fixes = quickFixes(notWatched, unwatched.split('\n'), t);
    expect(fixes.map((f) => f.title)).toEqual(['Add t.watch(x)', 'Make x a tf.Variable']);
    expect(fixes[0].preferred).toBe(true);
    expect(apply(unwatched, fixes[0])).toBe(
      'import tensorflow as tf\nx = tf.constant(3.0)  # a constant\nwith tf.GradientTape() as t:\n    t.watch(x)\n    y = x * x\ng = t.gradient(y, x)\n',
    );
    expect(apply(unwatched, fixes[1]).split('\n')[1]).toBe('x = tf.Variable(3.0)  # a constant');
  });

  test('a second gradient() on a non-persistent tape: make it persistent', () => {
    const text =
      'with tf.GradientTape() as t3:\n  t3.watch(a)\n  b = a * a\nd1 = t3.gradient(b, a)\nd2 = t3.gradient(b, a)';
    const d = diag(
      'exception',
      'RuntimeError: A non-persistent GradientTape can only be used to compute one set',
      4,
      4,
      [
        't3 is not persistent: its resources were released by the first gradient() call (line 4).',
        'the first gradient call used it up',
      ],
    );
    const [fix] = quickFixes(d, text.split('\n'), t);
    expect(fix.title).toBe('Make t3 persistent');
    expect(apply(text, fix).split('\n')[0]).toBe('with tf.GradientTape(persistent=True) as t3:');
    const kw = text.replace('GradientTape()', 'GradientTape(watch_accessed_variables=False)');
    expect(apply(kw, quickFixes(d, kw.split('\n'), t)[0]).split('\n')[0]).toBe(
      'with tf.GradientTape(watch_accessed_variables=False, persistent=True) as t3:',
    );
  });

  test('an integer source: float literals (preferred) or a cast', () => {
    const text =
      'n = tf.constant([1, 2])\nwith tf.GradientTape() as t:\n  t.watch(n)\n  m = n * n\ng = t.gradient(m, n)';
    const d = diag(
      'tape-integer-source',
      'dm/dn is None: n is int32; only floating tensors are differentiated. Use tf.constant(3.0) or tf.cast(n, tf.float32)',
      4,
    );
    const fixes = quickFixes(d, text.split('\n'), t);
    expect(fixes.map((f) => f.title)).toEqual([
      'Use a float: tf.constant([1.0, 2.0])',
      'Use a float: tf.cast(tf.constant([1, 2]), tf.float32)',
    ]);
    expect(apply(text, fixes[0]).split('\n')[0]).toBe('n = tf.constant([1.0, 2.0])');
    expect(apply(text, fixes[1]).split('\n')[0]).toBe('n = tf.cast(tf.constant([1, 2]), tf.float32)');
  });

  test('gradient() inside the persistent tape block moves after it', () => {
    const text = [
      'with tf.GradientTape(persistent=True) as t4:',
      '    t4.watch(a)',
      '    e = a * a',
      '    de = t4.gradient(e, a)',
      '    f = e * 2',
      'print(de)',
    ].join('\n');
    const d = diag(
      'tape-gradient-in-context',
      't4.gradient() is called inside the with block of the persistent tape t4, so the gradient computation is recorded on it too',
      3,
    );
    const [fix] = quickFixes(d, text.split('\n'), t);
    expect(fix.title).toBe('Move t4.gradient() after the with block');
    expect(apply(text, fix)).toBe(
      [
        'with tf.GradientTape(persistent=True) as t4:',
        '    t4.watch(a)',
        '    e = a * a',
        '    f = e * 2',
        'de = t4.gradient(e, a)',
        'print(de)',
      ].join('\n'),
    );
    // The last line of the file.
    const end = 'with tf.GradientTape(persistent=True) as t4:\n    e = a * a\n    de = t4.gradient(e, a)';
    expect(apply(end, quickFixes({ ...d, line: 2, endLine: 2 }, end.split('\n'), t)[0])).toBe(
      'with tf.GradientTape(persistent=True) as t4:\n    e = a * a\nde = t4.gradient(e, a)',
    );
  });

  test('a matmul whose inner dimensions match after a transpose', () => {
    const text = 'A = tf.ones((2, 3))\nB = tf.ones((4, 3))\nC = tf.matmul(A, tf.abs(B))  # product';
    const d = diag(
      'exception',
      'InvalidArgumentError: Matrix size-incompatible: In[0]: [2,3], In[1]: [4,3] [Op:MatMul]',
      2,
    );
    const [fix] = quickFixes(d, text.split('\n'), t);
    expect(fix.title).toBe('Add transpose_b=True to the matmul');
    expect(apply(text, fix).split('\n')[2]).toBe('C = tf.matmul(A, tf.abs(B), transpose_b=True)  # product');
    // Nothing matches after a transpose of B: no fix.
    const none = { ...d, message: 'InvalidArgumentError: Matrix size-incompatible: In[0]: [2,3], In[1]: [4,5]' };
    expect(quickFixes(none, text.split('\n'), t)).toEqual([]);
    // Another exception: no fix.
    expect(quickFixes(diag('exception', 'ValueError: x', 2), text.split('\n'), t)).toEqual([]);
  });
});
