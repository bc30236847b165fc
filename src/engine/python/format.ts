/**
 * `repr()` and `str()` exactly as CPython prints builtin values; instances dispatch to `__repr__` / `__str__`.
 */

import { setItems } from './dict';
import { exceptionState, KeyError, pyError, TypeError, ValueError } from './exceptions';
import { namedTupleFields } from './namedTuple';
import { runtime } from './runtime';
import { taintOf, taints } from './taint';
import {
  ListType,
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
  type PyObject,
  PyProperty,
  PyRange,
  PySentinel,
  PySet,
  PySlice,
  PyStaticMethod,
  PySuper,
  PyTuple,
  PyUnknown,
  type PyValue,
  typeName,
} from './values';

/** Python's float repr: shortest round-trip digits, scientific below 1e-4 and from 1e16 (`1e-05`, `1e+16`, `3.0`). */
export function floatRepr(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const s = x.toExponential();
  const e = s.indexOf('e');
  let mant = s.slice(0, e);
  const exp = Number(s.slice(e + 1));
  let sign = '';
  if (mant[0] === '-') {
    sign = '-';
    mant = mant.slice(1);
  }
  const digits = mant.replace('.', '');
  if (exp < -4 || exp >= 16) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${sign}${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  if (exp >= 0) {
    if (digits.length <= exp + 1) return `${sign}${digits}${'0'.repeat(exp + 1 - digits.length)}.0`;
    return `${sign}${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
  }
  return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
}

const NON_PRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u;

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, '0');
}

/** `repr(str)`: single quotes unless the text has a single quote and no double quote. */
export function strRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const c = ch.codePointAt(0) as number;
    if (ch === quote || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (c < 0x20 || c === 0x7f) out += `\\x${hex(c, 2)}`;
    else if (c >= 0x80 && c !== 0x20 && NON_PRINTABLE.test(ch)) {
      out += c < 0x100 ? `\\x${hex(c, 2)}` : c < 0x10000 ? `\\u${hex(c, 4)}` : `\\U${hex(c, 8)}`;
    } else out += ch;
  }
  return out + quote;
}

const ids = new WeakMap<object, number>();
let nextId = 1;

/** A stable id per object (what `id()` returns and what `at 0x...` shows). */
export function objectId(o: object): number {
  let id = ids.get(o);
  if (id === undefined) {
    id = nextId++;
    ids.set(o, id);
  }
  return id;
}

/** A fake but stable address, formatted like CPython's `0x7f...`. */
export function address(o: object): string {
  return `0x7f${(0x10000000 + objectId(o) * 16).toString(16).padStart(10, '0')}`;
}

/** The default `object.__repr__`: `<__main__.Foo object at 0x7f...>`. */
export function defaultObjectRepr(o: PyObject): string {
  const cls = o.cls;
  const mod = cls.module === 'builtins' ? '' : `${cls.module}.`;
  return `<${mod}${cls.qualname} object at ${address(o)}>`;
}

export function classRepr(c: PyClass): string {
  return c.module === 'builtins' ? `<class '${c.qualname}'>` : `<class '${c.module}.${c.qualname}'>`;
}

function functionLabel(f: PyValue): string {
  if (f instanceof PyFunction) return f.qualname;
  if (f instanceof PyNativeFunction) return f.ownerName ? `${f.ownerName}.${f.name}` : f.name;
  return '?';
}

const active = new Set<object>();

function guarded(o: object, open: string, close: string, body: () => string): string {
  if (active.has(o)) return `${open}...${close}`;
  active.add(o);
  try {
    return body();
  } finally {
    active.delete(o);
  }
}

/** CPython's `sys.get_int_max_str_digits()`: decimal conversions of longer ints raise (they are quadratic). */
export const MAX_STR_DIGITS = 4300;
const MAX_STR_INT = 10n ** BigInt(MAX_STR_DIGITS);

/** `str(n)` of an int, with CPython's limit on the number of digits. */
export function intRepr(v: bigint): string {
  if (v >= MAX_STR_INT || v <= -MAX_STR_INT) {
    throw pyError(
      ValueError,
      `Exceeds the limit (${MAX_STR_DIGITS} digits) for integer string conversion; use sys.set_int_max_str_digits() to increase the limit`,
    );
  }
  return v.toString();
}

/** Python `repr(v)`. */
export function pyRepr(v: PyValue): string {
  switch (typeof v) {
    case 'string':
      return strRepr(v);
    case 'number':
      return floatRepr(v);
    case 'bigint':
      return intRepr(v);
    case 'boolean':
      return v ? 'True' : 'False';
  }
  if (v === null) return 'None';
  if (taints.any && taintOf(v) !== undefined) return '<unknown>';
  if (v instanceof PyList) {
    const body = guarded(v, '[', ']', () => `[${v.items.map(pyRepr).join(', ')}]`);
    // A host's list subclass (TF's `ListWrapper`) shows its name around the items.
    return v.cls === ListType ? body : `${v.cls.name}(${body})`;
  }
  if (v instanceof PyTuple) {
    const fields = namedTupleFields(v);
    if (fields) {
      return guarded(v, '(', ')', () => {
        const parts = fields.map((f, i) => `${f}=${pyRepr(v.items[i])}`);
        return `${v.cls.name}(${parts.join(', ')})`;
      });
    }
    if (v.items.length === 1) return guarded(v, '(', ')', () => `(${pyRepr(v.items[0])},)`);
    return guarded(v, '(', ')', () => `(${v.items.map(pyRepr).join(', ')})`);
  }
  if (v instanceof PyDict) {
    return guarded(v, '{', '}', () => {
      const parts: string[] = [];
      for (const e of v.map.values()) parts.push(`${pyRepr(e.key)}: ${pyRepr(e.value)}`);
      return `{${parts.join(', ')}}`;
    });
  }
  if (v instanceof PySet) {
    if (v.map.size === 0) return 'set()';
    return guarded(v, '{', '}', () => `{${setItems(v).map(pyRepr).join(', ')}}`);
  }
  if (v instanceof PyInstance) return instanceText(v, '__repr__');
  return objectRepr(v);
}

function objectRepr(v: PyObject): string {
  if (v instanceof PyRange) {
    return v.step === 1n ? `range(${v.start}, ${v.stop})` : `range(${v.start}, ${v.stop}, ${v.step})`;
  }
  if (v instanceof PySlice) return `slice(${pyRepr(v.start)}, ${pyRepr(v.stop)}, ${pyRepr(v.step)})`;
  if (v instanceof PyFunction) return `<function ${v.qualname} at ${address(v)}>`;
  if (v instanceof PyNativeFunction) {
    return v.ownerName ? `<method '${v.name}' of '${v.ownerName}' objects>` : `<built-in function ${v.name}>`;
  }
  if (v instanceof PyBoundMethod) {
    if (v.func instanceof PyNativeFunction) {
      return `<built-in method ${v.func.name} of ${typeName(v.self)} object at ${address(v.self as object)}>`;
    }
    return `<bound method ${functionLabel(v.func)} of ${pyRepr(v.self)}>`;
  }
  if (v instanceof PyClass) return classRepr(v);
  if (v instanceof PyModule) return `<module '${v.name}'>`;
  if (v instanceof PyUnknown) return '<unknown>';
  if (v instanceof PySentinel) return v.name;
  if (v instanceof PyIterator) return `<${v.typeName} object at ${address(v)}>`;
  if (v instanceof PyStaticMethod) return `<staticmethod(${pyRepr(v.func)})>`;
  if (v instanceof PyClassMethod) return `<classmethod(${pyRepr(v.func)})>`;
  if (v instanceof PySuper) return `<super: ${classRepr(v.thisClass)}, <${v.objType.name} object>>`;
  if (v instanceof PyProperty) return `<property object at ${address(v)}>`;
  return defaultObjectRepr(v);
}

function instanceText(v: PyInstance, dunder: '__repr__' | '__str__'): string {
  const m = v.cls.lookup(dunder);
  if (m === undefined) return defaultObjectRepr(v);
  if (isObjectMethod(m)) return defaultObjectRepr(v);
  const r = runtime().call(m, [v]);
  if (r instanceof PyUnknown) throw r;
  if (typeof r !== 'string') {
    throw pyError(TypeError, `${dunder} returned non-string (type ${typeName(r)})`);
  }
  return r;
}

/** Python `str(v)`. */
export function pyStr(v: PyValue): string {
  if (typeof v === 'string') return v;
  if (taints.any && taintOf(v) !== undefined) return '<unknown>';
  if (v instanceof PyInstance) {
    const m = v.cls.lookup('__str__');
    if (m === undefined || isObjectMethod(m)) return instanceText(v, '__repr__');
    return instanceText(v, '__str__');
  }
  return pyRepr(v);
}

/** `BaseException.__str__`: '' / str(arg) / str(args tuple); KeyError shows repr of its key. */
export function exceptionStr(inst: PyInstance): string {
  const args = exceptionState(inst).args;
  if (args.length === 0) return '';
  if (args.length === 1) return inst.cls.isSubclassOf(KeyError) ? pyRepr(args[0]) : pyStr(args[0]);
  return pyStr(new PyTuple(args));
}

/** `BaseException.__repr__`: `ValueError('x')`. */
export function exceptionRepr(inst: PyInstance): string {
  const args = exceptionState(inst).args;
  if (args.length === 1) return `${inst.cls.name}(${pyRepr(args[0])})`;
  return `${inst.cls.name}(${args.map(pyRepr).join(', ')})`;
}

/** Whether `m` is `object`'s own method (`object.__repr__`, `object.__str__`, ...), installed by builtinTypes.ts. */
export function isObjectMethod(m: PyValue | undefined): boolean {
  return m instanceof PyNativeFunction && m.ownerName === 'object';
}
