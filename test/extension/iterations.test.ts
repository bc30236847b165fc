/** Loop iterations in the editor: the chosen iteration, what records show there, their texts and the sparkline. */
import MarkdownIt from 'markdown-it';
import { describe, expect, test } from 'vitest';
import {
  gradientHover,
  HOVER_COMMANDS,
  type HoverContext,
  iterationLinks,
  valueHover,
} from '../../src/extension/core/hoverText';
import {
  clampIteration,
  IterationSelections,
  keptIterations,
  sampleIndex,
  stepIteration,
  tapeAtIteration,
  valueAtIteration,
} from '../../src/extension/core/iterations';
import { gradientLensTitles, hintAtIteration, tapeLensTitle } from '../../src/extension/core/lensText';
import { printGroups, printHintLabel, printHover } from '../../src/extension/core/printText';
import {
  scalarValue,
  sparklineMarkdown,
  sparklineSvg,
  sparkPoints,
  svgDataUri,
} from '../../src/extension/core/sparkline';
import { formatMessage as t } from '../../src/extension/core/translate';
import type { GradientRecord, LoopRecord, RunReport, ValueRecord } from '../../src/protocol/report';
import { seedReport, span, tensor } from './fixtures';

const fmt = { precision: 4, maxChars: 60 };

/** `loss` in a 100-iteration loop: kept at iterations 1, 3, …, 99, 100 with the value 1/iteration. */
const kept = [...Array.from({ length: 50 }, (_, i) => 2 * i + 1), 100];
const loop: LoopRecord = { id: 1, span: span(2, 0, 24), iterations: 100 };
const loss: ValueRecord = {
  span: span(4, 8, 30),
  label: 'loss',
  value: tensor(0.01, []),
  runs: 100,
  at: { loop: 1, iteration: 100, of: 100 },
  history: { iterations: kept, values: kept.map((i) => tensor(1 / i, [])), count: 100 },
};
const grad: GradientRecord = {
  span: span(5, 8, 30),
  tape: 1,
  kind: 'gradient',
  target: 'loss',
  results: [{ label: 'w', result: tensor(-0.5, []) }],
  runs: 100,
  at: { loop: 1, iteration: 100, of: 100 },
  history: { iterations: [1, 50, 100], results: [[tensor(-2, [])], [null], [tensor(-0.5, [])]], count: 100 },
};

describe('what a record shows at an iteration', () => {
  test('the last iteration by default, a kept sample when chosen, the latest kept one before it otherwise', () => {
    expect(valueAtIteration(loss, undefined)).toMatchObject({ kind: 'shown', iteration: 100, of: 100, last: true });
    const third = valueAtIteration(loss, 3);
    expect(third).toMatchObject({ kind: 'shown', iteration: 3, last: false });
    expect(third?.kind === 'shown' && third.value.value).toBe(1 / 3);
    // Iteration 4 was not kept: iteration 3 is shown, and says so.
    expect(valueAtIteration(loss, 4)).toMatchObject({ kind: 'shown', iteration: 3 });
    expect(valueAtIteration({ ...loss, history: undefined }, 4)).toEqual({ kind: 'not-kept', iteration: 4, of: 100 });
    const late = { ...loss, history: { ...loss.history!, iterations: kept.map((i) => i + 10) } };
    expect(valueAtIteration({ ...late, at: { ...loss.at!, iteration: 110 } }, 5)).toEqual({
      kind: 'not-run',
      iteration: 5,
      of: 100,
    });
    expect(valueAtIteration({ ...loss, at: undefined }, 3)).toBeUndefined();
  });

  test('clamping, sample search and stepping', () => {
    expect(clampIteration(loop, undefined)).toBeUndefined();
    expect(clampIteration(loop, 100)).toBeUndefined();
    expect(clampIteration(loop, 250)).toBeUndefined();
    expect(clampIteration(loop, 0)).toBe(1);
    expect(clampIteration(loop, 7)).toBe(7);
    expect(sampleIndex([1, 3, 5], 0)).toBe(-1);
    expect(sampleIndex([1, 3, 5], 4)).toBe(1);
    expect(sampleIndex([1, 3, 5], 9)).toBe(2);
    expect(stepIteration([1, 3, 5], undefined, -1)).toBe(3);
    expect(stepIteration([1, 3, 5], undefined, 1)).toBeUndefined();
    expect(stepIteration([1, 3, 5], 1, -1)).toBeUndefined();
    expect(stepIteration([1, 3, 5], 2, 1)).toBe(3);
  });

  test('the kept iterations of a loop: every record’s samples and the last', () => {
    const report: RunReport = { ...seedReport(), values: [loss], gradients: [grad], loops: [loop] };
    expect(keptIterations(report, loop)).toEqual([...kept, 50].sort((x, y) => x - y));
    const other: RunReport = { ...report, values: [], gradients: [grad] };
    expect(keptIterations(other, loop)).toEqual([1, 50, 100]);
  });

  test('the tape of an iteration', () => {
    const base = seedReport().tapes[0];
    const tapes = [1, 8, 15].map((i) => ({ ...base, id: i, at: { loop: 1, iteration: i, of: 16 } }));
    expect(tapeAtIteration(tapes, undefined)?.id).toBe(15);
    expect(tapeAtIteration(tapes, 9)?.id).toBe(8);
    expect(tapeLensTitle(tapes[1], 3, t)).toBe(
      'tape t · watches x (2, 2) float32 · 2 ops · iteration 8 of 16 · $(type-hierarchy) Inspect',
    );
  });
});

