/**
 * Python operator semantics: arithmetic with exact ints and floor division/modulo, comparisons, equality,
 * truthiness, membership, and dunder dispatch (`__add__` then the reflected `__radd__`) for instances.
 */
import type { BinOp, CmpOp, UnaryOp } from './ast';
import { dictGet, dictSet, newSet } from './dict';
import { MemoryError, OverflowError, pyError, TypeError, ValueError, ZeroDivisionError } from './exceptions';
import { percentFormat } from './formatSpec';
import { getIter, toArray } from './iteration';
import { hashKey } from './numbers';
import { chargeSize, runtime } from './runtime';
import { beforeMutation } from './sideEffects';
import {
  NotImplemented,
  PyClass,
  PyDict,
  PyInstance,
  PyList,
  PyObject,
  PyRange,
  PySet,
  PyTuple,
  PyUnknown,
  type PyValue,
  replaceItems,
  typeName,
  typeOf,
} from './values';

const DUNDER: Record<BinOp, [string, string]> = {
  '+': ['__add__', '__radd__'],
  '-': ['__sub__', '__rsub__'],
  '*': ['__mul__', '__rmul__'],
  '/': ['__truediv__', '__rtruediv__'],
  '//': ['__floordiv__', '__rfloordiv__'],
  '%': ['__mod__', '__rmod__'],
  '**': ['__pow__', '__rpow__'],
  '@': ['__matmul__', '__rmatmul__'],
  '<<': ['__lshift__', '__rlshift__'],
  '>>': ['__rshift__', '__rrshift__'],
  '&': ['__and__', '__rand__'],
  '|': ['__or__', '__ror__'],
  '^': ['__xor__', '__rxor__'],
};

const INPLACE: Record<BinOp, string> = {
  '+': '__iadd__',
  '-': '__isub__',
  '*': '__imul__',
  '/': '__itruediv__',
  '//': '__ifloordiv__',
  '%': '__imod__',
  '**': '__ipow__',
  '@': '__imatmul__',
  '<<': '__ilshift__',
  '>>': '__irshift__',
  '&': '__iand__',
  '|': '__ior__',
  '^': '__ixor__',
};

/** Largest int result (in bits) `**` and `<<` will build before raising MemoryError. */
const MAX_INT_BITS = 4_000_000;
/** Largest sequence `*` will build. */
const MAX_SEQUENCE = 50_000_000;

function unsupported(op: string, a: PyValue, b: PyValue): Error {
  return pyError(TypeError, `unsupported operand type(s) for ${op}: '${typeName(a)}' and '${typeName(b)}'`);
}

function bitLength(n: bigint): number {
  return (n < 0n ? -n : n).toString(2).length;
}

export function floatPow(a: number, b: number): number {
  if (a === 1 || b === 0) return 1;
  if (a === 0 && b < 0) throw pyError(ZeroDivisionError, '0.0 cannot be raised to a negative power');
  if (a < 0 && !Number.isInteger(b) && Number.isFinite(b) && Number.isFinite(a)) {
    throw pyError(ValueError, 'complex results are not supported by Gradient Lens');
  }
  const r = a ** b;
  if (r === Infinity || r === -Infinity) {
    if (Number.isFinite(a) && Number.isFinite(b)) throw pyError(OverflowError, "(34, 'Numerical result out of range')");
  }
  return r;
}

function floatOp(op: BinOp, a: number, b: number, orig: [PyValue, PyValue]): number {
  switch (op) {
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      if (b === 0) throw pyError(ZeroDivisionError, 'float division by zero');
      return a / b;
    case '//':
      if (b === 0) throw pyError(ZeroDivisionError, 'float floor division by zero');
      return floatDivmod(a, b)[0];
    case '%':
      if (b === 0) throw pyError(ZeroDivisionError, 'float modulo by zero');
      return floatDivmod(a, b)[1];
    case '**':
      return floatPow(a, b);
  }
  throw unsupported(op, orig[0], orig[1]);
}

/** CPython's float_divmod. */
export function floatDivmod(vx: number, wx: number): [number, number] {
  let mod = vx % wx;
  let div = (vx - mod) / wx;
  if (mod) {
    if (wx < 0 !== mod < 0) {
      mod += wx;
      div -= 1;
    }
  } else mod = wx < 0 ? -0 : 0;
  let floordiv: number;
  if (div) {
    floordiv = Math.floor(div);
    if (div - floordiv > 0.5) floordiv += 1;
  } else floordiv = vx / wx < 0 || Object.is(vx / wx, -0) ? -0 : 0;
  return [floordiv, mod];
}

