/**
 * Statement execution. Each statement returns a completion code (NORMAL, BREAK, CONTINUE, RETURN); exceptions are
 * JS throws of `PyException`, located (span + traceback) where first seen. A statement whose control depends on an
 * Unknown is skipped and the names it would bind become Unknown (see README.md, "Unknown values").
 */

import { session } from '../session';
import type {
  AnnAssignStmt,
  AssignStmt,
  CallExpr,
  ClassDefStmt,
  ExceptHandler,
  Expr,
  ExprStmt,
  ForStmt,
  IfStmt,
  ImportFromStmt,
  ImportStmt,
  Stmt,
  Target,
  TryStmt,
  WhileStmt,
  WithStmt,
} from './ast';
import { walk } from './astWalk';
import { delAttr, delItem, docstring, getAttr, getItem, setAttr, setItem } from './attributes';
import { deleteName, evalExpr, lastComparison, loadName, makeFunction, storeName } from './evalExpr';
import {
  AssertionError,
  exceptionState,
  ImportError,
  PyException,
  pyError,
  RecursionError,
  RuntimeError,
  SyntaxError,
  TypeError,
  ValueError,
} from './exceptions';
import { pyRepr } from './format';
import { BREAK, BudgetStop, CONTINUE, Frame, type Interp, NORMAL, RETURN } from './interpreter';
import { getIter, type Iter, toArray } from './iteration';
import { inplaceOp, truthy } from './operators';
import { taintReachable } from './taint';
import {
  Env,
  isBuiltinDataType,
  ObjectType,
  PyBoundMethod,
  PyClass,
  PyClassMethod,
  PyFunction,
  PyInstance,
  PyList,
  PyModule,
  PyProperty,
  PyRange,
  PyStaticMethod,
  PyTuple,
  PyUnknown,
  type PyValue,
  typeName,
  typeOf,
} from './values';

export function execBlock(stmts: Stmt[], f: Frame, env: Env): number {
  for (let i = 0; i < stmts.length; i++) {
    const c = execStmt(stmts[i], f, env);
    if (c !== NORMAL) return c;
  }
  return NORMAL;
}

function isTrue(v: PyValue, f: Frame, s: Stmt): boolean {
  if (v === true) return true;
  if (v === false) return false;
  try {
    return truthy(v);
  } catch (err) {
    throw f.it.locate(err, s.span);
  }
}

export function execStmt(s: Stmt, f: Frame, env: Env): number {
  const it = f.it;
  it.tick();
  f.span = s.span;
  try {
    switch (s.kind) {
      case 'Expr':
        execExpr(s, f, env);
        return NORMAL;
      case 'Assign':
        execAssign(s, f, env);
        return NORMAL;
      case 'AugAssign':
        augAssign(s, f, env);
        return NORMAL;
      case 'AnnAssign':
        execAnnAssign(s, f, env);
        return NORMAL;
      case 'If':
        return execIf(s, f, env);
      case 'For':
        return execFor(s, f, env);
      case 'While':
        return execWhile(s, f, env);
      case 'Pass':
      case 'Global':
      case 'Nonlocal':
        return NORMAL;
      case 'Break':
        return BREAK;
      case 'Continue':
        return CONTINUE;
      case 'Return':
        f.retval = s.value ? evalExpr(s.value, f, env) : null;
        return RETURN;
      case 'FunctionDef':
        storeName(s.target, decorate(s.decorators, makeFunction(s.fn, f, env), f, env), it, env);
        return NORMAL;
      case 'ClassDef':
        execClassDef(s, f, env);
        return NORMAL;
      case 'Try':
        return execTry(s, f, env);
      case 'With':
        return execWith(s, 0, f, env);
      case 'Raise':
        return execRaise(s, f, env);
      case 'Assert':
        return execAssert(s, f, env);
      case 'Delete':
        for (const t of s.targets) deleteTarget(t, f, env);
        return NORMAL;
      case 'Import':
        execImport(s, f, env);
        return NORMAL;
      case 'ImportFrom':
        execImportFrom(s, f, env);
        return NORMAL;
    }
  } catch (err) {
    if (err instanceof PyUnknown) {
      unknownStatement(s, err, f, env);
      return NORMAL;
    }
    throw it.locate(err, s.span);
  }
}

