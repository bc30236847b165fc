/**
 * Numbers and hashing: the conversions of Python values to JS numbers and bigints (`float(v)`, `int(v)`,
 * `operator.index(v)`), and `hash()` with the dict/set key it implies. Equal numbers hash alike and share a key
 * (1 == 1.0 == True), so both live here.
 */
import { OverflowError, pyError, TypeError, ValueError } from './exceptions';
import { isObjectMethod, MAX_STR_DIGITS, objectId, pyRepr } from './format';
import { chargeSize, runtime } from './runtime';
import { type HashKey, PyDict, PyInstance, PyList, PySet, PyTuple, PyUnknown, type PyValue, typeName } from './values';

/** An index as a JS number (`operator.index`): ints, bools, and objects with `__index__`. */
export function toIndex(v: PyValue, what?: () => string): number {
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (v instanceof PyInstance) {
    const m = v.cls.lookup('__index__');
    if (m !== undefined && m !== null) {
      const r = runtime().call(m, [v]);
      if (typeof r === 'bigint') return Number(r);
      if (typeof r === 'boolean') return r ? 1 : 0;
      throw pyError(TypeError, `__index__ returned non-int (type ${typeName(r)})`);
    }
  }
  if (v instanceof PyUnknown) throw v;
  throw pyError(TypeError, what ? what() : `'${typeName(v)}' object cannot be interpreted as an integer`);
}

/** `float(v)`. */
export function toFloat(v: PyValue): number {
  switch (typeof v) {
    case 'number':
      return v;
    case 'bigint': {
      const x = Number(v);
      if (!Number.isFinite(x)) throw pyError(OverflowError, 'int too large to convert to float');
      return x;
    }
    case 'boolean':
      return v ? 1 : 0;
    case 'string': {
      const t = v
        .trim()
        .replace(/(\d)_(?=\d)/g, '$1')
        .toLowerCase();
      if (/^[-+]?(inf|infinity)$/.test(t)) return t.startsWith('-') ? -Infinity : Infinity;
      if (/^[-+]?nan$/.test(t)) return Number.NaN;
      if (/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/.test(t)) return Number(t);
      throw pyError(ValueError, `could not convert string to float: ${pyRepr(v)}`);
    }
  }
  if (v instanceof PyInstance) {
    const m = v.cls.lookup('__float__');
    if (m !== undefined && m !== null) {
      const r = runtime().call(m, [v]);
      if (typeof r !== 'number')
        throw pyError(TypeError, `${v.cls.name}.__float__ returned non-float (type ${typeName(r)})`);
      return r;
    }
    const idx = v.cls.lookup('__index__');
    if (idx !== undefined && idx !== null) return toFloat(runtime().call(idx, [v]));
  }
  if (v instanceof PyUnknown) throw v;
  throw pyError(TypeError, `float() argument must be a string or a real number, not '${typeName(v)}'`);
}

export function floatToInt(x: number): bigint {
  if (Number.isNaN(x)) throw pyError(ValueError, 'cannot convert float NaN to integer');
  if (!Number.isFinite(x)) throw pyError(OverflowError, 'cannot convert float infinity to integer');
  return BigInt(Math.trunc(x));
}

const digitPatterns = new Map<string, RegExp>();
/** `^[<digits>]+$` for the digits of a base. */
function digitsPattern(digits: string): RegExp {
  let re = digitPatterns.get(digits);
  if (!re) digitPatterns.set(digits, (re = new RegExp(`^[${digits}]+$`)));
  return re;
}

/** `int(s, base)` of a string: CPython's literal rules (signs, `0x`/`0o`/`0b` prefixes, underscores between digits). */
export function intFromString(s: string, base: number): bigint {
  chargeSize(s.length);
  let t = s.trim().toLowerCase();
  let neg = false;
  if (t.startsWith('-') || t.startsWith('+')) {
    neg = t[0] === '-';
    t = t.slice(1);
  }
  let b = base;
  const prefixed = /^0([xob])/.exec(t);
  if (prefixed && (b === 0 || b === { x: 16, o: 8, b: 2 }[prefixed[1]])) {
    b = { x: 16, o: 8, b: 2 }[prefixed[1] as 'x' | 'o' | 'b'];
    t = t.slice(2).replace(/^_/, '');
  } else if (b === 0) b = 10;
  const digits = '0123456789abcdefghijklmnopqrstuvwxyz'.slice(0, b);
  const valid = t.length > 0 && !t.startsWith('_') && !t.endsWith('_') && !t.includes('__');
  const clean = t.replace(/_/g, '');
  if (!valid || clean.length === 0 || !digitsPattern(digits).test(clean)) {
    // CPython formats the text with `%.200R`.
    throw pyError(ValueError, `invalid literal for int() with base ${base}: ${pyRepr(s.slice(0, 200)).slice(0, 200)}`);
  }
  if (clean.length > MAX_STR_DIGITS && (b & (b - 1)) !== 0) {
    // CPython's guard against quadratic conversions (sys.get_int_max_str_digits()).
    throw pyError(
      ValueError,
      `Exceeds the limit (${MAX_STR_DIGITS} digits) for integer string conversion: value has ${clean.length} digits; use sys.set_int_max_str_digits() to increase the limit`,
    );
  }
  // Native parsing where JS has it (linear); the digit loop below is quadratic in the length.
  const prefix = { 2: '0b', 8: '0o', 10: '', 16: '0x' }[b];
  if (prefix !== undefined) return neg ? -BigInt(prefix + clean) : BigInt(prefix + clean);
  let n = 0n;
  const B = BigInt(b);
  for (const c of clean) n = n * B + BigInt(digits.indexOf(c));
  return neg ? -n : n;
}

