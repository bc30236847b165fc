/**
 * Gradient health along the runs of one gradient call (a call in a loop runs many times): per source, the run where
 * its gradient first held NaN or Inf, first vanished, or first exploded.
 *
 * - vanished: the gradient's L2 norm is below `VANISH_RATIO` (1e-7) times the source value's norm — when it is not
 *   exactly zero, or when it is exactly zero after an earlier run with a non-zero gradient (a gradient that is zero
 *   from the first run on, such as that of an unused input, is not a vanishing one);
 * - exploded: the norm grew to at least `EXPLODE_GROWTH` (1e4) times its first non-zero finite value.
 */
import { chunkBuffer, readChunk } from '../../protocol/chunks';
import type { GradientHealth } from '../../protocol/report';
import { sumOfSquaresF32Wasm } from '../kernels/statsWasm';
import { IndexedSlices } from '../tensor/indexedSlices';
import type { Tensor } from '../tensor/tensor';

export const VANISH_RATIO = 1e-7;
export const EXPLODE_GROWTH = 1e4;

/** L2 norm of the finite elements, and whether any element is NaN or ±Inf. */
export function l2(t: Tensor): { norm: number; nonFinite: boolean } {
  const d = t.data as ArrayLike<number>;
  let sq = 0;
  let nonFinite = false;
  if (t.dtype === 'string' || t.dtype === 'bool') return { norm: 0, nonFinite };
  const fast = d instanceof Float32Array ? sumOfSquaresF32Wasm(d) : undefined;
  if (fast !== undefined) return { norm: Math.sqrt(fast), nonFinite };
  const buf = chunkBuffer(d.length);
  for (let s = 0; s < d.length; ) {
    const n = readChunk(d, s, buf);
    for (let j = 0; j < n; j++) {
      const v = buf[j];
      if (Number.isFinite(v)) sq += v * v;
      else nonFinite = true;
    }
    s += n;
  }
  return { norm: Math.sqrt(sq), nonFinite };
}

/** What one source's gradient did so far. */
export class NormTracker {
  private runs = 0;
  private first: number | undefined;
  private everNonZero = false;
  readonly health: GradientHealth = {};

  /** One run: the gradient (`null` for None) and the source's value. */
  add(grad: Tensor | IndexedSlices | null | undefined, source: Tensor | undefined): void {
    this.runs++;
    if (grad === null || grad === undefined) return;
    const g = l2(grad instanceof IndexedSlices ? grad.values : grad);
    const run = this.runs;
    const h = this.health;
    if (g.nonFinite) {
      if (!h.nonFinite) h.nonFinite = { run };
      return;
    }
    if (g.norm > 0 && this.first === undefined) this.first = g.norm;
    const s = source ? l2(source) : undefined;
    if (!h.vanished && s && s.norm > 0 && !s.nonFinite) {
      const ratio = g.norm / s.norm;
      if (ratio < VANISH_RATIO && (g.norm > 0 || this.everNonZero)) h.vanished = { run, ratio };
    }
    if (!h.exploded && this.first !== undefined && g.norm >= EXPLODE_GROWTH * this.first)
      h.exploded = { run, growth: g.norm / this.first };
    if (g.norm > 0) this.everNonZero = true;
  }
}
