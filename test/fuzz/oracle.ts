/**
 * The fuzz oracle: runs one input through the engine's `run()` and checks these invariants:
 * - `run()` returns a RunReport and never throws; the report survives JSON and structured cloning (the worker posts it).
 * - Every diagnostic is a located Python/TF exception or engine diagnostic: a span inside the input, and never an
 *   internal error (a JS TypeError leaking through, `internal:`, a JS stack trace, a JS RangeError text ...).
 * - The run ends within its time budget plus `HANG_GUARD_MS`: a guard against a run that ignores its deadline
 *   (seconds or minutes), loose enough for a busy machine. How promptly the engine stops at its deadline is tested
 *   with fake clocks in test/limits, independent of the machine's load.
 * - The report stays bounded in size.
 */
import { run } from '../../src/engine/run';
import type { RunInput, RunOptions, RunReport, Span } from '../../src/protocol/report';

/** Options of a fuzz case: a small budget, and the caps the extension uses. */
export const FUZZ_OPTIONS: RunOptions = {
  timeBudgetMs: 300,
  maxTensorElements: 10_000_000,
  maxTotalMemoryMb: 512,
  fullValueLimit: 1000,
  maxTapeOps: 20_000,
};

/** How far past its budget a run may end on the real clock (a hang guard, see above). */
export const HANG_GUARD_MS = 10_000;
/** Largest report (JSON characters) a run may produce. */
export const MAX_REPORT_CHARS = 16 * 1024 * 1024;

/** Texts that only a bug lets through to the user. */
export const INTERNAL_PATTERNS: RegExp[] = [
  /\binternal(?: error)?:/i,
  /SystemError/,
  /Cannot read propert/,
  /Cannot set propert/,
  /undefined is not/,
  /null is not/,
  /of undefined\b/,
  /of null\b/,
  /\bis not a function\b/,
  /\bis not a constructor\b/,
  /Symbol\(Symbol\.iterator\)/,
  /Maximum call stack/,
  /before initialization/,
  /\bat [\w.<>$]+ \(.*:\d+:\d+\)/,
  /\bat (?:file|node):/,
  /Do not know how to serialize a BigInt/,
  /Cannot (?:mix|convert) BigInt/,
  /Converting circular structure/,
  /\[object Object\]/,
];

/** RangeErrors that are genuine memory exhaustion (the interpreter turns RangeError into MemoryError). */
const MEMORY_MESSAGES =
  /^MemoryError: (Invalid (typed )?array length|Invalid string length|Array buffer allocation failed|Maximum BigInt size exceeded|Invalid typed array length: -?\d+|.*exceeds|.*too (large|big|many))/;

export interface CaseOutcome {
  /** Problems found; empty when the case passed. */
  problems: string[];
  elapsedMs: number;
  report?: RunReport;
  reportChars: number;
}

/** Line breaks by any definition an editor or Python may use (CR LF counts once); an upper bound for spans. */
function lineBreaks(s: string): number {
  const breaks = new Set([0x0a, 0x0b, 0x0c, 0x0d, 0x1c, 0x1d, 0x1e, 0x85, 0x2028, 0x2029]);
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x0d && s.charCodeAt(i + 1) === 0x0a) continue;
    if (breaks.has(c)) n++;
  }
  return n;
}

function lineCounts(input: RunInput): Map<number | undefined, number> {
  const out = new Map<number | undefined, number>();
  input.cells.forEach((c, i) => {
    const lines = lineBreaks(c.source) + 1 + (c.lineOffset ?? 0);
    const key = input.kind === 'notebook' ? (c.cell ?? i) : undefined;
    out.set(key, Math.max(out.get(key) ?? 0, lines));
  });
  if (input.kind === 'markdown') out.set(undefined, Math.max(1, ...[...out.values()]));
  return out;
}

