/**
 * `ReportBuilder`: accumulates what a run produces (values by span, tapes, gradient calls, asserts, prints,
 * diagnostics, globals) and builds the `RunReport` at the end. Recording is cheap — raw values and events are
 * kept, last one per span — and all formatting, tape graphs and chain-rule explanations happen once in `finish()`.
 *
 * Wiring (run.ts):
 *   const report = new ReportBuilder({ source: { kind, cells }, adapter, fullValueLimit, maxTapeOps });
 *   session.begin({ gradientListener: report.listener(), sink, log, poll });
 *   ... interpreter observer → report.value(span, label, value) / assert / print / diagnostic;
 *   ... tf module → report.tapeCreated(tape, span, name) at `with tf.GradientTape() as name:`;
 *       report.gradientStarting(tape, span, targetText, sourceLabels, sourceValues) right before
 *       tape.gradient/jacobian/batch_jacobian (optional, but gives exact spans, labels and backward marks),
 *       report.gradientError(tape, span, err) when that call throws;
 *   ... numpy module → report.fromNumpy(tensor, span) when an ndarray computed from tensors becomes a tensor;
 *   report.globals(moduleVars); return report.finish({ parseMs, runMs, totalMs });
 *   finally session.end();
 */
import type {
  AssertRecord,
  DiagnosticRecord,
  Explanation,
  GlobalValue,
  GradientRecord,
  GradientSourceResult,
  LayerCallsRecord,
  PrintRecord,
  RunReport,
  TapeRecord,
  ValueRecord,
  ValueSummary,
} from '../../protocol/report';
import { REPORT_VERSION } from '../../protocol/report';
import type { KeptAdjoint } from '../autodiff/backprop';
import type { GradientEvent, GradientListener, GradResult } from '../autodiff/gradient';
import { type GradientTape, recordingTapes, type TapeNode } from '../autodiff/tape';
import { isUnseeded } from '../ops/random';
import { type LoopState, session } from '../session';
import { NO_SPAN, type Span, spanKey, spansEqual, toSpan } from '../span';
import type { NDArrayLike } from '../tensor/formatArray';
import { IndexedSlices } from '../tensor/indexedSlices';
import { sizeOf } from '../tensor/shape';
import { Tensor, Variable } from '../tensor/tensor';
import { ADJOINT_KEEP_ELEMENTS, adjointPreview } from './adjoints';
import { type ExplainOptions, explainEvent } from './explain';
import { NormTracker } from './gradientNorms';
import { HISTORY_ELEMENTS, HISTORY_SAMPLES, LoopBook, TAPE_HISTORY, Thinned } from './history';
import { isName, NameBook } from './names';
import { type NoneExplained, noneDiagnostic, noneReason } from './noneReasons';
import { type TapeCall, type TapeFacts, type TapeOptions, tapeRecord, tapeSummary, watchedOf } from './tapes';
import {
  arrayOf,
  densifySlices,
  globalValue,
  type SummaryOptions,
  summarize,
  summarizeIndexedSlices,
  summarizeTensor,
  summarizeVariable,
  type ValueAdapter,
} from './values';

export interface ReportBuilderOptions {
  source?: RunReport['source'];
  /** How to see the interpreter's Python values (lists, dicts, functions, wrapped tensors ...). */
  adapter?: ValueAdapter;
  /** Largest tensor whose full value is embedded in value summaries (default 10,000 elements). */
  fullValueLimit?: number;
  /** Ops listed per tape (default 5,000). */
  maxTapeOps?: number;
  /** Print records kept (default 10,000). */
  maxPrints?: number;
  /** Tapes described (default 100, the newest). */
  maxTapes?: number;
  /** Diagnostics kept (default 1,000; a file of 20,000 broken lines gets one note for the rest). */
  maxDiagnostics?: number;
  /** Tensor elements and container items all globals carry together (default 100,000). */
  maxGlobalElements?: number;
  /**
   * The run's deadline (`performance.now()` time). `finish()` does the optional work — chain-rule explanations,
   * long op lists of tapes — only as far as it fits before it, so a run is not held up by its report.
   */
  deadline?: number;
  explain?: ExplainOptions;
  tape?: Omit<TapeOptions, 'maxTapeOps'>;
  /**
   * The editor's bounded report: tapes without their op and value lists, gradient results without chain-rule
   * explanations, no globals. The builder keeps what it recorded, and `tapeGraphs`, `explanation` and `fullValue`
   * answer for them on request (`evaluation.ts`).
   */
  bounded?: boolean;
}

interface ValueEntry extends LoopTrack<ValueSample> {
  span: Span;
  label: string;
  value: unknown;
  /** A variable's value when it was seen (variables change under `assign`). */
  snapshot?: Tensor;
  runs: number;
}

interface PrintEntry {
  span: Span;
  text: string;
  loop?: LoopState;
  iteration?: number;
}

