/**
 * `tf.function` with TensorFlow's tracing semantics, evaluated eagerly: a call whose arguments match no earlier
 * trace traces (the Python body runs, its `print`s happen, tensor arguments print as symbolic tensors); a call that
 * matches a trace reuses it (the body runs again for its values, with Python's `print` silenced and the trace's
 * Python arguments, which TF baked into the graph). Trace keys are TF's: tensors, NumPy arrays and variables by
 * dtype and shape, Python scalars and strings by value (`1 == 1.0 == True`), containers by structure, other objects
 * by identity; an `input_signature` fixes one trace and converts the arguments to its specs. Results come back as
 * tensors (Python numbers become constants). `tf.config.run_functions_eagerly(True)` runs every call as Python.
 */
import { EngineError } from '../errors';
import { emitPrint, printGate } from '../python/builtins';
import { bindArguments, functionSpec } from '../python/calls';
import { pyError, TypeError } from '../python/exceptions';
import { objectId } from '../python/format';
import { def, nativeClass } from '../python/native';
import { runtime } from '../python/runtime';
import { withoutSideEffects } from '../python/sideEffects';
import {
  type CallContext,
  EMPTY_KWARGS,
  type KwArgs,
  type PyClass,
  PyDict,
  PyFunction,
  PyInstance,
  PyList,
  PyTuple,
  PyUnknown,
  type PyValue,
} from '../python/values';
import { constant } from '../tensor/convert';
import type { DType } from '../tensor/dtype';
import { tfDTypeRepr } from '../tensor/format';
import { Tensor, Variable } from '../tensor/tensor';
import { classes, NdArray, ShapeBox, wrapDType, wrapTensor } from './boxes';
import { dtypeArg, toTensor } from './convert';
import { markSymbolic, setSymbolicVariable } from './symbolic';

export interface TensorSpecBox {
  shape: (number | null)[] | null;
  dtype: DType;
  name: string | null;
}

interface Trace {
  /** The bound arguments of the tracing call: a reusing call runs with these in place of its Python values. */
  bound: PyValue[];
}

interface FunctionState {
  fn: PyValue;
  signature: TensorSpecBox[] | null;
  traces: Map<string, Trace>;
  count: { n: number };
  /** The instance a method-decorated function is bound to. */
  self: PyValue | undefined;
}

/** `tf.config.run_functions_eagerly`, per run (keyed by the run's interpreter). */
const eagerRuns = new WeakMap<object, boolean>();

export function setRunFunctionsEagerly(on: boolean): void {
  eagerRuns.set(runtime(), on);
}
export function functionsRunEagerly(): boolean {
  return eagerRuns.get(runtime()) ?? false;
}

function shapeText(shape: readonly (number | null)[] | null): string {
  if (shape === null) return '<unknown>';
  const dims = shape.map((d) => (d === null ? 'None' : String(d)));
  return `(${dims.join(', ')}${dims.length === 1 ? ',' : ''})`;
}

export function tensorSpecRepr(s: TensorSpecBox): string {
  return `TensorSpec(shape=${shapeText(s.shape)}, dtype=${tfDTypeRepr(s.dtype)}, name=${s.name === null ? 'None' : `'${s.name}'`})`;
}

function specFits(spec: TensorSpecBox, dtype: DType, shape: readonly number[]): boolean {
  if (spec.dtype !== dtype) return false;
  if (spec.shape === null) return true;
  return spec.shape.length === shape.length && spec.shape.every((d, i) => d === null || d === shape[i]);
}

/** The trace key of one argument; undefined for an Unknown (the call is then unknown). */
function keyOf(v: PyValue, out: string[]): boolean {
  if (v === null) out.push('N');
  else if (typeof v === 'boolean' || typeof v === 'bigint' || typeof v === 'number') {
    const x = typeof v === 'boolean' ? (v ? 1 : 0) : v;
    if (typeof x === 'number' && Number.isNaN(x)) out.push(`nan${nanCount++}`);
    else out.push(`S${String(typeof x === 'bigint' && x >= -(2n ** 53n) && x <= 2n ** 53n ? Number(x) : x)}`);
  } else if (typeof v === 'string') out.push(`s${JSON.stringify(v)}`);
  else if (v instanceof PyUnknown) return false;
  else if (v instanceof PyList || v instanceof PyTuple) {
    out.push(v instanceof PyList ? '[' : '(');
    for (const x of v.items) if (!keyOf(x, out)) return false;
    out.push(v instanceof PyList ? ']' : ')');
  } else if (v instanceof PyDict) {
    out.push('{');
    for (const e of v.map.values()) {
      if (!keyOf(e.key, out) || !keyOf(e.value, out)) return false;
    }
    out.push('}');
  } else if (v instanceof PyInstance && v.payload instanceof Tensor) {
    out.push(`T${v.payload.dtype}${v.payload.shape.join(',')};`);
  } else if (v instanceof PyInstance && v.payload instanceof NdArray) {
    out.push(`T${v.payload.t.dtype}${v.payload.t.shape.join(',')};`);
  } else if (v instanceof PyInstance && v.payload instanceof Variable) {
    out.push(`V${v.payload.dtype}${v.payload.shape.join(',')};`);
  } else out.push(`O${objectId(v as object)}`);
  return true;
}
let nanCount = 0;

