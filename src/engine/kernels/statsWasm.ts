/**
 * The report's statistics of a big float32 tensor (count, min, max, mean, std and its heatmap, as
 * `protocol/heatmap.ts` computes them) by the WebAssembly kernel `statsF32`: SIMD sums in f64 of the elements about
 * the first one, and the heatmap's cell sums in the same pass. The TypeScript scan stays the reference and takes
 * every array that holds a NaN or an infinity (it counts them), and every array when no module is loaded.
 */
import { gridRowStart, heatmapFromSums, heatmapGrid, statsFromMoments } from '../../protocol/heatmap';
import type { TensorStats } from '../../protocol/report';
import { ensureMemory, wasmKernels } from './wasm';

/** Below this many elements the TypeScript scan is as fast (measured: the kernel's call and copies cost ≈ 2 µs). */
export const WASM_STATS_MIN = 4096;

/** Elements per pass through the module's memory (1 MB). */
const CHUNK = 1 << 18;

/** The statistics of `data` (row-major, of `shape`), or undefined when the kernel does not apply (see above). */
export function statsF32Wasm(shape: readonly number[], data: Float32Array): TensorStats | undefined {
  const count = data.length;
  const k = data[0];
  if (count < WASM_STATS_MIN || !Number.isFinite(k)) return undefined;
  const w = wasmKernels();
  if (!w) return undefined;
  const g = heatmapGrid(shape, count);
  if (g && g.cols > CHUNK) return undefined;
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
  const [s, q, min, max] = acc;
  if (!Number.isFinite(s) || !Number.isFinite(q)) return undefined;
  const moments = { n: count, k, s, q, min, max };
  if (!g) return statsFromMoments(count, 0, 0, moments);
  // Every element is finite: a cell counts its rows times its columns. Its sum is of v − k.
  const cellCount = new Float64Array(cellsN);
  for (let r = 0; r < g.rows; r++) {
    const row = gridRowStart(g, r);
    for (let gc = 0; gc < gridCols; gc++) cellCount[row + gc] += g.edge[gc + 1] - g.edge[gc];
  }
  const sum = Float64Array.from(cells, (x, i) => x + cellCount[i] * k);
  return statsFromMoments(count, 0, 0, moments, heatmapFromSums(g, sum, cellCount));
}
