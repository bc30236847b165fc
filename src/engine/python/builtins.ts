/** Builtin functions and the constructors of the builtin types (`int(...)`, `list(...)`, ...). */
import type { Span } from '../span';
import { delAttr, getAttr, setAttr, toIndex } from './attributes';
import { installTypeMethods } from './builtinTypes';
import { dictSet, hashKey, newDict, newSet } from './dict';
import {
  AttributeError,
  builtinExceptions,
  exceptionState,
  OverflowError,
  PyException,
  pyError,
  StopIteration,
  SystemExit,
  TypeError,
  ValueError,
} from './exceptions';
import { MAX_STR_DIGITS, objectId, pyRepr, pyStr } from './format';
import { formatValue, toFixedPy } from './formatSpec';
import type { Interp } from './interpreter';
import { getIter, iterate, iteratorOf, pyIter, toArray } from './iteration';
import { defn, nativeFunction } from './native';
import { binaryOp, floatDivmod, intFloorDiv, intMod, orderOp, truthy } from './operators';
import { chargeSize, runtime } from './runtime';
import {
  BoolType,
  type CallContext,
  ClassMethodType,
  DictType,
  Ellipsis,
  FloatType,
  IntType,
  type KwArgs,
  ListType,
  NotImplemented,
  ObjectType,
  PropertyType,
  PyBoundMethod,
  PyClass,
  PyClassMethod,
  PyDict,
  PyFunction,
  PyInstance,
  PyIterator,
  PyList,
  PyModule,
  PyNativeFunction,
  PyProperty,
  PyRange,
  PySet,
  PySlice,
  PyStaticMethod,
  PySuper,
  PyTuple,
  PyUnknown,
  type PyValue,
  RangeType,
  replaceItems,
  SetType,
  SliceType,
  StaticMethodType,
  StrType,
  SuperType,
  TupleType,
  TypeType,
  typeName,
  typeOf,
} from './values';

/** `object.__init__`: instantiation skips it (and rejects extra arguments when nothing overrides it). */
export const objectInit = new PyNativeFunction('__init__', () => null);
objectInit.ownerName = 'object';

function interp(): Interp {
  return runtime() as Interp;
}

// ---- numbers ----------------------------------------------------------------------------------------------------

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

function parseInt(s: string, base: number): bigint {
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
      return parseInt(v, 10);
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

function roundHalfEven(x: number): number {
  const f = Math.floor(x);
  const d = x - f;
  if (d > 0.5) return f + 1;
  if (d < 0.5) return f;
  return f % 2 === 0 ? f : f + 1;
}

/** `round(x, ndigits)`. */
export function pyRound(x: PyValue, nd: PyValue): PyValue {
  if (x instanceof PyInstance) {
    const m = x.cls.lookup('__round__');
    if (m !== undefined && m !== null) return runtime().call(m, nd === null ? [x] : [x, nd]);
    throw pyError(TypeError, `type ${x.cls.name} doesn't define __round__ method`);
  }
  if (typeof x === 'bigint' || typeof x === 'boolean') {
    const n = typeof x === 'bigint' ? x : x ? 1n : 0n;
    if (nd === null) return n;
    const k = toIndex(nd);
    if (k >= 0) return n;
    const p = 10n ** BigInt(-k);
    const q = intFloorDiv(n, p);
    const r = n - q * p;
    const twice = 2n * r;
    const up = twice > p || (twice === p && q % 2n !== 0n);
    return (up ? q + 1n : q) * p;
  }
  if (typeof x !== 'number') throw pyError(TypeError, `type ${typeName(x)} doesn't define __round__ method`);
  if (nd === null) return floatToInt(roundHalfEven(x));
  const k = toIndex(nd);
  if (!Number.isFinite(x)) return x;
  if (k >= 0) {
    if (k > 300) return x;
    const s = toFixedPy(Math.abs(x), k);
    const r = Number(s);
    return x < 0 || Object.is(x, -0) ? -r : r;
  }
  const p = 10 ** -k;
  const r = roundHalfEven(x / p) * p;
  return Number.isFinite(r) ? r : x;
}

function pyAbs(v: PyValue): PyValue {
  if (typeof v === 'number') return Math.abs(v);
  if (typeof v === 'bigint') return v < 0n ? -v : v;
  if (typeof v === 'boolean') return v ? 1n : 0n;
  if (v instanceof PyInstance) {
    const m = v.cls.lookup('__abs__');
    if (m !== undefined && m !== null) return runtime().call(m, [v]);
  }
  throw pyError(TypeError, `bad operand type for abs(): '${typeName(v)}'`);
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
    if (m !== undefined && !(m instanceof PyNativeFunction && m.ownerName === 'object')) {
      const r = runtime().call(m, [v]);
      if (typeof r !== 'bigint') throw pyError(TypeError, '__hash__ method should return an integer');
      return r;
    }
  }
  hashKey(v);
  return BigInt(objectId(v as object)) * 16n;
}

