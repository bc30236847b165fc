/**
 * Exact decimal printing of binary floats, as NumPy and CPython print them.
 *
 * `dragon4` follows the algorithm NumPy uses (Steele & White / Burger & Dybvig "free format" with NumPy's
 * changes: the digit-exponent estimate offset by 0.69, a carry pass for a rounded-up 9, IEEE unbiased
 * rounding with the `isEven` margin rule, cut-offs by fraction or total length, and a minimum digit count).
 * Arithmetic is exact (BigInt), so float32 values get the shortest digits that round-trip *in float32* and
 * float64 values the shortest for float64. `positional` / `scientific` reproduce NumPy's
 * `format_float_positional` / `format_float_scientific` trimming and padding rules.
 */

/** Which IEEE format a value is printed as: it decides the rounding margins of the shortest digits. */
export type FloatKind = 'float16' | 'float32' | 'float64';

/**
 * NumPy trim modes: `k` keeps trailing zeros, `.` trims zeros but keeps the point (`1.`), `0` leaves one zero
 * after the point (`1.0`), `-` trims zeros and the point (`1`).
 */
export type Trim = 'k' | '.' | '0' | '-';

interface Decomposed {
  mantissa: bigint;
  exponent: number;
  /** Index of the highest set bit of the mantissa. */
  mantissaBit: number;
  /** The value is an exact power of two (not the smallest normal): the gap below is half the gap above. */
  unequalMargins: boolean;
}

const view = new DataView(new ArrayBuffer(8));
const LOG10_2 = 0.3010299956639812;
/** Stands for the digit buffer of NumPy's C code; only bounds exact-mode output without a cut-off. */
const BUFFER_DIGITS = 16384;

function decompose(v: number, kind: FloatKind): Decomposed {
  let biased: number;
  let fraction: bigint;
  let mantissaBits: number;
  let bias: number;
  if (kind === 'float16') {
    // A half is exactly a float32: its fields from the float32's (a float32 subnormal is never a half).
    view.setFloat32(0, v);
    const bits = view.getUint32(0);
    const e = ((bits >>> 23) & 0xff) - 127;
    const f = bits & 0x7fffff;
    bias = 15;
    mantissaBits = 10;
    if (e === -127) {
      biased = 0;
      fraction = 0n;
    } else if (e < -14) {
      biased = 0;
      fraction = BigInt((f | 0x800000) >>> (13 + (-14 - e)));
    } else {
      biased = e + 15;
      fraction = BigInt(f >>> 13);
    }
  } else if (kind === 'float32') {
    view.setFloat32(0, v);
    const bits = view.getUint32(0);
    biased = (bits >>> 23) & 0xff;
    fraction = BigInt(bits & 0x7fffff);
    mantissaBits = 23;
    bias = 127;
  } else {
    view.setFloat64(0, v);
    const hi = view.getUint32(0);
    const lo = view.getUint32(4);
    biased = (hi >>> 20) & 0x7ff;
    fraction = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
    mantissaBits = 52;
    bias = 1023;
  }
  if (biased !== 0) {
    return {
      mantissa: fraction | (1n << BigInt(mantissaBits)),
      exponent: biased - bias - mantissaBits,
      mantissaBit: mantissaBits,
      unequalMargins: biased !== 1 && fraction === 0n,
    };
  }
  return {
    mantissa: fraction,
    exponent: 1 - bias - mantissaBits,
    mantissaBit: fraction === 0n ? 0 : fraction.toString(2).length - 1,
    unequalMargins: false,
  };
}

/** Decimal digits `d0 d1 d2 ...` meaning `d0.d1d2... × 10^exp`. */
export interface Digits {
  digits: string;
  exp: number;
}

interface DigitRequest {
  /** Shortest digits that identify the value (true) or the exact value rounded at the cut-off (false). */
  unique: boolean;
  /** Cut-offs count digits after the decimal point (true) or significant digits (false). */
  fractional: boolean;
  /** Stop after this many digits; -1 for no cut-off. */
  cutoffMax: number;
  /** In unique mode, print at least this many digits (rounded unbiased); -1 for none. */
  cutoffMin: number;
}

