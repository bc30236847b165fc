/** The CLI's human-readable text for a RunReport. */
import { derivativeLabel, partialLabel } from '../protocol/derivative';
import type { DiagnosticRecord, Explanation, RunReport, Span } from '../protocol/report';

/** `file:line:col` for plain files (clickable in terminals and editors); `file [cell N] line:col` for notebooks. */
const where = (file: string, s: Span) =>
  s.cell === undefined
    ? `${file}:${s.start.line + 1}:${s.start.character + 1}`
    : `${file} [cell ${s.cell + 1}] ${s.start.line + 1}:${s.start.character + 1}`;

const sameLine = (a: Span, b: Span) => a.cell === b.cell && a.start.line === b.start.line;

/** Most lines of program output shown before eliding the rest. */
const MAX_OUTPUT_LINES = 200;

/** True when the run failed: an error diagnostic (exception, syntax error, budget stop) or a failed assert. */
export function reportFailed(r: RunReport): boolean {
  return (
    r.asserts.some((a) => !a.passed) || r.diagnostics.some((d) => d.severity === 'error') || r.stopped !== undefined
  );
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: terminal style codes start with ESC
const STYLE = /\x1b\[[0-9;]*m/g;

/**
 * Printed text as a terminal leaves it, in plain text: each line what follows its last carriage return (Keras's
 * progress bar redraws its line), without style codes or trailing spaces.
 */
export function terminalLines(text: string): string[] {
  return text
    .replace(/\n$/, '')
    .split('\n')
    .map((line) =>
      line
        .slice(line.lastIndexOf('\r') + 1)
        .replace(STYLE, '')
        .trimEnd(),
    );
}

/** The program's printed output, capped. */
function outputSection(r: RunReport): string[] {
  const text = r.prints.map((p) => p.text).join('');
  if (!text) return [];
  const lines = terminalLines(text);
  const shown = lines.slice(0, MAX_OUTPUT_LINES);
  if (lines.length > shown.length) shown.push(`… (${lines.length - shown.length} more lines of output)`);
  return ['── output ──', ...shown, '── gradients and problems ──'];
}

/**
 * The chain-rule steps of an explanation through Keras layers, as the editor's "Why?" lists them, each naming the
 * layer that ran its op: `- matmul in dense_1 (Dense) y_pred ← dense(…): ∂y_pred/∂(dense(…)) = …, so … = …`.
 * Only the first path, and only for gradients that pass through a layer.
 */
function layerSteps(e: Explanation, target: string): string[] {
  const path = e.paths[0];
  if (!path?.steps.some((s) => s.layer)) return [];
  const more = e.paths.length > 1 ? ` (path 1 of ${e.paths.length}, contributes ${path.contribution})` : '';
  return [
    `    steps${more}:`,
    ...path.steps.map((s) => {
      const formula =
        s.localFormula && s.localFormula !== s.localValue ? `${s.localFormula} = ${s.localValue}` : s.localValue;
      const layer = s.layer ? ` in ${s.layer}` : '';
      const line = s.span ? ` (line ${s.span.start.line + 1})` : '';
      const down = `${derivativeLabel(target, s.input)} = ${s.upstream} · ${s.localValue} = ${s.downstream}`;
      return `      - ${s.name}${layer} ${s.output} ← ${s.input}${line}: ${partialLabel(s.output, s.input)} = ${formula}, so ${down}`;
    }),
  ];
}

export function formatReport(r: RunReport, file: string): string {
  const out: string[] = [...outputSection(r)];
  const sorted = [...r.gradients].sort(
    (a, b) => (a.span.cell ?? 0) - (b.span.cell ?? 0) || a.span.start.line - b.span.start.line,
  );
  /** None explanations already printed with their gradient (the matching warnings are not repeated). */
  const noneShown: { span: Span; message: string }[] = [];
  for (const g of sorted) {
    const runs = g.runs > 1 ? `  (last of ${g.runs} runs)` : '';
    if (g.unknown !== undefined) {
      const names = g.results.map((res) => derivativeLabel(g.target, res.label)).join(', ');
      out.push(`${where(file, g.span)}  ${names || `gradient of ${g.target}`} = unknown: ${g.unknown}${runs}`);
      continue;
    }
    for (const res of g.results) {
      const name = derivativeLabel(g.target, res.label);
      if (res.result) {
        const shape = res.result.shape
          ? `(${res.result.shape.join(', ')}${res.result.shape.length === 1 ? ',' : ''})`
          : '';
        out.push(
          `${where(file, g.span)}  ${name} = ${res.result.preview}  ${shape} ${res.result.dtype ?? ''}${runs}`.trimEnd(),
        );
        if (res.explanation) out.push(`    why: ${res.explanation.summary}`, ...layerSteps(res.explanation, g.target));
      } else {
        out.push(`${where(file, g.span)}  ${name} = None${runs}`);
        if (res.none) {
          out.push(`    warning: ${res.none.message}`);
          noneShown.push({ span: g.span, message: res.none.message });
        }
      }
    }
  }
  const failedAsserts = r.asserts.filter((x) => !x.passed);
  for (const a of failedAsserts) {
    const runs = a.runs > 1 ? ` (${a.failures} of ${a.runs} runs)` : '';
    out.push(`${where(file, a.span)}  assert failed${a.message ? `: ${a.message}` : ''}${runs}`);
  }
  const unchecked = r.asserts.filter((x) => x.passed && x.unchecked);
  for (const a of unchecked) {
    const runs = a.runs > 1 ? ` (${a.unchecked} of ${a.runs} runs)` : '';
    out.push(`${where(file, a.span)}  assert not checked: unknown: ${a.unknown ?? ''}${runs}`);
  }
  const repeats = (d: DiagnosticRecord) =>
    // a tape warning that says what a None gradient line above already says
    (d.code.startsWith('tape-') && noneShown.some((n) => sameLine(n.span, d.span) && d.message.includes(n.message))) ||
    // the AssertionError of an assert reported above
    (d.code === 'exception' &&
      /^AssertionError\b/.test(d.message) &&
      failedAsserts.some((a) => sameLine(a.span, d.span)));
  const label: Record<string, string> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };
  const order: Record<string, number> = { error: 0, warning: 1, information: 2, hint: 2 };
  const diags = r.diagnostics
    .filter((d) => !repeats(d))
    .sort(
      (a, b) =>
        order[a.severity] - order[b.severity] ||
        (a.span.cell ?? 0) - (b.span.cell ?? 0) ||
        a.span.start.line - b.span.start.line,
    );
  for (const d of diags) {
    out.push(`${where(file, d.span)}  ${label[d.severity]}: ${d.message}`);
    for (const rel of d.related ?? []) out.push(`    ${where(file, rel.span)}  ${rel.message}`);
  }
  const failed = failedAsserts.length;
  const errors = r.diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = r.diagnostics.filter((d) => d.severity === 'warning').length;
  const calls = r.gradients.reduce((n, g) => n + g.runs, 0);
  const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;
  out.push(
    `${plural(r.tapes.length, 'tape')}, ${plural(calls, 'gradient call')}, ` +
      `${r.asserts.length - failed - unchecked.length}/${r.asserts.length} asserts passed` +
      `${unchecked.length ? ` (${unchecked.length} not checked)` : ''}, ${plural(errors, 'error')}, ${plural(warnings, 'warning')}` +
      `${r.stopped ? ' · stopped early' : ''} · ${r.timing.totalMs.toFixed(1)} ms`,
  );
  return out.join('\n');
}
