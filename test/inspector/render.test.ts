/**
 * Layout and SVG rendering: the seed reads left to right (or top to bottom), every document string is escaped,
 * frame layouts are cached, and the details/stepper texts come from the gradient explanation.
 */
import { describe, expect, it } from 'vitest';
import { backwardOrder, explain, stepText } from '../../src/inspector/details';
import { buildGraph } from '../../src/inspector/graphBuilder';
import { LayoutCache, layoutGraph, pathThrough } from '../../src/inspector/layout';
import type { TapeGraph, ValueNode } from '../../src/inspector/model';
import { renderGraph, standaloneSvg } from '../../src/inspector/render';
import { clip, esc, magnitude, magnitudeOfPreview, nestedText, shapeText } from '../../src/inspector/text';
import { defaultExpanded, visibleGraph } from '../../src/inspector/view';
import { chainTape, report, SEED, XSS } from './helpers';

const IMG = '<img src=x onerror=alert(1)>';

function draw(g: TapeGraph, dir: 'LR' | 'TB' = 'LR', cache = new LayoutCache()) {
  const vis = visibleGraph(g, defaultExpanded(g));
  const layout = layoutGraph(g, vis, dir, cache);
  return { vis, layout, rendered: renderGraph(g, vis, layout) };
}

const seedGraph = (): TapeGraph => {
  const r = report(SEED);
  return buildGraph(r.tapes[0], r.tapes, r.gradients);
};

const textOf = (markup: string): string[] =>
  [...markup.matchAll(/<text[^>]*>(.*?)<\/text>/g)].map((m) =>
    m[1]
      .replace(/<[^>]+>/g, ' ')
      .replace(/\s+/g, ' ')
      .trim(),
  );

describe('the seed, drawn', () => {
  it('reads x → reduce_sum → y → multiply → z from left to right, with values and gradients', () => {
    const g = seedGraph();
    const { layout, rendered } = draw(g);
    const byName = (n: string) => [...g.nodes.values()].find((v) => v.kind === 'value' && v.name === n)!;
    const xs = ['x', 'y', 'z'].map((n) => layout.boxes.get(byName(n).unit)!.x);
    expect(xs[0]).toBeLessThan(xs[1]);
    expect(xs[1]).toBeLessThan(xs[2]);
    const texts = textOf(rendered.markup);
    const order = ['x ◆ source', 'reduce_sum', 'y', 'multiply', 'z ◎ target'].map((t) => texts.indexOf(t));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    for (const t of ['= [[1, 1], [1, 1]]', '= 4', '= 16', '∇ █ [[8, 8], [8, 8]]', '∇ █ 8', '∇ ▆ 1', '(2, 2) float32'])
      expect(texts).toContain(t);
    expect(rendered.markup).toContain('aria-label="op reduce_sum (Sum), inputs x, output y, line 6"');
    expect(rendered.markup).toContain('×2');
    expect(rendered.targets.map((t) => t.kind)).toEqual(['frame', 'value', 'op', 'value', 'op', 'value']);
  });

  it('reads top to bottom in TB', () => {
    const g = seedGraph();
    const { layout } = draw(g, 'TB');
    const ys = ['x', 'y', 'z'].map((n) => {
      const v = [...g.nodes.values()].find((x) => x.kind === 'value' && x.name === n)!;
      return layout.boxes.get(v.unit)!.y;
    });
    expect(ys[0]).toBeLessThan(ys[1]);
    expect(ys[1]).toBeLessThan(ys[2]);
  });

  it('lays out a frame once: the same graph again costs no dagre run', () => {
    const cache = new LayoutCache();
    const g = buildGraph(chainTape(300, 3), [], []);
    const first = draw(g, 'LR', cache).layout;
    expect(first.dagreRuns).toBeGreaterThan(0);
    const again = draw(buildGraph(chainTape(300, 3), [], []), 'LR', cache).layout;
    expect(again.dagreRuns).toBe(0);
    expect([...again.boxes]).toEqual([...first.boxes]);
  });

  it('draws edges as paths from port to port', () => {
    expect(
      pathThrough(
        [
          { x: 0, y: 0 },
          { x: 100, y: 50 },
        ],
        'LR',
      ),
    ).toBe('M0,0C50,0 50,50 100,50');
    expect(
      pathThrough(
        [
          { x: 0, y: 0 },
          { x: 50, y: 50 },
          { x: 100, y: 0 },
        ],
        'LR',
      ),
    ).toBe('M0,0C25,0 25,50 50,50C75,50 75,0 100,0');
    // a bend far from the ends does not make the curve overshoot backwards
    const d = pathThrough(
      [
        { x: 244, y: 134 },
        { x: 267, y: 134 },
        { x: 6254, y: 158 },
      ],
      'LR',
    );
    for (const m of d.matchAll(/(-?[\d.]+),(-?[\d.]+)/g)) expect(Number(m[1])).toBeGreaterThanOrEqual(244);
  });
});

