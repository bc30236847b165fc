/**
 * Generator functions run lazily: the function body is executed by a JS generator that mirrors the statement
 * executor for statements containing `yield` (and delegates every other statement to `execStmt`). Supported
 * positions: `yield x` / `yield from it` as a statement and `v = yield x` (which binds None: `send()` is not
 * supported), inside any nesting of if/for/while/try/with.
 */
import type { Stmt, TryStmt, WithStmt } from './ast';
import { evalExpr } from './evalExpr';
import { PyException, pyError, RecursionError, SyntaxError, ValueError } from './exceptions';
import {
  assign,
  enterContext,
  enterHandler,
  execStmt,
  exitContext,
  finallyCatches,
  forIterable,
  forIterator,
  forNext,
  havoc,
  ifBranch,
  leaveHandler,
  loopStopped,
  tryHandler,
  whileTest,
} from './execStmt';
import { BREAK, type Frame, NORMAL, RETURN } from './interpreter';
import { getIter } from './iteration';
import { type Env, type PyFunction, PyIterator, PyUnknown, type PyValue } from './values';

type Gen = Generator<PyValue, number, undefined>;

export function makeGenerator(frame: Frame, fn: PyFunction): PyIterator {
  const gen = genBlock(fn.info.body, frame, frame.env);
  let done = false;
  let running = false;
  return new PyIterator(() => {
    if (done) return undefined;
    if (running) throw pyError(ValueError, 'generator already executing');
    const it = frame.it;
    if (it.stack.length >= it.recursionLimit) throw pyError(RecursionError, 'maximum recursion depth exceeded');
    it.stack.push(frame);
    running = true;
    try {
      const r = gen.next();
      if (r.done) {
        done = true;
        return undefined;
      }
      return r.value;
    } catch (e) {
      done = true;
      throw e;
    } finally {
      running = false;
      it.stack.pop();
    }
  }, 'generator');
}

function* genBlock(stmts: Stmt[], f: Frame, env: Env): Gen {
  for (const s of stmts) {
    const c = s.hasYield ? yield* genStmt(s, f, env) : execStmt(s, f, env);
    if (c !== NORMAL) return c;
  }
  return NORMAL;
}

/**
 * A statement containing `yield`. The compound statements have execStmt.ts's shape, and everything they decide
 * (truth, Unknown, iteration, handlers, `finally`, context managers, the step budget) is execStmt.ts's helpers:
 * only the suspension is written here.
 */
function* genStmt(s: Stmt, f: Frame, env: Env): Gen {
  const it = f.it;
  it.tick();
  f.span = s.span;
  try {
    switch (s.kind) {
      case 'Expr': {
        const e = s.value;
        if (e.kind === 'Yield') {
          yield e.value ? evalExpr(e.value, f, env) : null;
          return NORMAL;
        }
        if (e.kind === 'YieldFrom' && e.value) {
          const iter = getIter(evalExpr(e.value, f, env));
          for (let x = iter.next(); x !== undefined; x = iter.next()) yield x;
          return NORMAL;
        }
        break;
      }
      case 'Assign': {
        const e = s.value;
        if (e.kind !== 'Yield') break;
        yield e.value ? evalExpr(e.value, f, env) : null;
        for (const t of s.targets) assign(t, null, f, env);
        return NORMAL;
      }
      case 'If': {
        const branch = ifBranch(s, f, env);
        return branch === null ? NORMAL : yield* genBlock(branch, f, env);
      }
      case 'While':
        try {
          for (;;) {
            const go = whileTest(s, f, env);
            if (go === null) return NORMAL;
            if (!go) break;
            const c = yield* genBlock(s.body, f, env);
            if (c === BREAK) return NORMAL;
            if (c === RETURN) return c;
            it.tick();
          }
        } catch (err) {
          throw loopStopped(err, s);
        }
        return yield* genBlock(s.orelse, f, env);
      case 'For': {
        const iterable = forIterable(s, f, env);
        if (iterable === null) return NORMAL;
        try {
          const iter = forIterator(s, iterable, f);
          for (let x = forNext(iter, s, f); x !== undefined; x = forNext(iter, s, f)) {
            assign(s.target, x, f, env);
            const c = yield* genBlock(s.body, f, env);
            if (c === BREAK) return NORMAL;
            if (c === RETURN) return c;
            it.tick();
          }
        } catch (err) {
          throw loopStopped(err, s);
        }
        return yield* genBlock(s.orelse, f, env);
      }
      case 'Try':
        return yield* genTry(s, f, env);
      case 'With':
        return yield* genWith(s, 0, f, env);
    }
  } catch (err) {
    if (err instanceof PyUnknown) {
      havoc([s], err, f, env);
      return NORMAL;
    }
    throw it.locate(err, s.span);
  }
  const exc = pyError(SyntaxError, '`yield` in this position is not supported by Gradient Lens');
  throw it.locate(exc, s.span);
}

function* genTry(s: TryStmt, f: Frame, env: Env): Gen {
  let c = NORMAL;
  try {
    let handled = false;
    try {
      c = yield* genBlock(s.body, f, env);
    } catch (err) {
      const h = tryHandler(s, err, f, env);
      if (h === null) throw err;
      handled = true;
      const saved = enterHandler(h, err as PyException, f, env);
      try {
        c = yield* genBlock(h.body, f, env);
      } finally {
        leaveHandler(h, saved, f, env);
      }
    }
    if (!handled && c === NORMAL && s.orelse.length) c = yield* genBlock(s.orelse, f, env);
  } catch (err) {
    if (!finallyCatches(s, err)) throw err;
    const fc = yield* genBlock(s.finalbody, f, env);
    if (fc !== NORMAL) return fc;
    throw err;
  }
  if (s.finalbody.length) {
    const fc = yield* genBlock(s.finalbody, f, env);
    if (fc !== NORMAL) return fc;
  }
  return c;
}

function* genWith(s: WithStmt, i: number, f: Frame, env: Env): Gen {
  if (i === s.items.length) return yield* genBlock(s.body, f, env);
  const cm = enterContext(s, i, f, env);
  if (!cm) return yield* genWith(s, i + 1, f, env);
  let c: number;
  try {
    c = yield* genWith(s, i + 1, f, env);
  } catch (err) {
    if (!(err instanceof PyException)) throw err;
    if (exitContext(cm, err, s, f)) return NORMAL;
    throw err;
  }
  exitContext(cm, null, s, f);
  return c;
}
