import { apply, defineOp } from '../ops/registry';
import type { Tensor, Variable } from '../tensor/tensor';
import { variableAccessed } from './tape';

/** Reading a variable: its handle is the op's input, so the tape connects every read to the same handle. */
export const ReadVariableOp = defineOp<{ variable: Variable }>({
  name: 'ReadVariableOp',
  display: { api: 'tf.Variable.read_value', identity: true },
  infer: (_inputs, { variable }) => ({ shape: variable.value.shape, dtype: variable.value.dtype }),
  kernel: (_inputs, { variable }) => variable.value.data,
  vjp: (g) => [g],
  passesSparse: true,
});

/**
 * Checks each read before it happens: the interpreter throws its Unknown here for a variable that an unsupported
 * call may have changed (its value would be stale).
 */
export const variableReads: { check: ((v: Variable) => void) | undefined } = { check: undefined };

export function readVariable(v: Variable): Tensor {
  variableReads.check?.(v);
  variableAccessed(v);
  return apply(ReadVariableOp, [v.handle], { variable: v });
}
