/**
 * The RunReport: everything one evaluation of a document produced, as plain JSON. It is the contract between the
 * engine (worker, CLI) and its readers (the extension's features, the tape inspector, tests). Bump
 * `REPORT_VERSION` on any incompatible change.
 */
import type { Span } from '../engine/span';

export const REPORT_VERSION = 1;

/** Spans are 0-based line / UTF-16 character, in the coordinates of the cell (`cell` index) or of the file. */
export type { Position, Span } from '../engine/span';

export type ValueKind =
  | 'tensor'
  | 'variable'
  | 'ndarray'
  | 'indexed_slices'
  | 'none'
  | 'int'
  | 'float'
  | 'bool'
  | 'str'
  | 'list'
  | 'tuple'
  | 'dict'
  | 'function'
  | 'class'
  | 'module'
  | 'tape'
  | 'object'
  | 'unknown';

/** A nested numeric value: a number, a string, a boolean, or nested arrays of them (row-major, by shape). */
export type NestedValue = number | string | boolean | null | NestedValue[];

export interface ValueSummary {
  kind: ValueKind;
  dtype?: string;
  shape?: number[];
  /** Short single-line preview for lenses and hints: `[[8, 8], [8, 8]]`, `8`, `[0.12, 0.5, …] (1000)`. */
  preview: string;
  /** Python/TF `repr` text, truncated to a few KB with NumPy's `...` summarisation. */
  repr: string;
  /** The full value when the tensor has at most `fullValueLimit` elements (globals always carry it). */
  value?: NestedValue;
  /**
   * For a numeric tensor without its full value: its element count, NaN and ±Inf counts, and min, max, mean and
   * (population) std of its finite elements (absent when none is finite).
   */
  stats?: TensorStats;
  /** For containers: element summaries (lists, tuples) or entries (dicts), capped. */
  items?: ValueSummary[];
  keys?: string[];
  /** Variable name (`x0:0`), function or class name. */
  name?: string;
  trainable?: boolean;
  /** For kind `unknown`: why, e.g. "`opt.apply_gradients` (line 11) is not supported". */
  unknown?: string;
  /** Drawn by an unseeded random op: preview values from the document's pinned seed, not TensorFlow's. */
  unseeded?: boolean;
}

export interface TensorStats {
  count: number;
  nan: number;
  inf: number;
  min?: number;
  max?: number;
  mean?: number;
  std?: number;
}

/** A `for`/`while` statement whose body ran: records made inside it say which of its iterations they show. */
export interface LoopRecord {
  /** Referenced by `LoopPosition.loop`; numbers are per report. */
  id: number;
  /** The loop's header (`for step in range(100):`). */
  span: Span;
  /** Times its body started over the whole run (a loop inside another counts on across the outer iterations). */
  iterations: number;
}

/** Which iteration of which loop a record shows: `iteration` (1-based) `of` the loop's iterations. */
export interface LoopPosition {
  loop: number;
  iteration: number;
  of: number;
}

/**
 * A statement's values over a loop's iterations: at most 64 samples, evenly thinned (the first and the last always
 * kept); only for scalars and small tensors. The last sample is the record's own value.
 */
export interface ValueHistory {
  /** The 1-based iteration of each sample, ascending. */
  iterations: number[];
  values: ValueSummary[];
  /** Iterations the statement ran in (samples before thinning). */
  count: number;
}

/** A gradient call's results over a loop's iterations, thinned like `ValueHistory`; `null` where a result is None. */
export interface GradientHistory {
  iterations: number[];
  /** Per sample, one result per source. */
  results: (ValueSummary | null)[][];
  count: number;
}

export interface ValueRecord {
  span: Span;
  /** The assigned name(s) or the expression text. */
  label: string;
  /** Last value seen at this span. */
  value: ValueSummary;
  runs: number;
  /** Set when the statement ran inside a loop: the iteration `value` is from. */
  at?: LoopPosition;
  history?: ValueHistory;
}

