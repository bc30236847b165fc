/** Expression evaluation: one `switch` on the node kind; operators and calls dispatch to their modules. */
import { UnknownResult } from '../errors';
import type {
  AttributeExpr,
  BinOpExpr,
  BoolOpExpr,
  CallExpr,
  CompareExpr,
  CompExpr,
  DictCompExpr,
  Expr,
  FStringExpr,
  FunctionInfo,
  IfExpExpr,
  NamedExpr,
  NameExpr,
  SequenceExpr,
  SliceExpr,
  SubscriptExpr,
  UnaryExpr,
} from './ast';
import { forEachName } from './astWalk';
import { getAttr, getItem, lookupMethod } from './attributes';
import { dictSet } from './dict';
import { NameError, pyError, SyntaxError, TypeError, UnboundLocalError } from './exceptions';
import { assign } from './execStmt';
import { convertValue, formatValue } from './formatSpec';
import type { Frame, Interp } from './interpreter';
import { getIter, type Iter, toArray } from './iteration';
import { hashKey } from './numbers';
import { binaryOp, compareOp, truthy, unaryOp } from './operators';
import { isMutable, taintReachable, taints, untainted } from './taint';
import {
  Env,
  PyDict,
  PyFunction,
  PyIterator,
  PyList,
  PyModule,
  PySet,
  PySlice,
  PyTuple,
  PyUnknown,
  type PyValue,
  ShapedUnknown,
  typeName,
} from './values';

/** The callee's source text without whitespace (`opt.apply_gradients`). */
function calleeText(e: CallExpr, f: Frame): string {
  return f.it.sourceText(e.func.span).replace(/\s+/g, '');
}

/** Values of the names an expression reads (quietly: a name that is not bound is left out). */
function namesRead(e: Expr, f: Frame, env: Env, out: PyValue[]): void {
  forEachName(e, (n) => {
    try {
      out.push(loadName(n, f.it, env));
    } catch {
      // not bound here (a comprehension's own variable)
    }
  });
}

function isMutableDeep(v: PyValue): boolean {
  if (v instanceof PyTuple) return v.items.some(isMutableDeep);
  return isMutable(v);
}

export function evalExpr(e: Expr, f: Frame, env: Env): PyValue {
  switch (e.kind) {
    case 'Name': {
      const v = loadName(e, f.it, env);
      return taints.any ? untainted(v) : v;
    }
    case 'Const':
      return e.value;
    case 'Call':
      return evalCall(e, f, env);
    case 'Attribute':
      return evalAttribute(e, f, env);
    case 'BinOp':
      return evalBinOp(e, f, env);
    case 'Subscript':
      return evalSubscript(e, f, env);
    case 'Compare':
      return evalCompare(e, f, env);
    case 'BoolOp':
      return evalBoolOp(e, f, env);
    case 'Unary':
      return evalUnary(e, f, env);
    case 'IfExp':
      return evalIfExp(e, f, env);
    case 'Tuple':
      return new PyTuple(evalElts(e, f, env));
    case 'List':
      return new PyList(evalElts(e, f, env));
    case 'Set':
      return evalSet(e, f, env);
    case 'Dict':
      return evalDict(e, f, env);
    case 'ListComp':
    case 'SetComp':
    case 'DictComp':
      return evalComprehension(e, f, env);
    case 'GeneratorExp':
      return evalGeneratorExp(e, f, env);
    case 'FString':
      return evalFString(e, f, env);
    case 'Lambda':
      return makeFunction(e.fn, f, env);
    case 'NamedExpr':
      return evalNamed(e, f, env);
    case 'Slice':
      return evalSlice(e, f, env);
    case 'Starred':
      throw f.it.locate(pyError(SyntaxError, 'cannot use starred expression here'), e.span);
    case 'Yield':
    case 'YieldFrom':
      throw f.it.locate(
        pyError(SyntaxError, '`yield` is supported as a statement or as the value of an assignment only'),
        e.span,
      );
  }
}

