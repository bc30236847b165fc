/** How the editor shows unknown values, unknown gradients, unchecked asserts and unseeded previews. */
import { describe, expect, it } from 'vitest';
import { problems } from '../../src/extension/core/diagnosticText';
import { gradientHover, valueHover } from '../../src/extension/core/hoverText';
import { cellGradientText, gradientLensTitles, hintLabel } from '../../src/extension/core/lensText';
import { counts, countsText, reportLines } from '../../src/extension/core/summaryText';
import { formatMessage as t } from '../../src/extension/core/translate';
import type { GradientRecord, RunReport, ValueRecord } from '../../src/protocol/report';

const fmt = { precision: 4, maxChars: 60 };
const hctx = { uri: 'file:///a.py', fmt, t };
const span = (line: number) => ({ start: { line, character: 0 }, end: { line, character: 10 } });
const WHY = '`opt.apply_gradients` (line 11) is not supported';

const unknownGrad: GradientRecord = {
  span: span(9),
  tape: 1,
  kind: 'gradient',
  target: 'loss',
  results: [{ label: 'w', result: { kind: 'tensor', dtype: 'float32', shape: [], preview: '5.5689', repr: '' } }],
  runs: 100,
  unknown: WHY,
};

describe('unknown values in the editor', () => {
  it('a gradient that turned unknown shows why, not its stale number', () => {
    expect(gradientLensTitles(unknownGrad, fmt, t)).toEqual([`dloss/dw = unknown: ${WHY} · last of 100 runs`]);
    expect(cellGradientText([unknownGrad], fmt, t)).toBe(
      `$(symbol-function) dloss/dw = unknown: ${WHY} · last of 100 runs`,
    );
    expect(gradientHover(unknownGrad, hctx)).not.toContain('5.5689');
    expect(gradientHover(unknownGrad, hctx)).toContain(
      'unknown: \\`opt.apply\\_gradients\\` (line 11) is not supported',
    );
  });

  it('a gradient never computed names its target', () => {
    const g: GradientRecord = { ...unknownGrad, results: [], runs: 1 };
    expect(gradientLensTitles(g, fmt, t)).toEqual([`gradient of loss = unknown: ${WHY}`]);
  });

  it('a value hover and hint say why the value is unknown', () => {
    const v: ValueRecord = {
      span: span(3),
      label: 'w',
      value: { kind: 'unknown', preview: '<unknown>', repr: '<unknown>', unknown: WHY },
      runs: 1,
    };
    expect(valueHover(v, hctx)).toContain('unknown: \\`opt.apply\\_gradients\\` (line 11) is not supported');
    expect(hintLabel(v.value, fmt, t)).toBe(`▸ unknown: ${WHY}`);
  });

  it('an unseeded value says its preview comes from a pinned seed', () => {
    const v: ValueRecord = {
      span: span(1),
      label: 'w',
      value: { kind: 'tensor', dtype: 'float32', shape: [2], preview: '[0.1, 0.2]', repr: 'x', unseeded: true },
      runs: 1,
    };
    expect(valueHover(v, hctx)).toContain('unseeded: preview values from a pinned seed');
  });

  it('an assert on an unknown value is not checked, not passed', () => {
    const r = {
      asserts: [
        { span: span(5), runs: 1, failures: 0, passed: true, unchecked: 1, unknown: WHY },
        { span: span(6), runs: 1, failures: 0, passed: true },
      ],
      diagnostics: [],
      gradients: [],
      tapes: [],
      prints: [],
    } as unknown as RunReport;
    const c = counts(r);
    expect([c.assertsPassed, c.assertsFailed, c.assertsUnchecked]).toEqual([1, 0, 1]);
    expect(countsText(c, t)).toBe('0 tapes · 0 gradients · 1/2 asserts passed · 1 not checked (unknown values)');
    expect(problems(r, t)).toEqual([
      {
        severity: 'information',
        code: 'assert-unchecked',
        message: `assert not checked: unknown: ${WHY}`,
        span: span(5),
      },
    ]);
    expect(reportLines(r, fmt, t)).toEqual([`line 6: assert not checked: unknown: ${WHY}`]);
  });
});
