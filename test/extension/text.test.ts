import { describe, expect, test } from 'vitest';
import { problems } from '../../src/extension/core/diagnosticText';
import {
  explanationMarkdown,
  gradientHover,
  linksLine,
  tapeHover,
  valueHover,
} from '../../src/extension/core/hoverText';
import {
  cellGradientText,
  derivativeName,
  gradientLensTitles,
  hintLabel,
  tapeLensTitle,
} from '../../src/extension/core/lensText';
import { tapeGroups } from '../../src/extension/core/lookup';
import { counts, countsText, reportLines } from '../../src/extension/core/summaryText';
import { formatMessage as t } from '../../src/extension/core/translate';
import type { GradientRecord } from '../../src/protocol/report';
import { seedReport, span, tensor } from './fixtures';

const fmt = { precision: 4, maxChars: 60 };
const r = seedReport();
const hctx = { uri: 'file:///a.py', fmt, t };

describe('lens text', () => {
  test('tape lens', () => {
    expect(tapeLensTitle(r.tapes[0], 1, t)).toBe(
      'tape t · watches x (2, 2) float32 · 2 ops · $(type-hierarchy) Inspect',
    );
    const persistent = { ...r.tapes[0], persistent: true, opCount: 1, watched: [] };
    expect(tapeLensTitle({ ...r.tapes[0], name: 'tape' }, 1, t)).toMatch(/^tape · watches x/);
    expect(tapeLensTitle({ ...r.tapes[0], name: undefined }, 1, t)).toMatch(/^tape · watches x/);
    expect(tapeLensTitle(persistent, 3, t)).toBe(
      'tape t (persistent) · watches nothing · 1 op · ran 3×, last run shown · $(type-hierarchy) Inspect',
    );
  });

  test('gradient lens', () => {
    expect(gradientLensTitles(r.gradients[0], fmt, t)).toEqual(['dz/dx = [[8, 8], [8, 8]] · (2, 2) float32']);
    const none: GradientRecord = {
      ...r.gradients[0],
      results: [{ label: 'c', none: { reason: 'not_watched', message: 'c is a constant' } }],
    };
    expect(gradientLensTitles(none, fmt, t)).toEqual(['dz/dc = None · c is not watched']);
    const scalar: GradientRecord = { ...r.gradients[0], runs: 3, results: [{ label: 'x', result: tensor(12, []) }] };
    expect(gradientLensTitles(scalar, fmt, t)).toEqual(['dz/dx = 12.0 · () float32 · last of 3 runs']);
    const jac: GradientRecord = { ...r.gradients[0], kind: 'jacobian' };
    expect(gradientLensTitles(jac, fmt, t)[0]).toMatch(/^jacobian dz\/dx = /);
    const many: GradientRecord = { ...r.gradients[0], results: Array(6).fill(r.gradients[0].results[0]) };
    expect(gradientLensTitles(many, fmt, t)).toHaveLength(5);
    expect(derivativeName('x * x', 'x')).toBe('d(x * x)/dx');
    expect(derivativeName('dy_dx', 'x')).toBe('d(dy_dx)/dx');
    expect(derivativeName('loss', 'w1')).toBe('dloss/dw1');
  });

  test('inlay hint labels', () => {
    expect(hintLabel(tensor(4, []), fmt)).toBe('▸ 4.0 ()');
    expect(
      hintLabel(
        tensor(
          [
            [1, 1],
            [1, 1],
          ],
          [2, 2],
        ),
        fmt,
      ),
    ).toBe('▸ [[1, 1], [1, 1]] (2, 2)');
    const big = { kind: 'tensor' as const, dtype: 'float32', shape: [100, 10], preview: '[[0.1, …]]', repr: '' };
    expect(hintLabel(big, fmt)).toBe('▸ (100, 10) float32');
    expect(hintLabel({ kind: 'int', preview: '3', repr: '3', value: 3 }, fmt)).toBe('▸ 3');
  });

  test('notebook cell status', () => {
    expect(cellGradientText(r.gradients, fmt, t)).toBe('$(symbol-function) dz/dx = [[8, 8], [8, 8]]');
    expect(cellGradientText([...r.gradients, ...r.gradients], fmt, t)).toBe('$(symbol-function) 2 gradients');
  });
});

