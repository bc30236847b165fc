/**
 * `keras.losses`: per-sample loss functions (`mean_squared_error(y_true, y_pred)` → one value per sample) and the
 * loss classes that reduce them (`sum_over_batch_size`: `sum / number of values`, Keras 3's `reduce_values`).
 * Cross-entropies on the output of Keras's own sigmoid/softmax use its logits, as Keras does.
 */

import { clipByValue } from '../../ops/clip';
import { lessEqual, where } from '../../ops/compare';
import {
  sigmoidCrossEntropyWithLogits,
  softmaxCrossEntropyWithLogits,
  sparseSoftmaxCrossEntropyWithLogits,
} from '../../ops/losses';
import { add, cast, divNoNan, mul, neg, realdiv, sub } from '../../ops/math';
import { reduceMean, reduceSum } from '../../ops/reduce';
import { expandDims, squeeze } from '../../ops/shape';
import { abs, log, square } from '../../ops/unary';
import { NotImplementedError, pyError, ValueError } from '../../python/exceptions';
import { def, nativeClass, nativeModule } from '../../python/native';
import { type CallContext, type PyClass, PyInstance, type PyModule, type PyValue } from '../../python/values';
import type { Tensor } from '../../tensor/tensor';
import { Tensor as TensorClass } from '../../tensor/tensor';
import { wrapTensor } from '../boxes';
import { toTensor } from '../convert';
import { kerasLogits } from './activations';
import { uniqueName } from './naming';

const EPSILON = 1e-7;
type LossFn = (yTrue: Tensor, yPred: Tensor, a: Record<string, PyValue>) => Tensor;

/** Keras's `squeeze_or_expand_to_same_rank(x1, x2)`. */
export function sameRank(x1: Tensor, x2: Tensor): [Tensor, Tensor] {
  if (x1.rank === x2.rank) return [x1, x2];
  if (x1.rank === x2.rank + 1 && x1.shape[x1.rank - 1] === 1) {
    return x2.rank === 1 ? [x1, expandDims(x2, -1)] : [squeeze(x1, -1), x2];
  }
  if (x2.rank === x1.rank + 1 && x2.shape[x2.rank - 1] === 1) {
    return x1.rank === 1 ? [expandDims(x1, -1), x2] : [x1, squeeze(x2, -1)];
  }
  return [x1, x2];
}

function logitsOf(y: Tensor, kind: 'Sigmoid' | 'Softmax'): Tensor | undefined {
  const l = kerasLogits.get(y);
  return l && l.kind === kind ? l.logits : undefined;
}

const prepare = (yTrue: Tensor, yPred: Tensor): [Tensor, Tensor] =>
  sameRank(yTrue.dtype === yPred.dtype ? yTrue : cast(yTrue, yPred.dtype), yPred);

/** `ops.binary_crossentropy` elementwise. */
function binaryCrossentropy(target: Tensor, output: Tensor, fromLogits: boolean): Tensor {
  const logits = logitsOf(output, 'Sigmoid');
  if (logits || fromLogits) return sigmoidCrossEntropyWithLogits(target, logits ?? output);
  const o = clipByValue(output, EPSILON, 1 - EPSILON);
  const bce = add(mul(target, log(o)), mul(sub(1, target), log(sub(1, o))));
  return neg(bce);
}

function categoricalCrossentropy(target: Tensor, output: Tensor, fromLogits: boolean, axis: number): Tensor {
  const logits = logitsOf(output, 'Softmax');
  if (logits || fromLogits) return softmaxCrossEntropyWithLogits(target, logits ?? output, axis);
  const norm = realdiv(output, reduceSum(output, axis, true));
  const o = clipByValue(norm, EPSILON, 1 - EPSILON);
  return neg(reduceSum(mul(target, log(o)), axis));
}

function sparseCategoricalCrossentropy(target: Tensor, output: Tensor, fromLogits: boolean): Tensor {
  const logits = logitsOf(output, 'Softmax');
  let t = cast(target, 'int64');
  if (t.rank === output.rank && t.shape[t.rank - 1] === 1) t = squeeze(t, -1);
  if (t.rank !== output.rank - 1) {
    throw pyError(
      ValueError,
      `Argument \`output\` must have rank (ndim) \`target.ndim - 1\`. Received: target.shape=${shp(target)}, output.shape=${shp(output)}`,
    );
  }
  const l = logits ?? (fromLogits ? output : log(clipByValue(output, EPSILON, 1 - EPSILON)));
  return sparseSoftmaxCrossEntropyWithLogits(t, l);
}

const shp = (t: Tensor): string => `(${t.shape.join(', ')}${t.rank === 1 ? ',' : ''})`;

const num = (v: PyValue, d: number): number => (v === null || v === undefined ? d : Number(v));

