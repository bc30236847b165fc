/**
 * `keras.optimizers`: SGD (momentum, Nesterov), Adam, AdamW, RMSprop and Adagrad with Keras 3's update formulas
 * in float32 (Python-float hyperparameters become float32 constants where Keras's ops convert them), clipping
 * (`clipnorm`, `clipvalue`, `global_clipnorm`), learning-rate schedules evaluated at `iterations` before the step,
 * and `iterations` counting applied steps. Updates are assignments, never recorded on a tape.
 */
import { withoutRecording } from '../../autodiff/recorder';
import { fill, zerosLike } from '../../ops/array';
import { clipByNorm, clipByValue } from '../../ops/clip';
import { greater, lessEqual, logicalAnd } from '../../ops/compare';
import { densify } from '../../ops/gather';
import { add, cast, maximum, minimum, mul, pow, realdiv, sub } from '../../ops/math';
import { reduceSum } from '../../ops/reduce';
import { floor, sqrt, square } from '../../ops/unary';
import { NotImplementedError, pyError, TypeError, ValueError } from '../../python/exceptions';
import { def, nativeClass, nativeModule } from '../../python/native';
import { type CallContext, type PyClass, PyInstance, PyList, type PyModule, type PyValue } from '../../python/values';
import { IndexedSlices } from '../../tensor/indexedSlices';
import { Tensor, Variable } from '../../tensor/tensor';
import { wrapTensor } from '../boxes';
import { toTensor } from '../convert';
import { wrapVar } from '../variableClass';
import { uniqueName } from './naming';
import { kerasPath, newKerasVariable } from './variable';

const f32 = (v: number): Tensor => new Tensor('float32', [], Float32Array.of(v));

/** A learning-rate schedule: a function of the (float) step. */
export interface Schedule {
  at(step: Tensor): Tensor;
}

type Kind = 'sgd' | 'adam' | 'adamw' | 'rmsprop' | 'adagrad';

interface Slots {
  m?: Variable;
  v?: Variable;
  vhat?: Variable;
  avg?: Variable;
}

export class OptimizerState {
  iterations: PyInstance;
  lr: PyInstance | null = null;
  schedule: PyInstance | null = null;
  readonly slots = new Map<Variable, Slots>();
  readonly order: Variable[] = [];
  constructor(
    readonly kind: Kind,
    readonly name: string,
    readonly h: Record<string, number | boolean | null>,
    learningRate: PyValue,
  ) {
    this.iterations = newKerasVariable(new Tensor('int64', [], Float64Array.of(0)), false, 'iteration', name);
    if (learningRate instanceof PyInstance && learningRate.payload instanceof ScheduleState)
      this.schedule = learningRate;
    else {
      if (typeof learningRate !== 'number' && !(learningRate instanceof PyInstance)) {
        throw pyError(
          ValueError,
          `Argument \`learning_rate\` should be float, or an instance of LearningRateSchedule, or a callable (that takes in the current iteration value and returns the corresponding learning rate value). Received instead: learning_rate=${String(learningRate)}`,
        );
      }
      const t = learningRate instanceof PyInstance ? cast(toTensor(learningRate), 'float32') : f32(learningRate);
      this.lr = newKerasVariable(t, false, 'learning_rate', name);
    }
  }
  get step(): number {
    return ((this.iterations.payload as Variable).value.data as Float64Array)[0];
  }
  /** The current learning rate (a schedule at `iterations`). */
  learningRate(): Tensor {
    if (this.schedule) return (this.schedule.payload as ScheduleState).at(cast(f32(this.step), 'float32'));
    return ((this.lr as PyInstance).payload as Variable).value;
  }
}

const h = (s: OptimizerState, k: string): number => Number(s.h[k]);

function slot(s: OptimizerState, v: Variable, key: keyof Slots, init = 0): Variable {
  let slots = s.slots.get(v);
  if (!slots) {
    slots = {};
    s.slots.set(v, slots);
    s.order.push(v);
  }
  let x = slots[key];
  if (!x) {
    x = new Variable(
      init === 0 ? zerosLike(v.value) : fill([...v.shape], init, v.dtype),
      false,
      `${kerasPath(v)}_${key}`,
    );
    slots[key] = x;
  }
  return x;
}

