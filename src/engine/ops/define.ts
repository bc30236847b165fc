import { opError } from '../errors';
import { mapUnary } from '../kernels/elementwise';
import { type DType, tfEnumName } from '../tensor/dtype';
import type { Tensor } from '../tensor/tensor';
import type { OpDisplay } from './display';
import { defineOp, type Grad, type NodeView, type OpDef } from './registry';

type Vjp = ((g: Tensor, node: NodeView<Record<string, never>>) => Grad[]) | 'none';

/** An elementwise unary primitive. `accepts` lists the dtypes TF registers the kernel for. */
export function unaryOp(
  name: string,
  display: OpDisplay,
  f: (v: number) => number,
  vjp: Vjp | undefined,
  opts: { accepts?: (d: DType) => boolean; out?: (d: DType) => DType } = {},
): OpDef {
  return defineOp({
    name,
    display,
    infer: ([x]) => {
      if (opts.accepts && !opts.accepts(x.dtype)) throw unsupported(name, x.dtype);
      if (x.dtype === 'string') throw unsupported(name, x.dtype);
      return { shape: x.shape, dtype: opts.out ? opts.out(x.dtype) : x.dtype };
    },
    kernel: ([x], _a, _s, dtype) => mapUnary(x, dtype, f),
    vjp,
  });
}

/** TF's text when no kernel is registered for a dtype (e.g. `tf.sin` of an int32 tensor). */
export function unsupported(op: string, d: DType) {
  return opError(op, `Could not find device for node: {{node ${op}}} = ${op}[T=${tfEnumName(d)}]`, 'NotFoundError');
}
