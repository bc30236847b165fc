/**
 * The differential harness: runs a program through the engine cell by cell (cells split as
 * `scripts/oracle/oracle.py` splits them) and compares every value and each cell's printed output with what real
 * TensorFlow recorded in the program's committed `NAME.py.oracle.json` (`NAME.ipynb.oracle.json`).
 *
 * Each value the oracle recorded after a cell is classified:
 * - `matched`: same kind, dtype, shape and value (float32 within 1e-5 relative or 1e-6 absolute, float64 within
 *   1e-8 relative or 1e-12 absolute, NaN = NaN);
 * - `unknown`: the engine reports the value (or a part of it) as unknown;
 * - `missing`: the engine has no value for it (the run stopped earlier, or the engine's cell raised where TF's did not);
 * - `wrong`: anything else — a number TensorFlow would not give.
 * Functions, classes and modules are not compared.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inputFor } from '../../src/engine/input';
import { run } from '../../src/engine/run';
import type { CellSnapshot, NestedValue, RunInput, RunReport, ValueSnapshot } from '../../src/protocol/report';

export interface OracleCell {
  index: number;
  line: number;
  stdout: string;
  error: { type: string; message: string } | null;
  values: Record<string, ValueSnapshot>;
  stderr?: string;
}

export interface Oracle {
  source: string;
  cells: OracleCell[];
}

export type Verdict = 'matched' | 'unknown' | 'missing' | 'wrong';

export interface ValueResult {
  cell: number;
  name: string;
  verdict: Verdict;
  /** Why it is not matched: the first difference, the unknown's origin, or the engine's exception. */
  detail?: string;
}

export interface CellResult {
  cell: number;
  /** Printed output: TF's and ours (undefined when the engine did not reach the cell). */
  expected: string;
  actual?: string;
  expectedError?: string;
  actualError?: string;
}

export interface ProgramResult {
  file: string;
  values: ValueResult[];
  cells: CellResult[];
  report: RunReport;
}

/** The cells of a program as the oracle runs them: `.py` files split at `# %%` lines, notebooks by code cell. */
export function cellsOf(path: string, text: string): RunInput {
  if (!path.endsWith('.py')) return inputFor(path, text);
  const lines = text.split('\n');
  const cells: RunInput['cells'] = [];
  let start = 0;
  lines.forEach((line, n) => {
    if (line.startsWith('# %%') && n > start) {
      cells.push({ source: lines.slice(start, n).join('\n'), cell: cells.length, lineOffset: start });
      start = n;
    }
  });
  cells.push({ source: lines.slice(start).join('\n'), cell: cells.length, lineOffset: start });
  return { kind: 'notebook', cells };
}

/** The programs of a folder that have an oracle JSON, sorted. */
export function programsIn(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => /\.(py|ipynb)$/.test(f))
    .sort()
    .map((f) => join(dir, f))
    .filter((p) => existsSync(oraclePath(p)));
}

export function oraclePath(path: string): string {
  return `${path}.oracle.json`;
}

export function readOracle(path: string): Oracle {
  return JSON.parse(readFileSync(oraclePath(path), 'utf8')) as Oracle;
}

export function runCells(path: string): RunReport {
  const text = readFileSync(path, 'utf8');
  return run(cellsOf(path, text), { timeBudgetMs: 120_000, cellSnapshots: true });
}

const NOT_COMPARED = new Set(['function', 'class', 'module']);