function pow10(n: number): bigint {
  return 10n ** BigInt(n);
}

/** The digit generator, for the magnitude (`decompose` keeps no sign). */
function dragon4(d: Decomposed, req: DigitRequest): Digits {
  if (d.mantissa === 0n) return { digits: '0', exp: 0 };
  const isEven = (d.mantissa & 1n) === 0n;
  const e = d.exponent;
  // value = scaled / scale; marginLow/High are half the distances to the neighbouring floats.
  let scaled: bigint;
  let scale: bigint;
  let marginLow: bigint;
  if (d.unequalMargins) {
    if (e > 0) {
      scaled = d.mantissa << BigInt(e + 2);
      scale = 4n;
      marginLow = 1n << BigInt(e);
    } else {
      scaled = d.mantissa << 2n;
      scale = 1n << BigInt(-e + 2);
      marginLow = 1n;
    }
  } else if (e > 0) {
    scaled = d.mantissa << BigInt(e + 1);
    scale = 2n;
    marginLow = 1n << BigInt(e);
  } else {
    scaled = d.mantissa << 1n;
    scale = 1n << BigInt(-e + 1);
    marginLow = 1n;
  }
  const highFactor = d.unequalMargins ? 2n : 1n;

  // Estimate of floor(log10(v)) + 1, correct or one too small.
  let digitExp = Math.ceil((d.mantissaBit + e) * LOG10_2 - 0.69);
  if (req.cutoffMax >= 0 && req.fractional && digitExp <= -req.cutoffMax) digitExp = -req.cutoffMax + 1;
  if (digitExp > 0) scale *= pow10(digitExp);
  else if (digitExp < 0) {
    const p = pow10(-digitExp);
    scaled *= p;
    marginLow *= p;
  }
  if (scaled >= scale) digitExp += 1;
  else {
    scaled *= 10n;
    marginLow *= 10n;
  }

  let cutoffMaxExp = digitExp - BUFFER_DIGITS;
  if (req.cutoffMax >= 0) {
    const want = req.fractional ? -req.cutoffMax : digitExp - req.cutoffMax;
    if (want > cutoffMaxExp) cutoffMaxExp = want;
  }
  let cutoffMinExp = digitExp;
  if (req.cutoffMin >= 0) {
    const want = req.fractional ? -req.cutoffMin : digitExp - req.cutoffMin;
    if (want < cutoffMinExp) cutoffMinExp = want;
  }
  let outExp = digitExp - 1;
  const out: number[] = [];
  let low = false;
  let high = false;
  let digit = 0;
  if (req.unique) {
    for (;;) {
      digitExp -= 1;
      digit = Number(scaled / scale);
      scaled %= scale;
      const up = scaled + marginLow * highFactor;
      low = isEven ? scaled <= marginLow : scaled < marginLow;
      high = isEven ? up >= scale : up > scale;
      if (((low || high) && digitExp <= cutoffMinExp) || digitExp === cutoffMaxExp) break;
      out.push(digit);
      scaled *= 10n;
      marginLow *= 10n;
    }
  } else {
    for (;;) {
      digitExp -= 1;
      digit = Number(scaled / scale);
      scaled %= scale;
      if (scaled === 0n || digitExp === cutoffMaxExp) break;
      out.push(digit);
      scaled *= 10n;
    }
  }
  // Round the last digit: down if only the low side is safe, else to the nearer digit (ties to even).
  let roundDown = low;
  if (low === high) {
    const twice = scaled * 2n;
    roundDown = twice < scale || (twice === scale && (digit & 1) === 0);
  }
  if (roundDown) out.push(digit);
  else if (digit < 9) out.push(digit + 1);
  else {
    for (;;) {
      const last = out.pop();
      if (last === undefined) {
        out.push(1);
        outExp += 1;
        break;
      }
      if (last !== 9) {
        out.push(last + 1);
        break;
      }
    }
  }
  return { digits: out.join(''), exp: outExp };
}

