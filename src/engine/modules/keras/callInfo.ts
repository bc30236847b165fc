/**
 * Keras's `inject_argument_info_in_traceback`: an exception raised inside a layer's `call` is raised again, of the
 * same class, with the layer's call and the arguments it received around the message:
 *
 *     Exception encountered when calling Sequential.call().
 *
 *     <bold>the original message<reset>
 *
 *     Arguments received by Sequential.call():
 *       • inputs=tf.Tensor(shape=(2, 100), dtype=float32)
 *       • training=None
 *
 * Only the innermost failing call adds this. Inside `fit`/`evaluate` Keras runs the step as a traced function, so the
 * shapes it names have an unknown batch dimension: `batchTraced` rewrites them.
 */

import { EngineError } from '../../errors';
import { type BindSpec, functionSpec } from '../../python/calls';
import { dictEntries, dictSet } from '../../python/dict';
import { Exception, exceptionState, PyException, pyError, RuntimeError, TypeError } from '../../python/exceptions';
import { nativeSignature } from '../../python/native';
import {
  type CallContext,
  type KwArgs,
  PyBoundMethod,
  PyDict,
  PyFunction,
  PyInstance,
  PyList,
  PyNativeFunction,
  PyTuple,
  type PyValue,
} from '../../python/values';
import { shapeTuple } from '../../tensor/shape';
import { Tensor, Variable } from '../../tensor/tensor';

/** Exceptions (Python instances, or engine errors not yet raised as Python exceptions) that carry call info. */
const injected = new WeakSet<object>();

const EMPTY = "<class 'inspect._empty'>";

/** `format_argument_value`: a tensor as its class, shape and dtype, anything else as its repr. */
function formatLeaf(v: PyValue, ctx: CallContext): string {
  const p = v instanceof PyInstance ? v.payload : undefined;
  if (p instanceof Tensor || p instanceof Variable) return `tf.Tensor(shape=${shapeTuple(p.shape)}, dtype=${p.dtype})`;
  return ctx.repr(v);
}

/** `tree.map_structure(format_argument_value, v)` as an f-string shows it. */
function formatArgument(v: PyValue, ctx: CallContext): string {
  const map = (x: PyValue): PyValue => {
    if (x instanceof PyList) return new PyList(x.items.map(map));
    if (x instanceof PyTuple) return new PyTuple(x.items.map(map));
    if (x instanceof PyDict) {
      const d = new PyDict();
      for (const e of dictEntries(x)) dictSet(d, e.key, map(e.value));
      return d;
    }
    return formatLeaf(x, ctx);
  };
  const mapped = map(v);
  return typeof mapped === 'string' ? mapped : ctx.str(mapped);
}

function signatureOf(fn: PyValue): BindSpec | undefined {
  const f = fn instanceof PyBoundMethod ? fn.func : fn;
  const bound = fn instanceof PyBoundMethod;
  let spec: BindSpec | undefined;
  if (f instanceof PyFunction) spec = functionSpec(f).spec;
  else if (f instanceof PyNativeFunction) spec = nativeSignature(f);
  if (!spec) return undefined;
  if (!bound || spec.args.length === 0) return spec;
  const dropped = spec.args.length - 1 < spec.defaults.length ? 1 : 0;
  return {
    ...spec,
    args: spec.args.slice(1),
    posOnly: Math.max(0, spec.posOnly - 1),
    defaults: spec.defaults.slice(dropped),
  };
}

/** The names of `fn`'s parameters (`inspect.signature(fn).parameters`), `self` left out of a bound method's. */
export function parameterNames(fn: PyValue): string[] {
  const spec = signatureOf(fn);
  if (!spec) return [];
  return [
    ...spec.args,
    ...(spec.vararg === null ? [] : [spec.vararg]),
    ...spec.kwOnly,
    ...(spec.kwarg === null ? [] : [spec.kwarg]),
  ];
}