interface ValueSample {
  value: unknown;
  snapshot?: Tensor;
}

/** Where a record's latest run was in a loop, and its thinned history there (absent once a sample was too big). */
interface LoopTrack<T> {
  loop?: LoopState;
  iteration?: number;
  history?: Thinned<T>;
  /** Set when a sample was too big to keep: the history stays off for this loop. */
  noHistory?: boolean;
}

interface GradientEntry extends LoopTrack<readonly GradResult[]> {
  span: Span;
  tape: GradientTape;
  event: GradientEvent;
  target: string;
  sources: string[];
  none: (NoneExplained | undefined)[];
  runs: number;
  /** Per source: its gradient's health over the runs. */
  norms: NormTracker[];
  /** Why the last run could not compute it (an unknown argument). */
  unknown?: string;
}

interface TapeInfo {
  /** The loop and iteration it was created in. */
  loop?: LoopState;
  iteration?: number;
  tape: GradientTape;
  name?: string;
  span?: Span;
  sources: Set<number>;
  targets: Set<number>;
  grads: Map<number, KeptAdjoint>;
  /** Each gradient call on the tape (by span, in first-call order) with the adjoints of its latest run. */
  calls: Map<string, TapeCall>;
  watched?: { tensors: Tensor[]; variables: Variable[] };
  lastGradientSpan?: Span;
}

interface PendingGradient {
  tape: GradientTape;
  span?: Span;
  target?: string;
  sources?: string[];
  /** History lengths of the tapes recording when the call began: what they record after it is backward. */
  lengths: [GradientTape, number][];
}

/**
 * The report's optional work fits in what is left of the run's time budget (generous estimates on a slow machine):
 * a chain-rule explanation walks the gradient's recorded nodes, a tape record describes each listed op. Past the
 * deadline, tapes still list their first `LATE_TAPE_OPS` ops, with few values (the op count stays exact).
 */
const EXPLAIN_MS_PER_NODE = 0.01;
const TAPE_MS_PER_OP = 0.02;
const LATE_TAPE_OPS = 20;
const LATE_TAPE_VALUES = 2000;
/** Elements embedded in the tape of an earlier loop iteration (the latest tape embeds up to 200,000). */
const EARLIER_TAPE_VALUES = 2000;

/** Tapes a report describes at most (the newest), and past the deadline. */
const MAX_TAPES = 100;
const LATE_TAPES = 10;

/** Longest diagnostic message kept (an exception's text can hold a whole huge string). */
const MAX_MESSAGE_CHARS = 4000;

export class ReportBuilder {
  readonly names = new NameBook();
  private readonly opts: ReportBuilderOptions;
  private readonly values = new Map<string, ValueEntry>();
  private readonly tapes = new Map<GradientTape, TapeInfo>();
  /** The latest tape created at each `with` span; older ones retire (kept only while something references them). */
  private readonly tapeBySpan = new Map<string, GradientTape>();
  /** Tapes created at a `with` span inside a loop, thinned by iteration; kept in the report besides the latest. */
  private readonly tapeHistory = new Map<string, Thinned<GradientTape>>();
  private readonly loopBook = new LoopBook();
  private readonly retired = new WeakMap<GradientTape, TapeInfo>();
  private readonly gradients = new Map<string, GradientEntry>();
  private readonly asserts = new Map<string, AssertRecord>();
  private readonly prints: PrintEntry[] = [];
  /** The last model call per span. */
  private readonly modelCalls = new Map<string, LayerCallsRecord>();
  private printsDropped = 0;
  private diagnosticsDropped = 0;
  private readonly diagnostics: DiagnosticRecord[] = [];
  private readonly diagnosticKeys = new Set<string>();
  private readonly backward = new Set<number>();
  private readonly numpy = new Map<number, Span | undefined>();
  private readonly pending: PendingGradient[] = [];
  private globalValues: Record<string, GlobalValue> = {};
  private stop: RunReport['stopped'];

  constructor(opts: ReportBuilderOptions = {}) {
    this.opts = opts;
  }

  /** A gradient-event listener bound to this builder: `session.begin({ gradientListener: builder.listener() })`. */
  listener(): GradientListener {
    const listener: GradientListener = (e) => this.gradientEvent(e);
    // A large adjoint is kept as its preview: the backward pass releases its array once used.
    const limit = Math.max(ADJOINT_KEEP_ELEMENTS, this.opts.tape?.nodeValueLimit ?? 0);
    const chars = this.opts.tape?.previewChars;
    listener.keepAdjoint = (g) => (g.size > limit ? adjointPreview(g, chars) : g);
    return listener;
  }

  /**
   * Elements the big tensors' statistics (and heatmaps) of this report may read in all: a few 1000 × 1000 tensors,
   * some milliseconds each.
   */
  private readonly statsBudget = { elements: 4_000_000 };

