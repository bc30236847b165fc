/**
 * Gradient health: a gradient with NaN or Inf in it is a warning at the gradient call, with how many of its
 * elements are not finite (from its full value, or from a big tensor's statistics; an elided preview proves
 * nothing). Over the runs of a call in a loop, the engine's `GradientHealth` adds the run where NaN/Inf first
 * appeared, and warnings for a gradient whose norm vanished (below 1e-7 of its source's norm) or exploded (10⁴
 * times its first norm), each with the run where it happened first.
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

const sci = (x: number): string => (x === 0 ? '0' : x.toExponential(1).replace('e+', 'e'));

/** A warning for each gradient result (in the order the calls appear) that holds NaN or Inf, vanished or exploded. */
export function gradientHealth(report: RunReport, t: Translate): DiagnosticRecord[] {
  const out: DiagnosticRecord[] = [];
  for (const g of report.gradients) {
    if (g.unknown !== undefined) continue;
    for (const r of g.results) {
      const name = resultName(g, r);
      const h = r.health;
      const stats = r.result?.stats;
      const counted = r.result?.value !== undefined ? nonFinite(r.result.value) : undefined;
      const { nan, inf, total } =
        counted ?? (stats ? { nan: stats.nan, inf: stats.inf, total: stats.count } : nonFinite(undefined));
      const first = h?.nonFinite && g.runs > 1 ? t('; first at run {0} of {1}', h.nonFinite.run, g.runs) : '';
      if (nan > 0 || inf > 0) {
        const what = [nan ? t('{0} NaN', nan) : '', inf ? t('{0} Inf', inf) : ''].filter(Boolean).join(t(' and '));
        const of = total > 1 ? t(' (of {0} elements)', total) : '';
        const runs = g.runs > 1 ? t('; the last of {0} runs is shown', g.runs) : '';
        out.push({
          severity: 'warning',
          code: 'gradient-not-finite',
          message: t('{0} has {1}{2}{3}{4}', name, what, of, runs, first),
          span: g.span,
        });
      } else if (h?.nonFinite) {
        out.push({
          severity: 'warning',
          code: 'gradient-not-finite',
          message: t('{0} held NaN or Inf at run {1} of {2} (the last run is finite)', name, h.nonFinite.run, g.runs),
          span: g.span,
        });
      }
      if (h?.vanished) {
        const when = g.runs > 1 ? t(' at run {0} of {1}', h.vanished.run, g.runs) : '';
        out.push({
          severity: 'warning',
          code: 'gradient-vanished',
          message: t('{0} vanished{1}: its norm is {2} of the norm of {3}', name, when, sci(h.vanished.ratio), r.label),
          span: g.span,
        });
      }
      if (h?.exploded) {
        out.push({
          severity: 'warning',
          code: 'gradient-exploded',
          message: t(
            '{0} exploded: its norm grew {1} times from its first value by run {2} of {3}',
            name,
            sci(h.exploded.growth),
            h.exploded.run,
            g.runs,
          ),
          span: g.span,
        });
      }
    }
  }
  return out.sort((a, b) => a.span.start.line - b.span.start.line || (a.span.cell ?? 0) - (b.span.cell ?? 0));
}
