/**
 * `keras.metrics`: streaming means in float32 as Keras 3 keeps them (`total += sum(values)`, `count += n`,
 * `result = total / count`); the accuracy metrics and the loss-like metrics are means of per-sample values.
 */
import { withoutRecording } from '../../autodiff/recorder';
import { equal, greater } from '../../ops/compare';
import { add, cast, divNoNan, mul } from '../../ops/math';
import { argMax, reduceMean, reduceSum } from '../../ops/reduce';
import { squeeze } from '../../ops/shape';
import { pyError, ValueError } from '../../python/exceptions';
import { def, nativeClass, nativeModule } from '../../python/native';
import { type CallContext, type PyClass, PyInstance, type PyModule, type PyValue } from '../../python/values';
import { Tensor } from '../../tensor/tensor';
import { wrapTensor } from '../boxes';
import { toTensor } from '../convert';
import { lossPerSample, sameRank } from './losses';
import { uniqueName } from './naming';

type MetricFn = (yTrue: Tensor, yPred: Tensor, a: Record<string, PyValue>) => Tensor;

const f32 = (v: number): Tensor => new Tensor('float32', [], Float32Array.of(v));

export class MeanState {
  total = f32(0);
  count = f32(0);
  constructor(
    public name: string,
    readonly fn: MetricFn | null,
    readonly args: Record<string, PyValue> = {},
  ) {}
  /** `Mean.update_state(values, sample_weight)`: per-sample means, then running sums. */
  update(values: Tensor, sampleWeight: Tensor | null): void {
    withoutRecording(() => {
      let v = values.dtype === 'float32' ? values : cast(values, 'float32');
      if (v.rank > 1)
        v = reduceMean(
          v,
          v.shape.slice(1).map((_, i) => i + 1),
        );
      let n: Tensor;
      if (sampleWeight) {
        let w = cast(sampleWeight, 'float32');
        [v, w] = sameRank(v, w);
        v = mul(v, w);
        n = reduceSum(w);
      } else n = f32(v.rank >= 1 ? v.shape[0] : 1);
      this.total = add(this.total, reduceSum(v));
      this.count = add(this.count, n);
    });
  }
  result(): Tensor {
    return withoutRecording(() => divNoNan(this.total, this.count));
  }
  reset(): void {
    this.total = f32(0);
    this.count = f32(0);
  }
}

const asFloat = (t: Tensor): Tensor => (t.dtype === 'float32' ? t : cast(t, 'float32'));

export const METRIC_FNS: Record<string, [string, MetricFn]> = {
  accuracy: [
    '',
    (t, p) => {
      const [a, b] = sameRank(t, p);
      return asFloat(equal(a, b.dtype === a.dtype ? b : cast(b, a.dtype)));
    },
  ],
  binary_accuracy: [
    'threshold=0.5',
    (t, p, a) => {
      const [yt, yp] = sameRank(t, p);
      const th = a.threshold === undefined || a.threshold === null ? 0.5 : Number(a.threshold);
      return reduceMean(asFloat(equal(yt, cast(greater(yp, th), yt.dtype))), -1);
    },
  ],
  categorical_accuracy: ['', (t, p) => asFloat(equal(argMax(t, -1), argMax(p, -1)))],
  sparse_categorical_accuracy: [
    '',
    (t, p) => {
      let yt = t;
      if (yt.rank === p.rank && yt.shape[yt.rank - 1] === 1) yt = squeeze(yt, -1);
      const pred = cast(argMax(p, -1), yt.dtype);
      return asFloat(equal(yt, pred));
    },
  ],
};

/** Metric classes: Python name, default metric name, per-sample function (null for `Mean`), extra parameters. */
const CLASSES: [string, string, string | null, string][] = [
  ['Mean', 'mean', null, ''],
  ['Accuracy', 'accuracy', 'accuracy', ''],
  ['BinaryAccuracy', 'binary_accuracy', 'binary_accuracy', 'threshold=0.5'],
  ['CategoricalAccuracy', 'categorical_accuracy', 'categorical_accuracy', ''],
  ['SparseCategoricalAccuracy', 'sparse_categorical_accuracy', 'sparse_categorical_accuracy', ''],
  ['MeanSquaredError', 'mean_squared_error', 'loss:mean_squared_error', ''],
  ['MeanAbsoluteError', 'mean_absolute_error', 'loss:mean_absolute_error', ''],
];

export const metricClasses = {} as Record<string, PyClass>;