/** Shortest digits that read back as `v` in the given format (sign ignored; `v` finite). */
export function shortestDigits(v: number, kind: FloatKind): Digits {
  return (
    (kind === 'float32' ? shortestFloat32(v) : kind === 'float64' ? shortestFloat64(v) : undefined) ??
    dragon4(decompose(v, kind), { unique: true, fractional: false, cutoffMax: -1, cutoffMin: -1 })
  );
}

/** `shortestDigits` by dragon4 alone: the reference the fast paths are tested against. */
export function shortestDigitsExact(v: number, kind: FloatKind): Digits {
  return dragon4(decompose(v, kind), { unique: true, fractional: false, cutoffMax: -1, cutoffMin: -1 });
}

/** `d.ddde±x` (from `toExponential`) as digits and exponent. */
function fromExponential(s: string): Digits {
  const e = s.indexOf('e');
  return { digits: s.slice(0, e).replace('.', ''), exp: Number(s.slice(e + 1)) };
}

/**
 * Fast path for float64 (tensor previews format thousands of numbers; dragon4 works in BigInt): ECMAScript's
 * `toExponential()` without an argument gives the shortest digits that read back as `v`, the closest such when
 * there are several: dragon4's unique mode. Zero and subnormals take dragon4.
 */
function shortestFloat64(v: number): Digits | undefined {
  const a = Math.abs(v);
  if (!(a >= 2.2250738585072014e-308) || a === Infinity) return undefined;
  return fromExponential(a.toExponential());
}

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);
/** Exact powers of ten as doubles (10^0 … 10^22). */
const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);
const EPS = 2 ** -50;

/**
 * Fast path for float32, in double arithmetic only: the fewest digits p whose closest p-digit decimal lies strictly
 * inside the float32 rounding interval of `v` (its ends, halfway to the neighbouring floats, are exact doubles).
 * With equal margins on both sides the closest p-digit decimal is inside whenever any is, and inside-ness only
 * grows with p (binary search), so this is dragon4's unique mode. The decimal is `round(v · 10^(p-1-e))`, computed
 * with one rounding of relative size 2^-53; whenever that error could matter — a fraction within 2^-50 of one half,
 * a candidate within 2^-50 of an interval end — and for zero, subnormals and powers of two (unequal margins), the
 * exact dragon4 decides.
 */
function shortestFloat32(v: number): Digits | undefined {
  const a = Math.abs(v);
  if (a < 16777216 && a >= 1 && Number.isInteger(a)) {
    // Below 2^24 every integer is a float32 and its neighbours are at most 1 away, so the rounding interval is at
    // most ±½ (¼ below a power of two): no decimal with fewer significant digits than the integer's own lies in
    // it. Powers of two, which the general path leaves to dragon4, are mostly such integers (1, 2, 8, 16 …).
    const text = String(a);
    let end = text.length;
    while (end > 1 && text.charCodeAt(end - 1) === 48) end--;
    return { digits: text.slice(0, end), exp: text.length - 1 };
  }
  f32[0] = a;
  const bits = u32[0];
  if (bits < 0x00800000 || bits >= 0x7f800000 || (bits & 0x7fffff) === 0 || f32[0] !== a) return undefined;
  u32[0] = bits - 1;
  const lo = (a + f32[0]) / 2;
  u32[0] = bits + 1;
  const hi = (a + f32[0]) / 2;
  // Decimal exponent: 10^e <= a < 10^(e+1).
  let e = Math.floor(Math.log10(a));
  if (scaled(1, e) > a) e -= 1;
  else if (scaled(1, e + 1) <= a) e += 1;
  let best: number | undefined;
  let bestP = 0;
  let low = 1;
  let high = 9;
  while (low <= high) {
    const p = (low + high) >> 1;
    const n = closest(a, p - 1 - e);
    if (n === undefined) return undefined;
    const c = scaled(n, e - p + 1);
    const tol = c * EPS;
    if (Math.abs(c - lo) <= tol || Math.abs(c - hi) <= tol) return undefined;
    if (c > lo && c < hi) {
      best = n;
      bestP = p;
      high = p - 1;
    } else low = p + 1;
  }
  if (best === undefined) return undefined;
  const digits = String(best);
  // The first digit's exponent: e, one higher when rounding carried (9.99… → 10.0), and in general e + the digits
  // the integer has beyond the p expected (so an estimate of e that is one off still prints the right number).
  return { digits: digits.replace(/0+$/, ''), exp: e + digits.length - bestP };
}