/** A function's result as TF returns it: Python numbers, bools and strings become tensors, nests keep shape. */
function toOutputs(v: PyValue): PyValue {
  if (typeof v === 'boolean' || typeof v === 'bigint' || typeof v === 'number' || typeof v === 'string') {
    return wrapTensor(constant(v));
  }
  if (v instanceof PyList) return new PyList(v.items.map(toOutputs));
  if (v instanceof PyTuple) return new PyTuple(v.items.map(toOutputs));
  if (v instanceof PyDict) {
    const d = new PyDict();
    for (const [k, e] of v.map) d.map.set(k, { key: e.key, value: toOutputs(e.value) });
    return d;
  }
  if (v instanceof PyInstance && v.payload instanceof NdArray) return wrapTensor(toTensor(v));
  return v;
}

/** Parameter names and bound values of a call, defaults applied (so `g(3)` and `g(a=3)` share a trace). */
function bind(fn: PyValue, args: PyValue[], kwargs: KwArgs): { names: string[]; values: PyValue[] } | null {
  if (!(fn instanceof PyFunction)) return null;
  const { spec, names } = functionSpec(fn);
  if (spec.vararg || spec.kwarg) return null;
  return { names, values: bindArguments(spec, args, kwargs) };
}

function callWith(fn: PyValue, names: string[], values: PyValue[], ctx: CallContext): PyValue {
  const f = fn as PyFunction;
  const { spec } = functionSpec(f);
  const npos = spec.args.length;
  const kw = new Map<string, PyValue>();
  for (let i = npos; i < names.length; i++) kw.set(names[i], values[i]);
  return ctx.call(fn, values.slice(0, npos), kw);
}

function signatureText(names: string[], sig: TensorSpecBox[]): string {
  return `(${sig.map((s, i) => `${names[i] ?? `arg${i}`}: ${tensorSpecRepr(s)}`).join(', ')})`;
}

function bindingError(
  why: string,
  args: PyValue[],
  kwargs: KwArgs,
  names: string[],
  sig: TensorSpecBox[],
  ctx: CallContext,
) {
  const argText = args.length === 1 ? `(${ctx.repr(args[0])},)` : `(${args.map((a) => ctx.repr(a)).join(', ')})`;
  const kwText = `{${[...kwargs].map(([k, v]) => `'${k}': ${ctx.repr(v)}`).join(', ')}}`;
  return pyError(
    TypeError,
    `Binding inputs to tf.function failed due to \`${why}\`. Received args: ${argText} and kwargs: ${kwText} for signature: ${signatureText(names, sig)}.`,
  );
}

/** Arguments converted to the input signature's specs, or TF's binding TypeError. */
function applySignature(st: FunctionState, args: PyValue[], kwargs: KwArgs, ctx: CallContext): PyValue[] {
  const sig = st.signature as TensorSpecBox[];
  const fn = st.fn as PyFunction;
  const { names } = functionSpec(fn);
  const params = st.self === undefined ? names : names.slice(1);
  if (args.length > sig.length) throw bindingError('too many positional arguments', args, kwargs, params, sig, ctx);
  const given = [...args];
  for (const [k, v] of kwargs) {
    const i = params.indexOf(k);
    if (i < 0 || i < args.length) {
      throw bindingError(`got an unexpected keyword argument '${k}'`, args, kwargs, params, sig, ctx);
    }
    given[i] = v;
  }
  return sig.map((spec, i) => {
    const v = given[i];
    if (v === undefined)
      throw bindingError(`missing a required argument: '${params[i]}'`, args, kwargs, params, sig, ctx);
    let t: Tensor;
    if (v instanceof PyInstance && (v.payload instanceof Tensor || v.payload instanceof Variable)) t = toTensor(v);
    else {
      try {
        t = toTensor(v, spec.dtype);
      } catch (e) {
        const msg = e instanceof EngineError ? e.message : e instanceof Error ? e.message : String(e);
        throw bindingError(msg, args, kwargs, params, sig, ctx);
      }
    }
    if (!specFits(spec, t.dtype, t.shape)) {
      const got: TensorSpecBox = { shape: [...t.shape], dtype: t.dtype, name: null };
      throw bindingError(
        `Can not cast ${tensorSpecRepr(got)} to ${tensorSpecRepr(spec)}`,
        args,
        kwargs,
        params,
        sig,
        ctx,
      );
    }
    return v instanceof PyInstance && v.payload instanceof Variable ? v : wrapTensor(t);
  });
}

