/** Summaries of a report: the Compute notification, the output channel listing, the language status. */
import type { RunReport, Span } from '../../protocol/report';
import { type FormatOptions, formatPreview, formatType } from './format';
import { resultName, unknownGradientText, unknownText } from './lensText';
import type { Translate } from './translate';

export interface Counts {
  tapes: number;
  gradients: number;
  assertsPassed: number;
  assertsFailed: number;
  /** Asserts that never failed but whose test was unknown at least once: not checked. */
  assertsUnchecked: number;
  errors: number;
  warnings: number;
}

export function counts(r: RunReport): Counts {
  return {
    tapes: r.tapes.length,
    gradients: r.gradients.length,
    assertsPassed: r.asserts.filter((a) => a.passed && !a.unchecked).length,
    assertsFailed: r.asserts.filter((a) => !a.passed).length,
    assertsUnchecked: r.asserts.filter((a) => a.passed && a.unchecked).length,
    errors: r.diagnostics.filter((d) => d.severity === 'error').length,
    warnings: r.diagnostics.filter((d) => d.severity === 'warning').length,
  };
}

const plural = (t: Translate, n: number, one: string, many: string) => (n === 1 ? t(one, n) : t(many, n));

/** `3 tapes · 6 gradients · 7 asserts passed · 1 error` */
export function countsText(c: Counts, t: Translate): string {
  const parts = [plural(t, c.tapes, '{0} tape', '{0} tapes'), plural(t, c.gradients, '{0} gradient', '{0} gradients')];
  const asserts = c.assertsPassed + c.assertsFailed + c.assertsUnchecked;
  if (asserts) parts.push(t('{0}/{1} asserts passed', c.assertsPassed, asserts));
  if (c.assertsUnchecked) parts.push(t('{0} not checked (unknown values)', c.assertsUnchecked));
  if (c.errors) parts.push(plural(t, c.errors, '{0} error', '{0} errors'));
  if (c.warnings) parts.push(plural(t, c.warnings, '{0} warning', '{0} warnings'));
  return parts.join(' · ');
}

/** Where a span is, for a human: `line 32` or `cell 4, line 3` (both 1-based). */
export function placeText(span: Span, t: Translate): string {
  return span.cell === undefined
    ? t('line {0}', span.start.line + 1)
    : t('cell {0}, line {1}', span.cell + 1, span.start.line + 1);
}

/** The output channel's listing of one run, like the CLI prints it. */
export function reportLines(r: RunReport, fmt: FormatOptions, t: Translate): string[] {
  const out: string[] = [];
  for (const g of r.gradients) {
    if (g.unknown !== undefined) {
      out.push(`${placeText(g.span, t)}: ${unknownGradientText(g, t)}`);
      continue;
    }
    for (const res of g.results) {
      const value =
        res.result && res.result.kind !== 'none'
          ? `${formatPreview(res.result, fmt)} ${formatType(res.result)}`
          : `None (${res.none?.message ?? ''})`;
      out.push(`${placeText(g.span, t)}: ${resultName(g, res)} = ${value}`);
    }
  }
  for (const a of r.asserts)
    if (!a.passed) out.push(`${placeText(a.span, t)}: AssertionError ${a.message ?? ''}`.trimEnd());
    else if (a.unchecked) out.push(`${placeText(a.span, t)}: ${t('assert not checked')}: ${unknownText(a.unknown, t)}`);
  for (const d of r.diagnostics) out.push(`${placeText(d.span, t)}: ${d.severity}: ${d.message}`);
  for (const p of r.prints) out.push(`${placeText(p.span, t)}: print → ${p.text.trimEnd()}`);
  if (r.stopped) out.push(t('stopped early: {0}', r.stopped.message));
  return out;
}
