/**
 * Python's `bytes`: an immutable native class around a `Uint8Array`, enough for literals, printing, `len`,
 * indexing and slicing, iteration, `+`, `*`, comparison, hashing, `in`, `.decode()`, `.hex()` and `str.encode()`.
 */
import {
  IndexError,
  LookupError,
  pyError,
  TypeError,
  UnicodeDecodeError,
  UnicodeEncodeError,
  ValueError,
} from './exceptions';
import { iterate } from './iteration';
import { def, nativeClass, wrap } from './native';
import { toIndex } from './numbers';
import {
  type CallContext,
  type KwArgs,
  NotImplemented,
  type PyClass,
  PyInstance,
  PyIterator,
  PySlice,
  type PyValue,
  typeName,
} from './values';

export function isBytes(v: PyValue): v is PyInstance {
  return v instanceof PyInstance && v.cls.isSubclassOf(BytesType);
}

export function newBytes(data: Uint8Array): PyInstance {
  return wrap(BytesType, data);
}

export function bytesData(v: PyValue): Uint8Array {
  return (v as PyInstance).payload as Uint8Array;
}

/** UTF-8 encoding of a JS string (lone surrogates raise, as CPython's strict encoder does). */
export function encodeUtf8(s: string): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
      }
    }
    if (c >= 0xd800 && c <= 0xdfff) {
      throw pyError(
        UnicodeEncodeError,
        `'utf-8' codec can't encode character '\\u${c.toString(16)}' in position ${i}: surrogates not allowed`,
      );
    }
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return Uint8Array.from(out);
}

/** Strict UTF-8 decoding with CPython's error text for the first invalid byte. */
export function decodeUtf8(b: Uint8Array): string {
  let out = '';
  let i = 0;
  while (i < b.length) {
    const c = b[i];
    let need = 0;
    let cp = c;
    if (c < 0x80) need = 0;
    else if (c >= 0xc2 && c <= 0xdf) {
      need = 1;
      cp = c & 0x1f;
    } else if (c >= 0xe0 && c <= 0xef) {
      need = 2;
      cp = c & 0x0f;
    } else if (c >= 0xf0 && c <= 0xf4) {
      need = 3;
      cp = c & 0x07;
    } else throw decodeError(b[i], i, 'invalid start byte');
    for (let k = 1; k <= need; k++) {
      const d = b[i + k];
      if (d === undefined) throw decodeError(c, i, 'unexpected end of data');
      if ((d & 0xc0) !== 0x80) throw decodeError(c, i, 'invalid continuation byte');
      cp = (cp << 6) | (d & 0x3f);
    }
    out += String.fromCodePoint(cp);
    i += need + 1;
  }
  return out;
}

function decodeError(byte: number, pos: number, why: string): unknown {
  return pyError(
    UnicodeDecodeError,
    `'utf-8' codec can't decode byte 0x${byte.toString(16).padStart(2, '0')} in position ${pos}: ${why}`,
  );
}