/** The per-sample functions: name, signature after (y_true, y_pred), implementation. */
const FUNCTIONS: Record<string, [string, LossFn]> = {
  mean_squared_error: [
    '',
    (t, p) => {
      const [a, b] = prepare(t, p);
      return reduceMean(square(sub(a, b)), -1);
    },
  ],
  mean_absolute_error: [
    '',
    (t, p) => {
      const [a, b] = prepare(t, p);
      return reduceMean(abs(sub(a, b)), -1);
    },
  ],
  huber: [
    'delta=1.0',
    (t, p, a) => {
      const [yt, yp] = prepare(t, p);
      const delta = num(a.delta, 1);
      const error = sub(yp, yt);
      const absError = abs(error);
      const half = 0.5;
      return reduceMean(
        where(
          lessEqual(absError, delta),
          mul(half, square(error)),
          sub(mul(delta, absError), mul(half, delta * delta)),
        ),
        -1,
      );
    },
  ],
  binary_crossentropy: [
    'from_logits=False, label_smoothing=0.0, axis=-1',
    (t, p, a) => {
      let yt = t.dtype === p.dtype ? t : cast(t, p.dtype);
      const ls = num(a.label_smoothing, 0);
      if (ls) yt = add(mul(yt, 1 - ls), 0.5 * ls);
      return reduceMean(binaryCrossentropy(yt, p, a.from_logits === true), num(a.axis, -1));
    },
  ],
  categorical_crossentropy: [
    'from_logits=False, label_smoothing=0.0, axis=-1',
    (t, p, a) => {
      let yt = t.dtype === p.dtype ? t : cast(t, p.dtype);
      const ls = num(a.label_smoothing, 0);
      if (ls) yt = add(mul(yt, 1 - ls), ls / yt.shape[yt.rank - 1]);
      return categoricalCrossentropy(yt, p, a.from_logits === true, num(a.axis, -1));
    },
  ],
  sparse_categorical_crossentropy: [
    'from_logits=False, ignore_class=None, axis=-1',
    (t, p, a) => sparseCategoricalCrossentropy(t, p, a.from_logits === true),
  ],
};

const ALIASES: Record<string, string> = {
  mse: 'mean_squared_error',
  MSE: 'mean_squared_error',
  mae: 'mean_absolute_error',
  MAE: 'mean_absolute_error',
  huber_loss: 'huber',
};

const REDUCTIONS = ['sum_over_batch_size', 'sum', 'none', 'mean', 'mean_with_sample_weight'];

/** `reduce_weighted_values`: optional sample weights, then the reduction. */
export function reduceLoss(values: Tensor, reduction: string | null, sampleWeight: Tensor | null): Tensor {
  let v = values;
  if (sampleWeight) {
    const [a, b] = sameRank(v, cast(sampleWeight, v.dtype));
    v = mul(a, b);
  }
  if (reduction === null || reduction === 'none' || v.rank === 0 || (v.rank === 1 && v.shape[0] === 0)) return v;
  const total = reduceSum(v);
  if (reduction === 'sum') return total;
  const divisor =
    reduction === 'mean_with_sample_weight' && sampleWeight ? reduceSum(cast(sampleWeight, v.dtype)) : v.size;
  return divNoNan(
    total,
    typeof divisor === 'number' ? new TensorClass(v.dtype, [], Float32Array.of(divisor)) : divisor,
  );
}

interface LossState {
  name: string;
  reduction: string | null;
  fn: LossFn | null;
  args: Record<string, PyValue>;
}

/** The per-sample function of a loss by name (for the loss-like metrics). */
export function lossPerSample(name: string): LossFn {
  const f = FUNCTIONS[name];
  if (!f) throw pyError(ValueError, `Could not interpret metric identifier: ${name}`);
  return f[1];
}

const lossFunctions = new Map<string, PyValue>();
export const lossClasses = {} as Record<string, PyClass>;

/** A per-sample loss function as a Python function. */
function lossFunction(name: string): PyValue {
  let f = lossFunctions.get(name);
  if (!f) {
    const [sig, impl] = FUNCTIONS[name];
    f = def(`${name}(y_true, y_pred${sig ? `, ${sig}` : ''})`, (a) => {
      const yp = toTensor(a.y_pred);
      return wrapTensor(
        impl(toTensor(a.y_true), yp.dtype === 'float64' || yp.dtype === 'float32' ? yp : cast(yp, 'float32'), a),
      );
    });
    lossFunctions.set(name, f);
  }
  return f;
}

/** Computes a reduced loss from any loss object or function, as `compile` uses it. */
export function computeLoss(loss: PyValue, yTrue: PyValue, yPred: PyValue, ctx: CallContext): Tensor {
  return toTensor(ctx.call(loss, [yTrue, yPred]));
}

/** `losses.get(identifier)` for `compile(loss=...)`: names become the loss function wrapped with the default reduction. */
export function getLoss(id: PyValue, ctx: CallContext): PyValue {
  if (typeof id === 'string') {
    const name = ALIASES[id] ?? id;
    const cls = Object.values(lossClasses).find((c) => c.name === id);
    if (cls) return ctx.call(cls, []);
    if (!(name in FUNCTIONS)) throw pyError(ValueError, `Could not interpret loss identifier: ${id}`);
    return wrapperOf(name);
  }
  return id;
}