function execExpr(s: ExprStmt, f: Frame, env: Env): void {
  const v = evalExpr(s.value, f, env);
  f.it.observer.onValue?.(s.span, v, s);
}

function execAssign(s: AssignStmt, f: Frame, env: Env): void {
  const v = evalExpr(s.value, f, env);
  const ts = s.targets;
  for (let i = 0; i < ts.length; i++) assign(ts[i], v, f, env);
  f.it.observer.onValue?.(s.span, v, s);
}

function execAnnAssign(s: AnnAssignStmt, f: Frame, env: Env): void {
  if (!s.value) return;
  const v = evalExpr(s.value, f, env);
  assign(s.target, v, f, env);
  f.it.observer.onValue?.(s.span, v, s);
}

function execIf(s: IfStmt, f: Frame, env: Env): number {
  const branch = ifBranch(s, f, env);
  return branch === null ? NORMAL : execBlock(branch, f, env);
}

/**
 * The statements an `if` runs: its body or its else part; null when the test is Unknown (neither runs, and every
 * name either could bind becomes Unknown). Shared with generators.ts, as are the other `…Header`/`…Handler`
 * helpers below: a generator body runs the same statements with `yield` in between.
 */
export function ifBranch(s: IfStmt, f: Frame, env: Env): Stmt[] | null {
  const t = evalExpr(s.test, f, env);
  if (t instanceof PyUnknown) {
    havoc(s.body, t, f, env);
    havoc(s.orelse, t, f, env);
    return null;
  }
  return isTrue(t, f, s) ? s.body : s.orelse;
}

function execWhile(s: WhileStmt, f: Frame, env: Env): number {
  const it = f.it;
  const loop = it.loopState(s);
  const outer = session.loop;
  session.loop = loop;
  try {
    for (;;) {
      const go = whileTest(s, f, env);
      if (go === null) return NORMAL;
      if (!go) break;
      loop.iterations++;
      const c = execBlock(s.body, f, env);
      if (c === BREAK) return NORMAL;
      if (c === RETURN) return c;
      it.tick();
    }
  } catch (err) {
    throw loopStopped(err, s);
  } finally {
    session.loop = outer;
  }
  return execBlock(s.orelse, f, env);
}

/** A `while` test: whether to run the body again; null when it is Unknown (the loop stops, its names Unknown). */
export function whileTest(s: WhileStmt, f: Frame, env: Env): boolean | null {
  const t = evalExpr(s.test, f, env);
  if (t instanceof PyUnknown) {
    havoc(s.body, t, f, env);
    return null;
  }
  return isTrue(t, f, s);
}

/** A budget stop unwinding through a loop names the innermost one (the diagnostic's "the loop at line N"). */
export function loopStopped(err: unknown, s: Stmt): unknown {
  if (err instanceof BudgetStop && !err.loop) err.loop = s;
  return err;
}

// ---- assignment ---------------------------------------------------------------------------------------------

export function assign(t: Target, v: PyValue, f: Frame, env: Env): void {
  switch (t.kind) {
    case 'Name':
      storeName(t, v, f.it, env);
      return;
    case 'Attribute': {
      const obj = evalExpr(t.value, f, env);
      const it = f.it;
      it.curSpan = t.span;
      try {
        setAttr(obj, t.attr, v);
      } catch (err) {
        throw it.locate(err, t.span);
      }
      return;
    }
    case 'Subscript': {
      const obj = evalExpr(t.value, f, env);
      const key = evalExpr(t.index, f, env);
      const it = f.it;
      it.curSpan = t.span;
      try {
        setItem(obj, key, v);
      } catch (err) {
        throw it.locate(err, t.span);
      }
      return;
    }
    case 'Tuple':
    case 'List':
      unpack(t.elts as Target[], v, f, env, t.span);
      return;
    case 'Starred':
      throw f.it.locate(pyError(SyntaxError, 'starred assignment target must be in a list or tuple'), t.span);
  }
}

