/**
 * Fixes found by the golden programs: `2.` float literals (Lezer's grammar has none), a bare generator argument
 * whose target holds a comma, and the actual values of a failed `assert a == b`.
 */
import { describe, expect, test } from 'vitest';
import { runProgram } from '../../src/engine/python';
import { errorOf, output, py, run } from './helpers';

describe('trailing-dot float literals', () => {
  test.each([
    ['x = 2.\nprint(x, type(x).__name__)', '2.0 float\n'],
    ['print([1., 2.], (3.,), {4.: 5.})', '[1.0, 2.0] (3.0,) {4.0: 5.0}\n'],
    ['print(2. * 3, 7 // 2., -1.)', '6.0 3.0 -1.0\n'],
    ['def f(a, b=1.):\n    return a + b\nprint(f(1.), f(1, b=2.))', '2.0 3.0\n'],
    ['print(1., 2)\ny = 10.\nprint(y)', '1.0 2\n10.0\n'],
    ['print(1_000., 0.5, 1e3, 5)', '1000.0 0.5 1000.0 5\n'],
  ])('%s', (src, out) => {
    expect(output(src)).toBe(out);
  });

  test('strings and comments are left alone', () => {
    expect(output("print('version 2. and 3.')  # 4.\nprint(f'{2.}')")).toBe('version 2. and 3.\n2.0\n');
  });

  test('the literal keeps its span', () => {
    const r = run('x = 2.\ny = x + 1.');
    expect(r.errors).toEqual([]);
    const v = r.values.find((e) => e.span.start.line === 1);
    expect(v?.value).toBe(3);
  });

  test('attribute access on an int still works', () => {
    expect(output('print((2).real, 2 .real)')).toBe('2 2\n');
  });
});

describe('a bare generator argument', () => {
  test('with a tuple target', () => {
    expect(output('print(sum(a * b for a, b in zip([1, 2], [3, 4])))')).toBe('11\n');
    expect(output('print(list(k for k, v in {"a": 1, "b": 2}.items() if v > 1))')).toBe("['b']\n");
    expect(output('print(max(x * y for x, y in [(1, 2), (3, 4)]))')).toBe('12\n');
  });

  test('with one target and keyword arguments elsewhere', () => {
    expect(output('print(sorted((x for x in [3, 1, 2]), reverse=True))')).toBe('[3, 2, 1]\n');
    expect(output('print(sum(x for x in range(4)))')).toBe('6\n');
  });

  test('next to another argument it must be parenthesized', () => {
    expect(errorOf('print(max(1, x for x in [1]))')).toBe('SyntaxError: Generator expression must be parenthesized');
  });
});

describe('a failed assert reports the compared values', () => {
  function asserts(src: string): { line: number; passed: boolean; actual?: string }[] {
    const out: { line: number; passed: boolean; actual?: string }[] = [];
    runProgram([{ source: src }], {
      timeBudgetMs: 10_000,
      observer: {
        onAssert: (span, passed, _message, actual) =>
          out.push({ line: span.start.line, passed, ...(actual === undefined ? {} : { actual }) }),
      },
    });
    return out;
  }

  test('the operands of the failing comparison', () => {
    expect(asserts('x = 3\nassert x * 2 == 7')).toEqual([{ line: 1, passed: false, actual: '6 == 7' }]);
    expect(asserts("assert 'a' != 'a'")).toEqual([{ line: 0, passed: false, actual: "'a' != 'a'" }]);
  });

  test('the failing link of a chain, after nested comparisons', () => {
    expect(asserts('assert 1 < 2 < 2 < 5')).toEqual([{ line: 0, passed: false, actual: '2 < 2' }]);
    expect(asserts('assert [1 < 2] == [False]')).toEqual([{ line: 0, passed: false, actual: '[True] == [False]' }]);
  });

  test('no actual values for passing asserts or non-comparisons', () => {
    expect(asserts('assert 1 == 1')).toEqual([{ line: 0, passed: true }]);
    expect(asserts('assert not True')).toEqual([{ line: 0, passed: false }]);
  });

  test('the AssertionError itself is unchanged', () => {
    expect(
      errorOf(py`
      x = 3
      assert x == 4
    `),
    ).toBe('AssertionError');
  });
});

describe('trailing-dot floats before keywords and comments', () => {
  test.each([
    ['print(2. and 3, 0. or 4)', '3 4\n'],
    ['c = True\nprint(3.if c else 2., 1. if not c else 5.)', '3.0 5.0\n'],
    ['print([2. for i in range(2)], 2. in [2.0], 1. is None)', '[2.0, 2.0] True False\n'],
    ['a, b = 0., 1\nif a == 0. or b:\n    print("yes")', 'yes\n'],
    ['y = 2.  # a comment\nprint(y)', '2.0\n'],
  ])('%s', (src, out) => {
    expect(output(src)).toBe(out);
  });

  test('a name right after the float is still a syntax error', () => {
    expect(errorOf('y = 2. real')).toBe('SyntaxError: invalid syntax');
  });
});
