/**
 * A small picture of a ≥ 2-D tensor: the tensor seen as a matrix (all axes but the last are rows, the last is
 * columns), cut into at most `side × side` blocks, each block the mean of its finite elements (`null` when it has
 * none). The engine computes it for big tensors (`TensorStats.heatmap`); readers compute it from a full value.
 * Pure: no engine, no vscode, no DOM.
 */
import { CHUNK, chunkBuffer, readChunk } from './chunks';
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

/** The heatmap of a row-major array of `shape` (≥ 2 axes); undefined for fewer axes. */
export function heatmapOf(shape: readonly number[], data: ArrayLike<number>, side = HEATMAP_SIDE): Heatmap | undefined {
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
  // Each row is cut into the grid's column blocks (column c in block ⌊c·gridCols / cols⌋); a block's run of a row is
  // summed in locals, then added to its cell. Rows are read a chunk's worth at a time.
  const edge = new Int32Array(gridCols + 1);
  for (let gc = 0; gc <= gridCols; gc++) edge[gc] = Math.ceil((gc * cols) / gridCols);
  const rowsPer = Math.max(1, Math.floor(CHUNK / cols));
  const buf = new Float64Array(Math.min(rows, rowsPer) * cols);
  for (let r0 = 0; r0 < rows; r0 += rowsPer) {
    readChunk(data, r0 * cols, buf);
    const nr = Math.min(rowsPer, rows - r0);
    for (let rr = 0; rr < nr; rr++) {
      const row = Math.floor(((r0 + rr) * gridRows) / rows) * gridCols;
      const base = rr * cols;
      for (let gc = 0; gc < gridCols; gc++) {
        const c0 = base + edge[gc];
        const c1 = base + edge[gc + 1];
        const cell = row + gc;
        const part = sumRange(buf, c0, c1);
        if (Number.isFinite(part)) {
          sum[cell] += part;
          count[cell] += c1 - c0;
          continue;
        }
        for (let c = c0; c < c1; c++) {
          const v = buf[c];
          if (Number.isFinite(v)) {
            sum[cell] += v;
            count[cell]++;
          } else bad[cell] = 1;
        }
      }
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

/**
 * Counts and moments of numbers: NaN and ±Inf counted, min, max, mean and population std over the finite rest.
 * Sums run in four float64 accumulators (one accumulator's dependency chain, not the reads, bounds a single sum), so
 * the mean's last bits depend on that order; a chunk whose sum is not finite is read again element by element.
 */
export function statsOfNumbers(data: ArrayLike<number>): TensorStats {
  const count = data.length;
  const buf = chunkBuffer(count);
  let nan = 0;
  let inf = 0;
  let n = 0;
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  for (let s = 0; s < count; ) {
    const len = readChunk(data, s, buf);
    s += len;
    const part = sum4(buf, len);
    if (Number.isFinite(part)) {
      n += len;
      sum += part;
      for (let j = 0; j < len; j++) {
        const v = buf[j];
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
      continue;
    }
    for (let j = 0; j < len; j++) {
      const v = buf[j];
      if (Number.isNaN(v)) nan++;
      else if (v === Infinity || v === -Infinity) inf++;
      else {
        n++;
        sum += v;
        if (v < min) min = v;
        if (v > max) max = v;
      }
    }
  }
  const stats: TensorStats = { count, nan, inf };
  if (n === 0) return stats;
  const mean = sum / n;
  let sq = 0;
  for (let s = 0; s < count; ) {
    const len = readChunk(data, s, buf);
    s += len;
    if (nan + inf === 0) {
      sq += squaredDeviations(buf, len, mean);
      continue;
    }
    for (let j = 0; j < len; j++) {
      const v = buf[j];
      if (Number.isFinite(v)) sq += (v - mean) * (v - mean);
    }
  }
  return { ...stats, min, max, mean, std: Math.sqrt(sq / n) };
}

/** The sum of `a[0 … len)`, in four accumulators. */
function sum4(a: Float64Array, len: number): number {
  return sumRange(a, 0, len);
}

/** The sum of `a[from … to)`, in four accumulators. */
function sumRange(a: Float64Array, from: number, to: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  const end = from + ((to - from) & ~3);
  for (let j = from; j < end; j += 4) {
    s0 += a[j];
    s1 += a[j + 1];
    s2 += a[j + 2];
    s3 += a[j + 3];
  }
  for (let j = end; j < to; j++) s0 += a[j];
  return s0 + s1 + (s2 + s3);
}

/** Σ (a[j] − mean)² over `a[0 … len)`, in four accumulators. */
function squaredDeviations(a: Float64Array, len: number, mean: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  const end = len & ~3;
  for (let j = 0; j < end; j += 4) {
    const d0 = a[j] - mean;
    const d1 = a[j + 1] - mean;
    const d2 = a[j + 2] - mean;
    const d3 = a[j + 3] - mean;
    s0 += d0 * d0;
    s1 += d1 * d1;
    s2 += d2 * d2;
    s3 += d3 * d3;
  }
  for (let j = end; j < len; j++) s0 += (a[j] - mean) * (a[j] - mean);
  return s0 + s1 + (s2 + s3);
}

/** `statsOfNumbers` of a row-major array of `shape`, with its heatmap when it has ≥ 2 axes. */
export function statsWithHeatmap(shape: readonly number[], data: ArrayLike<number>): TensorStats {
  const stats = statsOfNumbers(data);
  const heatmap = heatmapOf(shape, data);
  if (heatmap) stats.heatmap = heatmap;
  return stats;
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