  private summaryOptions(): SummaryOptions {
    return {
      adapter: this.opts.adapter,
      statsBudget: this.statsBudget,
      fullValueLimit: this.opts.fullValueLimit,
      tapeName: (t) => this.tapes.get(t)?.name,
    };
  }

  private unwrap(v: unknown): unknown {
    if (v instanceof Tensor || v instanceof Variable) return v;
    return this.opts.adapter?.unwrap?.(v) ?? v;
  }

  // ---- values and names ------------------------------------------------------------------------------------

  /**
   * An expression or assignment at `span` produced `value`. `label` is the assigned name(s) (`y`, `a, b`) or the
   * expression text; names teach the builder what tensors are called. `text` (optional) is the statement's source
   * (`x = x + 1`), used in the replaced-variable hint.
   */
  value(span: Span | Span, label: string, value: unknown, text?: string): void {
    // A loop reports the same span object on every iteration: its key is computed once.
    let key = this.spanKeys.get(span);
    if (key === undefined) {
      key = spanKey(span);
      this.spanKeys.set(span, key);
    }
    const e = this.values.get(key);
    const raw = this.unwrap(value);
    const snapshot = raw instanceof Variable ? raw.value : undefined;
    let entry = e;
    if (entry) {
      entry.runs++;
      entry.value = value;
      entry.label = label;
      entry.snapshot = snapshot;
    } else {
      entry = { span: toSpan(span), label, value, runs: 1, snapshot };
      this.values.set(key, entry);
    }
    const loop = session.loop;
    if (loop !== undefined || entry.loop !== undefined)
      track(entry, loop, () => this.isSmall(raw, value), { value, snapshot });
    this.learn(label, value, span, text);
  }

  private readonly spanKeys = new WeakMap<Span | Span, string>();

  /** Whether a value is small enough for a loop history: a Python scalar, a short string, a small tensor. */
  private isSmall(raw: unknown, value: unknown): boolean {
    if (raw instanceof Tensor || raw instanceof Variable) return sizeOf(raw.shape) <= HISTORY_ELEMENTS;
    switch (typeof value) {
      case 'number':
      case 'bigint':
      case 'boolean':
        return true;
      case 'string':
        return value.length <= 200;
    }
    return value === null || this.opts.adapter?.kindOf(value) === 'unknown';
  }

  /** Learn `name = value` without recording a value span (e.g. loop targets, function parameters). */
  bind(name: string, value: unknown, span?: Span | Span, text?: string): void {
    this.names.bind(name, this.unwrap(value), span, text);
  }

  private learn(label: string, value: unknown, span: Span | Span, text?: string): void {
    const trimmed = label.trim();
    if (isName(trimmed)) {
      this.names.bind(trimmed, this.unwrap(value), span, text);
      return;
    }
    // `a, b = ...` with a tuple/list value.
    const parts = trimmed.replace(/^\(|\)$/g, '').split(',');
    if (parts.length < 2) return;
    const items = Array.isArray(value) ? value : this.opts.adapter?.items?.(value);
    if (!items || items.length !== parts.filter((p) => p.trim()).length) return;
    parts.forEach((p, i) => {
      const n = p.trim();
      if (isName(n)) this.names.bind(n, this.unwrap(items[i]), span);
    });
  }

  /** A tensor made from a NumPy array that was computed from tensors (the tape cannot follow it). */
  /** A Keras model call and its layers' output shapes (the last run of the span is kept). */
  layerCalls(span: Span, model: string, layers: LayerCallsRecord['layers']): void {
    const s = toSpan(span);
    this.modelCalls.set(`${s.cell ?? ''}:${s.start.line}:${s.start.character}:${s.end.line}:${s.end.character}`, {
      span: s,
      model,
      layers,
    });
  }

  /** Host code made `tensor` (a batch of `fit`): explanations call it `name` unless the program names it. */
  nameTensor(tensor: Tensor, name: string): void {
    this.names.nameUnnamed(tensor.id, name);
  }

  /** A Python list or tuple became `tensor`: the explanation calls it what the list is called. */
  fromList(tensor: Tensor, list: object): void {
    this.names.noteConverted(tensor, list);
  }

  fromNumpy(tensor: Tensor | number, span?: Span | Span): void {
    this.numpy.set(typeof tensor === 'number' ? tensor : tensor.id, span ? toSpan(span) : undefined);
  }

  // ---- tapes and gradients ---------------------------------------------------------------------------------

  private info(tape: GradientTape): TapeInfo {
    let i = this.tapes.get(tape);
    if (!i) {
      i = this.retired.get(tape) ?? {
        tape,
        sources: new Set(),
        targets: new Set(),
        grads: new Map(),
        calls: new Map(),
      };
      this.tapes.set(tape, i);
    }
    return i;
  }

