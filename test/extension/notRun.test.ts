import { describe, expect, test } from 'vitest';
import { notRunLines, notRunMessage, uncaughtExceptions } from '../../src/extension/core/notRun';
import { formatMessage as t } from '../../src/extension/core/translate';
import type { RunReport } from '../../src/protocol/report';
import { span } from './fixtures';

const report = (diagnostics: RunReport['diagnostics']): RunReport => ({
  version: 1,
  source: { kind: 'python', cells: 1 },
  values: [],
  tapes: [],
  gradients: [],
  asserts: [],
  prints: [],
  diagnostics,
  globals: {},
  timing: { parseMs: 0, runMs: 0, totalMs: 0 },
});

describe('code that did not run', () => {
  test('an uncaught exception ends its top-level statement; the message names it and its line', () => {
    const r = report([
      { severity: 'warning', code: 'tape-not-watched', message: 'x is not watched', span: span(1, 0, 3) },
      {
        severity: 'error',
        code: 'exception',
        message: 'ValueError: big',
        span: span(2, 8, 31),
        related: [{ span: span(6, 10, 14), message: 'in <module>: called f()' }],
      },
    ]);
    const [u] = uncaughtExceptions(r);
    expect(u.type).toBe('ValueError');
    expect(u.top.start.line).toBe(6);
    expect(notRunMessage(u, t)).toBe('not run: ValueError at line 3');
    const raisedHere = uncaughtExceptions(
      report([{ severity: 'error', code: 'exception', message: 'RuntimeError: boom', span: span(21, 0, 20) }]),
    );
    expect(notRunMessage(raisedHere[0], t)).toBe('not run: RuntimeError at line 22');
    expect(raisedHere[0].top.start.line).toBe(21);
  });

  test('the lines after the statement that raised, to the last line of code', () => {
    const lines = [
      'def f(a):', // 0
      '    if a > 1:', // 1
      '        raise ValueError("big")', // 2
      '    return a', // 3
      '', // 4
      'for i in range(3):', // 5
      '    print(f(i))', // 6
      '    # still the loop', // 7
      'else:', // 8
      '    pass', // 9
      'b = g(1,', // 10
      '      2)', // 11
      'c = 3', // 12
      '', // 13
      '# the end', // 14
    ];
    expect(notRunLines(lines, 6)).toEqual([10, 12]);
    expect(notRunLines(lines, 5)).toEqual([10, 12]);
    // A raise in the middle of a bracketed statement: its continuation lines ran (or were part of it).
    expect(notRunLines(lines, 10)).toEqual([12, 12]);
    expect(notRunLines(lines, 12)).toBeUndefined();
  });

  test('a line continued with a backslash belongs to the statement', () => {
    const lines = ['x = 1 + \\', '2', 'raise RuntimeError()', 'y = 2'];
    expect(notRunLines(lines, 0)).toEqual([2, 3]);
    expect(notRunLines(lines, 2)).toEqual([3, 3]);
  });

  test('brackets inside strings and comments do not count', () => {
    const lines = ['print("(")  # [', 'z = 1'];
    expect(notRunLines(lines, 0)).toEqual([1, 1]);
  });
});