/** `  • name=value` per parameter of `fn`, as `inspect.signature(fn).bind(*args, **kwargs)` binds them. */
function argumentLines(fn: PyValue, args: PyValue[], kwargs: KwArgs, ctx: CallContext): string[] | undefined {
  const spec = signatureOf(fn);
  if (!spec) return undefined;
  const given = new Map<string, PyValue>();
  const n = spec.args.length;
  args.slice(0, n).forEach((v, i) => {
    given.set(spec.args[i], v);
  });
  if (args.length > n) {
    if (spec.vararg === null) return undefined;
    given.set(spec.vararg, new PyTuple(args.slice(n)));
  }
  const extra = new PyDict();
  for (const [k, v] of kwargs) {
    if ((spec.args.includes(k) && spec.args.indexOf(k) >= spec.posOnly) || spec.kwOnly.includes(k)) {
      if (given.has(k)) return undefined;
      given.set(k, v);
    } else if (spec.kwarg !== null) dictSet(extra, k, v);
    else return undefined;
  }
  if (spec.kwarg !== null && extra.map.size) given.set(spec.kwarg, extra);
  const firstDefault = n - spec.defaults.length;
  const lines: string[] = [];
  const line = (name: string, fallback: () => string): void => {
    const v = given.get(name);
    lines.push(`  • ${name}=${v !== undefined ? formatArgument(v, ctx) : fallback()}`);
  };
  spec.args.forEach((name, i) => {
    line(name, () => (i >= firstDefault ? ctx.str(spec.defaults[i - firstDefault]) : EMPTY));
  });
  if (spec.vararg !== null) line(spec.vararg, () => EMPTY);
  for (const name of spec.kwOnly) {
    line(name, () => {
      const d = spec.kwDefaults?.get(name);
      return d === undefined ? EMPTY : ctx.str(d);
    });
  }
  if (spec.kwarg !== null) line(spec.kwarg, () => EMPTY);
  return lines;
}

/** The exception's message as Keras reads it: `e.args[0]` (or the op error's message). */
function messageOf(e: PyException | EngineError, ctx: CallContext): string {
  if (e instanceof EngineError) return e.message;
  const args = exceptionState(e.value).args;
  return args.length ? ctx.str(args[0]) : '';
}

/** `e.__class__(message)`, or a RuntimeError when the class cannot be made from one message. */
function sameKind(e: PyException, message: string, ctx: CallContext): PyException {
  let made: PyException;
  try {
    const inst = ctx.call(e.cls, [message]);
    made =
      inst instanceof PyInstance && inst.cls.isException
        ? new PyException(inst, message)
        : pyError(RuntimeError, message);
  } catch (err) {
    if (!(err instanceof PyException && err.cls.isSubclassOf(TypeError))) throw err;
    made = pyError(RuntimeError, message);
  }
  // Keras re-raises with the original traceback: the error stays located where it was raised.
  exceptionState(made.value).frames = e.frames;
  return made;
}

/**
 * What propagates out of `layer.call(*args, **kwargs)` when it raised `e`: the same kind of exception with the call's
 * information (once, at the innermost call), or `e` itself.
 */
export function withCallInfo(
  e: unknown,
  layerClass: string,
  fn: PyValue,
  args: PyValue[],
  kwargs: KwArgs,
  ctx: CallContext,
): unknown {
  if (e instanceof PyException) {
    if (injected.has(e.value) || !e.cls.isSubclassOf(Exception)) return e;
  } else if (!(e instanceof EngineError) || injected.has(e)) return e;
  const lines = argumentLines(fn, args, kwargs, ctx);
  if (!lines?.length) return e;
  const name = `${layerClass}.call()`;
  const message =
    `Exception encountered when calling ${name}.\n\n\x1b[1m${messageOf(e, ctx)}\x1b[0m\n\n` +
    `Arguments received by ${name}:\n${lines.join('\n')}`;
  if (e instanceof EngineError) {
    const out = new EngineError(e.pyType, message, e.op);
    injected.add(out);
    return out;
  }
  const out = sameKind(e, message, ctx);
  injected.add(out.value);
  return out;
}

/**
 * An error raised while `fit`/`evaluate` ran a step on a batch of `batch` rows: TensorFlow traced that step with an
 * unknown batch size, so the shapes its messages name start with None.
 */
export function batchTraced(e: unknown, batch: number): unknown {
  const fix = (m: string): string => m.replace(new RegExp(`\\(${batch}(,\\)|, )`, 'g'), '(None$1');
  if (e instanceof EngineError) {
    const m = fix(e.message);
    if (m === e.message) return e;
    const out = new EngineError(e.pyType, m, e.op);
    if (injected.has(e)) injected.add(out);
    return out;
  }
  if (!(e instanceof PyException)) return e;
  const st = exceptionState(e.value);
  if (st.args.length !== 1 || typeof st.args[0] !== 'string') return e;
  const m = fix(st.args[0]);
  if (m === st.args[0]) return e;
  st.args = [m];
  return new PyException(e.value, m);
}

/**
 * Set while `fit`, `evaluate` or `predict` runs the model on a batch: Keras runs its step as a traced function, in
 * which the model's input is a graph tensor (`Tensor("data:0", shape=(None, 3), dtype=float32)`).
 */
export const trace = { active: false };

export function inTrace<T>(f: () => T): T {
  const outer = trace.active;
  trace.active = true;
  try {
    return f();
  } finally {
    trace.active = outer;
  }
}