function evalBinOp(e: BinOpExpr, f: Frame, env: Env): PyValue {
  const a = evalExpr(e.left, f, env);
  const b = evalExpr(e.right, f, env);
  if (typeof a === 'number' && typeof b === 'number') {
    if (e.op === '+') return a + b;
    if (e.op === '-') return a - b;
    if (e.op === '*') return a * b;
  } else if (typeof a === 'bigint' && typeof b === 'bigint') {
    if (e.op === '+') return a + b;
    if (e.op === '-') return a - b;
    if (e.op === '*') return a * b;
  }
  const it = f.it;
  it.curSpan = e.span;
  try {
    return binaryOp(e.op, a, b);
  } catch (err) {
    throw it.locate(err, e.span);
  }
}

function evalSubscript(e: SubscriptExpr, f: Frame, env: Env): PyValue {
  const obj = evalExpr(e.value, f, env);
  const key = evalExpr(e.index, f, env);
  if (obj instanceof PyList && typeof key === 'bigint') {
    const n = obj.items.length;
    const i = key < 0n ? Number(key) + n : Number(key);
    if (i >= 0 && i < n) return taints.any ? untainted(obj.items[i]) : obj.items[i];
  }
  const it = f.it;
  it.curSpan = e.span;
  try {
    const v = getItem(obj, key);
    return taints.any ? untainted(v) : v;
  } catch (err) {
    throw it.locate(err, e.span);
  }
}

function evalBoolOp(e: BoolOpExpr, f: Frame, env: Env): PyValue {
  const vals = e.values;
  const last = vals.length - 1;
  for (let i = 0; ; i++) {
    const v = evalExpr(vals[i], f, env);
    if (i === last || v instanceof PyUnknown) return v;
    const t = v === true || (v !== false && truthyAt(v, f, e.span));
    if (e.op === 'and' ? !t : t) return v;
  }
}

function evalUnary(e: UnaryExpr, f: Frame, env: Env): PyValue {
  const v = evalExpr(e.operand, f, env);
  if (e.op === 'not') {
    if (v === true || v === false) return !v;
    if (v instanceof PyUnknown) return v;
    return !truthyAt(v, f, e.span);
  }
  const it = f.it;
  it.curSpan = e.span;
  try {
    return unaryOp(e.op, v);
  } catch (err) {
    throw it.locate(err, e.span);
  }
}

function evalIfExp(e: IfExpExpr, f: Frame, env: Env): PyValue {
  const t = evalExpr(e.test, f, env);
  if (t instanceof PyUnknown) return t;
  return t === true || (t !== false && truthyAt(t, f, e.span)) ? evalExpr(e.body, f, env) : evalExpr(e.orelse, f, env);
}

function evalSet(e: SequenceExpr, f: Frame, env: Env): PyValue {
  const s = new PySet();
  for (const v of evalElts(e, f, env)) s.map.set(hashAt(v, f, e.span), v);
  return s;
}

function evalNamed(e: NamedExpr, f: Frame, env: Env): PyValue {
  const v = evalExpr(e.value, f, env);
  storeName(e.target, v, f.it, env);
  return v;
}

function evalSlice(e: SliceExpr, f: Frame, env: Env): PyValue {
  return new PySlice(
    e.lower ? evalExpr(e.lower, f, env) : null,
    e.upper ? evalExpr(e.upper, f, env) : null,
    e.step ? evalExpr(e.step, f, env) : null,
  );
}

function truthyAt(v: PyValue, f: Frame, span: Expr['span']): boolean {
  try {
    return truthy(v);
  } catch (err) {
    throw f.it.locate(err, span);
  }
}

function hashAt(v: PyValue, f: Frame, span: Expr['span']) {
  try {
    return hashKey(v);
  } catch (err) {
    throw f.it.locate(err, span);
  }
}

// ---- names --------------------------------------------------------------------------------------------------

