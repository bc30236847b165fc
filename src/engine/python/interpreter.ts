/**
 * The interpreter state: globals, the frame stack, budgets, calls (Python, native, classes), imports, locating
 * exceptions (span + traceback) and diagnostics. Expressions and statements are evaluated in evalExpr.ts /
 * execStmt.ts, which receive the current `Frame` (and through it this `Interp`).
 */
import { EngineError, NotSupported, UnknownResult } from '../errors';
import { type LoopState, session } from '../session';
import { NO_SPAN } from '../span';
import type { Module, Span, Stmt } from './ast';
import { getAttr } from './attributes';
import { getBuiltins } from './builtins';
import { objectInit } from './builtinTypes';
import { bindArguments, functionSpec } from './calls';
import {
  ExceptionClassResolver,
  ExceptionState,
  exceptionState,
  KeyboardInterrupt,
  MemoryError,
  ModuleNotFoundError,
  NotImplementedError,
  PyException,
  pyError,
  RecursionError,
  SystemError,
  type Frame as TraceFrame,
  TypeError,
} from './exceptions';
import { execBlock } from './execStmt';
import { pyRepr, pyStr } from './format';
import { makeFunctoolsModule } from './functoolsModule';
import { makeGenerator } from './generators';
import { toArray } from './iteration';
import { makeItertoolsModule } from './itertoolsModule';
import { makeMathModule } from './mathModule';
import { makeOperatorModule } from './operatorModule';
import { truthy } from './operators';
import { activate, type Runtime, setDetachedRuntimeFactory } from './runtime';
import type { Diagnostic, LineIndex, RelatedInfo, Severity } from './source';
import { isPureOrigin } from './taint';
import {
  type CallContext,
  EMPTY_KWARGS,
  Env,
  type KwArgs,
  PyBoundMethod,
  PyClass,
  PyFunction,
  PyInstance,
  PyModule,
  PyNativeFunction,
  PyTuple,
  PyUnknown,
  type PyValue,
  typeName,
} from './values';

export const NORMAL = 0;
export const BREAK = 1;
export const CONTINUE = 2;
export const RETURN = 3;

/** What the report sees while the program runs. All callbacks are optional. */
export interface Observer {
  /**
   * Each executed assignment (`=`, `+=`, annotated) and expression statement, every time it runs: the statement's
   * span, the value assigned (after `+=`: the new value) or the expression's value, and the statement node.
   */
  onValue?(span: Span, value: PyValue, stmt: Stmt): void;
  /** Each executed `assert`: passed or not, and the message value when it failed (undefined if none). */
  /** `actual`: for a failed comparison without a message, its operands (`6.0 == 9.0`). */
  onAssert?(span: Span, passed: boolean, message: PyValue | undefined, actual?: string): void;
  /**
   * `print` output exactly as Python writes it (including `end`, default '\n'), with the call's span; `stream` is
   * `stderr` for `tf.print` (TF writes to the process's stderr, which Jupyter shows as such).
   */
  onPrint?(text: string, span: Span, stream?: 'stdout' | 'stderr'): void;
  /** An `assert` whose test is unknown: not checked (neither passed nor failed). */
  onAssertUnknown?(span: Span, u: PyUnknown): void;
  /** A native function was not run because an argument is unknown (`tape.gradient(unknown_loss, w)`). */
  onUnknownCall?(span: Span, fn: PyNativeFunction, u: PyUnknown): void;
  onDiagnostic?(d: Diagnostic): void;
  /** An exception no `except` caught ended a cell (after its diagnostic): its class, value, traceback and chain. */
  onUncaught?(exc: PyException): void;
}

export interface InterpreterOptions {
  /** Host modules: name → factory (called once per run, on first import). Dotted names are looked up progressively. */
  modules?: Record<string, () => PyValue>;
  observer?: Observer;
  /** Wall-clock budget for the whole run, default 2000 ms. */
  timeBudgetMs?: number;
  /** Evaluation steps for the whole run (statements, loop iterations, calls), default 50 million. */
  maxSteps?: number;
  /** Python frames, default 1000 like CPython. */
  recursionLimit?: number;
  /** Polled with the deadline; returning true ends the run. */
  shouldCancel?: () => boolean;
  /** Exception classes for `EngineError.pyType` names (e.g. tf.errors.InvalidArgumentError); builtins otherwise. */
  exceptionClasses?: Record<string, PyClass>;
  /**
   * What the engine cannot evaluate (an unsupported module, API or result): `'spread'` (the default) makes it an
   * Unknown that spreads (the lens), `'raise'` raises NotImplementedError (ModuleNotFoundError for a module that is
   * not provided) where it happens, so no Unknown ever exists (the notebook kernel, which must show no made-up value).
   */
  unknowns?: 'spread' | 'raise';
  /** Polled with the deadline; returning true raises KeyboardInterrupt where the program is (one per true). */
  interrupted?: () => boolean;
}

