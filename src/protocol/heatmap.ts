/**
 * A small picture of a ≥ 2-D tensor: the tensor seen as a matrix (all axes but the last are rows, the last is
 * columns), cut into at most `side × side` blocks, each block the mean of its finite elements (`null` when it has
 * none). The engine computes it for big tensors (`TensorStats.heatmap`); readers compute it from a full value.
 * Pure: no engine, no vscode, no DOM.
 */
import type { NestedValue, TensorStats } from './report';

export interface Heatmap {
  /** Rows and columns of the matrix the grid summarises (`rows · cols` = element count). */
  rows: number;
  cols: number;
  /** Grid size (`gridRows × gridCols` cells, row-major). */
  gridRows: number;
  gridCols: number;
  /** Per cell: the mean of its block's finite elements, `null` when none is finite. */
  cells: (number | null)[];
  /** Per cell: whether its block holds a NaN or ±Inf. */
  nonFinite?: boolean[];
}

/** Largest grid side (cells per axis). */
export const HEATMAP_SIDE = 32;

/** The heatmap of a row-major array of `shape` (≥ 2 axes), read through `at(i)`; undefined for fewer axes. */
export function heatmapOf(
  shape: readonly number[],
  at: (i: number) => number,
  side = HEATMAP_SIDE,
): Heatmap | undefined {
  if (shape.length < 2) return undefined;
  const cols = shape[shape.length - 1];
  let rows = 1;
  for (let i = 0; i < shape.length - 1; i++) rows *= shape[i];
  if (rows === 0 || cols === 0) return undefined;
  const gridRows = Math.min(rows, side);
  const gridCols = Math.min(cols, side);
  const sum = new Float64Array(gridRows * gridCols);
  const count = new Float64Array(gridRows * gridCols);
  const bad = new Uint8Array(gridRows * gridCols);
  for (let r = 0; r < rows; r++) {
    const gr = Math.floor((r * gridRows) / rows);
    const base = r * cols;
    for (let c = 0; c < cols; c++) {
      const cell = gr * gridCols + Math.floor((c * gridCols) / cols);
      const v = at(base + c);
      if (Number.isFinite(v)) {
        sum[cell] += v;
        count[cell]++;
      } else bad[cell] = 1;
    }
  }
  const cells: (number | null)[] = [];
  // Four significant digits: a colour needs no more, and the report stays small.
  for (let i = 0; i < sum.length; i++) cells.push(count[i] > 0 ? Number((sum[i] / count[i]).toPrecision(4)) : null);
  const out: Heatmap = { rows, cols, gridRows, gridCols, cells };
  if (bad.some((b) => b === 1)) out.nonFinite = [...bad].map((b) => b === 1);
  return out;
}

/** A nested value's elements, row-major, as numbers (`'nan'`, `'inf'`, `'-inf'` read as such; others as NaN). */
export function flatNumbers(v: NestedValue | undefined): number[] {
  const out: number[] = [];
  const walk = (x: NestedValue | undefined): void => {
    if (Array.isArray(x)) for (const e of x) walk(e);
    else if (typeof x === 'number') out.push(x);
    else if (typeof x === 'boolean') out.push(x ? 1 : 0);
    else if (x === 'inf') out.push(Infinity);
    else if (x === '-inf') out.push(-Infinity);
    else out.push(Number.NaN);
  };
  walk(v);
  return out;
}

/** Counts and moments of numbers: NaN and ±Inf counted, min, max, mean and population std over the finite rest. */
export function statsOfNumbers(data: ArrayLike<number>): TensorStats {
  const count = data.length;
  let nan = 0;
  let inf = 0;
  let n = 0;
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  for (let i = 0; i < count; i++) {
    const v = Number(data[i]);
    if (Number.isNaN(v)) nan++;
    else if (v === Infinity || v === -Infinity) inf++;
    else {
      n++;
      sum += v;
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  const stats: TensorStats = { count, nan, inf };
  if (n === 0) return stats;
  const mean = sum / n;
  let sq = 0;
  for (let i = 0; i < count; i++) {
    const v = Number(data[i]);
    if (Number.isFinite(v)) sq += (v - mean) * (v - mean);
  }
  return { ...stats, min, max, mean, std: Math.sqrt(sq / n) };
}

/**
 * The heatmap as an SVG image (`cell` px per cell): a diverging scale around 0 when the values have both signs
 * (blue negative, red positive), else a sequential one from the smallest to the largest; blocks with NaN or Inf
 * are crossed, blocks without a finite element are grey. Only numbers and fixed colours go into the markup.
 */
export function heatmapSvg(h: Heatmap, cell = 4): string {
  const finite = h.cells.filter((c): c is number => c !== null);
  const lo = finite.length ? Math.min(...finite) : 0;
  const hi = finite.length ? Math.max(...finite) : 0;
  const diverging = lo < 0 && hi > 0;
  const amp = Math.max(Math.abs(lo), Math.abs(hi)) || 1;
  const colour = (v: number): string => {
    if (diverging) {
      const t = Math.min(1, Math.abs(v) / amp);
      const fade = Math.round(255 * (1 - t));
      return v < 0 ? `rgb(${fade},${fade},255)` : `rgb(255,${fade},${fade})`;
    }
    const t = hi > lo ? (v - lo) / (hi - lo) : 0.5;
    const g = Math.round(40 + 200 * t);
    return `rgb(${Math.round(30 + 200 * t)},${g},${Math.round(120 + 60 * (1 - t))})`;
  };
  const w = h.gridCols * cell;
  const ht = h.gridRows * cell;
  const rects: string[] = [];
  for (let r = 0; r < h.gridRows; r++) {
    for (let c = 0; c < h.gridCols; c++) {
      const i = r * h.gridCols + c;
      const v = h.cells[i];
      const x = c * cell;
      const y = r * cell;
      rects.push(
        `<rect x="${x}" y="${y}" width="${cell}" height="${cell}" fill="${v === null ? '#888' : colour(v)}"/>`,
      );
      if (h.nonFinite?.[i])
        rects.push(
          `<path d="M${x} ${y}l${cell} ${cell}M${x + cell} ${y}l${-cell} ${cell}" stroke="#000" stroke-width="1"/>`,
        );
    }
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${ht}" viewBox="0 0 ${w} ${ht}" shape-rendering="crispEdges">${rects.join('')}</svg>`;
}

/** `data:image/svg+xml;base64,…` of the heatmap (for Markdown images and `<img>`). */
export function heatmapDataUri(h: Heatmap, cell?: number): string {
  const svg = heatmapSvg(h, cell);
  const b64 =
    typeof btoa === 'function'
      ? btoa(svg)
      : (globalThis as { Buffer?: { from(s: string): { toString(e: string): string } } })
          .Buffer!.from(svg)
          .toString('base64');
  return `data:image/svg+xml;base64,${b64}`;
}