function unpack(targets: Target[], v: PyValue, f: Frame, env: Env, span: Target['span']): void {
  if (v instanceof PyUnknown) {
    for (const t of targets) assign(t.kind === 'Starred' ? (t.value as Target) : t, v, f, env);
    return;
  }
  let items: readonly PyValue[];
  try {
    items = v instanceof PyTuple || v instanceof PyList ? v.items : toArray(v);
  } catch (err) {
    if (err instanceof PyException && err.cls.name === 'TypeError' && !(v instanceof PyInstance)) {
      throw f.it.locate(pyError(TypeError, `cannot unpack non-iterable ${typeName(v)} object`), span);
    }
    throw f.it.locate(err, span);
  }
  const star = targets.findIndex((t) => t.kind === 'Starred');
  if (star < 0) {
    if (items.length !== targets.length) {
      const msg =
        items.length > targets.length
          ? `too many values to unpack (expected ${targets.length})`
          : `not enough values to unpack (expected ${targets.length}, got ${items.length})`;
      throw f.it.locate(pyError(ValueError, msg), span);
    }
    for (let i = 0; i < targets.length; i++) assign(targets[i], items[i], f, env);
    return;
  }
  const after = targets.length - star - 1;
  if (items.length < targets.length - 1) {
    throw f.it.locate(
      pyError(ValueError, `not enough values to unpack (expected at least ${targets.length - 1}, got ${items.length})`),
      span,
    );
  }
  for (let i = 0; i < star; i++) assign(targets[i], items[i], f, env);
  const starred = targets[star] as Target & { kind: 'Starred' };
  assign(starred.value as Target, new PyList(items.slice(star, items.length - after)), f, env);
  for (let i = 0; i < after; i++) assign(targets[star + 1 + i], items[items.length - after + i], f, env);
}

function augAssign(s: Stmt & { kind: 'AugAssign' }, f: Frame, env: Env): void {
  const it = f.it;
  const t = s.target;
  const rhs = evalExpr(s.value, f, env);
  let result: PyValue;
  const op = (old: PyValue): PyValue => {
    it.curSpan = s.span;
    try {
      return inplaceOp(s.op, old, rhs);
    } catch (err) {
      throw it.locate(err, s.span);
    }
  };
  if (t.kind === 'Name') {
    const old = loadName(t, it, env);
    if (typeof old === 'bigint' && typeof rhs === 'bigint' && s.op === '+') result = old + rhs;
    else if (typeof old === 'number' && typeof rhs === 'number' && s.op === '+') result = old + rhs;
    else result = op(old);
    storeName(t, result, it, env);
  } else if (t.kind === 'Attribute') {
    const obj = evalExpr(t.value, f, env);
    it.curSpan = t.span;
    try {
      result = op(getAttr(obj, t.attr));
      setAttr(obj, t.attr, result);
    } catch (err) {
      throw it.locate(err, t.span);
    }
  } else if (t.kind === 'Subscript') {
    const obj = evalExpr(t.value, f, env);
    const key = evalExpr(t.index, f, env);
    it.curSpan = t.span;
    try {
      result = op(getItem(obj, key));
      setItem(obj, key, result);
    } catch (err) {
      throw it.locate(err, t.span);
    }
  } else return;
  it.observer.onValue?.(s.span, result, s);
}

function deleteTarget(t: Target, f: Frame, env: Env): void {
  const it = f.it;
  switch (t.kind) {
    case 'Name':
      deleteName(t, it, env);
      return;
    case 'Attribute': {
      const obj = evalExpr(t.value, f, env);
      try {
        delAttr(obj, t.attr);
      } catch (err) {
        throw it.locate(err, t.span);
      }
      return;
    }
    case 'Subscript': {
      const obj = evalExpr(t.value, f, env);
      const key = evalExpr(t.index, f, env);
      try {
        delItem(obj, key);
      } catch (err) {
        throw it.locate(err, t.span);
      }
      return;
    }
    case 'Tuple':
    case 'List':
      for (const x of t.elts) deleteTarget(x as Target, f, env);
  }
}