  /**
   * `with tf.GradientTape(...) as name:` (or the constructor call) at `span`. A tape created again at the same span
   * (a training loop) replaces the previous one in the report.
   */
  tapeCreated(tape: GradientTape, span?: Span | Span, name?: string): void {
    const i = this.info(tape);
    const loop = session.loop;
    if (loop !== undefined) {
      i.loop = loop;
      i.iteration = loop.iterations;
    }
    if (span) {
      i.span = toSpan(span);
      const key = spanKey(span);
      if (loop !== undefined) {
        let h = this.tapeHistory.get(key);
        if (h === undefined) this.tapeHistory.set(key, (h = new Thinned<GradientTape>(TAPE_HISTORY)));
        h.add(loop.iterations, tape);
      }
      const prev = this.tapeBySpan.get(key);
      if (prev && prev !== tape) {
        const old = this.tapes.get(prev);
        if (old) this.retired.set(prev, old);
        this.tapes.delete(prev);
      }
      this.tapeBySpan.set(key, tape);
    }
    if (name) i.name = name;
  }

  /**
   * Optional: call right before `gradient`/`jacobian`/`batch_jacobian` runs on `tape`. It makes the `backward`
   * marking of higher-order tapes exact and supplies the call's span, the target's text and the sources' labels
   * (else `gradientEvent` uses `session.span` and the names it knows). `sourceValues` (the Python objects passed
   * as sources) lets the builder recognise variables it has not seen by name.
   */
  gradientStarting(
    tape: GradientTape,
    span?: Span | Span,
    target?: string,
    sources?: readonly string[],
    sourceValues?: readonly unknown[],
  ): void {
    for (const v of sourceValues ?? []) {
      const raw = this.unwrap(v);
      if (raw instanceof Variable) this.names.noteVariable(raw);
    }
    this.pending.push({
      tape,
      span: span ? toSpan(span) : undefined,
      target,
      sources: sources ? [...sources] : undefined,
      lengths: recordingTapes().map((t) => [t, t.history.length]),
    });
  }

  /** The pending call for `tape` (stale entries above it, left by calls that threw unreported, are dropped). */
  private takePending(tape: GradientTape): PendingGradient | undefined {
    for (let i = this.pending.length - 1; i >= 0; i--) {
      if (this.pending[i].tape === tape) return this.pending.splice(i)[0];
    }
    return undefined;
  }

  /** Another tape that recorded an op reading `source` that `tape` recorded too, and knows `source`: its name. */
  private otherTapeKnowing(tape: GradientTape, nodes: readonly TapeNode[], source: Tensor): string | undefined {
    if (source.knownBy === 0) return undefined;
    const readers = nodes.filter((n) => n.inputs.includes(source));
    if (readers.length === 0) return undefined;
    for (const [other, info] of this.tapes) {
      const rec = other.recording;
      if (other === tape || !rec?.knows(source)) continue;
      if (readers.some((n) => rec.nodes.includes(n))) return info.name ?? 'another tape';
    }
    return undefined;
  }