describe('lens and hint texts', () => {
  test('the gradient lens says which iteration it shows', () => {
    expect(gradientLensTitles(grad, fmt, t)).toEqual(['dloss/dw = -0.5 · () float32 · iteration 100 of 100']);
    expect(gradientLensTitles(grad, fmt, t, 4, 1)).toEqual(['dloss/dw = -2.0 · () float32 · iteration 1 of 100']);
    expect(gradientLensTitles(grad, fmt, t, 4, 60)).toEqual(['dloss/dw = None · iteration 50 of 100']);
    expect(gradientLensTitles({ ...grad, history: undefined }, fmt, t, 4, 60)).toEqual([
      'dloss/dw · iteration 60 of 100 not kept',
    ]);
    // Outside loops: the run count as before.
    expect(gradientLensTitles({ ...grad, at: undefined, history: undefined }, fmt, t)).toEqual([
      'dloss/dw = -0.5 · () float32 · last of 100 runs',
    ]);
  });

  test('the hint says which iteration it shows', () => {
    expect(hintAtIteration(loss, undefined, fmt, t)).toBe('▸ 0.01 () · iteration 100 of 100');
    expect(hintAtIteration(loss, 5, fmt, t)).toBe('▸ 0.2 () · iteration 5 of 100');
    expect(hintAtIteration({ ...loss, history: undefined }, 5, fmt, t)).toBe('▸ iteration 5 of 100 not kept');
    expect(hintAtIteration({ ...loss, at: undefined }, undefined, fmt, t)).toBe('▸ 0.01 ()');
  });
});

describe('prints in a loop', () => {
  // `for step in range(3): print("step", step)` (line 1), then `print("done")` (line 2).
  const at = (iteration: number) => ({ loop: 1, iteration, of: 3 });
  const prints = [
    { span: span(1, 4, 20), text: 'step 0\n', at: at(1) },
    { span: span(1, 4, 20), text: 'step 1\n', at: at(2) },
    { span: span(1, 4, 20), text: 'step 2\n', at: at(3) },
    { span: span(2, 0, 13), text: 'done\n' },
  ];

  test('the hint names the iteration, and follows the chosen one', () => {
    const [loopPrint, done] = printGroups(prints);
    expect(printHintLabel(loopPrint, t)).toBe('▸ step 2 (+2 lines) · iteration 3 of 3');
    expect(printHintLabel(loopPrint, t, 60, 2)).toBe('▸ step 1 (+1 line) · iteration 2 of 3');
    expect(printHintLabel(loopPrint, t, 60, 1)).toBe('▸ step 0 · iteration 1 of 3');
    expect(printHintLabel(done, t)).toBe('▸ done');
  });

  test('the hover labels each run with its iteration', () => {
    const [loopPrint] = printGroups(prints);
    expect(printHover(loopPrint, t)).toContain('`iteration 2`\n```text\nstep 1\n```');
  });

  test('a loop that only printed offers the iterations it printed in', () => {
    const report: RunReport = { ...seedReport(), values: [], gradients: [], tapes: [], prints };
    expect(keptIterations(report, { id: 1, span: span(0, 0, 20), iterations: 3 })).toEqual([1, 2, 3]);
  });
});

