/**
 * Static name resolution (CPython's symtable, simplified): decides for every `Name` whether it is local, global,
 * free (in an enclosing function, `depth` closure hops up) or looked up through a class body.
 */
import type { Comprehension, Expr, FunctionInfo, NameExpr, Stmt, Target } from './ast';

type ScopeKind = 'module' | 'function' | 'class' | 'comprehension';

class Scope {
  readonly bound = new Set<string>();
  readonly globals = new Set<string>();
  readonly nonlocals = new Set<string>();
  constructor(
    readonly kind: ScopeKind,
    readonly parent: Scope | null,
  ) {}
  get functionLike(): boolean {
    return this.kind === 'function' || this.kind === 'comprehension';
  }
}

/** Resolves every name of a module; returns the statements too deeply nested to resolve (a JS stack overflow). */
export function resolveModule(body: Stmt[]): Stmt[] {
  const scope = new Scope('module', null);
  const failed = new Set<Stmt>();
  const each = (f: (s: Stmt) => void) => {
    for (const s of body) {
      if (failed.has(s)) continue;
      try {
        f(s);
      } catch (e) {
        if (!(e instanceof RangeError && /call stack/i.test(e.message))) throw e;
        failed.add(s);
      }
    }
  };
  each((s) => collectStmt(s, scope));
  each((s) => resolveStmt(s, scope));
  return [...failed];
}

// ---- pass 1: what each scope binds -------------------------------------------------------------------------

function bindTarget(t: Target, scope: Scope): void {
  switch (t.kind) {
    case 'Name':
      scope.bound.add(t.id);
      break;
    case 'Starred':
      bindTarget(t.value as Target, scope);
      break;
    case 'Tuple':
    case 'List':
      for (const e of t.elts) bindTarget(e as Target, scope);
      break;
    default:
      collectExpr(t, scope);
  }
}

function collectBody(body: Stmt[], scope: Scope): void {
  for (const s of body) collectStmt(s, scope);
}

function collectStmt(s: Stmt, scope: Scope): void {
  switch (s.kind) {
    case 'Expr':
      collectExpr(s.value, scope);
      break;
    case 'Assign':
      for (const t of s.targets) bindTarget(t, scope);
      collectExpr(s.value, scope);
      break;
    case 'AugAssign':
    case 'AnnAssign':
      bindTarget(s.target, scope);
      if (s.value) collectExpr(s.value, scope);
      break;
    case 'Return':
      if (s.value) collectExpr(s.value, scope);
      break;
    case 'Delete':
      for (const t of s.targets) bindTarget(t, scope);
      break;
    case 'Global':
      for (const n of s.names) scope.globals.add(n);
      break;
    case 'Nonlocal':
      for (const n of s.names) scope.nonlocals.add(n);
      break;
    case 'If':
    case 'While':
      collectExpr(s.test, scope);
      collectBody(s.body, scope);
      collectBody(s.orelse, scope);
      break;
    case 'For':
      bindTarget(s.target, scope);
      collectExpr(s.iter, scope);
      collectBody(s.body, scope);
      collectBody(s.orelse, scope);
      break;
    case 'Try':
      collectBody(s.body, scope);
      for (const h of s.handlers) {
        if (h.type) collectExpr(h.type, scope);
        if (h.name) scope.bound.add(h.name.id);
        collectBody(h.body, scope);
      }
      collectBody(s.orelse, scope);
      collectBody(s.finalbody, scope);
      break;
    case 'With':
      for (const it of s.items) {
        collectExpr(it.context, scope);
        if (it.target) bindTarget(it.target, scope);
      }
      collectBody(s.body, scope);
      break;
    case 'FunctionDef':
      scope.bound.add(s.target.id);
      break;
    case 'ClassDef':
      scope.bound.add(s.target.id);
      break;
    case 'Raise':
      if (s.exc) collectExpr(s.exc, scope);
      if (s.cause) collectExpr(s.cause, scope);
      break;
    case 'Assert':
      collectExpr(s.test, scope);
      break;
    case 'Import':
      for (const a of s.names) scope.bound.add(a.target.id);
      break;
    case 'ImportFrom':
      if (s.names) for (const a of s.names) scope.bound.add(a.target.id);
      break;
  }
}

/** Only walrus targets bind from inside expressions (in the nearest non-comprehension scope). */
function collectExpr(e: Expr, scope: Scope): void {
  forEachSubExpr(e, (x) => {
    if (x.kind === 'NamedExpr') scope.bound.add(x.target.id);
    return x.kind !== 'Lambda';
  });
}

