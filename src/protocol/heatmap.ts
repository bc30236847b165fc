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
  return scan(shape, data, side).heatmap;
}

/** The grid of a heatmap: the matrix a ≥ 2-D array is seen as, and its blocks. */
export interface HeatmapGrid {
  rows: number;
  cols: number;
  gridRows: number;
  gridCols: number;
  /** Column c is in grid column g when `edge[g]` ≤ c < `edge[g + 1]` (⌊c·gridCols / cols⌋). */
  edge: Int32Array;
}

/** The heatmap grid of `count` elements of `shape`; undefined for fewer than 2 axes or no elements. */
export function heatmapGrid(shape: readonly number[], count: number, side = HEATMAP_SIDE): HeatmapGrid | undefined {
  const cols = shape.length >= 2 ? shape[shape.length - 1] : 0;
  const rows = cols > 0 ? count / cols : 0;
  if (!(rows > 0 && cols > 0)) return undefined;
  const gridRows = Math.min(rows, side);
  const gridCols = Math.min(cols, side);
  const edge = new Int32Array(gridCols + 1);
  for (let gc = 0; gc <= gridCols; gc++) edge[gc] = Math.ceil((gc * cols) / gridCols);
  return { rows, cols, gridRows, gridCols, edge };
}

/** Row `row`'s first cell in a grid's cell arrays (row-major). */
export const gridRowStart = (g: HeatmapGrid, row: number): number =>
  Math.floor((row * g.gridRows) / g.rows) * g.gridCols;

/** The heatmap from each cell's sum and count of finite elements, and whether it saw a NaN or an infinity. */
export function heatmapFromSums(g: HeatmapGrid, sum: Float64Array, cellCount: Float64Array, bad?: Uint8Array): Heatmap {
  const cells: (number | null)[] = [];
  // Four significant digits: a colour needs no more, and the report stays small.
  for (let i = 0; i < sum.length; i++) cells.push(cellCount[i] > 0 ? fourDigits(sum[i] / cellCount[i]) : null);
  const heatmap: Heatmap = { rows: g.rows, cols: g.cols, gridRows: g.gridRows, gridCols: g.gridCols, cells };
  if (bad?.some((x) => x === 1)) heatmap.nonFinite = [...bad].map((x) => x === 1);
  return heatmap;
}

/** Exact powers of ten as doubles (10^0 … 10^22). */
const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);

/**
 * `Number(x.toPrecision(4))`, which costs ≈ 0.3 µs (a heatmap has up to 1,024 cells): the four-digit integer n
 * nearest to |x|·10^k is found in double arithmetic (one rounding, far from deciding unless the fraction is within
 * 10⁻⁶ of one half: then `toPrecision` decides), and n / 10^k with an exact power of ten is the double nearest to
 * the decimal, as parsing it gives.
 */
export function fourDigits(x: number): number {
  const a = Math.abs(x);
  if (!(a > 0 && a < Infinity)) return Number(x.toPrecision(4));
  let k = 3 - Math.floor(Math.log10(a));
  for (let tries = 0; tries < 2; tries++) {
    if (k < -22 || k > 22) break;
    const q = k >= 0 ? a * POW10[k] : a / POW10[-k];
    // log10 may be one off at a power of ten.
    if (q >= 10000) k -= 1;
    else if (q < 1000) k += 1;
    else {
      const whole = Math.floor(q);
      const frac = q - whole;
      if (Math.abs(frac - 0.5) < 1e-6) break;
      const n = frac > 0.5 ? whole + 1 : whole;
      const v = k >= 0 ? n / POW10[k] : n * POW10[-k];
      return x < 0 ? -v : v;
    }
  }
  return Number(x.toPrecision(4));
}

/** Moments of the finite elements about a shift `k`: how many, Σ(v − k), Σ(v − k)², min and max. */
export interface ShiftedMoments {
  n: number;
  k: number;
  s: number;
  q: number;
  min: number;
  max: number;
}

/** The statistics from the moments (min, max, mean and population std when any element is finite). */
export function statsFromMoments(
  count: number,
  nan: number,
  inf: number,
  m: ShiftedMoments,
  heatmap?: Heatmap,
): TensorStats {
  const stats: TensorStats = { count, nan, inf };
  if (m.n > 0) {
    const mean = m.k + m.s / m.n;
    const variance = Math.max(0, (m.q - (m.s * m.s) / m.n) / m.n);
    Object.assign(stats, { min: m.min, max: m.max, mean, std: Math.sqrt(variance) });
  }
  if (heatmap) stats.heatmap = heatmap;
  return stats;
}

/**
 * One pass over a row-major array: its counts and moments and, for ≥ 2 axes, its heatmap. The array is read in
 * float64 chunks (`chunks.ts`) and cut into segments — a row's run in one grid column, or a chunk for fewer axes —
 * each summed in four lanes (one chain of dependent additions per lane); a segment whose sums are not finite is read
 * again element by element.
 */