describe('the sparkline', () => {
  test('points of numeric scalars only', () => {
    expect(scalarValue(tensor(2, []))).toBe(2);
    expect(scalarValue({ kind: 'float', preview: 'nan', repr: 'nan', value: 'nan' })).toBeNaN();
    expect(scalarValue({ kind: 'int', preview: '3', repr: '3', value: 3 })).toBe(3);
    expect(scalarValue(tensor([[1, 2]], [1, 2]))).toBeUndefined();
    expect(scalarValue({ kind: 'str', preview: "'a'", repr: "'a'", value: 'a' })).toBeUndefined();
    expect(sparkPoints(loss)?.length).toBe(51);
    expect(sparkPoints({ ...loss, history: { ...loss.history!, values: [tensor([[1]], [1, 1]), tensor(1, [])] } }))
      .toBeUndefined;
  });

  test('the SVG: x by iteration, y scaled to the range, a gap at nan, a dot on the shown iteration', () => {
    // width 240, height 48, padding 4: x = 4 + (it − 1)/2 · 232, y = 4 + (1 − v) · 40 for values in [0, 1].
    const svg = sparklineSvg(
      [
        { iteration: 1, value: 0 },
        { iteration: 2, value: 1 },
        { iteration: 3, value: 0.5 },
      ],
      2,
    );
    expect(svg).toContain('points="4,44 120,4 236,24"');
    expect(svg).toContain('<circle cx="120" cy="4" r="3"');
    const gap = sparklineSvg([
      { iteration: 1, value: 0 },
      { iteration: 2, value: 1 },
      { iteration: 3, value: Number.NaN },
      { iteration: 4, value: 0 },
      { iteration: 5, value: 1 },
    ]);
    expect(gap.match(/<polyline/g)).toHaveLength(2);
  });

  test('the data URI is the SVG in base64', () => {
    const svg = sparklineSvg([
      { iteration: 1, value: 3 },
      { iteration: 9, value: -1 },
    ]);
    const uri = svgDataUri(svg);
    expect(uri.startsWith('data:image/svg+xml;base64,')).toBe(true);
    expect(Buffer.from(uri.slice('data:image/svg+xml;base64,'.length), 'base64').toString('latin1')).toBe(svg);
    for (const s of ['a', 'ab', 'abc', 'abcd']) expect(svgDataUri(s).slice(26)).toBe(Buffer.from(s).toString('base64'));
  });

  test('min, max, last and the iteration counts', () => {
    const text = sparklineMarkdown(loss, undefined, fmt, t) ?? '';
    expect(text).toMatch(/^!\[loss over 100 iterations\]\(data:image\/svg\+xml;base64,[A-Za-z0-9+/=]+\)/);
    expect(text.split('\n\n')[1]).toBe('100 iterations, 51 kept · min 0.01 · max 1 · last 0.01');
  });
});