/** A Python frame: `<module>`, a function, or a class body. `span` is where it is now. */
export class Frame {
  retval: PyValue = null;
  /** The exception being handled (for bare `raise` and `__context__`). */
  handled: PyException | null = null;
  constructor(
    readonly it: Interp,
    readonly name: string,
    readonly fn: PyFunction | null,
    readonly env: Env,
    public span: Span,
  ) {}
}

export type StopReason = 'budget' | 'deadline' | 'cancelled';

/** Thrown when the run must end (not catchable by Python code, skips `finally` and `__exit__`). */
export class BudgetStop {
  /** The innermost loop running when the budget ran out (set while unwinding). */
  loop: Stmt | null = null;
  constructor(
    readonly reason: StopReason,
    readonly at: Span,
  ) {}
}

const CHECK_EVERY = 1024;

class Ctx implements CallContext {
  constructor(
    readonly it: Interp,
    readonly span: Span,
  ) {}
  call(fn: PyValue, args: PyValue[], kwargs?: KwArgs): PyValue {
    return this.it.callValue(fn, args, kwargs ?? null, this.span);
  }
  getAttr(obj: PyValue, name: string): PyValue {
    return getAttr(obj, name);
  }
  repr(v: PyValue): string {
    return pyRepr(v);
  }
  str(v: PyValue): string {
    return pyStr(v);
  }
  toArray(iterable: PyValue): PyValue[] {
    return toArray(iterable);
  }
  truthy(v: PyValue): boolean {
    return truthy(v);
  }
  unsupported(what: string): PyUnknown {
    return this.it.unsupported(what, this.span);
  }
  report(severity: Severity, code: string, message: string, span?: Span): void {
    this.it.diagnose({ severity, code, message, span: span ?? this.span });
  }
}

function unknownArgument(args: PyValue[], kwargs: KwArgs | null): PyUnknown | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a instanceof PyUnknown) return a;
  }
  if (kwargs !== null) for (const v of kwargs.values()) if (v instanceof PyUnknown) return v;
  return undefined;
}