/** `repr(bytes)`: `b'...'`, double quotes when the data has a single quote and no double quote. */
export function bytesRepr(b: Uint8Array): string {
  const hasSingle = b.includes(39);
  const quote = hasSingle && !b.includes(34) ? '"' : "'";
  let out = `b${quote}`;
  for (const c of b) {
    const ch = String.fromCharCode(c);
    if (ch === quote || ch === '\\') out += `\\${ch}`;
    else if (c === 9) out += '\\t';
    else if (c === 10) out += '\\n';
    else if (c === 13) out += '\\r';
    else if (c < 0x20 || c >= 0x7f) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return out + quote;
}

function compare(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

function order(name: string, test: (c: number) => boolean) {
  return def(`${name}(self, value, /)`, ({ self, value }) => {
    if (!isBytes(value)) return NotImplemented;
    return test(compare(bytesData(self), bytesData(value)));
  });
}

function sliceIndices(sl: PySlice, len: number): number[] {
  const step = sl.step === null ? 1 : toIndex(sl.step);
  if (step === 0) throw pyError(ValueError, 'slice step cannot be zero');
  const norm = (v: PyValue, dflt: number, lo: number, hi: number) => {
    if (v === null) return dflt;
    let i = toIndex(v);
    if (i < 0) i += len;
    return Math.min(Math.max(i, lo), hi);
  };
  const out: number[] = [];
  if (step > 0) {
    const start = norm(sl.start, 0, 0, len);
    const stop = norm(sl.stop, len, 0, len);
    for (let i = start; i < stop; i += step) out.push(i);
  } else {
    const start = norm(sl.start, len - 1, -1, len - 1);
    const stop = norm(sl.stop, -1, -1, len - 1);
    for (let i = start; i > stop; i += step) out.push(i);
  }
  return out;
}

function fromIterable(v: PyValue): Uint8Array {
  const out: number[] = [];
  for (const x of iterate(v)) {
    if (typeof x !== 'bigint' && typeof x !== 'boolean') {
      throw pyError(TypeError, `'${typeName(x)}' object cannot be interpreted as an integer`);
    }
    const n = Number(x);
    if (n < 0 || n > 255) throw pyError(ValueError, 'bytes must be in range(0, 256)');
    out.push(n);
  }
  return Uint8Array.from(out);
}

function construct(_cls: PyClass, args: PyValue[], kwargs: KwArgs, _ctx: CallContext): PyValue {
  const source = args[0] ?? kwargs.get('source');
  const encoding = args[1] ?? kwargs.get('encoding');
  if (source === undefined) return newBytes(new Uint8Array(0));
  if (typeof source === 'string') {
    if (encoding === undefined) throw pyError(TypeError, 'string argument without an encoding');
    return encodeStr(source, encoding);
  }
  if (encoding !== undefined) throw pyError(TypeError, 'encoding without a string argument');
  if (typeof source === 'bigint') {
    if (source < 0n) throw pyError(ValueError, 'negative count');
    return newBytes(new Uint8Array(Number(source)));
  }
  if (isBytes(source)) return source;
  return newBytes(fromIterable(source));
}

/** The codecs supported: UTF-8 (and its spellings) and ASCII. */
function checkEncoding(enc: PyValue): 'utf8' | 'ascii' {
  if (typeof enc !== 'string') throw pyError(TypeError, `argument 'encoding' must be str, not ${typeName(enc)}`);
  const e = enc.toLowerCase().replace(/[-_ ]/g, '');
  if (e === 'utf8' || e === 'u8') return 'utf8';
  if (e === 'ascii' || e === 'usascii') return 'ascii';
  throw pyError(LookupError, `unknown encoding: ${enc}`);
}

/** `str.encode(encoding)`. */
export function encodeStr(s: string, encoding: PyValue): PyInstance {
  const data = encodeUtf8(s);
  if (checkEncoding(encoding) === 'ascii') {
    const i = [...s].findIndex((c) => (c.codePointAt(0) as number) > 127);
    if (i >= 0) {
      const c = [...s][i].codePointAt(0) as number;
      const esc =
        c < 0x100
          ? `\\x${c.toString(16).padStart(2, '0')}`
          : c < 0x10000
            ? `\\u${c.toString(16).padStart(4, '0')}`
            : `\\U${c.toString(16).padStart(8, '0')}`;
      throw pyError(
        UnicodeEncodeError,
        `'ascii' codec can't encode character '${esc}' in position ${i}: ordinal not in range(128)`,
      );
    }
  }
  return newBytes(data);
}

function asciiCheck(b: Uint8Array): void {
  const i = b.findIndex((c) => c > 127);
  if (i >= 0) {
    throw pyError(
      UnicodeDecodeError,
      `'ascii' codec can't decode byte 0x${b[i].toString(16)} in position ${i}: ordinal not in range(128)`,
    );
  }
}

export const BytesType: PyClass = nativeClass({
  name: 'bytes',
  construct,
  methods: {
    __len__: def('__len__(self)', ({ self: s }) => BigInt(bytesData(s).length)),
    __getitem__: def('__getitem__(self, key, /)', ({ self: s, key }) => {
      const b = bytesData(s);
      if (key instanceof PySlice) return newBytes(Uint8Array.from(sliceIndices(key, b.length), (i) => b[i]));
      let i = toIndex(key);
      if (i < 0) i += b.length;
      if (i < 0 || i >= b.length) throw pyError(IndexError, 'index out of range');
      return BigInt(b[i]);
    }),
    __iter__: def('__iter__(self)', ({ self: s }) => {
      const b = bytesData(s);
      let i = 0;
      return new PyIterator(() => (i < b.length ? BigInt(b[i++]) : undefined), 'bytes_iterator');
    }),
    __contains__: def('__contains__(self, key, /)', ({ self: s, key: x }) => {
      const b = bytesData(s);
      if (typeof x === 'bigint') return b.includes(Number(x));
      if (!isBytes(x)) throw pyError(TypeError, `a bytes-like object is required, not '${typeName(x)}'`);
      const n = bytesData(x);
      outer: for (let i = 0; i + n.length <= b.length; i++) {
        for (let k = 0; k < n.length; k++) if (b[i + k] !== n[k]) continue outer;
        return true;
      }
      return false;
    }),
    __add__: def('__add__(self, value, /)', ({ self: s, value: o }) => {
      if (!isBytes(o)) throw pyError(TypeError, `can't concat ${typeName(o)} to bytes`);
      const a = bytesData(s);
      const b = bytesData(o);
      const r = new Uint8Array(a.length + b.length);
      r.set(a);
      r.set(b, a.length);
      return newBytes(r);
    }),
    __mul__: def('__mul__(self, value, /)', ({ self: s, value: n }) => {
      if (typeof n !== 'bigint') return NotImplemented;
      const a = bytesData(s);
      const k = n < 0n ? 0 : Number(n);
      const r = new Uint8Array(a.length * k);
      for (let i = 0; i < k; i++) r.set(a, i * a.length);
      return newBytes(r);
    }),
    __rmul__: def('__rmul__(self, value, /)', ({ self: s, value: n }) => {
      if (typeof n !== 'bigint') return NotImplemented;
      const a = bytesData(s);
      const k = n < 0n ? 0 : Number(n);
      const r = new Uint8Array(a.length * k);
      for (let i = 0; i < k; i++) r.set(a, i * a.length);
      return newBytes(r);
    }),
    __eq__: def('__eq__(self, value, /)', ({ self: s, value: o }) =>
      isBytes(o) ? compare(bytesData(s), bytesData(o)) === 0 : NotImplemented,
    ),
    __ne__: def('__ne__(self, value, /)', ({ self: s, value: o }) =>
      isBytes(o) ? compare(bytesData(s), bytesData(o)) !== 0 : NotImplemented,
    ),
    __lt__: order('__lt__', (c) => c < 0),
    __le__: order('__le__', (c) => c <= 0),
    __gt__: order('__gt__', (c) => c > 0),
    __ge__: order('__ge__', (c) => c >= 0),
    __hash__: def('__hash__(self)', ({ self: s }) => {
      let h = 0xcbf29ce484222325n;
      for (const c of bytesData(s)) h = ((h ^ BigInt(c)) * 0x100000001b3n) & 0xffffffffffffffffn;
      return BigInt.asIntN(64, h) >> 4n;
    }),
    __bool__: def('__bool__(self)', ({ self: s }) => bytesData(s).length > 0),
    __repr__: def('__repr__(self)', ({ self: s }) => bytesRepr(bytesData(s))),
    decode: def("decode(self, encoding='utf-8', errors='strict')", ({ self, encoding }) => {
      if (checkEncoding(encoding) === 'ascii') asciiCheck(bytesData(self));
      return decodeUtf8(bytesData(self));
    }),
    hex: def('hex(self)', ({ self: s }) => Array.from(bytesData(s), (c) => c.toString(16).padStart(2, '0')).join('')),
  },
});
