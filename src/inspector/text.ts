/**
 * Text helpers shared by the model, the SVG renderer and the webview: escaping (every string that came from the
 * document goes through `esc` before it is put into markup), truncation, shapes, numbers, span labels.
 */
import type { NestedValue, Span } from '../protocol/report';

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for XML/HTML element content and attribute values (double- or single-quoted). */
export const esc = (s: unknown): string => String(s).replace(/[&<>"']/g, (c) => ESC[c]);

/** Cuts text to `max` characters with an ellipsis. */
export const clip = (s: string, max: number): string => (s.length <= max ? s : `${s.slice(0, Math.max(1, max - 1))}…`);

/** `(2, 2)`, `()`, `(3,)` as Python prints shapes. */
export const shapeText = (shape: readonly number[]): string =>
  shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;

/** 1-based line of a span for people (`line 29`). */
export const lineOf = (span: Span | undefined): number | undefined => (span ? span.start.line + 1 : undefined);

/** Where a span is, for people: `line 29`, `cell 3, line 2`. */
export function whereText(span: Span | undefined): string {
  if (!span) return '';
  const line = `line ${span.start.line + 1}`;
  return span.cell === undefined ? line : `cell ${span.cell + 1}, ${line}`;
}

/** Largest absolute value and the sign of that element in a nested value (NaN-safe); undefined when not numeric. */
export function magnitude(v: NestedValue | undefined): { mag: number; sign: number } | undefined {
  let mag = -1;
  let sign = 0;
  const visit = (x: NestedValue): void => {
    if (typeof x === 'number') {
      const a = Math.abs(x);
      if (Number.isFinite(a) && a > mag) {
        mag = a;
        sign = Math.sign(x);
      } else if (!Number.isFinite(a) && mag < Number.MAX_VALUE) {
        mag = Number.MAX_VALUE;
        sign = Number.isNaN(x) ? 0 : Math.sign(x);
      }
    } else if (typeof x === 'boolean') {
      if (mag < 0) mag = x ? 1 : 0;
    } else if (Array.isArray(x)) {
      for (const y of x) visit(y);
    }
  };
  if (v === undefined || v === null) return undefined;
  visit(v);
  return mag < 0 ? undefined : { mag, sign };
}

const NUMBER = /-?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?|-?inf|nan/gi;

/** Magnitude from a preview text when the full value was not embedded (`[0.12, -3.5, …] (1000)`). */
export function magnitudeOfPreview(preview: string): { mag: number; sign: number } | undefined {
  // A trailing `(1000)` element count is not a value.
  const text = preview.replace(/\)\s*$/, ')').replace(/…\]?\s*\(\d+\)\s*$/, '');
  let mag = -1;
  let sign = 0;
  for (const m of text.match(NUMBER) ?? []) {
    const lower = m.toLowerCase();
    const x = lower.endsWith('inf') ? (lower.startsWith('-') ? -Infinity : Infinity) : Number(m);
    if (Number.isNaN(x)) continue;
    const a = Number.isFinite(x) ? Math.abs(x) : Number.MAX_VALUE;
    if (a > mag) {
      mag = a;
      sign = Math.sign(x);
    }
  }
  return mag < 0 ? undefined : { mag, sign };
}

/** A nested value as NumPy-like text, one row per line for matrices (the details pane's full value). */
export function nestedText(v: NestedValue | undefined, indent = 0): string {
  if (v === undefined) return '';
  if (!Array.isArray(v)) return scalarText(v);
  if (v.length === 0) return '[]';
  if (!v.some(Array.isArray)) return `[${v.map(scalarText).join(', ')}]`;
  const pad = ' '.repeat(indent + 1);
  return `[${v.map((row, i) => (i === 0 ? '' : pad) + nestedText(row, indent + 1)).join(',\n')}]`;
}

function scalarText(x: NestedValue): string {
  if (typeof x === 'number') {
    if (Number.isNaN(x)) return 'nan';
    if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
    return Number.isInteger(x) ? String(x) : String(Number(x.toPrecision(8)));
  }
  if (typeof x === 'string') return JSON.stringify(x);
  if (typeof x === 'boolean') return x ? 'True' : 'False';
  if (x === null) return 'None';
  return String(x);
}
