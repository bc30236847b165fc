/**
 * Value summaries (`ValueSummary`) and global values (`GlobalValue`) for everything a run can produce: engine
 * values (tensors, variables, IndexedSlices, tapes) directly, and the interpreter's Python values through a small
 * adapter the caller supplies (the report layer does not depend on the interpreter's classes).
 */
import { statsWithHeatmap } from '../../protocol/heatmap';
import type { GlobalValue, NestedValue, TensorStats, ValueKind, ValueSummary } from '../../protocol/report';
import { GradientTape } from '../autodiff/tape';
import { statsF32Wasm } from '../kernels/statsWasm';
import { isUnseeded } from '../ops/random';
import { type DType, isInt } from '../tensor/dtype';
import { indexedSlicesStr, ndarrayRepr, pyFloatRepr, tensorRepr, variableName, variableRepr } from '../tensor/format';
import { type NDArrayLike, numpyText } from '../tensor/formatArray';
import { IndexedSlices } from '../tensor/indexedSlices';
import { shapeTuple, sizeOf } from '../tensor/shape';
import { Tensor, Variable } from '../tensor/tensor';
import { clip, encodeNumber, nestedValue, quickPreview } from './text';

/**
 * How the report sees the interpreter's values. Python scalars are JS primitives (None → null, bool → boolean,
 * int → bigint, float → number, str → string) and need no adapter; everything else is asked here.
 */
export interface ValueAdapter {
  /** The kind of a value, or undefined to let the summariser decide (engine classes, JS primitives). */
  kindOf(v: unknown): ValueKind | undefined;
  /** Python `repr(v)`. */
  repr(v: unknown): string;
  /** Elements of a list, tuple or set. */
  items?(v: unknown): readonly unknown[] | undefined;
  /** Entries of a dict (keys are Python values; they are shown with `repr` unless they are strings). */
  entries?(v: unknown): readonly (readonly [unknown, unknown])[] | undefined;
  /** The engine object a Python value wraps (a Tensor, Variable, IndexedSlices, GradientTape, or an ndarray's Tensor). */
  unwrap?(v: unknown): unknown;
  /** Name of a function, class or module. */
  nameOf?(v: unknown): string | undefined;
  /** Why an unknown value is unknown (`kindOf` said `unknown`). */
  unknownReason?(v: unknown): string | undefined;
  /** The documented shape and dtype of an unknown array, when there are any. */
  unknownShape?(v: unknown): { shape: readonly number[]; dtype: string } | undefined;
}

export interface SummaryOptions {
  /** Largest element count whose full value is embedded (default 10,000). */
  fullValueLimit?: number;
  /** Length of `preview` (default 60). */
  previewChars?: number;
  /** Length of `repr` (default 4,000). */
  reprChars?: number;
  /** Elements of containers summarised in `items` (default 20). */
  maxItems?: number;
  /** Container nesting summarised in `items` (default 3). */
  maxDepth?: number;
  adapter?: ValueAdapter;
  /**
   * Elements the statistics of big tensors (`ValueSummary.stats`) may still read, shared by the summaries of one
   * report so that a report of many big tensors stays cheap; without it every big tensor gets its statistics.
   */
  statsBudget?: { elements: number };
  /**
   * Summaries of tensors made so far, shared by the summaries of one report: tensors are immutable, and one is
   * often several values at once (an assigned name, an item of a tuple, a gradient's result).
   */
  tensorSummaries?: Map<Tensor, ValueSummary>;
  /** Python name of a tape, for `kind: 'tape'` summaries. */
  tapeName?(t: GradientTape): string | undefined;
}

const DEFAULTS = { fullValueLimit: 10_000, previewChars: 60, reprChars: 4_000, maxItems: 20, maxDepth: 3 };

/** An ndarray the caller wants summarised as such (NumPy repr, kind `ndarray`). */
export class NDArrayValue {
  constructor(readonly array: NDArrayLike) {}
}

/** `summarizeArray` of a tensor, made once per tensor while `opts.tensorSummaries` is kept. */
export function summarizeTensor(t: Tensor, opts: SummaryOptions = {}): ValueSummary {
  let s = opts.tensorSummaries?.get(t);
  if (s === undefined) {
    s = summarizeArray(t, opts, 'tensor');
    opts.tensorSummaries?.set(t, s);
  }
  return s;
}

