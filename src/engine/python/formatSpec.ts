/**
 * The format-spec mini-language (`format(v, spec)`, f-strings, `str.format`) and printf-style `%` formatting,
 * following CPython, with round-half-even on the exact binary value like CPython's dtoa.
 */
import { IndexError, KeyError, pyError, TypeError, ValueError } from './exceptions';
import { floatRepr, intRepr, isObjectMethod, pyRepr, pyStr } from './format';
import { runtime } from './runtime';
import { PyDict, PyInstance, PyTuple, type PyValue, typeName } from './values';

interface Spec {
  fill: string;
  align: string;
  sign: string;
  z: boolean;
  alt: boolean;
  zero: boolean;
  width: number;
  grouping: string;
  precision: number;
  type: string;
}

const SPEC_RE = /^(?:(.)?([<>=^]))?([+\- ])?(z)?(#)?(0)?(\d+)?([,_])?(?:\.(\d+))?([bcdeEfFgGnosxX%])?$/su;

function parseSpec(spec: string, forType: string): Spec {
  const m = SPEC_RE.exec(spec);
  if (!m) throw pyError(ValueError, `Invalid format specifier '${spec}' for object of type '${forType}'`);
  return {
    fill: m[1] ?? (m[6] && !m[2] ? '0' : ' '),
    align: m[2] ?? (m[6] ? '=' : ''),
    sign: m[3] ?? '-',
    z: !!m[4],
    alt: !!m[5],
    zero: !!m[6],
    width: m[7] ? Number(m[7]) : 0,
    grouping: m[8] ?? '',
    precision: m[9] !== undefined ? Number(m[9]) : -1,
    type: m[10] ?? '',
  };
}

function pad(body: string, prefix: string, s: Spec, defaultAlign: string): string {
  const len = [...prefix].length + [...body].length;
  if (s.width <= len) return prefix + body;
  const n = s.width - len;
  const fill = s.fill;
  switch (s.align || defaultAlign) {
    case '<':
      return prefix + body + fill.repeat(n);
    case '^': {
      const left = Math.floor(n / 2);
      return fill.repeat(left) + prefix + body + fill.repeat(n - left);
    }
    case '=':
      return prefix + fill.repeat(n) + body;
    default:
      return fill.repeat(n) + prefix + body;
  }
}

function group(intPart: string, sep: string, every = 3): string {
  if (!sep) return intPart;
  let out = '';
  for (let i = intPart.length; i > 0; i -= every) {
    const chunk = intPart.slice(Math.max(0, i - every), i);
    out = out ? `${chunk}${sep}${out}` : chunk;
  }
  return out;
}

function signOf(negative: boolean, s: Spec): string {
  if (negative) return '-';
  return s.sign === '+' ? '+' : s.sign === ' ' ? ' ' : '';
}

/** True when the exact decimal expansion `digits` (after the kept part) is exactly a half: "5000…". */
function isExactHalf(rest: string): boolean {
  return rest.length > 0 && rest[0] === '5' && /^5(0*)$/.test(rest);
}

/** `x.toFixed(p)` with CPython's round-half-even on the exact value, for finite x >= 0. */
export function toFixedPy(x: number, p: number): string {
  if (x >= 1e21) {
    const int = BigInt(x).toString();
    return p > 0 ? `${int}.${'0'.repeat(p)}` : int;
  }
  if (p > 100) return toFixedPy(x, 100) + '0'.repeat(p - 100);
  const s = x.toFixed(p);
  if (p + 25 <= 100) {
    const ext = x.toFixed(p + 25);
    const cut = ext.length - 25;
    const rest = ext.slice(cut);
    if (isExactHalf(rest)) {
      const kept = ext.slice(0, p === 0 ? cut - 1 : cut);
      const last = kept.charCodeAt(kept.length - 1) - 48;
      if (last % 2 === 0) return kept;
    }
  }
  return s;
}

/** Digits and exponent of x (> 0) rounded to `p` digits after the first, half-even like CPython. */
function toExpParts(x: number, p: number): { mant: string; exp: number } {
  let s = x.toExponential(Math.min(p, 100));
  if (p + 25 <= 100) {
    const ext = x.toExponential(p + 25);
    const e = ext.indexOf('e');
    const mant = ext.slice(0, e);
    const rest = mant.slice(mant.length - 25);
    if (isExactHalf(rest)) {
      const kept = mant.slice(0, mant.length - 25).replace(/\.$/, '');
      const last = kept.charCodeAt(kept.length - 1) - 48;
      if (last % 2 === 0) s = `${kept}${ext.slice(e)}`;
    }
  }
  const e = s.indexOf('e');
  let mant = s.slice(0, e);
  if (p > 100) mant += (mant.includes('.') ? '' : '.') + '0'.repeat(p - 100);
  return { mant, exp: Number(s.slice(e + 1)) };
}

function expSuffix(exp: number, upper: boolean): string {
  return `${upper ? 'E' : 'e'}${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
}

/** Formats finite x >= 0 in the given float presentation type; returns the digits without sign. */
function floatBody(x: number, type: string, precision: number, alt: boolean): string {
  switch (type) {
    case 'f':
    case 'F':
    case '%': {
      const p = precision < 0 ? 6 : precision;
      const s = toFixedPy(type === '%' ? x * 100 : x, p);
      return (alt && p === 0 ? `${s}.` : s) + (type === '%' ? '%' : '');
    }
    case 'e':
    case 'E': {
      const p = precision < 0 ? 6 : precision;
      const { mant, exp } = toExpParts(x, p);
      return (alt && p === 0 ? `${mant}.` : mant) + expSuffix(exp, type === 'E');
    }
    case 'g':
    case 'G':
    case 'n':
    case '': {
      if (type === '' && precision < 0) return floatRepr(x);
      let p = precision < 0 ? 6 : precision;
      if (p === 0) p = 1;
      if (x === 0) {
        const zero = alt ? `0.${'0'.repeat(p - 1)}` : '0';
        return type === '' ? `${zero}${zero.includes('.') ? '' : '.0'}` : zero;
      }
      const { exp } = toExpParts(x, p - 1);
      let body: string;
      if (exp >= -4 && exp < (type === '' ? p - 1 : p)) {
        body = toFixedPy(x, Math.max(0, p - 1 - exp));
        if (!alt && body.includes('.')) body = body.replace(/0+$/, '').replace(/\.$/, '');
        if (type === '' && !body.includes('.')) body += '.0';
      } else {
        let { mant } = toExpParts(x, p - 1);
        if (!alt && mant.includes('.')) mant = mant.replace(/0+$/, '').replace(/\.$/, '');
        body = mant + expSuffix(exp, type === 'G');
      }
      return body;
    }
  }
  throw pyError(ValueError, `Unknown format code '${type}' for object of type 'float'`);
}

function formatFloat(x: number, s: Spec): string {
  let neg = x < 0 || Object.is(x, -0);
  const ax = Math.abs(x);
  let body: string;
  if (!Number.isFinite(x)) {
    neg = x === -Infinity;
    body = Number.isNaN(x) ? 'nan' : 'inf';
    if (s.type === 'F' || s.type === 'E' || s.type === 'G') body = body.toUpperCase();
    if (s.type === '%') body += '%';
    const spec = s.zero && !s.align ? { ...s, fill: ' ', align: '>' } : s;
    return pad(body, signOf(neg, s), spec, '>');
  }
  body = floatBody(ax, s.type, s.precision, s.alt);
  if (s.z && neg && /^[0.]*$/.test(body.replace(/e.*$/i, '').replace('%', ''))) neg = false;
  if (s.grouping) {
    const dot = body.search(/[.eE%]/);
    const intPart = dot < 0 ? body : body.slice(0, dot);
    body = group(intPart, s.grouping) + (dot < 0 ? '' : body.slice(dot));
  }
  return pad(body, signOf(neg, s), s, '>');
}

function formatInt(n: bigint, s: Spec, typeLabel: string): string {
  const t = s.type;
  if ('eEfFgG%'.includes(t) && t !== '') return formatFloat(Number(n), s);
  if (s.precision >= 0) throw pyError(ValueError, 'Precision not allowed in integer format specifier');
  const neg = n < 0n;
  const a = neg ? -n : n;
  let body: string;
  let prefix = '';
  switch (t) {
    case '':
    case 'd':
    case 'n':
      body = group(intRepr(a), s.grouping);
      break;
    case 'b':
      body = group(a.toString(2), s.grouping === '_' ? '_' : '', 4);
      if (s.alt) prefix = '0b';
      break;
    case 'o':
      body = group(a.toString(8), s.grouping === '_' ? '_' : '', 4);
      if (s.alt) prefix = '0o';
      break;
    case 'x':
    case 'X':
      body = group(a.toString(16), s.grouping === '_' ? '_' : '', 4);
      if (t === 'X') body = body.toUpperCase();
      if (s.alt) prefix = t === 'X' ? '0X' : '0x';
      break;
    case 'c':
      body = String.fromCodePoint(Number(n));
      return pad(body, '', s, '>');
    default:
      throw pyError(ValueError, `Unknown format code '${t}' for object of type '${typeLabel}'`);
  }
  return pad(body, signOf(neg, s) + prefix, s, '>');
}

function formatStr(v: string, s: Spec): string {
  if (s.type !== '' && s.type !== 's') {
    throw pyError(ValueError, `Unknown format code '${s.type}' for object of type 'str'`);
  }
  if (s.sign !== '-' || s.align === '=') {
    throw pyError(
      ValueError,
      s.align === '='
        ? "'=' alignment not allowed in string format specifier"
        : 'Sign not allowed in string format specifier',
    );
  }
  const body = s.precision >= 0 ? [...v].slice(0, s.precision).join('') : v;
  return pad(body, '', s, '<');
}

/** Python `format(v, spec)`. Instances dispatch to `__format__`. */
export function formatValue(v: PyValue, spec: string): string {
  switch (typeof v) {
    case 'string':
      return spec === '' ? v : formatStr(v, parseSpec(spec, 'str'));
    case 'number':
      return formatFloat(v, parseSpec(spec, 'float'));
    case 'bigint':
      return spec === '' ? intRepr(v) : formatInt(v, parseSpec(spec, 'int'), 'int');
    case 'boolean':
      return spec === '' ? (v ? 'True' : 'False') : formatInt(v ? 1n : 0n, parseSpec(spec, 'bool'), 'bool');
  }
  if (v instanceof PyInstance) {
    const m = v.cls.lookup('__format__');
    if (m !== undefined && !isObjectMethod(m)) {
      const r = runtime().call(m, [v, spec]);
      if (typeof r !== 'string') throw pyError(TypeError, `__format__ must return a str, not ${typeName(r)}`);
      return r;
    }
  }
  if (spec !== '') throw pyError(TypeError, `unsupported format string passed to ${typeName(v)}.__format__`);
  return pyStr(v);
}

/** Applies a `!r` / `!s` / `!a` conversion. */
export function convertValue(v: PyValue, conversion: string | null): PyValue {
  if (conversion === 'r' || conversion === 'a') return pyRepr(v);
  if (conversion === 's') return pyStr(v);
  return v;
}

// ---- printf-style `%` formatting ------------------------------------------------------------------------------

const PERCENT_RE = /%(?:\(([^)]*)\))?([-+ #0]*)(\*|\d+)?(?:\.(\*|\d+))?[hlL]?([diouxXeEfFgGcrsa%])/g;

/** `fmt % args` for strings. */
export function percentFormat(fmt: string, args: PyValue): string {
  const list = args instanceof PyTuple ? args.items : [args];
  const mapping = args instanceof PyDict ? args : null;
  let i = 0;
  let usedMapping = false;
  const next = (): PyValue => {
    if (i >= list.length) throw pyError(TypeError, 'not enough arguments for format string');
    return list[i++];
  };
  const out = fmt.replace(PERCENT_RE, (_m, key: string | undefined, flags: string, width, prec, conv: string) => {
    if (conv === '%') return '%';
    let v: PyValue;
    if (key !== undefined) {
      if (mapping === null) throw pyError(TypeError, 'format requires a mapping');
      usedMapping = true;
      const entry = mapping.map.get(key);
      if (!entry) throw pyError(KeyError, pyRepr(key));
      v = entry.value;
    } else {
      if (width === '*') width = String(next());
      if (prec === '*') prec = String(next());
      v = next();
    }
    let spec = '';
    if (flags.includes('-')) spec += '<';
    if (flags.includes('+')) spec += '+';
    else if (flags.includes(' ')) spec += ' ';
    if (flags.includes('#')) spec += '#';
    if (flags.includes('0') && !flags.includes('-') && conv !== 's' && conv !== 'r') spec += '0';
    if (width) spec += width;
    switch (conv) {
      case 's':
      case 'r':
      case 'a': {
        const text = conv === 's' ? pyStr(v) : pyRepr(v);
        return formatValue(prec !== undefined ? text.slice(0, Number(prec)) : text, spec);
      }
      case 'c':
        return formatValue(typeof v === 'string' ? v : String.fromCodePoint(Number(v)), spec);
      case 'd':
      case 'i':
      case 'u': {
        const n = toIntForPercent(v, conv);
        return formatValue(n, spec);
      }
      case 'o':
      case 'x':
      case 'X':
        return formatValue(toIntForPercent(v, conv), spec + conv);
      default: {
        const x = toFloatForPercent(v, conv);
        return formatValue(x, `${spec}.${prec ?? 6}${conv}`);
      }
    }
  });
  if (!usedMapping && mapping === null && i < list.length) {
    throw pyError(TypeError, 'not all arguments converted during string formatting');
  }
  return out;
}

function toIntForPercent(v: PyValue, conv: string): bigint {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'boolean') return v ? 1n : 0n;
  if (typeof v === 'number' && Number.isFinite(v)) return BigInt(Math.trunc(v));
  if (v instanceof PyInstance) {
    const f = v.cls.lookup('__int__') ?? v.cls.lookup('__index__');
    if (f !== undefined) {
      const r = runtime().call(f, [v]);
      if (typeof r === 'bigint') return r;
    }
  }
  throw pyError(TypeError, `%${conv} format: a real number is required, not ${typeName(v)}`);
}

function toFloatForPercent(v: PyValue, _conv: string): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (v instanceof PyInstance) {
    const f = v.cls.lookup('__float__');
    if (f !== undefined) {
      const r = runtime().call(f, [v]);
      if (typeof r === 'number') return r;
    }
  }
  throw pyError(TypeError, `must be real number, not ${typeName(v)}`);
}

// ---- str.format ---------------------------------------------------------------------------------------------

export interface FormatLookup {
  positional: readonly PyValue[];
  keyword: ReadonlyMap<string, PyValue>;
  getAttr(obj: PyValue, name: string): PyValue;
  getItem(obj: PyValue, key: PyValue): PyValue;
}

/** `template.format(*args, **kwargs)`. */
export function strFormat(template: string, look: FormatLookup, depth = 0): string {
  let out = '';
  let auto = 0;
  let i = 0;
  const n = template.length;
  while (i < n) {
    const c = template[i];
    if (c === '{') {
      if (template[i + 1] === '{') {
        out += '{';
        i += 2;
        continue;
      }
      let j = i + 1;
      let nest = 1;
      while (j < n && nest > 0) {
        if (template[j] === '{') nest++;
        else if (template[j] === '}') nest--;
        if (nest > 0) j++;
      }
      if (j >= n) throw pyError(ValueError, "expected '}' before end of string");
      const field = template.slice(i + 1, j);
      out += formatField(field, look, () => auto++, depth);
      i = j + 1;
    } else if (c === '}') {
      if (template[i + 1] === '}') {
        out += '}';
        i += 2;
        continue;
      }
      throw pyError(ValueError, "Single '}' encountered in format string");
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

function formatField(field: string, look: FormatLookup, nextAuto: () => number, depth: number): string {
  let spec = '';
  let conv: string | null = null;
  let name = field;
  const colon = indexOutsideBrackets(field, ':');
  if (colon >= 0) {
    spec = field.slice(colon + 1);
    name = field.slice(0, colon);
  }
  const bang = name.indexOf('!');
  if (bang >= 0) {
    conv = name.slice(bang + 1);
    name = name.slice(0, bang);
  }
  const m = /^([^.[]*)(.*)$/s.exec(name) as RegExpExecArray;
  let value: PyValue;
  const head = m[1];
  if (head === '') {
    const idx = nextAuto();
    if (idx >= look.positional.length)
      throw pyError(IndexError, `Replacement index ${idx} out of range for positional args tuple`);
    value = look.positional[idx];
  } else if (/^\d+$/.test(head)) {
    const idx = Number(head);
    if (idx >= look.positional.length)
      throw pyError(IndexError, `Replacement index ${idx} out of range for positional args tuple`);
    value = look.positional[idx];
  } else {
    const v = look.keyword.get(head);
    if (v === undefined) throw pyError(KeyError, pyRepr(head));
    value = v;
  }
  const rest = m[2];
  const re = /\.([^.[]+)|\[([^\]]*)\]/gy;
  let mm: RegExpExecArray | null = re.exec(rest);
  while (mm) {
    if (mm[1] !== undefined) value = look.getAttr(value, mm[1]);
    else {
      const key = /^\d+$/.test(mm[2]) ? BigInt(mm[2]) : mm[2];
      value = look.getItem(value, key);
    }
    mm = re.exec(rest);
  }
  if (spec.includes('{') && depth < 2) spec = strFormat(spec, look, depth + 1);
  return formatValue(convertValue(value, conv), spec);
}

function indexOutsideBrackets(s: string, ch: string): number {
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '[') depth++;
    else if (c === ']') depth--;
    else if (c === ch && depth === 0) return i;
  }
  return -1;
}
