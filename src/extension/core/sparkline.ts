/**
 * The hover's sparkline: a scalar's values over a loop's kept iterations as a small SVG image (a `data:` URI in the
 * Markdown), with min, max and last value and the iteration counts beside it.
 */
import type { ValueRecord, ValueSummary } from '../../protocol/report';
import { type FormatOptions, formatNumber } from './format';
import type { Translate } from './translate';

export interface SparkPoint {
  iteration: number;
  /** NaN for a sample that is not a finite number (nan, inf): a gap in the line. */
  value: number;
}

const NUMERIC = new Set(['tensor', 'variable', 'ndarray', 'int', 'float']);

/** The number a scalar summary holds (NaN for nan/inf), or undefined when it is not a numeric scalar. */
export function scalarValue(s: ValueSummary): number | undefined {
  if (!NUMERIC.has(s.kind) || (s.shape !== undefined && s.shape.length > 0)) return undefined;
  const v = s.value;
  if (typeof v === 'number') return Number.isFinite(v) ? v : Number.NaN;
  if (typeof v === 'string' && /^-?\d+$/.test(v)) return Number(v);
  if (v === 'nan' || v === 'inf' || v === '-inf') return Number.NaN;
  return undefined;
}

/** The points of a record's history, when every sample is a numeric scalar and there are at least two. */
export function sparkPoints(v: ValueRecord): SparkPoint[] | undefined {
  const h = v.history;
  if (!h || h.values.length < 2) return undefined;
  const out: SparkPoint[] = [];
  for (let i = 0; i < h.values.length; i++) {
    const x = scalarValue(h.values[i]);
    if (x === undefined) return undefined;
    out.push({ iteration: h.iterations[i], value: x });
  }
  return out;
}

const r2 = (x: number): string => String(Math.round(x * 100) / 100);

/**
 * An SVG polyline of the points, x by iteration, y scaled to the finite values' range; a gap at each non-finite
 * value, and a dot on the `selected` iteration's point.
 */
export function sparklineSvg(points: readonly SparkPoint[], selected?: number, width = 240, height = 48): string {
  const pad = 4;
  const finite = points.filter((p) => Number.isFinite(p.value));
  const first = points[0]?.iteration ?? 0;
  const lastIt = points[points.length - 1]?.iteration ?? 1;
  let lo = Math.min(...finite.map((p) => p.value));
  let hi = Math.max(...finite.map((p) => p.value));
  if (!finite.length) lo = hi = 0;
  if (hi === lo) {
    hi += 1;
    lo -= 1;
  }
  const x = (it: number) => pad + ((it - first) / Math.max(1, lastIt - first)) * (width - 2 * pad);
  const y = (v: number) => pad + (1 - (v - lo) / (hi - lo)) * (height - 2 * pad);
  const runs: string[][] = [[]];
  for (const p of points) {
    if (!Number.isFinite(p.value)) {
      if (runs[runs.length - 1].length) runs.push([]);
      continue;
    }
    runs[runs.length - 1].push(`${r2(x(p.iteration))},${r2(y(p.value))}`);
  }
  const lines = runs
    .filter((r) => r.length)
    .map((r) =>
      r.length === 1
        ? `<circle cx="${r[0].split(',')[0]}" cy="${r[0].split(',')[1]}" r="1.5" fill="#3794ff"/>`
        : `<polyline fill="none" stroke="#3794ff" stroke-width="1.5" points="${r.join(' ')}"/>`,
    );
  const dot = points.find((p) => p.iteration === selected && Number.isFinite(p.value));
  if (dot)
    lines.push(
      `<circle cx="${r2(x(dot.iteration))}" cy="${r2(y(dot.value))}" r="3" fill="#f5a623" stroke="#ffffff" stroke-width="1"/>`,
    );
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"><rect width="${width}" height="${height}" rx="3" fill="#8080801a"/>${lines.join('')}</svg>`;
}

/** Base64 of ASCII text (the SVG above is ASCII). */
function base64(text: string): string {
  const abc = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  let out = '';
  for (let i = 0; i < text.length; i += 3) {
    const a = text.charCodeAt(i);
    const b = i + 1 < text.length ? text.charCodeAt(i + 1) : Number.NaN;
    const c = i + 2 < text.length ? text.charCodeAt(i + 2) : Number.NaN;
    const n = (a << 16) | ((b || 0) << 8) | (c || 0);
    out += abc[(n >> 18) & 63] + abc[(n >> 12) & 63];
    out += Number.isNaN(b) ? '=' : abc[(n >> 6) & 63];
    out += Number.isNaN(c) ? '=' : abc[n & 63];
  }
  return out;
}

/** The SVG as a `data:` URI (base64: no character of it needs escaping in a Markdown link). */
export const svgDataUri = (svg: string): string => `data:image/svg+xml;base64,${base64(svg)}`;

/**
 * The hover's sparkline section for a scalar with a history: the image, then
 * `100 iterations, 51 kept · min 0.0013 · max 4 · last 0.0013`. Undefined when the record has no numeric history.
 */
export function sparklineMarkdown(
  v: ValueRecord,
  selected: number | undefined,
  fmt: FormatOptions,
  t: Translate,
): string | undefined {
  const points = sparkPoints(v);
  const h = v.history;
  if (!points || !h) return undefined;
  const finite = points.map((p) => p.value).filter(Number.isFinite);
  const num = (x: number) => formatNumber(x, fmt.precision);
  const last = points[points.length - 1].value;
  const parts = [
    h.count === points.length ? t('{0} iterations', h.count) : t('{0} iterations, {1} kept', h.count, points.length),
  ];
  if (finite.length) {
    parts.push(t('min {0}', num(Math.min(...finite))));
    parts.push(t('max {0}', num(Math.max(...finite))));
  }
  parts.push(t('last {0}', Number.isFinite(last) ? num(last) : formatNumber(Number.NaN, fmt.precision)));
  const alt = t('{0} over {1} iterations', v.label.replace(/[[\]\\]/g, ''), h.count);
  const image = `![${alt}](${svgDataUri(sparklineSvg(points, selected ?? points[points.length - 1].iteration))})`;
  return `${image}\n\n${parts.join(' · ')}`;
}