/** A tensor (or ndarray) summary; `repr` gives the text of `repr()` when it is not the tensor's (a variable's). */
export function summarizeArray(
  a: NDArrayLike,
  opts: SummaryOptions = {},
  kind: ValueKind = 'tensor',
  repr?: () => string,
): ValueSummary {
  const limit = opts.fullValueLimit ?? DEFAULTS.fullValueLimit;
  const s: ValueSummary = {
    kind,
    dtype: a.dtype,
    shape: [...a.shape],
    preview: quickPreview(a, opts.previewChars ?? DEFAULTS.previewChars),
    repr: clip(
      repr
        ? repr()
        : kind === 'ndarray'
          ? ndarrayRepr(a)
          : (scalarTensorRepr(a) ?? tensorRepr(a instanceof Tensor ? a : asTensor(a))),
      opts.reprChars ?? DEFAULTS.reprChars,
    ),
  };
  if (sizeOf(a.shape) <= limit) s.value = nestedValue(a);
  if (a instanceof Tensor && isUnseeded(a)) s.unseeded = true;
  // Statistics of an unseeded random tensor would be numbers TensorFlow does not give: none.
  else if (s.value === undefined && a.dtype !== 'string') {
    if (!opts.statsBudget || opts.statsBudget.elements >= a.data.length) {
      if (opts.statsBudget) opts.statsBudget.elements -= a.data.length;
      s.stats = tensorStats(a);
    }
  }
  return s;
}

/**
 * Counts and moments of a numeric array: NaN and ±Inf counted, the rest over the finite elements (in float64);
 * for ≥ 2 axes also its heatmap (block means, see `heatmapOf`).
 */
export function tensorStats(a: NDArrayLike): TensorStats {
  return (
    (a.data instanceof Float32Array ? statsF32Wasm(a.shape, a.data) : undefined) ??
    statsWithHeatmap(a.shape, a.data as ArrayLike<number>)
  );
}

/** `repr` of a scalar tensor holding an integral value (`<tf.Tensor: shape=(), dtype=float32, numpy=8.0>`), fast. */
function scalarTensorRepr(a: NDArrayLike): string | undefined {
  if (a.shape.length !== 0 || a.dtype === 'string') return undefined;
  const v = (a.data as ArrayLike<number>)[0];
  if (!Number.isInteger(v) || Math.abs(v) >= 1e15 || Object.is(v, -0)) return undefined;
  let text: string;
  if (a.dtype === 'bool') text = v ? 'True' : 'False';
  else if (isInt(a.dtype)) text = String(v);
  else text = `${v}.0`;
  return `<tf.Tensor: shape=(), dtype=${a.dtype}, numpy=${text}>`;
}

function tfNumpyText(t: Tensor): string {
  const text = numpyText(t, true);
  return text.includes('\n') ? `\n${text}` : text;
}

function asTensor(a: NDArrayLike): Tensor {
  return new Tensor(a.dtype, a.shape, a.data);
}

/** A variable's summary; `value` is the value to show (default: the current one, e.g. a snapshot taken earlier). */
export function summarizeVariable(v: Variable, opts: SummaryOptions = {}, value: Tensor = v.value): ValueSummary {
  const s = summarizeArray(value, opts, 'variable', () =>
    value === v.value
      ? variableRepr(v)
      : `<tf.Variable '${variableName(v)}' shape=${shapeTuple(value.shape)} dtype=${value.dtype}, numpy=${tfNumpyText(value)}>`,
  );
  s.name = variableName(v);
  s.trainable = v.trainable;
  return s;
}

/** The dense value of IndexedSlices (duplicates summed), computed without running ops. */
export function densifySlices(s: IndexedSlices): NDArrayLike {
  const shape = s.denseShape;
  const dtype: DType = s.values.dtype;
  const n = sizeOf(shape);
  const out = dtype === 'float32' ? new Float32Array(n) : new Float64Array(n);
  const inner = shape.length ? sizeOf(shape.slice(1)) : 1;
  const idx = s.indices.data as ArrayLike<number>;
  const vals = s.values.data as ArrayLike<number>;
  for (let j = 0; j < idx.length; j++) {
    const base = idx[j] * inner;
    for (let i = 0; i < inner; i++) out[base + i] += vals[j * inner + i];
  }
  return { dtype, shape, data: out };
}

