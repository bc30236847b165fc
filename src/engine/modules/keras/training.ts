/**
 * `model.compile / fit / evaluate / predict` on in-memory arrays and tensors, as Keras 3's TensorFlow trainer runs
 * them: per batch, a GradientTape around `model(x, training=True)` and the compiled loss, gradients for
 * `trainable_weights`, `optimizer.apply_gradients`; the epoch's `loss` is the batch-size-weighted running mean of the
 * batch losses and each metric a running mean over samples (float32, as Keras keeps them).
 */
import { gradient } from '../../autodiff/gradient';
import { withoutRecording } from '../../autodiff/recorder';
import { GradientTape } from '../../autodiff/tape';
import { concat } from '../../ops/array';
import { range } from '../../ops/create';
import { gather } from '../../ops/gather';
import { freshShufflePermutation } from '../../ops/random';
import { getBuiltins } from '../../python/builtins';
import { dictSet } from '../../python/dict';
import { pyError, ValueError } from '../../python/exceptions';
import { def, nativeClass, nativeModule } from '../../python/native';
import {
  type CallContext,
  type PyClass,
  PyDict,
  PyInstance,
  PyList,
  type PyModule,
  type PyNativeFunction,
  PyTuple,
  PyUnknown,
  type PyValue,
  ShapedUnknown,
} from '../../python/values';
import { session } from '../../session';
import { type Tensor, Tensor as TensorClass, type Variable } from '../../tensor/tensor';
import { wrapSlices, wrapTensor } from '../boxes';
import { toTensor } from '../convert';
import { isDataset, pipelineOf } from '../data/datasetClass';
import type { Dataset, Element } from '../data/pipeline';
import { batchTraced, inTrace } from './callInfo';
import { layerVariables, shapedLayerCall } from './layer';
import { getLoss } from './losses';
import { compileMetric, MeanState } from './metrics';
import { applyGradients, getOptimizer, type OptimizerState } from './optimizers';
import { progressText } from './progress';
import { summaryText } from './summary';

interface Compiled {
  optimizer: PyValue;
  loss: PyValue;
  metricIds: PyValue[];
  metrics: PyInstance[] | null;
}

const compiled = new WeakMap<PyInstance, Compiled>();

function compiledOf(model: PyInstance): Compiled {
  const c = compiled.get(model);
  if (!c) throw pyError(ValueError, 'You must call `compile()` before using the model.');
  return c;
}

/** The rows `idx` of an array. */
const rows = (t: Tensor, idx: Tensor): Tensor => gather(t, idx, 0);

/** Model inputs: one array, or a list of arrays for a model with several inputs. */
type Data = Tensor | Tensor[];
const count = (d: Data): number => (Array.isArray(d) ? d[0].shape[0] : d.shape[0]);
const take = (d: Data, idx: Tensor): Data => (Array.isArray(d) ? d.map((t) => rows(t, idx)) : rows(d, idx));
const py = (d: Data): PyValue => (Array.isArray(d) ? new PyList(d.map(wrapTensor)) : wrapTensor(d));

function batches(n: number, size: number, order: Tensor): Tensor[] {
  const out: Tensor[] = [];
  const data = order.data as Int32Array;
  for (let i = 0; i < n; i += size) {
    const part = data.slice(i, Math.min(i + size, n));
    out.push(constIdx(part));
  }
  return out;
}

const constIdx = (a: Int32Array): Tensor => new TensorClass('int32', [a.length], a);

/** A Python float from a scalar tensor. */
const pyFloat = (t: Tensor): number => t.num(0);

function metricsOf(c: Compiled, yTrue: Tensor, yPred: Tensor, ctx: CallContext): PyInstance[] {
  if (!c.metrics) c.metrics = c.metricIds.map((id) => compileMetric(id, yTrue, yPred, ctx));
  return c.metrics;
}

/** Python print from host code. */
function print(ctx: CallContext, text: string): void {
  ctx.call(getBuiltins().get('print') as PyValue, [text]);
}

