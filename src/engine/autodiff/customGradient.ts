import { EngineError } from '../errors';
import { apply, defineOp, type Grad } from '../ops/registry';
import type { Tensor } from '../tensor/tensor';

export type GradFn = (upstream: Tensor) => readonly (Tensor | null)[];

interface CustomAttrs {
  gradFn: GradFn;
  nInputs: number;
}

/**
 * `tf.custom_gradient` in eager mode records one op whose inputs are the function's arguments (plus captured
 * variable handles) and whose output is an identity of `f`'s result; the only way back to the inputs is `gradFn`.
 * The result itself is also an input (so the identity has data) but gets no gradient, which cuts the path
 * through the ops `f` ran.
 */
export const CustomGradient = defineOp<CustomAttrs>({
  name: 'CustomGradient',
  display: { api: 'tf.custom_gradient' },
  infer: (inputs) => {
    const y = inputs[inputs.length - 1];
    return { shape: y.shape, dtype: y.dtype };
  },
  kernel: (inputs) => inputs[inputs.length - 1].data,
  vjp: (g, { attrs: { gradFn, nInputs } }) => {
    const gs = gradFn(g);
    if (gs.length !== nInputs) {
      throw new EngineError(
        'ValueError',
        `('custom_gradient function expected to return', ${nInputs}, 'gradients but returned', ${gs.length}, 'instead.')`,
      );
    }
    return [...gs, null] as Grad[];
  },
});

/** Record `y` as the output of a custom-gradient op over `inputs`. */
export function recordCustomGradient(inputs: readonly Tensor[], y: Tensor, gradFn: GradFn): Tensor {
  return apply(CustomGradient, [...inputs, y], { gradFn, nInputs: inputs.length });
}