export function intFloorDiv(a: bigint, b: bigint): bigint {
  if (b === 0n) throw pyError(ZeroDivisionError, 'integer division or modulo by zero');
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}

export function intMod(a: bigint, b: bigint): bigint {
  if (b === 0n) throw pyError(ZeroDivisionError, 'integer division or modulo by zero');
  const r = a % b;
  return r !== 0n && r < 0n !== b < 0n ? r + b : r;
}

export function intTrueDiv(a: bigint, b: bigint): number {
  if (b === 0n) throw pyError(ZeroDivisionError, 'division by zero');
  const x = Number(a);
  const y = Number(b);
  if (Number.isFinite(x) && Number.isFinite(y) && Math.abs(x) <= 2 ** 53 && Math.abs(y) <= 2 ** 53) return x / y;
  // Large operands: scale down exactly before converting.
  const q = a / b;
  const r = a - q * b;
  const res = Number(q) + Number(r) / Number(b);
  if (!Number.isFinite(res)) throw pyError(OverflowError, 'integer division result too large for a float');
  return res;
}

export function intPow(a: bigint, b: bigint): PyValue {
  if (b < 0n) {
    if (a === 0n) throw pyError(ZeroDivisionError, '0.0 cannot be raised to a negative power');
    return floatPow(Number(a), Number(b));
  }
  if (a === 0n || a === 1n || b === 0n) return a === 0n && b !== 0n ? 0n : a === 1n || b === 0n ? 1n : a;
  if (a === -1n) return b % 2n === 0n ? 1n : -1n;
  if (bitLength(a) * Number(b) > MAX_INT_BITS) {
    throw pyError(MemoryError, 'integer result too large for Gradient Lens');
  }
  return a ** b;
}

function intOp(op: BinOp, a: bigint, b: bigint): PyValue {
  switch (op) {
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      return intTrueDiv(a, b);
    case '//':
      return intFloorDiv(a, b);
    case '%':
      return intMod(a, b);
    case '**':
      return intPow(a, b);
    case '<<':
      if (b < 0n) throw pyError(ValueError, 'negative shift count');
      if (bitLength(a) + Number(b) > MAX_INT_BITS)
        throw pyError(MemoryError, 'integer result too large for Gradient Lens');
      return a << b;
    case '>>':
      if (b < 0n) throw pyError(ValueError, 'negative shift count');
      return a >> b;
    case '&':
      return a & b;
    case '|':
      return a | b;
    case '^':
      return a ^ b;
  }
  throw unsupported(op, a, b);
}

function isNumber(v: PyValue): v is number | bigint | boolean {
  const t = typeof v;
  return t === 'number' || t === 'bigint' || t === 'boolean';
}

function toBig(v: number | bigint | boolean): bigint {
  return typeof v === 'bigint' ? v : v ? 1n : 0n;
}

function toNum(v: number | bigint | boolean): number {
  return typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : v ? 1 : 0;
}

function repeatCount(n: PyValue): number | undefined {
  if (typeof n === 'bigint') return n <= 0n ? 0 : n > BigInt(MAX_SEQUENCE) ? MAX_SEQUENCE + 1 : Number(n);
  if (typeof n === 'boolean') return n ? 1 : 0;
  return undefined;
}

function repeatItems(items: readonly PyValue[], n: number): PyValue[] {
  if (items.length * n > MAX_SEQUENCE) throw pyError(MemoryError, 'sequence too large for Gradient Lens');
  chargeSize(items.length * n);
  const out: PyValue[] = [];
  for (let i = 0; i < n; i++) for (const x of items) out.push(x);
  return out;
}

function repeatStr(s: string, n: number): string {
  if (s.length * n > MAX_SEQUENCE) throw pyError(MemoryError, 'string too large for Gradient Lens');
  chargeSize(s.length * n);
  return s.repeat(n);
}

