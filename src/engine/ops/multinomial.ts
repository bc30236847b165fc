/**
 * `tf.random.categorical` (TF's `Multinomial` op) on CPU, draw for draw: per row, the unnormalised CDF of
 * `exp(logit - max)` in float64 over the finite logits, and per sample `upper_bound(cdf, u · total)` with `u` from
 * `SimplePhilox::RandDouble` (two words of one Philox stream that runs on through the rows). The op reserves
 * `batch · ceil4(num_samples) · 2 · 256` blocks of its cached generator per call, as the kernel does.
 */

import { opError } from '../errors';
import { SingleSample, uint64ToDouble } from '../kernels/random';
import { chargeWork } from '../limits';
import { allocate, type DType, isFloat } from '../tensor/dtype';
import { shapeText } from '../tensor/shape';
import type { Tensor } from '../tensor/tensor';
import { type TensorLike, toTensor } from './convert';
import { getSeed, markUnseeded, reserve } from './random';
import { apply, defineOp } from './registry';

interface MultinomialAttrs {
  numSamples: number;
  dtype: DType;
  seed: number;
  seed2: number;
}

export const Multinomial = defineOp<MultinomialAttrs>({
  name: 'Multinomial',
  display: { api: 'tf.random.categorical' },
  infer: ([logits], { numSamples, dtype }) => {
    if (logits.rank !== 2) {
      throw opError('Multinomial', `logits should be a matrix, got shape ${shapeText(logits.shape)}`);
    }
    if (!isFloat(logits.dtype)) throw opError('Multinomial', `logits must be a float tensor, got ${logits.dtype}`);
    if (numSamples < 0) throw opError('Multinomial', `num_samples should be non-negative, got ${numSamples}`);
    if (logits.shape[1] <= 0) {
      throw opError('Multinomial', `num_classes should be positive, got ${logits.shape[1]}`);
    }
    return { shape: [logits.shape[0], numSamples], dtype };
  },
  kernel: ([logits], { numSamples, seed, seed2 }, _shape, dtype) => {
    const [batch, classes] = logits.shape;
    const out = allocate(dtype, batch * numSamples) as Int32Array | Float64Array;
    if (out.length === 0) return out;
    chargeWork(batch * (classes + numSamples * 8));
    const ceil4 = Math.floor((numSamples + 3) / 4) * 4 * 2;
    const gen = reserve(`Multinomial:${logits.dtype}`, dtype, seed, seed2, batch * ceil4 * 256);
    const words = new SingleSample(gen);
    const cdf = new Float64Array(classes);
    for (let b = 0; b < batch; b++) {
      let max = Number.NEGATIVE_INFINITY;
      for (let j = 0; j < classes; j++) {
        const v = logits.num(b * classes + j);
        if (Number.isFinite(v) && v > max) max = v;
      }
      if (max === Number.NEGATIVE_INFINITY) max = -Number.MAX_VALUE;
      let total = 0;
      for (let j = 0; j < classes; j++) {
        const v = logits.num(b * classes + j);
        if (Number.isFinite(v)) total += Math.exp(v - max);
        cdf[j] = total;
      }
      for (let s = 0; s < numSamples; s++) {
        const x0 = words.next();
        const x1 = words.next();
        const find = uint64ToDouble(x0, x1) * total;
        // upper_bound: the first class whose running total exceeds `find`.
        let lo = 0;
        let hi = classes;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (cdf[mid] > find) hi = mid;
          else lo = mid + 1;
        }
        out[b * numSamples + s] = lo;
      }
    }
    return out;
  },
  vjp: 'none',
});

/** `tf.random.categorical(logits, num_samples, dtype=None, seed=None)`. */
export function categorical(
  logits: TensorLike,
  numSamples: number,
  dtype: DType = 'int64',
  seed?: number | bigint | null,
): Tensor {
  const l = toTensor(logits);
  const [s, s2] = getSeed(seed);
  const r = apply(Multinomial, [l], { numSamples, dtype, seed: s, seed2: s2 });
  return s === 0 && s2 === 0 ? markUnseeded(r) : r;
}
