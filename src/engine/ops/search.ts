/** `tf.searchsorted` and `tf.math.in_top_k`: lookups with integer or boolean results (no gradient). */
import { EngineError } from '../errors';
import { allocate, type DType, type NumericData } from '../tensor/dtype';
import { Tensor } from '../tensor/tensor';
import { type TensorLike, toTensor } from './convert';

/** `tf.searchsorted(sorted_sequence, values, side='left', out_type=tf.int32)` along the last axis. */
export function searchsorted(sequence: TensorLike, values: TensorLike, side: string, outType: DType): Tensor {
  if (side !== 'left' && side !== 'right') {
    throw new EngineError(
      'ValueError',
      `Argument \`side\` must be either 'right' or 'left'. Received: \`side\` = '${side}'.`,
    );
  }
  const seq = toTensor(sequence);
  const v = toTensor(values);
  const n = seq.shape[seq.rank - 1] ?? 1;
  const m = v.shape[v.rank - 1] ?? 1;
  const rows = n === 0 ? 0 : seq.size / n;
  const out = allocate(outType, v.size) as NumericData;
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < m; j++) {
      const x = v.num(r * m + j);
      let lo = 0;
      let hi = n;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        const s = seq.num(r * n + mid);
        if (side === 'left' ? s < x : s <= x) lo = mid + 1;
        else hi = mid;
      }
      out[r * m + j] = lo;
    }
  }
  return new Tensor(outType, v.shape, out);
}

/**
 * `tf.math.in_top_k(targets, predictions, k)`: whether each row's target class is among its k largest predictions;
 * classes tied at the boundary all count, and an out-of-range target or a non-finite prediction gives False.
 */
export function inTopK(targets: TensorLike, predictions: TensorLike, k: number): Tensor {
  const t = toTensor(targets);
  const p = toTensor(predictions);
  const [rows, classes] = p.shape;
  const out = new Uint8Array(rows);
  for (let r = 0; r < rows; r++) {
    const c = t.num(r);
    if (!(c >= 0 && c < classes)) continue;
    const target = p.num(r * classes + c);
    if (!Number.isFinite(target)) continue;
    let more = 0;
    for (let j = 0; j < classes; j++) if (p.num(r * classes + j) > target) more++;
    out[r] = more < k ? 1 : 0;
  }
  return new Tensor('bool', [rows], out);
}