  /** A gradient call finished: `session.gradientListener` calls this (see `listener()`). */
  gradientEvent(event: GradientEvent, span?: Span | Span, targetText?: string, sourceLabels?: readonly string[]): void {
    const pending = this.takePending(event.tape);
    const where = toSpan(span ?? pending?.span ?? session.span ?? NO_SPAN);
    const tape = event.tape;
    const info = this.info(tape);

    // Backward marking: nodes recorded (by any tape) while this call ran.
    if (pending) {
      for (const [t, len] of pending.lengths)
        for (let i = len; i < t.history.length; i++) this.backward.add(t.history[i].id);
    } else {
      let maxId = 0;
      for (const n of event.nodes) if (n.id > maxId) maxId = n.id;
      for (const t of recordingTapes()) {
        for (let i = t.history.length - 1; i >= 0; i--) {
          const n = t.history[i];
          if (n.id <= maxId || !spansEqual(n.span, where)) break;
          this.backward.add(n.id);
        }
      }
    }

    info.watched = watchedOf(tape, info.watched);
    for (const t of event.targets) info.targets.add(t.id);
    for (const s of event.sources) info.sources.add(s.id);
    event.adjoints.forEach((v, k) => {
      info.grads.set(k, v);
    });
    for (const n of event.nodes) {
      if (n.op.name === 'ReadVariableOp') this.names.noteVariable((n.attrs as { variable: Variable }).variable);
    }

    const target = targetText ?? pending?.target ?? this.labelOf(event.targets[0], 'target');
    const sources = event.sources.map(
      (s, i) =>
        sourceLabels?.[i] ?? pending?.sources?.[i] ?? this.labelOf(s, `source${event.sources.length > 1 ? i : ''}`),
    );
    const rec = tape.recording;
    const knows = rec ? (t: Tensor) => rec.knows(t) : undefined;
    const none = event.results.map((r, i) => {
      if (r !== null && r !== undefined) return undefined;
      const source = event.sources[i];
      return noneReason({
        tape,
        nodes: event.nodes,
        knows,
        targets: event.targets,
        source,
        sourceLabel: sources[i],
        targetLabel: target,
        tapeName: info.name,
        variable: this.names.variables.get(source.id),
        replaced: this.names.replaced.get(source.id),
        knownByOther: this.otherTapeKnowing(tape, event.nodes, source),
        fromNumpy: this.numpy,
      });
    });

    const key = spanKey(where);
    const prev = this.gradients.get(key);
    const norms = event.sources.map((s, i) => {
      const tracker = prev?.norms[i] ?? new NormTracker();
      tracker.add(event.results[i], this.names.variables.get(s.id)?.value ?? s);
      return tracker;
    });
    const entry: GradientEntry = {
      span: where,
      tape,
      event,
      target,
      sources,
      none,
      runs: (prev?.runs ?? 0) + 1,
      norms,
    };
    if (prev !== undefined) {
      entry.loop = prev.loop;
      entry.iteration = prev.iteration;
      entry.history = prev.history;
      entry.noHistory = prev.noHistory;
    }
    const loop = session.loop;
    if (loop !== undefined || entry.loop !== undefined)
      track(entry, loop, () => event.results.every(smallResult), event.results);
    this.gradients.set(key, entry);
    this.unknownGradients.delete(key);
    info.calls.set(key, { span: where, target, sources, adjoints: event.adjoints });

    if (tape.persistent && tape.isRecording) {
      const name = info.name ?? 'tape';
      this.diagnostic({
        severity: 'warning',
        code: 'tape-gradient-in-context',
        message: `${name}.${event.kind}() is called inside the with block of the persistent tape ${name}, so the gradient computation is recorded on it too (slower, more memory); call it after the block unless you want higher-order gradients`,
        span: where,
        ...(info.span ? { related: [{ span: info.span, message: `${name} is recording here` }] } : {}),
      });
    }
    info.lastGradientSpan = where;
  }

  /** A gradient call raised (e.g. the second call on a non-persistent tape). */
  gradientError(tape: GradientTape, span: Span | Span | undefined, error: unknown): void {
    this.takePending(tape);
    const message = error instanceof Error ? error.message : String(error);
    if (!/non-persistent GradientTape can only be used/.test(message)) return;
    const info = this.info(tape);
    const name = info.name ?? 'tape';
    const related: { span: Span; message: string }[] = [];
    if (info.lastGradientSpan)
      related.push({ span: info.lastGradientSpan, message: 'the first gradient call used it up' });
    this.diagnostic({
      severity: 'warning',
      code: 'tape-not-persistent',
      message: `${name} is not persistent: its resources were released by the first gradient() call${info.lastGradientSpan ? ` (line ${info.lastGradientSpan.start.line + 1})` : ''}. Create it with tf.GradientTape(persistent=True) to call gradient() several times`,
      span: toSpan(span ?? session.span ?? NO_SPAN),
      ...(related.length ? { related } : {}),
    });
  }

  private labelOf(t: Tensor | undefined, fallback: string): string {
    if (!t) return fallback;
    const v = this.names.variables.get(t.id);
    if (v) return this.names.variableLabel(v);
    return this.names.lastName(t.id) ?? fallback;
  }

  // ---- asserts, prints, diagnostics, globals, stop ---------------------------------------------------------

  assert(span: Span | Span, passed: boolean, message?: string): void {
    const key = spanKey(span);
    let a = this.asserts.get(key);
    if (!a) {
      a = { span: toSpan(span), runs: 0, failures: 0, passed: true };
      this.asserts.set(key, a);
    }
    a.runs++;
    if (!passed) {
      a.failures++;
      a.passed = false;
      if (message !== undefined) a.message = message;
    } else if (a.passed && message !== undefined) a.message = message;
  }

  /** An `assert` whose test was unknown: not checked this time. */
  assertUnknown(span: Span, reason: string): void {
    const key = spanKey(span);
    let a = this.asserts.get(key);
    if (!a) {
      a = { span: toSpan(span), runs: 0, failures: 0, passed: true };
      this.asserts.set(key, a);
    }
    a.runs++;
    a.unchecked = (a.unchecked ?? 0) + 1;
    a.unknown = reason;
  }

