/**
 * The host-object contract: native functions (with Python signatures), native classes whose instances wrap a JS
 * payload, and native modules. This is what the `tensorflow` and `numpy` modules are built on; see README.md.
 */
import { type ArityErrors, type BindSpec, type BoundArgs, binder } from './calls';
import { pyError, TypeError } from './exceptions';
import {
  type CallContext,
  EMPTY_TUPLE,
  type KwArgs,
  ObjectType,
  PyClass,
  PyClassMethod,
  PyInstance,
  PyModule,
  PyNativeFunction,
  PyProperty,
  PyStaticMethod,
  type PyValue,
  typeName,
} from './values';

/** The bound arguments of a native function, by parameter name; a `[name]` parameter not given is absent. */
export type Args = BoundArgs;

export interface DefOptions {
  /** Receive Unknown arguments instead of short-circuiting to Unknown (default false). */
  acceptsUnknown?: boolean;
  /**
   * The wording of arity errors: a Python function's (`'python'`, the default) or that of one of CPython's C calling
   * conventions for builtins (see `ArityErrors` in calls.ts).
   */
  errors?: ArityErrors;
}

function parseDefault(text: string): PyValue {
  const t = text.trim();
  if (t === 'None') return null;
  if (t === 'True') return true;
  if (t === 'False') return false;
  if (t === '()') return EMPTY_TUPLE;
  if (/^-?\d+$/.test(t)) return BigInt(t);
  if (/^-?(\d+\.\d*|\.\d+|\d+(\.\d*)?[eE][-+]?\d+)$/.test(t) || t === 'inf' || t === '-inf')
    return Number(t.replace('inf', 'Infinity'));
  const m = /^(['"])(.*)\1$/s.exec(t);
  if (m) return m[2];
  throw new Error(`signature: unsupported default ${text}`);
}

/**
 * Parses a Python signature: `'reduce_sum(input_tensor, axis=None, keepdims=False, name=None)'`,
 * `'f(x, /, y, *args, k=1, **kwargs)'`. Defaults may be None, True, False, numbers, strings or `()`; a positional
 * parameter written `[default]` is optional with no default (CPython's `getattr(object, name[, default])`).
 */
export function parseSignature(sig: string): BindSpec {
  let spec = signatureCache.get(sig);
  if (!spec) {
    spec = parseSignatureText(sig);
    signatureCache.set(sig, spec);
  }
  return spec;
}

/**
 * Parsed signatures by text, per worker: the host modules are rebuilt on every run (≈ 400 signatures), and a spec
 * is immutable once parsed (its defaults are None, booleans, numbers, strings or the shared empty tuple).
 */
const signatureCache = new Map<string, BindSpec>();

function parseSignatureText(sig: string): BindSpec {
  const m = /^\s*([\w.]+)\s*\((.*)\)\s*$/s.exec(sig);
  if (!m) throw new Error(`signature: cannot parse ${sig}`);
  const spec: BindSpec = {
    name: m[1],
    args: [],
    posOnly: 0,
    defaults: [],
    vararg: null,
    kwOnly: [],
    kwDefaults: null,
    kwarg: null,
  };
  const defaults: PyValue[] = [];
  const kwDefaults = new Map<string, PyValue>();
  let afterStar = false;
  const params = m[2].trim() ? m[2].split(',').map((p) => p.trim()) : [];
  for (const p of params) {
    if (p === '') continue;
    if (p === '/') {
      spec.posOnly = spec.args.length;
      continue;
    }
    if (p === '*') {
      afterStar = true;
      continue;
    }
    if (p.startsWith('**')) {
      spec.kwarg = p.slice(2);
      continue;
    }
    if (p.startsWith('*')) {
      spec.vararg = p.slice(1);
      afterStar = true;
      continue;
    }
    const optional = /^\[(\w+)\]$/.exec(p);
    if (optional && afterStar) {
      spec.kwOnly.push(optional[1]);
      kwDefaults.set(optional[1], NOT_GIVEN);
      continue;
    }
    if (optional) {
      spec.args.push(optional[1]);
      defaults.push(NOT_GIVEN);
      continue;
    }
    const eq = p.indexOf('=');
    const name = eq >= 0 ? p.slice(0, eq).trim() : p;
    if (afterStar) {
      spec.kwOnly.push(name);
      if (eq >= 0) kwDefaults.set(name, parseDefault(p.slice(eq + 1)));
    } else {
      spec.args.push(name);
      if (eq >= 0) defaults.push(parseDefault(p.slice(eq + 1)));
      else if (defaults.length) throw new Error(`signature: non-default parameter after default in ${sig}`);
    }
  }
  spec.defaults = defaults;
  spec.kwDefaults = kwDefaults.size ? kwDefaults : null;
  return spec;
}

/** The "default" of a `[name]` parameter: the parameter is absent from the bound record. */
const NOT_GIVEN = undefined as unknown as PyValue;

/**
 * The one way to define a native function: a Python signature and an implementation that reads the bound arguments
 * by name (`*args` is a tuple, `**kwargs` a dict).
 *
 * ```ts
 * def('reduce_sum(input_tensor, axis=None, keepdims=False, name=None)', (a) => ...a.input_tensor...)
 * def('len(obj, /)', ({ obj }) => ..., { errors: 'exactlyOne' })
 * ```
 *
 * Wrong or missing arguments raise CPython's TypeErrors ("reduce_sum() missing 1 required positional argument:
 * 'input_tensor'"), worded as `opts.errors` says. The name before `(` may be dotted (`Tensor.numpy`); the function's
 * `__name__` is its last part.
 */
export function def(
  signature: string,
  impl: (a: Args, ctx: CallContext) => PyValue,
  opts: DefOptions = {},
): PyNativeFunction {
  // The signature is parsed, and its binder made, on the first call: a module defines hundreds of functions and a
  // program calls a few (parsing them all was a twentieth of a cold CLI run).
  const open = signature.indexOf('(');
  const name = (open < 0 ? signature : signature.slice(0, open)).trim();
  let bind: ReturnType<typeof binder> | undefined;
  const fn = new PyNativeFunction(
    name.slice(name.lastIndexOf('.') + 1),
    (args, kwargs, ctx) =>
      impl((bind ??= binder(parseSignature(signature), opts.errors ?? 'python'))(args, kwargs), ctx),
    opts.acceptsUnknown ?? false,
  );
  nativeSignatures.set(fn, signature);
  return fn;
}

const nativeSignatures = new WeakMap<PyNativeFunction, string>();

/** The signature a `def` was declared with (as `inspect.signature` reads it). */
export const nativeSignature = (fn: PyNativeFunction): BindSpec | undefined => {
  const text = nativeSignatures.get(fn);
  return text === undefined ? undefined : parseSignature(text);
};

export interface NativeClassSpec {
  name: string;
  /** `__module__`, shown in reprs: `<class 'tensorflow.python.framework.ops.EagerTensor'>`. */
  module?: string;
  qualname?: string;
  bases?: PyClass[];
  /**
   * Methods by name, including dunders (`__init__`, `__add__`, `__radd__`, `__getitem__`, `__enter__`, `__repr__`,
   * ...). A raw function receives `args[0] = self`. Return `NotImplemented` from a binary dunder to let Python try
   * the reflected one.
   */
  methods?: Record<string, PyNativeFunction>;
  /** Read-only properties: `t.shape`, `t.dtype`. */
  getters?: Record<string, (self: PyInstance, ctx: CallContext) => PyValue>;
  /** Writable properties (paired with a getter of the same name). */
  setters?: Record<string, (self: PyInstance, value: PyValue, ctx: CallContext) => void>;
  staticMethods?: Record<string, PyNativeFunction>;
  classMethods?: Record<string, PyNativeFunction>;
  /** Plain class attributes. */
  attrs?: Record<string, PyValue>;
  /** Replaces construction (`Cls(...)`) entirely, e.g. to return an existing object. */
  construct?: (cls: PyClass, args: PyValue[], kwargs: KwArgs, ctx: CallContext) => PyValue;
  /** Missing attributes on instances give Unknown plus one information diagnostic instead of AttributeError. */
  lenientAttributes?: boolean;
}

function toFunction(impl: PyNativeFunction, owner: string): PyNativeFunction {
  impl.ownerName ??= owner;
  return impl;
}

/**
 * Defines a native class. Instances are `PyInstance`s whose `payload` holds the host object; create them with
 * `wrap(cls, payload)` or let Python call the class (then `__init__` receives the fresh instance and sets its
 * payload). Python classes may subclass it; `self.dict` then holds the attributes the Python code set.
 */
export function nativeClass(spec: NativeClassSpec): PyClass {
  const dict = new Map<string, PyValue>();
  const name = spec.name;
  for (const [k, impl] of Object.entries(spec.methods ?? {})) dict.set(k, toFunction(impl, name));
  for (const [k, impl] of Object.entries(spec.staticMethods ?? {})) {
    dict.set(k, new PyStaticMethod(toFunction(impl, name)));
  }
  for (const [k, impl] of Object.entries(spec.classMethods ?? {})) {
    dict.set(k, new PyClassMethod(toFunction(impl, name)));
  }
  for (const [k, get] of Object.entries(spec.getters ?? {})) {
    const set = spec.setters?.[k];
    const fget = def(`${k}(self)`, ({ self }, ctx) => get(self as PyInstance, ctx));
    const fset = set
      ? def(`${k}(self, value)`, ({ self, value }, ctx) => {
          set(self as PyInstance, value, ctx);
          return null;
        })
      : null;
    dict.set(k, new PyProperty(fget, fset));
  }
  for (const [k, v] of Object.entries(spec.attrs ?? {})) dict.set(k, v);
  if (spec.lenientAttributes && !dict.has('__getattr__')) {
    dict.set(
      '__getattr__',
      def('__getattr__(self, name)', ({ self, name }, ctx) => ctx.unsupported(`${typeName(self)}.${String(name)}`)),
    );
  }
  const cls = new PyClass(name, spec.bases?.length ? spec.bases : [ObjectType], dict, spec.module ?? 'builtins');
  cls.qualname = spec.qualname ?? name;
  if (spec.construct) cls.native = { construct: spec.construct };
  else if (
    (Object.keys(spec.methods ?? {}).length || spec.getters || spec.setters) &&
    !dict.has('__init__') &&
    !cls.bases.some((b) => b.native || b.lookup('__init__') !== objectInit())
  ) {
    // Instances only come from the host (`wrap`): calling the class, or a Python subclass that keeps this
    // `__init__`, would make one without a payload, which its methods read.
    const qual = `${cls.module === 'builtins' ? '' : `${cls.module}.`}${name}`;
    dict.set(
      '__init__',
      toFunction(
        def('__init__(*args, **kwargs)', () => {
          throw pyError(TypeError, `cannot create '${qual}' instances`);
        }),
        name,
      ),
    );
  }
  return cls;
}

const objectInit = () => ObjectType.lookup('__init__');

/** A new instance of a native class around `payload` (no `__init__` call). */
export function wrap(cls: PyClass, payload: unknown): PyInstance {
  return new PyInstance(cls, payload);
}

/** The payload of a native instance (optionally checking its class), or undefined. */
export function payloadOf<T>(v: PyValue, cls?: PyClass): T | undefined {
  if (!(v instanceof PyInstance)) return undefined;
  if (cls && !v.cls.isSubclassOf(cls)) return undefined;
  return v.payload as T | undefined;
}

/** Like `payloadOf` but raises TypeError (`expected EagerTensor, got 'int'`) when absent. */
export function expectPayload<T>(v: PyValue, cls: PyClass, what = cls.name): T {
  const p = payloadOf<T>(v, cls);
  if (p === undefined) throw pyError(TypeError, `expected ${what}, got '${typeName(v)}'`);
  return p;
}

export interface NativeModuleOptions {
  /** Called for a missing attribute before the default policy (Unknown + diagnostic); return undefined to decline. */
  fallback?: (name: string, ctx: CallContext) => PyValue | undefined;
  /** Raise AttributeError for missing attributes instead of giving Unknown. */
  strict?: boolean;
}

/** A module object for the `modules` registry: `{ tensorflow: () => nativeModule('tensorflow', {...}) }`. */
export function nativeModule(
  name: string,
  attrs: Record<string, PyValue> | Map<string, PyValue>,
  opts: NativeModuleOptions = {},
): PyModule {
  const dict = attrs instanceof Map ? attrs : new Map(Object.entries(attrs));
  return new PyModule(name, dict, opts.fallback ?? null, opts.strict ?? false);
}