/** `n · 10^k` as a double (one rounding; exact when it is representable). */
function scaled(n: number, k: number): number {
  if (k >= 0) return k <= 22 ? n * POW10[k] : n * 10 ** k;
  return -k <= 22 ? n / POW10[-k] : n / 10 ** -k;
}

/** The integer closest to `a · 10^k` (ties up, as toExponential), or undefined when double rounding could matter. */
function closest(a: number, k: number): number | undefined {
  const q = scaled(a, k);
  const f = q - Math.floor(q);
  if (Math.abs(f - 0.5) <= q * EPS + EPS) return undefined;
  return f > 0.5 ? Math.floor(q) + 1 : Math.floor(q);
}

/** Off in tests only: every digit string from dragon4 (the reference the fast path is checked against). */
let fastDigits = true;
export function setFastDigits(on: boolean): void {
  fastDigits = on;
}

/**
 * dragon4's digits for a request, in double arithmetic where that gives the same digits (array printing formats
 * every element twice; dragon4 works in BigInt). In unique mode dragon4 stops at the shortest unique digits once it
 * has the minimum's, unless the cutoff comes first: shortest digits between the two are the answer, and
 * `shortestDigits` finds them. A float32 whose shortest digits pass the cutoff, or fall short of the minimum, is
 * rounded at that digit (`roundedAt`).
 */
function digitsFor(v: number, kind: FloatKind, req: DigitRequest): Digits {
  if (fastDigits && req.unique && v !== 0 && Number.isFinite(v)) {
    const s = shortestDigits(v, kind);
    const used = req.fractional ? s.digits.length - 1 - s.exp : s.digits.length;
    const { cutoffMax: max, cutoffMin: min } = req;
    let r: Digits | undefined = s;
    if (max >= 0 && used > max) r = roundedAt(v, kind, req.fractional, max, false);
    else if (min >= 0 && used < min)
      r = max < 0 || min <= max ? roundedAt(v, kind, req.fractional, min, true) : undefined;
    if (r) return r;
  }
  return dragon4(decompose(v, kind), req);
}

/**
 * dragon4's digits of a float32 down to its `at`-th digit (after the point when `fractional`, else significant),
 * where it stops in unique mode: at the cutoff before the unique digits (no margin test has stopped it), or, `past`
 * the unique digits, at the minimum when both margins there are wider than a digit (any other case stops later).
 * Either way the last digit is the exact value's rounded to nearest, ties to an even digit, and a carry drops the
 * zeros it leaves (`0.99951171875` at 3 digits is `1`). With `v · 10^k` exact in a double — 24 bits times 5^k's
 * 28 at most for 0 ≤ k ≤ 12 — so is the rounding; undefined otherwise (subnormals, large and tiny values, results
 * below one digit), and for other dtypes.
 */
function roundedAt(v: number, kind: FloatKind, fractional: boolean, at: number, past: boolean): Digits | undefined {
  const a = Math.abs(v);
  if (kind !== 'float32' || Math.fround(a) !== a || a < 2 ** -126) return undefined;
  let k = at;
  if (!fractional) {
    // The first digit's exponent: 10^e <= a < 10^(e+1) (the digit count below catches an estimate one off).
    const e = Math.floor(Math.log10(a));
    k = at - 1 - e;
  }
  // 16 digits at most: the integer below must be exact.
  if (k < 0 || k > 12 || at > 16) return undefined;
  const q = a * POW10[k];
  if (!(q >= 1 && q < 2 ** 53)) return undefined;
  const t = Math.floor(q);
  if (!fractional && (t < POW10[at - 1] || t >= POW10[at])) return undefined;
  if (past) {
    f32[0] = a;
    const bits = u32[0];
    // Half the gap to the float below, a quarter of the next gap up below a power of two.
    const unequal = (bits & 0x7fffff) === 0 && bits >>> 23 > 1;
    const margin = 2 ** ((bits >>> 23) - 150 - (unequal ? 2 : 1)) * POW10[k];
    if (margin < 1) return undefined;
  }
  const frac = q - t;
  const up = frac > 0.5 || (frac === 0.5 && t % 2 === 1);
  const text = String(up ? t + 1 : t);
  let end = text.length;
  if (up && t % 10 === 9) while (text.charCodeAt(end - 1) === 48) end--;
  return { digits: text.slice(0, end), exp: text.length - 1 - k };
}

