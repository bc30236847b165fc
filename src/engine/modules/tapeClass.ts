/** `tf.GradientTape`, `tf.autodiff.ForwardAccumulator` and `tf.UnconnectedGradients` as Python classes. */
import { ForwardAccumulator } from '../autodiff/forward';
import {
  batchJacobian,
  type Differentiable,
  type GradResult,
  gradient,
  jacobian,
  type Unconnected,
} from '../autodiff/gradient';
import { GradientTape } from '../autodiff/tape';
import { EngineError } from '../errors';
import { dictSet } from '../python/dict';
import { pyError, RuntimeError, TypeError, ValueError } from '../python/exceptions';
import { def, nativeClass } from '../python/native';
import {
  type CallContext,
  type PyClass,
  PyDict,
  PyInstance,
  PyList,
  PyTuple,
  type PyValue,
  typeName,
} from '../python/values';
import { session } from '../session';
import { IndexedSlices } from '../tensor/indexedSlices';
import { Tensor, Variable } from '../tensor/tensor';
import { NdArray, wrapSlices, wrapTensor } from './boxes';
import { boolArg, toTensor } from './convert';
import { wrapVar } from './variableClass';

const M = 'tensorflow.python.eager.backprop';
const tapeOf = (s: PyValue): GradientTape => (s as PyInstance).payload as GradientTape;

/** A nest of Python lists/tuples/dicts flattened, with a function that rebuilds the same structure. */
export interface Flat<T> {
  leaves: PyValue[];
  pack(values: T[]): PyValue;
}

export function flattenNest(v: PyValue, toPy: (x: unknown) => PyValue): Flat<unknown> {
  const leaves: PyValue[] = [];
  const shape = (x: PyValue): ((vals: unknown[], i: { n: number }) => PyValue) => {
    if (x instanceof PyList) {
      const fs = x.items.map(shape);
      return (vals, i) => new PyList(fs.map((f) => f(vals, i)));
    }
    if (x instanceof PyTuple) {
      const fs = x.items.map(shape);
      return (vals, i) => new PyTuple(fs.map((f) => f(vals, i)));
    }
    if (x instanceof PyDict) {
      const entries = [...x.map.values()].map((e) => [e.key, shape(e.value)] as const);
      return (vals, i) => {
        const d = new PyDict();
        for (const [k, f] of entries) dictSet(d, k, f(vals, i));
        return d;
      };
    }
    leaves.push(x);
    return (vals, i) => toPy(vals[i.n++]);
  };
  const build = shape(v);
  return { leaves, pack: (values) => build(values, { n: 0 }) };
}

const gradToPy = (g: unknown): PyValue =>
  g === null || g === undefined ? null : g instanceof IndexedSlices ? wrapSlices(g) : wrapTensor(g as Tensor);

function differentiable(v: PyValue, role: 'target' | 'source'): Differentiable {
  if (v instanceof PyInstance) {
    if (v.payload instanceof Tensor || v.payload instanceof Variable) return v.payload;
    if (v.payload instanceof IndexedSlices) return toTensor(v);
  }
  if (v === null && role === 'target') {
    throw pyError(
      TypeError,
      'Argument `target` should be a list or nested structure of Tensors, Variables or CompositeTensors to be differentiated, but received None.',
    );
  }
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean' || v === null) {
    throw pyError(TypeError, `Cannot convert ${v === null ? 'None' : typeName(v)} to a TensorFlow DType.`);
  }
  return toTensor(v);
}

function unconnectedArg(v: PyValue): Unconnected {
  const key = v instanceof PyInstance && typeof v.payload === 'string' ? v.payload : v;
  if (key === 'none' || key === null) return 'none';
  if (key === 'zero') return 'zero';
  throw pyError(
    ValueError,
    `Unknown value for unconnected_gradients: ${typeof key === 'string' ? `'${key}'` : String(key)}`,
  );
}