  /**
   * A native call at `span` did not run because an argument is unknown. A gradient call there (known by its span
   * from earlier runs, or by `gradient`) is unknown now; the unsupported call that made it so gets a warning.
   */
  unknownCall(span: Span, reason: string, origin: Span | undefined, gradient: { target: string } | undefined): void {
    const key = spanKey(span);
    const g = this.gradients.get(key);
    if (g) {
      g.runs++;
      g.unknown = reason;
    } else if (gradient) {
      const runs = (this.unknownGradients.get(key)?.runs ?? 0) + 1;
      this.unknownGradients.set(key, { span: toSpan(span), target: gradient.target, reason, runs });
    } else return;
    if (origin && !this.taintWarned) {
      this.taintWarned = true;
      this.diagnostic({
        severity: 'warning',
        code: 'unknown-gradient',
        message: `${reason}, so the gradient at line ${toSpan(span).start.line + 1} is unknown (and every value computed from what this call returns or may have changed)`,
        span: toSpan(origin),
      });
    }
  }
  private taintWarned = false;
  /** Gradient calls that never ran with known arguments. */
  private readonly unknownGradients = new Map<string, { span: Span; target: string; reason: string; runs: number }>();

  print(span: Span | Span, text: string): void {
    if (this.prints.length >= (this.opts.maxPrints ?? 10_000)) {
      this.printsDropped++;
      return;
    }
    const loop = session.loop;
    this.prints.push(
      loop ? { span: toSpan(span), text, loop, iteration: loop.iterations } : { span: toSpan(span), text },
    );
  }

  /** Add a diagnostic (duplicates — same code, span and message — are dropped, so loops report once). */
  diagnostic(d: DiagnosticRecord): void {
    const key = `${d.code}|${spanKey(d.span)}|${d.message}`;
    if (this.diagnosticKeys.has(key)) return;
    if (this.diagnostics.length >= (this.opts.maxDiagnostics ?? 1000)) {
      this.diagnosticsDropped++;
      return;
    }
    this.diagnosticKeys.add(key);
    const message = d.message.length > MAX_MESSAGE_CHARS ? `${d.message.slice(0, MAX_MESSAGE_CHARS)}…` : d.message;
    this.diagnostics.push({ ...d, message, span: toSpan(d.span) });
  }

  /** Module-level names at the end of the run. */
  globals(vars: ReadonlyMap<string, unknown> | Iterable<[string, unknown]>, adapter?: ValueAdapter): void {
    const a = adapter ?? this.opts.adapter;
    const out: Record<string, GlobalValue> = {};
    const budget = { elements: this.opts.maxGlobalElements ?? 100_000 };
    for (const [name, v] of vars) {
      try {
        out[name] = globalValue(v, { adapter: a, budget });
      } catch {
        out[name] = { kind: 'unknown' };
      }
    }
    this.globalValues = out;
  }

  stopped(reason: NonNullable<RunReport['stopped']>['reason'], message: string, span?: Span | Span): void {
    this.stop = { reason, message, ...(span ? { span: toSpan(span) } : {}) };
  }

  // ---- the report --------------------------------------------------------------------------------------------