/** Builtin sequence/set/dict operators; undefined when the pair is not handled here. */
function builtinBinOp(op: BinOp, a: PyValue, b: PyValue): PyValue | undefined {
  if (typeof a === 'string') {
    if (op === '+') {
      if (typeof b === 'string') return a + b;
      if (!(b instanceof PyInstance))
        throw pyError(TypeError, `can only concatenate str (not "${typeName(b)}") to str`);
      return undefined;
    }
    if (op === '*') {
      const n = repeatCount(b);
      if (n !== undefined) return repeatStr(a, n);
    }
    // `str.__mod__` goes first and always formats: only a subclass of str on the right could answer first.
    if (op === '%') return percentFormat(a, b);
    return undefined;
  }
  if (op === '*' && typeof b === 'string') {
    const n = repeatCount(a);
    if (n !== undefined) return repeatStr(b, n);
  }
  if (a instanceof PyList) {
    beforeMutation(a);
    if (op === '+') {
      if (b instanceof PyList) return new PyList(a.items.concat(b.items));
      if (!(b instanceof PyInstance))
        throw pyError(TypeError, `can only concatenate list (not "${typeName(b)}") to list`);
    }
    if (op === '*') {
      const n = repeatCount(b);
      if (n !== undefined) return new PyList(repeatItems(a.items, n));
    }
    return undefined;
  }
  if (a instanceof PyTuple) {
    if (op === '+') {
      if (b instanceof PyTuple) return new PyTuple(a.items.concat(b.items));
      if (!(b instanceof PyInstance))
        throw pyError(TypeError, `can only concatenate tuple (not "${typeName(b)}") to tuple`);
    }
    if (op === '*') {
      const n = repeatCount(b);
      if (n !== undefined) return new PyTuple(repeatItems(a.items, n));
    }
    return undefined;
  }
  if (op === '*' && (b instanceof PyList || b instanceof PyTuple)) {
    const n = repeatCount(a);
    if (n !== undefined)
      return b instanceof PyList ? new PyList(repeatItems(b.items, n)) : new PyTuple(repeatItems(b.items, n));
  }
  if (a instanceof PySet && b instanceof PySet) return setOp(op, a, b);
  if (a instanceof PyDict && b instanceof PyDict && op === '|') {
    const d = new PyDict();
    for (const e of a.map.values()) dictSet(d, e.key, e.value);
    for (const e of b.map.values()) dictSet(d, e.key, e.value);
    return d;
  }
  return undefined;
}

function setOp(op: BinOp, a: PySet, b: PySet): PyValue | undefined {
  switch (op) {
    case '|':
      return newSet([...a.map.values(), ...b.map.values()]);
    case '&':
      return newSet([...a.map.entries()].filter(([k]) => b.map.has(k)).map(([, v]) => v));
    case '-':
      return newSet([...a.map.entries()].filter(([k]) => !b.map.has(k)).map(([, v]) => v));
    case '^':
      return newSet([
        ...[...a.map.entries()].filter(([k]) => !b.map.has(k)).map(([, v]) => v),
        ...[...b.map.entries()].filter(([k]) => !a.map.has(k)).map(([, v]) => v),
      ]);
  }
  return undefined;
}

function callDunder(obj: PyValue, name: string, args: readonly [] | readonly [PyValue]): PyValue | undefined {
  if (!(obj instanceof PyObject)) return undefined;
  const m = typeOf(obj).lookup(name);
  if (m === undefined || m === null) return undefined;
  return runtime().call(m, args.length === 0 ? [obj] : [obj, args[0]]);
}

/** Dunder dispatch: `a.__op__(b)`, then `b.__rop__(a)`; a subclass on the right goes first, as in CPython. */
function dunderBinOp(op: BinOp, a: PyValue, b: PyValue): PyValue {
  const [name, rname] = DUNDER[op];
  const ta = typeOf(a);
  const tb = typeOf(b);
  const rightFirst = tb !== ta && tb.isSubclassOf(ta) && tb.lookup(rname) !== ta.lookup(rname);
  if (rightFirst) {
    const r = callDunder(b, rname, [a]);
    if (r !== undefined && r !== NotImplemented) return r;
  }
  const l = callDunder(a, name, [b]);
  if (l !== undefined && l !== NotImplemented) return l;
  if (!rightFirst && tb !== ta) {
    const r = callDunder(b, rname, [a]);
    if (r !== undefined && r !== NotImplemented) return r;
  }
  throw unsupported(op === '**' ? '** or pow()' : op, a, b);
}