/** Writes `text` as it is (`print(text, end="")`). */
function write(ctx: CallContext, text: string): void {
  ctx.call(getBuiltins().get('print') as PyValue, [text], new Map([['end', '']]));
}

interface StepResult {
  loss: Tensor;
  yPred: Tensor;
}

/** `model(x, training=...)` in a train or test step, whose errors name the batch dimension None as TF's trace does. */
function tracedCall(model: PyInstance, x: Data, training: boolean, ctx: CallContext): PyValue {
  try {
    return inTrace(() => ctx.call(model, [py(x)], new Map([['training', training]])));
  } catch (e) {
    throw batchTraced(e, count(x));
  }
}

/** Explanations call a step's tensors what Keras's `train_step` calls them: `x`, `y`, the model's `y_pred`, `loss`. */
function nameStep(x: Data, y: Tensor, yPred: Tensor): void {
  const sink = session.sink;
  if (!sink?.nameTensor) return;
  if (!Array.isArray(x)) sink.nameTensor(x, 'x');
  sink.nameTensor(y, 'y');
  sink.nameTensor(yPred, 'y_pred');
}

/** One training step: forward under a tape, loss, gradients, optimizer step. */
function trainStep(model: PyInstance, c: Compiled, x: Data, y: Tensor, ctx: CallContext): StepResult {
  const tape = new GradientTape();
  tape.enter();
  let yPred: Tensor;
  let loss: Tensor;
  try {
    yPred = toTensor(tracedCall(model, x, true, ctx));
    nameStep(x, y, yPred);
    loss = toTensor(ctx.call(c.loss, [wrapTensor(y), wrapTensor(yPred)]));
    session.sink?.nameTensor?.(loss, 'loss');
  } finally {
    tape.exit();
  }
  const vars = layerVariables(model, true);
  if (vars.length) {
    const grads = gradient(
      tape,
      [loss],
      vars.map((v) => v.payload as Variable),
    );
    const opt = c.optimizer as PyInstance;
    applyGradients(
      opt.payload as OptimizerState,
      grads.map((g) => (g === null ? null : g instanceof TensorClass ? wrapTensor(g) : wrapSlices(g))),
      vars,
      ctx,
    );
  }
  return { loss, yPred };
}

function evalStep(model: PyInstance, c: Compiled, x: Data, y: Tensor, ctx: CallContext): StepResult {
  return withoutRecording(() => {
    const yPred = toTensor(tracedCall(model, x, false, ctx));
    const loss = toTensor(ctx.call(c.loss, [wrapTensor(y), wrapTensor(yPred)]));
    return { loss, yPred };
  });
}

/** One batch of inputs and targets. */
interface Batch {
  x: Data;
  y: Tensor;
}

/**
 * Where `fit`, `evaluate` and `predict` take their batches from: arrays (sliced per epoch in order, or in the
 * permutation Keras's data adapter draws) or a `tf.data.Dataset` (a new iteration per epoch).
 */
interface Source {
  /** Batches per epoch; null when the dataset's cardinality is unknown. */
  steps: number | null;
  epoch(shuffle: boolean): Iterable<Batch>;
  /** The inputs alone (`predict`). */
  inputs(): Iterable<Data>;
}

function arraySource(x: Data, y: Tensor | null, batchSize: number): Source {
  const n = count(x);
  const order = (shuffle: boolean): Tensor => {
    if (!shuffle) return range(0, n, 1, 'int32');
    const { perm } = freshShufflePermutation(n);
    return constIdx(perm);
  };
  return {
    steps: Math.ceil(n / batchSize),
    *epoch(shuffle) {
      for (const idx of batches(n, batchSize, order(shuffle))) {
        yield { x: take(x, idx), y: rows(y as Tensor, idx) };
      }
    },
    *inputs() {
      for (const idx of batches(n, batchSize, order(false))) yield take(x, idx);
    },
  };
}

/** A dataset element as model inputs: a tensor, or a tuple/list of tensors for a model with several inputs. */
function elementData(e: Element): Data {
  if (e instanceof TensorClass) return e;
  if (e.kind === 'tuple') return e.items.map((i) => elementData(i) as Tensor);
  throw pyError(ValueError, 'A dict of model inputs is not supported here');
}