// ---- Unknown policy -----------------------------------------------------------------------------------------

/**
 * Every name a skipped block could bind becomes Unknown, and so does every object it could change: the receivers
 * of its method calls (`losses.append(l)`, `w.assign_sub(g)`), the objects its subscript and attribute
 * assignments write to, the arguments of its calls, and, when it calls a Python function (which may change
 * globals), every mutable global.
 */
export function havoc(stmts: Stmt[], u: PyUnknown, f: Frame, env: Env): void {
  havocNames(stmts, u, f, env);
  havocObjects(stmts, u, f, env);
}

function havocObjects(stmts: Stmt[], u: PyUnknown, f: Frame, env: Env): void {
  const it = f.it;
  const seen = new Set<object>();
  const load = (e: Expr): PyValue | undefined => {
    let root = e;
    while (root.kind === 'Attribute' || root.kind === 'Subscript') root = root.value;
    if (root.kind !== 'Name') return undefined;
    try {
      return loadName(root, it, env);
    } catch {
      return undefined;
    }
  };
  const taint = (e: Expr): void => {
    const v = load(e);
    if (v !== undefined && !(v instanceof PyUnknown)) taintReachable(v, u, seen);
  };
  let callsFunctions = false;
  for (const s of stmts) {
    walk(s, (n) => {
      if (n.kind === 'FunctionDef' || n.kind === 'ClassDef' || n.kind === 'Lambda') return false;
      if (n.kind === 'Call') {
        const c = n as unknown as CallExpr;
        if (c.func.kind === 'Attribute') {
          taint(c.func.value);
          const obj = load(c.func.value);
          // A method of a user class may change globals too.
          if (obj instanceof PyInstance && !obj.cls.immutable) callsFunctions = true;
        } else if (runsPython(load(c.func))) callsFunctions = true;
        for (const a of c.args) taint(a.kind === 'Starred' ? a.value : a);
        for (const k of c.keywords) taint(k.value);
      } else if (n.kind === 'Assign' || n.kind === 'AugAssign' || n.kind === 'AnnAssign' || n.kind === 'Delete') {
        const targets = n.kind === 'Assign' || n.kind === 'Delete' ? (n.targets as Target[]) : [n.target as Target];
        for (const t of targets) if (t.kind === 'Attribute' || t.kind === 'Subscript') taint(t.value);
      }
      return true;
    });
  }
  if (callsFunctions) for (const v of it.globals.values()) if (!(v instanceof PyUnknown)) taintReachable(v, u, seen);
}

/** Whether calling `v` runs Python code (or an unknown call) that could change globals. */
function runsPython(v: PyValue | undefined): boolean {
  if (v instanceof PyFunction || v instanceof PyBoundMethod) return true;
  if (v instanceof PyClass) return !v.immutable;
  if (v instanceof PyInstance) return !v.cls.immutable;
  return v instanceof PyUnknown && !v.pure;
}

function havocNames(stmts: Stmt[], u: PyUnknown, f: Frame, env: Env): void {
  const bind = (t: Target | null) => {
    if (!t) return;
    if (t.kind === 'Name') storeName(t, u, f.it, env);
    else if (t.kind === 'Tuple' || t.kind === 'List') for (const x of t.elts) bind(x as Target);
    else if (t.kind === 'Starred') bind(t.value as Target);
  };
  for (const s of stmts) {
    switch (s.kind) {
      case 'Assign':
        s.targets.forEach(bind);
        break;
      case 'AugAssign':
      case 'AnnAssign':
        bind(s.target);
        break;
      case 'For':
        bind(s.target);
        havocNames(s.body, u, f, env);
        havocNames(s.orelse, u, f, env);
        break;
      case 'If':
      case 'While':
        havocNames(s.body, u, f, env);
        havocNames(s.orelse, u, f, env);
        break;
      case 'With':
        for (const item of s.items) bind(item.target);
        havocNames(s.body, u, f, env);
        break;
      case 'Try':
        havocNames(s.body, u, f, env);
        for (const h of s.handlers) havocNames(h.body, u, f, env);
        havocNames(s.orelse, u, f, env);
        havocNames(s.finalbody, u, f, env);
        break;
      case 'FunctionDef':
      case 'ClassDef':
        bind(s.target);
        break;
      case 'Import':
        for (const a of s.names) bind(a.target);
        break;
      case 'ImportFrom':
        for (const a of s.names ?? []) bind(a.target);
        break;
    }
  }
}

