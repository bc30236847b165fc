import type { Shape } from './shape';
import type { Tensor } from './tensor';

/** `tf.IndexedSlices`: the sparse gradient of a gather. Rows `values[i]` belong at `indices[i]` of a `denseShape` tensor. */
export class IndexedSlices {
  constructor(
    readonly values: Tensor,
    readonly indices: Tensor,
    readonly denseShape: Shape,
  ) {}
  get dtype() {
    return this.values.dtype;
  }
}