/** One variable's update (Keras's `update_step`). */
function updateStep(s: OptimizerState, g: Tensor, v: Variable, lr: Tensor): void {
  const x = v.value;
  switch (s.kind) {
    case 'sgd': {
      const momentum = h(s, 'momentum');
      if (momentum !== 0) {
        const m = slot(s, v, 'm');
        m.value = sub(mul(m.value, momentum), mul(g, lr));
        v.value = s.h.nesterov ? add(x, sub(mul(m.value, momentum), mul(g, lr))) : add(x, m.value);
      } else v.value = sub(x, mul(g, lr));
      return;
    }
    case 'adam':
    case 'adamw': {
      const b1 = h(s, 'beta_1');
      const b2 = h(s, 'beta_2');
      const localStep = f32(s.step + 1);
      const b1p = pow(f32(b1), localStep);
      const b2p = pow(f32(b2), localStep);
      const m = slot(s, v, 'm');
      const vel = slot(s, v, 'v');
      const alpha = realdiv(mul(lr, sqrt(sub(1, b2p))), sub(1, b1p));
      m.value = add(m.value, mul(sub(g, m.value), 1 - b1));
      vel.value = add(vel.value, mul(sub(square(g), vel.value), 1 - b2));
      let vv = vel.value;
      if (s.h.amsgrad) {
        const vh = slot(s, v, 'vhat');
        vh.value = maximum(vh.value, vv);
        vv = vh.value;
      }
      v.value = sub(x, realdiv(mul(m.value, alpha), add(sqrt(vv), h(s, 'epsilon'))));
      return;
    }
    case 'rmsprop': {
      const rho = h(s, 'rho');
      const vel = slot(s, v, 'v');
      vel.value = add(mul(rho, vel.value), mul(1 - rho, square(g)));
      let denominator: Tensor;
      if (s.h.centered) {
        const avg = slot(s, v, 'avg');
        avg.value = add(mul(rho, avg.value), mul(1 - rho, g));
        denominator = add(sub(vel.value, square(avg.value)), h(s, 'epsilon'));
      } else denominator = add(vel.value, h(s, 'epsilon'));
      const increment = realdiv(mul(lr, g), sqrt(denominator));
      if (h(s, 'momentum') > 0) {
        const m = slot(s, v, 'm');
        m.value = add(mul(h(s, 'momentum'), m.value), increment);
        v.value = sub(x, m.value);
      } else v.value = sub(x, increment);
      return;
    }
    case 'adagrad': {
      const acc = slot(s, v, 'v', h(s, 'initial_accumulator_value'));
      acc.value = add(acc.value, square(g));
      v.value = sub(x, realdiv(mul(lr, g), sqrt(add(acc.value, h(s, 'epsilon')))));
      return;
    }
  }
}

function clipGradients(s: OptimizerState, grads: Tensor[]): Tensor[] {
  const clipnorm = s.h.clipnorm as number | null;
  const globalNorm = s.h.global_clipnorm as number | null;
  const clipvalue = s.h.clipvalue as number | null;
  if (clipnorm && clipnorm > 0) return grads.map((g) => clipByNorm(g, f32(clipnorm)));
  if (globalNorm && globalNorm > 0) {
    const norm = sqrt(grads.map((g) => reduceSum(square(g))).reduce((a, b) => add(a, b)));
    const scale = mul(globalNorm, minimum(realdiv(1, norm), 1 / globalNorm));
    return grads.map((g) => mul(g, scale));
  }
  if (clipvalue && clipvalue > 0) return grads.map((g) => clipByValue(g, -clipvalue, clipvalue));
  return grads;
}

/** `optimizer.apply(grads, variables)`: filter None gradients, clip, decay, update each variable, count the step. */
export function applyGradients(s: OptimizerState, grads: PyValue[], vars: PyValue[], ctx: CallContext): void {
  withoutRecording(() => {
    const pairs: [Tensor, Variable][] = [];
    const missing: string[] = [];
    vars.forEach((pv, i) => {
      const v = pv instanceof PyInstance ? pv.payload : undefined;
      if (!(v instanceof Variable)) throw pyError(TypeError, `Expected a variable, got ${ctx.repr(pv)}`);
      const g = grads[i];
      if (g === null) {
        missing.push(kerasPath(v));
        return;
      }
      const gp = g instanceof PyInstance ? g.payload : undefined;
      const t = gp instanceof IndexedSlices ? densify(gp) : toTensor(g);
      pairs.push([t.dtype === v.dtype ? t : cast(t, v.dtype), v]);
    });
    if (pairs.length === 0) throw pyError(ValueError, 'No gradients provided for any variable.');
    if (missing.length) {
      ctx.report(
        'warning',
        'keras-missing-gradients',
        `Gradients do not exist for variables ${JSON.stringify(missing).replace(/"/g, "'").replace(/,/g, ', ')} when minimizing the loss. If using \`model.compile()\`, did you forget to provide a \`loss\` argument?`,
      );
    }
    const clipped = clipGradients(
      s,
      pairs.map((p) => p[0]),
    );
    const lr = s.learningRate();
    const wd = s.h.weight_decay as number | null;
    if (wd !== null && wd !== undefined) {
      for (const [, v] of pairs) v.value = sub(v.value, mul(mul(v.value, wd), lr));
    }
    pairs.forEach(([, v], i) => {
      updateStep(s, clipped[i], v, lr);
    });
    const it = s.iterations.payload as Variable;
    it.value = new Tensor('int64', [], Float64Array.of(s.step + 1));
  });
}