function unknownStatement(s: Stmt, u: PyUnknown, f: Frame, env: Env): void {
  havoc([s], u, f, env);
  if (s.kind === 'Assert') f.it.observer.onAssertUnknown?.(s.span, u);
  if (s.kind === 'Assign' || s.kind === 'Expr') f.it.observer.onValue?.(s.span, u, s);
}

// ---- loops --------------------------------------------------------------------------------------------------

function execFor(s: ForStmt, f: Frame, env: Env): number {
  const it = f.it;
  const iterable = forIterable(s, f, env);
  if (iterable === null) return NORMAL;
  const target = s.target;
  const fastLocal = target.kind === 'Name' && target.scope === 'local' ? target.id : null;
  const fastGlobal = target.kind === 'Name' && target.scope === 'global' ? target.id : null;
  const vars = fastLocal !== null ? env.vars : fastGlobal !== null ? it.globals : null;
  const name = fastLocal ?? fastGlobal;
  const body = s.body;
  const loop = it.loopState(s);
  const outer = session.loop;
  session.loop = loop;
  try {
    if (iterable instanceof PyRange) {
      const { stop, step } = iterable;
      for (let i = iterable.start; step > 0n ? i < stop : i > stop; i += step) {
        if (vars !== null) vars.set(name as string, i);
        else assign(target, i, f, env);
        loop.iterations++;
        const c = execBlock(body, f, env);
        if (c === BREAK) return NORMAL;
        if (c === RETURN) return c;
        it.tick();
      }
    } else if (iterable instanceof PyList || iterable instanceof PyTuple) {
      const items = iterable.items;
      for (let i = 0; i < items.length; i++) {
        if (vars !== null) vars.set(name as string, items[i]);
        else assign(target, items[i], f, env);
        loop.iterations++;
        const c = execBlock(body, f, env);
        if (c === BREAK) return NORMAL;
        if (c === RETURN) return c;
        it.tick();
      }
    } else {
      const iter = forIterator(s, iterable, f);
      for (let x = forNext(iter, s, f); x !== undefined; x = forNext(iter, s, f)) {
        if (vars !== null) vars.set(name as string, x);
        else assign(target, x, f, env);
        loop.iterations++;
        const c = execBlock(body, f, env);
        if (c === BREAK) return NORMAL;
        if (c === RETURN) return c;
        it.tick();
      }
    }
  } catch (err) {
    throw loopStopped(err, s);
  } finally {
    session.loop = outer;
  }
  return execBlock(s.orelse, f, env);
}

/** A `for` loop's iterable, evaluated; null when it is Unknown (no iteration; the loop's names become Unknown). */
export function forIterable(s: ForStmt, f: Frame, env: Env): PyValue | null {
  const iterable = evalExpr(s.iter, f, env);
  if (iterable instanceof PyUnknown) {
    havoc([s], iterable, f, env);
    return null;
  }
  return iterable;
}

/** The iterator of a `for` loop's iterable; `iter()` errors point at the iterable. */
export function forIterator(s: ForStmt, iterable: PyValue, f: Frame): Iter {
  const it = f.it;
  it.curSpan = s.iter.span;
  try {
    return getIter(iterable);
  } catch (err) {
    throw it.locate(err, s.iter.span);
  }
}

/** The next item of a `for` loop (undefined at the end); errors of `__next__` point at the loop header. */
export function forNext(iter: Iter, s: ForStmt, f: Frame): PyValue | undefined {
  try {
    return iter.next();
  } catch (err) {
    throw f.it.locate(err, s.header);
  }
}

// ---- exceptions ---------------------------------------------------------------------------------------------