function datasetSource(ds: PyValue): Source {
  const d = pipelineOf(ds) as Dataset;
  const c = d.cardinality();
  const split = (e: Element): { x: Element; y: Element | null } => {
    if (e instanceof TensorClass || e.kind !== 'tuple') return { x: e, y: null };
    return { x: e.items[0], y: e.items.length > 1 ? e.items[1] : null };
  };
  // Keras's epoch iterator, when it knows the number of batches, makes the next epoch's iterator as soon as one
  // ends, and a new one again when the next epoch begins: a reshuffling dataset draws its seeds twice per epoch.
  const spare = () => {
    if (c > 0) d.open();
  };
  return {
    steps: c >= 0 ? c : null,
    *epoch() {
      for (let it = d.open(), r = it.next(); !r.done; r = it.next()) {
        const { x, y } = split(r.value);
        if (y === null || !(y instanceof TensorClass)) {
          throw pyError(ValueError, 'The dataset must yield (inputs, targets) tuples for training or evaluation');
        }
        yield { x: elementData(x), y };
      }
      spare();
    },
    *inputs() {
      for (let it = d.open(), r = it.next(); !r.done; r = it.next()) yield elementData(split(r.value).x);
      spare();
    },
  };
}

/** Runs an epoch of batches, updating the loss tracker and metrics; returns the logs. */
function runEpoch(
  model: PyInstance,
  c: Compiled,
  parts: Iterable<Batch>,
  train: boolean,
  ctx: CallContext,
): Map<string, number> {
  const tracker = new MeanState('loss', null);
  let metrics: PyInstance[] | null = null;
  let last: Batch | null = null;
  for (const { x: xb, y: yb } of parts) {
    const { loss, yPred } = train ? trainStep(model, c, xb, yb, ctx) : evalStep(model, c, xb, yb, ctx);
    tracker.update(loss, new TensorClass('int32', [], Int32Array.of(count(xb))));
    metrics = metricsOf(c, yb, yPred, ctx);
    for (const m of metrics) {
      const st = m.payload as MeanState;
      if (st.fn)
        st.update(
          withoutRecording(() => (st.fn as NonNullable<MeanState['fn']>)(yb, yPred, st.args)),
          null,
        );
    }
    last = { x: xb, y: yb };
  }
  const logs = new Map<string, number>([['loss', pyFloat(tracker.result())]]);
  for (const m of metrics ?? (last ? metricsOf(c, last.y, last.y, ctx) : (c.metrics ?? []))) {
    const st = m.payload as MeanState;
    logs.set(st.name, pyFloat(st.result()));
    st.reset();
  }
  return logs;
}

/** Keras hands logs to callbacks and History sorted by name. */
const sortedLogs = (logs: Map<string, number>): Map<string, number> =>
  new Map([...logs].sort((p, q) => (p[0] < q[0] ? -1 : p[0] > q[0] ? 1 : 0)));

const logsDict = (logs: Map<string, number>): PyDict => {
  const d = new PyDict();
  for (const [k, v] of logs) dictSet(d, k, v);
  return d;
};

function dataArg(v: PyValue, what: string): Tensor {
  if (v === null) throw pyError(ValueError, `Unrecognized data type: ${what}=None`);
  return toTensor(v);
}

/** `x`: an array, or a list/tuple of arrays (one per model input) when its items are arrays. */
function inputsArg(v: PyValue): Data {
  if (
    (v instanceof PyList || v instanceof PyTuple) &&
    v.items.length &&
    v.items.every((i) => i instanceof PyInstance)
  ) {
    return v.items.map((i) => toTensor(i));
  }
  return dataArg(v, 'x');
}

/** `x, y, batch_size` as a source of batches: a dataset (then `y` must be None), or arrays. */
function sourceOf(xv: PyValue, yv: PyValue, batchSizeV: PyValue, needY: boolean): Source {
  if (isDataset(xv)) {
    if (yv !== null) throw pyError(ValueError, '`y` argument is not supported when using dataset as input.');
    return datasetSource(xv);
  }
  const x = inputsArg(xv);
  const y = needY ? dataArg(yv, 'y') : null;
  return arraySource(x, y, batchSizeV === null ? 32 : Number(batchSizeV));
}

