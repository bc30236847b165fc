/**
 * The details pane's view of a big or ≥ 2-D value: its statistics (element count apart from the shape, min, max,
 * mean, std, NaN/Inf counts), a heatmap image, and a slice viewer (one index on any axis, the rest as a table).
 * Values come from `nodeValue` only; a value the report does not carry shows its statistics and says so.
 */
import { flatNumbers, heatmapDataUri, statsWithHeatmap } from '../protocol/heatmap';
import type { NestedValue, TensorStats } from '../protocol/report';
import { fmt } from './geometry';
import type { ValueNode } from './model';
import { nodeValue, sliceTable } from './slices';
import { shapeText } from './text';

/** Values with fewer elements are shown whole; statistics would only repeat them. */
const STATS_MIN_ELEMENTS = 16;

const count = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);
const numeric = (dtype: string): boolean => dtype !== 'string' && dtype !== '?';

/** The statistics of a node: the engine's for a value too large to embed, else from its embedded value. */
export function nodeStats(node: ValueNode): TensorStats | undefined {
  if (node.stats) return node.stats;
  if (node.value === undefined || !numeric(node.dtype) || count(node.shape) < STATS_MIN_ELEMENTS) return undefined;
  const data = flatNumbers(node.value);
  return statsWithHeatmap(node.shape, data);
}

/** `1,000,000 elements · min -4.8 · max 4.9 · mean 0.001 · std 1 · 0 NaN · 0 Inf` (3 significant digits). */
export function statsText(s: TensorStats): string {
  const parts = [`${s.count.toLocaleString('en-US')} element${s.count === 1 ? '' : 's'}`];
  if (s.min !== undefined && s.max !== undefined) parts.push(`min ${fmt(s.min)}`, `max ${fmt(s.max)}`);
  if (s.mean !== undefined && s.std !== undefined) parts.push(`mean ${fmt(s.mean)}`, `std ${fmt(s.std)}`);
  parts.push(`${s.nan} NaN`, `${s.inf} Inf`);
  return parts.join(' · ');
}

/** Where each node's slice viewer stands (axis, index), kept while the pane is redrawn. */
const positions = new Map<string, { axis: number; index: number }>();

type El = <K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props?: { className?: string; text?: string; title?: string },
  ...children: (Node | string | undefined | false)[]
) => HTMLElementTagNameMap[K];

/** The statistics line, heatmap and slice viewer of a value node (nothing for small values). */
export function valueExtras(node: ValueNode, el: El): Node[] {
  const out: Node[] = [];
  const stats = nodeStats(node);
  if (stats) {
    out.push(el('p', { className: 'stats', text: `${shapeText(node.shape)} ${node.dtype} · ${statsText(stats)}` }));
    const h = stats.heatmap;
    if (h && h.rows > 1 && h.cols > 1) {
      const img = el('img', { className: 'heatmap', title: `heatmap: ${h.gridRows} × ${h.gridCols} blocks of means` });
      img.alt = `heatmap of ${shapeText(node.shape)}, ${h.gridRows} × ${h.gridCols} blocks`;
      const cell = Math.max(2, Math.min(16, Math.floor(160 / Math.max(h.gridRows, h.gridCols))));
      img.src = heatmapDataUri(h, cell);
      out.push(img);
    }
  }
  if (node.shape.length >= 2 && numeric(node.dtype)) {
    const box = el('div', { className: 'slicer' });
    out.push(el('h3', { text: 'Slice' }), box);
    void nodeValue(node).then((v) => fillSlicer(box, node, v, el));
  } else if (node.value === undefined && stats)
    out.push(el('p', { className: 'muted', text: 'Values elided: the report carries statistics for this value.' }));
  return out;
}

function fillSlicer(box: HTMLElement, node: ValueNode, value: NestedValue | undefined, el: El): void {
  if (value === undefined) {
    box.replaceChildren(
      el('p', {
        className: 'muted',
        text: `Values elided: ${count(node.shape).toLocaleString('en-US')} elements are more than the report embeds per value; the statistics above cover them all.`,
      }),
    );
    return;
  }
  const pos = positions.get(node.id) ?? { axis: 0, index: 0 };
  const axis = el('select', { title: 'Axis to fix' });
  axis.setAttribute('aria-label', 'Axis to fix');
  node.shape.forEach((n, a) => {
    const o = el('option', { text: `axis ${a} (${n})` });
    o.value = String(a);
    axis.append(o);
  });
  axis.value = String(pos.axis);
  const index = el('input');
  index.type = 'number';
  index.min = '0';
  index.setAttribute('aria-label', 'Index on that axis');
  const table = el('div', { className: 'slice-table' });
  const redraw = (): void => {
    const a = Number(axis.value);
    const n = node.shape[a];
    const i = Math.min(Math.max(0, Math.floor(Number(index.value) || 0)), n - 1);
    index.max = String(n - 1);
    index.value = String(i);
    positions.set(node.id, { axis: a, index: i });
    const s = sliceTable(value, node.shape, a, i);
    if (!s) {
      table.replaceChildren();
      return;
    }
    const idx = node.shape.map((_, k) => (k === a ? String(i) : ':')).join(', ');
    const t = el('table');
    for (const row of s.cells) {
      const tr = el('tr');
      for (const c of row) tr.append(el('td', { text: typeof c === 'number' ? fmt(c) : String(c) }));
      if (s.cols > row.length) tr.append(el('td', { className: 'muted', text: '…' }));
      t.append(tr);
    }
    const more = s.rows > s.cells.length ? `, first ${s.cells.length} rows` : '';
    const moreCols = s.cols > (s.cells[0]?.length ?? 0) ? `, first ${s.cells[0]?.length ?? 0} columns` : '';
    table.replaceChildren(
      el('p', { className: 'muted', text: `[${idx}] → ${shapeText(s.shape)}${more}${moreCols}` }),
      t,
    );
  };
  index.value = String(pos.index);
  axis.addEventListener('change', redraw);
  index.addEventListener('input', redraw);
  box.replaceChildren(el('div', { className: 'slice-controls' }, axis, index), table);
  redraw();
}