/** `a op b`. */
export function binaryOp(op: BinOp, a: PyValue, b: PyValue): PyValue {
  const ta = typeof a;
  const tb = typeof b;
  if (ta === 'number' && tb === 'number') return floatOp(op, a as number, b as number, [a, b]);
  if (ta === 'bigint' && tb === 'bigint') return intOp(op, a as bigint, b as bigint);
  if (isNumber(a) && isNumber(b)) {
    if (ta === 'number' || tb === 'number') return floatOp(op, toNum(a), toNum(b), [a, b]);
    if (ta === 'boolean' && tb === 'boolean' && (op === '&' || op === '|' || op === '^')) {
      return op === '&' ? a && b : op === '|' ? a || b : a !== b;
    }
    return intOp(op, toBig(a), toBig(b));
  }
  if (a instanceof PyUnknown) return a;
  if (b instanceof PyUnknown) return b;
  const r = builtinBinOp(op, a, b);
  if (r !== undefined) return r;
  return dunderBinOp(op, a, b);
}

/** `a op= b`: in place for lists/sets/dicts and instances with `__iop__`, else `a op b`. */
export function inplaceOp(op: BinOp, a: PyValue, b: PyValue): PyValue {
  if (a instanceof PyList) {
    if (op === '+') {
      for (const x of toArray(b)) a.items.push(x);
      return a;
    }
    if (op === '*') {
      const n = repeatCount(b);
      if (n !== undefined) {
        replaceItems(a.items, repeatItems(a.items, n));
        return a;
      }
    }
  } else if (a instanceof PySet && b instanceof PySet) {
    const r = setOp(op, a, b);
    if (r instanceof PySet) {
      a.map.clear();
      for (const [k, v] of r.map) a.map.set(k, v);
      return a;
    }
  } else if (a instanceof PyDict && op === '|') {
    if (b instanceof PyDict) for (const e of b.map.values()) dictSet(a, e.key, e.value);
    else
      for (const item of toArray(b)) {
        const [k, v] = toArray(item);
        dictSet(a, k, v);
      }
    return a;
  } else if (a instanceof PyInstance) {
    const m = a.cls.lookup(INPLACE[op]);
    if (m !== undefined && m !== null) {
      const r = runtime().call(m, [a, b]);
      if (r !== NotImplemented) return r;
    }
  }
  return binaryOp(op, a, b);
}

export function unaryOp(op: UnaryOp, v: PyValue): PyValue {
  if (op === 'not') {
    if (v instanceof PyUnknown) return v;
    return !truthy(v);
  }
  switch (typeof v) {
    case 'number':
      if (op === '-') return -v;
      if (op === '+') return v;
      break;
    case 'bigint':
      return op === '-' ? -v : op === '+' ? v : ~v;
    case 'boolean': {
      const n = v ? 1n : 0n;
      return op === '-' ? -n : op === '+' ? n : ~n;
    }
  }
  if (v instanceof PyUnknown) return v;
  const name = op === '-' ? '__neg__' : op === '+' ? '__pos__' : '__invert__';
  const r = callDunder(v, name, []);
  if (r !== undefined) return r;
  throw pyError(TypeError, `bad operand type for unary ${op}: '${typeName(v)}'`);
}

/** Python truthiness. An Unknown is thrown (callers that can handle it check first). */
export function truthy(v: PyValue): boolean {
  switch (typeof v) {
    case 'boolean':
      return v;
    case 'bigint':
      return v !== 0n;
    case 'number':
      return v !== 0;
    case 'string':
      return v.length > 0;
  }
  if (v === null) return false;
  if (v instanceof PyList || v instanceof PyTuple) return v.items.length > 0;
  if (v instanceof PyDict || v instanceof PySet) return v.map.size > 0;
  if (v instanceof PyRange) return v.length > 0n;
  if (v instanceof PyInstance) {
    const b = v.cls.lookup('__bool__');
    if (b !== undefined && b !== null) {
      const r = runtime().call(b, [v]);
      if (typeof r !== 'boolean') throw pyError(TypeError, `__bool__ should return bool, returned ${typeName(r)}`);
      return r;
    }
    const len = v.cls.lookup('__len__');
    if (len !== undefined && len !== null) return truthy(runtime().call(len, [v]));
    return true;
  }
  if (v instanceof PyUnknown) throw v;
  return true;
}

function numEq(a: number | bigint | boolean, b: number | bigint | boolean): boolean {
  if (typeof a === 'boolean') a = a ? 1n : 0n;
  if (typeof b === 'boolean') b = b ? 1n : 0n;
  if (typeof a === typeof b) return a === b;
  const [big, num] = typeof a === 'bigint' ? [a, b as number] : [b as bigint, a as number];
  return Number.isInteger(num) && BigInt(num) === big;
}

