/** `np.sort(a, axis=-1)` of numeric arrays: ascending along one axis (or the flattened array), NaN last. */
import { pyError, ValueError } from '../python/exceptions';
import { allocate } from '../tensor/dtype';
import { Tensor } from '../tensor/tensor';

const before = (x: number, y: number) => (Number.isNaN(x) ? (Number.isNaN(y) ? 0 : 1) : Number.isNaN(y) ? -1 : x - y);

export function npSort(t: Tensor, axis: number | null): Tensor {
  if (axis === null) return npSort(new Tensor(t.dtype, [t.size], t.data), 0);
  if (t.rank === 0) throw pyError(ValueError, `axis ${axis} is out of bounds for array of dimension 0`);
  const ax = axis < 0 ? axis + t.rank : axis;
  if (ax < 0 || ax >= t.rank)
    throw pyError(ValueError, `axis ${axis} is out of bounds for array of dimension ${t.rank}`);
  const len = t.shape[ax];
  const inner = t.shape.slice(ax + 1).reduce((a, b) => a * b, 1);
  const outer = t.size / Math.max(len * inner, 1);
  const src = t.data as ArrayLike<number>;
  const out = allocate(t.dtype, t.size) as unknown as number[];
  const line: number[] = new Array(len);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * len * inner + i;
      for (let k = 0; k < len; k++) line[k] = src[base + k * inner];
      line.sort(before);
      for (let k = 0; k < len; k++) out[base + k * inner] = line[k];
    }
  }
  return new Tensor(t.dtype, t.shape, out as unknown as Tensor['data']);
}