/** Visits `e` and its sub-expressions (not into lambda bodies) while `visit` returns true. */
function forEachSubExpr(e: Expr, visit: (x: Expr) => boolean): void {
  if (!visit(e)) return;
  const rec = (x: Expr | null) => {
    if (x) forEachSubExpr(x, visit);
  };
  switch (e.kind) {
    case 'Attribute':
    case 'Starred':
      rec(e.value);
      break;
    case 'Subscript':
      rec(e.value);
      rec(e.index);
      break;
    case 'Slice':
      rec(e.lower);
      rec(e.upper);
      rec(e.step);
      break;
    case 'Call':
      rec(e.func);
      for (const a of e.args) rec(a);
      for (const k of e.keywords) rec(k.value);
      break;
    case 'BinOp':
      rec(e.left);
      rec(e.right);
      break;
    case 'Unary':
      rec(e.operand);
      break;
    case 'BoolOp':
      for (const v of e.values) rec(v);
      break;
    case 'Compare':
      rec(e.left);
      for (const c of e.comparators) rec(c);
      break;
    case 'IfExp':
      rec(e.test);
      rec(e.body);
      rec(e.orelse);
      break;
    case 'Tuple':
    case 'List':
    case 'Set':
      for (const x of e.elts) rec(x);
      break;
    case 'Dict':
      for (const k of e.keys) rec(k);
      for (const v of e.values) rec(v);
      break;
    case 'ListComp':
    case 'SetComp':
    case 'GeneratorExp':
      rec(e.elt);
      for (const g of e.generators) {
        rec(g.iter);
        for (const c of g.ifs) rec(c);
      }
      break;
    case 'DictComp':
      rec(e.key);
      rec(e.value);
      for (const g of e.generators) {
        rec(g.iter);
        for (const c of g.ifs) rec(c);
      }
      break;
    case 'FString':
      for (const p of e.parts) {
        if (typeof p !== 'string') {
          rec(p.value);
          if (p.spec) rec(p.spec);
        }
      }
      break;
    case 'NamedExpr':
      rec(e.value);
      break;
    case 'Yield':
    case 'YieldFrom':
      rec(e.value);
      break;
  }
}

// ---- pass 2: resolve every name ----------------------------------------------------------------------------

function lookupName(n: NameExpr, scope: Scope): void {
  const id = n.id;
  if (scope.kind === 'module' || scope.globals.has(id)) {
    n.scope = 'global';
    n.depth = 0;
    return;
  }
  if (scope.kind === 'class') {
    n.scope = 'class';
    n.depth = scope.nonlocals.has(id) || !scope.bound.has(id) ? freeDepth(id, scope) : 0;
    if (scope.nonlocals.has(id) && n.depth > 0) n.scope = 'free';
    return;
  }
  if (scope.bound.has(id) && !scope.nonlocals.has(id)) {
    n.scope = 'local';
    n.depth = 0;
    return;
  }
  const d = freeDepth(id, scope);
  n.scope = d > 0 ? 'free' : 'global';
  n.depth = d;
}

/** Closure hops from `scope` to the enclosing function-like scope binding `id`; 0 when it is global. */
function freeDepth(id: string, scope: Scope): number {
  let depth = 0;
  for (let p = scope.parent; p; p = p.parent) {
    if (p.kind === 'class') continue;
    if (p.kind === 'module') return 0;
    depth++;
    if (p.globals.has(id)) return 0;
    if (p.bound.has(id) && !p.nonlocals.has(id)) return depth;
  }
  return 0;
}

function resolveTarget(t: Target, scope: Scope): void {
  resolveExpr(t, scope);
}

function resolveBody(body: Stmt[], scope: Scope): void {
  for (const s of body) resolveStmt(s, scope);
}

function resolveFunction(fn: FunctionInfo, scope: Scope): void {
  const inner = new Scope('function', scope);
  const p = fn.params;
  for (const a of p.args) inner.bound.add(a.name);
  for (const a of p.kwOnly) inner.bound.add(a.name);
  if (p.vararg) inner.bound.add(p.vararg);
  if (p.kwarg) inner.bound.add(p.kwarg);
  collectBody(fn.body, inner);
  resolveBody(fn.body, inner);
}

