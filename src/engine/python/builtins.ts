/** Builtin functions and the constructors of the builtin types (`int(...)`, `list(...)`, ...). */
import type { Span } from '../span';
import { delAttr, getAttr, setAttr } from './attributes';
import { installTypeMethods, sortKeyed, updateDict } from './builtinTypes';
import { BytesType } from './bytes';
import { ComplexType } from './complex';
import { dictSet, newDict, newSet } from './dict';
import {
  AttributeError,
  builtinExceptions,
  exceptionState,
  OverflowError,
  PyException,
  pyError,
  RuntimeError,
  StopIteration,
  SystemExit,
  TypeError,
  ValueError,
  ZeroDivisionError,
} from './exceptions';
import { objectId, pyRepr, pyStr } from './format';
import { formatValue, toFixedPy } from './formatSpec';
import type { Interp } from './interpreter';
import { getIter, iterate, iteratorOf, pyIter, toArray } from './iteration';
import { type Args, type DefOptions, def } from './native';
import { floatToInt, intFromString, pyHash, toFloat, toIndex, toInt } from './numbers';
import { binaryOp, floatDivmod, intFloorDiv, intMod, orderOp, truthy } from './operators';
import { runtime } from './runtime';
import {
  BoolType,
  type CallContext,
  ClassMethodType,
  DictType,
  Ellipsis,
  FloatType,
  IntType,
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

function interp(): Interp {
  return runtime() as Interp;
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

// ---- helpers ----------------------------------------------------------------------------------------------------

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

/** `min`/`max`: `a` is bound by `min(iterable, /, *args, key=None, [default])`. */
function minMax(name: 'min' | 'max', a: Args, ctx: CallContext): PyValue {
  const key = a.key;
  const dflt = a.default;
  const rest = (a.args as PyTuple).items;
  let items: PyValue[];
  if (rest.length === 0) items = toArray(a.iterable);
  else {
    if (dflt !== undefined) {
      throw pyError(TypeError, `Cannot specify a default for ${name}() with multiple positional arguments`);
    }
    items = [a.iterable, ...rest];
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

function pySum(iterable: PyValue, start: PyValue): PyValue {
  let acc: PyValue = start;
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

function classInfoCheck(name: string, info: PyValue, test: (c: PyClass) => boolean): PyValue {
  if (info instanceof PyUnknown) return info;
  if (info instanceof PyClass) return test(info);
  if (info instanceof PyTuple) {
    for (const c of info.items) {
      const r = classInfoCheck(name, c, test);
      if (r === true || r instanceof PyUnknown) return r;
    }
    return false;
  }
  throw pyError(TypeError, `${name}() arg 2 must be a type, a tuple of types, or a union`);
}

function superCall(args: readonly PyValue[]): PyValue {
  if (args.length > 2) throw pyError(TypeError, `super() expected at most 2 arguments, got ${args.length}`);
  if (args.length === 2) {
    const [t, obj] = args;
    if (!(t instanceof PyClass)) throw pyError(TypeError, 'super() argument 1 must be a type');
    return new PySuper(t, obj, obj instanceof PyClass ? obj : typeOf(obj));
  }
  const it = interp();
  const frame = it.stack[it.stack.length - 1];
  const fnObj = frame?.fn;
  if (!fnObj?.definingClass) throw pyError(RuntimeError, 'super(): __class__ cell not found');
  const first = fnObj.info.params.args[0]?.name ?? fnObj.info.params.vararg;
  const self = first ? frame.env.vars.get(first) : undefined;
  if (self === undefined) throw pyError(RuntimeError, 'super(): no arguments');
  return new PySuper(fnObj.definingClass, self, self instanceof PyClass ? self : typeOf(self));
}

function typeCall(args: readonly PyValue[], kwargs: PyDict): PyValue {
  if (args.length === 1 && kwargs.map.size === 0) return typeOf(args[0]);
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

/** `range(...)`: `a` is bound by `range(start_or_stop, [stop], [step], /)`. */
function rangeCall(a: Args): PyRange {
  // Ints stay exact (range(2**64), range(10**100000)); only other objects go through __index__.
  const int = (v: PyValue) => (typeof v === 'bigint' ? v : BigInt(toIndex(v)));
  const first = int(a.start_or_stop);
  if (a.stop === undefined) return new PyRange(0n, first, 1n);
  const stop = int(a.stop);
  if (a.step === undefined) return new PyRange(first, stop, 1n);
  const step = int(a.step);
  if (step === 0n) throw pyError(ValueError, 'range() arg 3 must not be zero');
  return new PyRange(first, stop, step);
}

function zipCall(iterables: readonly PyValue[], strict: boolean): PyValue {
  const iters = iterables.map((a) => getIter(a));
  const rows = function* () {
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
  };
  return iteratorOf(rows(), 'zip');
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

/** `next(...)`: `dflt` is undefined when not given. */
function nextCall(it: PyValue, dflt: PyValue | undefined): PyValue {
  const hasDefault = dflt !== undefined;
  let r: PyValue | undefined;
  if (it instanceof PyIterator) r = it.next();
  else if (it instanceof PyInstance && it.cls.lookup('__next__')) {
    try {
      return runtime().call(it.cls.lookup('__next__') as PyValue, [it]);
    } catch (e) {
      if (e instanceof PyException && e.cls.isSubclassOf(StopIteration) && hasDefault) return dflt;
      throw e;
    }
  } else throw pyError(TypeError, `'${typeName(it)}' object is not an iterator`);
  if (r !== undefined) return r;
  if (hasDefault) return dflt;
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

function printCall(a: Args, ctx: CallContext): PyValue {
  const sepV = a.sep;
  const endV = a.end;
  if (sepV !== null && typeof sepV !== 'string')
    throw pyError(TypeError, `sep must be None or a string, not ${typeName(sepV)}`);
  if (endV !== null && typeof endV !== 'string')
    throw pyError(TypeError, `end must be None or a string, not ${typeName(endV)}`);
  if (printGate.closed > 0) return null;
  const args = (a.args as PyTuple).items;
  const text = args.map((v) => (v instanceof PyUnknown ? '<unknown>' : pyStr(v))).join(sepV ?? ' ') + (endV ?? '\n');
  emitPrint(text, ctx.span);
  return null;
}

/**
 * While `closed > 0`, Python's `print` writes nothing: a `tf.function` call that reuses a trace runs no Python
 * code in TensorFlow, so its prints do not happen (`tf.print`, a TensorFlow op, writes through `emitPrint`).
 */
export const printGate = { closed: 0 };

export function emitPrint(text: string, span: Span, stream: 'stdout' | 'stderr' = 'stdout'): void {
  interp().observer.onPrint?.(text, span, stream);
}

function radix(v: PyValue, base: number, prefix: string): string {
  const n = BigInt(toIndex(v));
  return n < 0n ? `-${prefix}${(-n).toString(base)}` : `${prefix}${n.toString(base)}`;
}

function callable(v: PyValue): boolean {
  if (v instanceof PyFunction || v instanceof PyNativeFunction || v instanceof PyBoundMethod || v instanceof PyClass) {
    return true;
  }
  return v instanceof PyInstance && v.cls.lookup('__call__') !== undefined;
}

function hasattr(obj: PyValue, name: PyValue): PyValue {
  if (typeof name !== 'string') throw pyError(TypeError, 'hasattr(): attribute name must be string');
  try {
    const v = getAttr(obj, name);
    return v instanceof PyUnknown ? v : true;
  } catch (e) {
    if (e instanceof PyException && e.cls.isSubclassOf(AttributeError)) return false;
    throw e;
  }
}

function getattr(obj: PyValue, name: PyValue, dflt: PyValue | undefined): PyValue {
  if (typeof name !== 'string') throw pyError(TypeError, 'attribute name must be string');
  try {
    return getAttr(obj, name);
  } catch (e) {
    if (dflt !== undefined && e instanceof PyException && e.cls.isSubclassOf(AttributeError)) return dflt;
    throw e;
  }
}

function divmod(a: PyValue, b: PyValue): PyValue {
  if (typeof a === 'bigint' && typeof b === 'bigint') return new PyTuple([intFloorDiv(a, b), intMod(a, b)]);
  if ((typeof a === 'number' || typeof a === 'bigint') && (typeof b === 'number' || typeof b === 'bigint')) {
    const y = toFloat(b);
    if (y === 0) throw pyError(ZeroDivisionError, 'float divmod()');
    return new PyTuple(floatDivmod(toFloat(a), y));
  }
  return new PyTuple([binaryOp('//', a, b), binaryOp('%', a, b)]);
}

function modPow(base: PyValue, exp: PyValue, mod: PyValue): PyValue {
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
}

function ord(s: PyValue): bigint {
  if (typeof s !== 'string') throw pyError(TypeError, `ord() expected string of length 1, but ${typeName(s)} found`);
  const cps = [...s];
  if (cps.length !== 1)
    throw pyError(TypeError, `ord() expected a character, but string of length ${cps.length} found`);
  return BigInt(cps[0].codePointAt(0) as number);
}

function vars(v: PyValue | undefined): PyDict {
  if (v === undefined) return newDict(interp().globals.entries());
  if (v instanceof PyInstance) return newDict(v.attrs().entries());
  if (v instanceof PyClass || v instanceof PyModule) return newDict(v.dict.entries());
  throw pyError(TypeError, 'vars() argument must have __dict__ attribute');
}

function mapCall(args: readonly PyValue[]): PyValue {
  if (args.length < 2) throw pyError(TypeError, 'map() must have at least two arguments.');
  const f = args[0];
  const iters = args.slice(1).map((a) => getIter(a));
  const rows = function* () {
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
  };
  return iteratorOf(rows(), 'map');
}

function filterCall(f: PyValue, iterable: PyValue): PyValue {
  const it = getIter(iterable);
  const rows = function* () {
    const rt = runtime();
    for (let x = it.next(); x !== undefined; x = it.next()) {
      rt.tick();
      if (truthy(f === null ? x : rt.call(f, [x]))) yield x;
    }
  };
  return iteratorOf(rows(), 'filter');
}

function enumerateCall(iterable: PyValue, start: PyValue): PyIterator {
  const it = getIter(iterable);
  let i = BigInt(toIndex(start));
  return new PyIterator(() => {
    const x = it.next();
    return x === undefined ? undefined : new PyTuple([i++, x]);
  }, 'enumerate');
}

function anyCall(iterable: PyValue): boolean {
  for (const x of iterate(iterable)) if (truthy(x)) return true;
  return false;
}

function allCall(iterable: PyValue): boolean {
  for (const x of iterate(iterable)) if (!truthy(x)) return false;
  return true;
}

function exitCall(args: PyTuple): never {
  const e = pyError(SystemExit);
  exceptionState(e.value).args = args.items.slice();
  throw e;
}

const items = (v: PyValue) => (v as PyTuple).items;

/** Builtins this interpreter has no value for: their result is Unknown, with one diagnostic at the call. */
const UNSUPPORTED = [
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
];

/**
 * The builtin functions, one definition each. Signatures are CPython's, and `errors` names the C calling convention
 * whose arity messages CPython gives for the function (see `ArityErrors`).
 */
function builtinFunctions(): PyNativeFunction[] {
  const O = { errors: 'exactlyOne' } as const;
  const P = { errors: 'positional' } as const;
  const K = { errors: 'clinic' } as const;
  const N = { errors: 'noArgs' } as const;
  return [
    def('print(*args, sep=None, end=None, file=None, flush=False)', printCall, { ...K, acceptsUnknown: true }),
    def('len(obj, /)', ({ obj }) => (obj instanceof PyRange ? rangeLength(obj) : BigInt(pyLen(obj))), O),
    def('enumerate(iterable, start=0)', ({ iterable, start }) => enumerateCall(iterable, start), K),
    def('zip(*iterables, strict=False)', (a) => zipCall(items(a.iterables), a.strict === true), K),
    def('sum(iterable, /, start=0)', ({ iterable, start }) => pySum(iterable, start), K),
    def('min(iterable, /, *args, key=None, [default])', (a, ctx) => minMax('min', a, ctx), P),
    def('max(iterable, /, *args, key=None, [default])', (a, ctx) => minMax('max', a, ctx), P),
    def('abs(x, /)', ({ x }) => pyAbs(x), O),
    def('round(number, ndigits=None)', ({ number, ndigits }) => pyRound(number, ndigits), K),
    def(
      'sorted(iterable, /, *, key=None, reverse=False)',
      ({ iterable, key, reverse }, ctx) => new PyList(sortKeyed(toArray(iterable), key, truthy(reverse), ctx)),
      P,
    ),
    def('reversed(sequence, /)', ({ sequence }) => reversedCall(sequence), P),
    def(
      'isinstance(obj, class_or_tuple, /)',
      ({ obj, class_or_tuple }) => classInfoCheck('isinstance', class_or_tuple, (c) => typeOf(obj).isSubclassOf(c)),
      P,
    ),
    def(
      'issubclass(cls, class_or_tuple, /)',
      ({ cls, class_or_tuple }) => {
        if (!(cls instanceof PyClass)) throw pyError(TypeError, 'issubclass() arg 1 must be a class');
        return classInfoCheck('issubclass', class_or_tuple, (k) => cls.isSubclassOf(k));
      },
      P,
    ),
    def('map(*args)', (a) => mapCall(items(a.args)), P),
    def('filter(function, iterable, /)', ({ function: f, iterable }) => filterCall(f, iterable), P),
    def('any(iterable, /)', ({ iterable }) => anyCall(iterable), O),
    def('all(iterable, /)', ({ iterable }) => allCall(iterable), O),
    def('repr(obj, /)', ({ obj }) => pyRepr(obj), O),
    def('ascii(obj, /)', ({ obj }) => pyRepr(obj), O),
    def(
      'iter(object, [sentinel], /)',
      ({ object, sentinel }, ctx) =>
        sentinel === undefined ? pyIter(object) : ctx.unsupported('iter() with a sentinel'),
      P,
    ),
    def('next(iterator, [default], /)', ({ iterator, default: dflt }) => nextCall(iterator, dflt), P),
    def('hasattr(obj, name, /)', ({ obj, name }) => hasattr(obj, name), P),
    def('getattr(object, name, [default], /)', ({ object, name, default: dflt }) => getattr(object, name, dflt), P),
    def(
      'setattr(obj, name, value, /)',
      ({ obj, name, value }) => {
        if (typeof name !== 'string') throw pyError(TypeError, 'attribute name must be string');
        setAttr(obj, name, value);
        return null;
      },
      P,
    ),
    def(
      'delattr(obj, name, /)',
      ({ obj, name }) => {
        delAttr(obj, String(name));
        return null;
      },
      P,
    ),
    def(
      'id(obj, /)',
      ({ obj }) =>
        typeof obj === 'object' && obj !== null ? BigInt(objectId(obj)) * 16n + 0x7f0000000000n : pyHash(obj),
      O,
    ),
    def('hash(obj, /)', ({ obj }) => pyHash(obj), O),
    def('callable(obj, /)', ({ obj }) => callable(obj), O),
    def('divmod(x, y, /)', ({ x, y }) => divmod(x, y), P),
    def('pow(base, exp, mod=None)', ({ base, exp, mod }) => modPow(base, exp, mod), K),
    def(
      'chr(i, /)',
      ({ i }) => {
        const c = toIndex(i);
        if (c < 0 || c > 0x10ffff) throw pyError(ValueError, 'chr() arg not in range(0x110000)');
        return String.fromCodePoint(c);
      },
      O,
    ),
    def('ord(c, /)', ({ c }) => ord(c), O),
    def('format(value, format_spec="", /)', ({ value, format_spec }) => formatValue(value, String(format_spec)), P),
    def('bin(number, /)', ({ number }) => radix(number, 2, '0b'), O),
    def('hex(number, /)', ({ number }) => radix(number, 16, '0x'), O),
    def('oct(number, /)', ({ number }) => radix(number, 8, '0o'), O),
    def('vars([object], /)', ({ object }) => vars(object), P),
    def('dir([object], /)', ({ object }) => dirOf(object), P),
    def('globals()', () => newDict(interp().globals.entries()), N),
    def(
      'locals()',
      () => {
        const it = interp();
        const top = it.stack[it.stack.length - 1];
        return newDict((top ? top.env.vars : it.globals).entries());
      },
      N,
    ),
    def('exit(*args)', (a) => exitCall(a.args as PyTuple)),
    ...UNSUPPORTED.map((name) =>
      def(`${name}(*args, **kwargs)`, (_a, ctx) => ctx.unsupported(`${name}()`), { acceptsUnknown: true }),
    ),
  ];
}

// ---- type constructors ------------------------------------------------------------------------------------------

/** Calling a builtin type: `int('7')`, `list(x)`; a definition like any builtin function's, with the type's name. */
function constructor(cls: PyClass, signature: string, impl: (a: Args, ctx: CallContext) => PyValue, opts: DefOptions) {
  const f = def(signature, impl, opts);
  cls.native = { construct: (_cls, args, kwargs, ctx) => f.fn(args, kwargs, ctx) };
}

function installConstructors(): void {
  const P = { errors: 'positional' } as const;
  const K = { errors: 'clinic' } as const;
  constructor(
    IntType,
    'int([x], /, [base])',
    ({ x, base }) => {
      if (x === undefined) return 0n;
      if (base !== undefined && base !== null) {
        if (typeof x !== 'string') throw pyError(TypeError, "int() can't convert non-string with explicit base");
        const b = toIndex(base);
        if (b !== 0 && (b < 2 || b > 36)) throw pyError(ValueError, 'int() base must be >= 2 and <= 36, or 0');
        return intFromString(x, b);
      }
      return toInt(x);
    },
    K,
  );
  constructor(FloatType, 'float([x], /)', ({ x }) => (x === undefined ? 0 : toFloat(x)), P);
  constructor(BoolType, 'bool([x], /)', ({ x }) => (x === undefined ? false : truthy(x)), P);
  constructor(
    StrType,
    'str([object], [encoding], [errors])',
    ({ object }) => (object === undefined ? '' : pyStr(object)),
    K,
  );
  constructor(
    ListType,
    'list([iterable], /)',
    ({ iterable }) => new PyList(iterable === undefined ? [] : toArray(iterable)),
    P,
  );
  constructor(
    TupleType,
    'tuple([iterable], /)',
    ({ iterable }) =>
      iterable instanceof PyTuple ? iterable : new PyTuple(iterable === undefined ? [] : toArray(iterable)),
    P,
  );
  constructor(
    SetType,
    'set([iterable], /)',
    ({ iterable }) => newSet(iterable === undefined ? [] : iterate(iterable)),
    P,
  );
  constructor(
    DictType,
    'dict([iterable], /, **kwargs)',
    ({ iterable, kwargs }) => {
      const d = new PyDict();
      if (iterable !== undefined) updateDict(d, iterable);
      for (const e of (kwargs as PyDict).map.values()) dictSet(d, e.key, e.value);
      return d;
    },
    P,
  );
  constructor(RangeType, 'range(start_or_stop, [stop], [step], /)', rangeCall, P);
  constructor(
    SliceType,
    'slice(start_or_stop, [stop], [step], /)',
    ({ start_or_stop, stop, step }) =>
      stop === undefined ? new PySlice(null, start_or_stop, null) : new PySlice(start_or_stop, stop, step ?? null),
    P,
  );
  constructor(TypeType, 'type(*args, **kwargs)', (a) => typeCall(items(a.args), a.kwargs as PyDict), {});
  constructor(SuperType, 'super(*args)', (a) => superCall(items(a.args)), {});
  constructor(
    PropertyType,
    'property(fget=None, fset=None, fdel=None, doc=None)',
    ({ fget, fset, fdel, doc }) => new PyProperty(fget, fset, fdel, doc),
    K,
  );
  constructor(StaticMethodType, 'staticmethod(function, /)', ({ function: f }) => new PyStaticMethod(f), P);
  constructor(ClassMethodType, 'classmethod(function, /)', ({ function: f }) => new PyClassMethod(f), P);
}

// ---- the builtins namespace -------------------------------------------------------------------------------------

/** The builtin types by the name the builtins namespace gives them. */
const TYPES: readonly [string, PyClass][] = [
  ['int', IntType],
  ['float', FloatType],
  ['bool', BoolType],
  ['str', StrType],
  ['list', ListType],
  ['tuple', TupleType],
  ['dict', DictType],
  ['set', SetType],
  ['frozenset', SetType],
  ['range', RangeType],
  ['slice', SliceType],
  ['type', TypeType],
  ['object', ObjectType],
  ['super', SuperType],
  ['property', PropertyType],
  ['staticmethod', StaticMethodType],
  ['classmethod', ClassMethodType],
];

function makeBuiltins(): Map<string, PyValue> {
  installTypeMethods();
  installConstructors();
  const b = new Map<string, PyValue>();
  for (const f of builtinFunctions()) b.set(f.name, f);
  b.set('quit', b.get('exit') as PyValue);
  for (const [name, t] of TYPES) b.set(name, t);
  b.set('bytes', BytesType);
  b.set('complex', ComplexType);
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