// ---- helpers ----------------------------------------------------------------------------------------------------

function fn(name: string, impl: (args: PyValue[], kwargs: KwArgs, ctx: CallContext) => PyValue): PyNativeFunction {
  return nativeFunction(name, impl);
}

function arity(name: string, args: PyValue[], min: number, max: number): void {
  if (args.length >= min && args.length <= max) return;
  if (min === max) {
    throw pyError(
      TypeError,
      min === 1
        ? `${name}() takes exactly one argument (${args.length} given)`
        : `${name} expected ${min} arguments, got ${args.length}`,
    );
  }
  if (args.length < min)
    throw pyError(TypeError, `${name} expected at least ${min} argument${min === 1 ? '' : 's'}, got ${args.length}`);
  throw pyError(TypeError, `${name} expected at most ${max} arguments, got ${args.length}`);
}

function withArity(name: string, args: PyValue[], min: number, max: number, f: () => PyValue): PyValue {
  arity(name, args, min, max);
  return f();
}

function noKwargs(name: string, kwargs: KwArgs): void {
  if (kwargs.size > 0) throw pyError(TypeError, `${name}() takes no keyword arguments`);
}

/** A range's length, as CPython's `len()` sees it: a C ssize_t. */
function rangeLength(r: PyRange): bigint {
  const n = r.length;
  if (n > 0x7fffffffffffffffn) throw pyError(OverflowError, 'Python int too large to convert to C ssize_t');
  return n;
}

/** `len(v)`. */
export function pyLen(v: PyValue): number {
  if (typeof v === 'string') return /[\uD800-\uDFFF]/.test(v) ? [...v].length : v.length;
  if (v instanceof PyList || v instanceof PyTuple) return v.items.length;
  if (v instanceof PyDict || v instanceof PySet) return v.map.size;
  if (v instanceof PyRange) return Number(rangeLength(v));
  if (v instanceof PyInstance) {
    const m = v.cls.lookup('__len__');
    if (m !== undefined && m !== null) {
      const r = runtime().call(m, [v]);
      if (r instanceof PyUnknown) throw r;
      const n = toIndex(r);
      if (n < 0) throw pyError(ValueError, '__len__() should return >= 0');
      return n;
    }
  }
  if (v instanceof PyUnknown) throw v;
  throw pyError(TypeError, `object of type '${typeName(v)}' has no len()`);
}

function sortKeyed(items: PyValue[], key: PyValue, reverse: boolean, ctx: CallContext): PyValue[] {
  const keys = key === null ? items : items.map((x) => ctx.call(key, [x]));
  const idx = items.map((_, i) => i);
  const lt = (a: PyValue, b: PyValue): boolean => {
    if (typeof a === 'number' && typeof b === 'number') return a < b;
    if (typeof a === 'string' && typeof b === 'string') return a < b;
    const r = orderOp('<', a, b);
    return r === true || (r !== false && truthy(r));
  };
  idx.sort((i, j) => {
    const a = keys[i];
    const b = keys[j];
    if (reverse) return lt(b, a) ? -1 : lt(a, b) ? 1 : 0;
    return lt(a, b) ? -1 : lt(b, a) ? 1 : 0;
  });
  return idx.map((i) => items[i]);
}

export function sortList(list: PyList, key: PyValue, reverse: boolean, ctx: CallContext): void {
  replaceItems(list.items, sortKeyed(list.items, key, reverse, ctx));
}

