import { describe, expect, test } from 'vitest';
import { printedLines, printGroups, printHintLabel, printHover } from '../../src/extension/core/printText';
import { formatMessage as t } from '../../src/extension/core/translate';
import type { PrintRecord } from '../../src/protocol/report';
import { span } from './fixtures';

// A loop `for i in range(3): print("step", i)` and a single `print("a\nb\nc")` after it.
const prints: PrintRecord[] = [
  { span: span(1, 4, 20), text: 'step 0\n' },
  { span: span(1, 4, 20), text: 'step 1\n' },
  { span: span(1, 4, 20), text: 'step 2\n' },
  { span: span(2, 0, 16), text: 'a\nb\nc\n' },
];

describe('printed output', () => {
  test('prints are grouped by statement, runs in order', () => {
    const groups = printGroups(prints);
    expect(groups.map((g) => g.span.start.line)).toEqual([1, 2]);
    expect(groups[0].runs).toEqual(['step 0\n', 'step 1\n', 'step 2\n']);
    expect(printGroups(prints, (s) => s.start.line === 2)).toHaveLength(1);
  });

  test('a trailing newline is not a line of its own; inner empty lines are', () => {
    expect(printedLines('x\n')).toEqual(['x']);
    expect(printedLines('x\n\ny\n')).toEqual(['x', '', 'y']);
    expect(printedLines('')).toEqual(['']);
    expect(printedLines('a\r\nb\r\n')).toEqual(['a', 'b']);
  });

  test("a progress bar's redrawn line shows as a terminal leaves it, without colour codes", () => {
    const frame = (n: number) => `\x1b[1m${n}/3\x1b[0m \x1b[32m━━\x1b[0m - loss: 0.${n}`;
    expect(printedLines(`Epoch 1/2\n\r${frame(1)}\b\b\b\r${frame(3)}\n`)).toEqual(['Epoch 1/2', '3/3 ━━ - loss: 0.3']);
  });

  test('the hint shows the last line and how many more were printed', () => {
    const [loop, multi] = printGroups(prints);
    expect(printHintLabel(loop, t)).toBe('▸ step 2 (+2 lines)');
    expect(printHintLabel(multi, t)).toBe('▸ c (+2 lines)');
    expect(printHintLabel({ span: span(0, 0, 5), runs: ['only\n'] }, t)).toBe('▸ only');
    expect(printHintLabel({ span: span(0, 0, 5), runs: ['a\n', 'b\n'] }, t)).toBe('▸ b (+1 line)');
    expect(printHintLabel({ span: span(0, 0, 5), runs: [`${'x'.repeat(100)}\n`] }, t, 10)).toBe(
      `▸ ${'x'.repeat(9)}… `.trimEnd(),
    );
  });

  test('the hover lists every run, capped to the last ones', () => {
    const [loop, multi] = printGroups(prints);
    const md = printHover(loop, t);
    expect(md).toContain('(3 runs)');
    expect(md.indexOf('step 0')).toBeGreaterThan(-1);
    expect(md.indexOf('step 0')).toBeLessThan(md.indexOf('step 2'));
    expect(md).toContain('`run 3`');
    expect(printHover(multi, t)).toContain('```text\na\nb\nc\n```');
    const many = { span: span(0, 0, 5), runs: Array.from({ length: 20 }, (_, i) => `line ${i}\n`) };
    const capped = printHover(many, t, 5);
    expect(capped).toContain('The first 15 runs are not shown.');
    expect(capped).not.toContain('line 14\n');
    expect(capped).toContain('line 15');
    expect(capped).toContain('`run 16`');
    const long = { span: span(0, 0, 5), runs: [Array.from({ length: 30 }, (_, i) => `r${i}`).join('\n')] };
    const cut = printHover(long, t, 8, 10);
    expect(cut).toContain('… 20 more lines');
    expect(cut).not.toContain('r19\n');
    expect(cut).toContain('r20\n');
  });

  test('printed text cannot escape its code block', () => {
    const evil = { span: span(0, 0, 5), runs: ['```\n[x](command:workbench.action.quit)\n'] };
    const md = printHover(evil, t);
    expect(md).toContain('````text');
  });
});