/** Equality of values as containers compare them: identity first, then `==`. */
export function pyEquals(a: PyValue, b: PyValue): boolean {
  if (a === b) return !(typeof a === 'number' && Number.isNaN(a));
  const r = eqOp(a, b);
  return typeof r === 'boolean' ? r : truthy(r);
}

function seqEquals(a: readonly PyValue[], b: readonly PyValue[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i] && !pyEquals(a[i], b[i])) return false;
  return true;
}

/** `a == b` (may return a non-bool from a user or native `__eq__`). */
export function eqOp(a: PyValue, b: PyValue): PyValue {
  if (isNumber(a) && isNumber(b)) return numEq(a, b);
  const ta = typeof a;
  if (ta === 'string' || a === null) return a === b;
  if (a instanceof PyUnknown) return a;
  if (b instanceof PyUnknown) return b;
  if (a instanceof PyInstance || b instanceof PyInstance) {
    const ra = a instanceof PyInstance ? callEq(a, b, '__eq__') : undefined;
    if (ra !== undefined && ra !== NotImplemented) return ra;
    const rb = b instanceof PyInstance ? callEq(b, a, '__eq__') : undefined;
    if (rb !== undefined && rb !== NotImplemented) return rb;
    return a === b;
  }
  if (a instanceof PyList) return b instanceof PyList && seqEquals(a.items, b.items);
  if (a instanceof PyTuple) return b instanceof PyTuple && seqEquals(a.items, b.items);
  if (a instanceof PyDict) {
    if (!(b instanceof PyDict) || a.map.size !== b.map.size) return false;
    for (const [k, e] of a.map) {
      const o = b.map.get(k);
      if (!o || !pyEquals(e.value, o.value)) return false;
    }
    return true;
  }
  if (a instanceof PySet) {
    if (!(b instanceof PySet) || a.map.size !== b.map.size) return false;
    for (const k of a.map.keys()) if (!b.map.has(k)) return false;
    return true;
  }
  if (a instanceof PyRange && b instanceof PyRange) {
    const la = a.length;
    if (la !== b.length) return false;
    return la === 0n || (a.start === b.start && (la === 1n || a.step === b.step));
  }
  return a === b;
}

function callEq(self: PyInstance, other: PyValue, name: string): PyValue | undefined {
  const m = self.cls.lookup(name);
  if (m === undefined || m === null || m === objectEq) return undefined;
  return runtime().call(m, [self, other]);
}

let objectEq: PyValue | undefined;
/** Registers `object.__eq__` so identity comparison skips the call. */
export function setObjectEq(fn: PyValue): void {
  objectEq = fn;
}

const REFLECT: Record<string, [string, string]> = {
  '<': ['__lt__', '__gt__'],
  '>': ['__gt__', '__lt__'],
  '<=': ['__le__', '__ge__'],
  '>=': ['__ge__', '__le__'],
};

function orderResult(op: string, c: number): boolean {
  switch (op) {
    case '<':
      return c < 0;
    case '>':
      return c > 0;
    case '<=':
      return c <= 0;
    default:
      return c >= 0;
  }
}

function seqOrder(op: string, a: readonly PyValue[], b: readonly PyValue[]): PyValue {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    if (a[i] === b[i] || pyEquals(a[i], b[i])) continue;
    if (op === '<' || op === '<=') return orderOp('<', a[i], b[i]);
    return orderOp('>', a[i], b[i]);
  }
  return orderResult(op, a.length - b.length);
}