function minMax(name: 'min' | 'max', args: PyValue[], kwargs: KwArgs, ctx: CallContext): PyValue {
  for (const k of kwargs.keys()) {
    if (k !== 'key' && k !== 'default') throw pyError(TypeError, `${name}() got an unexpected keyword argument '${k}'`);
  }
  const key = kwargs.get('key') ?? null;
  const dflt = kwargs.get('default');
  if (args.length === 0) throw pyError(TypeError, `${name} expected at least 1 argument, got 0`);
  let items: PyValue[];
  if (args.length === 1) items = toArray(args[0]);
  else {
    if (dflt !== undefined) {
      throw pyError(TypeError, `Cannot specify a default for ${name}() with multiple positional arguments`);
    }
    items = args;
  }
  if (items.length === 0) {
    if (dflt !== undefined) return dflt;
    throw pyError(ValueError, `${name}() iterable argument is empty`);
  }
  const op = name === 'max' ? '>' : '<';
  let best = items[0];
  let bestKey = key === null ? best : ctx.call(key, [best]);
  for (let i = 1; i < items.length; i++) {
    const k = key === null ? items[i] : ctx.call(key, [items[i]]);
    const r = orderOp(op, k, bestKey);
    if (r instanceof PyUnknown) return r;
    if (r === true || (r !== false && truthy(r))) {
      best = items[i];
      bestKey = k;
    }
  }
  return best;
}

function pySum(args: PyValue[], kwargs: KwArgs): PyValue {
  const [iterable, startArg] = args;
  const startKw = kwargs.get('start');
  let acc: PyValue = startKw !== undefined ? startKw : startArg !== undefined ? startArg : 0n;
  if (typeof acc === 'string') throw pyError(TypeError, "sum() can't sum strings [use ''.join(seq) instead]");
  let floatMode = typeof acc === 'number';
  let hi = typeof acc === 'number' ? acc : 0;
  let c = 0;
  const addFloat = (x: number) => {
    const t = hi + x;
    if (Math.abs(hi) >= Math.abs(x)) c += hi - t + x;
    else c += x - t + hi;
    hi = t;
  };
  for (const x of iterate(iterable)) {
    if (floatMode) {
      if (typeof x === 'number') {
        addFloat(x);
        continue;
      }
      if (typeof x === 'bigint' || typeof x === 'boolean') {
        addFloat(toFloat(x));
        continue;
      }
      acc = c && Number.isFinite(c) ? hi + c : hi;
      floatMode = false;
    } else if (typeof x === 'number' && (typeof acc === 'bigint' || typeof acc === 'boolean')) {
      floatMode = true;
      hi = toFloat(acc);
      c = 0;
      addFloat(x);
      continue;
    }
    if (x instanceof PyUnknown) throw x;
    acc = binaryOp('+', acc, x);
    if (typeof acc === 'number' && !floatMode) {
      floatMode = true;
      hi = acc;
      c = 0;
    }
  }
  if (floatMode) return c && Number.isFinite(c) ? hi + c : hi;
  return acc;
}

function classInfoCheck(name: string, obj: PyValue, info: PyValue, test: (c: PyClass) => boolean): PyValue {
  if (info instanceof PyUnknown) return info;
  if (info instanceof PyClass) return test(info);
  if (info instanceof PyTuple) {
    for (const c of info.items) {
      const r = classInfoCheck(name, obj, c, test);
      if (r === true || r instanceof PyUnknown) return r;
    }
    return false;
  }
  throw pyError(TypeError, `${name}() arg 2 must be a type, a tuple of types, or a union`);
}

function superCall(args: PyValue[]): PyValue {
  if (args.length === 2) {
    const [t, obj] = args;
    if (!(t instanceof PyClass)) throw pyError(TypeError, 'super() argument 1 must be a type');
    return new PySuper(t, obj, obj instanceof PyClass ? obj : typeOf(obj));
  }
  const it = interp();
  const frame = it.stack[it.stack.length - 1];
  const fnObj = frame?.fn;
  if (!fnObj?.definingClass) throw pyError('RuntimeError', 'super(): __class__ cell not found');
  const first = fnObj.info.params.args[0]?.name ?? fnObj.info.params.vararg;
  const self = first ? frame.env.vars.get(first) : undefined;
  if (self === undefined) throw pyError('RuntimeError', 'super(): no arguments');
  return new PySuper(fnObj.definingClass, self, self instanceof PyClass ? self : typeOf(self));
}

