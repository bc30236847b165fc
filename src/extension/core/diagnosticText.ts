/**
 * The report's problems as plain diagnostic records: the engine's diagnostics, failed asserts it did not already
 * report, and a run stopped early. The diagnostics feature turns them into `vscode.Diagnostic`s.
 */
import { sameStart } from '../../engine/span';
import type { DiagnosticRecord, RunReport, Span } from '../../protocol/report';
import type { Translate } from './translate';

/** The engine already reported this assert: an `assert-failed` diagnostic or an AssertionError on its line. */
const reportsAssert = (d: DiagnosticRecord, a: Span) =>
  d.span.cell === a.cell &&
  d.span.start.line === a.start.line &&
  (d.code === 'assert-failed' || /^AssertionError\b/.test(d.message));

export function problems(report: RunReport, t: Translate): DiagnosticRecord[] {
  const out = report.diagnostics.map((d) => ({ ...d }));
  for (const a of report.asserts) {
    if (a.passed && a.unchecked) {
      const message = `${t('assert not checked')}: ${a.unknown === undefined ? t('unknown') : t('unknown: {0}', a.unknown)}`;
      out.push({ severity: 'information', code: 'assert-unchecked', message, span: a.span });
    }
    if (a.passed) continue;
    const detail = a.message ? `: ${a.message}` : '';
    const times = a.runs > 1 ? ` ${t('({0} of {1} runs failed)', a.failures, a.runs)}` : '';
    const reported = out.filter((d) => reportsAssert(d, a.span));
    if (reported.length === 0) {
      out.push({ severity: 'error', code: 'assert-failed', message: `AssertionError${detail}${times}`, span: a.span });
    }
    // A bare `AssertionError` from the engine gets the assert's actual values.
    for (const d of reported)
      if (d.message === 'AssertionError' && detail) d.message = `AssertionError${detail}${times}`;
  }
  const stopped = report.stopped;
  if (stopped?.span && !out.some((d) => sameStart(d.span, stopped.span!) && d.code === 'budget')) {
    out.push({ severity: 'warning', code: 'budget', message: stopped.message, span: stopped.span });
  }
  return out;
}