/** Calls of `tf.function`s running now (their bodies are graphs in TF: `tf.executing_eagerly()` is False). */
let graphDepth = 0;

export function executingEagerly(): boolean {
  return graphDepth === 0;
}

/** Runs one call with TF's trace-or-reuse semantics. */
function callFunction(st: FunctionState, args: PyValue[], kwargs: KwArgs, ctx: CallContext): PyValue {
  if (functionsRunEagerly()) {
    return toOutputs(ctx.call(st.fn, st.self === undefined ? args : [st.self, ...args], kwargs));
  }
  graphDepth++;
  try {
    return callGraph(st, args, kwargs, ctx);
  } finally {
    graphDepth--;
  }
}

function callGraph(st: FunctionState, args: PyValue[], kwargs: KwArgs, ctx: CallContext): PyValue {
  if (functionsRunEagerly()) {
    return toOutputs(ctx.call(st.fn, st.self === undefined ? args : [st.self, ...args], kwargs));
  }
  let callArgs = args;
  let callKw = kwargs;
  if (st.signature) {
    callArgs = applySignature(st, args, kwargs, ctx);
    callKw = EMPTY_KWARGS;
  }
  const full = st.self === undefined ? callArgs : [st.self, ...callArgs];
  const b = bind(st.fn, full, callKw);
  if (b === null) {
    // A callable other than a plain `def` (or one with *args/**kwargs): traced on every call would be wrong
    // counts, so its Python runs eagerly as TF would on the first call only when we cannot tell.
    return ctx.unsupported('tf.function of this callable');
  }
  const parts: string[] = [];
  for (const v of b.values) if (!keyOf(v, parts)) return ctx.unsupported('tf.function with an unknown argument');
  const key = st.signature ? signatureKey(st) : parts.join('|');
  const trace = st.traces.get(key);
  if (trace === undefined) {
    st.traces.set(key, { bound: b.values });
    st.count.n++;
    return toOutputs(trace_(st, b.names, b.values, ctx));
  }
  // Reuse: tensors are the graph's inputs (new values); Python values were baked in at trace time.
  const values = b.values.map((v, i) => (isTensorArg(v) || trace.bound[i] === undefined ? v : trace.bound[i]));
  // Python's side effects happened when the trace was made: `print` is silenced and in-place changes to lists,
  // dicts and objects from before the call are undone.
  printGate.closed++;
  try {
    return toOutputs(withoutSideEffects(() => callWith(st.fn, b.names, values, ctx)));
  } finally {
    printGate.closed--;
  }
}

/** With an input signature there is one trace per instance a method is bound to. */
function signatureKey(st: FunctionState): string {
  return st.self === undefined ? 'signature' : `signature|${objectId(st.self as object)}`;
}

function isTensorArg(v: PyValue): boolean {
  return (
    v instanceof PyInstance &&
    (v.payload instanceof Tensor || v.payload instanceof Variable || v.payload instanceof NdArray)
  );
}

/** The tracing call: tensor arguments print as symbolic tensors named after their parameters. */
function trace_(st: FunctionState, names: string[], values: PyValue[], ctx: CallContext): PyValue {
  const vars: PyInstance[] = [];
  const sigOffset = st.self === undefined ? 0 : 1;
  const traced = values.map((v, i) => {
    if (v instanceof PyInstance && v.payload instanceof Variable) {
      vars.push(v);
      setSymbolicVariable(v, true);
      return v;
    }
    if (!(v instanceof PyInstance) || !(v.payload instanceof Tensor || v.payload instanceof NdArray)) return v;
    const t = toTensor(v);
    const spec = st.signature?.[i - sigOffset];
    const shape = spec ? (spec.shape ?? t.shape.map(() => null)) : [...t.shape];
    const w = wrapTensor(t);
    markSymbolic(w, { name: `${names[i]}:0`, shape });
    return w;
  });
  try {
    return callWith(st.fn, names, traced, ctx);
  } finally {
    for (const v of vars) setSymbolicVariable(v, false);
  }
}

