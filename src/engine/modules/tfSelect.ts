/**
 * `tf.boolean_mask`, `tf.strided_slice` (with its bit masks), `tf.math.confusion_matrix` and
 * `tf.random.categorical`: compositions of engine ops (a mask is a `gather` of the kept rows, so gradients flow).
 */

import { EngineError } from '../errors';
import { reshape } from '../ops/array';
import { gather } from '../ops/gather';
import { cast } from '../ops/math';
import { categorical } from '../ops/multinomial';
import { type SliceItem, stridedSlice } from '../ops/slice';
import { def } from '../python/native';
import type { PyValue } from '../python/values';
import { Tensor } from '../tensor/tensor';
import { wrapTensor } from './boxes';
import { dtypeArg, intArg, shapeArg, toTensor } from './convert';

/** `tf.boolean_mask(tensor, mask, axis=0)`: the mask's dimensions (from `axis`) flattened, then the true rows kept. */
export function booleanMask(t: Tensor, mask: Tensor, axis = 0): Tensor {
  const k = mask.rank;
  if (k === 0) throw new EngineError('ValueError', 'mask cannot be scalar.');
  const a = axis < 0 ? axis + t.rank : axis;
  if (a + k > t.rank) {
    throw new EngineError(
      'ValueError',
      `Shapes (${t.shape.join(', ')}) and (${mask.shape.join(', ')}) are incompatible`,
    );
  }
  for (let i = 0; i < k; i++) {
    if (t.shape[a + i] !== mask.shape[i]) {
      throw new EngineError(
        'ValueError',
        `Shapes (${t.shape.slice(a, a + k).join(', ')}${k === 1 ? ',' : ''}) and (${mask.shape.join(', ')}${k === 1 ? ',' : ''}) are incompatible`,
      );
    }
  }
  const lead = t.shape.slice(0, a);
  const inner = t.shape.slice(a, a + k).reduce((x, y) => x * y, 1);
  const flat = reshape(t, [...lead, inner, ...t.shape.slice(a + k)]);
  const keep: number[] = [];
  for (let i = 0; i < mask.size; i++) if (mask.num(i) !== 0) keep.push(i);
  return gather(flat, new Tensor('int64', [keep.length], Float64Array.from(keep)), a);
}

const bits = (v: PyValue) => intArg(v, 'mask');
const ints = (v: PyValue): number[] => shapeArg(v);

/** `tf.strided_slice`'s begin/end/strides and bit masks as subscript items. */
function stridedItems(a: Record<string, PyValue>): SliceItem[] {
  const begin = ints(a.begin);
  const end = ints(a.end);
  const strides = a.strides === null ? begin.map(() => 1) : ints(a.strides);
  const [bm, em, elm, nm, sm] = [a.begin_mask, a.end_mask, a.ellipsis_mask, a.new_axis_mask, a.shrink_axis_mask].map(
    bits,
  );
  return begin.map((b, i): SliceItem => {
    const bit = 1 << i;
    if (elm & bit) return { kind: 'ellipsis' };
    if (nm & bit) return { kind: 'newaxis' };
    if (sm & bit) return { kind: 'index', i: b };
    return { kind: 'slice', start: bm & bit ? null : b, stop: em & bit ? null : end[i], step: strides[i] };
  });
}

/** `tf.math.confusion_matrix(labels, predictions, num_classes=None, weights=None, dtype=tf.int32)`. */
function confusionMatrix(
  labels: Tensor,
  predictions: Tensor,
  numClasses: number | null,
  weights: Tensor | null,
  dtype: Tensor['dtype'],
): Tensor {
  if (labels.size !== predictions.size) {
    throw new EngineError('ValueError', `Dimensions ${labels.size} and ${predictions.size} are not compatible`);
  }
  let n = numClasses ?? 0;
  for (let i = 0; i < labels.size; i++) {
    const l = labels.num(i);
    const p = predictions.num(i);
    if (l < 0 || p < 0) throw new EngineError('InvalidArgumentError', '`labels` contains negative values.');
    if (numClasses === null) n = Math.max(n, l + 1, p + 1);
    else if (l >= numClasses) throw new EngineError('InvalidArgumentError', '`labels` out of bound');
    else if (p >= numClasses) throw new EngineError('InvalidArgumentError', '`predictions` out of bound');
  }
  const out = new Float64Array(n * n);
  for (let i = 0; i < labels.size; i++) out[labels.num(i) * n + predictions.num(i)] += weights ? weights.num(i) : 1;
  return cast(new Tensor('float64', [n, n], out), dtype);
}

export function selectFunctions(): {
  top: Record<string, PyValue>;
  math: Record<string, PyValue>;
  random: Record<string, PyValue>;
} {
  const T = (v: PyValue) => toTensor(v);
  const confusion = def(
    'confusion_matrix(labels, predictions, num_classes=None, weights=None, dtype=None, name=None)',
    (a) =>
      wrapTensor(
        confusionMatrix(
          T(a.labels),
          T(a.predictions),
          a.num_classes === null ? null : intArg(a.num_classes),
          a.weights === null ? null : T(a.weights),
          dtypeArg(a.dtype) ?? 'int32',
        ),
      ),
  );
  return {
    top: {
      boolean_mask: def('boolean_mask(tensor, mask, axis=None, name=None)', (a) =>
        wrapTensor(booleanMask(T(a.tensor), toTensor(a.mask, 'bool'), a.axis === null ? 0 : intArg(a.axis))),
      ),
      strided_slice: def(
        'strided_slice(input_, begin, end, strides=None, begin_mask=0, end_mask=0, ellipsis_mask=0, new_axis_mask=0, shrink_axis_mask=0, var=None, name=None)',
        (a) => wrapTensor(stridedSlice(T(a.input_), stridedItems(a))),
      ),
    },
    math: { confusion_matrix: confusion },
    random: {
      categorical: def('categorical(logits, num_samples, dtype=None, seed=None, name=None)', (a) =>
        wrapTensor(
          categorical(
            T(a.logits),
            intArg(a.num_samples),
            dtypeArg(a.dtype) ?? 'int64',
            a.seed === null ? null : BigInt(intArg(a.seed)),
          ),
        ),
      ),
    },
  };
}