/** `LossFunctionWrapper(fn)` with the default reduction, for a loss given by name. */
function wrapperOf(fnName: string): PyInstance {
  return new PyInstance(lossClasses.LossFunctionWrapper, {
    name: fnName,
    reduction: 'sum_over_batch_size',
    fn: FUNCTIONS[fnName][1],
    args: {},
  } satisfies LossState);
}

export function lossesModule(): PyModule {
  const Loss = nativeClass({
    name: 'Loss',
    module: 'keras.src.losses.loss',
    methods: {
      __init__: def('__init__(self, name=None, reduction="sum_over_batch_size", dtype=None)', (a) => {
        const self = a.self as PyInstance;
        if (a.reduction !== null && !REDUCTIONS.includes(String(a.reduction))) {
          throw pyError(
            ValueError,
            `Invalid value for argument \`reduction\`. Expected one of {'sum', 'sum_over_batch_size', 'mean_with_sample_weight', 'none', None, 'mean'}. Received: reduction=${String(a.reduction)}`,
          );
        }
        self.payload = {
          name: a.name === null ? uniqueName(snake(self.cls.name)) : String(a.name),
          reduction: a.reduction === null ? null : String(a.reduction),
          fn: null,
          args: {},
        } satisfies LossState;
        return null;
      }),
      __call__: def('__call__(self, y_true, y_pred, sample_weight=None)', (a, ctx) => {
        const self = a.self as PyInstance;
        const st = self.payload as LossState;
        const yp = toFloat(toTensor(a.y_pred));
        const yt = toFloat(toTensor(a.y_true));
        let values: Tensor;
        if (st.fn && self.cls.lookup('call') === Loss.dict.get('call')) {
          const [t, p] = sameRank(yt, yp);
          values = st.fn(t, p, st.args);
        } else values = toTensor(ctx.call(ctx.getAttr(self, 'call'), [wrapTensor(yt), wrapTensor(yp)]));
        return wrapTensor(
          reduceLoss(values, st.reduction, a.sample_weight === null ? null : toTensor(a.sample_weight)),
        );
      }),
      call: def('call(self, y_true, y_pred)', (a) => {
        const st = (a.self as PyInstance).payload as LossState;
        if (!st.fn) throw pyError(NotImplementedError, '');
        return wrapTensor(st.fn(toTensor(a.y_true), toTensor(a.y_pred), st.args));
      }),
    },
    getters: {
      name: (s) => (s.payload as LossState).name,
      reduction: (s) => (s.payload as LossState).reduction,
    },
  });
  lossClasses.Loss = Loss;
  lossClasses.LossFunctionWrapper = nativeClass({
    name: 'LossFunctionWrapper',
    module: 'keras.src.losses.losses',
    bases: [Loss],
  });
  const classTable: [string, string, string, string][] = [
    ['MeanSquaredError', 'mean_squared_error', 'mean_squared_error', ''],
    ['MeanAbsoluteError', 'mean_absolute_error', 'mean_absolute_error', ''],
    ['Huber', 'huber', 'huber_loss', 'delta=1.0'],
    [
      'BinaryCrossentropy',
      'binary_crossentropy',
      'binary_crossentropy',
      'from_logits=False, label_smoothing=0.0, axis=-1',
    ],
    [
      'CategoricalCrossentropy',
      'categorical_crossentropy',
      'categorical_crossentropy',
      'from_logits=False, label_smoothing=0.0, axis=-1',
    ],
    [
      'SparseCategoricalCrossentropy',
      'sparse_categorical_crossentropy',
      'sparse_categorical_crossentropy',
      'from_logits=False, ignore_class=None',
    ],
  ];
  const attrs: Record<string, PyValue> = { Loss };
  for (const [cls, fn, defName, sig] of classTable) {
    const c = nativeClass({
      name: cls,
      module: 'keras.src.losses.losses',
      bases: [lossClasses.LossFunctionWrapper],
      methods: {
        __init__: def(
          `__init__(self${sig ? `, ${sig}` : ''}, reduction="sum_over_batch_size", name="${defName}", dtype=None)`,
          (a) => {
            const self = a.self as PyInstance;
            if (a.reduction !== null && !REDUCTIONS.includes(String(a.reduction))) {
              throw pyError(
                ValueError,
                `Invalid value for argument \`reduction\`. Expected one of {'sum', 'sum_over_batch_size', 'mean_with_sample_weight', 'none', None, 'mean'}. Received: reduction=${String(a.reduction)}`,
              );
            }
            self.payload = {
              name: String(a.name),
              reduction: a.reduction === null ? null : String(a.reduction),
              fn: FUNCTIONS[fn][1],
              args: a,
            } satisfies LossState;
            return null;
          },
        ),
      },
    });
    lossClasses[cls] = c;
    attrs[cls] = c;
  }
  for (const name of Object.keys(FUNCTIONS)) attrs[name] = lossFunction(name);
  for (const [alias, name] of Object.entries(ALIASES)) attrs[alias] = lossFunction(name);
  attrs.get = def('get(identifier)', ({ identifier }, ctx) => getLoss(identifier, ctx));
  return nativeModule('keras.losses', attrs);
}

const toFloat = (t: Tensor): Tensor => (t.dtype === 'float32' ? t : cast(t, 'float32'));
const snake = (n: string): string => n.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