let FunctionClass: PyClass | undefined;
let ConcreteClass: PyClass | undefined;
let SpecClass: PyClass | undefined;

function newFunction(st: FunctionState): PyInstance {
  return new PyInstance(functionClass(), st);
}

const stateOf = (s: PyValue): FunctionState => (s as PyInstance).payload as FunctionState;

/** A `**kwargs` dict as the keyword map the calls take (its keys are strings). */
function kwargsOf(d: PyValue): KwArgs {
  const m = new Map<string, PyValue>();
  for (const e of (d as PyDict).map.values()) m.set(e.key as string, e.value);
  return m;
}

function functionClass(): PyClass {
  FunctionClass ??= nativeClass({
    name: 'Function',
    module: 'tensorflow.python.eager.polymorphic_function.polymorphic_function',
    methods: {
      __call__: def('__call__(self, /, *args, **kwargs)', ({ self, args, kwargs }, ctx) =>
        callFunction(stateOf(self), (args as PyTuple).items.slice(), kwargsOf(kwargs), ctx),
      ),
      __get__: def('__get__(self, value, /)', ({ self, value: obj }) => {
        if (obj === null || obj === undefined) return self as PyValue;
        const st = stateOf(self);
        return newFunction({ ...st, self: obj });
      }),
      get_concrete_function: def(
        'get_concrete_function(self, /, *args, **kwargs)',
        ({ self, args, kwargs: kw }, ctx) => {
          const st = stateOf(self);
          const given = (args as PyTuple).items.slice();
          const kwargs = kwargsOf(kw);
          if (st.signature === null && given.length === 0 && kwargs.size === 0 && !takesNoArguments(st)) {
            throw pyError(TypeError, 'get_concrete_function() needs arguments or an input_signature');
          }
          if (st.signature) {
            // TF traces here without running the graph; the body is not run (it could assign to variables), so
            // the first call after this reuses the trace.
            if (!st.traces.has(signatureKey(st))) {
              st.traces.set(signatureKey(st), { bound: [] });
              st.count.n++;
            }
          } else if ([...given, ...kwargs.values()].some(isSpec)) {
            const traced = traceFromSpecs(st, given, kwargs, ctx);
            if (traced !== null) return traced;
          } else callFunction(st, given, kwargs, ctx);
          return new PyInstance(concreteClass(), st);
        },
      ),
      experimental_get_tracing_count: def('experimental_get_tracing_count(self)', ({ self }) =>
        BigInt(stateOf(self).count.n),
      ),
    },
    getters: {
      python_function: (s) => stateOf(s).fn,
      input_signature: (s) => {
        const sig = stateOf(s).signature;
        return sig === null ? null : new PyTuple(sig.map((x) => new PyInstance(specClass(), x)));
      },
    },
  });
  return FunctionClass;
}

const isSpec = (v: PyValue) => v instanceof PyInstance && v.cls === SpecClass;

/**
 * `f.get_concrete_function(tf.TensorSpec(...))`: TF traces for tensors of the specs. The trace is recorded (a call
 * with matching tensors reuses it) but the body is not run, as for an input signature: run on stand-in values it
 * could assign them to variables. A spec with an unknown dimension is unknown (its trace would accept many shapes).
 */
function traceFromSpecs(st: FunctionState, given: PyValue[], kwargs: KwArgs, ctx: CallContext): PyValue | null {
  const b = bind(st.fn, st.self === undefined ? given : [st.self, ...given], kwargs);
  if (b === null) return ctx.unsupported('get_concrete_function of this callable');
  const parts: string[] = [];
  for (const v of b.values) {
    if (isSpec(v)) {
      const spec = (v as PyInstance).payload as TensorSpecBox;
      if (spec.shape === null || spec.shape.some((d) => d === null)) {
        return ctx.unsupported('get_concrete_function with a TensorSpec of unknown dimensions');
      }
      parts.push(`T${spec.dtype}${spec.shape.join(',')};`);
    } else if (!keyOf(v, parts)) return ctx.unsupported('get_concrete_function with an unknown argument');
  }
  const key = parts.join('|');
  if (!st.traces.has(key)) {
    st.traces.set(key, { bound: b.values });
    st.count.n++;
  }
  return null;
}

