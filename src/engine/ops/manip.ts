/**
 * `tf.roll` (slices of each rolled axis concatenated in their new order; the gradient rolls back through the slices)
 * and `tf.meshgrid` (each input reshaped along its own axis and multiplied by ones of the grid's shape, as TF does).
 */
import { opError } from '../errors';
import type { Tensor } from '../tensor/tensor';
import { concat, ones, reshape, sliceAxis } from './array';
import { type TensorLike, toTensor } from './convert';
import { mul } from './math';

/** `tf.roll(input, shift, axis)`: shifts along the same axis add up. */
export function roll(input: TensorLike, shift: readonly number[], axis: readonly number[]): Tensor {
  const x = toTensor(input);
  if (x.rank < 1) throw opError('Roll', 'input must be 1-D or higher', 'InvalidArgumentError', '');
  if (shift.length !== axis.length) throw opError('Roll', 'shift and axis must have the same size');
  const total = new Map<number, number>();
  axis.forEach((a, i) => {
    const ax = a < 0 ? a + x.rank : a;
    if (ax < 0 || ax >= x.rank) throw opError('Roll', `axis ${a} is out of range`, 'InvalidArgumentError', '');
    total.set(ax, (total.get(ax) ?? 0) + shift[i]);
  });
  let out = x;
  for (const [ax, s] of total) {
    const n = x.shape[ax];
    const k = n === 0 ? 0 : ((s % n) + n) % n;
    if (k === 0) continue;
    out = concat([sliceAxis(out, ax, n - k, k), sliceAxis(out, ax, 0, n - k)], ax);
  }
  return out;
}

/** `tf.meshgrid(*args, indexing='xy')`: N-D grids from 1-D inputs (`xy` swaps the first two grid axes). */
export function meshgrid(inputs: readonly TensorLike[], indexing: string): Tensor[] {
  const xs = inputs.map((v) => toTensor(v));
  const n = xs.length;
  const sizes = xs.map((x) => x.size);
  const out = xs.map((x, i) => {
    const shape = Array<number>(n).fill(1);
    shape[i] = -1;
    if (indexing === 'xy' && n > 1 && i < 2) [shape[0], shape[1]] = [shape[1], shape[0]];
    return reshape(x, shape);
  });
  if (indexing === 'xy' && n > 1) [sizes[0], sizes[1]] = [sizes[1], sizes[0]];
  const grid = ones(sizes, xs[0].dtype);
  return out.map((x) => mul(x, grid));
}
