/**
 * NumPy's `array2string`, `str(ndarray)` and `repr(ndarray)` under the run's print options (NumPy's defaults:
 * precision=8, threshold=1000, edgeitems=3, linewidth=75, suppress=False, floatmode='maxprec', sign='-',
 * legacy=False, until `np.set_printoptions` changes them). The rules (FloatingFormat.fillFormat, _formatArray, _extendLine, array_repr's dtype
 * placement) are NumPy's; the code is ours.
 *
 * TF's `tensor.numpy()` maps dtypes to NumPy as: float32/float64/int32/int64/bool to the same NumPy dtype,
 * and `string` to an `object` array of `bytes` (`array([b'a', b'bc'], dtype=object)`).
 */
import { type Data, type DType, f16round } from './dtype';
import {
  type FloatKind,
  formatFloat16Shortest,
  formatFloat32Shortest,
  formatFloat64Shortest,
  positional,
  pyFloatRepr,
  scientific,
} from './formatFloat';
import type { Shape } from './shape';
import { shapeTuple, sizeOf, stridesOf } from './shape';
import { elementBytes } from './stringBytes';

export type FloatMode = 'fixed' | 'unique' | 'maxprec' | 'maxprec_equal';

export interface PrintOptions {
  precision: number;
  threshold: number;
  edgeitems: number;
  linewidth: number;
  suppress: boolean;
  floatmode: FloatMode;
  sign: '-' | '+' | ' ';
  nanstr: string;
  infstr: string;
}

export const DEFAULT_PRINT_OPTIONS: Readonly<PrintOptions> = Object.freeze({
  precision: 8,
  threshold: 1000,
  edgeitems: 3,
  linewidth: 75,
  suppress: false,
  floatmode: 'maxprec',
  sign: '-',
  nanstr: 'nan',
  infstr: 'inf',
});

/** What `np.set_printoptions` set in this run (NumPy's defaults at its start); TF's tensor text follows it too. */
let current: Readonly<PrintOptions> = DEFAULT_PRINT_OPTIONS;

export function printOptions(): Readonly<PrintOptions> {
  return current;
}

/** Replaces the run's print options (`np.set_printoptions`, the end of `with np.printoptions(...)`). */
export function setPrintOptions(o: Readonly<PrintOptions>): void {
  current = o === DEFAULT_PRINT_OPTIONS ? o : Object.freeze({ ...o });
}

/** The array as NumPy sees it: dtype, shape and row-major data (what `Tensor` holds). */
export interface NDArrayLike {
  readonly dtype: DType;
  readonly shape: Shape;
  readonly data: Data;
}

/** `dtype.name` of the NumPy array TF hands out for a tensor of this dtype. */
export function numpyDTypeName(d: DType): string {
  return d === 'string' ? 'object' : d;
}

/** NumPy omits `dtype=` in a repr for the default types: float64, int64 (on Linux/macOS) and bool. */
function dtypeIsImplied(d: DType): boolean {
  return d === 'float64' || d === 'int64' || d === 'bool';
}

// ---------------------------------------------------------------------------------------------------------
// Python text of single values

