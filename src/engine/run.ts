/**
 * The engine's one entry point: `run(input, options) → RunReport`. Parses and evaluates the cells with the Python
 * interpreter and the tensorflow/numpy host modules, while the report builder listens: values by span, tapes,
 * gradient calls (with their chain-rule explanation), asserts, prints and diagnostics.
 */
import type { DiagnosticRecord, RunInput, RunOptions, RunReport } from '../protocol/report';
import { Evaluation } from './evaluation';
import { freshEngineState } from './freshState';
import { limits, resetAllocations } from './limits';
import { hostModules } from './modules/index';
import { pyAdapter } from './pyAdapter';
import type { Stmt } from './python/ast';
import type { Diagnostic } from './python/index';
import { runProgram } from './python/index';
import { runtime } from './python/runtime';
import { ReportBuilder } from './report/builder';
import { CellSnapshots } from './report/snapshot';
import { session } from './session';
import { type Span, spansEqual } from './span';

export const DEFAULT_OPTIONS: Required<RunOptions> = {
  timeBudgetMs: 2000,
  maxSteps: 50_000_000,
  maxTensorElements: 50_000_000,
  maxTotalMemoryMb: 8192,
  recursionLimit: 1000,
  fullValueLimit: 10_000,
  maxTapeOps: 5000,
  cellSnapshots: false,
  bounded: false,
};

/** Source text by span, for labels (`dz_dx`), gradient arguments (`z`, `x`) and hints. */
class SourceText {
  private readonly lines: string[][];
  constructor(cells: RunInput['cells']) {
    this.lines = cells.map((c) => c.source.split(/\r\n|\r|\n/));
  }
  slice(span: Span, cellIndex: number): string {
    const lines = this.lines[cellIndex] ?? [];
    const { start, end } = span;
    if (start.line === end.line) return (lines[start.line] ?? '').slice(start.character, end.character);
    const out = [(lines[start.line] ?? '').slice(start.character)];
    for (let l = start.line + 1; l < end.line; l++) out.push(lines[l] ?? '');
    out.push((lines[end.line] ?? '').slice(0, end.character));
    return out.join('\n');
  }
}

/** The top-level argument texts of a call's source: `t.gradient(z, [x, y])` → `['z', '[x, y]']`. */
export function callArguments(call: string): string[] {
  const open = call.indexOf('(');
  if (open < 0) return [];
  const args: string[] = [];
  let depth = 0;
  let cur = '';
  let quote = '';
  for (let i = open + 1; i < call.length; i++) {
    const c = call[i];
    if (quote) {
      cur += c;
      if (c === quote && call[i - 1] !== '\\') quote = '';
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    if (c === '(' || c === '[' || c === '{') depth++;
    if (c === ')' || c === ']' || c === '}') {
      if (depth === 0) break;
      depth--;
    }
    if (c === ',' && depth === 0) {
      args.push(cur.trim());
      cur = '';
    } else cur += c;
  }
  if (cur.trim()) args.push(cur.trim());
  return args
    .filter((a) => !/^\w+\s*=[^=]/.test(a) || /^(target|sources?)\s*=/.test(a))
    .map((a) => a.replace(/^(target|sources?)\s*=\s*/, ''));
}

function sourceLabels(text: string): string[] {
  const t = text.trim();
  if (/^\{.*\}$/s.test(t)) {
    // A dict of sources, `{'x0': x0, 'x1': x1}`: one label per value.
    return callArguments(`(${t.slice(1, -1)})`).map((entry) => {
      const colon = topLevelColon(entry);
      return colon < 0 ? entry : entry.slice(colon + 1).trim();
    });
  }
  const inner = /^[[(].*[\])]$/s.test(t) ? t.slice(1, -1) : t;
  return callArguments(`(${inner})`);
}

/** Index of the first `:` outside brackets and quotes, or -1. */
function topLevelColon(s: string): number {
  let depth = 0;
  let quote = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quote) {
      if (c === quote && s[i - 1] !== '\\') quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (c === ':' && depth === 0) return i;
  }
  return -1;
}