/** The sign bit of a finite value (the sign of −0 included). */
const isNegative = (v: number): boolean => v < 0 || Object.is(v, -0);

function signChar(negative: boolean, plus: boolean): string {
  return negative ? '-' : plus ? '+' : '';
}

export interface PositionalOptions {
  /** Max digits (after the point when `fractional`); -1 for none (unique only). */
  precision?: number;
  unique?: boolean;
  fractional?: boolean;
  trim?: Trim;
  /** Show `+` for non-negative values. */
  sign?: boolean;
  /** Pad with spaces on the left until this many characters precede the point; -1 for none. */
  padLeft?: number;
  /** Pad with spaces on the right until this many characters follow the point; -1 for none. */
  padRight?: number;
  minDigits?: number;
}

/** NumPy's `format_float_positional` for a finite value. */
export function positional(v: number, kind: FloatKind, o: PositionalOptions = {}): string {
  const precision = o.precision ?? -1;
  const unique = o.unique ?? true;
  const fractional = o.fractional ?? true;
  const trim = o.trim ?? 'k';
  const minDigits = o.minDigits ?? -1;
  const padLeft = o.padLeft ?? -1;
  const padRight = o.padRight ?? -1;
  const sign = signChar(isNegative(v), o.sign ?? false);
  const { digits, exp } = digitsFor(v, kind, { unique, fractional, cutoffMax: precision, cutoffMin: minDigits });

  let body: string;
  let wholeDigits: number;
  let fracDigits: number;
  if (exp >= 0) {
    wholeDigits = exp + 1;
    if (digits.length <= wholeDigits) {
      body = digits + '0'.repeat(wholeDigits - digits.length);
      fracDigits = 0;
    } else {
      body = `${digits.slice(0, wholeDigits)}.${digits.slice(wholeDigits)}`;
      fracDigits = digits.length - wholeDigits;
    }
  } else {
    const zeros = -(exp + 1);
    body = `0.${'0'.repeat(zeros)}${digits}`;
    fracDigits = zeros + digits.length;
    wholeDigits = 1;
  }
  if (trim !== '-' && fracDigits === 0) body += '.';

  const addDigits = unique ? minDigits : precision;
  let wantFrac = Math.max(addDigits, 0);
  if (!fractional) wantFrac = addDigits - wholeDigits;
  if (trim === '0') {
    if (fracDigits === 0) {
      body += '0';
      fracDigits = 1;
    }
  } else if (trim === 'k' && wantFrac > fracDigits) {
    body += '0'.repeat(wantFrac - fracDigits);
    fracDigits = wantFrac;
  }
  if (trim !== 'k' && fracDigits > 0) {
    while (body.endsWith('0')) {
      body = body.slice(0, -1);
      fracDigits--;
    }
    if (body.endsWith('.')) {
      if (trim === '0') {
        body += '0';
        fracDigits++;
      } else if (trim === '-') body = body.slice(0, -1);
    }
  }
  if (padRight >= fracDigits) {
    if (trim === '-' && fracDigits === 0) body += ' ';
    body += ' '.repeat(padRight - fracDigits);
  }
  let text = sign + body;
  const left = wholeDigits + sign.length;
  if (padLeft > left) text = ' '.repeat(padLeft - left) + text;
  return text;
}

export interface ScientificOptions {
  /** Max digits after the point; -1 for none (unique only). */
  precision?: number;
  unique?: boolean;
  trim?: Trim;
  sign?: boolean;
  /** Pad with spaces on the left until this many characters precede the point; -1 for none. */
  padLeft?: number;
  /** At least this many exponent digits (default 2). */
  expDigits?: number;
  minDigits?: number;
}

