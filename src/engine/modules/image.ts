/**
 * `tf.image.adjust_contrast`: the op guide/autodiff uses to show an op without a registered gradient
 * (`LookupError: gradient registry has no entry for: AdjustContrastv2`). Other `tf.image` names stay unsupported.
 */
import { opError } from '../errors';
import { apply, defineOp } from '../ops/registry';
import { def, nativeModule } from '../python/native';
import type { PyModule } from '../python/values';
import { allocate, isFloat } from '../tensor/dtype';
import { shapeTuple } from '../tensor/shape';
import type { Tensor } from '../tensor/tensor';
import { wrapTensor } from './boxes';
import { toTensor } from './convert';

/** `AdjustContrastv2(images, contrast_factor)`: per image and channel, `(x - mean) * factor + mean`. No gradient. */
const AdjustContrastv2 = defineOp({
  name: 'AdjustContrastv2',
  display: { api: 'tf.image.adjust_contrast' },
  infer: ([images, factor]) => {
    if (images.rank < 3) {
      throw opError('AdjustContrastv2', `input must be at least 3-D, got shape${shapeTuple(images.shape)}`);
    }
    if (factor.rank !== 0) {
      throw opError('AdjustContrastv2', `contrast_factor must be scalar: ${shapeTuple(factor.shape)}`);
    }
    if (!isFloat(images.dtype)) {
      throw opError('AdjustContrastv2', `images must be a float tensor, got ${images.dtype}`);
    }
    return { shape: images.shape, dtype: images.dtype };
  },
  kernel: ([images, factor], _attrs, shape, dtype) => {
    const r = shape.length;
    const h = shape[r - 3];
    const w = shape[r - 2];
    const c = shape[r - 1];
    const batch = images.size / (h * w * c || 1);
    const f = factor.num(0);
    const out = allocate(dtype, images.size) as Float32Array | Float64Array;
    const x = images.data as ArrayLike<number>;
    const mean = new Float64Array(c);
    for (let b = 0; b < batch; b++) {
      const base = b * h * w * c;
      mean.fill(0);
      for (let p = 0; p < h * w; p++) for (let k = 0; k < c; k++) mean[k] += x[base + p * c + k];
      for (let k = 0; k < c; k++) mean[k] /= h * w;
      for (let p = 0; p < h * w; p++) {
        for (let k = 0; k < c; k++) {
          const i = base + p * c + k;
          out[i] = (x[i] - mean[k]) * f + mean[k];
        }
      }
    }
    return out;
  },
});

export function imageModule(): PyModule {
  return nativeModule('tensorflow.image', {
    adjust_contrast: def('adjust_contrast(images, contrast_factor)', (a) => {
      const images: Tensor = toTensor(a.images);
      return wrapTensor(apply(AdjustContrastv2, [images, toTensor(a.contrast_factor, images.dtype)], {}));
    }),
  });
}