function toRecord(d: Diagnostic): DiagnosticRecord {
  return {
    severity: d.severity,
    code: d.code,
    message: d.message,
    span: d.span as Span,
    ...(d.related?.length ? { related: d.related.map((r) => ({ span: r.span as Span, message: r.message })) } : {}),
  };
}

/** The label of an assignment or expression statement: its target text(s) or its expression text. */
function labelOf(stmt: Stmt, text: SourceText, cell: number): string {
  switch (stmt.kind) {
    case 'Assign':
      return stmt.targets.map((t) => text.slice(t.span, cell)).join(' = ');
    case 'AugAssign':
    case 'AnnAssign':
      return text.slice(stmt.target.span, cell);
    case 'Expr':
      return text.slice(stmt.value.span, cell);
    default:
      return text.slice(stmt.span, cell);
  }
}

/** The `as` names of a `with` statement's tapes, by the statement's span object (see `tapeEntered`). */
/** The tape methods whose record turns unknown when an argument is (`tape.gradient(unknown_loss, w)`). */
const GRADIENT_METHODS = new Set(['gradient', 'jacobian', 'batch_jacobian']);

const tapeNames = new WeakMap<Span, string[]>();

export function run(input: RunInput, options: RunOptions = {}): RunReport {
  return evaluate(input, options).report;
}

/**
 * `run`, and what the worker keeps of it: the `Evaluation` answers requests for what a bounded report
 * (`RunOptions.bounded`) leaves out.
 */