export interface TapeValueNode {
  /** Tensor id in the engine (stable within one report). */
  id: number;
  /** The Python name last bound to this value, if any. */
  name?: string;
  shape: number[];
  dtype: string;
  preview: string;
  value?: NestedValue;
  /** The adjoint d(target)/d(this) from the latest gradient call on this tape that reached it. */
  grad?: { preview: string; value?: NestedValue };
  role: ('source' | 'target' | 'watched' | 'variable' | 'constant')[];
  span?: Span;
}

export interface TapeOpNode {
  id: number;
  /** TF op type: `Sum`, `Mul`, `ReadVariableOp` ... */
  op: string;
  /** The op's name as the TensorFlow function that made it (`reduce_sum`, `multiply`): what every view shows. */
  name: string;
  inputs: number[];
  output: number;
  span?: Span;
  /** Loop iteration index when the same span ran several times (the inspector groups these). */
  iteration?: number;
  /** Set when the op belongs to a gradient computation recorded by this tape (higher order). */
  backward?: boolean;
}

export interface TapeRecord {
  id: number;
  /** Span of the `with tf.GradientTape(...) as name:` statement (or of the constructor call). */
  span?: Span;
  name?: string;
  persistent: boolean;
  watchAccessedVariables: boolean;
  parent?: number;
  /** What the tape watched: names/shapes of watched tensors and variables. */
  watched: { id: number; name?: string; shape: number[]; dtype: string; variable?: boolean }[];
  values: TapeValueNode[];
  ops: TapeOpNode[];
  /** True when the op list was cut to `maxTapeOps` (the count still says how many ran). */
  truncated: boolean;
  opCount: number;
  /** Set for a tape created inside a loop: its iteration (a loop keeps up to 16 of its tapes, evenly thinned). */
  at?: LoopPosition;
}

/** One step of the chain rule along a recorded path, in numbers. */
export interface ChainStep {
  /** TF op type (`Sum`), and its name as the TensorFlow function that made it (`reduce_sum`). */
  op: string;
  name: string;
  span?: Span;
  /** The op's output and the input on the path, by name when known (`z`, `y`). */
  output: string;
  input: string;
  /** Local derivative as a formula (`2·y`, `1`, `x·x + x·x`), and evaluated (`8`). */
  localFormula: string;
  localValue: string;
  /** Adjoint reaching the op's output, and the adjoint it passes to the input (preview text). */
  upstream: string;
  downstream: string;
}

export interface GradientPath {
  steps: ChainStep[];
  /** This path's contribution to the source's gradient (preview text). */
  contribution: string;
}

export interface Explanation {
  /** e.g. `dz/dx = dz/dy · dy/dx = (2·y = 8) · 1 = 8, for each of the 4 elements of x`. */
  summary: string;
  paths: GradientPath[];
  /** Set when the tape had too many paths to list (the summary still holds). */
  truncated?: boolean;
}

export type NoneReason =
  | 'not_watched'
  | 'unconnected'
  | 'integer_source'
  | 'variable_replaced'
  | 'left_tensorflow'
  | 'non_differentiable';

export interface GradientSourceResult {
  label: string;
  result?: ValueSummary;
  /** When the result is None: why, in words and as a code. */
  none?: { reason: NoneReason; message: string };
  explanation?: Explanation;
}

export interface GradientRecord {
  span: Span;
  tape: number;
  kind: 'gradient' | 'jacobian' | 'batch_jacobian';
  /** Text of the target and source expressions (`z`, `x`). */
  target: string;
  results: GradientSourceResult[];
  runs: number;
  /**
   * Set when the last run of this call could not compute it because its target or sources are unknown: why. The
   * results are then those of an earlier run, which readers do not show as current.
   */
  unknown?: string;
  /** Set when the call ran inside a loop: the iteration `results` are from. */
  at?: LoopPosition;
  history?: GradientHistory;
}

export interface AssertRecord {
  span: Span;
  runs: number;
  failures: number;
  passed: boolean;
  /** The assertion message, or for a failed comparison the actual values (`8.0 == 9.0`). */
  message?: string;
  /** Runs whose test was unknown (not checked: neither passed nor failed), and why. */
  unchecked?: number;
  unknown?: string;
}

export interface PrintRecord {
  span: Span;
  text: string;
  /** Set for a print inside a loop: the iteration it printed in. */
  at?: LoopPosition;
}