export function loadName(n: NameExpr, it: Interp, env: Env): PyValue {
  const id = n.id;
  switch (n.scope) {
    case 'local': {
      const v = env.vars.get(id);
      if (v !== undefined) return v;
      throw it.locate(
        pyError(UnboundLocalError, `cannot access local variable '${id}' where it is not associated with a value`),
        n.span,
      );
    }
    case 'global': {
      let v = it.globals.get(id);
      if (v === undefined) v = it.builtins.get(id);
      if (v !== undefined) return v;
      throw it.locate(pyError(NameError, `name '${id}' is not defined`), n.span);
    }
    case 'free': {
      let e: Env = env;
      for (let d = n.depth; d > 0 && e.parent; d--) e = e.parent;
      const v = e.vars.get(id);
      if (v !== undefined) return v;
      throw it.locate(
        pyError(
          NameError,
          `cannot access free variable '${id}' where it is not associated with a value in enclosing scope`,
        ),
        n.span,
      );
    }
    default: {
      let v = env.vars.get(id);
      if (v !== undefined) return v;
      if (n.depth > 0) {
        let e: Env = env;
        for (let d = n.depth; d > 0 && e.parent; d--) e = e.parent;
        v = e.vars.get(id);
      } else {
        v = it.globals.get(id);
        if (v === undefined) v = it.builtins.get(id);
      }
      if (v !== undefined) return v;
      throw it.locate(pyError(NameError, `name '${id}' is not defined`), n.span);
    }
  }
}

export function storeName(n: NameExpr, v: PyValue, it: Interp, env: Env): void {
  switch (n.scope) {
    case 'local':
    case 'class':
      env.vars.set(n.id, v);
      return;
    case 'global':
      it.globals.set(n.id, v);
      return;
    case 'free': {
      let e: Env = env;
      for (let d = n.depth; d > 0 && e.parent; d--) e = e.parent;
      e.vars.set(n.id, v);
    }
  }
}

export function deleteName(n: NameExpr, it: Interp, env: Env): void {
  let vars: Map<string, PyValue>;
  switch (n.scope) {
    case 'global':
      vars = it.globals;
      break;
    case 'free': {
      let e: Env = env;
      for (let d = n.depth; d > 0 && e.parent; d--) e = e.parent;
      vars = e.vars;
      break;
    }
    default:
      vars = env.vars;
  }
  if (!vars.delete(n.id)) {
    const err =
      n.scope === 'local'
        ? pyError(UnboundLocalError, `cannot access local variable '${n.id}' where it is not associated with a value`)
        : pyError(NameError, `name '${n.id}' is not defined`);
    throw it.locate(err, n.span);
  }
}

// ---- attributes and calls -----------------------------------------------------------------------------------

/** `module.attr` on a host module: Unknown with one diagnostic naming the source text (`tf.data`). */
function hostModuleAttr(m: PyModule, e: AttributeExpr, it: Interp): PyValue {
  const v = m.dict.get(e.attr);
  if (v !== undefined) return v;
  const label = it.sourceText(e.span).replace(/\s+/g, '') || `${m.name}.${e.attr}`;
  return it.moduleAttr(m, e.attr, label, e.span);
}

function evalAttribute(e: AttributeExpr, f: Frame, env: Env): PyValue {
  const obj = evalExpr(e.value, f, env);
  const it = f.it;
  if (obj instanceof PyModule && !obj.strict) return hostModuleAttr(obj, e, it);
  if (obj instanceof PyUnknown && !(obj instanceof ShapedUnknown)) return obj;
  it.curSpan = e.span;
  try {
    const v = getAttr(obj, e.attr);
    return taints.any ? untainted(v) : v;
  } catch (err) {
    throw it.locate(err, e.span);
  }
}

function pushArgs(args: Expr[], out: PyValue[], f: Frame, env: Env): PyUnknown | null {
  for (const a of args) {
    if (a.kind === 'Starred') {
      const v = evalExpr(a.value, f, env);
      if (v instanceof PyUnknown) return v;
      try {
        for (const x of toArray(v)) out.push(x);
      } catch (err) {
        if (err instanceof PyUnknown) return err;
        if (err instanceof Error && err.name === 'TypeError') {
          throw f.it.locate(pyError(TypeError, `Value after * must be an iterable, not ${typeName(v)}`), a.span);
        }
        throw f.it.locate(err, a.span);
      }
    } else out.push(evalExpr(a, f, env));
  }
  return null;
}

function evalKeywords(e: CallExpr, f: Frame, env: Env): Map<string, PyValue> | PyUnknown {
  const kw = new Map<string, PyValue>();
  for (const k of e.keywords) {
    const v = evalExpr(k.value, f, env);
    if (k.name !== null) {
      kw.set(k.name, v);
      continue;
    }
    if (v instanceof PyUnknown) return v;
    if (!(v instanceof PyDict)) {
      throw f.it.locate(pyError(TypeError, `argument after ** must be a mapping, not ${typeName(v)}`), k.span);
    }
    for (const entry of v.map.values()) {
      if (typeof entry.key !== 'string') throw f.it.locate(pyError(TypeError, 'keywords must be strings'), k.span);
      if (kw.has(entry.key)) {
        throw f.it.locate(pyError(TypeError, `got multiple values for keyword argument '${entry.key}'`), k.span);
      }
      kw.set(entry.key, entry.value);
    }
  }
  return kw;
}