export function evaluate(input: RunInput, options: RunOptions = {}): Evaluation {
  const t0 = performance.now();
  const opts = { ...DEFAULT_OPTIONS, ...options };
  const cells = input.cells.map((c, i) => ({
    source: '\n'.repeat(c.lineOffset ?? 0) + c.source,
    ...(input.kind === 'notebook' ? { cell: c.cell ?? i } : {}),
  }));
  const text = new SourceText(cells);
  const cellIndex = (span: Span) =>
    span.cell === undefined
      ? 0
      : Math.max(
          0,
          cells.findIndex((c) => c.cell === span.cell),
        );

  const { modules, exceptionClasses } = hostModules();
  const report = new ReportBuilder({
    source: { kind: input.kind, cells: input.cells.length },
    adapter: pyAdapter,
    fullValueLimit: opts.fullValueLimit,
    maxTapeOps: opts.maxTapeOps,
    deadline: t0 + opts.timeBudgetMs,
    bounded: opts.bounded,
  });

  let enteredKey = '';
  let entered = 0;
  const stmtTexts = new Map<Stmt, { span: Span; label: string; text: string }>();
  let result: ReturnType<typeof runProgram> | undefined;
  session.begin({
    log(line) {
      const span = session.span;
      // The report flags a persistent tape's gradient() inside its context itself (`tape-gradient-in-context`,
      // with advice); TF's log line for it would be a second warning at the same place.
      if (span && !line.includes('persistent tape inside its context')) {
        report.diagnostic({
          severity: 'warning',
          code: 'tf-warning',
          message: line.replace(/^WARNING:tensorflow:/, 'TensorFlow warning: '),
          span: span as Span,
        });
      }
    },
    gradientListener: report.listener(),
    sink: {
      tapeEntered(tape, span) {
        // `with tf.GradientTape() as t, tf.GradientTape() as u:` enters its tapes in order at one span. Spans come
        // from lowered cells, which are cached by their text: the names are read once per span.
        let names = tapeNames.get(span);
        if (names === undefined) {
          names = [...text.slice(span, cellIndex(span)).matchAll(/\bas\s+([A-Za-z_]\w*)/g)].map((m) => m[1]);
          tapeNames.set(span, names);
        }
        const key = `${span.cell}:${span.start.line}:${span.start.character}`;
        entered = key === enteredKey ? entered + 1 : 0;
        enteredKey = key;
        report.tapeCreated(tape, span, names.length ? names[entered % names.length] : undefined);
      },
      gradientStarting(tape, span, sourceValues) {
        const args = callArguments(text.slice(span, cellIndex(span)));
        // Source texts label the results only when they match them one to one (`[w, b]`, `{'w': w, 'b': b}`); a
        // name holding a list or dict (`my_vars`) leaves the labels to the report (variable names).
        const labels = args[1] !== undefined ? sourceLabels(args[1]) : undefined;
        report.gradientStarting(
          tape,
          span,
          args[0],
          labels && labels.length === sourceValues.length ? labels : undefined,
          sourceValues,
        );
      },
      gradientFailed(tape, span, error) {
        report.gradientError(tape, span, error);
      },
      fromNumpy(t, span) {
        report.fromNumpy(t, span);
      },
      nameTensor(t, name) {
        report.nameTensor(t, name);
      },
      fromList(t, list) {
        report.fromList(t, list);
      },
      layerCalls(span, model, layers) {
        report.layerCalls(span, model, layers);
      },
    },
    // Ops that allocate a lot between two interpreter steps check the budget too (see `chargeWork`).
    poll: () => runtime().checkBudget(),
  });
  freshEngineState(input.document);
  resetAllocations();
  limits.maxElements = opts.maxTensorElements;
  limits.maxTotalBytes = opts.maxTotalMemoryMb * 1024 * 1024;
  const snapshots = opts.cellSnapshots ? new CellSnapshots() : undefined;
  const parseStart = performance.now();
  try {
    result = runProgram(cells, {
      modules,
      exceptionClasses,
      timeBudgetMs: opts.timeBudgetMs,
      maxSteps: opts.maxSteps,
      recursionLimit: opts.recursionLimit,
      ...(snapshots ? { onCellEnd: (i, globals, error) => snapshots.record(cells[i].cell ?? i, globals, error) } : {}),
      observer: {
        onValue(span, value, stmt) {
          // A loop body reports the same statement on every iteration: its label and text are sliced once.
          let texts = stmtTexts.get(stmt);
          if (!texts || texts.span !== span) {
            const cell = cellIndex(span);
            texts = { span, label: labelOf(stmt, text, cell), text: text.slice(span, cell) };
            stmtTexts.set(stmt, texts);
          }
          report.value(span, texts.label, value, texts.text);
        },
        onAssert(span, passed, message, actual) {
          report.assert(span, passed, message === undefined ? actual : pyAdapter.repr(message));
        },
        onPrint(out, span) {
          report.print(span, out);
          snapshots?.print(out);
        },
        onAssertUnknown(span, u) {
          report.assertUnknown(span, u.reason());
        },
        onUnknownCall(span, fn, u) {
          const gradient = GRADIENT_METHODS.has(fn.name) && fn.ownerName === 'GradientTape';
          const target = gradient ? (callArguments(text.slice(span, cellIndex(span)))[0] ?? '') : '';
          report.unknownCall(span, u.reason(), u.span, gradient ? { target } : undefined);
        },
      },
    });
  } finally {
    session.end();
  }
  for (const d of result.diagnostics) {
    report.diagnostic(toRecord(d));
    if (d.code === 'budget' || d.code === 'deadline' || d.code === 'cancelled') {
      report.stopped(d.code === 'budget' ? 'steps' : d.code, d.message, d.span);
    }
  }
  if (!opts.bounded) report.globals(result.globals, pyAdapter);
  const end = performance.now();
  const parseMs = result?.parseMs ?? 0;
  const final = report.finish({ parseMs, runMs: end - parseStart - parseMs, totalMs: end - t0 });
  final.timing.totalMs = performance.now() - t0; // the whole run, building the report included
  final.diagnostics = foldTapeHints(final.diagnostics);
  if (snapshots) final.cells = snapshots.cells;
  return new Evaluation(final, report);
}

/**
 * A tape mistake that also raised (a second `gradient()` on a non-persistent tape) is one problem: the exception
 * keeps its TF text and gains the explanation as related information, instead of two diagnostics on one range.
 */
function foldTapeHints(ds: DiagnosticRecord[]): DiagnosticRecord[] {
  const errors = ds.filter((d) => d.severity === 'error' && d.code === 'exception');
  return ds.filter((d) => {
    if (!d.code.startsWith('tape-')) return true;
    const err = errors.find((e) => spansEqual(e.span, d.span));
    if (!err) return true;
    err.related = [{ span: d.span, message: d.message }, ...(d.related ?? []), ...(err.related ?? [])];
    return false;
  });
}
