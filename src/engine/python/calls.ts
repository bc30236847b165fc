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
    const d = spec.kwDefaults?.get(k);
    if (d === undefined) missingKw.push(k);
    else out[kwStart + j] = d;
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