function evalCall(e: CallExpr, f: Frame, env: Env): PyValue {
  const it = f.it;
  const func = e.func;
  let fn: PyValue;
  const args: PyValue[] = [];
  let receiver: PyValue | undefined;
  if (func.kind === 'Attribute') {
    const obj = evalExpr(func.value, f, env);
    if (!(obj instanceof PyModule || obj instanceof PyUnknown)) receiver = obj;
    const m = obj instanceof PyModule || obj instanceof PyUnknown ? undefined : lookupMethod(obj, func.attr);
    if (m !== undefined) {
      fn = m;
      args.push(obj);
    } else if (obj instanceof PyModule && !obj.strict) fn = hostModuleAttr(obj, func, it);
    else if (obj instanceof PyUnknown) fn = obj;
    else {
      it.curSpan = func.span;
      try {
        fn = getAttr(obj, func.attr);
      } catch (err) {
        throw it.locate(err, func.span);
      }
    }
  } else fn = evalExpr(func, f, env);
  let kwargs: Map<string, PyValue> | null = null;
  if (e.simple) {
    const a = e.args;
    for (let i = 0; i < a.length; i++) args.push(evalExpr(a[i], f, env));
  } else {
    const unknown = pushArgs(e.args, args, f, env);
    if (unknown) return unknown;
    if (e.keywords.length) {
      const kw = evalKeywords(e, f, env);
      if (kw instanceof PyUnknown) return kw;
      kwargs = kw;
    }
  }
  f.span = e.span;
  it.curSpan = e.span;
  if (fn instanceof PyUnknown) {
    if (!fn.pure) taintArguments(e, fn, receiver, args, kwargs, f, env);
    else if (args.length > 0 && /^tqdm\b/.test(fn.origin) && /(^|\.)tqdm$/.test(calleeText(e, f))) {
      // A progress bar around an iterable yields that iterable's items.
      return args[0];
    }
    return fn;
  }
  let r: PyValue;
  try {
    r = it.callValue(fn, args, kwargs, e.span);
  } catch (err) {
    // The call ran but cannot give TF's result (`tape.gradient` through repeated eigenvalues): only its value is
    // unknown; it changed nothing it was given.
    if (err instanceof UnknownResult) return new PyUnknown(err.origin, e.span, true);
    throw it.locate(err, e.span);
  }
  // A method that did not run because an argument is unknown (`losses.append(u)`, `w.assign_sub(u)`) left its
  // receiver as it was, where Python would have changed it: the receiver is unknown from here on.
  if (
    r instanceof PyUnknown &&
    receiver !== undefined &&
    isMutable(receiver) &&
    (args.includes(r) || (kwargs !== null && [...kwargs.values()].includes(r)))
  ) {
    taintReachable(receiver, r);
  }
  return r;
}

/**
 * A call the engine cannot evaluate may change what it is given: every mutable argument (and what is reachable
 * from it), the names its argument expressions read (a `zip(grads, [w])` hides `w` in an iterator), and the
 * object an unsupported method was looked up on become unknown, with the call as the reason.
 */
function taintArguments(
  e: CallExpr,
  fn: PyUnknown,
  receiver: PyValue | undefined,
  args: readonly PyValue[],
  kwargs: Map<string, PyValue> | null,
  f: Frame,
  env: Env,
): void {
  const values: PyValue[] = [...args];
  if (kwargs !== null) values.push(...kwargs.values());
  if (receiver !== undefined) values.push(receiver);
  for (const a of e.args) namesRead(a, f, env, values);
  for (const k of e.keywords) namesRead(k.value, f, env, values);
  if (!values.some(isMutableDeep)) return;
  const text = calleeText(e, f) || fn.origin;
  const u = new PyUnknown(text, e.span);
  const seen = new Set<object>();
  for (const v of values) taintReachable(v, u, seen);
}

// ---- comparisons --------------------------------------------------------------------------------------------

