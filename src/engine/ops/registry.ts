import { opError } from '../errors';
import { chargeAllocation } from '../limits';
import { session } from '../session';
import { type Data, type DType, isNarrow, itemSize, kernelTypeName, narrowInPlace } from '../tensor/dtype';
import type { IndexedSlices } from '../tensor/indexedSlices';
import type { Shape } from '../tensor/shape';
import { sizeOf } from '../tensor/shape';
import { Tensor } from '../tensor/tensor';
import { apiName, type OpDisplay } from './display';
import { checkNarrow } from './narrowDTypes';

/** What a VJP sees of the recorded op: its inputs, its output and its attributes. */
export interface NodeView<A> {
  readonly inputs: readonly Tensor[];
  readonly output: Tensor;
  readonly attrs: A;
}

/** A gradient flowing backwards: dense, sparse (from gathers) or none. */
export type Grad = Tensor | IndexedSlices | null;

/**
 * One primitive: its shape/dtype rule, its kernel and its vector-Jacobian product.
 * `vjp` is written with engine ops (so nested tapes record it); it returns one gradient per input in the
 * *output's broadcast shape* — backprop un-broadcasts. `'none'` marks a TF NotDifferentiable op (gradients are None);
 * an op with no `vjp` at all raises TF's LookupError when a gradient must pass through it.
 */
export interface OpDef<A = Record<string, never>> {
  readonly name: string;
  infer(inputs: readonly Tensor[], attrs: A): { shape: Shape; dtype: DType };
  kernel(inputs: readonly Tensor[], attrs: A, shape: Shape, dtype: DType): Data;
  readonly vjp?: ((g: Tensor, node: NodeView<A>, skip?: number) => Grad[]) | 'none';
  /**
   * The VJP reads its `skip` argument: bit i set means no gradient is wanted for input i (it is neither a source of
   * the gradient call nor produced by a recorded op, so backprop would drop it — TF's `skip_input_indices`), and the
   * VJP may return null there instead of computing it. Only ops whose skipped work is expensive opt in.
   */
  readonly vjpSkips?: boolean;
  /**
   * Work of running this op's VJP once, in element operations, when it is far more than the elements it touches
   * (a matmul: m·n·k). The report's chain-rule explanation budgets its recomputation with it.
   */
  vjpCost?(node: NodeView<A>): number;
  /** The op is an identity for gradients, so sparse (IndexedSlices) gradients pass through it unchanged. */
  readonly passesSparse?: boolean;
  /** How the op reads to a person: its TensorFlow function, formula and local derivative (see `display.ts`). */
  readonly display?: OpDisplay;
}

const registry = new Map<string, OpDef<any>>();

/** The attributes of an op that has none: one shared frozen object instead of a `{}` per call (tapes keep them). */
export const NO_ATTRS: Record<string, never> = Object.freeze({}) as Record<string, never>;

export function defineOp<A = Record<string, never>>(def: OpDef<A>): OpDef<A> {
  if (registry.has(def.name)) throw new Error(`op ${def.name} registered twice`);
  registry.set(def.name, def);
  return def;
}

export function registeredOps(): OpDef<any>[] {
  return [...registry.values()];
}

/** The name an op is shown by (`reduce_sum` for `Sum`): its TensorFlow function, else its op type. */
export function opName(op: Pick<OpDef<any>, 'name' | 'display'>): string {
  return op.display ? apiName(op.display) : op.name;
}

/** Run a primitive: infer, check the budget, compute, then offer the node to every active tape and accumulator. */
export function apply<A>(op: OpDef<A>, inputs: readonly Tensor[], attrs: A): Tensor {
  // float16 and the 8/16-bit ints: TF's kernel list, then whether the engine computes the op for them.
  const first = inputs.length > 0 && isNarrow(inputs[0].dtype);
  if (first) checkNarrow(op.name, opName(op), inputs[0].dtype, true, attrs);
  const { shape, dtype } = op.infer(inputs, attrs);
  if (!first) {
    if (isNarrow(dtype)) checkNarrow(op.name, opName(op), dtype, true, attrs);
    else for (const t of inputs) if (isNarrow(t.dtype)) checkNarrow(op.name, opName(op), t.dtype, false);
  }
  const n = sizeOf(shape);
  chargeAllocation(n, dtype === 'string' ? 16 : itemSize(dtype), op.name);
  let data = op.kernel(inputs, attrs, shape, dtype);
  if (isNarrow(dtype)) data = narrowed(dtype, data, inputs);
  const out = new Tensor(dtype, shape, data);
  if (session.recording) session.record(op, inputs, out, attrs);
  return out;
}

/** A narrow dtype's result rounded or wrapped to it; an input's own storage is copied first, never changed. */
function narrowed(dtype: DType, data: Data, inputs: readonly Tensor[]): Data {
  for (const t of inputs) {
    if (t.data === data) {
      if (t.dtype === dtype) return data;
      data = data.slice() as Data;
      break;
    }
  }
  narrowInPlace(dtype, data);
  return data;
}

/** Check that every input has the same dtype, with TF's error text. */
export function sameDType(op: string, inputs: readonly Tensor[]): DType {
  const d = inputs[0].dtype;
  for (let i = 1; i < inputs.length; i++) {
    if (inputs[i].dtype !== d) {
      // Raised by the eager executor before any kernel runs: TF's text ends with the (empty) op name.
      throw opError(
        op,
        `cannot compute ${op} as input #${i}(zero-based) was expected to be a ${kernelTypeName(d)} tensor but is a ${kernelTypeName(inputs[i].dtype)} tensor`,
        'InvalidArgumentError',
        '',
      );
    }
  }
  return d;
}
