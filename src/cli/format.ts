/** The CLI's human-readable text for a RunReport. */
import { derivativeLabel } from '../engine/report/text';
import type { RunReport, Span } from '../protocol/report';

const where = (file: string, s: Span) =>
  s.cell === undefined
    ? `${file}:${s.start.line + 1}:${s.start.character + 1}`
    : `${file} cell ${s.cell}:${s.start.line + 1}:${s.start.character + 1}`;

/** True when the run failed: an error diagnostic (exception, syntax error, budget stop) or a failed assert. */
export function reportFailed(r: RunReport): boolean {
  return (
    r.asserts.some((a) => !a.passed) || r.diagnostics.some((d) => d.severity === 'error') || r.stopped !== undefined
  );
}

export function formatReport(r: RunReport, file: string): string {
  const out: string[] = [];
  const sorted = [...r.gradients].sort(
    (a, b) => (a.span.cell ?? 0) - (b.span.cell ?? 0) || a.span.start.line - b.span.start.line,
  );
  for (const g of sorted) {
    for (const res of g.results) {
      const name = derivativeLabel(g.target, res.label);
      if (res.result) {
        const shape = res.result.shape
          ? `(${res.result.shape.join(', ')}${res.result.shape.length === 1 ? ',' : ''})`
          : '';
        out.push(
          `${where(file, g.span)}  ${name} = ${res.result.preview}  ${shape} ${res.result.dtype ?? ''}`.trimEnd(),
        );
        if (res.explanation) out.push(`    why: ${res.explanation.summary}`);
      } else out.push(`${where(file, g.span)}  ${name} = None  (${res.none?.message ?? 'no gradient'})`);
    }
  }
  for (const a of r.asserts.filter((x) => !x.passed)) {
    out.push(
      `${where(file, a.span)}  assert failed${a.message ? `: ${a.message}` : ''} (${a.failures} of ${a.runs} runs)`,
    );
  }
  for (const d of r.diagnostics.filter((x) => x.severity === 'error' || x.severity === 'warning')) {
    out.push(`${where(file, d.span)}  ${d.severity}: ${d.message}`);
    for (const rel of d.related ?? []) out.push(`    ${where(file, rel.span)}  ${rel.message}`);
  }
  const failed = r.asserts.filter((a) => !a.passed).length;
  const errors = r.diagnostics.filter((d) => d.severity === 'error').length;
  out.push(
    `${r.tapes.length} tape${r.tapes.length === 1 ? '' : 's'}, ${r.gradients.length} gradient call${r.gradients.length === 1 ? '' : 's'}, ` +
      `${r.asserts.length - failed}/${r.asserts.length} asserts passed, ${errors} error${errors === 1 ? '' : 's'} · ${r.timing.totalMs.toFixed(1)} ms`,
  );
  return out.join('\n');
}