function resolveStmt(s: Stmt, scope: Scope): void {
  switch (s.kind) {
    case 'Expr':
      resolveExpr(s.value, scope);
      break;
    case 'Assign':
      resolveExpr(s.value, scope);
      for (const t of s.targets) resolveTarget(t, scope);
      break;
    case 'AugAssign':
    case 'AnnAssign':
      if (s.value) resolveExpr(s.value, scope);
      resolveTarget(s.target, scope);
      break;
    case 'Return':
      if (s.value) resolveExpr(s.value, scope);
      break;
    case 'Delete':
      for (const t of s.targets) resolveTarget(t, scope);
      break;
    case 'If':
    case 'While':
      resolveExpr(s.test, scope);
      resolveBody(s.body, scope);
      resolveBody(s.orelse, scope);
      break;
    case 'For':
      resolveExpr(s.iter, scope);
      resolveTarget(s.target, scope);
      resolveBody(s.body, scope);
      resolveBody(s.orelse, scope);
      break;
    case 'Try':
      resolveBody(s.body, scope);
      for (const h of s.handlers) {
        if (h.type) resolveExpr(h.type, scope);
        if (h.name) lookupName(h.name, scope);
        resolveBody(h.body, scope);
      }
      resolveBody(s.orelse, scope);
      resolveBody(s.finalbody, scope);
      break;
    case 'With':
      for (const it of s.items) {
        resolveExpr(it.context, scope);
        if (it.target) resolveTarget(it.target, scope);
      }
      resolveBody(s.body, scope);
      break;
    case 'FunctionDef':
      for (const d of s.decorators) resolveExpr(d, scope);
      resolveDefaults(s.fn, scope);
      lookupName(s.target, scope);
      resolveFunction(s.fn, scope);
      break;
    case 'ClassDef': {
      for (const d of s.decorators) resolveExpr(d, scope);
      for (const b of s.bases) resolveExpr(b, scope);
      for (const k of s.keywords) resolveExpr(k.value, scope);
      lookupName(s.target, scope);
      const inner = new Scope('class', scope);
      collectBody(s.body, inner);
      resolveBody(s.body, inner);
      break;
    }
    case 'Raise':
      if (s.exc) resolveExpr(s.exc, scope);
      if (s.cause) resolveExpr(s.cause, scope);
      break;
    case 'Assert':
      resolveExpr(s.test, scope);
      if (s.msg) resolveExpr(s.msg, scope);
      break;
    case 'Import':
      for (const a of s.names) lookupName(a.target, scope);
      break;
    case 'ImportFrom':
      if (s.names) for (const a of s.names) lookupName(a.target, scope);
      break;
  }
}

function resolveDefaults(fn: FunctionInfo, scope: Scope): void {
  for (const a of fn.params.args) if (a.default) resolveExpr(a.default, scope);
  for (const a of fn.params.kwOnly) if (a.default) resolveExpr(a.default, scope);
}

function resolveComprehension(gens: Comprehension[], rest: Expr[], scope: Scope): void {
  resolveExpr(gens[0].iter, scope);
  const inner = new Scope('comprehension', scope);
  for (const g of gens) bindTarget(g.target, inner);
  // Walrus targets bind in the enclosing scope, not here.
  for (const g of gens) {
    if (g !== gens[0]) resolveExpr(g.iter, inner);
    resolveTarget(g.target, inner);
    for (const c of g.ifs) resolveExpr(c, inner);
  }
  for (const e of rest) resolveExpr(e, inner);
}

function resolveExpr(e: Expr, scope: Scope): void {
  switch (e.kind) {
    case 'Name':
      lookupName(e, scope);
      return;
    case 'Lambda':
      resolveDefaults(e.fn, scope);
      resolveFunction(e.fn, scope);
      return;
    case 'ListComp':
    case 'SetComp':
    case 'GeneratorExp':
      resolveComprehension(e.generators, [e.elt], scope);
      return;
    case 'DictComp':
      resolveComprehension(e.generators, [e.key, e.value], scope);
      return;
    case 'NamedExpr': {
      resolveExpr(e.value, scope);
      let s: Scope = scope;
      while (s.kind === 'comprehension' && s.parent) s = s.parent;
      if (s === scope) lookupName(e.target, scope);
      else {
        lookupName(e.target, scope);
        if (s.kind === 'module') {
          e.target.scope = 'global';
          e.target.depth = 0;
        }
      }
      return;
    }
  }
  forEachSubExpr(e, (x) => {
    if (x === e) return true;
    resolveExpr(x, scope);
    return false;
  });
}