describe('hover text', () => {
  test('value hover: label, type, repr, copy link', () => {
    const md = valueHover(r.values.find((v) => v.label === 'dz_dx')!, hctx);
    expect(md).toContain('`dz_dx` · (2, 2) float32');
    expect(md).toContain('```python\n<tf.Tensor: shape=(2, 2)');
    expect(md).not.toContain('command:');
  });

  test('links line: copy and inspector commands with their arguments', () => {
    const md = linksLine(hctx, { uri: 'file:///a.py', span: span(32, 0, 24) }, { uri: 'file:///a.py', tape: 1 });
    expect(md).toMatch(/^\[\$\(copy\) Copy full value\]\(command:gradientLens\.copyValue\?/);
    expect(md).toContain(' · [$(type-hierarchy) Open in Tape Inspector](command:gradientLens.openInspector?');
    const args = JSON.parse(decodeURIComponent(md.split('copyValue?')[1].split(')')[0]));
    expect(args).toEqual([{ uri: 'file:///a.py', span: span(32, 0, 24) }]);
  });

  test('gradient hover: the chain rule in numbers', () => {
    const md = gradientHover(r.gradients[0], hctx);
    expect(md).toContain('**dz/dx** = `[[8, 8], [8, 8]]` · (2, 2) float32');
    expect(md).toContain('**Why?** dz/dx = dz/dy · dy/dx = (2·y = 8) · 1 = 8, for each of the 4 elements of x');
    expect(md).toContain('- `multiply` z ← y (line 30): ∂z/∂y = 2·y = 8, so **dz/dy = 1 · 8 = 8**');
    expect(md).toContain('- `reduce_sum` y ← x (line 29): ∂y/∂x = 1, so **dz/dx = 8 · 1 = 8**');
    expect(md).not.toContain('command:');
  });

  test('several paths are numbered and capped', () => {
    const e = r.gradients[0].results[0].explanation!;
    const four = { ...e, paths: [e.paths[0], e.paths[0], e.paths[0], e.paths[0]] };
    const md = explanationMarkdown(four, 'z', t);
    expect(md).toContain('Path 1 of 4, contributes 8:');
    expect(md).not.toContain('Path 4 of 4');
    expect(md).toContain('more paths');
  });

  test('a step a Keras layer ran names the layer call', () => {
    const e = r.gradients[0].results[0].explanation!;
    const step = { ...e.paths[0].steps[0], layer: 'dense_1 (Dense)' };
    const md = explanationMarkdown({ ...e, paths: [{ ...e.paths[0], steps: [step] }] }, 'z', t);
    expect(md).toContain('- `multiply` in dense\\_1 (Dense) z ← y (line 30)');
  });

  test('document text is escaped', () => {
    const md = valueHover({ ...r.values[0], label: 'a`b' }, hctx);
    expect(md.startsWith('`` a`b ``')).toBe(true);
    const none = gradientHover(
      {
        ...r.gradients[0],
        results: [{ label: 'x', none: { reason: 'unconnected', message: '<img src=x onerror=alert(1)>' } }],
      },
      hctx,
    );
    expect(none).toContain('\\<img src=x onerror=alert(1)\\>');
  });

  test('tape hover', () => {
    const md = tapeHover(tapeGroups(r)[0], hctx);
    expect(md).toContain('**tape t**');
    expect(md).toContain('Watches `x` (2, 2) float32');
    // The op names every view uses (the inspector's nodes, the explanations), not the op types Sum and Mul.
    expect(md).toContain('Recorded 2 ops: `reduce_sum` → `multiply`');
  });
});

describe('diagnostics and summaries', () => {
  test('failed asserts become errors unless the engine reported them', () => {
    const failed = {
      ...r,
      asserts: [{ span: span(35, 4, 37), runs: 4, failures: 4, passed: false, message: '9.0 == 8.0' }],
    };
    expect(problems(failed, t)).toEqual([
      {
        severity: 'error',
        code: 'assert-failed',
        message: 'AssertionError: 9.0 == 8.0 (4 of 4 runs failed)',
        span: span(35, 4, 37),
      },
    ]);
    const reported = {
      ...failed,
      diagnostics: [
        { severity: 'error' as const, code: 'assert-failed', message: 'AssertionError', span: span(35, 4, 37) },
      ],
    };
    expect(problems(reported, t)).toHaveLength(1);
    const exception = {
      ...failed,
      diagnostics: [
        { severity: 'error' as const, code: 'exception', message: 'AssertionError', span: span(35, 11, 37) },
      ],
    };
    expect(problems(exception, t)).toEqual([
      { ...exception.diagnostics[0], message: 'AssertionError: 9.0 == 8.0 (4 of 4 runs failed)' },
    ]);
    const stopped = { ...r, stopped: { reason: 'deadline' as const, message: 'took too long', span: span(3, 0, 4) } };
    expect(problems(stopped, t)[0]).toMatchObject({ severity: 'warning', code: 'budget' });
  });

  test('counts and the output listing', () => {
    expect(countsText(counts(r), t)).toBe('1 tape · 1 gradient · 1/1 asserts passed');
    expect(reportLines(r, fmt, t)).toEqual(['line 33: dz/dx = [[8, 8], [8, 8]] (2, 2) float32']);
  });
});

test('command link arguments survive parentheses in file names', () => {
  const md = linksLine(
    { uri: 'file:///a (1).py', fmt: { precision: 4, maxChars: 60 }, t },
    { uri: 'file:///a (1).py', span: span(1, 0, 2) },
  );
  const target = /\]\((command:[^)]*)\)$/.exec(md)?.[1] ?? '';
  expect(JSON.parse(decodeURIComponent(target.split('?')[1]))[0].uri).toBe('file:///a (1).py');
});
