import type { Data, DType } from './dtype';
import type { Shape } from './shape';

let nextId = 1;

/** An immutable tensor: dtype, shape and row-major data. Ops never mutate `data`, so tapes save tensors by reference. */
export class Tensor {
  readonly id: number = nextId++;
  /**
   * Scratch for the backward pass (`autodiff/backprop.ts`): the gradients waiting for this tensor, valid while
   * `pass` is the current pass's number. Keeps id-keyed Maps out of the hottest loop; not part of the value.
   */
  pending: unknown = undefined;
  pass = 0;
  /** The id of the first tape recording that knew this tensor (see `Recording.knows` in autodiff/tape.ts); 0: none. */
  knownBy = 0;
  constructor(
    readonly dtype: DType,
    readonly shape: Shape,
    readonly data: Data,
  ) {}
  get size(): number {
    return this.data.length;
  }
  get rank(): number {
    return this.shape.length;
  }
  /** The element at a flat index as a JS number (bool → 0/1). Strings are not numbers: use `data` directly. */
  num(i = 0): number {
    return (this.data as ArrayLike<number>)[i];
  }
}

/** A `tf.Variable`: a stable handle (the key gradients are taken against) and a current value that `assign` replaces. */
export class Variable {
  private static created = 0;
  /** Construction order; `watched_variables()` and `tf.Module` listings use it. */
  readonly order = Variable.created++;
  /** Stands for the resource handle: same shape and dtype, identity is what matters. */
  readonly handle: Tensor;
  constructor(
    public value: Tensor,
    readonly trainable: boolean,
    readonly name: string,
  ) {
    this.handle = new Tensor(value.dtype, value.shape, value.data);
  }
  get dtype(): DType {
    return this.value.dtype;
  }
  get shape(): Shape {
    return this.value.shape;
  }
}

export function isTensor(x: unknown): x is Tensor {
  return x instanceof Tensor;
}
