/**
 * Gradient health: a gradient with NaN or Inf in it is a warning at the gradient call, with how many of its
 * elements are not finite. Only values the report carries in full are checked (an elided preview proves nothing).
 */
import type { DiagnosticRecord, NestedValue, RunReport } from '../../protocol/report';
import { resultName } from './lensText';
import type { Translate } from './translate';

/** NaN and ±Inf elements of a nested value (the report writes them as `'nan'`, `'inf'`, `'-inf'`). */
export function nonFinite(v: NestedValue | undefined): { nan: number; inf: number; total: number } {
  const out = { nan: 0, inf: 0, total: 0 };
  const walk = (x: NestedValue | undefined): void => {
    if (Array.isArray(x)) for (const e of x) walk(e);
    else if (typeof x === 'number') {
      out.total++;
      if (Number.isNaN(x)) out.nan++;
      else if (!Number.isFinite(x)) out.inf++;
    } else if (typeof x === 'string' && /^(nan|-?inf)$/.test(x)) {
      out.total++;
      if (x === 'nan') out.nan++;
      else out.inf++;
    }
  };
  walk(v);
  return out;
}

/** A warning for each gradient result (in the order the calls appear) that holds NaN or Inf. */
export function gradientHealth(report: RunReport, t: Translate): DiagnosticRecord[] {
  const out: DiagnosticRecord[] = [];
  for (const g of report.gradients) {
    for (const r of g.results) {
      const { nan, inf, total } = nonFinite(r.result?.value);
      if (nan === 0 && inf === 0) continue;
      const what = [nan ? t('{0} NaN', nan) : '', inf ? t('{0} Inf', inf) : ''].filter(Boolean).join(t(' and '));
      const of = total > 1 ? t(' (of {0} elements)', total) : '';
      const runs = g.runs > 1 ? t('; the last of {0} runs is shown', g.runs) : '';
      out.push({
        severity: 'warning',
        code: 'gradient-not-finite',
        message: t('{0} has {1}{2}{3}', resultName(g, r), what, of, runs),
        span: g.span,
      });
    }
  }
  return out.sort((a, b) => a.span.start.line - b.span.start.line || (a.span.cell ?? 0) - (b.span.cell ?? 0));
}