describe('the hover of a scalar in a loop', () => {
  const report: RunReport = { ...seedReport(), values: [loss], gradients: [grad], loops: [loop] };
  const ctxAt = (chosen: number | undefined): HoverContext => ({
    uri: 'file:///train.py',
    fmt,
    t,
    loops: { chosen: () => chosen, kept: () => keptIterations(report, loop), span: () => loop.span },
  });
  // markdown-it refuses every SVG data URI; VS Code's hover renders them (test/e2e/loop.mjs checks that it does).
  // Here any `data:` image other than base64 SVG, and every other link markdown-it refuses, stays refused.
  const md = new MarkdownIt({ html: true, linkify: true });
  const validate = md.validateLink.bind(md);
  md.validateLink = (url) => /^data:image\/svg\+xml;base64,[A-Za-z0-9+/=]+$/.test(url) || validate(url);

  test('shows the chosen iteration, the sparkline, and ◀ ▶ links to the neighbouring kept iterations', () => {
    const h = valueHover(loss, ctxAt(5));
    expect(h).toContain('iteration 5 of 100');
    expect(h).toContain('numpy=0.2');
    expect(h).toContain('![loss over 100 iterations](data:image/svg+xml;base64,');
    const nav = iterationLinks(ctxAt(5), loss.at) ?? '';
    const args = [...nav.matchAll(/command:gradientLens\.showIteration\?([^ )]+)/g)].map(
      (m) => JSON.parse(decodeURIComponent(m[1]))[0],
    );
    expect(args.map((a) => a.iteration)).toEqual([3, 7, undefined]);
    expect(args[0]).toEqual({ uri: 'file:///train.py', loop: loop.span, iteration: 3 });
    // At the last iteration there is no ▶ link.
    expect(iterationLinks(ctxAt(undefined), loss.at)).toMatch(/^\[◀\]\(command:[^)]*"Show iteration 99"\) ▶ \[/);
  });

  test('a gradient at an earlier iteration: its result there, the explanation only for the last', () => {
    const explained: GradientRecord = {
      ...grad,
      results: [{ ...grad.results[0], explanation: { summary: 'dloss/dw = 18·(w − 1)', paths: [] } }],
    };
    const first = gradientHover(explained, ctxAt(1));
    expect(first).toContain('**dloss/dw** = `-2.0` · () float32 · iteration 1 of 100');
    expect(first).toContain('The chain-rule explanation is of the last iteration.');
    expect(first).not.toContain('Why?');
    expect(gradientHover(explained, ctxAt(60))).toContain('**dloss/dw** = `None` · iteration 50 of 100');
    const last = gradientHover(explained, ctxAt(undefined));
    expect(last).toContain('**dloss/dw** = `-0.5` · () float32 · iteration 100 of 100');
    expect(last).toContain('**Why?** dloss/dw = 18·(w − 1)');
  });

  test('a hostile label: the only image is the sparkline, the only links are the hover’s own', () => {
    const hostile = { ...loss, label: '![x](https://evil.example/t.png) [y](command:workbench.action.files.delete)' };
    const html = md.render(`${valueHover(hostile, ctxAt(5))}\n\n${iterationLinks(ctxAt(5), loss.at)}`);
    const images = [...html.matchAll(/<img\s[^>]*src="([^"]*)"/g)].map((m) => m[1]);
    expect(images).toHaveLength(1);
    expect(images[0]).toMatch(/^data:image\/svg\+xml;base64,/);
    for (const m of html.matchAll(/<a\s[^>]*href="([^"]*)"/g))
      expect(HOVER_COMMANDS.some((c) => m[1].startsWith(`command:${c}?`))).toBe(true);
  });
});

describe('the chosen iteration per loop', () => {
  test('set, get, and back to the last', () => {
    const s = new IterationSelections();
    const fired: string[] = [];
    s.onDidChange((d) => fired.push(d));
    s.set('a.py', { line: 2, character: 0 }, 7);
    expect(s.get('a.py', { line: 2, character: 0 })).toBe(7);
    expect(s.get('a.py', { line: 3, character: 0 })).toBeUndefined();
    expect(s.get('b.py', { line: 2, character: 0 })).toBeUndefined();
    s.set('a.py', { line: 2, character: 0 }, undefined);
    expect(s.get('a.py', { line: 2, character: 0 })).toBeUndefined();
    expect(fired).toEqual(['a.py', 'a.py']);
  });

  test('follows its loop header through edits; an edit of the header’s range keeps it, replacing the header drops it', () => {
    const s = new IterationSelections();
    s.set('a.py', { line: 2, character: 0 }, 7);
    // A line inserted above: the header moves down.
    s.edit('a.py', [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# x\n' }]);
    expect(s.get('a.py', { line: 3, character: 0 })).toBe(7);
    // `range(100)` → `range(50)` on the header line, after its start: it is the same loop.
    s.edit('a.py', [{ range: { start: { line: 3, character: 20 }, end: { line: 3, character: 23 } }, text: '50' }]);
    expect(s.get('a.py', { line: 3, character: 0 })).toBe(7);
    // The whole header replaced: the choice goes.
    s.edit('a.py', [{ range: { start: { line: 2, character: 5 }, end: { line: 4, character: 0 } }, text: '' }]);
    expect(s.get('a.py', { line: 2, character: 5 })).toBeUndefined();
  });
});