  finish(timing: RunReport['timing'] = { parseMs: 0, runMs: 0, totalMs: 0 }): RunReport {
    const so: SummaryOptions = { ...this.summaryOptions(), tensorSummaries: new Map() };
    const summary = (e: ValueSample): ValueSummary => this.summaryOf(e, so);
    const values = [...this.values.values()].map((e) => {
      const rec: ValueRecord = { span: e.span, label: e.label, value: summary(e), runs: e.runs };
      if (e.loop !== undefined && e.iteration !== undefined) rec.at = this.loopBook.position(e.loop, e.iteration);
      if (e.history !== undefined && e.history.count > 1) {
        const samples = e.history.samples();
        rec.history = {
          iterations: samples.map((x) => x.iteration),
          values: samples.map((x, i) => (i === samples.length - 1 ? rec.value : summary(x.value))),
          count: e.history.count,
        };
      }
      return rec;
    });
    const resultSummary = (r: GradResult): ValueSummary | null =>
      r === null || r === undefined
        ? null
        : r instanceof IndexedSlices
          ? summarizeIndexedSlices(r, so)
          : summarizeTensor(r, so);

    const gradients: GradientRecord[] = [];
    const noneDiagnostics: DiagnosticRecord[] = [];
    for (const g of this.gradients.values()) {
      let explanations: ReturnType<typeof explainEvent> = [];
      try {
        if (!this.opts.bounded && g.event.nodes.length * EXPLAIN_MS_PER_NODE < this.msLeft())
          explanations = explainEvent(g.event, { target: g.target, sources: g.sources }, this.names, this.opts.explain);
      } catch {
        explanations = [];
      }
      const results: GradientSourceResult[] = g.event.sources.map((_, i) => {
        const r = g.event.results[i];
        const out: GradientSourceResult = { label: g.sources[i] };
        if (r === null || r === undefined) {
          const none = g.none[i];
          if (none) {
            out.none = { reason: none.reason, message: none.message };
            noneDiagnostics.push(noneDiagnostic(none, g.span, { target: g.target, source: g.sources[i] }));
          }
        } else {
          out.result = r instanceof IndexedSlices ? summarizeIndexedSlices(r, so) : summarizeTensor(r, so);
          const ex = explanations[i];
          if (ex) out.explanation = ex;
          const health = g.norms[i]?.health;
          if (health && Object.keys(health).length) out.health = { ...health };
        }
        return out;
      });
      const rec: GradientRecord = {
        span: g.span,
        tape: g.tape.id,
        kind: g.event.kind,
        target: g.target,
        results,
        runs: g.runs,
      };
      if (g.unknown !== undefined) rec.unknown = g.unknown;
      if (g.loop !== undefined && g.iteration !== undefined) rec.at = this.loopBook.position(g.loop, g.iteration);
      if (g.history !== undefined && g.history.count > 1) {
        const samples = g.history.samples();
        rec.history = {
          iterations: samples.map((x) => x.iteration),
          results: samples.map((x) => x.value.map(resultSummary)),
          count: g.history.count,
        };
      }
      gradients.push(rec);
    }
    for (const u of this.unknownGradients.values()) {
      gradients.push({
        span: u.span,
        tape: 0,
        kind: 'gradient',
        target: u.target,
        results: [],
        runs: u.runs,
        unknown: u.reason,
      });
    }
    for (const d of noneDiagnostics) this.diagnostic(d);

    const report: RunReport = {
      version: REPORT_VERSION,
      source: this.opts.source ?? { kind: 'python', cells: 1 },
      values,
      tapes: this.opts.bounded ? this.tapeRecords(0) : this.tapeRecords(),
      gradients,
      asserts: [...this.asserts.values()],
      prints: this.printsDropped
        ? [
            ...this.printRecords(),
            { span: this.prints[this.prints.length - 1].span, text: `… ${this.printsDropped} more prints not shown` },
          ]
        : this.printRecords(),
      diagnostics: this.diagnosticsDropped
        ? [
            ...this.diagnostics,
            {
              severity: 'information',
              code: 'diagnostics-truncated',
              message: `${this.diagnosticsDropped} more diagnostics are not shown`,
              span: this.diagnostics[this.diagnostics.length - 1].span,
            },
          ]
        : [...this.diagnostics],
      globals: this.globalValues,
      timing,
    };
    const loops = this.loopBook.records();
    if (loops.length) report.loops = loops;
    if (this.stop) report.stopped = this.stop;
    if (this.opts.bounded) report.bounded = true;
    if (this.modelCalls.size) report.layerCalls = [...this.modelCalls.values()];
    return report;
  }

  private printRecords(): PrintRecord[] {
    return this.prints.map((p) =>
      p.loop !== undefined && p.iteration !== undefined
        ? { span: p.span, text: p.text, at: this.loopBook.position(p.loop, p.iteration) }
        : { span: p.span, text: p.text },
    );
  }

  /** Milliseconds left before the run's deadline (Infinity without one), or before a request's (`tapeGraphs`). */
  private msLeft(): number {
    const deadline = this.requestDeadline ?? this.opts.deadline;
    return deadline === undefined ? Number.POSITIVE_INFINITY : deadline - performance.now();
  }
  private requestDeadline?: number;

  // ---- details on request, after `finish()` (a bounded report's evaluation) ----------------------------------

  private readonly explained = new Map<string, (Explanation | undefined)[]>();

  /**
   * The chain-rule explanations of the gradient call at `span`, one per source (undefined where the result is
   * None), computed once; undefined when no call ran there.
   */
  explanations(span: Span): (Explanation | undefined)[] | undefined {
    const key = spanKey(span);
    const g = this.gradients.get(key);
    if (!g) return undefined;
    let out = this.explained.get(key);
    if (!out) {
      try {
        out = explainEvent(g.event, { target: g.target, sources: g.sources }, this.names, this.opts.explain);
      } catch {
        out = [];
      }
      this.explained.set(key, out);
    }
    return out;
  }

  /** The tapes with their op and value lists, as a full report has them; the optional work fits in `budgetMs`. */
  tapeGraphs(budgetMs: number): TapeRecord[] {
    this.requestDeadline = performance.now() + budgetMs;
    try {
      return this.tapeRecords();
    } finally {
      this.requestDeadline = undefined;
    }
  }

  /**
   * The value recorded at `span` in full (for `result`, the gradient call's result for that source): the array of a
   * tensor-like value, else the Python `repr` of the value. Undefined when nothing was recorded there.
   */
  fullValue(
    span: Span,
    result?: number,
  ): { label: string; array?: NDArrayLike; repr?: string; unseeded?: boolean } | undefined {
    const key = spanKey(span);
    if (result !== undefined) {
      const g = this.gradients.get(key);
      const r = g?.event.results[result];
      if (!g || r === null || r === undefined) return undefined;
      const label = `d${g.target}/d${g.sources[result]}`;
      if (r instanceof IndexedSlices) return { label, array: densifySlices(r), unseeded: isUnseeded(r.values) };
      return { label, array: r, unseeded: isUnseeded(r) };
    }
    const e = this.values.get(key);
    if (!e) return undefined;
    const raw = this.unwrap(e.value);
    const array = raw instanceof Variable ? (e.snapshot ?? raw.value) : arrayOf(e.value, this.opts.adapter);
    if (array) return { label: e.label, array, unseeded: array instanceof Tensor && isUnseeded(array) };
    const repr = this.opts.adapter?.repr(e.value) ?? this.summaryOf(e, this.summaryOptions()).repr;
    return { label: e.label, repr };
  }

