/**
 * The Python-subset interpreter: public entry. `runProgram` parses, lowers and runs cells in one global scope;
 * the rest are the value model and the helpers host modules (tensorflow, numpy) are built with. See README.md.
 */
import { pyRepr as reprValue, pyStr as strValue } from './format';
import { Interp, type InterpreterOptions, type StopReason } from './interpreter';
import { type LoweredCell, lowerCell } from './lower';
import { activate, runtime } from './runtime';
import type { Diagnostic } from './source';
import type { PyValue } from './values';

export type { Expr, Module, Span, Stmt } from './ast';
export { getAttr, getItem, setAttr, setItem } from './attributes';
export { pyLen, pyRound } from './builtins';
export type { ArityErrors, BindSpec } from './calls';
export { dictFromRecord, dictGet, dictSet, newDict, newSet } from './dict';
export * from './exceptions';
export { floatRepr, strRepr } from './format';
export { formatValue } from './formatSpec';
export type { InterpreterOptions, Observer, StopReason } from './interpreter';
export { iteratorOf, toArray } from './iteration';
export {
  type Args,
  type DefOptions,
  def,
  expectPayload,
  type NativeClassSpec,
  type NativeModuleOptions,
  nativeClass,
  nativeModule,
  parseSignature,
  payloadOf,
  wrap,
} from './native';
export { hashKey, pyHash, toFloat, toIndex, toInt } from './numbers';
export { binaryOp, compareOp, eqOp, pyEquals, truthy, unaryOp } from './operators';
export type { Diagnostic, RelatedInfo, Severity } from './source';
export * from './values';

export interface CellInput {
  source: string;
  /** Notebook cell index; carried into every span of this cell. */
  cell?: number;
}

export interface RunOptions extends InterpreterOptions {
  /**
   * Called after each cell that ran (also one an uncaught exception ended) with its position in `cells`, the
   * module-level names, and the exception that ended it.
   */
  onCellEnd?(index: number, globals: ReadonlyMap<string, PyValue>, error?: { type: string; message: string }): void;
}

export interface RunResult {
  /** Module-level names bound at the end of the run (in binding order). */
  globals: Map<string, PyValue>;
  /** Syntax errors, skipped magics, unsupported APIs, uncaught exceptions, budget stops — in that order of phases. */
  diagnostics: Diagnostic[];
  /** Set when the whole run ended early. */
  stoppedBy?: StopReason;
  steps: number;
  elapsedMs: number;
  /** Of `elapsedMs`, the time spent reading the source (parsing and lowering every cell). */
  parseMs: number;
  /** `repr()` / `str()` with this run's interpreter (user `__repr__` runs under a small budget of its own). */
  repr(v: PyValue): string;
  str(v: PyValue): string;
}

/**
 * Runs cells in order in one global scope, like Jupyter's "Run All". Every cell is parsed and lowered first (syntax
 * errors are reported before anything runs); an uncaught exception ends its cell only; a budget stop, deadline or
 * cancellation ends the run.
 */
export function runProgram(cells: CellInput[], options: RunOptions = {}): RunResult {
  const start = performance.now();
  const it = new Interp(options);
  const staticDiagnostics: Diagnostic[] = [];
  const lowered: LoweredCell[] = [];
  for (const c of cells) {
    const l = lowerCell(c.source, c.cell, staticDiagnostics, it.deadline);
    lowered.push(l);
    if (l.timedOut) break;
  }
  const parseMs = performance.now() - start;
  for (const d of staticDiagnostics) it.diagnose(d);
  let stoppedBy: StopReason | undefined;
  const late = lowered[lowered.length - 1];
  if (late?.timedOut) {
    // Reading the source used up the time budget: nothing runs.
    stoppedBy = 'deadline';
    const size = cells.reduce((n, c) => n + c.source.length, 0);
    it.diagnose({
      severity: 'warning',
      code: 'deadline',
      message: `Evaluation stopped: the run exceeded its time budget of ${it.timeBudgetMs} ms (setting gradientLens.timeBudgetMs) while reading the source (${(size / 1024).toFixed(0)} KB${cells.length > 1 ? ` in ${cells.length} cells` : ''}).`,
      span: late.lines.span(0, 0),
    });
  } else {
    for (const [index, { module, lines }] of lowered.entries()) {
      const seen = it.diagnostics.length;
      const stop = it.runModule(module, lines);
      if (options.onCellEnd && !stop) {
        const uncaught = it.diagnostics.slice(seen).find((d) => d.code === 'exception' && d.exception);
        options.onCellEnd(index, it.globals, uncaught?.exception);
      }
      if (stop) {
        stoppedBy = stop.reason;
        break;
      }
    }
  }
  const globals = new Map(it.globals);
  globals.delete('__name__');
  const result: RunResult = {
    globals,
    diagnostics: it.diagnostics,
    steps: it.steps,
    elapsedMs: performance.now() - start,
    parseMs,
    repr: (v) => withRuntime(() => reprValue(v)),
    str: (v) => withRuntime(() => strValue(v)),
  };
  if (stoppedBy) result.stoppedBy = stoppedBy;
  return result;
}

/** Runs `f` with an active interpreter (a fresh one with a small budget when none is running). */
function withRuntime<T>(f: () => T): T {
  const rt = runtime();
  const prev = activate(rt);
  try {
    return f();
  } finally {
    activate(prev);
  }
}

/** Python `repr(v)`, also for host objects (`__repr__`) and user classes, usable outside a run. */
export function pyRepr(v: PyValue): string {
  return withRuntime(() => reprValue(v));
}

/** Python `str(v)`, usable outside a run. */
export function pyStr(v: PyValue): string {
  return withRuntime(() => strValue(v));
}

/** The module-level names bound to `value` (by identity), e.g. to label a tensor `x` in the report. */
export function namesBoundTo(globals: ReadonlyMap<string, PyValue>, value: PyValue): string[] {
  const out: string[] = [];
  for (const [k, v] of globals) if (v === value && (typeof v === 'object' || typeof v === 'string')) out.push(k);
  return out;
}