/** `validation_data`: a dataset, or a tuple `(x, y)` of arrays. */
function validationSource(v: PyValue, batchSize: PyValue, ctx: CallContext): Source {
  if (isDataset(v)) return datasetSource(v);
  const vd = ctx.toArray(v);
  return arraySource(inputsArg(vd[0]), toTensor(vd[1]), batchSize === null ? 32 : Number(batchSize));
}

/**
 * `fit`/`evaluate`/`predict` with an unknown argument: an `x` whose shape is known (a Keras dataset) still runs the
 * model on a placeholder batch, so its shape errors are TensorFlow's; then the call is unknown (`predict`: an unknown
 * with the output's shape).
 */
function unknownArguments(a: Record<string, PyValue>, ctx: CallContext, training = false): PyValue | undefined {
  const u = Object.values(a).find((v) => v instanceof PyUnknown) as PyUnknown | undefined;
  if (!u) return undefined;
  if (a.x instanceof ShapedUnknown) {
    // Keras traces fit's and evaluate's steps for any batch size, predict's for its first batch's.
    const predicting = !('y' in a);
    const batch = predicting
      ? String(Math.min(a.batch_size === null ? 32 : Number(a.batch_size), a.x.shape[0]))
      : 'None';
    const out = inTrace(() =>
      shapedLayerCall(a.self as PyInstance, a.x as ShapedUnknown, [a.x], new Map(), ctx, batch, training),
    );
    if (predicting) return out;
  }
  throw new PyUnknown(u.origin, u.span);
}

/** `fit(...)`. */
function fit(a: Record<string, PyValue>, ctx: CallContext): PyValue {
  const shaped = unknownArguments(a, ctx, true);
  if (shaped !== undefined) throw shaped;
  const model = a.self as PyInstance;
  const c = compiledOf(model);
  let train: Source;
  let val: Source | null = null;
  const split = a.validation_split !== null ? Number(a.validation_split) : 0;
  if (split > 0 && !isDataset(a.x)) {
    const x = inputsArg(a.x);
    const y = dataArg(a.y, 'y');
    const all = count(x);
    const at = Math.floor(all * (1 - split));
    const head = constIdx(Int32Array.from({ length: at }, (_, i) => i));
    const tail = constIdx(Int32Array.from({ length: all - at }, (_, i) => at + i));
    const size = a.batch_size === null ? 32 : Number(a.batch_size);
    train = arraySource(take(x, head), rows(y, head), size);
    val = arraySource(take(x, tail), rows(y, tail), size);
  } else {
    train = sourceOf(a.x, a.y, a.batch_size, true);
  }
  if (a.validation_data !== null) val = validationSource(a.validation_data, a.batch_size, ctx);
  const epochs = Number(a.epochs);
  const verbose = a.verbose === 'auto' ? 1 : Number(a.verbose);
  const history = ctx.call(callbackClasses.History, []) as PyInstance;
  const callbacks = [...(a.callbacks === null ? [] : ctx.toArray(a.callbacks)), history];
  const params = new PyDict();
  dictSet(params, 'verbose', BigInt(verbose));
  dictSet(params, 'epochs', BigInt(epochs));
  dictSet(params, 'steps', train.steps === null ? null : BigInt(train.steps));
  for (const cb of callbacks) {
    ctx.call(ctx.getAttr(cb, 'set_model'), [model]);
    ctx.call(ctx.getAttr(cb, 'set_params'), [params]);
  }
  model.attrs().set('stop_training', false);
  for (const cb of callbacks) ctx.call(ctx.getAttr(cb, 'on_train_begin'), []);
  const shuffle = a.shuffle !== false;
  for (let epoch = Number(a.initial_epoch); epoch < epochs; epoch++) {
    for (const cb of callbacks) ctx.call(ctx.getAttr(cb, 'on_epoch_begin'), [BigInt(epoch)]);
    if (verbose > 0 && epochs > 1) print(ctx, `Epoch ${epoch + 1}/${epochs}`);
    let steps = 0;
    const logs = runEpoch(
      model,
      c,
      counted(train.epoch(shuffle), () => steps++),
      true,
      ctx,
    );
    if (val) {
      const vlogs = runEpoch(model, c, val.epoch(false), false, ctx);
      for (const [k, v] of vlogs) logs.set(`val_${k}`, v);
    }
    const sorted = sortedLogs(logs);
    logs.clear();
    for (const [k, v] of sorted) logs.set(k, v);
    if (verbose > 0) write(ctx, progressText(verbose, train.steps ?? steps, logs));
    const d = logsDict(logs);
    for (const cb of callbacks) ctx.call(ctx.getAttr(cb, 'on_epoch_end'), [BigInt(epoch), d]);
    if (ctx.truthy(ctx.getAttr(model, 'stop_training'))) break;
  }
  for (const cb of callbacks) ctx.call(ctx.getAttr(cb, 'on_train_end'), []);
  model.attrs().set('history', history);
  return history;
}