/** NumPy's `format_float_scientific` for a finite value. */
export function scientific(v: number, kind: FloatKind, o: ScientificOptions = {}): string {
  const precision = o.precision ?? -1;
  const unique = o.unique ?? true;
  const trim = o.trim ?? 'k';
  const minDigits = o.minDigits ?? -1;
  const padLeft = o.padLeft ?? -1;
  const sign = signChar(isNegative(v), o.sign ?? false);
  const { digits, exp } = digitsFor(v, kind, {
    unique,
    fractional: false,
    cutoffMax: precision < 0 ? -1 : precision + 1,
    cutoffMin: minDigits < 0 ? -1 : minDigits + 1,
  });
  let text = padLeft > 1 + sign.length ? ' '.repeat(padLeft - 1 - sign.length) : '';
  text += sign + digits[0];
  let fracDigits = digits.length - 1;
  let mantissa = fracDigits > 0 ? `.${digits.slice(1)}` : '';
  if (trim !== '-' && fracDigits === 0) mantissa += '.';
  const addDigits = Math.max(unique ? minDigits : precision, 0);
  if (trim === '0') {
    if (fracDigits === 0) {
      mantissa += '0';
      fracDigits = 1;
    }
  } else if (trim === 'k' && addDigits > fracDigits) {
    mantissa += '0'.repeat(addDigits - fracDigits);
    fracDigits = addDigits;
  }
  if (trim !== 'k' && fracDigits > 0) {
    while (mantissa.endsWith('0')) mantissa = mantissa.slice(0, -1);
    if (trim === '0' && mantissa.endsWith('.')) mantissa += '0';
  }
  const expDigits = Math.min(o.expDigits === undefined || o.expDigits < 0 ? 2 : o.expDigits, 5);
  const expText = String(Math.abs(exp)).padStart(expDigits, '0');
  return `${text}${mantissa}e${exp < 0 ? '-' : '+'}${expText}`;
}

/** A finite-or-not value as NumPy prints a float scalar: `0.1`, `3.0`, `1e-05`, `1e+16`, `inf`, `nan`. */
function scalarRepr(v: number, kind: FloatKind): string {
  if (Number.isNaN(v)) return 'nan';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  const a = Math.abs(v);
  // NumPy 2.x writes a float16 in exponent form from 10^precision (1e3) up.
  if (a === 0 || (a < (kind === 'float16' ? 1e3 : 1e16) && a >= 1e-4)) return positional(v, kind, { trim: '0' });
  return scientific(v, kind, { trim: '-' });
}

/**
 * `str(np.float32(v))` (and `repr` in NumPy 1.x): the shortest digits that round-trip in float32, positional for
 * 1e-4 <= |v| < 1e16 (`0.1`, `-2.9555566`, `3.0`) and scientific otherwise (`1e-05`). NumPy 2's `repr` wraps it as
 * `np.float32(0.1)` (`numpyScalarTypedRepr`).
 */
export function formatFloat32Shortest(v: number): string {
  return scalarRepr(Math.fround(v), 'float32');
}

/** `str(np.float16(v))`: the shortest digits that round-trip in half precision (`0.1`, `0.3333`). */
export function formatFloat16Shortest(v: number): string {
  return scalarRepr(v, 'float16');
}

/** `str(np.float64(v))`, which equals Python's `repr(float)`. */
export function formatFloat64Shortest(v: number): string {
  return scalarRepr(v, 'float64');
}

/**
 * CPython `repr(float)`: shortest round-trip digits; exponent form when the decimal exponent is < -4 or
 * >= 16 (`1e-05`, `1e+16`, `1.5e-07`), else positional with at least one fractional digit (`3.0`, `0.0001`).
 */
export function pyFloatRepr(v: number): string {
  if (Number.isNaN(v)) return 'nan';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  const sign = v < 0 || Object.is(v, -0) ? '-' : '';
  if (v === 0) return `${sign}0.0`;
  const { digits, exp } = shortestDigits(v, 'float64');
  if (exp < -4 || exp >= 16) {
    const mant = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${sign}${mant}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
  if (digits.length <= exp + 1) return `${sign}${digits}${'0'.repeat(exp + 1 - digits.length)}.0`;
  return `${sign}${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
}