function typeCall(args: PyValue[], kwargs: KwArgs): PyValue {
  if (args.length === 1 && kwargs.size === 0) return typeOf(args[0]);
  if (args.length === 3) {
    const [name, bases, ns] = args;
    if (typeof name !== 'string' || !(bases instanceof PyTuple) || !(ns instanceof PyDict)) {
      throw pyError(TypeError, `type() argument 1 must be str, not ${typeName(name)}`);
    }
    const dict = new Map<string, PyValue>();
    for (const e of ns.map.values()) dict.set(String(e.key), e.value);
    const bs = bases.items.length ? (bases.items as PyClass[]) : [ObjectType];
    const cls = new PyClass(name, bs, dict, '__main__', false);
    for (const v of dict.values()) if (v instanceof PyFunction) v.definingClass = cls;
    return cls;
  }
  throw pyError(TypeError, 'type() takes 1 or 3 arguments');
}

function rangeCall(args: PyValue[]): PyRange {
  // Ints stay exact (range(2**64), range(10**100000)); only other objects go through __index__.
  const ints = args.map((a) => (typeof a === 'bigint' ? a : BigInt(toIndex(a))));
  if (args.length === 1) return new PyRange(0n, ints[0], 1n);
  if (args.length === 2) return new PyRange(ints[0], ints[1], 1n);
  if (args.length === 3) {
    if (ints[2] === 0n) throw pyError(ValueError, 'range() arg 3 must not be zero');
    return new PyRange(ints[0], ints[1], ints[2]);
  }
  throw pyError(TypeError, `range expected at most 3 arguments, got ${args.length}`);
}

function dictCall(args: PyValue[], kwargs: KwArgs): PyDict {
  const d = new PyDict();
  if (args.length > 1) throw pyError(TypeError, `dict expected at most 1 argument, got ${args.length}`);
  if (args.length === 1) updateDict(d, args[0]);
  for (const [k, v] of kwargs) dictSet(d, k, v);
  return d;
}

/** `d.update(other)`: a dict, an object with `keys()`, or an iterable of pairs. */
export function updateDict(d: PyDict, other: PyValue): void {
  if (other instanceof PyDict) {
    for (const e of other.map.values()) dictSet(d, e.key, e.value);
    return;
  }
  if (other instanceof PyInstance && other.cls.lookup('keys')) {
    const rt = runtime();
    for (const k of toArray(rt.call(getAttr(other, 'keys'), []))) {
      dictSet(d, k, rt.call(getAttr(other, '__getitem__'), [k]));
    }
    return;
  }
  let i = 0;
  for (const item of iterate(other)) {
    const pair = toArray(item);
    if (pair.length !== 2) {
      throw pyError(ValueError, `dictionary update sequence element #${i} has length ${pair.length}; 2 is required`);
    }
    dictSet(d, pair[0], pair[1]);
    i++;
  }
}

function lazy(label: string, gen: () => Generator<PyValue>): PyIterator {
  return iteratorOf(gen(), label);
}

function zipCall(args: PyValue[], kwargs: KwArgs): PyValue {
  const strict = kwargs.get('strict') === true;
  const iters = args.map((a) => getIter(a));
  return lazy('zip', function* () {
    if (iters.length === 0) return;
    const rt = runtime();
    for (;;) {
      const row: PyValue[] = [];
      for (let i = 0; i < iters.length; i++) {
        const x = iters[i].next();
        if (x === undefined) {
          if (strict && (i > 0 || iters.slice(1).some((it) => it.next() !== undefined))) {
            throw pyError(ValueError, `zip() argument ${i + 1} is shorter than argument${i > 1 ? `s 1-${i}` : ' 1'}`);
          }
          return;
        }
        row.push(x);
      }
      rt.tick();
      yield new PyTuple(row);
    }
  });
}