function watchLeaf(tape: GradientTape, v: PyValue, ctx: CallContext): void {
  if (v instanceof PyInstance) {
    if (v.payload instanceof Tensor) {
      tape.watch(v.payload);
      return;
    }
    if (v.payload instanceof Variable) {
      tape.watchVariable(v.payload);
      return;
    }
  }
  const shown = v instanceof PyInstance && v.payload instanceof NdArray ? ctx.str(v) : ctx.repr(v);
  throw pyError(
    ValueError,
    `Passed in object ${shown} of type '${typeName(v)}', not tf.Tensor or tf.Variable or ExtensionType.`,
  );
}

/** Tell the report a gradient call is starting, and when it fails. */
function reported(tape: GradientTape, ctx: CallContext, sources: PyValue, body: () => PyValue): PyValue {
  const sink = session.sink;
  if (!sink) return body();
  sink.gradientStarting(tape, ctx.span, flattenNest(sources, () => null).leaves);
  try {
    return body();
  } catch (e) {
    sink.gradientFailed(tape, ctx.span, e);
    throw e;
  }
}

/** The `with tape.stop_recording():` context manager. */
let StopRecording: PyClass;

export function createTapeClasses(): {
  GradientTape: PyClass;
  ForwardAccumulator: PyClass;
  UnconnectedGradients: PyValue;
} {
  StopRecording = nativeClass({
    name: '_GeneratorContextManager',
    module: 'contextlib',
    methods: {
      __enter__: def('__enter__(self)', ({ self }) => {
        tapeOf(self).beginStopRecording();
        return null;
      }),
      __exit__: def('__exit__(self, *args)', ({ self }) => {
        tapeOf(self).endStopRecording();
        return false;
      }),
    },
  });

  const GradientTapeClass = nativeClass({
    name: 'GradientTape',
    module: M,
    methods: {
      __init__: def(
        '__init__(self, persistent=False, watch_accessed_variables=True)',
        ({ self, persistent, watch_accessed_variables }, ctx) => {
          const t = new GradientTape(boolArg(persistent), boolArg(watch_accessed_variables));
          t.span = ctx.span;
          (self as PyInstance).payload = t;
          return null;
        },
      ),
      __enter__: def('__enter__(self)', ({ self }, ctx) => {
        const tape = tapeOf(self);
        tape.enter();
        session.sink?.tapeEntered(tape, ctx.span);
        return self;
      }),
      __exit__: def('__exit__(self, *args)', ({ self }) => {
        tapeOf(self).exit();
        return false;
      }),
      watch: def('watch(self, tensor)', ({ self, tensor }, ctx) => {
        const tape = tapeOf(self);
        for (const leaf of flattenNest(tensor, () => null).leaves) watchLeaf(tape, leaf, ctx);
        return null;
      }),
      gradient: def(
        "gradient(self, target, sources, output_gradients=None, unconnected_gradients='none')",
        ({ self, target, sources, output_gradients, unconnected_gradients }, ctx) => {
          const tape = tapeOf(self);
          return reported(tape, ctx, sources, () => {
            if (target === null) differentiable(null, 'target');
            const targets = flattenNest(target, () => null).leaves.map((t) => differentiable(t, 'target'));
            const flat = flattenNest(sources, gradToPy);
            const srcs = flat.leaves.map((s) => differentiable(s, 'source'));
            const seeds =
              output_gradients === null
                ? undefined
                : // TF converts every seed: a None inside the list raises (it is not "ones").
                  flattenNest(output_gradients, () => null).leaves.map((g) => toTensor(g));
            const res: GradResult[] = gradient(tape, targets, srcs, {
              outputGradients: seeds,
              unconnected: unconnectedArg(unconnected_gradients),
            });
            return flat.pack(res);
          });
        },
      ),
      jacobian: def(
        "jacobian(self, target, sources, unconnected_gradients='none', parallel_iterations=None, experimental_use_pfor=True)",
        ({ self, target, sources, unconnected_gradients, experimental_use_pfor }, ctx) => {
          const tape = tapeOf(self);
          return reported(tape, ctx, sources, () => {
            if (!boolArg(experimental_use_pfor) && !tape.persistent) {
              throw pyError(
                RuntimeError,
                'GradientTape must be created with persistent=True to compute the jacobian with eager execution enabled and with  experimental_use_pfor set to False.',
              );
            }
            const flat = flattenNest(sources, gradToPy);
            const res = jacobian(
              tape,
              differentiable(target, 'target'),
              flat.leaves.map((s) => differentiable(s, 'source')),
              {
                unconnected: unconnectedArg(unconnected_gradients),
              },
            );
            return flat.pack(res);
          });
        },
      ),
      batch_jacobian: def(
        "batch_jacobian(self, target, source, unconnected_gradients='none', parallel_iterations=None, experimental_use_pfor=True)",
        ({ self, target, source, unconnected_gradients, experimental_use_pfor }, ctx) => {
          const tape = tapeOf(self);
          return reported(tape, ctx, source, () => {
            if (!boolArg(experimental_use_pfor) && !tape.persistent) {
              throw pyError(
                RuntimeError,
                'GradientTape must be created with persistent=True to compute the batch_jacobian with eager execution enabled and  with experimental_use_pfor set to False.',
              );
            }
            return wrapTensor(
              batchJacobian(tape, differentiable(target, 'target'), differentiable(source, 'source'), {
                unconnected: unconnectedArg(unconnected_gradients),
              }),
            );
          });
        },
      ),
      stop_recording: def('stop_recording(self)', ({ self }) => new PyInstance(StopRecording, tapeOf(self))),
      reset: def('reset(self)', ({ self }) => {
        tapeOf(self).reset();
        return null;
      }),
      watched_variables: def(
        'watched_variables(self)',
        ({ self }) => new PyTuple(tapeOf(self).watchedVariables().map(wrapVar)),
      ),
    },
  });

  const accOf = (s: PyValue): ForwardAccumulator => {
    const p = (s as PyInstance).payload;
    if (!(p instanceof ForwardAccumulator))
      throw new EngineError('RuntimeError', 'ForwardAccumulator is not initialised');
    return p;
  };
  const ForwardAccumulatorClass = nativeClass({
    name: 'ForwardAccumulator',
    module: 'tensorflow.python.eager.forwardprop',
    methods: {
      __init__: def('__init__(self, primals, tangents)', ({ self, primals, tangents }) => {
        const ps = flattenNest(primals, () => null).leaves.map((p) => differentiable(p, 'source'));
        const ts = flattenNest(tangents, () => null).leaves.map((t, i) => toTensor(t, ps[i]?.dtype));
        (self as PyInstance).payload = new ForwardAccumulator(ps, ts);
        return null;
      }),
      __enter__: def('__enter__(self)', ({ self }) => {
        accOf(self).enter();
        return self;
      }),
      __exit__: def('__exit__(self, *args)', ({ self }) => {
        accOf(self).exit();
        return false;
      }),
      jvp: def("jvp(self, primals, unconnected_gradients='none')", ({ self, primals, unconnected_gradients }) => {
        const acc = accOf(self);
        const u = unconnectedArg(unconnected_gradients);
        const flat = flattenNest(primals, gradToPy);
        return flat.pack(flat.leaves.map((p) => acc.jvp(differentiable(p, 'source'), u)));
      }),
    },
  });

  const UnconnectedClass = nativeClass({
    name: 'UnconnectedGradients',
    module: 'tensorflow.python.ops.unconnected_gradients',
    methods: {
      __repr__: def('__repr__(self)', ({ self }) => {
        const v = (self as PyInstance).payload as string;
        return `<UnconnectedGradients.${v.toUpperCase()}: '${v}'>`;
      }),
    },
    getters: { value: (s) => s.payload as string, name: (s) => (s.payload as string).toUpperCase() },
  });
  const none = new PyInstance(UnconnectedClass, 'none');
  const zero = new PyInstance(UnconnectedClass, 'zero');
  UnconnectedClass.dict.set('NONE', none);
  UnconnectedClass.dict.set('ZERO', zero);
  return {
    GradientTape: GradientTapeClass,
    ForwardAccumulator: ForwardAccumulatorClass,
    UnconnectedGradients: UnconnectedClass,
  };
}