// ---- schedules ------------------------------------------------------------------------------------------------------

export class ScheduleState implements Schedule {
  constructor(readonly at: (step: Tensor) => Tensor) {}
}

function schedulesModule(): PyModule {
  const Base = nativeClass({
    name: 'LearningRateSchedule',
    module: 'keras.src.optimizers.schedules.learning_rate_schedule',
    methods: {
      __call__: def('__call__(self, step)', ({ self, step }) => {
        const st = (self as PyInstance).payload as ScheduleState;
        return wrapTensor(st.at(cast(toTensor(step), 'float32')));
      }),
    },
  });
  const ExponentialDecay = nativeClass({
    name: 'ExponentialDecay',
    module: 'keras.src.optimizers.schedules.learning_rate_schedule',
    bases: [Base],
    methods: {
      __init__: def(
        '__init__(self, initial_learning_rate, decay_steps, decay_rate, staircase=False, name="ExponentialDecay")',
        (a) => {
          const lr0 = Number(a.initial_learning_rate);
          const steps = Number(a.decay_steps);
          const rate = Number(a.decay_rate);
          (a.self as PyInstance).payload = new ScheduleState((step) => {
            let p = realdiv(step, f32(steps));
            if (a.staircase === true) p = floor(p);
            return mul(f32(lr0), pow(f32(rate), p));
          });
          return null;
        },
      ),
    },
  });
  const PiecewiseConstantDecay = nativeClass({
    name: 'PiecewiseConstantDecay',
    module: 'keras.src.optimizers.schedules.learning_rate_schedule',
    bases: [Base],
    methods: {
      __init__: def('__init__(self, boundaries, values, name="PiecewiseConstant")', (a, ctx) => {
        const bounds = ctx.toArray(a.boundaries).map(Number);
        const values = ctx.toArray(a.values).map(Number);
        if (values.length !== bounds.length + 1) {
          throw pyError(
            ValueError,
            `The length of boundaries should be 1 less than the length of values. Received: boundaries=${ctx.repr(a.boundaries)} of length ${bounds.length}, and values=${ctx.repr(a.values)} of length ${values.length}.`,
          );
        }
        (a.self as PyInstance).payload = new ScheduleState((step) => {
          const b = (i: number): Tensor => f32(bounds[i]);
          let out = mul(cast(lessEqual(step, b(0)), 'float32'), values[0]);
          out = add(out, mul(cast(greater(step, b(bounds.length - 1)), 'float32'), values[values.length - 1]));
          for (let i = 0; i + 1 < bounds.length; i++) {
            const inRange = logicalAnd(greater(step, b(i)), lessEqual(step, b(i + 1)));
            out = add(out, mul(cast(inRange, 'float32'), values[i + 1]));
          }
          return out;
        });
        return null;
      }),
    },
  });
  return nativeModule('keras.optimizers.schedules', {
    LearningRateSchedule: Base,
    ExponentialDecay,
    PiecewiseConstantDecay,
  });
}

// ---- classes ----------------------------------------------------------------------------------------------------------

const COMMON =
  'weight_decay=None, clipnorm=None, clipvalue=None, global_clipnorm=None, use_ema=False, ema_momentum=0.99, ema_overwrite_frequency=None, loss_scale_factor=None, gradient_accumulation_steps=None, name=None';

const TABLE: [string, Kind, string][] = [
  ['SGD', 'sgd', 'learning_rate=0.01, momentum=0.0, nesterov=False'],
  ['Adam', 'adam', 'learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-07, amsgrad=False'],
  ['RMSprop', 'rmsprop', 'learning_rate=0.001, rho=0.9, momentum=0.0, epsilon=1e-07, centered=False'],
  ['Adagrad', 'adagrad', 'learning_rate=0.001, initial_accumulator_value=0.1, epsilon=1e-07'],
];