function checkSpan(span: Span | undefined, where: string, lines: Map<number | undefined, number>, problems: string[]) {
  if (!span || typeof span !== 'object') {
    problems.push(`${where}: no span`);
    return;
  }
  const ok = (p: { line: number; character: number } | undefined) =>
    p !== undefined && Number.isInteger(p.line) && Number.isInteger(p.character) && p.line >= 0 && p.character >= 0;
  if (!ok(span.start) || !ok(span.end)) {
    problems.push(`${where}: malformed span ${JSON.stringify(span)}`);
    return;
  }
  if (
    span.end.line < span.start.line ||
    (span.end.line === span.start.line && span.end.character < span.start.character)
  )
    problems.push(`${where}: span ends before it starts ${JSON.stringify(span)}`);
  const count = lines.get(span.cell);
  if (count === undefined) problems.push(`${where}: span in unknown cell ${span.cell}`);
  else if (span.start.line >= count + 1)
    problems.push(`${where}: span line ${span.start.line} past the end (${count} lines)`);
}

export function internalText(text: string): string | undefined {
  for (const p of INTERNAL_PATTERNS) if (p.test(text)) return p.source;
  if (text.startsWith('MemoryError: ') && !MEMORY_MESSAGES.test(text)) return 'MemoryError with a JS RangeError text';
  return undefined;
}

/** Checks a finished report against the invariants (not the timing). */
export function checkReport(input: RunInput, report: unknown): { problems: string[]; chars: number } {
  const problems: string[] = [];
  const r = report as RunReport;
  if (!r || typeof r !== 'object' || r.version !== 1)
    return { problems: ['run() did not return a RunReport'], chars: 0 };
  for (const k of ['values', 'tapes', 'gradients', 'asserts', 'prints', 'diagnostics'] as const) {
    if (!Array.isArray(r[k])) problems.push(`report.${k} is not an array`);
  }
  if (problems.length) return { problems, chars: 0 };
  let json = '';
  try {
    json = JSON.stringify(r);
  } catch (e) {
    problems.push(`report is not JSON-serialisable: ${(e as Error).message}`);
  }
  if (json.length > MAX_REPORT_CHARS) problems.push(`report is ${json.length} characters`);
  if (json.length < 2_000_000) {
    try {
      structuredClone(r);
    } catch (e) {
      problems.push(`report cannot be posted to the host: ${(e as Error).message}`);
    }
  }
  const lines = lineCounts(input);
  for (const d of r.diagnostics) {
    const where = `diagnostic ${d.code} "${String(d.message).slice(0, 200)}"`;
    if (typeof d.message !== 'string' || !d.message) problems.push(`${where}: no message`);
    else {
      const bad = internalText(d.message);
      if (bad) problems.push(`${where}: internal error (${bad})`);
    }
    checkSpan(d.span, where, lines, problems);
    for (const rel of d.related ?? []) checkSpan(rel.span, `${where} related`, lines, problems);
  }
  for (const v of r.values) {
    const bad = internalText(v.value.repr ?? '');
    if (bad) problems.push(`value ${v.label}: internal error in repr (${bad}): ${v.value.repr.slice(0, 200)}`);
    checkSpan(v.span, `value ${v.label}`, lines, problems);
  }
  for (const g of r.gradients) checkSpan(g.span, 'gradient', lines, problems);
  if (r.stopped) {
    const bad = internalText(r.stopped.message);
    if (bad) problems.push(`stopped: internal error (${bad})`);
  }
  return { problems, chars: json.length };
}

function timedRun(input: RunInput, options: RunOptions): { report?: RunReport; error?: unknown; ms: number } {
  const t0 = performance.now();
  try {
    const report = run(input, options);
    return { report, ms: performance.now() - t0 };
  } catch (error) {
    return { error, ms: performance.now() - t0 };
  }
}

/** Runs one case and checks every invariant. */
export function checkCase(input: RunInput, options: RunOptions = FUZZ_OPTIONS): CaseOutcome {
  const first = timedRun(input, options);
  if (first.error !== undefined) {
    const e = first.error;
    return {
      problems: [`run() threw: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`],
      elapsedMs: first.ms,
      reportChars: 0,
    };
  }
  const budget = options.timeBudgetMs ?? 2000;
  const { problems, chars } = checkReport(input, first.report);
  if (first.ms > budget + HANG_GUARD_MS)
    problems.push(`the run took ${first.ms.toFixed(0)} ms with a budget of ${budget} ms`);
  return { problems, elapsedMs: first.ms, report: first.report, reportChars: chars };
}
