/**
 * Number, value and shape formatting for lenses, hints and hovers. Values come from the report's `ValueSummary`:
 * when the full value is there (small tensors) it is formatted with the user's `numberPrecision`; otherwise the
 * engine's own preview is used.
 */
import type { NestedValue, ValueSummary } from '../../protocol/report';

export interface FormatOptions {
  /** Digits after the decimal point (trailing zeros are dropped), like NumPy's `precision`. */
  precision: number;
  /** Longest preview; longer ones end in `…` with their brackets closed. */
  maxChars: number;
}

const FLOAT = /^(float|bfloat|half|double|complex)/;
export const isFloatDtype = (dtype?: string): boolean => dtype !== undefined && FLOAT.test(dtype);

/** `8`, `0.3333`, `1.5e-7`, `nan`, `inf`, `True`. `scalarFloat` keeps Python's `4.0` for a float scalar. */
export function formatNumber(x: NestedValue, precision: number, scalarFloat = false): string {
  if (typeof x === 'boolean') return x ? 'True' : 'False';
  if (x === null) return 'None';
  if (typeof x === 'string') return `'${x}'`;
  if (Array.isArray(x)) return '[…]';
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  const abs = Math.abs(x);
  let s: string;
  if (abs !== 0 && (abs >= 1e16 || abs < 10 ** -precision)) {
    s = x.toExponential(Math.max(0, precision)).replace(/\.?0+e/, 'e');
  } else {
    s = x.toFixed(Math.max(0, Math.min(precision, 20)));
    if (s.includes('.')) s = s.replace(/\.?0+$/, '');
    if (s === '-0') s = '0';
  }
  if (scalarFloat && /^-?\d+$/.test(s)) s += '.0';
  return s;
}

function nested(v: NestedValue, precision: number): string {
  if (!Array.isArray(v)) return formatNumber(v, precision);
  return `[${v.map((e) => nested(e, precision)).join(', ')}]`;
}

/** Cuts `text` at an element boundary before `maxChars`, then closes the open brackets: `[[0.1, 0.2, …]]`. */
export function truncateNested(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  let cut = text.lastIndexOf(', ', Math.max(1, maxChars - 3));
  if (cut <= 0) cut = Math.max(1, maxChars - 3);
  const head = text.slice(0, cut);
  let depth = 0;
  for (const ch of head) depth += ch === '[' ? 1 : ch === ']' ? -1 : 0;
  return `${head}${head.endsWith('[') ? '' : ', '}…${']'.repeat(Math.max(0, depth))}`;
}

export function formatNested(v: NestedValue, opts: FormatOptions, scalarFloat = false): string {
  if (!Array.isArray(v)) return formatNumber(v, opts.precision, scalarFloat);
  return truncateNested(nested(v, opts.precision), opts.maxChars);
}

/** Python tuple notation: `(2, 2)`, `(3,)`, `()`. */
export function formatShape(shape: readonly number[] | undefined): string {
  if (!shape) return '';
  if (shape.length === 1) return `(${shape[0]},)`;
  return `(${shape.join(', ')})`;
}

const TENSORLIKE = new Set(['tensor', 'variable', 'ndarray', 'indexed_slices']);
export const isTensorLike = (s: ValueSummary): boolean => TENSORLIKE.has(s.kind);

/** The value in one line: the full value formatted when present, else the engine's preview; capped. */
export function formatPreview(s: ValueSummary, opts: FormatOptions): string {
  if (s.value !== undefined && s.kind !== 'str') {
    const scalarFloat = isFloatDtype(s.dtype) || s.kind === 'float';
    return formatNested(s.value, opts, scalarFloat && !Array.isArray(s.value));
  }
  const p = s.preview.replace(/\s*\n\s*/g, ' ');
  return p.length <= opts.maxChars ? p : truncateNested(p, opts.maxChars);
}

/** `(2, 2) float32` for tensors (`(2, 2) float32 variable` for variables); the kind for anything else. */
export function formatType(s: ValueSummary): string {
  if (isTensorLike(s)) {
    const parts = [formatShape(s.shape ?? []), s.dtype ?? ''];
    if (s.kind === 'variable') parts.push('variable');
    else if (s.kind === 'ndarray') parts.push('ndarray');
    return parts.filter(Boolean).join(' ');
  }
  return s.kind;
}

/** The full value as a Python literal (nested lists, full precision), for "Copy full value"; else the repr. */
export function fullValueText(s: ValueSummary): string {
  if (s.value === undefined || s.kind === 'str') return s.repr;
  const lit = (v: NestedValue): string =>
    Array.isArray(v)
      ? `[${v.map(lit).join(', ')}]`
      : typeof v === 'number'
        ? Number.isNaN(v)
          ? 'nan'
          : Number.isFinite(v)
            ? String(v)
            : v > 0
              ? 'inf'
              : '-inf'
        : formatNumber(v, 17);
  return lit(s.value);
}