/** The `except` clause of a `try` that handles `err`, or null (not a Python exception, or no clause matches). */
export function tryHandler(s: TryStmt, err: unknown, f: Frame, env: Env): ExceptHandler | null {
  if (!(err instanceof PyException) || s.handlers.length === 0) return null;
  return findHandler(s.handlers, err, f, env);
}

/** Whether a `try`'s `finally` runs for `err` before it propagates (budget stops skip `finally`). */
export function finallyCatches(s: TryStmt, err: unknown): err is PyException {
  return s.finalbody.length > 0 && err instanceof PyException && !(err instanceof BudgetStop);
}

/** The handler matching `e`, evaluating handler types in order; Unknown types never match. */
export function findHandler(handlers: ExceptHandler[], e: PyException, f: Frame, env: Env): ExceptHandler | null {
  for (const h of handlers) {
    if (!h.type) return h;
    const t = evalExpr(h.type, f, env);
    if (matches(e, t, f, h)) return h;
  }
  return null;
}

function matches(e: PyException, t: PyValue, f: Frame, h: ExceptHandler): boolean {
  if (t instanceof PyClass && t.isException) return e.cls.isSubclassOf(t);
  if (t instanceof PyTuple) return t.items.some((x) => matches(e, x, f, h));
  if (t instanceof PyUnknown) return false;
  throw f.it.locate(
    pyError(TypeError, 'catching classes that do not inherit from BaseException is not allowed'),
    h.span,
  );
}

/** Runs a handler body with `e` bound (and unbound afterwards, as Python does). */
export function enterHandler(h: ExceptHandler, e: PyException, f: Frame, env: Env): PyException | null {
  if (h.name) storeName(h.name, e.value, f.it, env);
  const saved = f.handled;
  f.handled = e;
  return saved;
}

export function leaveHandler(h: ExceptHandler, saved: PyException | null, f: Frame, env: Env): void {
  f.handled = saved;
  if (h.name) {
    try {
      deleteName(h.name, f.it, env);
    } catch {
      // already deleted by the handler
    }
  }
}

function execTry(s: TryStmt, f: Frame, env: Env): number {
  let c = NORMAL;
  try {
    let handled = false;
    try {
      c = execBlock(s.body, f, env);
    } catch (err) {
      const h = tryHandler(s, err, f, env);
      if (h === null) throw err;
      handled = true;
      const saved = enterHandler(h, err as PyException, f, env);
      try {
        c = execBlock(h.body, f, env);
      } finally {
        leaveHandler(h, saved, f, env);
      }
    }
    if (!handled && c === NORMAL && s.orelse.length) c = execBlock(s.orelse, f, env);
  } catch (err) {
    if (!finallyCatches(s, err)) throw err;
    const fc = execBlock(s.finalbody, f, env);
    if (fc !== NORMAL) return fc;
    throw err;
  }
  if (s.finalbody.length) {
    const retval = f.retval;
    const fc = execBlock(s.finalbody, f, env);
    if (fc !== NORMAL) return fc;
    f.retval = retval;
  }
  return c;
}

function execRaise(s: Stmt & { kind: 'Raise' }, f: Frame, env: Env): number {
  const it = f.it;
  if (!s.exc) {
    if (f.handled) throw f.handled;
    throw it.locate(pyError(RuntimeError, 'No active exception to reraise'), s.span);
  }
  let v = evalExpr(s.exc, f, env);
  if (v instanceof PyUnknown) return NORMAL;
  if (v instanceof PyClass && v.isException) v = it.instantiate(v, [], null, s.span);
  if (!(v instanceof PyInstance && v.cls.isException)) {
    throw it.locate(pyError(TypeError, 'exceptions must derive from BaseException'), s.span);
  }
  const st = exceptionState(v);
  st.frames = null;
  if (s.cause) {
    let cause = evalExpr(s.cause, f, env);
    if (cause instanceof PyClass && cause.isException) cause = it.instantiate(cause, [], null, s.span);
    st.cause = cause;
    st.suppressContext = true;
  }
  if (f.handled && f.handled.value !== v) st.context = f.handled.value;
  throw it.locate(new PyException(v), s.span);
}

