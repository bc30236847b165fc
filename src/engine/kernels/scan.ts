import { allocate, castScalar, type DType, isInt, isNarrow, type NumericData, wrapExactInt } from '../tensor/dtype';
import { type Shape, sizeOf } from '../tensor/shape';

/**
 * Cumulative sum or product along `axis` (TF `Cumsum` / `Cumprod`). Like Eigen's scan, each line is accumulated
 * sequentially in the tensor's own dtype (a float32 running sum is rounded to float32 after every step), so results
 * match TF's rounding element for element. `exclusive` shifts by one (starting from the identity), `reverse` scans
 * from the end.
 */
export function scan(
  src: NumericData,
  shape: Shape,
  axis: number,
  dtype: DType,
  product: boolean,
  exclusive: boolean,
  reverse: boolean,
): NumericData {
  const out = allocate(dtype, src.length) as NumericData;
  const outer = sizeOf(shape.slice(0, axis));
  const dim = shape[axis];
  const inner = sizeOf(shape.slice(axis + 1));
  const init = product ? 1 : 0;
  // float16 and the 8/16-bit ints accumulate in their dtype, as TF's scan does (a product stays exact).
  const narrowInt = isNarrow(dtype) && isInt(dtype);
  const round = dtype === 'float32' || dtype === 'int32' || dtype === 'float16';
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * dim * inner + i;
      let acc = init;
      for (let t = 0; t < dim; t++) {
        const k = base + (reverse ? dim - 1 - t : t) * inner;
        const v = src[k];
        if (exclusive) {
          out[k] = acc;
          acc = product ? acc * v : acc + v;
        } else {
          acc = product ? acc * v : acc + v;
          out[k] = acc;
        }
        if (round) acc = castScalar(acc, dtype);
        else if (narrowInt) acc = wrapExactInt(acc, dtype);
      }
    }
  }
  return out;
}