/** The operands of the comparison evaluated last: a failed `assert a == b` reports them as its actual values. */
export const lastComparison: { left: PyValue; op: string; right: PyValue } = { left: null, op: '', right: null };

function evalCompare(e: CompareExpr, f: Frame, env: Env): PyValue {
  let left = evalExpr(e.left, f, env);
  const ops = e.ops;
  const last = ops.length - 1;
  const it = f.it;
  for (let i = 0; ; i++) {
    const right = evalExpr(e.comparators[i], f, env);
    let r: PyValue;
    if (typeof left === 'number' && typeof right === 'number') {
      const op = ops[i];
      r =
        op === '<'
          ? left < right
          : op === '>'
            ? left > right
            : op === '<='
              ? left <= right
              : op === '>='
                ? left >= right
                : op === '=='
                  ? left === right
                  : op === '!='
                    ? left !== right
                    : compareAt(e, i, left, right, it);
    } else r = compareAt(e, i, left, right, it);
    lastComparison.left = left;
    lastComparison.op = ops[i];
    lastComparison.right = right;
    if (i === last || r instanceof PyUnknown) return r;
    if (!(r === true || (r !== false && truthyAt(r, f, e.span)))) return r;
    left = right;
  }
}

function compareAt(e: CompareExpr, i: number, a: PyValue, b: PyValue, it: Interp): PyValue {
  it.curSpan = e.span;
  try {
    return compareOp(e.ops[i], a, b);
  } catch (err) {
    throw it.locate(err, e.span);
  }
}

// ---- displays and comprehensions ----------------------------------------------------------------------------

function evalElts(e: SequenceExpr, f: Frame, env: Env): PyValue[] {
  const out: PyValue[] = [];
  if (!e.hasStar) {
    for (const x of e.elts) out.push(evalExpr(x, f, env));
    return out;
  }
  const unknown = pushArgs(e.elts, out, f, env);
  if (unknown) throw unknown;
  return out;
}

function evalDict(e: Expr & { kind: 'Dict' }, f: Frame, env: Env): PyValue {
  const d = new PyDict();
  for (let i = 0; i < e.values.length; i++) {
    const k = e.keys[i];
    const key = k === null ? null : evalExpr(k, f, env);
    const v = evalExpr(e.values[i], f, env);
    if (k === null) {
      if (v instanceof PyUnknown) return v;
      if (!(v instanceof PyDict))
        throw f.it.locate(pyError(TypeError, `'${typeName(v)}' object is not a mapping`), e.span);
      for (const entry of v.map.values()) dictSet(d, entry.key, entry.value);
    } else {
      if (key instanceof PyUnknown) return key;
      try {
        dictSet(d, key, v);
      } catch (err) {
        throw f.it.locate(err, k.span);
      }
    }
  }
  return d;
}

/** The environment of a comprehension: a child of the enclosing function (class bodies are skipped). */
function compEnv(env: Env): Env {
  return new Env(env.isClass ? env.parent : env);
}

function compLoop(
  e: CompExpr | DictCompExpr,
  gi: number,
  iter: Iter,
  f: Frame,
  cenv: Env,
  sink: PyValue[] | PySet | PyDict,
): void {
  const g = e.generators[gi];
  const it = f.it;
  for (let x = iter.next(); x !== undefined; x = iter.next()) {
    it.tick();
    assign(g.target, x, f, cenv);
    if (!passesIfs(g.ifs, f, cenv)) continue;
    if (gi + 1 < e.generators.length) {
      const next = e.generators[gi + 1];
      const v = evalExpr(next.iter, f, cenv);
      compLoop(e, gi + 1, iterAt(v, f, next.iter.span), f, cenv, sink);
    } else if (e.kind === 'DictComp') {
      const k = evalExpr(e.key, f, cenv);
      const v = evalExpr(e.value, f, cenv);
      if (k instanceof PyUnknown) throw k;
      try {
        dictSet(sink as PyDict, k, v);
      } catch (err) {
        throw it.locate(err, e.key.span);
      }
    } else {
      const v = evalExpr(e.elt, f, cenv);
      if (Array.isArray(sink)) sink.push(v);
      else (sink as PySet).map.set(hashAt(v, f, e.elt.span), v);
    }
  }
}

