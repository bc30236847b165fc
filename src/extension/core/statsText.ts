/**
 * A big tensor's counts, moments and heatmap, for lenses, hints and hovers: `1,000,000 elements · min -4.8 · …`
 * and a small image of a ≥ 2-D value. A tensor the report carries in full (at most 10,000 elements) gets the same,
 * computed here from its value, when it has at least `STATS_MIN_ELEMENTS` elements.
 */
import { flatNumbers, type Heatmap, heatmapDataUri, statsWithHeatmap } from '../../protocol/heatmap';
import type { TensorStats, ValueSummary } from '../../protocol/report';
import { type FormatOptions, formatNumber, isTensorLike } from './format';
import type { Translate } from './translate';

/** Tensors with fewer elements show their values; statistics would only repeat them. */
export const STATS_MIN_ELEMENTS = 16;

const numeric = (s: ValueSummary): boolean =>
  isTensorLike(s) && s.dtype !== 'string' && s.dtype !== undefined && !s.unseeded;
const count = (shape: readonly number[] | undefined): number => (shape ?? []).reduce((a, b) => a * b, 1);

/** The statistics of a tensor summary: the engine's for a big tensor, else from its full value when big enough. */
export function statsOf(s: ValueSummary): TensorStats | undefined {
  if (s.stats) return s.stats;
  if (!numeric(s) || s.value === undefined || count(s.shape) < STATS_MIN_ELEMENTS) return undefined;
  const data = flatNumbers(s.value);
  return statsWithHeatmap(s.shape ?? [], data);
}

/** The heatmap of a ≥ 2-D tensor summary (see `statsOf`), when both its rows and columns are more than one. */
export function heatmapOfSummary(s: ValueSummary): Heatmap | undefined {
  const h = statsOf(s)?.heatmap;
  return h && h.rows > 1 && h.cols > 1 ? h : undefined;
}

/** The heatmap as a Markdown image (about 128 px on its longer side); the alt text names what it shows. */
export function heatmapMarkdown(h: Heatmap, t: Translate): string {
  const cell = Math.max(2, Math.min(16, Math.floor(128 / Math.max(h.gridRows, h.gridCols))));
  const alt = t('heatmap, {0} × {1} blocks', h.gridRows, h.gridCols);
  return `![${alt}](${heatmapDataUri(h, cell)})`;
}

export function statsLine(s: TensorStats, fmt: FormatOptions, t: Translate): string {
  const num = (x: number) => formatNumber(x, fmt.precision);
  const parts = [s.count === 1 ? t('1 element') : t('{0} elements', s.count.toLocaleString('en-US'))];
  if (s.min !== undefined && s.max !== undefined) parts.push(`min ${num(s.min)}`, `max ${num(s.max)}`);
  if (s.mean !== undefined && s.std !== undefined) parts.push(`mean ${num(s.mean)}`, `std ${num(s.std)}`);
  parts.push(`${s.nan} NaN`, `${s.inf} Inf`);
  return parts.join(' · ');
}

/**
 * A big tensor in one lens line, in place of an elided preview: `(1000, 1000) float32 · 1,000,000 elements ·
 * min -4.8 · max 4.9 · mean 0 · std 1` (NaN and Inf counts only when there are any).
 */
export function bigValueText(s: ValueSummary, type: string, fmt: FormatOptions, t: Translate): string | undefined {
  if (!s.stats || s.value !== undefined) return undefined;
  const line = statsLine(s.stats, fmt, t)
    .split(' · ')
    .filter((p) => !/^0 (NaN|Inf)$/.test(p))
    .join(' · ');
  return type ? `${type} · ${line}` : line;
}