function reversedCall(v: PyValue): PyValue {
  if (v instanceof PyList || v instanceof PyTuple) {
    const items = v.items;
    let i = items.length;
    return new PyIterator(() => (--i >= 0 && i < items.length ? items[i] : undefined), 'list_reverseiterator');
  }
  if (typeof v === 'string') return iteratorOf([...v].reverse()[Symbol.iterator](), 'reversed');
  if (v instanceof PyRange) {
    const n = v.length;
    return new PyRange(v.start + (n - 1n) * v.step, v.start - v.step, -v.step);
  }
  if (v instanceof PyDict)
    return iteratorOf(
      [...v.map.values()]
        .reverse()
        .map((e) => e.key)
        [Symbol.iterator](),
    );
  if (v instanceof PyInstance) {
    const m = v.cls.lookup('__reversed__');
    if (m !== undefined && m !== null) return runtime().call(m, [v]);
    const len = pyLen(v);
    const get = getAttr(v, '__getitem__');
    let i = len;
    return new PyIterator(() => (--i >= 0 ? runtime().call(get, [BigInt(i)]) : undefined), 'reversed');
  }
  throw pyError(TypeError, `'${typeName(v)}' object is not reversible`);
}

function nextCall(args: PyValue[]): PyValue {
  const [it, dflt] = args;
  let r: PyValue | undefined;
  if (it instanceof PyIterator) r = it.next();
  else if (it instanceof PyInstance && it.cls.lookup('__next__')) {
    try {
      return runtime().call(it.cls.lookup('__next__') as PyValue, [it]);
    } catch (e) {
      if (e instanceof PyException && e.cls.isSubclassOf(StopIteration) && args.length > 1) return dflt;
      throw e;
    }
  } else throw pyError(TypeError, `'${typeName(it)}' object is not an iterator`);
  if (r !== undefined) return r;
  if (args.length > 1) return dflt;
  throw pyError(StopIteration);
}

function dirOf(v: PyValue | undefined): PyList {
  const names = new Set<string>();
  if (v === undefined) for (const k of interp().globals.keys()) names.add(k);
  else {
    if (v instanceof PyInstance && v.dict) for (const k of v.dict.keys()) names.add(k);
    if (v instanceof PyModule) for (const k of v.dict.keys()) names.add(k);
    const cls = v instanceof PyClass ? v : typeOf(v);
    for (const c of cls.mro) for (const k of c.dict.keys()) names.add(k);
  }
  return new PyList([...names].sort());
}

function unsupportedBuiltin(name: string): PyNativeFunction {
  return nativeFunction(name, (_a, _k, ctx) => ctx.unsupported(`${name}()`), { acceptsUnknown: true });
}

function printCall(args: PyValue[], kwargs: KwArgs, ctx: CallContext): PyValue {
  const sepV = kwargs.get('sep') ?? null;
  const endV = kwargs.get('end') ?? null;
  for (const k of kwargs.keys()) {
    if (k !== 'sep' && k !== 'end' && k !== 'file' && k !== 'flush') {
      throw pyError(TypeError, `'${k}' is an invalid keyword argument for print()`);
    }
  }
  if (sepV !== null && typeof sepV !== 'string')
    throw pyError(TypeError, `sep must be None or a string, not ${typeName(sepV)}`);
  if (endV !== null && typeof endV !== 'string')
    throw pyError(TypeError, `end must be None or a string, not ${typeName(endV)}`);
  const text = args.map((a) => (a instanceof PyUnknown ? '<unknown>' : pyStr(a))).join(sepV ?? ' ') + (endV ?? '\n');
  emitPrint(text, ctx.span);
  return null;
}

function emitPrint(text: string, span: Span): void {
  interp().observer.onPrint?.(text, span);
}

// ---- type constructors ------------------------------------------------------------------------------------------

function constructor(cls: PyClass, make: (args: PyValue[], kwargs: KwArgs, ctx: CallContext) => PyValue): void {
  cls.native = { construct: (_cls, args, kwargs, ctx) => make(args, kwargs, ctx) };
}

