import { opError } from '../errors';
import { scan } from '../kernels/scan';
import type { NumericData } from '../tensor/dtype';
import type { Tensor } from '../tensor/tensor';
import { type TensorLike, toTensor } from './convert';
import { unsupported } from './define';
import type { OpDisplay } from './display';
import { divNoNan, mul } from './math';
import { apply, defineOp } from './registry';

interface ScanAttrs {
  axis: number;
  exclusive: boolean;
  reverse: boolean;
}

function scanDef(
  name: 'Cumsum' | 'Cumprod',
  display: OpDisplay,
  product: boolean,
  vjp: (g: Tensor, x: Tensor, out: Tensor, a: ScanAttrs) => Tensor,
) {
  return defineOp<ScanAttrs>({
    name,
    display,
    infer: ([x]) => {
      if (x.dtype === 'bool' || x.dtype === 'string') throw unsupported(name, x.dtype);
      return { shape: x.shape, dtype: x.dtype };
    },
    kernel: ([x], { axis, exclusive, reverse }, shape, dtype) =>
      x.rank === 0 ? x.data : scan(x.data as NumericData, shape, axis, dtype, product, exclusive, reverse),
    vjp: (g, { inputs: [x], output, attrs }) => [vjp(g, x, output, attrs)],
  });
}

/** MG `_CumsumGrad`: a cumulative sum of the upstream in the opposite direction. */
export const Cumsum = scanDef(
  'Cumsum',
  { api: 'tf.math.cumsum', aliases: ['tf.cumsum'] },
  false,
  (g, _x, _o, { axis, exclusive, reverse }) => cumsum(g, axis, exclusive, !reverse),
);

/**
 * MG `_CumprodGrad`: `div_no_nan(cumsum(cumprod(x) * g, reverse=!reverse), x)` — exact for nonzero `x`; where `x`
 * is 0 TF's rule gives 0 (this is why `reduce_prod`'s gradient uses exclusive cumprods instead).
 */
export const Cumprod = scanDef(
  'Cumprod',
  { api: 'tf.math.cumprod' },
  true,
  (g, x, _o, { axis, exclusive, reverse }) => {
    const prod = cumprod(x, axis, exclusive, reverse);
    return divNoNan(cumsum(mul(prod, g), axis, exclusive, !reverse), x);
  },
);

function scanArgs(x: TensorLike, axis: number, op: string): [Tensor, number] {
  const t = toTensor(x);
  const r = Math.max(t.rank, 1);
  if (axis < -r || axis >= r) {
    throw opError(op, `ScanOp: Expected scan axis in the range [${-t.rank}, ${t.rank}), but got ${axis}`);
  }
  return [t, axis < 0 ? axis + t.rank : axis];
}

/** `tf.math.cumsum(x, axis=0, exclusive=False, reverse=False)`. */
export function cumsum(x: TensorLike, axis = 0, exclusive = false, reverse = false): Tensor {
  const [t, a] = scanArgs(x, axis, 'Cumsum');
  return apply(Cumsum, [t], { axis: a, exclusive, reverse });
}

/** `tf.math.cumprod(x, axis=0, exclusive=False, reverse=False)`. */
export function cumprod(x: TensorLike, axis = 0, exclusive = false, reverse = false): Tensor {
  const [t, a] = scanArgs(x, axis, 'Cumprod');
  return apply(Cumprod, [t], { axis: a, exclusive, reverse });
}