function spanKey(s: Span): string {
  return `${s.cell ?? ''}:${s.start.line}:${s.start.character}:${s.end.line}:${s.end.character}`;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: terminal style codes start with ESC
const ANSI_STYLE = /\x1b\[[0-9;]*m/g;

export class Interp implements Runtime {
  readonly moduleEnv = new Env(null);
  readonly globals = this.moduleEnv.vars;
  readonly builtins = getBuiltins();
  readonly stack: Frame[] = [];
  readonly diagnostics: Diagnostic[] = [];
  readonly observer: Observer;
  readonly exceptionClasses: ExceptionClassResolver;
  steps = 0;
  nextCheck: number;
  readonly maxSteps: number;
  readonly timeBudgetMs: number;
  readonly recursionLimit: number;
  deadline: number;
  /** The expression being evaluated: the span native code sees (`session.span`) for operators. */
  curSpan: Span = NO_SPAN;
  /** The cell being run (for source text in messages). */
  lines: LineIndex | null = null;
  /** Every cell run so far, by cell index (undefined for a plain file). */
  private readonly cellLines = new Map<number | undefined, LineIndex>();
  private readonly reported = new Set<string>();
  private readonly loopStates = new Map<Stmt, LoopState>();
  private readonly moduleCache = new Map<string, PyValue>();
  private readonly shouldCancel: (() => boolean) | undefined;
  private readonly interrupted: (() => boolean) | undefined;
  private readonly raiseUnknowns: boolean;
  private readonly hostModules: Record<string, () => PyValue>;

  constructor(readonly options: InterpreterOptions = {}) {
    this.observer = options.observer ?? {};
    this.maxSteps = options.maxSteps ?? 50_000_000;
    this.timeBudgetMs = options.timeBudgetMs ?? 2000;
    this.recursionLimit = options.recursionLimit ?? 1000;
    this.shouldCancel = options.shouldCancel;
    this.interrupted = options.interrupted;
    this.raiseUnknowns = options.unknowns === 'raise';
    this.hostModules = options.modules ?? {};
    this.exceptionClasses = new ExceptionClassResolver(options.exceptionClasses);
    this.deadline = performance.now() + this.timeBudgetMs;
    this.nextCheck = Math.min(this.maxSteps, CHECK_EVERY);
    this.globals.set('__name__', '__main__');
  }

  /** The iteration counter of a `for`/`while` statement (one per statement for the whole run). */
  loopState(s: Stmt & { header: Span }): LoopState {
    let state = this.loopStates.get(s);
    if (state === undefined) this.loopStates.set(s, (state = { span: s.header, iterations: 0 }));
    return state;
  }

  // ---- Runtime --------------------------------------------------------------------------------------------

  get span(): Span {
    return this.curSpan;
  }
  call(fn: PyValue, args: PyValue[], kwargs?: KwArgs | null, span?: Span): PyValue {
    return this.callValue(fn, args, kwargs ?? null, span ?? this.curSpan);
  }
  context(span?: Span): CallContext {
    return new Ctx(this, span ?? this.curSpan);
  }
  /** One step: statements, loop iterations, calls and elements pulled by builtins each count one. */
  tick(): void {
    if (++this.steps >= this.nextCheck) this.checkBudget();
  }

  // ---- budgets --------------------------------------------------------------------------------------------

  checkBudget(): void {
    const at = this.stack.length ? this.stack[this.stack.length - 1].span : this.curSpan;
    if (this.steps >= this.maxSteps) throw new BudgetStop('budget', at);
    if (performance.now() > this.deadline) throw new BudgetStop('deadline', at);
    if (this.shouldCancel?.()) throw new BudgetStop('cancelled', at);
    this.nextCheck = Math.min(this.maxSteps, this.steps + CHECK_EVERY);
    if (this.interrupted?.()) throw pyError(KeyboardInterrupt, '');
  }

  /** A fresh budget (steps and deadline) for what runs next: each cell a kernel executes gets its own. */
  restartBudget(timeBudgetMs = this.timeBudgetMs): void {
    this.steps = 0;
    this.nextCheck = Math.min(this.maxSteps, CHECK_EVERY);
    this.deadline = performance.now() + timeBudgetMs;
  }

  // ---- diagnostics ----------------------------------------------------------------------------------------

  diagnose(d: Diagnostic): void {
    this.diagnostics.push(d);
    this.observer.onDiagnostic?.(d);
  }

  /** An Unknown for `what` with one information diagnostic per span. */
  unsupported(what: string, span: Span = this.curSpan): PyUnknown {
    if (this.raiseUnknowns) throw notSupported(what);
    const key = `${spanKey(span)}|${what}`;
    if (!this.reported.has(key)) {
      this.reported.add(key);
      this.diagnose({
        severity: 'information',
        code: 'unsupported',
        message: `\`${what}\` is not supported by Gradient Lens; values that depend on it are unknown`,
        span,
      });
    }
    return new PyUnknown(what, span, isPureOrigin(what));
  }

  /** The source text of a span, in the cell the span lies in (a function defined in an earlier cell runs later). */
  sourceText(span: Span): string {
    const lines = span.cell === this.lines?.cell ? this.lines : this.cellLines.get(span.cell);
    return lines ? lines.slice(span) : '';
  }

  // ---- exceptions -----------------------------------------------------------------------------------------

  /** The traceback at this point, with `span` as the innermost location. */
  snapshot(span: Span): TraceFrame[] {
    const frames: TraceFrame[] = [];
    for (const f of this.stack)
      frames.push(f.fn ? { name: f.name, span: f.span, fn: f.fn.info } : { name: f.name, span: f.span });
    if (frames.length) frames[frames.length - 1] = { ...frames[frames.length - 1], span };
    else frames.push({ name: '<module>', span });
    return frames;
  }

  /**
   * Turns anything thrown during evaluation into what should propagate: Python exceptions get their traceback
   * (once, where first seen), `EngineError`s become Python exceptions of their `pyType`, a JS stack overflow
   * becomes RecursionError, other JS errors become SystemError. Budget stops and Unknown signals pass through; an
   * `UnknownResult` becomes an unknown located here.
   */
  locate(err: unknown, span: Span): unknown {
    if (err instanceof PyException) {
      const st = exceptionState(err.value);
      if (st.frames === null) {
        st.frames = this.snapshot(span);
        this.implicitContext(st, err.value);
      }
      return err;
    }
    if (err instanceof BudgetStop || err instanceof PyUnknown) return err;
    if (err instanceof UnknownResult) return new PyUnknown(err.origin, span, true);
    if (err instanceof NotSupported) return this.unsupported(err.what, span);
    let exc: PyException;
    if (err instanceof EngineError) {
      exc = pyError(this.exceptionClasses.resolve(err.pyType), err.message);
    } else if (err instanceof Error && err.message.includes('call stack')) {
      // A JS stack overflow (also when it surfaces as a failed regexp compilation or the like).
      exc = pyError(RecursionError, 'maximum recursion depth exceeded');
    } else if (err instanceof RangeError) {
      exc = pyError(MemoryError, err.message);
    } else {
      const msg = err instanceof Error ? err.message : String(err);
      exc = pyError(SystemError, `internal error: ${msg}`);
    }
    const st = exceptionState(exc.value);
    st.frames = this.snapshot(span);
    this.implicitContext(st, exc.value);
    return exc;
  }

  /** Python's `__context__`: an exception raised while another is being handled (in any running frame) keeps it. */
  private implicitContext(st: ExceptionState, value: PyInstance): void {
    if (st.context !== null) return;
    for (let i = this.stack.length - 1; i >= 0; i--) {
      const h = this.stack[i].handled;
      if (h === null) continue;
      if (h.value !== value) st.context = h.value;
      return;
    }
  }

  // ---- calls ----------------------------------------------------------------------------------------------

  callValue(fn: PyValue, args: PyValue[], kwargs: KwArgs | null, span: Span): PyValue {
    if (fn instanceof PyFunction) return this.callFunction(fn, args, kwargs, span);
    if (fn instanceof PyNativeFunction) return this.callNative(fn, args, kwargs, span);
    if (fn instanceof PyBoundMethod) return this.callValue(fn.func, [fn.self, ...args], kwargs, span);
    if (fn instanceof PyClass) return this.instantiate(fn, args, kwargs, span);
    if (fn instanceof PyUnknown) return fn;
    if (fn instanceof PyInstance) {
      const m = fn.cls.lookup('__call__');
      if (m !== undefined && m !== null) return this.callValue(m, [fn, ...args], kwargs, span);
    }
    throw pyError(TypeError, `'${typeName(fn)}' object is not callable`);
  }

  callFunction(fn: PyFunction, args: PyValue[], kwargs: KwArgs | null, _span: Span): PyValue {
    this.tick();
    const { spec, names, simple } = functionSpec(fn);
    const env = new Env(fn.closure);
    const vars = env.vars;
    if (simple && (kwargs === null || kwargs.size === 0) && args.length === names.length) {
      for (let i = 0; i < args.length; i++) vars.set(names[i], args[i]);
    } else {
      const vals = bindArguments(spec, args, kwargs);
      for (let i = 0; i < vals.length; i++) vars.set(names[i], vals[i]);
    }
    const frame = new Frame(this, fn.name, fn, env, fn.info.span);
    if (fn.info.isGenerator) return makeGenerator(frame, fn);
    if (this.stack.length >= this.recursionLimit) throw pyError(RecursionError, 'maximum recursion depth exceeded');
    this.stack.push(frame);
    try {
      return execBlock(fn.info.body, frame, env) === RETURN ? frame.retval : null;
    } finally {
      this.stack.pop();
    }
  }

  callNative(fn: PyNativeFunction, args: PyValue[], kwargs: KwArgs | null, span: Span): PyValue {
    this.tick();
    if (!fn.acceptsUnknown) {
      const u = unknownArgument(args, kwargs);
      if (u !== undefined) {
        this.observer.onUnknownCall?.(span, fn, u);
        return u;
      }
    }
    const saved = session.span;
    session.span = span;
    try {
      const r = fn.fn(args, kwargs ?? EMPTY_KWARGS, new Ctx(this, span));
      if (this.raiseUnknowns) {
        const u = unknownIn(r);
        if (u) throw notSupported(u.origin);
      }
      return r;
    } catch (e) {
      if (e instanceof PyUnknown) {
        if (this.raiseUnknowns) throw notSupported(e.origin);
        this.observer.onUnknownCall?.(span, fn, e);
        return e;
      }
      throw e;
    } finally {
      session.span = saved;
    }
  }

  instantiate(cls: PyClass, args: PyValue[], kwargs: KwArgs | null, span: Span): PyValue {
    const construct = cls.native?.construct;
    if (construct) {
      const nf = new PyNativeFunction(cls.name, (a, k, ctx) => construct(cls, a, k, ctx));
      return this.callNative(nf, args, kwargs, span);
    }
    const inst = new PyInstance(cls, cls.isException ? new ExceptionState(args.slice()) : undefined);
    const init = cls.lookup('__init__');
    if (init !== undefined && init !== objectInit) {
      const r = this.callValue(init, [inst, ...args], kwargs, span);
      // A native `__init__` does not run on an Unknown argument: the object is Unknown too (not one without payload).
      if (r instanceof PyUnknown && init instanceof PyNativeFunction) return r;
      if (r !== null && !(r instanceof PyUnknown)) {
        throw pyError(TypeError, `__init__() should return None, not '${typeName(r)}'`);
      }
    } else if ((args.length > 0 || (kwargs !== null && kwargs.size > 0)) && !cls.isException) {
      throw pyError(TypeError, `${cls.name}() takes no arguments`);
    }
    return inst;
  }

  // ---- imports --------------------------------------------------------------------------------------------

  private hostModule(name: string): PyValue | undefined {
    const cached = this.moduleCache.get(name);
    if (cached !== undefined) return cached;
    const factory = Object.hasOwn(this.hostModules, name)
      ? this.hostModules[name]
      : Object.hasOwn(builtinModules, name)
        ? builtinModules[name]
        : undefined;
    if (!factory) return undefined;
    const m = factory();
    this.moduleCache.set(name, m);
    return m;
  }

  /** `import a.b.c`: the module object for the full dotted path, or Unknown with one diagnostic. */
  importModule(path: string[], span: Span): PyValue {
    const full = path.join('.');
    if (full === '__future__') return new PyModule('__future__', new Map(), null, false);
    const direct = this.hostModule(full);
    if (direct !== undefined) return direct;
    for (let i = path.length - 1; i >= 1; i--) {
      const base = this.hostModule(path.slice(0, i).join('.'));
      if (base === undefined) continue;
      let m: PyValue = base;
      for (let j = i; j < path.length; j++) {
        if (m instanceof PyUnknown) return m;
        m = this.moduleAttr(m, path[j], path.slice(0, j + 1).join('.'), span);
      }
      return m;
    }
    if (this.raiseUnknowns)
      throw pyError(ModuleNotFoundError, `No module named '${path[0]}' (not provided by Gradient Lens (no Python))`);
    return this.unsupported(full, span);
  }

  /** An attribute of an imported module; a missing one on a host module is Unknown with one diagnostic. */
  moduleAttr(m: PyValue, name: string, label: string, span: Span): PyValue {
    if (m instanceof PyModule) {
      const v = m.dict.get(name);
      if (v !== undefined) return v;
      const sub = this.hostModule(`${m.name}.${name}`);
      if (sub !== undefined) return sub;
      if (m.fallback) {
        const r = m.fallback(name, new Ctx(this, span));
        if (r !== undefined) return r;
      }
      if (!m.strict) return this.unsupported(label, span);
    }
    const saved = this.curSpan;
    this.curSpan = span;
    try {
      return getAttr(m, name);
    } finally {
      this.curSpan = saved;
    }
  }

  // ---- running --------------------------------------------------------------------------------------------

  /** Runs one lowered cell at module level. Returns a BudgetStop when the run must end. */
  runModule(mod: Module, lines: LineIndex): BudgetStop | null {
    this.lines = lines;
    this.cellLines.set(lines.cell, lines);
    const frame = new Frame(this, '<module>', null, this.moduleEnv, mod.body[0]?.span ?? NO_SPAN);
    this.stack.length = 0;
    this.stack.push(frame);
    const prev = activate(this);
    try {
      execBlock(mod.body, frame, this.moduleEnv);
      return null;
    } catch (e) {
      if (e instanceof BudgetStop) {
        this.reportStop(e);
        return e;
      }
      const exc = this.locate(e, frame.span);
      if (exc instanceof PyException) {
        this.reportUncaught(exc);
        this.observer.onUncaught?.(exc);
      }
      return null;
    } finally {
      this.stack.length = 0;
      activate(prev);
    }
  }

  private reportUncaught(exc: PyException): void {
    let text: string;
    try {
      text = pyStr(exc.value);
    } catch {
      text = '';
    }
    const name = exc.cls.name;
    const frames = exc.frames ?? [];
    const span = exc.span ?? NO_SPAN;
    const related = collapseRepeats(
      frames.slice(0, -1).map((f, i) => ({
        span: f.span,
        message: `in ${f.name}: called ${frames[i + 1].name}()`,
      })),
    );
    this.diagnose({
      severity: 'error',
      code: 'exception',
      // Keras sets part of its messages in bold for a terminal; an editor shows the text alone.
      message: text ? `${name}: ${text.replace(ANSI_STYLE, '')}` : name,
      span,
      related: related.length ? related : undefined,
      exception: { type: name, message: text },
    });
  }

  private reportStop(stop: BudgetStop): void {
    const where = stop.loop ? stop.loop : null;
    const header = where && 'header' in where ? where.header : stop.at;
    const loopText = where ? ` The loop at line ${header.start.line + 1} was still running.` : '';
    const message =
      stop.reason === 'deadline'
        ? `Evaluation stopped: the run exceeded its time budget of ${this.timeBudgetMs} ms (setting gradientLens.timeBudgetMs).${loopText}`
        : stop.reason === 'budget'
          ? `Evaluation stopped: the run exceeded its step budget of ${this.maxSteps.toLocaleString('en-US')} steps (setting gradientLens.maxSteps).${loopText}`
          : 'Evaluation cancelled.';
    this.diagnose({
      severity: stop.reason === 'cancelled' ? 'information' : 'warning',
      code: stop.reason,
      message,
      span: header,
      related: where ? [{ span: stop.at, message: 'running here' }] : undefined,
    });
  }
}

/** What the kernel raises where the lens would make an Unknown. */
function notSupported(what: string): PyException {
  return pyError(NotImplementedError, `\`${what}\` is not supported by Gradient Lens (no Python)`);
}

/** CPython's traceback rule: after 3 identical frames, one line says how many more times it repeated. */
export function collapseRepeats(frames: RelatedInfo[]): RelatedInfo[] {
  const out: RelatedInfo[] = [];
  let i = 0;
  while (i < frames.length) {
    let j = i + 1;
    while (j < frames.length && sameFrame(frames[j], frames[i])) j++;
    const run = j - i;
    out.push(...frames.slice(i, i + Math.min(run, 3)));
    if (run > 3) out.push({ span: frames[i].span, message: `[Previous line repeated ${run - 3} more times]` });
    i = j;
  }
  return out;
}

function sameFrame(a: RelatedInfo, b: RelatedInfo): boolean {
  return (
    a.message === b.message &&
    a.span.cell === b.span.cell &&
    a.span.start.line === b.span.start.line &&
    a.span.start.character === b.span.start.character
  );
}

/** Modules the interpreter itself provides (hosts can override them by name). */
export const builtinModules: Record<string, () => PyValue> = {
  math: makeMathModule,
  itertools: makeItertoolsModule,
  functools: makeFunctoolsModule,
  operator: makeOperatorModule,
};

setDetachedRuntimeFactory(() => new Interp({ timeBudgetMs: 200, maxSteps: 1_000_000 }));

/** The unknown a native result is or holds in a tuple (`load_data()`'s arrays), if any. */
function unknownIn(v: PyValue): PyUnknown | undefined {
  if (v instanceof PyUnknown) return v;
  if (v instanceof PyTuple) {
    for (const x of v.items) {
      const u = unknownIn(x);
      if (u) return u;
    }
  }
  return undefined;
}