export const optimizerClasses = {} as Record<string, PyClass>;

function hyper(a: Record<string, PyValue>): Record<string, number | boolean | null> {
  const out: Record<string, number | boolean | null> = {};
  for (const [k, v] of Object.entries(a)) {
    if (typeof v === 'number' || typeof v === 'boolean' || v === null) out[k] = v;
    else if (typeof v === 'bigint') out[k] = Number(v);
  }
  return out;
}

/** `optimizers.get(identifier)` for `compile(optimizer='adam')`. */
export function getOptimizer(id: PyValue, ctx: CallContext): PyValue {
  if (typeof id === 'string') {
    const cls = Object.values(optimizerClasses).find((c) => c.name.toLowerCase() === id.toLowerCase());
    if (!cls) throw pyError(ValueError, `Could not interpret optimizer identifier: ${id}`);
    return ctx.call(cls, []);
  }
  return id;
}

export function optimizersModule(): PyModule {
  const Optimizer = nativeClass({
    name: 'Optimizer',
    module: 'keras.src.optimizers.optimizer',
    methods: {
      apply_gradients: def('apply_gradients(self, grads_and_vars)', ({ self, grads_and_vars }, ctx) => {
        const pairs = ctx.toArray(grads_and_vars).map((p) => ctx.toArray(p));
        applyGradients(
          stateOf(self),
          pairs.map((p) => p[0]),
          pairs.map((p) => p[1]),
          ctx,
        );
        return stateOf(self).iterations;
      }),
      apply: def('apply(self, grads, trainable_variables=None)', ({ self, grads, trainable_variables }, ctx) => {
        const vars = trainable_variables === null ? stateOf(self).order.map(wrapVar) : ctx.toArray(trainable_variables);
        applyGradients(stateOf(self), ctx.toArray(grads), vars, ctx);
        return null;
      }),
      minimize: def('minimize(self, loss, var_list, tape=None)', () => {
        throw pyError(
          NotImplementedError,
          '`minimize` is not supported by Keras 3 optimizers: compute the gradients with a GradientTape and call `apply_gradients`.',
        );
      }),
    },
    getters: {
      iterations: (s) => stateOf(s).iterations,
      learning_rate: (s) => {
        const st = stateOf(s);
        return st.lr ?? wrapTensor(st.learningRate());
      },
      name: (s) => stateOf(s).name,
      variables: (s) => {
        const st = stateOf(s);
        const out: PyValue[] = [st.iterations];
        if (st.lr) out.push(st.lr);
        return new PyList(out);
      },
    },
    setters: {
      learning_rate: (s, v) => {
        const st = stateOf(s);
        if (st.lr) (st.lr.payload as Variable).value = f32(Number(typeof v === 'number' ? v : toTensor(v).num(0)));
      },
    },
  });
  const attrs: Record<string, PyValue> = { Optimizer, schedules: schedulesModule() };
  const make = (name: string, kind: Kind, sig: string, base: PyClass): PyClass => {
    const cls = nativeClass({
      name,
      module: `keras.src.optimizers.${kind}`,
      bases: [base],
      methods: {
        __init__: def(`__init__(self, ${sig})`, (a) => {
          const self = a.self as PyInstance;
          const optName = a.name === null ? uniqueName(kind) : String(a.name);
          self.payload = new OptimizerState(kind, optName, hyper(a), a.learning_rate);
          return null;
        }),
      },
    });
    optimizerClasses[name] = cls;
    attrs[name] = cls;
    return cls;
  };
  for (const [name, kind, sig] of TABLE) make(name, kind, `${sig}, ${COMMON}`, Optimizer);
  make(
    'AdamW',
    'adamw',
    'learning_rate=0.001, weight_decay=0.004, beta_1=0.9, beta_2=0.999, epsilon=1e-07, amsgrad=False, clipnorm=None, clipvalue=None, global_clipnorm=None, use_ema=False, ema_momentum=0.99, ema_overwrite_frequency=None, loss_scale_factor=None, gradient_accumulation_steps=None, name=None',
    optimizerClasses.Adam,
  );
  attrs.get = def('get(identifier)', ({ identifier }, ctx) => getOptimizer(identifier, ctx));
  return nativeModule('keras.optimizers', attrs);
}

function stateOf(self: PyValue): OptimizerState {
  const p = self instanceof PyInstance ? self.payload : undefined;
  if (!(p instanceof OptimizerState)) throw pyError(TypeError, 'optimizer was not initialized');
  return p;
}