/** The batches, calling `each` once per batch. */
function* counted<T>(items: Iterable<T>, each: () => void): Iterable<T> {
  for (const x of items) {
    each();
    yield x;
  }
}

function evaluate(a: Record<string, PyValue>, ctx: CallContext): PyValue {
  const shaped = unknownArguments(a, ctx);
  if (shaped !== undefined) throw shaped;
  const model = a.self as PyInstance;
  const c = compiledOf(model);
  const src = sourceOf(a.x, a.y, a.batch_size, true);
  let steps = 0;
  const logs = runEpoch(
    model,
    c,
    counted(src.epoch(false), () => steps++),
    false,
    ctx,
  );
  const verbose = a.verbose === 'auto' ? 1 : Number(a.verbose);
  if (verbose > 0) write(ctx, progressText(verbose, src.steps ?? steps, logs));
  if (a.return_dict === true) return logsDict(logs);
  const values = [...logs.values()];
  return values.length === 1 ? values[0] : new PyList(values);
}

function predict(a: Record<string, PyValue>, ctx: CallContext): PyValue {
  const shaped = unknownArguments(a, ctx);
  if (shaped !== undefined) return shaped;
  const model = a.self as PyInstance;
  const src = sourceOf(a.x, null, a.batch_size, false);
  const outs = withoutRecording(() =>
    [...src.inputs()].map((x) => toTensor(inTrace(() => ctx.call(model, [py(x)], new Map([['training', false]]))))),
  );
  const verbose = a.verbose === 'auto' ? 1 : Number(a.verbose);
  if (verbose > 0) write(ctx, progressText(verbose, outs.length, new Map()));
  const t = outs.length === 1 ? outs[0] : concat(outs, 0);
  return ctx.call(ctx.getAttr(wrapTensor(t), 'numpy'), []);
}

/** The attributes Keras's trainer sets on every model before `compile`. */
export function initTrainer(model: PyInstance): void {
  const d = model.attrs();
  d.set('compiled', false);
  d.set('loss', null);
  d.set('steps_per_execution', 1n);
  for (const k of ['train_function', 'test_function', 'predict_function']) d.set(k, null);
  d.set('unrolled_steps_per_execution', 1n);
}