function scan(shape: readonly number[], data: ArrayLike<number>, side = HEATMAP_SIDE): TensorStats {
  const count = data.length;
  const m = new Moments(firstFinite(data));
  let heatmap: Heatmap | undefined;
  const g = heatmapGrid(shape, count, side);
  if (g) {
    const { rows, cols, gridCols, edge } = g;
    const sum = new Float64Array(g.gridRows * gridCols);
    const cellCount = new Float64Array(g.gridRows * gridCols);
    const bad = new Uint8Array(g.gridRows * gridCols);
    const rowsPer = Math.max(1, Math.floor(CHUNK / cols));
    const buf = new Float64Array(Math.min(rows, rowsPer) * cols);
    for (let r0 = 0; r0 < rows; r0 += rowsPer) {
      readChunk(data, r0 * cols, buf);
      const nr = Math.min(rowsPer, rows - r0);
      for (let rr = 0; rr < nr; rr++) {
        const row = gridRowStart(g, r0 + rr);
        const base = rr * cols;
        for (let gc = 0; gc < gridCols; gc++) {
          const cell = row + gc;
          m.add(buf, base + edge[gc], base + edge[gc + 1]);
          sum[cell] += m.segSum;
          cellCount[cell] += m.segCount;
          if (m.segCount < edge[gc + 1] - edge[gc]) bad[cell] = 1;
        }
      }
    }
    heatmap = heatmapFromSums(g, sum, cellCount, bad);
  } else {
    const buf = chunkBuffer(count);
    for (let s = 0; s < count; ) {
      const len = readChunk(data, s, buf);
      m.add(buf, 0, len);
      s += len;
    }
  }
  return statsFromMoments(count, m.nan, m.inf, m, heatmap);
}

/** The first finite element (0 when there is none): the shift the moments are summed about. */
function firstFinite(data: ArrayLike<number>): number {
  for (let i = 0; i < data.length; i++) {
    const v = Number(data[i]);
    if (Number.isFinite(v)) return v;
  }
  return 0;
}

/**
 * Moments of the finite values read so far, about a shift `k` taken from the data (sums of `v − k` and `(v − k)²`
 * keep the variance precise in one pass), with NaN and ±Inf counted; `segCount` and `segSum` are the last
 * segment's finite values (a heatmap cell's share, shown to four digits).
 */
class Moments {
  n = 0;
  s = 0;
  q = 0;
  min = Infinity;
  max = -Infinity;
  nan = 0;
  inf = 0;
  segCount = 0;
  segSum = 0;

  constructor(readonly k: number) {}

  add(a: Float64Array, from: number, to: number): void {
    const k = this.k;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    let q0 = 0;
    let q1 = 0;
    let q2 = 0;
    let q3 = 0;
    let lo = this.min;
    let hi = this.max;
    const end = from + ((to - from) & ~3);
    for (let j = from; j < end; j += 4) {
      const v0 = a[j];
      const v1 = a[j + 1];
      const v2 = a[j + 2];
      const v3 = a[j + 3];
      const d0 = v0 - k;
      const d1 = v1 - k;
      const d2 = v2 - k;
      const d3 = v3 - k;
      s0 += d0;
      s1 += d1;
      s2 += d2;
      s3 += d3;
      q0 += d0 * d0;
      q1 += d1 * d1;
      q2 += d2 * d2;
      q3 += d3 * d3;
      // Rarely taken once the first values are in: cheaper than Math.min/max, which handle NaN and −0.
      if (v0 < lo) lo = v0;
      if (v1 < lo) lo = v1;
      if (v2 < lo) lo = v2;
      if (v3 < lo) lo = v3;
      if (v0 > hi) hi = v0;
      if (v1 > hi) hi = v1;
      if (v2 > hi) hi = v2;
      if (v3 > hi) hi = v3;
    }
    for (let j = end; j < to; j++) {
      const v = a[j];
      const d = v - k;
      s0 += d;
      q0 += d * d;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    s0 += s2;
    s1 += s3;
    q0 += q2;
    q1 += q3;
    const shifted = s0 + s1;
    const sq = q0 + q1;
    // A NaN or an infinity makes these sums NaN or infinite (so may a finite overflow: then the slow path agrees).
    if (Number.isFinite(shifted) && Number.isFinite(sq)) {
      const n = to - from;
      this.n += n;
      this.s += shifted;
      this.q += sq;
      this.min = lo;
      this.max = hi;
      this.segCount = n;
      this.segSum = shifted + n * k;
      return;
    }
    let count = 0;
    let sum = 0;
    for (let j = from; j < to; j++) {
      const v = a[j];
      if (Number.isNaN(v)) this.nan++;
      else if (v === Infinity || v === -Infinity) this.inf++;
      else {
        const d = v - k;
        this.n++;
        this.s += d;
        this.q += d * d;
        count++;
        sum += v;
        if (v < this.min) this.min = v;
        if (v > this.max) this.max = v;
      }
    }
    this.segCount = count;
    this.segSum = sum;
  }
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
 * Counts and moments of numbers: NaN and ±Inf counted, min, max, mean and population std over the finite rest, in
 * one pass (see `scan`).
 */
export function statsOfNumbers(data: ArrayLike<number>): TensorStats {
  return scan([data.length], data);
}

/** `statsOfNumbers` of a row-major array of `shape`, with its heatmap when it has ≥ 2 axes, in one pass. */
export function statsWithHeatmap(shape: readonly number[], data: ArrayLike<number>): TensorStats {
  return scan(shape, data);
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