/** `6.0 == 9.0`: the operands of the comparison that just failed. */
function comparisonText(): string | undefined {
  const { left, op, right } = lastComparison;
  try {
    return `${pyRepr(left)} ${op} ${pyRepr(right)}`;
  } catch {
    return undefined;
  }
}

function execAssert(s: Stmt & { kind: 'Assert' }, f: Frame, env: Env): number {
  const it = f.it;
  const t = evalExpr(s.test, f, env);
  if (t instanceof PyUnknown) {
    it.observer.onAssertUnknown?.(s.span, t);
    return NORMAL;
  }
  if (isTrue(t, f, s)) {
    it.observer.onAssert?.(s.span, true, undefined);
    return NORMAL;
  }
  const msg = s.msg ? evalExpr(s.msg, f, env) : undefined;
  it.observer.onAssert?.(s.span, false, msg, s.test.kind === 'Compare' ? comparisonText() : undefined);
  const exc = pyError(AssertionError);
  if (msg !== undefined) exceptionState(exc.value).args = [msg];
  throw it.locate(exc, s.test.span);
}

// ---- with ---------------------------------------------------------------------------------------------------

export interface ContextManager {
  mgr: PyValue;
  exit: PyValue;
}

/** Evaluates `__enter__`; returns the manager (null for Unknown, whose target is bound to Unknown). */
export function enterContext(s: WithStmt, i: number, f: Frame, env: Env): ContextManager | null {
  const it = f.it;
  const item = s.items[i];
  const mgr = evalExpr(item.context, f, env);
  if (mgr instanceof PyUnknown) {
    if (item.target) assign(item.target, mgr, f, env);
    return null;
  }
  const cls = typeOf(mgr);
  const enter = cls.lookup('__enter__');
  const exit = cls.lookup('__exit__');
  if (enter === undefined || enter === null || exit === undefined || exit === null) {
    throw it.locate(
      pyError(TypeError, `'${typeName(mgr)}' object does not support the context manager protocol`),
      item.span,
    );
  }
  it.curSpan = s.header;
  let v: PyValue;
  try {
    v = it.callValue(enter, [mgr], null, s.header);
  } catch (err) {
    throw it.locate(err, item.span);
  }
  if (item.target) assign(item.target, v, f, env);
  return { mgr, exit };
}

/** Calls `__exit__`; returns true when it suppresses the exception. */
export function exitContext(cm: ContextManager, err: PyException | null, s: WithStmt, f: Frame): boolean {
  const it = f.it;
  it.curSpan = s.header;
  let r: PyValue;
  try {
    r = err
      ? it.callValue(cm.exit, [cm.mgr, err.cls, err.value, null], null, s.header)
      : it.callValue(cm.exit, [cm.mgr, null, null, null], null, s.header);
  } catch (e) {
    throw it.locate(e, s.header);
  }
  if (!err || r instanceof PyUnknown) return false;
  return r === true || (r !== false && truthy(r));
}

function execWith(s: WithStmt, i: number, f: Frame, env: Env): number {
  if (i === s.items.length) return execBlock(s.body, f, env);
  const cm = enterContext(s, i, f, env);
  if (!cm) return execWith(s, i + 1, f, env);
  let c: number;
  try {
    c = execWith(s, i + 1, f, env);
  } catch (err) {
    if (!(err instanceof PyException)) throw err;
    if (exitContext(cm, err, s, f)) return NORMAL;
    throw err;
  }
  exitContext(cm, null, s, f);
  return c;
}

// ---- definitions --------------------------------------------------------------------------------------------

export function decorate(decorators: readonly Expr[], value: PyValue, f: Frame, env: Env): PyValue {
  if (decorators.length === 0) return value;
  const ds = decorators.map((d) => evalExpr(d, f, env));
  let v = value;
  for (let i = ds.length - 1; i >= 0; i--) {
    const span = decorators[i].span;
    f.it.curSpan = span;
    try {
      v = f.it.callValue(ds[i], [v], null, span);
    } catch (err) {
      throw f.it.locate(err, span);
    }
  }
  return v;
}