  private summaryOf(e: ValueSample, so: SummaryOptions): ValueSummary {
    try {
      const raw = this.unwrap(e.value);
      if (raw instanceof Variable && e.snapshot) return summarizeVariable(raw, so, e.snapshot);
      return summarize(e.value, so);
    } catch {
      return { kind: 'unknown', preview: '?', repr: '?' };
    }
  }

  /** Tape records; `maxOps` 0 leaves out the op and value lists (`TapeRecord.omitted`). */
  private tapeRecords(maxOps?: number): TapeRecord[] {
    // Current tapes, tapes of the gradient calls reported, and their parents.
    const all = new Set<GradientTape>(this.tapes.keys());
    for (const g of this.gradients.values()) all.add(g.tape);
    const earlier = new Set<GradientTape>();
    for (const h of this.tapeHistory.values())
      for (const x of h.samples()) {
        if (!all.has(x.value)) earlier.add(x.value);
        all.add(x.value);
      }
    for (const t of [...all]) for (let p = t.parent; p; p = p.parent) all.add(p);
    // A program that keeps hundreds of tapes alive (nested in a loop) gets its newest ones described.
    const late = maxOps !== 0 && this.msLeft() / TAPE_MS_PER_OP < LATE_TAPE_OPS;
    const kept = [...all].sort((a, b) => b.id - a.id).slice(0, late ? LATE_TAPES : (this.opts.maxTapes ?? MAX_TAPES));
    const out: TapeRecord[] = [];
    for (const tape of kept.sort((a, b) => a.id - b.id)) {
      const i = this.info(tape);
      const watched = watchedOf(tape, i.watched);
      // One object shape for every tape (no conditional spreads: they made this literal the slowest line here).
      const facts: TapeFacts = {
        name: i.name,
        span: i.span,
        sources: i.sources,
        targets: i.targets,
        grads: i.grads,
        calls: [...i.calls.values()],
        backward: this.backward,
        watchedTensors: watched.tensors,
        watchedVariables: watched.variables,
      };
      try {
        const at =
          i.loop !== undefined && i.iteration !== undefined ? this.loopBook.position(i.loop, i.iteration) : undefined;
        if (maxOps === 0) {
          const rec = tapeSummary(tape, facts, this.names);
          if (at) rec.at = at;
          out.push(rec);
          continue;
        }
        const fit = Math.floor(this.msLeft() / TAPE_MS_PER_OP);
        const options =
          fit < LATE_TAPE_OPS
            ? { ...this.opts.tape, maxTapeOps: LATE_TAPE_OPS, valueBudget: LATE_TAPE_VALUES }
            : { ...this.opts.tape, maxTapeOps: Math.min(this.opts.maxTapeOps ?? 5000, fit) };
        // An earlier iteration's tape: its graph, with fewer embedded values.
        if (earlier.has(tape))
          options.valueBudget = Math.min(options.valueBudget ?? EARLIER_TAPE_VALUES, EARLIER_TAPE_VALUES);
        const rec = tapeRecord(tape, facts, this.names, options);
        if (at) rec.at = at;
        out.push(rec);
      } catch {
        // A tape that cannot be described is left out rather than failing the report.
      }
    }
    return out;
  }
}

/**
 * Note one more run of a record at the interpreter's current loop (`loop`, undefined outside loops): its position,
 * and a sample for its history while every sample so far was small (`small` is asked only then).
 */
function track<T>(e: LoopTrack<T>, loop: LoopState | undefined, small: () => boolean, sample: T): void {
  if (loop === undefined) {
    e.loop = e.iteration = e.history = undefined;
    e.noHistory = false;
    return;
  }
  if (e.loop !== loop) {
    e.loop = loop;
    e.history = undefined;
    e.noHistory = false;
  }
  e.iteration = loop.iterations;
  if (e.noHistory) return;
  if (!small()) {
    e.history = undefined;
    e.noHistory = true;
    return;
  }
  e.history ??= new Thinned<T>(HISTORY_SAMPLES);
  e.history.add(loop.iterations, sample);
}

/** A gradient result small enough for a history: None or a tensor of a few elements. */
const smallResult = (r: GradResult): boolean =>
  r === null || r === undefined || (r instanceof Tensor && sizeOf(r.shape) <= HISTORY_ELEMENTS);