/** `int(v)`. */
export function toInt(v: PyValue): bigint {
  switch (typeof v) {
    case 'bigint':
      return v;
    case 'boolean':
      return v ? 1n : 0n;
    case 'number':
      return floatToInt(v);
    case 'string':
      return intFromString(v, 10);
  }
  if (v instanceof PyInstance) {
    for (const name of ['__int__', '__index__', '__trunc__']) {
      const m = v.cls.lookup(name);
      if (m !== undefined && m !== null) {
        const r = runtime().call(m, [v]);
        if (typeof r === 'bigint') return r;
        if (typeof r === 'boolean') return r ? 1n : 0n;
        throw pyError(TypeError, `${name} returned non-int (type ${typeName(r)})`);
      }
    }
  }
  if (v instanceof PyUnknown) throw v;
  throw pyError(
    TypeError,
    `int() argument must be a string, a bytes-like object or a real number, not '${typeName(v)}'`,
  );
}

/** Python `hash()` of numbers (CPython's modular hash) and strings (a stable FNV hash). */
export function pyHash(v: PyValue): bigint {
  const P = (1n << 61n) - 1n;
  const intHash = (n: bigint) => {
    let h = (n < 0n ? -n : n) % P;
    if (n < 0n) h = -h;
    return h === -1n ? -2n : h;
  };
  switch (typeof v) {
    case 'bigint':
      return intHash(v);
    case 'boolean':
      return v ? 1n : 0n;
    case 'number': {
      if (Number.isInteger(v)) return intHash(BigInt(v));
      if (Number.isNaN(v)) return 0n;
      if (!Number.isFinite(v)) return v > 0 ? 314159n : -314159n;
      let m = Math.abs(v);
      let e = 0;
      while (m >= 1) {
        m /= 2;
        e++;
      }
      while (m < 0.5) {
        m *= 2;
        e--;
      }
      let x = 0n;
      while (m) {
        x = ((x << 28n) & P) | (x >> 33n);
        m *= 268435456;
        e -= 28;
        const y = Math.floor(m);
        m -= y;
        x += BigInt(y);
        if (x >= P) x -= P;
      }
      const ee = ((e % 61) + 61) % 61;
      x = ((x << BigInt(ee)) & P) | (x >> BigInt(61 - ee));
      if (v < 0) x = -x;
      return x === -1n ? -2n : x;
    }
    case 'string': {
      let h = 0xcbf29ce484222325n;
      for (let i = 0; i < v.length; i++) h = ((h ^ BigInt(v.charCodeAt(i))) * 0x100000001b3n) & 0xffffffffffffffffn;
      return BigInt.asIntN(64, h) >> 4n;
    }
  }
  if (v === null) return 0x7f0000001n;
  if (v instanceof PyTuple) {
    let h = 0x345678n;
    for (const x of v.items) h = BigInt.asIntN(64, (h ^ pyHash(x)) * 1000003n);
    return h === -1n ? -2n : h;
  }
  if (v instanceof PyInstance) {
    const m = v.cls.lookup('__hash__');
    if (m === null) throw pyError(TypeError, `unhashable type: '${typeName(v)}'`);
    if (m !== undefined && !isObjectMethod(m)) {
      const r = runtime().call(m, [v]);
      if (typeof r !== 'bigint') throw pyError(TypeError, '__hash__ method should return an integer');
      return r;
    }
  }
  hashKey(v);
  return BigInt(objectId(v as object)) * 16n;
}

const SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * The Map key a hashable value is stored under in dicts and sets. Equal numbers share a key (1 == 1.0 == True),
 * strings key by themselves, tuples by a structural encoding, objects by identity unless their class defines
 * `__hash__`. Throws TypeError for unhashable values.
 */
export function hashKey(v: PyValue): HashKey {
  switch (typeof v) {
    case 'string':
      return v;
    case 'bigint':
      return v <= SAFE && v >= -SAFE ? Number(v) : v;
    case 'number':
      return Number.isInteger(v) && !Number.isSafeInteger(v) ? BigInt(v) : v;
    case 'boolean':
      return v ? 1 : 0;
  }
  if (v === null) return null;
  if (v instanceof PyTuple) return `\u0000t${tupleKey(v)}`;
  if (v instanceof PyList || v instanceof PyDict || v instanceof PySet) {
    throw pyError(TypeError, `unhashable type: '${typeName(v)}'`);
  }
  if (v instanceof PyInstance) {
    const h = v.cls.lookup('__hash__');
    if (h === null) throw pyError(TypeError, `unhashable type: '${typeName(v)}'`);
    if (h !== undefined && !isObjectMethod(h)) {
      const r = runtime().call(h, [v]);
      if (typeof r !== 'bigint') throw pyError(TypeError, '__hash__ method should return an integer');
      return `\u0000h${r}`;
    }
  }
  return v;
}

function tupleKey(t: PyTuple): string {
  let s = '(';
  for (const item of t.items) {
    const k = hashKey(item);
    switch (typeof k) {
      case 'string':
        s += `s${k.length}:${k}`;
        break;
      case 'number':
        s += `n${k};`;
        break;
      case 'bigint':
        s += `b${k};`;
        break;
      default:
        s += k === null ? 'N;' : `o${objectId(k)};`;
    }
  }
  return `${s})`;
}