/** A comprehension clause's `if` filters for the current element (an Unknown condition makes it all Unknown). */
function passesIfs(ifs: readonly Expr[], f: Frame, cenv: Env): boolean {
  for (const cond of ifs) {
    const c = evalExpr(cond, f, cenv);
    if (c instanceof PyUnknown) throw c;
    if (!(c === true || (c !== false && truthyAt(c, f, cond.span)))) return false;
  }
  return true;
}

function iterAt(v: PyValue, f: Frame, span: Expr['span']): Iter {
  if (v instanceof PyUnknown) throw v;
  try {
    return getIter(v);
  } catch (err) {
    throw f.it.locate(err, span);
  }
}

function evalComprehension(e: CompExpr | DictCompExpr, f: Frame, env: Env): PyValue {
  const first = evalExpr(e.generators[0].iter, f, env);
  if (first instanceof PyUnknown) return first;
  const cenv = compEnv(env);
  const sink = e.kind === 'ListComp' ? [] : e.kind === 'SetComp' ? new PySet() : new PyDict();
  try {
    compLoop(e, 0, iterAt(first, f, e.generators[0].iter.span), f, cenv, sink);
  } catch (err) {
    if (err instanceof PyUnknown) return err;
    throw err;
  }
  return Array.isArray(sink) ? new PyList(sink) : sink;
}

function* genLoop(e: CompExpr, gi: number, iter: Iter, f: Frame, cenv: Env): Generator<PyValue> {
  const g = e.generators[gi];
  const it = f.it;
  for (let x = iter.next(); x !== undefined; x = iter.next()) {
    it.tick();
    assign(g.target, x, f, cenv);
    if (!passesIfs(g.ifs, f, cenv)) continue;
    if (gi + 1 < e.generators.length) {
      const next = e.generators[gi + 1];
      yield* genLoop(e, gi + 1, iterAt(evalExpr(next.iter, f, cenv), f, next.iter.span), f, cenv);
    } else yield evalExpr(e.elt, f, cenv);
  }
}

function evalGeneratorExp(e: CompExpr, f: Frame, env: Env): PyValue {
  const first = evalExpr(e.generators[0].iter, f, env);
  if (first instanceof PyUnknown) return first;
  const gen = genLoop(e, 0, iterAt(first, f, e.generators[0].iter.span), f, compEnv(env));
  let done = false;
  return new PyIterator(() => {
    if (done) return undefined;
    try {
      const r = gen.next();
      if (r.done) {
        done = true;
        return undefined;
      }
      return r.value;
    } catch (err) {
      done = true;
      throw err;
    }
  }, 'generator');
}

// ---- f-strings and functions --------------------------------------------------------------------------------

function evalFString(e: FStringExpr, f: Frame, env: Env): PyValue {
  let out = '';
  for (const p of e.parts) {
    if (typeof p === 'string') {
      out += p;
      continue;
    }
    const v = evalExpr(p.value, f, env);
    if (v instanceof PyUnknown) return v;
    let spec = '';
    if (p.spec) {
      const s = evalFString(p.spec, f, env);
      if (s instanceof PyUnknown) return s;
      spec = s as string;
    }
    const it = f.it;
    it.curSpan = p.span;
    try {
      const c = convertValue(v, p.conversion);
      out += typeof c === 'string' && spec === '' ? c : formatValue(c, spec);
    } catch (err) {
      throw it.locate(err, p.span);
    }
  }
  return out;
}

/** Creates a function object: defaults are evaluated now, in the defining scope. */
export function makeFunction(info: FunctionInfo, f: Frame, env: Env): PyFunction {
  const p = info.params;
  const defaults: PyValue[] = [];
  for (let i = p.args.length - p.numDefaults; i < p.args.length; i++) {
    defaults.push(evalExpr(p.args[i].default as Expr, f, env));
  }
  let kwDefaults: Map<string, PyValue> | null = null;
  for (const k of p.kwOnly) {
    if (k.default) {
      kwDefaults ??= new Map();
      kwDefaults.set(k.name, evalExpr(k.default, f, env));
    }
  }
  const closureEnv = env.isClass ? env.parent : env;
  const closure = closureEnv === f.it.moduleEnv ? null : closureEnv;
  return new PyFunction(info, defaults, kwDefaults, closure);
}
