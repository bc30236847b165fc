import { allocate, type Data, type DType } from '../tensor/dtype';
import { type Shape, sizeOf, stridesOf } from '../tensor/shape';

type Elems = ArrayLike<number | string> & { [i: number]: number | string };

/**
 * `out = transpose(x, perm)`: output axis `i` is input axis `perm[i]`. The output is written in order while an
 * odometer walks the input with the permuted strides (no index arrays); a plain matrix transpose uses a tiled loop.
 */
export function transposeKernel(src: Data, shape: Shape, perm: readonly number[], dtype: DType): Data {
  const rank = shape.length;
  const outShape = perm.map((p) => shape[p]);
  const n = sizeOf(shape);
  const out = allocate(dtype, n) as unknown as Elems;
  const s = src as unknown as Elems;
  if (n === 0) return out as unknown as Data;
  const inStrides = stridesOf(shape);
  if (rank === 2 && perm[0] === 1) {
    const [r, c] = shape;
    const T = 32;
    for (let i0 = 0; i0 < r; i0 += T) {
      const i1 = Math.min(i0 + T, r);
      for (let j0 = 0; j0 < c; j0 += T) {
        const j1 = Math.min(j0 + T, c);
        for (let i = i0; i < i1; i++) for (let j = j0; j < j1; j++) out[j * r + i] = s[i * c + j];
      }
    }
    return out as unknown as Data;
  }
  const st = perm.map((p) => inStrides[p]);
  const counter = new Array<number>(rank).fill(0);
  // Innermost output axis as a tight loop.
  const last = rank - 1;
  const innerN = rank ? outShape[last] : 1;
  const innerS = rank ? st[last] : 0;
  let off = 0;
  for (let o = 0; o < n; o += innerN) {
    for (let j = 0, q = off; j < innerN; j++, q += innerS) out[o + j] = s[q];
    for (let ax = last - 1; ax >= 0; ax--) {
      counter[ax]++;
      off += st[ax];
      if (counter[ax] < outShape[ax]) break;
      off -= st[ax] * outShape[ax];
      counter[ax] = 0;
    }
  }
  return out as unknown as Data;
}