/** CPython `repr(bytes)` of a string element's bytes (`stringBytes.ts`): `b'abc'`, `b"it's"`, `b'\xc3\xa9'`. */
export function pyBytesRepr(s: string): string {
  const bytes = elementBytes(s);
  let hasSingle = false;
  let hasDouble = false;
  for (const b of bytes) {
    if (b === 0x27) hasSingle = true;
    else if (b === 0x22) hasDouble = true;
  }
  const quote = hasSingle && !hasDouble ? '"' : "'";
  let out = `b${quote}`;
  for (const b of bytes) {
    const ch = String.fromCharCode(b);
    if (ch === quote || ch === '\\') out += `\\${ch}`;
    else if (b === 0x09) out += '\\t';
    else if (b === 0x0a) out += '\\n';
    else if (b === 0x0d) out += '\\r';
    else if (b < 0x20 || b >= 0x7f) out += `\\x${b.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return out + quote;
}

/**
 * `str()` of the NumPy scalar TF returns for a 0-d tensor (`t.numpy()`): `3.0`, `4`, `True`, `b'abc'` (NumPy 1.x
 * printed its `repr()` the same way; see `numpyScalarTypedRepr` for NumPy 2's).
 */
export function numpyScalarRepr(v: number | string | boolean, dtype: DType): string {
  if (dtype === 'string') return pyBytesRepr(String(v));
  if (dtype === 'bool') return v === true || (typeof v === 'number' && v !== 0) ? 'True' : 'False';
  const n = Number(v);
  if (dtype === 'float32') return formatFloat32Shortest(n);
  if (dtype === 'float64') return formatFloat64Shortest(n);
  if (dtype === 'float16') return formatFloat16Shortest(n);
  return intText(n);
}

/**
 * `repr()` of a NumPy scalar as NumPy 2 (TF 2.21's) writes it: `np.float32(3.0)`, `np.int64(4)`, `np.True_`,
 * `np.bytes_(b'abc')` — what a list of `t.numpy()` values prints.
 */
export function numpyScalarTypedRepr(v: number | string | boolean, dtype: DType): string {
  if (dtype === 'string') return `np.bytes_(${pyBytesRepr(String(v))})`;
  if (dtype === 'bool') return v === true || (typeof v === 'number' && v !== 0) ? 'np.True_' : 'np.False_';
  return `np.${dtype}(${numpyScalarRepr(v, dtype)})`;
}

function intText(n: number): string {
  return Number.isSafeInteger(n) ? String(n) : BigInt(Math.trunc(n)).toString();
}

// ---------------------------------------------------------------------------------------------------------
// Element formatters (NumPy's FloatingFormat, IntegerFormat, BoolFormat, object repr)

type ElementFormatter = (i: number) => string;

class FloatingFormat {
  private expFormat = false;
  private padLeft = 0;
  private padRight = 0;
  private precision: number;
  private minDigits = -1;
  private trim: '.' | 'k' = '.';
  private unique = true;
  private expSize = -1;

  constructor(
    values: readonly number[],
    private readonly kind: FloatKind,
    private readonly opt: PrintOptions,
  ) {
    this.precision = opt.floatmode === 'unique' ? -1 : opt.precision;
    this.fill(values);
  }

  private fill(values: readonly number[]): void {
    const { opt, kind } = this;
    const finite = values.filter(Number.isFinite);
    let maxAbs = 0;
    let minAbs = Number.POSITIVE_INFINITY;
    for (const v of finite) {
      const a = Math.abs(v);
      if (a === 0) continue;
      if (a > maxAbs) maxAbs = a;
      if (a < minAbs) minAbs = a;
    }
    if (maxAbs > 0) {
      // `max / min` is computed in the array's dtype; the comparisons with Python floats in float64.
      const ratio =
        kind === 'float32'
          ? Math.fround(maxAbs / minAbs)
          : kind === 'float16'
            ? f16round(maxAbs / minAbs)
            : maxAbs / minAbs;
      // NumPy 2.x's cutoff is 10^min(8, precision): 1e3 for float16.
      if (maxAbs >= (kind === 'float16' ? 1e3 : 1e8) || (!opt.suppress && (minAbs < 0.0001 || ratio > 1000)))
        this.expFormat = true;
    }
    const plus = opt.sign === '+';
    if (finite.length === 0) {
      this.padLeft = 0;
      this.padRight = 0;
      this.trim = '.';
      this.expSize = -1;
      this.unique = true;
      this.minDigits = -1;
    } else if (this.expFormat) {
      const fixed = opt.floatmode === 'fixed';
      const unique = !fixed;
      const trim = fixed ? 'k' : '.';
      let intLen = 0;
      let fracLen = 0;
      let expLen = 0;
      for (const v of finite) {
        const s = scientific(v, kind, { precision: this.precision, unique, trim, sign: plus });
        const e = s.indexOf('e');
        const dot = s.indexOf('.');
        intLen = Math.max(intLen, dot);
        fracLen = Math.max(fracLen, e - dot - 1);
        expLen = Math.max(expLen, s.length - e - 1);
      }
      this.expSize = expLen - 1;
      this.trim = 'k';
      this.precision = fracLen;
      this.minDigits = fracLen;
      this.unique = unique;
      this.padLeft = intLen;
      this.padRight = this.expSize + 2 + this.precision;
    } else {
      const fixed = opt.floatmode === 'fixed';
      const unique = !fixed;
      const trim = fixed ? 'k' : '.';
      let intLen = 0;
      let fracLen = 0;
      for (const v of finite) {
        const s = positional(v, kind, { precision: this.precision, fractional: true, unique, trim, sign: plus });
        const dot = s.indexOf('.');
        intLen = Math.max(intLen, dot);
        fracLen = Math.max(fracLen, s.length - dot - 1);
      }
      this.padLeft = intLen;
      this.padRight = fracLen;
      this.expSize = -1;
      this.unique = unique;
      if (opt.floatmode === 'fixed' || opt.floatmode === 'maxprec_equal') {
        this.precision = this.minDigits = this.padRight;
        this.trim = 'k';
      } else {
        this.trim = '.';
        this.minDigits = 0;
      }
    }
    if (opt.sign === ' ' && !finite.some((v) => v < 0 || Object.is(v, -0))) this.padLeft += 1;
    if (finite.length !== values.length) {
      const negInf = opt.sign !== '-' || values.some((v) => v === Number.NEGATIVE_INFINITY);
      const offset = this.padRight + 1;
      this.padLeft = Math.max(this.padLeft, opt.nanstr.length - offset, opt.infstr.length + (negInf ? 1 : 0) - offset);
    }
  }

  format(x: number): string {
    const { opt } = this;
    if (!Number.isFinite(x)) {
      const text = Number.isNaN(x)
        ? (opt.sign === '+' ? '+' : '') + opt.nanstr
        : (x < 0 ? '-' : opt.sign === '+' ? '+' : '') + opt.infstr;
      return text.padStart(this.padLeft + this.padRight + 1);
    }
    if (this.expFormat) {
      return scientific(x, this.kind, {
        precision: this.precision,
        minDigits: this.minDigits,
        unique: this.unique,
        trim: this.trim,
        sign: opt.sign === '+',
        padLeft: this.padLeft,
        expDigits: this.expSize,
      });
    }
    return positional(x, this.kind, {
      precision: this.precision,
      minDigits: this.minDigits,
      unique: this.unique,
      fractional: true,
      trim: this.trim,
      sign: opt.sign === '+',
      padLeft: this.padLeft,
      padRight: this.padRight,
    });
  }
}

/** The formatter for an array, fitted to `sample` (all elements, or the summary's corner elements). */
function elementFormatter(a: NDArrayLike, sample: readonly number[], opt: PrintOptions): ElementFormatter {
  const { dtype, data } = a;
  switch (dtype) {
    case 'float16':
    case 'float32':
    case 'float64': {
      const vals = sample.map((i) => (data as ArrayLike<number>)[i]);
      const ff = new FloatingFormat(vals, dtype, opt);
      return (i) => ff.format((data as ArrayLike<number>)[i]);
    }
    case 'int8':
    case 'int16':
    case 'int32':
    case 'int64':
    case 'uint8':
    case 'uint16': {
      let width = 0;
      if (sample.length > 0) {
        let max = Number.NEGATIVE_INFINITY;
        let min = Number.POSITIVE_INFINITY;
        for (const i of sample) {
          const v = (data as ArrayLike<number>)[i];
          if (v > max) max = v;
          if (v < min) min = v;
        }
        width = Math.max(intText(max).length, intText(min).length);
      }
      return (i) => intText((data as ArrayLike<number>)[i]).padStart(width);
    }
    case 'bool': {
      const trueText = a.shape.length === 0 ? 'True' : ' True';
      return (i) => ((data as ArrayLike<number>)[i] ? trueText : 'False');
    }
    case 'string':
      return (i) => pyBytesRepr((data as string[])[i]);
  }
}

// ---------------------------------------------------------------------------------------------------------
// Layout (NumPy's _leading_trailing, _formatArray, _extendLine)

/** Flat indices of the elements a summary shows: the first and last `edge` along every long axis. */
function cornerIndices(shape: Shape, edge: number): number[] {
  const strides = stridesOf(shape);
  const out: number[] = [];
  const walk = (axis: number, base: number): void => {
    if (axis === shape.length) {
      out.push(base);
      return;
    }
    const n = shape[axis];
    const step = strides[axis];
    if (n > 2 * edge) {
      for (let i = 0; i < edge; i++) walk(axis + 1, base + i * step);
      for (let i = n - edge; i < n; i++) walk(axis + 1, base + i * step);
    } else for (let i = 0; i < n; i++) walk(axis + 1, base + i * step);
  };
  walk(0, 0);
  return out;
}

function extendLine(s: string, line: string, word: string, width: number, nextLinePrefix: string): [string, string] {
  // Wrap when the word would overflow, unless the line holds nothing but the indent (wrapping cannot help).
  if (line.length + word.length > width && line.length > nextLinePrefix.length) {
    return [`${s}${line.trimEnd()}\n`, nextLinePrefix + word];
  }
  return [s, line + word];
}

function layout(
  shape: Shape,
  fmt: ElementFormatter,
  lineWidth: number,
  nextLinePrefix: string,
  separator: string,
  edge: number,
  summaryInsert: string,
): string {
  const strides = stridesOf(shape);
  const ndim = shape.length;
  const sepTrim = separator.trimEnd();
  const recurse = (axis: number, base: number, hanging: string, width: number): string => {
    if (axis === ndim) return fmt(base);
    const nextHanging = `${hanging} `;
    const nextWidth = width - 1;
    const n = shape[axis];
    const step = strides[axis];
    const summary = summaryInsert !== '' && 2 * edge < n;
    const leading = summary ? edge : 0;
    const trailing = summary ? edge : n;
    const child = (i: number) => recurse(axis + 1, base + i * step, nextHanging, nextWidth);
    let s = '';
    if (ndim - axis === 1) {
      const elemWidth = width - Math.max(sepTrim.length, 1);
      let line = hanging;
      for (let i = 0; i < leading; i++) {
        [s, line] = extendLine(s, line, child(i), elemWidth, hanging);
        line += separator;
      }
      if (summary) {
        [s, line] = extendLine(s, line, summaryInsert, elemWidth, hanging);
        line += separator;
      }
      for (let i = trailing; i > 1; i--) {
        [s, line] = extendLine(s, line, child(n - i), elemWidth, hanging);
        line += separator;
      }
      [s, line] = extendLine(s, line, child(n - 1), elemWidth, hanging);
      s += line;
    } else {
      const lineSep = sepTrim + '\n'.repeat(ndim - axis - 1);
      for (let i = 0; i < leading; i++) s += hanging + child(i) + lineSep;
      if (summary) s += hanging + summaryInsert + lineSep;
      for (let i = trailing; i > 1; i--) s += hanging + child(n - i) + lineSep;
      s += hanging + child(n - 1);
    }
    return `[${s.slice(hanging.length)}]`;
  };
  return recurse(0, 0, nextLinePrefix, lineWidth);
}

export interface Array2StringOptions {
  separator?: string;
  /** Text printed before the array; its length indents continuation lines. */
  prefix?: string;
  /** Text printed after the array; its length shortens the usable line width. */
  suffix?: string;
  options?: Partial<PrintOptions>;
}

/** `np.array2string(a, separator=..., prefix=..., suffix=...)`. */
export function array2string(a: NDArrayLike, o: Array2StringOptions = {}): string {
  const opt: PrintOptions = { ...current, ...o.options };
  const separator = o.separator ?? ' ';
  const prefix = o.prefix ?? '';
  const lineWidth = opt.linewidth - (o.suffix ?? '').length;
  const size = sizeOf(a.shape);
  if (size === 0) return '[]';
  let summaryInsert = '';
  let sample: number[];
  if (size > opt.threshold) {
    summaryInsert = '...';
    sample = cornerIndices(a.shape, opt.edgeitems);
  } else {
    sample = Array.from({ length: size }, (_, i) => i);
  }
  const fmt = elementFormatter(a, sample, opt);
  return layout(a.shape, fmt, lineWidth, ' '.repeat(1 + prefix.length), separator, opt.edgeitems, summaryInsert);
}

/** The NumPy scalar a 0-d array holds, as `str()`/`repr()` print it (NumPy 1.x). */
function scalarOf(a: NDArrayLike): string {
  const v = a.data[0];
  return numpyScalarRepr(v, a.dtype);
}

/** `str(ndarray)`: `[1.5 2. ]`, `[[1 2]\n [3 4]]`; a 0-d array prints as its scalar (`6.0`). */
export function ndarrayStr(a: NDArrayLike, options?: Partial<PrintOptions>): string {
  if (a.shape.length === 0) return scalarOf(a);
  return array2string(a, { separator: ' ', prefix: '', options });
}

/**
 * `repr(ndarray)`: `array([[1., 2.],\n       [3., 4.]], dtype=float32)`; `array([], shape=(0, 2), dtype=float32)`;
 * a 0-d array is `array(3., dtype=float32)`.
 */
export function ndarrayRepr(a: NDArrayLike, options?: Partial<PrintOptions>): string {
  const opt: PrintOptions = { ...current, ...options };
  const size = sizeOf(a.shape);
  const skipDType = dtypeIsImplied(a.dtype) && size > 0;
  const prefix = 'array(';
  const suffix = skipDType ? ')' : ',';
  const body =
    size > 0 || (a.shape.length === 1 && a.shape[0] === 0)
      ? array2string(a, { separator: ', ', prefix, suffix, options: opt })
      : `[], shape=${shapeTuple(a.shape)}`;
  const text = prefix + body + suffix;
  if (skipDType) return text;
  const dtypeText = `dtype=${numpyDTypeName(a.dtype)})`;
  const lastLine = text.length - (text.lastIndexOf('\n') + 1);
  const spacer = lastLine + dtypeText.length + 1 > opt.linewidth ? `\n${' '.repeat(prefix.length)}` : ' ';
  return text + spacer + dtypeText;
}

/** `t.numpy()` text inside TF reprs: a NumPy scalar for 0-d tensors, else the array's `str`/`repr`. */
export function numpyText(a: NDArrayLike, isRepr: boolean): string {
  // TF's repr of a float16 scalar shows the Python float it holds (`numpy=0.0999755859375`).
  if (a.shape.length === 0 && isRepr && a.dtype === 'float16') return pyFloatRepr(a.data[0] as number);
  if (a.shape.length === 0) return scalarOf(a);
  return isRepr ? ndarrayRepr(a) : ndarrayStr(a);
}