export function trainingMethods(): Record<string, PyNativeFunction> {
  return {
    compile: def(
      'compile(self, optimizer="rmsprop", loss=None, loss_weights=None, metrics=None, weighted_metrics=None, run_eagerly=False, steps_per_execution=1, jit_compile="auto", auto_scale_loss=True)',
      (a, ctx) => {
        const self = a.self as PyInstance;
        const optimizer = getOptimizer(a.optimizer, ctx);
        const loss = a.loss === null ? null : getLoss(a.loss, ctx);
        compiled.set(self, {
          optimizer,
          loss,
          metricIds: a.metrics === null ? [] : ctx.toArray(a.metrics),
          metrics: null,
        });
        self.attrs().set('optimizer', optimizer);
        self.attrs().set('loss', a.loss);
        self.attrs().set('compiled', true);
        return null;
      },
    ),
    fit: def(
      'fit(self, x=None, y=None, batch_size=None, epochs=1, verbose="auto", callbacks=None, validation_split=0.0, validation_data=None, shuffle=True, class_weight=None, sample_weight=None, initial_epoch=0, steps_per_epoch=None, validation_steps=None, validation_batch_size=None, validation_freq=1)',
      fit,
      { acceptsUnknown: true },
    ),
    evaluate: def(
      'evaluate(self, x=None, y=None, batch_size=None, verbose="auto", sample_weight=None, steps=None, callbacks=None, return_dict=False)',
      evaluate,
      { acceptsUnknown: true },
    ),
    predict: def('predict(self, x, batch_size=None, verbose="auto", steps=None, callbacks=None)', predict, {
      acceptsUnknown: true,
    }),
    summary: def(
      'summary(self, line_length=None, positions=None, print_fn=None, expand_nested=False, show_trainable=False, layer_range=None)',
      ({ self }, ctx) => {
        const model = self as PyInstance;
        const c = compiled.get(model);
        const opt = c?.optimizer instanceof PyInstance ? (c.optimizer.payload as OptimizerState) : null;
        print(ctx, summaryText(model, opt));
        return null;
      },
    ),
  };
}

// ---- callbacks ------------------------------------------------------------------------------------------------------

export const callbackClasses = {} as Record<string, PyClass>;

interface EarlyStoppingState {
  monitor: string;
  mode: string;
  minDelta: number;
  patience: number;
  verbose: number;
  baseline: number | null;
  restore: boolean;
  startFrom: number;
  wait: number;
  stoppedEpoch: number;
  best: number | null;
  bestWeights: PyValue;
  bestEpoch: number;
  op: ((a: number, b: number) => boolean) | null;
}