export type Severity = 'error' | 'warning' | 'information' | 'hint';

export interface DiagnosticRecord {
  severity: Severity;
  /** Stable code: `syntax`, `python-exception`, `assert-failed`, `unsupported`, `tape-not-watched`, `budget` ... */
  code: string;
  message: string;
  span: Span;
  related?: { span: Span; message: string }[];
}

export interface GlobalValue {
  kind: ValueKind;
  dtype?: string;
  shape?: number[];
  value?: NestedValue | Record<string, unknown>;
}

/**
 * A value as the conformance suite compares it with real TensorFlow (`scripts/oracle/oracle.py` writes the same
 * format): kind, dtype and shape of arrays, the full value (NaN and infinities as `'nan'`, `'inf'`, `'-inf'`; ints
 * beyond 2^53 as decimal text), containers item by item (`value` holds item snapshots; a dict's `keys` are its keys,
 * strings as they are, others by `repr`), and the public attributes of instances of the program's own classes.
 */
export interface ValueSnapshot {
  kind:
    | 'tensor'
    | 'variable'
    | 'ndarray'
    | 'indexed_slices'
    | 'none'
    | 'bool'
    | 'int'
    | 'float'
    | 'complex'
    | 'str'
    | 'bytes'
    | 'list'
    | 'tuple'
    | 'set'
    | 'dict'
    | 'function'
    | 'class'
    | 'module'
    | 'other'
    | 'unknown';
  dtype?: string;
  shape?: number[];
  value?: NestedValue | ValueSnapshot[];
  keys?: string[];
  /** Name of a class or module. */
  name?: string;
  /** Type name of an `other` value; for `unknown`, what the value came from. */
  type?: string;
  attrs?: Record<string, ValueSnapshot>;
}

/** What one cell printed, the module-level names it changed (new names included), and the exception that ended it. */
export interface CellSnapshot {
  cell: number;
  stdout: string;
  error?: { type: string; message: string };
  values: Record<string, ValueSnapshot>;
}

export interface RunReport {
  version: typeof REPORT_VERSION;
  /** What was run: `python`, `notebook` or `markdown`, and the number of cells. */
  source: { kind: 'python' | 'notebook' | 'markdown'; cells: number };
  values: ValueRecord[];
  /** The loops `at` positions refer to (absent when nothing ran in a loop). */
  loops?: LoopRecord[];
  tapes: TapeRecord[];
  gradients: GradientRecord[];
  asserts: AssertRecord[];
  prints: PrintRecord[];
  diagnostics: DiagnosticRecord[];
  globals: Record<string, GlobalValue>;
  /** Set when the run ended early: the step budget, the deadline, a cancellation, or a resource cap. */
  stopped?: { reason: 'steps' | 'deadline' | 'cancelled' | 'memory'; message: string; span?: Span };
  /**
   * Milliseconds: reading the source (parse and lower), evaluating it, and the whole `run()` (setup, both of those
   * and building this report).
   */
  timing: { parseMs: number; runMs: number; totalMs: number };
  /** With `RunOptions.cellSnapshots`: the globals after each cell, uncapped (for the conformance suite). */
  cells?: CellSnapshot[];
}

/** Options of one run (the worker receives them with the text). */
export interface RunOptions {
  timeBudgetMs?: number;
  maxSteps?: number;
  maxTensorElements?: number;
  maxTotalMemoryMb?: number;
  recursionLimit?: number;
  /** Largest tensor whose full value is embedded in value summaries. */
  fullValueLimit?: number;
  maxTapeOps?: number;
  /** Record `RunReport.cells`: every global a cell changed, with its full value (no report caps). */
  cellSnapshots?: boolean;
}

/** The input of one run: a plain file, the code cells of a notebook, or Markdown python fences. */
export interface RunInput {
  kind: 'python' | 'notebook' | 'markdown';
  /**
   * The document's URI or file name. Unseeded random ops draw from a seed derived from its last path segment, so
   * their values stay the same across edits and runs (and between the editor and the CLI).
   */
  document?: string;
  /** For `python`: one cell with the whole text (`# %%` markers are kept; they are comments). */
  cells: { source: string; cell?: number; lineOffset?: number }[];
}