/** `<`, `>`, `<=`, `>=`. */
export function orderOp(op: string, a: PyValue, b: PyValue): PyValue {
  if (isNumber(a) && isNumber(b)) {
    const x = typeof a === 'boolean' ? (a ? 1 : 0) : a;
    const y = typeof b === 'boolean' ? (b ? 1 : 0) : b;
    switch (op) {
      case '<':
        return x < y;
      case '>':
        return x > y;
      case '<=':
        return x <= y;
      default:
        return x >= y;
    }
  }
  if (typeof a === 'string' && typeof b === 'string') return orderResult(op, a < b ? -1 : a > b ? 1 : 0);
  if (a instanceof PyUnknown) return a;
  if (b instanceof PyUnknown) return b;
  if (a instanceof PyList && b instanceof PyList) return seqOrder(op, a.items, b.items);
  if (a instanceof PyTuple && b instanceof PyTuple) return seqOrder(op, a.items, b.items);
  if (a instanceof PySet && b instanceof PySet) {
    const sub = (x: PySet, y: PySet) => [...x.map.keys()].every((k) => y.map.has(k));
    if (op === '<=') return sub(a, b);
    if (op === '>=') return sub(b, a);
    if (op === '<') return a.map.size < b.map.size && sub(a, b);
    return a.map.size > b.map.size && sub(b, a);
  }
  const [name, rname] = REFLECT[op];
  const l = callDunder(a, name, [b]);
  if (l !== undefined && l !== NotImplemented) return l;
  const r = callDunder(b, rname, [a]);
  if (r !== undefined && r !== NotImplemented) return r;
  throw pyError(TypeError, `'${op}' not supported between instances of '${typeName(a)}' and '${typeName(b)}'`);
}

/** `needle in haystack`. */
export function contains(haystack: PyValue, needle: PyValue): PyValue {
  if (typeof haystack === 'string') {
    if (typeof needle !== 'string') {
      if (needle instanceof PyUnknown) return needle;
      throw pyError(TypeError, `'in <string>' requires string as left operand, not ${typeName(needle)}`);
    }
    return haystack.includes(needle);
  }
  if (haystack instanceof PyUnknown) return haystack;
  if (haystack instanceof PyList || haystack instanceof PyTuple) {
    for (const x of haystack.items) if (x === needle || pyEquals(x, needle)) return true;
    return false;
  }
  if (haystack instanceof PyDict) return dictGet(haystack, needle) !== undefined;
  if (haystack instanceof PySet) return haystack.map.has(hashKey(needle));
  if (haystack instanceof PyRange) {
    let n: bigint;
    if (typeof needle === 'bigint') n = needle;
    else if (typeof needle === 'boolean') n = needle ? 1n : 0n;
    else if (typeof needle === 'number' && Number.isInteger(needle)) n = BigInt(needle);
    else return false;
    const { start, stop, step } = haystack;
    if (step > 0n ? n < start || n >= stop : n > start || n <= stop) return false;
    return (n - start) % step === 0n;
  }
  if (haystack instanceof PyInstance) {
    const m = haystack.cls.lookup('__contains__');
    if (m !== undefined && m !== null) return truthy(runtime().call(m, [haystack, needle]));
  }
  if (!(haystack instanceof PyObject) || haystack instanceof PyClass) {
    throw pyError(TypeError, `argument of type '${typeName(haystack)}' is not iterable`);
  }
  const it = getIter(haystack);
  const rt = runtime();
  for (let x = it.next(); x !== undefined; x = it.next()) {
    rt.tick();
    if (x === needle || pyEquals(x, needle)) return true;
  }
  return false;
}

/** `a is b`. */
export function isOp(a: PyValue, b: PyValue): boolean {
  if (typeof a === 'number' && typeof b === 'number') return Object.is(a, b);
  return a === b;
}

/** One comparison of a chain. */
export function compareOp(op: CmpOp, a: PyValue, b: PyValue): PyValue {
  switch (op) {
    case '==':
      return eqOp(a, b);
    case '!=': {
      if (a instanceof PyInstance || b instanceof PyInstance) {
        const ra = a instanceof PyInstance ? callEq(a, b, '__ne__') : undefined;
        if (ra !== undefined && ra !== NotImplemented) return ra;
        const rb = b instanceof PyInstance ? callEq(b, a, '__ne__') : undefined;
        if (rb !== undefined && rb !== NotImplemented) return rb;
      }
      const r = eqOp(a, b);
      if (typeof r === 'boolean') return !r;
      if (r instanceof PyUnknown) return r;
      return !truthy(r);
    }
    case 'in':
      return contains(b, a);
    case 'not in': {
      const r = contains(b, a);
      return r instanceof PyUnknown ? r : !r;
    }
    case 'is':
      if (a instanceof PyUnknown || b instanceof PyUnknown) return a instanceof PyUnknown ? a : b;
      return isOp(a, b);
    case 'is not':
      if (a instanceof PyUnknown || b instanceof PyUnknown) return a instanceof PyUnknown ? a : b;
      return !isOp(a, b);
    default:
      return orderOp(op, a, b);
  }
}
