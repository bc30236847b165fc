/**
 * Stage 4: the one-line summary of an explanation (`dz/dx = dz/dy · dy/dx = 1 · (2·y = 8) = 8`): symbols, then
 * factor values, then path values, then the total, each segment dropped when it repeats the one before; shortened
 * for a hover line by dropping the symbols, then the factors. Plus the summaries of calls not expanded step by step.
 */
import type { GradientPath } from '../../../protocol/report';

export interface SummaryInput {
  /** `dz/dx`. */
  lhs: string;
  /** The gradient as text. */
  total: string;
  /** Per path: the output_gradients its backward pass starts from, when the call gave them (a leading factor). */
  seeds?: readonly { symbol: string; value: string }[];
  /** Per path: every step and the contribution (stage 3). */
  paths: readonly GradientPath[];
  /** Per path: the factors as symbols, the shown steps' factor values, the indices of the shown steps. */
  symbolic: readonly string[];
  factorValues: readonly string[][];
  shownSteps: readonly number[][];
  /** More paths exist than are listed; how many in all. */
  truncated: boolean;
  pathCount: number;
  maxFactors: number;
  maxChars: number;
}

export function summarise(s: SummaryInput): string {
  const { lhs, total, paths, truncated, pathCount, maxFactors, maxChars } = s;
  const more = truncated ? ` + … (${countText(pathCount)} paths)` : '';
  const segments: string[] = [lhs];
  let factorSegment: string | undefined;
  const single = paths.length === 1 && !truncated ? s.shownSteps[0] : undefined;
  const seeds = s.seeds;
  if (single && single.length === 1) {
    // One factor: `dy/dx = 2·x = 2` (seeded: `v · dy/dx = v · 2·x = 3 · 2 = 6`).
    const step = paths[0].steps[single[0]];
    if (seeds) segments.push(`${seeds[0].symbol} · ${step.localFormula}`, `${seeds[0].value} · ${step.localValue}`);
    else segments.push(step.localFormula, step.localValue);
  } else {
    const symbolic = seeds ? s.symbolic.map((x, i) => `${seeds[i].symbol} · ${x}`) : s.symbolic;
    const values = seeds ? s.factorValues.map((vals, i) => [seeds[i].value, ...vals]) : s.factorValues;
    segments.push(symbolic.join(' + ') + more);
    factorSegment = factorLine(values, maxFactors, false) + (truncated ? ' + …' : '');
    segments.push(factorSegment);
    if (paths.length > 1 || truncated)
      segments.push(paths.map((p) => p.contribution).join(' + ') + (truncated ? ' + …' : ''));
  }
  segments.push(total);
  const full = segments.filter((x, i) => i === 0 || x !== segments[i - 1]);
  // Too long for a hover line: drop the formulas, then the factors (the steps stay in `paths`).
  let parts = full;
  while (parts.length > 3 && parts.join(' = ').length > maxChars) parts = [parts[0], ...parts.slice(2)];
  if (parts !== full && factorSegment !== undefined && parts[1] === factorSegment) {
    // The symbols are gone, so no factor needs its place kept: the `1`s (a seed, a pass-through step of a recorded
    // gradient computation) are only noise, as in a second derivative's paths.
    const values = seeds ? s.factorValues.map((vals, i) => [seeds[i].value, ...vals]) : s.factorValues;
    const bare = factorLine(values, maxFactors, true) + (truncated ? ' + …' : '');
    parts = [parts[0], bare, ...parts.slice(2)].filter((p, i, all) => i === 0 || p !== all[i - 1]);
  }
  let summary = parts.join(' = ');
  if (summary.length > maxChars) summary = `${lhs} = ${total}`;
  if (parts !== full || summary.length > maxChars) {
    summary +=
      pathCount > 1
        ? ` (the sum over ${countText(pathCount)} paths; see the steps)`
        : ` (a chain of ${paths[0].steps.length} steps; see the steps)`;
  }
  return summary;
}

/** `one path` / `3 paths`. */
export const pathsText = (n: number): string => (n === 1 ? 'one path' : `${countText(n)} paths`);

/** The paths' factor products joined by `+` (`withoutOnes`: bare `1` factors left out). */
export function factorLine(paths: readonly string[][], maxFactors: number, withoutOnes: boolean): string {
  return paths
    .map((vals) => elide(withoutOnes ? vals.filter((v) => v !== '1') : vals, maxFactors).join(' · ') || '1')
    .join(' + ');
}

/** `(2·y = 8)`, or just `1` when the formula is the value. */
export function factor(formula: string, value: string): string {
  return formula.replace(/−/g, '-') === value ? value : `(${formula} = ${value})`;
}

/** At most `max` parts: the first three, `…`, the last two. */
export function elide(parts: string[], max: number): string[] {
  if (parts.length <= max) return parts;
  return [...parts.slice(0, 3), '…', ...parts.slice(parts.length - 2)];
}

/** A count with thousands separators (`12,345`); past 10¹² `more than 10¹²`. */
export function countText(n: number): string {
  if (n >= 1e12) return 'more than 10¹²';
  // As `toLocaleString('en-US')` for integers, without its cost (ICU, ≈ 0.5 ms a call).
  return Number.isSafeInteger(n) && n >= 0 ? String(n).replace(/\B(?=(\d{3})+$)/g, ',') : n.toLocaleString('en-US');
}