function installConstructors(): void {
  constructor(IntType, (args, kwargs) => {
    const base = kwargs.get('base') ?? args[1];
    if (args.length === 0) return 0n;
    if (base !== undefined && base !== null) {
      if (typeof args[0] !== 'string') throw pyError(TypeError, "int() can't convert non-string with explicit base");
      const b = toIndex(base);
      if (b !== 0 && (b < 2 || b > 36)) throw pyError(ValueError, 'int() base must be >= 2 and <= 36, or 0');
      return parseInt(args[0], b);
    }
    return toInt(args[0]);
  });
  constructor(FloatType, (args, kwargs) => {
    noKwargs('float', kwargs);
    return args.length === 0 ? 0 : toFloat(args[0]);
  });
  constructor(BoolType, (args) => (args.length === 0 ? false : truthy(args[0])));
  constructor(StrType, (args, kwargs) => {
    const v = args.length > 0 ? args[0] : kwargs.get('object');
    return v === undefined ? '' : pyStr(v);
  });
  constructor(ListType, (args) => new PyList(args.length ? toArray(args[0]) : []));
  constructor(TupleType, (args) =>
    args[0] instanceof PyTuple ? args[0] : new PyTuple(args.length ? toArray(args[0]) : []),
  );
  constructor(SetType, (args) => newSet(args.length ? iterate(args[0]) : []));
  constructor(DictType, (args, kwargs) => dictCall(args, kwargs));
  constructor(RangeType, (args) => rangeCall(args));
  constructor(SliceType, (args) => {
    arity('slice', args, 1, 3);
    return args.length === 1 ? new PySlice(null, args[0], null) : new PySlice(args[0], args[1], args[2] ?? null);
  });
  constructor(TypeType, (args, kwargs) => typeCall(args, kwargs));
  constructor(SuperType, (args) => superCall(args));
  constructor(PropertyType, (args, kwargs) => {
    const get = (i: number, k: string) => args[i] ?? kwargs.get(k) ?? null;
    return new PyProperty(get(0, 'fget'), get(1, 'fset'), get(2, 'fdel'), get(3, 'doc'));
  });
  constructor(StaticMethodType, (args) => new PyStaticMethod(args[0]));
  constructor(ClassMethodType, (args) => new PyClassMethod(args[0]));
}

// ---- the builtins table -----------------------------------------------------------------------------------------