function takesNoArguments(st: FunctionState): boolean {
  const fn = st.fn;
  return fn instanceof PyFunction && functionSpec(fn).names.length === (st.self === undefined ? 0 : 1);
}

function concreteClass(): PyClass {
  ConcreteClass ??= nativeClass({
    name: 'ConcreteFunction',
    module: 'tensorflow.python.eager.polymorphic_function.concrete_function',
    methods: {
      __call__: def('__call__(self, /, *args, **kwargs)', ({ self, args, kwargs }, ctx) =>
        callFunction(stateOf(self), (args as PyTuple).items.slice(), kwargsOf(kwargs), ctx),
      ),
      __repr__: def('__repr__(self)', (_a, ctx) => ctx.unsupported('printing a ConcreteFunction')),
      __str__: def('__str__(self)', (_a, ctx) => ctx.unsupported('printing a ConcreteFunction')),
    },
  });
  return ConcreteClass;
}

export function specClass(): PyClass {
  SpecClass ??= nativeClass({
    name: 'TensorSpec',
    module: 'tensorflow.python.framework.tensor',
    construct: (_cls, args, kwargs) => {
      const get = (i: number, k: string) => args[i] ?? kwargs.get(k) ?? null;
      const shape = get(0, 'shape');
      const dtype = get(1, 'dtype');
      const name = get(2, 'name');
      return new PyInstance(specClass(), {
        shape: shapeOf(shape),
        dtype: dtype === null ? 'float32' : (dtypeArg(dtype) as DType),
        name: name === null ? null : String(name),
      } satisfies TensorSpecBox);
    },
    methods: {
      __repr__: def('__repr__(self)', ({ self: s }) => tensorSpecRepr((s as PyInstance).payload as TensorSpecBox)),
    },
    getters: {
      shape: (s, ctx) => {
        const sh = ((s as PyInstance).payload as TensorSpecBox).shape;
        return sh === null
          ? ctx.unsupported('TensorShape(None)')
          : new PyInstance(classes.TensorShape, new ShapeBox(sh));
      },
      dtype: (s) => wrapDType(((s as PyInstance).payload as TensorSpecBox).dtype),
      name: (s) => ((s as PyInstance).payload as TensorSpecBox).name,
    },
  });
  return SpecClass;
}

function shapeOf(v: PyValue): (number | null)[] | null {
  if (v === null) return null;
  if (v instanceof PyList || v instanceof PyTuple) return v.items.map((x) => (x === null ? null : Number(x)));
  if (v instanceof PyInstance && v.payload instanceof ShapeBox) return [...v.payload.dims];
  if (typeof v === 'bigint') return [Number(v)];
  throw pyError(TypeError, `Cannot convert ${String(v)} to a shape`);
}

function specsOf(v: PyValue): TensorSpecBox[] | null {
  if (v === null) return null;
  const items = v instanceof PyList || v instanceof PyTuple ? v.items : [v];
  return items.map((x) => {
    if (x instanceof PyInstance && x.cls === specClass()) return x.payload as TensorSpecBox;
    throw pyError(TypeError, 'input_signature must be a possibly nested sequence of TensorSpec objects');
  });
}

function makeFunction(fn: PyValue, signature: PyValue): PyInstance {
  return newFunction({ fn, signature: specsOf(signature), traces: new Map(), count: { n: 0 }, self: undefined });
}

/** `tf.function(func=None, input_signature=None, ...)`, as a call or a decorator with or without arguments. */
export const tfFunction = def(
  'function(func=None, input_signature=None, autograph=True, jit_compile=None, reduce_retracing=False, experimental_implements=None, experimental_autograph_options=None, experimental_attributes=None, experimental_relax_shapes=None, experimental_compile=None, experimental_follow_type_hints=None)',
  ({ func, input_signature }) =>
    func !== null
      ? makeFunction(func, input_signature)
      : def('decorator(func)', (a) => makeFunction(a.func, input_signature)),
);

/** `tf.print` writes even while Python's `print` is silenced by a reused trace. */
export function tfPrintEmit(text: string, end: string, ctx: CallContext): void {
  emitPrint(`${text}${end}`, ctx.span, 'stderr');
}
