/**
 * The heatmap of a ≥ 2-D tensor (block means of the tensor seen as a matrix) and how hovers, lenses and hints show a
 * big tensor: shape and element count apart, statistics, the image. Expected block means are worked out by hand
 * from the values' closed forms.
 */
import { describe, expect, test } from 'vitest';
import { gradientHover, valueHover } from '../../src/extension/core/hoverText';
import { gradientLensTitles, hintLabel } from '../../src/extension/core/lensText';
import { heatmapOfSummary, statsOf } from '../../src/extension/core/statsText';
import { formatMessage as t } from '../../src/extension/core/translate';
import { heatmapOf, heatmapSvg } from '../../src/protocol/heatmap';
import type { GradientRecord, ValueSummary } from '../../src/protocol/report';
import { span } from './fixtures';

const fmt = { precision: 4, maxChars: 60 };

describe('heatmap grid', () => {
  test('a (2, 64, 40) tensor whose element is its row index: 32 × 32 blocks of 4 rows, each 4·r + 1.5', () => {
    const shape = [2, 64, 40];
    const h = heatmapOf(
      shape,
      Array.from({ length: 2 * 64 * 40 }, (_, i) => Math.floor(i / 40)),
    )!;
    expect([h.rows, h.cols, h.gridRows, h.gridCols]).toEqual([128, 40, 32, 32]);
    for (let r = 0; r < 32; r++) for (let c = 0; c < 32; c++) expect(h.cells[r * 32 + c]).toBe(4 * r + 1.5);
    expect(h.nonFinite).toBeUndefined();
  });

  test('a small matrix is its own grid; NaN and Inf are left out of the mean and mark their block', () => {
    const data = [1, Number.NaN, 3, 4, Number.POSITIVE_INFINITY, 6];
    const h = heatmapOf([2, 3], data)!;
    expect(h.cells).toEqual([1, null, 3, 4, null, 6]);
    expect(h.nonFinite).toEqual([false, true, false, false, true, false]);
    expect(heatmapOf([5], [0, 1, 2, 3, 4])).toBeUndefined();
    expect(heatmapOf([0, 3], [])).toBeUndefined();
  });

  test('the image holds only fixed tags and numbers', () => {
    const svg = heatmapSvg(heatmapOf([2, 3], [-1, 0, 1, 2, Number.NaN, -2])!, 4);
    const tags = [...svg.matchAll(/<\/?([a-z]+)/g)].map((m) => m[1]);
    expect(new Set(tags)).toEqual(new Set(['svg', 'rect', 'path']));
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" width="12" height="8"/);
    // Both signs: a diverging scale, the largest magnitude (2) full red, -2 full blue, 0 white.
    expect(svg).toContain('fill="rgb(255,255,255)"');
    expect(svg).toContain('fill="rgb(255,0,0)"');
    expect(svg).toContain('fill="rgb(0,0,255)"');
  });
});

const big: ValueSummary = {
  kind: 'tensor',
  dtype: 'float32',
  shape: [1000, 1000],
  preview: '[[-0.6494, 0.1121, …], …] (1000000)',
  repr: '<tf.Tensor: shape=(1000, 1000), dtype=float32, numpy=...>',
  stats: {
    count: 1_000_000,
    nan: 0,
    inf: 0,
    min: -4.8,
    max: 4.9,
    mean: 0.001,
    std: 1,
    heatmap: heatmapOf(
      [1000, 1000],
      Array.from({ length: 1e6 }, (_, i) => (i % 1000 < 500 ? -1 : 1)),
    )!,
  },
};

describe('big tensors in lenses, hints and hovers', () => {
  test('the lens shows shape, dtype, element count and statistics instead of an elided preview', () => {
    const g: GradientRecord = {
      span: span(3, 0, 20),
      tape: 1,
      kind: 'gradient',
      target: 'y',
      results: [{ label: 'w', result: big }],
      runs: 1,
    };
    expect(gradientLensTitles(g, fmt, t)).toEqual([
      'dy/dw = (1000, 1000) float32 · 1,000,000 elements · min -4.8 · max 4.9 · mean 0.001 · std 1',
    ]);
    const md = gradientHover(g, { uri: 'file:///a.py', fmt, t });
    // Type first, then the statistics, then the first values without the preview's element count.
    expect(md.split('\n\n')[0]).toBe('**dy/dw** · (1000, 1000) float32');
    expect(md).toContain('first values `[[-0.6494, 0.1121, …], …]`');
    expect(md).toContain('1,000,000 elements · min -4.8 · max 4.9 · mean 0.001 · std 1 · 0 NaN · 0 Inf');
    expect(md).toContain('![heatmap, 32 × 32 blocks](data:image/svg+xml;base64,');
  });

  test('the hint shows the shape and the element count apart', () => {
    expect(hintLabel(big, fmt, t)).toBe('▸ (1000, 1000) float32 · 1,000,000 elements');
  });

  test('the value hover: type line, statistics, one heatmap image whose halves are blue and red', () => {
    const md = valueHover({ span: span(1, 0, 5), label: 'w', runs: 1, value: big }, { uri: 'file:///a.py', fmt, t });
    // markdown-it refuses SVG data URIs (VS Code's renderer takes them): read the image from the Markdown.
    const imgs = [...md.matchAll(/!\[[^\]]*\]\(data:image\/svg\+xml;base64,([A-Za-z0-9+/=]+)\)/g)];
    expect(imgs).toHaveLength(1);
    const svg = Buffer.from(imgs[0][1], 'base64').toString();
    // Columns 0–499 are -1 (full blue), 500–999 are +1 (full red): 16 blocks of each per row of the grid.
    expect(svg.match(/rgb\(0,0,255\)/g)).toHaveLength(32 * 16);
    expect(svg.match(/rgb\(255,0,0\)/g)).toHaveLength(32 * 16);
  });

  test('a tensor carried in full gets statistics and a heatmap from its value; a small one does not', () => {
    const value = Array.from({ length: 4 }, (_, r) => Array.from({ length: 5 }, (_, c) => r * 5 + c));
    const s: ValueSummary = { kind: 'tensor', dtype: 'float32', shape: [4, 5], preview: '', repr: '', value };
    // 0 … 19: mean 9.5, population std sqrt((20² − 1) / 12).
    expect(statsOf(s)).toMatchObject({ count: 20, nan: 0, inf: 0, min: 0, max: 19, mean: 9.5 });
    expect(statsOf(s)!.std).toBeCloseTo(Math.sqrt(399 / 12), 12);
    expect(heatmapOfSummary(s)?.cells).toEqual(value.flat());
    const small: ValueSummary = {
      ...s,
      shape: [2, 2],
      value: [
        [1, 2],
        [3, 4],
      ],
    };
    expect(statsOf(small)).toBeUndefined();
  });
});