function makeBuiltins(): Map<string, PyValue> {
  installTypeMethods();
  installConstructors();
  const b = new Map<string, PyValue>();
  const add = (f: PyNativeFunction) => b.set(f.name, f);
  const print = nativeFunction('print', printCall, { acceptsUnknown: true });
  add(print);
  add(
    fn('len', (args, kw) => {
      noKwargs('len', kw);
      arity('len', args, 1, 1);
      const v = args[0];
      // A range's length stays exact beyond 2^53 (CPython: up to a C ssize_t).
      if (v instanceof PyRange) return rangeLength(v);
      return BigInt(pyLen(v));
    }),
  );
  add(
    defn('enumerate(iterable, start=0)', ([iterable, start]) => {
      const it = getIter(iterable);
      let i = BigInt(toIndex(start));
      return new PyIterator(() => {
        const x = it.next();
        return x === undefined ? undefined : new PyTuple([i++, x]);
      }, 'enumerate');
    }),
  );
  add(fn('zip', zipCall));
  add(
    fn('sum', (args, kw) => {
      arity('sum', args, 1, 2);
      return pySum(args, kw);
    }),
  );
  add(fn('min', (args, kw, ctx) => minMax('min', args, kw, ctx)));
  add(fn('max', (args, kw, ctx) => minMax('max', args, kw, ctx)));
  add(
    fn('abs', (args) => {
      arity('abs', args, 1, 1);
      return pyAbs(args[0]);
    }),
  );
  add(defn('round(number, ndigits=None)', ([x, nd]) => pyRound(x, nd)));
  add(
    defn('sorted(iterable, /, *, key=None, reverse=False)', ([it, key, rev], ctx) => {
      return new PyList(sortKeyed(toArray(it), key, truthy(rev), ctx));
    }),
  );
  add(
    fn('reversed', (args) => {
      arity('reversed', args, 1, 1);
      return reversedCall(args[0]);
    }),
  );
  add(
    fn('isinstance', (args) => {
      arity('isinstance', args, 2, 2);
      const t = typeOf(args[0]);
      return classInfoCheck('isinstance', args[0], args[1], (c) => t.isSubclassOf(c));
    }),
  );
  add(
    fn('issubclass', (args) => {
      arity('issubclass', args, 2, 2);
      const c = args[0];
      if (!(c instanceof PyClass)) throw pyError(TypeError, 'issubclass() arg 1 must be a class');
      return classInfoCheck('issubclass', c, args[1], (k) => c.isSubclassOf(k));
    }),
  );
  add(
    fn('map', (args) => {
      if (args.length < 2) throw pyError(TypeError, 'map() must have at least two arguments.');
      const f = args[0];
      const iters = args.slice(1).map((a) => getIter(a));
      return lazy('map', function* () {
        const rt = runtime();
        for (;;) {
          const row: PyValue[] = [];
          for (const it of iters) {
            const x = it.next();
            if (x === undefined) return;
            row.push(x);
          }
          yield rt.call(f, row);
        }
      });
    }),
  );
  add(
    fn('filter', (args) => {
      arity('filter', args, 2, 2);
      const [f, iterable] = args;
      const it = getIter(iterable);
      return lazy('filter', function* () {
        const rt = runtime();
        for (let x = it.next(); x !== undefined; x = it.next()) {
          rt.tick();
          if (truthy(f === null ? x : rt.call(f, [x]))) yield x;
        }
      });
    }),
  );
  add(
    fn('any', (args) => {
      arity('any', args, 1, 1);
      for (const x of iterate(args[0])) if (truthy(x)) return true;
      return false;
    }),
  );
  add(
    fn('all', (args) => {
      arity('all', args, 1, 1);
      for (const x of iterate(args[0])) if (!truthy(x)) return false;
      return true;
    }),
  );
  add(fn('repr', (args) => withArity('repr', args, 1, 1, () => pyRepr(args[0]))));
  add(fn('ascii', (args) => withArity('ascii', args, 1, 1, () => pyRepr(args[0]))));
  add(
    fn('iter', (args) => {
      arity('iter', args, 1, 1);
      return pyIter(args[0]);
    }),
  );
  add(fn('next', (args) => withArity('next', args, 1, 2, () => nextCall(args))));
  add(
    fn('hasattr', (args) => {
      arity('hasattr', args, 2, 2);
      if (typeof args[1] !== 'string') throw pyError(TypeError, 'hasattr(): attribute name must be string');
      try {
        const v = getAttr(args[0], args[1]);
        return v instanceof PyUnknown ? v : true;
      } catch (e) {
        if (e instanceof PyException && e.cls.isSubclassOf(AttributeError)) return false;
        throw e;
      }
    }),
  );
  add(
    fn('getattr', (args) => {
      arity('getattr', args, 2, 3);
      const [obj, name, dflt] = args;
      if (typeof name !== 'string') throw pyError(TypeError, 'attribute name must be string');
      try {
        return getAttr(obj, name);
      } catch (e) {
        if (args.length === 3 && e instanceof PyException && e.cls.isSubclassOf(AttributeError)) return dflt;
        throw e;
      }
    }),
  );
  add(
    fn('setattr', (args) => {
      arity('setattr', args, 3, 3);
      if (typeof args[1] !== 'string') throw pyError(TypeError, 'attribute name must be string');
      setAttr(args[0], args[1], args[2]);
      return null;
    }),
  );
  add(
    fn('delattr', (args) => {
      arity('delattr', args, 2, 2);
      delAttr(args[0], String(args[1]));
      return null;
    }),
  );
  add(
    fn('id', (args) => {
      arity('id', args, 1, 1);
      const v = args[0];
      return typeof v === 'object' && v !== null ? BigInt(objectId(v)) * 16n + 0x7f0000000000n : pyHash(v);
    }),
  );
  add(fn('hash', (args) => withArity('hash', args, 1, 1, () => pyHash(args[0]))));
  add(
    fn('callable', (args) => {
      arity('callable', args, 1, 1);
      const v = args[0];
      if (
        v instanceof PyFunction ||
        v instanceof PyNativeFunction ||
        v instanceof PyBoundMethod ||
        v instanceof PyClass
      ) {
        return true;
      }
      return v instanceof PyInstance && v.cls.lookup('__call__') !== undefined;
    }),
  );
  add(
    fn('divmod', (args) => {
      arity('divmod', args, 2, 2);
      const [a, b] = args;
      if (typeof a === 'bigint' && typeof b === 'bigint') return new PyTuple([intFloorDiv(a, b), intMod(a, b)]);
      if ((typeof a === 'number' || typeof a === 'bigint') && (typeof b === 'number' || typeof b === 'bigint')) {
        const y = toFloat(b);
        if (y === 0) throw pyError('ZeroDivisionError', 'float divmod()');
        return new PyTuple(floatDivmod(toFloat(a), y));
      }
      return new PyTuple([binaryOp('//', a, b), binaryOp('%', a, b)]);
    }),
  );
  add(
    defn('pow(base, exp, mod=None)', ([base, exp, mod]) => {
      if (mod === null) return binaryOp('**', base, exp);
      if (typeof base !== 'bigint' || typeof exp !== 'bigint' || typeof mod !== 'bigint') {
        throw pyError(TypeError, 'pow() 3rd argument not allowed unless all arguments are integers');
      }
      if (mod === 0n) throw pyError(ValueError, 'pow() 3rd argument cannot be 0');
      if (exp < 0n) throw pyError(ValueError, 'base is not invertible for the given modulus');
      let r = 1n;
      let bb = intMod(base, mod);
      let e = exp;
      while (e > 0n) {
        if (e & 1n) r = (r * bb) % mod;
        bb = (bb * bb) % mod;
        e >>= 1n;
      }
      return intMod(r, mod);
    }),
  );
  add(
    fn('chr', (args) => {
      arity('chr', args, 1, 1);
      const i = toIndex(args[0]);
      if (i < 0 || i > 0x10ffff) throw pyError(ValueError, 'chr() arg not in range(0x110000)');
      return String.fromCodePoint(i);
    }),
  );
  add(
    fn('ord', (args) => {
      arity('ord', args, 1, 1);
      const s = args[0];
      if (typeof s !== 'string')
        throw pyError(TypeError, `ord() expected string of length 1, but ${typeName(s)} found`);
      const cps = [...s];
      if (cps.length !== 1)
        throw pyError(TypeError, `ord() expected a character, but string of length ${cps.length} found`);
      return BigInt(cps[0].codePointAt(0) as number);
    }),
  );
  add(defn('format(value, format_spec="")', ([v, spec]) => formatValue(v, String(spec))));
  const radix = (name: string, base: number, prefix: string) =>
    fn(name, (args) => {
      arity(name, args, 1, 1);
      const n = BigInt(toIndex(args[0]));
      return n < 0n ? `-${prefix}${(-n).toString(base)}` : `${prefix}${n.toString(base)}`;
    });
  add(radix('bin', 2, '0b'));
  add(radix('hex', 16, '0x'));
  add(radix('oct', 8, '0o'));
  add(
    fn('vars', (args) => {
      if (args.length === 0) return newDict(interp().globals.entries());
      const v = args[0];
      if (v instanceof PyInstance) return newDict(v.attrs().entries());
      if (v instanceof PyClass || v instanceof PyModule) return newDict(v.dict.entries());
      throw pyError(TypeError, 'vars() argument must have __dict__ attribute');
    }),
  );
  add(fn('dir', (args) => dirOf(args[0])));
  add(fn('globals', () => newDict(interp().globals.entries())));
  add(
    fn('locals', () => {
      const it = interp();
      const top = it.stack[it.stack.length - 1];
      return newDict((top ? top.env.vars : it.globals).entries());
    }),
  );
  add(
    fn('exit', (args) => {
      const e = pyError(SystemExit);
      exceptionState(e.value).args = args.slice();
      throw e;
    }),
  );
  b.set('quit', b.get('exit') as PyValue);
  for (const name of [
    'input',
    'open',
    'exec',
    'eval',
    'compile',
    '__import__',
    'breakpoint',
    'help',
    'memoryview',
    'bytearray',
    'bytes',
    'complex',
  ]) {
    add(unsupportedBuiltin(name));
  }
  const types: PyClass[] = [
    IntType,
    FloatType,
    BoolType,
    StrType,
    ListType,
    TupleType,
    DictType,
    SetType,
    RangeType,
    SliceType,
    TypeType,
    ObjectType,
    SuperType,
    PropertyType,
    StaticMethodType,
    ClassMethodType,
  ];
  for (const t of types) b.set(t.name, t);
  b.set('frozenset', SetType);
  for (const [name, cls] of builtinExceptions) b.set(name, cls);
  b.set('EnvironmentError', builtinExceptions.get('OSError') as PyClass);
  b.set('IOError', builtinExceptions.get('OSError') as PyClass);
  b.set('NotImplemented', NotImplemented);
  b.set('Ellipsis', Ellipsis);
  b.set('__debug__', true);
  return b;
}

let builtins: Map<string, PyValue> | null = null;

/** The builtins namespace (shared by all runs; builtin objects are immutable). */
export function getBuiltins(): Map<string, PyValue> {
  builtins ??= makeBuiltins();
  return builtins;
}