function metricFn(key: string): MetricFn {
  if (key.startsWith('loss:')) return lossPerSample(key.slice(5));
  return METRIC_FNS[key][1];
}

/** A metric for `compile(metrics=[...])`: a name ('accuracy', 'mae', …), a class instance or a function. */
export function compileMetric(id: PyValue, yTrue: Tensor, yPred: Tensor, ctx: CallContext): PyInstance {
  if (id instanceof PyInstance && id.payload instanceof MeanState) return id;
  if (typeof id === 'string') {
    let key = id;
    if (id === 'accuracy' || id === 'acc') {
      const binary = yPred.shape[yPred.rank - 1] === 1;
      const sparse = yTrue.rank < yPred.rank || (yTrue.shape[yTrue.rank - 1] === 1 && !binary);
      key = binary ? 'binary_accuracy' : sparse ? 'sparse_categorical_accuracy' : 'categorical_accuracy';
    }
    const alias: Record<string, string> = { mae: 'loss:mean_absolute_error', mse: 'loss:mean_squared_error' };
    const fnKey = alias[key] ?? (key in METRIC_FNS ? key : `loss:${key}`);
    try {
      return new PyInstance(metricClasses.MeanMetricWrapper, new MeanState(id, metricFn(fnKey)));
    } catch {
      throw pyError(ValueError, `Could not interpret metric identifier: ${id}`);
    }
  }
  const name = ctx.getAttr(id, '__name__');
  return new PyInstance(
    metricClasses.MeanMetricWrapper,
    new MeanState(String(name), (t, p) => toTensor(ctx.call(id, [wrapTensor(t), wrapTensor(p)]))),
  );
}

export function metricsModule(): PyModule {
  const Metric = nativeClass({
    name: 'Metric',
    module: 'keras.src.metrics.metric',
    methods: {
      __init__: def('__init__(self, dtype=None, name=None)', ({ self, name }) => {
        (self as PyInstance).payload = new MeanState(name === null ? uniqueName('metric') : String(name), null);
        return null;
      }),
      update_state: def('update_state(self, y_true, y_pred=None, sample_weight=None)', (a) => {
        const st = (a.self as PyInstance).payload as MeanState;
        const sw = a.sample_weight === null ? null : toTensor(a.sample_weight);
        if (st.fn) {
          const yp = toTensor(a.y_pred);
          st.update(
            withoutRecording(() => st.fn!(toTensor(a.y_true), yp, st.args)),
            sw,
          );
        } else st.update(toTensor(a.y_true), sw);
        return null;
      }),
      result: def('result(self)', ({ self }) => wrapTensor(((self as PyInstance).payload as MeanState).result())),
      reset_state: def('reset_state(self)', ({ self }) => {
        ((self as PyInstance).payload as MeanState).reset();
        return null;
      }),
      __call__: def('__call__(self, *args, **kwargs)', (a, ctx) => {
        const self = a.self as PyInstance;
        ctx.call(ctx.getAttr(self, 'update_state'), [...(a.args as unknown as { items: PyValue[] }).items]);
        return ctx.call(ctx.getAttr(self, 'result'), []);
      }),
    },
    getters: { name: (s) => (s.payload as MeanState).name },
  });
  metricClasses.Metric = Metric;
  metricClasses.MeanMetricWrapper = nativeClass({
    name: 'MeanMetricWrapper',
    module: 'keras.src.metrics.reduction_metrics',
    bases: [Metric],
  });
  const attrs: Record<string, PyValue> = { Metric };
  for (const [cls, defName, fnKey, sig] of CLASSES) {
    const c = nativeClass({
      name: cls,
      module: 'keras.src.metrics',
      bases: [fnKey ? metricClasses.MeanMetricWrapper : Metric],
      methods: {
        __init__: def(`__init__(self, name="${defName}", dtype=None${sig ? `, ${sig}` : ''})`, (a) => {
          (a.self as PyInstance).payload = new MeanState(String(a.name), fnKey ? metricFn(fnKey) : null, a);
          return null;
        }),
      },
    });
    metricClasses[cls] = c;
    attrs[cls] = c;
  }
  for (const [name, [sig, fn]] of Object.entries(METRIC_FNS)) {
    attrs[name] = def(`${name}(y_true, y_pred${sig ? `, ${sig}` : ''})`, (a) =>
      wrapTensor(fn(toTensor(a.y_true), toTensor(a.y_pred), a)),
    );
  }
  return nativeModule('keras.metrics', attrs);
}
