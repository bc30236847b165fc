import { opError } from '../errors';
import { mapBinary, mapUnary } from '../kernels/elementwise';
import type { DType } from '../tensor/dtype';
import { broadcastShape } from '../tensor/shape';
import type { Tensor } from '../tensor/tensor';
import { defineOp, type Grad, type NodeView, type OpDef, sameDType } from './registry';

type Vjp = ((g: Tensor, node: NodeView<Record<string, never>>) => Grad[]) | 'none';

/** An elementwise unary primitive. `accepts` lists the dtypes TF registers the kernel for. */
export function unaryOp(
  name: string,
  f: (v: number) => number,
  vjp: Vjp | undefined,
  opts: { accepts?: (d: DType) => boolean; out?: (d: DType) => DType } = {},
): OpDef {
  return defineOp({
    name,
    infer: ([x]) => {
      if (opts.accepts && !opts.accepts(x.dtype)) throw unsupported(name, x.dtype);
      if (x.dtype === 'string') throw unsupported(name, x.dtype);
      return { shape: x.shape, dtype: opts.out ? opts.out(x.dtype) : x.dtype };
    },
    kernel: ([x], _a, _s, dtype) => mapUnary(x, dtype, f),
    vjp,
  });
}

/** An elementwise binary primitive with NumPy broadcasting and TF's same-dtype rule. */
export function binaryOp(
  name: string,
  f: (x: number, y: number) => number,
  vjp: Vjp | undefined,
  opts: { accepts?: (d: DType) => boolean; out?: (d: DType) => DType } = {},
): OpDef {
  return defineOp({
    name,
    infer: ([a, b]) => {
      const d = a.dtype === b.dtype ? a.dtype : sameDType(name, [a, b]);
      if (d === 'string' || (opts.accepts && !opts.accepts(d))) throw unsupported(name, d);
      return { shape: broadcastShape(a.shape, b.shape, name), dtype: opts.out ? opts.out(d) : d };
    },
    kernel: ([a, b], _a, shape, dtype) => mapBinary(a, b, shape, dtype, f),
    vjp,
  });
}

/** TF's text when no kernel is registered for a dtype (e.g. `tf.sin` of an int32 tensor). */
export function unsupported(op: string, d: DType) {
  const t = d === 'float32' ? 'FLOAT' : d === 'float64' ? 'DOUBLE' : d.toUpperCase();
  return opError(op, `Could not find device for node: {{node ${op}}} = ${op}[T=DT_${t}]`, 'NotFoundError');
}
