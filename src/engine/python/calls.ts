/** Binding call arguments to parameters, with CPython's TypeError messages. Shared by Python and native functions. */
import { dictSet } from './dict';
import { pyError, TypeError } from './exceptions';
import { type KwArgs, PyDict, type PyFunction, PyTuple, type PyValue } from './values';

/** A normalised signature. */
export interface BindSpec {
  /** Name used in messages: `f`, `Foo.method`. */
  name: string;
  args: string[];
  posOnly: number;
  /** Defaults of the last `defaults.length` positional parameters. */
  defaults: readonly PyValue[];
  vararg: string | null;
  kwOnly: string[];
  kwDefaults: ReadonlyMap<string, PyValue> | null;
  kwarg: string | null;
}

/** The names a bound argument array holds, in order: positionals, *args, keyword-only, **kwargs. */
export function boundNames(spec: BindSpec): string[] {
  const out = [...spec.args];
  if (spec.vararg) out.push(spec.vararg);
  out.push(...spec.kwOnly);
  if (spec.kwarg) out.push(spec.kwarg);
  return out;
}

function quoteList(names: string[]): string {
  const q = names.map((n) => `'${n}'`);
  if (q.length === 1) return q[0];
  if (q.length === 2) return `${q[0]} and ${q[1]}`;
  return `${q.slice(0, -1).join(', ')}, and ${q[q.length - 1]}`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Binds `args`/`kwargs`; returns the values in `boundNames(spec)` order. */
export function bindArguments(spec: BindSpec, args: readonly PyValue[], kwargs: KwArgs | null): PyValue[] {
  const n = spec.args.length;
  const out: PyValue[] = new Array(n + (spec.vararg ? 1 : 0) + spec.kwOnly.length + (spec.kwarg ? 1 : 0));
  const set: boolean[] = new Array(out.length).fill(false);
  if (args.length > n && !spec.vararg) {
    const min = n - spec.defaults.length;
    const takes = min === n ? plural(n, 'positional argument') : `from ${min} to ${n} positional arguments`;
    const given = args.length;
    throw pyError(TypeError, `${spec.name}() takes ${takes} but ${given} ${given === 1 ? 'was' : 'were'} given`);
  }
  const npos = Math.min(args.length, n);
  for (let i = 0; i < npos; i++) {
    out[i] = args[i];
    set[i] = true;
  }
  let at = n;
  if (spec.vararg) {
    out[at] = new PyTuple(args.slice(n));
    set[at] = true;
    at++;
  }
  const kwStart = at;
  const kwDict = spec.kwarg ? new PyDict() : null;
  if (kwargs && kwargs.size > 0) {
    const posOnlyAsKw: string[] = [];
    for (const [k, v] of kwargs) {
      const i = spec.args.indexOf(k);
      if (i >= spec.posOnly) {
        if (set[i]) throw pyError(TypeError, `${spec.name}() got multiple values for argument '${k}'`);
        out[i] = v;
        set[i] = true;
        continue;
      }
      const j = spec.kwOnly.indexOf(k);
      if (j >= 0) {
        out[kwStart + j] = v;
        set[kwStart + j] = true;
        continue;
      }
      if (kwDict) {
        dictSet(kwDict, k, v);
        continue;
      }
      if (i >= 0) {
        posOnlyAsKw.push(k);
        continue;
      }
      throw pyError(TypeError, `${spec.name}() got an unexpected keyword argument '${k}'`);
    }
    if (posOnlyAsKw.length) {
      throw pyError(
        TypeError,
        `${spec.name}() got some positional-only arguments passed as keyword arguments: '${posOnlyAsKw.join(', ')}'`,
      );
    }
  }
  const firstDefault = n - spec.defaults.length;
  const missing: string[] = [];
  for (let i = npos; i < n; i++) {
    if (set[i]) continue;
    if (i >= firstDefault) out[i] = spec.defaults[i - firstDefault];
    else missing.push(spec.args[i]);
  }
  if (missing.length) {
    throw pyError(
      TypeError,
      `${spec.name}() missing ${plural(missing.length, 'required positional argument')}: ${quoteList(missing)}`,
    );
  }
  const missingKw: string[] = [];
  spec.kwOnly.forEach((k, j) => {
    if (set[kwStart + j]) return;
    if (spec.kwDefaults?.has(k)) out[kwStart + j] = spec.kwDefaults.get(k) as PyValue;
    else missingKw.push(k);
  });
  if (missingKw.length) {
    throw pyError(
      TypeError,
      `${spec.name}() missing ${plural(missingKw.length, 'required keyword-only argument')}: ${quoteList(missingKw)}`,
    );
  }
  if (kwDict) out[out.length - 1] = kwDict;
  return out;
}

/**
 * How a wrong call is worded, after CPython's calling conventions (builtins are C functions, and each convention
 * has its own messages):
 * - `python`: a Python function's (`f() takes 2 positional arguments but 3 were given`, `f() missing 1 required
 *   positional argument: 'x'`);
 * - `exactlyOne` (METH_O): `len() takes exactly one argument (2 given)`;
 * - `noArgs` (METH_NOARGS): `globals() takes no arguments (1 given)`;
 * - `positional` (a count of positional arguments): `isinstance expected 2 arguments, got 1`,
 *   `getattr expected at least 2 arguments, got 1`;
 * - `clinic` (Argument Clinic's keyword parser): `round() takes at most 2 arguments (3 given)`, `round() missing
 *   required argument 'number' (pos 1)`, `'x' is an invalid keyword argument for round()`.
 *
 * The C conventions say `f() takes no keyword arguments` when the signature has no keyword parameter.
 */
export type ArityErrors = 'python' | 'exactlyOne' | 'noArgs' | 'positional' | 'clinic';

/** Bound arguments by parameter name; a `[name]` parameter that was not given is absent. */
export type BoundArgs = Record<string, PyValue>;

/** A function binding raw arguments against `spec` into a record, raising `errors`-worded TypeErrors. */
export function binder(
  spec: BindSpec,
  errors: ArityErrors,
): (args: readonly PyValue[], kwargs: KwArgs | null) => BoundArgs {
  const names = boundNames(spec);
  const n = spec.args.length;
  const firstDefault = n - spec.defaults.length;
  const maxPositional = spec.vararg === null ? n : Number.POSITIVE_INFINITY;
  // Calls without keywords whose positional count fits bind without the general algorithm (and cannot fail).
  const kwOnlyDefaults = spec.kwOnly.map((k) => spec.kwDefaults?.get(k));
  const fastKeywordless = spec.kwOnly.every((k) => spec.kwDefaults?.has(k));
  const check = errors === 'python' ? null : errors === 'clinic' ? clinicCheck(spec) : countCheck(spec, errors);
  return (args, kwargs) => {
    const given = args.length;
    if (fastKeywordless && (kwargs === null || kwargs.size === 0) && given >= firstDefault && given <= maxPositional) {
      const rec: BoundArgs = {};
      let i = 0;
      for (; i < given && i < n; i++) rec[names[i]] = args[i];
      for (; i < n; i++) {
        const d = spec.defaults[i - firstDefault];
        if (d !== undefined) rec[names[i]] = d;
      }
      let at = n;
      if (spec.vararg !== null) rec[names[at++]] = new PyTuple(given > n ? args.slice(n) : []);
      for (let j = 0; j < kwOnlyDefaults.length; j++, at++) {
        const d = kwOnlyDefaults[j];
        if (d !== undefined) rec[names[at]] = d;
      }
      if (spec.kwarg !== null) rec[names[at]] = new PyDict();
      return rec;
    }
    if (check !== null) check(args, kwargs);
    const bound = bindArguments(spec, args, kwargs);
    const rec: BoundArgs = {};
    for (let i = 0; i < names.length; i++) if (bound[i] !== undefined) rec[names[i]] = bound[i];
    return rec;
  };
}

type Check = (args: readonly PyValue[], kwargs: KwArgs | null) => void;

/** METH_O, METH_NOARGS and positional-count messages. */
function countCheck(spec: BindSpec, errors: 'exactlyOne' | 'noArgs' | 'positional'): Check {
  const name = spec.name;
  const n = spec.args.length;
  const min = n - spec.defaults.length;
  const max = spec.vararg === null ? n : Number.POSITIVE_INFINITY;
  const keywords = spec.posOnly < n || spec.kwOnly.length > 0 || spec.kwarg !== null;
  return (args, kwargs) => {
    const nkw = kwargs === null ? 0 : kwargs.size;
    if (!keywords && nkw > 0) throw pyError(TypeError, `${name}() takes no keyword arguments`);
    const given = args.length;
    if (given >= min && given <= max) {
      if (nkw > 0 && spec.kwarg === null) {
        for (const k of (kwargs as KwArgs).keys()) {
          if (spec.args.indexOf(k) < spec.posOnly && !spec.kwOnly.includes(k)) {
            throw pyError(TypeError, `'${k}' is an invalid keyword argument for ${name}()`);
          }
        }
      }
      return;
    }
    if (errors === 'exactlyOne') throw pyError(TypeError, `${name}() takes exactly one argument (${given} given)`);
    if (errors === 'noArgs') throw pyError(TypeError, `${name}() takes no arguments (${given} given)`);
    const expected =
      min === max
        ? plural(min, 'argument')
        : given < min
          ? `at least ${plural(min, 'argument')}`
          : `at most ${plural(max, 'argument')}`;
    throw pyError(TypeError, `${name} expected ${expected}, got ${given}`);
  };
}

/** Argument Clinic's messages (CPython's `_PyArg_UnpackKeywords`), in its order of checks. */
function clinicCheck(spec: BindSpec): Check {
  const name = spec.name;
  const n = spec.args.length;
  const min = n - spec.defaults.length;
  const bounded = spec.vararg === null && spec.kwarg === null;
  const maxArgs = n + spec.kwOnly.length;
  const minPosOnly = Math.min(spec.posOnly, min);
  return (args, kwargs) => {
    const given = args.length;
    const nkw = kwargs === null ? 0 : kwargs.size;
    if (bounded) {
      if (given + nkw > maxArgs) {
        const kind = given === 0 ? 'keyword ' : '';
        throw pyError(
          TypeError,
          `${name}() takes at most ${maxArgs} ${kind}argument${maxArgs === 1 ? '' : 's'} (${given + nkw} given)`,
        );
      }
      if (given > n) {
        if (n === 0) throw pyError(TypeError, `${name}() takes no positional arguments`);
        throw pyError(
          TypeError,
          `${name}() takes ${min < n ? 'at most' : 'exactly'} ${plural(n, 'positional argument')} (${given} given)`,
        );
      }
    }
    if (given < minPosOnly) {
      const at = min < n || spec.vararg !== null ? 'at least' : 'exactly';
      throw pyError(TypeError, `${name}() takes ${at} ${plural(minPosOnly, 'positional argument')} (${given} given)`);
    }
    for (let i = given; i < min; i++) {
      if (kwargs === null || !kwargs.has(spec.args[i])) {
        throw pyError(TypeError, `${name}() missing required argument '${spec.args[i]}' (pos ${i + 1})`);
      }
    }
    for (let j = 0; j < spec.kwOnly.length; j++) {
      const k = spec.kwOnly[j];
      if (!spec.kwDefaults?.has(k) && (kwargs === null || !kwargs.has(k))) {
        throw pyError(TypeError, `${name}() missing required argument '${k}' (pos ${n + j + 1})`);
      }
    }
    if (nkw === 0 || kwargs === null) return;
    for (const k of kwargs.keys()) {
      const i = spec.args.indexOf(k);
      if (i >= spec.posOnly && i < given) {
        throw pyError(TypeError, `argument for ${name}() given by name ('${k}') and position (${i + 1})`);
      }
    }
    if (spec.kwarg !== null) return;
    for (const k of kwargs.keys()) {
      if (spec.args.indexOf(k) < spec.posOnly && !spec.kwOnly.includes(k)) {
        throw pyError(TypeError, `'${k}' is an invalid keyword argument for ${name}()`);
      }
    }
  };
}

const specs = new WeakMap<PyFunction, { spec: BindSpec; names: string[]; simple: boolean }>();

/** The binding spec of a Python function (cached). `simple`: only positional parameters without defaults. */
export function functionSpec(fn: PyFunction): { spec: BindSpec; names: string[]; simple: boolean } {
  let s = specs.get(fn);
  if (!s) {
    const p = fn.info.params;
    const spec: BindSpec = {
      name: fn.qualname,
      args: p.args.map((a) => a.name),
      posOnly: p.posOnly,
      defaults: fn.defaults,
      vararg: p.vararg,
      kwOnly: p.kwOnly.map((a) => a.name),
      kwDefaults: fn.kwDefaults,
      kwarg: p.kwarg,
    };
    const simple = !p.vararg && !p.kwarg && p.kwOnly.length === 0;
    s = { spec, names: boundNames(spec), simple };
    specs.set(fn, s);
  }
  return s;
}
