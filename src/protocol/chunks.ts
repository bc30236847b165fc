/**
 * Numeric arrays read in float64 chunks. A loop that reads `Float32Array`s, `Float64Array`s, `Int32Array`s and plain
 * arrays through one `data[i]` turns megamorphic and runs several times slower than one that reads a single array
 * type; the report's statistics, heatmaps and norms run over every large tensor of a program, so they read through
 * here: the element type is converted once per chunk by the typed array's own `set`, and the hot loop reads a
 * `Float64Array` only. Values are the same as `Number(data[i])`.
 */

/** Elements per chunk (32 kB of float64). */
export const CHUNK = 4096;

/** A scratch array for `readChunk`, no longer than `count` elements need. */
export function chunkBuffer(count: number): Float64Array {
  return new Float64Array(Math.max(1, Math.min(CHUNK, count)));
}

/** Copies `data[start …]` (as many as fit, at most to the end) into `into`; returns how many it copied. */
export function readChunk(data: ArrayLike<number>, start: number, into: Float64Array): number {
  const n = Math.min(into.length, data.length - start);
  if (n <= 0) return 0;
  if (ArrayBuffer.isView(data) && !(data instanceof BigInt64Array) && !(data instanceof BigUint64Array))
    into.set((data as unknown as Float32Array).subarray(start, start + n));
  else for (let i = 0; i < n; i++) into[i] = Number(data[start + i]);
  return n;
}
