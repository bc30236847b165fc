import { readVariable } from '../autodiff/variables';
import type { Nested } from '../tensor/convert';
import type { DType } from '../tensor/dtype';
import { Tensor, Variable } from '../tensor/tensor';
import { packNested } from './pack';

/** What an op accepts: a tensor, a variable (read, and so auto-watched) or a nested JS value. */
export type TensorLike = Tensor | Variable | Nested;

/** `convert_to_tensor`: variables are read (notifying tapes), JS values become constants. */
export function toTensor(x: TensorLike, dtype?: DType): Tensor {
  if (x instanceof Tensor) return x;
  if (x instanceof Variable) return readVariable(x);
  return packNested(x, dtype);
}

/**
 * Operands of a binary op: a JS operand takes the dtype of the tensor operand (`x * 2` stays float32),
 * tensors keep theirs (mixing float32 and float64 tensors is the op's InvalidArgumentError).
 */
export function binaryOperands(a: TensorLike, b: TensorLike): [Tensor, Tensor] {
  const aIs = a instanceof Tensor || a instanceof Variable;
  const bIs = b instanceof Tensor || b instanceof Variable;
  if (aIs && !bIs) {
    const ta = toTensor(a);
    return [ta, toTensor(b, ta.dtype)];
  }
  if (bIs && !aIs) {
    const tb = toTensor(b);
    return [toTensor(a, tb.dtype), tb];
  }
  return [toTensor(a), toTensor(b)];
}