function setDefiningClass(v: PyValue, cls: PyClass): void {
  if (v instanceof PyFunction) v.definingClass = cls;
  else if (v instanceof PyStaticMethod || v instanceof PyClassMethod) setDefiningClass(v.func, cls);
  else if (v instanceof PyProperty) {
    setDefiningClass(v.fget, cls);
    setDefiningClass(v.fset, cls);
    setDefiningClass(v.fdel, cls);
  }
}

function execClassDef(s: ClassDefStmt, f: Frame, env: Env): void {
  const it = f.it;
  const bases: PyClass[] = [];
  for (const b of s.bases) {
    const v = evalExpr(b, f, env);
    if (v instanceof PyUnknown) {
      storeName(s.target, v, it, env);
      return;
    }
    if (!(v instanceof PyClass)) {
      throw it.locate(pyError(TypeError, `bases must be types, not ${typeName(v)}`), b.span);
    }
    if (isBuiltinDataType(v)) {
      // The class and everything made from it are unknown; the rest of the cell runs.
      storeName(s.target, it.unsupported(`subclassing '${v.name}'`, b.span), it, env);
      return;
    }
    if (bases.includes(v)) throw it.locate(pyError(TypeError, `duplicate base class ${v.name}`), b.span);
    bases.push(v);
  }
  const ns = new Env(env.isClass ? env.parent : env, true);
  ns.vars.set('__module__', '__main__');
  ns.vars.set('__qualname__', s.qualname);
  const frame = new Frame(it, s.name, null, ns, s.span);
  if (it.stack.length >= it.recursionLimit) {
    throw it.locate(pyError(RecursionError, 'maximum recursion depth exceeded'), s.span);
  }
  it.stack.push(frame);
  try {
    execBlock(s.body, frame, ns);
  } finally {
    it.stack.pop();
  }
  const dict = ns.vars;
  dict.delete('__qualname__');
  if (!dict.has('__doc__')) dict.set('__doc__', docstring(s.body));
  if (dict.has('__eq__') && !dict.has('__hash__')) dict.set('__hash__', null);
  const cls = new PyClass(s.name, bases.length ? bases : [ObjectType], dict, '__main__', false);
  cls.qualname = s.qualname;
  for (const v of dict.values()) setDefiningClass(v, cls);
  const value = decorate(s.decorators, cls, f, env);
  storeName(s.target, value, it, env);
}

// ---- imports ------------------------------------------------------------------------------------------------

function execImport(s: ImportStmt, f: Frame, env: Env): void {
  const it = f.it;
  for (const a of s.names) {
    const m = it.importModule(a.path, a.span);
    if (a.hasAlias || a.path.length === 1) storeName(a.target, m, it, env);
    else storeName(a.target, m instanceof PyUnknown ? m : it.importModule([a.path[0]], a.span), it, env);
  }
}

function execImportFrom(s: ImportFromStmt, f: Frame, env: Env): void {
  const it = f.it;
  if (s.level > 0) {
    const u = it.unsupported(`${'.'.repeat(s.level)}${s.module.join('.')}`, s.span);
    for (const a of s.names ?? []) storeName(a.target, u, it, env);
    return;
  }
  if (s.module.join('.') === '__future__') return;
  const m = it.importModule(s.module, s.span);
  if (s.names === null) {
    if (m instanceof PyModule) {
      for (const [k, v] of m.dict) if (!k.startsWith('_')) it.globals.set(k, v);
    }
    return;
  }
  for (const a of s.names) {
    const v = m instanceof PyUnknown ? m : importedName(it, m, s, a.name, a.span);
    storeName(a.target, v, it, env);
  }
}

function importedName(it: Interp, m: PyValue, s: ImportFromStmt, name: string, span: Stmt['span']): PyValue {
  try {
    return it.moduleAttr(m, name, `${s.module.join('.')}.${name}`, span);
  } catch (err) {
    if (err instanceof PyException && err.cls.name === 'AttributeError') {
      const modName = m instanceof PyModule ? m.name : s.module.join('.');
      throw it.locate(pyError(ImportError, `cannot import name '${name}' from '${modName}'`), span);
    }
    throw err;
  }
}
