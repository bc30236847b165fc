/**
 * Compact one-line previews for editor UI (CodeLens, inlay hints, inspector nodes): `8`, `[[8, 8], [8, 8]]`,
 * `[0.12, 0.5, …] (1000)`. Not a TF or NumPy format: numbers keep at most `precision` significant digits,
 * integral floats drop the `.0`, and the text never exceeds `maxChars`.
 */
import { type DType, isInt } from './dtype';
import { type NDArrayLike, pyBytesRepr } from './formatArray';
import { shortestDigits } from './formatFloat';
import { sizeOf, stridesOf } from './shape';

export interface PreviewOptions {
  /** Hard limit on the length of the result (default 60, at least 1). */
  maxChars?: number;
  /** Significant digits kept for floats (default 4). */
  precision?: number;
}

const ELLIPSIS = '…';

/** A number trimmed to `precision` significant digits: `0.1235`, `8`, `1.5e-05`, `1e+09`, `nan`, `-inf`. */
export function previewNumber(v: number, dtype: DType, precision = 4): string {
  if (dtype === 'bool') return v ? 'True' : 'False';
  if (Number.isNaN(v)) return 'nan';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  if (isInt(dtype)) return String(v);
  if (v === 0) return Object.is(v, -0) ? '-0' : '0';
  // Start from the digits the dtype would print, so float32 0.1 previews as 0.1 and not 0.1000000015.
  const { digits, exp } = shortestDigits(v, dtype === 'float32' || dtype === 'float16' ? dtype : 'float64');
  const p = Math.max(1, Math.floor(precision));
  let kept = digits;
  let e = exp;
  const rounded = kept.length > p;
  if (rounded) {
    kept = String(Math.round(Number(`${kept.slice(0, p)}.${kept.slice(p)}`)));
    if (kept.length > p) {
      kept = kept.slice(0, p);
      e += 1;
    }
  }
  kept = kept.replace(/0+$/, '') || '0';
  const sign = v < 0 ? '-' : '';
  if (e >= 6 || e < -4 || (rounded && e >= p)) {
    const mant = kept.length > 1 ? `${kept[0]}.${kept.slice(1)}` : kept;
    return `${sign}${mant}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
  }
  if (e < 0) return `${sign}0.${'0'.repeat(-e - 1)}${kept}`;
  if (kept.length <= e + 1) return sign + kept + '0'.repeat(e + 1 - kept.length);
  return `${sign}${kept.slice(0, e + 1)}.${kept.slice(e + 1)}`;
}

function previewElement(a: NDArrayLike, i: number, precision: number): string {
  if (a.dtype === 'string') {
    const s = (a.data as string[])[i];
    return pyBytesRepr(s);
  }
  return previewNumber((a.data as ArrayLike<number>)[i], a.dtype, precision);
}

/**
 * Render with at most `k` items per axis; returns null as soon as the text would pass `limit` characters,
 * so a huge tensor costs O(limit), not O(size).
 */
function render(a: NDArrayLike, k: number, limit: number, precision: number): { text: string; cut: boolean } | null {
  const { shape } = a;
  const strides = stridesOf(shape);
  let out = '';
  let cut = false;
  const emit = (s: string): boolean => {
    out += s;
    return out.length <= limit;
  };
  const walk = (axis: number, base: number): boolean => {
    if (axis === shape.length) return emit(previewElement(a, base, precision));
    if (!emit('[')) return false;
    const n = shape[axis];
    const shown = Math.min(n, k);
    for (let i = 0; i < shown; i++) {
      if (i > 0 && !emit(', ')) return false;
      if (!walk(axis + 1, base + i * strides[axis])) return false;
    }
    if (shown < n) {
      cut = true;
      if (!emit(shown > 0 ? `, ${ELLIPSIS}` : ELLIPSIS)) return false;
    }
    return emit(']');
  };
  return walk(0, 0) ? { text: out, cut } : null;
}

/** A short text for a tensor's value that fits in `maxChars` (see module doc). */
export function previewValue(a: NDArrayLike, opts: PreviewOptions = {}): string {
  const maxChars = Math.max(1, Math.floor(opts.maxChars ?? 60));
  const precision = opts.precision ?? 4;
  const size = sizeOf(a.shape);
  const clip = (s: string) => (s.length <= maxChars ? s : `${s.slice(0, maxChars - 1)}${ELLIPSIS}`);
  if (a.shape.length === 0) return clip(previewElement(a, 0, precision));
  if (size === 0) return clip(`[] ${a.shape.length === 1 ? '(0)' : `(${a.shape.join(', ')})`}`);
  const suffix = ` (${size})`;
  const fits = (k: number): string | null => {
    const r = render(a, k, maxChars, precision);
    if (!r) return null;
    if (!r.cut) return r.text;
    return r.text.length + suffix.length <= maxChars ? r.text + suffix : null;
  };
  // Everything, if it fits; otherwise the most items per axis that fit (more items never make it shorter).
  const maxDim = Math.max(...a.shape);
  const whole = fits(maxDim);
  if (whole !== null) return whole;
  let lo = 1;
  let hi = Math.min(maxDim - 1, Math.ceil(maxChars / 2));
  let best: string | null = null;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const t = fits(mid);
    if (t !== null) {
      best = t;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  if (best !== null) return best;
  const zero = fits(0);
  if (zero !== null) return zero;
  return clip((render(a, 1, 100_000, precision)?.text ?? '[…]') + suffix);
}
