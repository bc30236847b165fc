/**
 * The report's statistics of a big float32 tensor (count, min, max, mean, std and its heatmap, as
 * `protocol/heatmap.ts` computes them) by the WebAssembly kernel `statsF32`: SIMD sums in f64 of the elements about
 * the first one, and the heatmap's cell sums in the same pass; the sums of squares of the gradient-health norms, and
 * whether a big adjoint is uniform (min = max). The TypeScript loops stay the reference and take every array that
 * holds a NaN or an infinity (they count them), and every array when no module is loaded.
 */
import { gridRowStart, type HeatmapGrid, heatmapFromSums, heatmapGrid, statsFromMoments } from '../../protocol/heatmap';
import type { TensorStats } from '../../protocol/report';
import { ensureMemory, wasmKernels } from './wasm';

/**
 * From this many elements the kernel takes the statistics (measured, with its copies and calls: level with the
 * TypeScript scan at 1,000 elements of one axis, 6× faster at 4,000; faster at every size with a heatmap).
 */
export const WASM_STATS_MIN = 1024;

/** Elements per pass through the module's memory (1 MB). */
const CHUNK = 1 << 18;

/** The statistics of `data` (row-major, of `shape`), or undefined when the kernel does not apply (see above). */
export function statsF32Wasm(shape: readonly number[], data: Float32Array): TensorStats | undefined {
  const count = data.length;
  const k = data[0];
  if (count < WASM_STATS_MIN || !Number.isFinite(k)) return undefined;
  const g = heatmapGrid(shape, count);
  const r = moments(data, k, g);
  if (!r) return undefined;
  const m = { n: count, k, s: r.acc[0], q: r.acc[1], min: r.acc[2], max: r.acc[3] };
  if (!g) return statsFromMoments(count, 0, 0, m);
  // Every element is finite: a cell counts its rows times its columns. Its sum is of v − k.
  const cellCount = new Float64Array(r.cells.length);
  for (let row = 0; row < g.rows; row++) {
    const first = gridRowStart(g, row);
    for (let gc = 0; gc < g.gridCols; gc++) cellCount[first + gc] += g.edge[gc + 1] - g.edge[gc];
  }
  const sum = new Float64Array(r.cells.length);
  for (let i = 0; i < sum.length; i++) sum[i] = r.cells[i] + cellCount[i] * k;
  return statsFromMoments(count, 0, 0, m, heatmapFromSums(g, sum, cellCount));
}

/** Σv² of a float32 array (the gradient-health norms), or undefined when the kernel does not apply (see above). */
export function sumOfSquaresF32Wasm(data: Float32Array): number | undefined {
  return data.length < WASM_STATS_MIN ? undefined : moments(data, 0)?.acc[1];
}

/** Whether every element of a float32 array equals the first (min = max), or undefined as above. */
export function allEqualF32Wasm(data: Float32Array): boolean | undefined {
  if (data.length < WASM_STATS_MIN || !Number.isFinite(data[0])) return undefined;
  const r = moments(data, data[0]);
  return r && r.acc[2] === r.acc[3];
}

/**
 * The kernel over all of `data`, row by row of the grid `g` (cell sums included) or in chunks: [Σ(v − k), Σ(v − k)²,
 * min, max] and the cell sums; undefined without a module, for rows longer than a chunk, or when a sum is not
 * finite (a NaN or an infinity in the data).
 */
function moments(
  data: Float32Array,
  k: number,
  g?: HeatmapGrid,
): { acc: Float64Array; cells: Float64Array } | undefined {
  const w = wasmKernels();
  if (!w || (g && g.cols > CHUNK)) return undefined;
  const count = data.length;
  // One row of the whole chunk for fewer than 2 axes: a single cell nobody reads.
  const cols = g ? g.cols : Math.min(count, CHUNK);
  const rowsPer = g ? Math.max(1, Math.floor(CHUNK / cols)) : 1;
  const gridCols = g ? g.gridCols : 1;
  const cellsN = g ? g.gridRows * gridCols : 1;
  const at = w.base;
  const edgeAt = at + rowsPer * cols * 4;
  const rowAt = edgeAt + (gridCols + 1) * 4;
  const cellAt = (rowAt + rowsPer * 4 + 7) & ~7;
  const accAt = cellAt + cellsN * 8;
  const buffer = ensureMemory(w, accAt + 32);
  const src = new Float32Array(buffer, at, rowsPer * cols);
  const edges = new Int32Array(buffer, edgeAt, gridCols + 1);
  const rowCell = new Int32Array(buffer, rowAt, rowsPer);
  const cells = new Float64Array(buffer, cellAt, cellsN);
  const acc = new Float64Array(buffer, accAt, 4);
  cells.fill(0);
  acc.set([0, 0, Infinity, -Infinity]);
  const stats = w.exports.statsF32;
  if (g) {
    edges.set(g.edge);
    for (let r0 = 0; r0 < g.rows; r0 += rowsPer) {
      const nr = Math.min(rowsPer, g.rows - r0);
      src.set(data.subarray(r0 * cols, (r0 + nr) * cols));
      for (let rr = 0; rr < nr; rr++) rowCell[rr] = gridRowStart(g, r0 + rr);
      stats(at, nr, cols, k, gridCols, edgeAt, rowAt, cellAt, accAt);
    }
  } else {
    rowCell[0] = 0;
    edges[0] = 0;
    for (let i = 0; i < count; i += CHUNK) {
      const len = Math.min(CHUNK, count - i);
      src.set(data.subarray(i, i + len));
      edges[1] = len;
      stats(at, 1, len, k, 1, edgeAt, rowAt, cellAt, accAt);
    }
  }
  if (!Number.isFinite(acc[0]) || !Number.isFinite(acc[1])) return undefined;
  return { acc: acc.slice(), cells: cells.slice() };
}