export function summarizeIndexedSlices(s: IndexedSlices, opts: SummaryOptions = {}): ValueSummary {
  const dense = densifySlices(s);
  const out = summarizeArray(dense, opts, 'indexed_slices');
  out.repr = clip(indexedSlicesStr(s), opts.reprChars ?? DEFAULTS.reprChars);
  return out;
}

function tapeSummary(t: GradientTape, opts: SummaryOptions): ValueSummary {
  const name = opts.tapeName?.(t);
  const addr = (0x7f1000000000 + t.id * 0x40).toString(16);
  return {
    kind: 'tape',
    preview: `GradientTape${t.persistent ? '(persistent=True)' : ''}`,
    repr: `<tensorflow.python.eager.backprop.GradientTape object at 0x${addr}>`,
    ...(name ? { name } : {}),
  };
}

function pyStrRepr(s: string): string {
  const q = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = q;
  for (const ch of s) {
    if (ch === '\\') out += '\\\\';
    else if (ch === q) out += `\\${q}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else out += ch;
  }
  return out + q;
}

/** The engine value behind `v`, if any. */
function engineValue(v: unknown, adapter: ValueAdapter | undefined): unknown {
  if (
    v instanceof Tensor ||
    v instanceof Variable ||
    v instanceof IndexedSlices ||
    v instanceof GradientTape ||
    v instanceof NDArrayValue
  )
    return v;
  return adapter?.unwrap?.(v);
}

function isArrayLike(x: unknown): x is NDArrayLike {
  return (
    typeof x === 'object' &&
    x !== null &&
    'dtype' in x &&
    'shape' in x &&
    'data' in x &&
    Array.isArray((x as NDArrayLike).shape)
  );
}

/** The kind of any value (engine, primitive, or through the adapter). */
export function kindOf(v: unknown, adapter?: ValueAdapter): ValueKind {
  const k = adapter?.kindOf(v);
  if (k) return k;
  const e = engineValue(v, adapter);
  if (e instanceof Variable) return 'variable';
  if (e instanceof Tensor) return 'tensor';
  if (e instanceof IndexedSlices) return 'indexed_slices';
  if (e instanceof GradientTape) return 'tape';
  if (e instanceof NDArrayValue) return 'ndarray';
  if (v === null || v === undefined) return 'none';
  switch (typeof v) {
    case 'boolean':
      return 'bool';
    case 'bigint':
      return 'int';
    case 'number':
      return 'float';
    case 'string':
      return 'str';
    case 'function':
      return 'function';
  }
  if (Array.isArray(v)) return 'list';
  return 'unknown';
}

/** The array behind a tensor-like value, for kinds tensor/variable/ndarray/indexed_slices. */
export function arrayOf(v: unknown, adapter: ValueAdapter | undefined): NDArrayLike | undefined {
  const e = engineValue(v, adapter);
  if (e instanceof Variable) return e.value;
  if (e instanceof Tensor) return e;
  if (e instanceof NDArrayValue) return e.array;
  if (e instanceof IndexedSlices) return densifySlices(e);
  if (isArrayLike(e)) return e;
  if (isArrayLike(v)) return v;
  return undefined;
}

/** Summarise any value the run produced. */
export function summarize(v: unknown, opts: SummaryOptions = {}, depth = 0): ValueSummary {
  const adapter = opts.adapter;
  const kind = kindOf(v, adapter);
  const e = engineValue(v, adapter);
  const previewChars = opts.previewChars ?? DEFAULTS.previewChars;
  const reprChars = opts.reprChars ?? DEFAULTS.reprChars;
  switch (kind) {
    case 'tensor':
      if (e instanceof Tensor) return summarizeTensor(e, opts);
      break;
    case 'variable':
      if (e instanceof Variable) return summarizeVariable(e, opts);
      break;
    case 'indexed_slices':
      if (e instanceof IndexedSlices) return summarizeIndexedSlices(e, opts);
      break;
    case 'tape':
      if (e instanceof GradientTape) return tapeSummary(e, opts);
      break;
    case 'ndarray': {
      const a = arrayOf(v, adapter);
      if (a) return summarizeArray(a, opts, 'ndarray');
      break;
    }
    case 'none':
      return { kind, preview: 'None', repr: 'None' };
    case 'bool':
      if (typeof v === 'boolean') {
        const t = v ? 'True' : 'False';
        return { kind, preview: t, repr: t, value: v };
      }
      break;
    case 'int':
      if (typeof v === 'bigint' || typeof v === 'number') {
        const t = typeof v === 'bigint' ? intText(v) : String(v);
        return {
          kind,
          preview: clip(t, previewChars),
          repr: clip(t, reprChars),
          value: typeof v === 'bigint' ? bigintValue(v) : v,
        };
      }
      break;
    case 'float':
      if (typeof v === 'number') {
        const t = pyFloatRepr(v);
        return { kind, preview: t, repr: t, value: encodeNumber(v) };
      }
      break;
    case 'str':
      if (typeof v === 'string') {
        const r = pyStrRepr(v);
        return { kind, preview: clip(r, previewChars), repr: clip(r, reprChars), value: clip(v, reprChars) };
      }
      break;
  }
  return summarizeObject(v, kind, opts, depth);
}

/** Containers, functions, modules and anything else: adapter repr, plus items for containers. */
function summarizeObject(v: unknown, kind: ValueKind, opts: SummaryOptions, depth: number): ValueSummary {
  const adapter = opts.adapter;
  const previewChars = opts.previewChars ?? DEFAULTS.previewChars;
  const reprChars = opts.reprChars ?? DEFAULTS.reprChars;
  const maxItems = opts.maxItems ?? DEFAULTS.maxItems;
  const maxDepth = opts.maxDepth ?? DEFAULTS.maxDepth;
  let repr: string;
  try {
    repr =
      (adapter && longContainerRepr(v, kind, adapter, reprChars)) ??
      (adapter ? adapter.repr(v) : fallbackRepr(v, kind));
  } catch {
    repr = fallbackRepr(v, kind);
  }
  const s: ValueSummary = { kind, preview: clip(oneLine(repr), previewChars), repr: clip(repr, reprChars) };
  if (kind === 'unknown') {
    const why = adapter?.unknownReason?.(v);
    if (why !== undefined) s.unknown = why;
    const shaped = adapter?.unknownShape?.(v);
    if (shaped) {
      s.shape = [...shaped.shape];
      s.dtype = shaped.dtype;
    }
    return s;
  }
  const name = adapter?.nameOf?.(v);
  if (name) s.name = name;
  if (depth >= maxDepth) return s;
  if (kind === 'list' || kind === 'tuple') {
    const items = Array.isArray(v) ? v : adapter?.items?.(v);
    if (items) {
      s.items = items.slice(0, maxItems).map((x) => summarize(x, opts, depth + 1));
      s.preview = clip(containerPreview(s.items, kind, items.length), previewChars);
    }
  } else if (kind === 'dict') {
    const entries = adapter?.entries?.(v);
    if (entries) {
      const shown = entries.slice(0, maxItems);
      s.keys = shown.map(([k]) => keyText(k, adapter));
      s.items = shown.map(([, x]) => summarize(x, opts, depth + 1));
    }
  }
  return s;
}

/**
 * The repr of a long list or tuple, only as far as the summary shows it (`chars`): the repr of a list of 500 big
 * tensors would format every one of them to keep the first few. Undefined for anything else.
 */
function longContainerRepr(v: unknown, kind: ValueKind, adapter: ValueAdapter, chars: number): string | undefined {
  if (kind !== 'list' && kind !== 'tuple') return undefined;
  const items = Array.isArray(v) ? v : adapter.items?.(v);
  if (!items || items.length <= 100) return undefined;
  const [open, close] = kind === 'list' ? ['[', ']'] : ['(', ')'];
  let out = open;
  for (let i = 0; i < items.length && out.length <= chars; i++) {
    out += (i ? ', ' : '') + (items[i] === v ? `${open}...${close}` : adapter.repr(items[i]));
  }
  return out.length > chars ? out : `${out}${close}`;
}

function containerPreview(items: ValueSummary[], kind: ValueKind, total: number): string {
  const parts = items.map((i) => i.preview);
  if (total > items.length) parts.push('…');
  const body = parts.join(', ');
  if (kind === 'tuple') return total === 1 ? `(${body},)` : `(${body})`;
  return `[${body}]`;
}

function oneLine(s: string): string {
  return s.includes('\n') ? s.replace(/\s*\n\s*/g, ' ') : s;
}

function keyText(k: unknown, adapter: ValueAdapter | undefined): string {
  if (typeof k === 'string') return k;
  if (adapter) {
    try {
      return adapter.repr(k);
    } catch {
      // fall through
    }
  }
  return fallbackRepr(k, kindOf(k));
}

function fallbackRepr(v: unknown, kind: ValueKind): string {
  if (v === null || v === undefined) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'bigint') return intText(v);
  if (typeof v === 'number') return pyFloatRepr(v);
  if (typeof v === 'string') return pyStrRepr(v);
  if (Array.isArray(v)) return `[${v.map((x) => fallbackRepr(x, kindOf(x))).join(', ')}]`;
  return `<${kind}>`;
}

// ---- globals -------------------------------------------------------------------------------------------------

export interface GlobalOptions {
  adapter?: ValueAdapter;
  /** Tensors larger than this carry no value (default 1,000,000 elements; the contract wants the full value). */
  maxElements?: number;
  /** Container nesting followed (default 8). */
  maxDepth?: number;
  /**
   * Elements all values may carry together (tensor elements and container items), shared by the calls that get the
   * same object: past it, values are left out, so the report stays bounded whatever the program keeps alive.
   */
  budget?: { elements: number };
}

/** `{kind, dtype, shape, value}` with the full nested value, as `--json` globals carry it. */
export function globalValue(v: unknown, opts: GlobalOptions = {}, depth = 0): GlobalValue {
  const adapter = opts.adapter;
  const kind = kindOf(v, adapter);
  switch (kind) {
    case 'tensor':
    case 'variable':
    case 'ndarray':
    case 'indexed_slices': {
      const a = arrayOf(v, adapter);
      if (!a) return { kind };
      const g: GlobalValue = { kind, dtype: a.dtype, shape: [...a.shape] };
      if (sizeOf(a.shape) <= (opts.maxElements ?? 1_000_000) && spend(opts, sizeOf(a.shape))) g.value = nestedValue(a);
      return g;
    }
    case 'none':
      return { kind };
    case 'bool':
      return { kind, value: v === true || v === 1 };
    case 'int':
      return { kind, value: typeof v === 'bigint' ? bigintValue(v) : (v as number) };
    case 'float':
      return { kind, value: encodeNumber(v as number) };
    case 'str':
      return { kind, value: v as string };
    case 'list':
    case 'tuple': {
      const items = Array.isArray(v) ? v : adapter?.items?.(v);
      if (!items || depth >= (opts.maxDepth ?? 8) || !spend(opts, items.length)) return { kind };
      return { kind, value: items.map((x) => plainValue(x, opts, depth + 1)) as NestedValue };
    }
    case 'dict': {
      const entries = adapter?.entries?.(v);
      if (!entries || depth >= (opts.maxDepth ?? 8) || !spend(opts, entries.length)) return { kind };
      const out: Record<string, unknown> = {};
      for (const [k, x] of entries) out[keyText(k, adapter)] = plainValue(x, opts, depth + 1);
      return { kind, value: out };
    }
    default:
      return { kind };
  }
}

/** Takes `n` elements from the shared budget, if there are that many left. */
function spend(opts: GlobalOptions, n: number): boolean {
  if (!opts.budget) return true;
  if (n > opts.budget.elements) return false;
  opts.budget.elements -= n;
  return true;
}

function bigintValue(v: bigint): number | string {
  const n = Number(v);
  return Number.isSafeInteger(n) ? n : intText(v);
}

const LONG_INT = 10n ** 4300n;

/** Decimal text of an int; a huge one (decimal conversion is quadratic) is described by its size instead. */
function intText(v: bigint): string {
  if (v < LONG_INT && v > -LONG_INT) return String(v);
  const digits = Math.floor((v < 0n ? -v : v).toString(16).length * 4 * Math.LOG10E * Math.LN2);
  return `<int with about ${digits.toLocaleString('en-US')} digits>`;
}

/** The JSON value alone, for elements of containers in globals. */
function plainValue(v: unknown, opts: GlobalOptions, depth: number): unknown {
  const g = globalValue(v, opts, depth);
  return g.value === undefined ? null : g.value;
}