export function callbacksModule(): PyModule {
  const noop = (name: string, sig: string) => def(`${name}(${sig})`, () => null);
  const Callback = nativeClass({
    name: 'Callback',
    module: 'keras.src.callbacks.callback',
    methods: {
      __init__: def('__init__(self)', () => null),
      set_model: def('set_model(self, model)', ({ self, model }) => {
        (self as PyInstance).attrs().set('model', model);
        return null;
      }),
      set_params: def('set_params(self, params)', ({ self, params }) => {
        (self as PyInstance).attrs().set('params', params);
        return null;
      }),
      on_train_begin: noop('on_train_begin', 'self, logs=None'),
      on_train_end: noop('on_train_end', 'self, logs=None'),
      on_epoch_begin: noop('on_epoch_begin', 'self, epoch, logs=None'),
      on_epoch_end: noop('on_epoch_end', 'self, epoch, logs=None'),
    },
  });
  const History = nativeClass({
    name: 'History',
    module: 'keras.src.callbacks.history',
    bases: [Callback],
    methods: {
      __init__: def('__init__(self)', ({ self }) => {
        const s = self as PyInstance;
        s.attrs().set('history', new PyDict());
        s.attrs().set('epoch', new PyList());
        return null;
      }),
      on_epoch_end: def('on_epoch_end(self, epoch, logs=None)', ({ self, epoch, logs }) => {
        const s = self as PyInstance;
        (s.attrs().get('epoch') as PyList).items.push(epoch);
        const h = s.attrs().get('history') as PyDict;
        for (const e of (logs as PyDict).map.values()) {
          const key = e.key as string;
          const existing = [...h.map.values()].find((x) => x.key === key);
          if (existing) (existing.value as PyList).items.push(e.value);
          else dictSet(h, key, new PyList([e.value]));
        }
        return null;
      }),
    },
  });
  const esOf = (s: PyValue): EarlyStoppingState => (s as PyInstance).payload as EarlyStoppingState;
  const EarlyStopping = nativeClass({
    name: 'EarlyStopping',
    module: 'keras.src.callbacks.early_stopping',
    bases: [Callback],
    methods: {
      __init__: def(
        '__init__(self, monitor="val_loss", min_delta=0, patience=0, verbose=0, mode="auto", baseline=None, restore_best_weights=False, start_from_epoch=0)',
        (a) => {
          (a.self as PyInstance).payload = {
            monitor: String(a.monitor),
            mode: String(a.mode),
            minDelta: Math.abs(Number(a.min_delta)),
            patience: Number(a.patience),
            verbose: Number(a.verbose),
            baseline: a.baseline === null ? null : Number(a.baseline),
            restore: a.restore_best_weights === true,
            startFrom: Number(a.start_from_epoch),
            wait: 0,
            stoppedEpoch: 0,
            best: null,
            bestWeights: null,
            bestEpoch: 0,
            op: null,
          } satisfies EarlyStoppingState;
          return null;
        },
      ),
      on_train_begin: def('on_train_begin(self, logs=None)', ({ self }) => {
        const s = esOf(self);
        s.wait = 0;
        s.stoppedEpoch = 0;
        s.best = null;
        s.bestWeights = null;
        s.bestEpoch = 0;
        return null;
      }),
      on_epoch_end: def('on_epoch_end(self, epoch, logs=None)', ({ self, epoch, logs }, ctx) => {
        const s = esOf(self);
        const model = (self as PyInstance).attrs().get('model') as PyInstance;
        if (!s.op) {
          const name = s.monitor.replace(/^val_/, '');
          const up = s.mode === 'max' || (s.mode === 'auto' && /acc/.test(name));
          s.op = up ? (p, q) => p > q : (p, q) => p < q;
          if (!up) s.minDelta *= -1;
        }
        const entry = logs instanceof PyDict ? [...logs.map.values()].find((e) => e.key === s.monitor) : undefined;
        const e = Number(epoch);
        if (!entry) {
          const keys = logs instanceof PyDict ? [...logs.map.values()].map((x) => String(x.key)).join(',') : '';
          ctx.report(
            'warning',
            'keras-early-stopping',
            `Early stopping conditioned on metric \`${s.monitor}\` which is not available. Available metrics are: ${keys}`,
          );
          return null;
        }
        if (e < s.startFrom) return null;
        const current = Number(entry.value);
        const improved = (ref: number | null): boolean =>
          ref === null || (s.op as (p: number, q: number) => boolean)(current - s.minDelta, ref);
        if (s.restore && s.bestWeights === null) {
          s.bestWeights = ctx.call(ctx.getAttr(model, 'get_weights'), []);
          s.bestEpoch = e;
        }
        s.wait += 1;
        if (improved(s.best)) {
          s.best = current;
          s.bestEpoch = e;
          if (s.restore) s.bestWeights = ctx.call(ctx.getAttr(model, 'get_weights'), []);
          if (s.baseline === null || improved(s.baseline)) s.wait = 0;
          return null;
        }
        if (s.wait >= s.patience && e > 0) {
          s.stoppedEpoch = e;
          model.attrs().set('stop_training', true);
        }
        return null;
      }),
      on_train_end: def('on_train_end(self, logs=None)', ({ self }, ctx) => {
        const s = esOf(self);
        const model = (self as PyInstance).attrs().get('model') as PyInstance;
        if (s.stoppedEpoch > 0 && s.verbose > 0) print(ctx, `Epoch ${s.stoppedEpoch + 1}: early stopping`);
        if (s.restore && s.bestWeights !== null) {
          if (s.verbose > 0) print(ctx, `Restoring model weights from the end of the best epoch: ${s.bestEpoch + 1}.`);
          ctx.call(ctx.getAttr(model, 'set_weights'), [s.bestWeights]);
        }
        return null;
      }),
    },
    getters: {
      stopped_epoch: (s) => BigInt(esOf(s).stoppedEpoch),
      best: (s) => esOf(s).best,
      wait: (s) => BigInt(esOf(s).wait),
    },
  });
  callbackClasses.Callback = Callback;
  callbackClasses.History = History;
  callbackClasses.EarlyStopping = EarlyStopping;
  return nativeModule('keras.callbacks', { Callback, History, EarlyStopping });
}