describe('escaping: a variable and a string literal named <img src=x onerror=alert(1)>', () => {
  const r = report(XSS);
  const g = buildGraph(r.tapes[0], r.tapes, r.gradients);

  it('the document strings really are in the tape', () => {
    expect([...g.nodes.values()].some((n) => n.kind === 'value' && n.name === IMG)).toBe(true);
    expect(JSON.stringify(r.gradients)).toContain(IMG);
  });

  it('lays out ids with `>` in them like any other (the variable reads come after the variable)', () => {
    const { layout, vis } = draw(g);
    const handle = vis.items.find((i) => i.startsWith('s|<img'))!;
    const read = vis.items.find((i) => i.includes('ReadVariableOp'))!;
    expect(layout.boxes.get(read)!.x).toBeGreaterThan(layout.boxes.get(handle)!.x + layout.boxes.get(handle)!.w);
  });

  it('never puts them into the markup unescaped', () => {
    const { rendered } = draw(g);
    expect(rendered.markup).not.toContain('<img');
    expect(rendered.markup).not.toContain('onerror=alert(1)>');
    expect(rendered.markup).toContain('&lt;img src=x onerror=alert(1)&gt;');
    // every `<` opens or closes an element
    expect(rendered.markup.match(/<(?![a-zA-Z/])/g)).toBeNull();
    // attributes never break out of their quotes
    for (const m of rendered.markup.matchAll(/aria-label="([^"]*)"/g)) expect(m[1]).not.toMatch(/[<>]/);
    const svg = standaloneSvg(rendered, 'text{fill:red}</style><script>alert(1)</script>', IMG, 'LR');
    expect(svg).not.toContain('<img');
    expect(svg).not.toContain('</style><script>');
    expect(svg).toContain(`<title>${esc(IMG)}</title>`);
  });

  it('the same holds for collapsed groups, frames and a hand-made tape full of markup', () => {
    const tape = chainTape(60, 2);
    tape.name = IMG;
    for (const v of tape.values) {
      v.name = `${IMG}"'&`;
      v.preview = IMG;
      if (v.grad) v.grad.preview = IMG;
    }
    for (const o of tape.ops) o.op = `Evil${IMG}`;
    tape.watched[0].name = IMG;
    const big = buildGraph(tape, [tape], []);
    for (const open of [defaultExpanded(big), new Set(big.groups.keys())]) {
      const vis = visibleGraph(big, open);
      const rendered = renderGraph(big, vis, layoutGraph(big, vis, 'LR'));
      expect(rendered.markup).not.toContain('<img');
      expect(rendered.markup.match(/<(?![a-zA-Z/])/g)).toBeNull();
    }
  });

  it('escapes all five markup characters', () => {
    expect(esc(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });
});

describe('details and the backward pass', () => {
  it('explains each node with the chain-rule step that produced its gradient', () => {
    const g = seedGraph();
    const id = (n: string) => [...g.nodes.values()].find((v) => v.kind === 'value' && v.name === n)!.id;
    expect(explain(g, id('z')).steps).toEqual(['seed: dz/dz = 1']);
    expect(explain(g, id('y')).steps).toEqual(['dz/dy = dz/dz · ∂z/∂y = 1 · (2·y = 8) = 8']);
    const x = explain(g, id('x'));
    expect(x.steps).toEqual(['dz/dx = dz/dy · ∂y/∂x = 8 · 1 = 8']);
    expect(x.summary).toBe('dz/dx = dz/dy · dy/dx = (2·y = 8) · 1 = 8, for each of the 4 elements of x');
    const mul = [...g.nodes.values()].find((n) => n.kind === 'op' && n.op === 'Mul')!;
    expect(explain(g, mul.id).steps).toEqual(['dz/dy = dz/dz · ∂z/∂y = 1 · (2·y = 8) = 8']);
  });

  it('steps through reverse mode node by node: target, op, its input…', () => {
    const g = seedGraph();
    const names = backwardOrder(g).map((id) => {
      const n = g.nodes.get(id)!;
      return n.kind === 'op' ? n.label : (n as ValueNode).name;
    });
    expect(names).toEqual(['z', 'multiply', 'y', 'reduce_sum', 'x']);
  });

  it('wraps compound names in d(…)', () => {
    const s = {
      op: 'Mul',
      name: 'multiply',
      output: 'y',
      input: 'x·x',
      localFormula: 'x',
      localValue: '1',
      upstream: '1',
      downstream: '1',
    };
    expect(stepText('y', s)).toBe('dy/d(x·x) = dy/dy · ∂y/∂(x·x) = 1 · (x = 1) = 1');
  });
});

describe('text helpers', () => {
  it('formats shapes, nested values and clips', () => {
    expect([shapeText([]), shapeText([3]), shapeText([2, 2])]).toEqual(['()', '(3,)', '(2, 2)']);
    expect(
      nestedText([
        [8, 8],
        [8, 8],
      ]),
    ).toBe('[[8, 8],\n [8, 8]]');
    expect(nestedText([true, null, 'a', Number.NaN, -Infinity, 0.1 + 0.2])).toBe('[True, None, "a", nan, -inf, 0.3]');
    expect(clip('abcdef', 4)).toBe('abc…');
  });

  it('measures gradient magnitudes from values and previews', () => {
    expect(
      magnitude([
        [1, -3],
        [2, 0],
      ]),
    ).toEqual({ mag: 3, sign: -1 });
    expect(magnitude(undefined)).toBeUndefined();
    expect(magnitudeOfPreview('[0.12, -3.5, …] (1000)')).toEqual({ mag: 3.5, sign: -1 });
    expect(magnitudeOfPreview('[[1e-07, 2]]')).toEqual({ mag: 2, sign: 1 });
  });
});