/**
 * Printed text as a terminal leaves it, for comparison: Keras's progress bar redraws its line (backspaces, then a
 * carriage return) after the first step and then as often as 50 ms pass, so how many frames TensorFlow drew depends
 * on its speed; each line keeps what follows its last carriage return, without trailing spaces. The elapsed time and
 * time per step Keras prints (`1s 282ms/step`, `- 0s - 44ms/step`) measure TensorFlow on the oracle's machine; they
 * are removed, as the engine leaves them out.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: Keras writes its times between bold escape codes
const KERAS_TIMES = / \x1b\[1m(?:\d+:)?\d+(?::\d\d)?s?\x1b\[0m \d+(?:s|ms|us)\/step/g;

export function terminalText(text: string): string {
  return text
    .split('\n')
    .map((line) => line.slice(line.lastIndexOf('\r') + 1).replace(/ +$/, ''))
    .join('\n')
    .replace(KERAS_TIMES, '')
    .replace(/^(\s*\d+\/\d+) - \d+s - \d+(?:s|ms|us)\/step/gm, '$1');
}

/** Runs `path` through the engine and compares it with its oracle JSON. */
export function compareProgram(path: string, file = path): ProgramResult {
  const oracle = readOracle(path);
  const report = runCells(path);
  const ours = report.cells ?? [];
  const values: ValueResult[] = [];
  const cells: CellResult[] = [];
  // The newest snapshot of each name at or before the current cell.
  const current = new Map<string, ValueSnapshot>();
  let k = 0;
  for (const cell of oracle.cells) {
    let mine: CellSnapshot | undefined;
    while (k < ours.length && ours[k].cell <= cell.index) {
      for (const [name, v] of Object.entries(ours[k].values)) current.set(name, v);
      if (ours[k].cell === cell.index) mine = ours[k];
      k++;
    }
    const expectedError = cell.error ? `${cell.error.type}: ${cell.error.message}` : undefined;
    const actualError = mine?.error ? `${mine.error.type}: ${mine.error.message}` : undefined;
    cells.push({
      cell: cell.index,
      expected: terminalText(cell.stdout),
      ...(mine ? { actual: terminalText(mine.stdout) } : {}),
      ...(expectedError ? { expectedError } : {}),
      ...(actualError ? { actualError } : {}),
    });
    // Our cell raised where TF's did not (or raised something else): what it left unbound or stale is missing.
    const stoppedEarly = mine?.error !== undefined && mine.error.type !== cell.error?.type;
    for (const [name, expected] of Object.entries(cell.values)) {
      if (NOT_COMPARED.has(expected.kind)) continue;
      const actual = mine ? current.get(name) : undefined;
      let r: { verdict: Verdict; detail?: string };
      if (!mine) r = { verdict: 'missing', detail: 'the run stopped before this cell' };
      else if (!actual) r = { verdict: 'missing', detail: actualError ?? 'not bound' };
      else r = compareValue(expected, actual, name);
      if (r.verdict === 'wrong' && stoppedEarly) r = { verdict: 'missing', detail: actualError };
      values.push({ cell: cell.index, name, ...r });
    }
  }
  return { file, values, cells, report };
}

// ---- values --------------------------------------------------------------------------------------------------

type Cmp = { verdict: Verdict; detail?: string };
const MATCHED: Cmp = { verdict: 'matched' };

/**
 * Tolerance per dtype, as TensorFlow's own `assertAllClose`: float32 (and Python floats, mostly read from float32
 * tensors) within 1e-5 relative or 1e-6 absolute, float64 within 1e-8 relative or 1e-12 absolute, float16 1e-3.
 */
function tolerance(dtype: string | undefined): { rel: number; abs: number } {
  if (dtype === 'float64' || dtype === 'complex128') return { rel: 1e-8, abs: 1e-12 };
  if (dtype === 'float16' || dtype === 'bfloat16') return { rel: 1e-3, abs: 1e-3 };
  return { rel: 1e-5, abs: 1e-6 };
}

function num(x: NestedValue): number {
  if (x === 'nan') return Number.NaN;
  if (x === 'inf') return Number.POSITIVE_INFINITY;
  if (x === '-inf') return Number.NEGATIVE_INFINITY;
  return x as number;
}

function close(a: number, b: number, tol: { rel: number; abs: number }): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
  if (a === b) return true;
  if (!Number.isFinite(a) || !Number.isFinite(b)) return false;
  return Math.abs(a - b) <= tol.abs + tol.rel * Math.max(Math.abs(a), Math.abs(b));
}

/** Elementwise comparison of nested arrays of numbers, strings or booleans; the first difference as text. */
function compareNested(
  e: NestedValue,
  a: NestedValue,
  tol: { rel: number; abs: number },
  where: string,
): string | undefined {
  if (Array.isArray(e) || Array.isArray(a)) {
    if (!Array.isArray(e) || !Array.isArray(a) || e.length !== a.length) return `${where}: structure differs`;
    for (let i = 0; i < e.length; i++) {
      const d = compareNested(e[i], a[i], tol, `${where}[${i}]`);
      if (d) return d;
    }
    return undefined;
  }
  const isNum = (x: NestedValue) => typeof x === 'number' || x === 'nan' || x === 'inf' || x === '-inf';
  if (isNum(e) && isNum(a)) {
    return close(num(e), num(a), tol) ? undefined : `${where}: ${String(e)} expected, got ${String(a)}`;
  }
  if (typeof e === 'boolean' && typeof a === 'number') a = a !== 0;
  return e === a ? undefined : `${where}: ${JSON.stringify(e)} expected, got ${JSON.stringify(a)}`;
}

