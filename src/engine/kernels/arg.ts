import { allocate, type DType, type NumericData } from '../tensor/dtype';
import { type Shape, sizeOf } from '../tensor/shape';

/**
 * `argmax` / `argmin` along one axis: the index of the first extreme element (ties keep the earliest index).
 * A NaN is never selected over a number (comparisons with NaN are false), as in Eigen's arg reducers.
 */
export function argReduce(src: NumericData, shape: Shape, axis: number, outType: DType, max: boolean): NumericData {
  const outer = sizeOf(shape.slice(0, axis));
  const dim = shape[axis];
  const inner = sizeOf(shape.slice(axis + 1));
  const out = allocate(outType, outer * inner) as NumericData;
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * dim * inner + i;
      let best = src[base];
      let at = 0;
      for (let t = 1; t < dim; t++) {
        const v = src[base + t * inner];
        if (max ? v > best : v < best) {
          best = v;
          at = t;
        }
      }
      out[o * inner + i] = at;
    }
  }
  return out;
}