/** Compares one recorded value with ours. */
export function compareValue(e: ValueSnapshot, a: ValueSnapshot, where: string): Cmp {
  if (a.kind === 'unknown') return { verdict: 'unknown', detail: a.type ?? 'unknown' };
  if (e.kind !== a.kind) return { verdict: 'wrong', detail: `${where}: kind ${e.kind} expected, got ${a.kind}` };
  switch (e.kind) {
    case 'tensor':
    case 'variable':
    case 'ndarray':
    case 'indexed_slices': {
      if (e.dtype !== a.dtype)
        return { verdict: 'wrong', detail: `${where}: dtype ${e.dtype} expected, got ${a.dtype}` };
      if (JSON.stringify(e.shape) !== JSON.stringify(a.shape)) {
        return {
          verdict: 'wrong',
          detail: `${where}: shape ${JSON.stringify(e.shape)} expected, got ${JSON.stringify(a.shape)}`,
        };
      }
      if (e.value === undefined) return MATCHED;
      if (a.value === undefined) return { verdict: 'unknown', detail: `${where}: no value` };
      const d = compareNested(e.value as NestedValue, a.value as NestedValue, tolerance(e.dtype), where);
      return d ? { verdict: 'wrong', detail: d } : MATCHED;
    }
    case 'float':
    case 'int':
    case 'bool':
    case 'str':
    case 'bytes':
    case 'complex': {
      const d = compareNested(e.value as NestedValue, a.value as NestedValue, tolerance(undefined), where);
      return d ? { verdict: 'wrong', detail: d } : MATCHED;
    }
    case 'list':
    case 'tuple':
    case 'set':
    case 'dict': {
      if (e.value === undefined) return MATCHED;
      if (a.value === undefined) return { verdict: 'unknown', detail: `${where}: no value` };
      if (e.kind === 'dict' && JSON.stringify(e.keys) !== JSON.stringify(a.keys)) {
        return {
          verdict: 'wrong',
          detail: `${where}: keys ${JSON.stringify(e.keys)} expected, got ${JSON.stringify(a.keys)}`,
        };
      }
      const es = e.value as ValueSnapshot[];
      const as = a.value as ValueSnapshot[];
      if (es.length !== as.length) {
        return { verdict: 'wrong', detail: `${where}: ${es.length} items expected, got ${as.length}` };
      }
      return worst(es.map((x, i) => compareValue(x, as[i], `${where}[${e.keys ? JSON.stringify(e.keys[i]) : i}]`)));
    }
    case 'other': {
      if (!e.attrs) return MATCHED;
      const results: Cmp[] = [];
      for (const [k, x] of Object.entries(e.attrs)) {
        const y = a.attrs?.[k];
        // An attribute the engine does not hold (a framework's internal bookkeeping) is missing, not a wrong value.
        results.push(
          y ? compareValue(x, y, `${where}.${k}`) : { verdict: 'missing', detail: `${where}.${k}: not set` },
        );
      }
      return worst(results);
    }
    default:
      return MATCHED;
  }
}

function worst(rs: Cmp[]): Cmp {
  return (
    rs.find((r) => r.verdict === 'wrong') ??
    rs.find((r) => r.verdict === 'missing') ??
    rs.find((r) => r.verdict === 'unknown') ??
    MATCHED
  );
}

// ---- expectations --------------------------------------------------------------------------------------------

/** A known gap: a value (`name`), a cell's printed output (`stdout`) or exception (`error`), with its cause. */
export interface Gap {
  file: string;
  cell: number;
  /** A name, or `stdout` / `error` for the cell's printed output or exception. */
  what: string;
  cause: string;
}

export interface Failure {
  file: string;
  cell: number;
  what: string;
  detail: string;
}

/** Wrong values, printed output that differs, and exceptions of another type than TF's. */
export function failures(r: ProgramResult): Failure[] {
  const out: Failure[] = [];
  for (const v of r.values) {
    if (v.verdict === 'wrong') out.push({ file: r.file, cell: v.cell, what: v.name, detail: v.detail ?? '' });
  }
  for (const c of r.cells) {
    if (c.actual === undefined) continue;
    if (c.actual !== c.expected) {
      out.push({
        file: r.file,
        cell: c.cell,
        what: 'stdout',
        detail: `expected ${JSON.stringify(c.expected)}, got ${JSON.stringify(c.actual)}`,
      });
    }
    const et = c.expectedError?.split(':')[0];
    const at = c.actualError?.split(':')[0];
    if (et !== at) {
      out.push({
        file: r.file,
        cell: c.cell,
        what: 'error',
        detail: `expected ${c.expectedError ?? 'no exception'}, got ${c.actualError ?? 'no exception'}`,
      });
    }
  }
  return out;
}
