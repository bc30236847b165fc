/**
 * Python values. Builtin scalars map onto JS primitives so host code can test them with `typeof`:
 *   None → null, bool → boolean, int → bigint (exact, like Python), float → number, str → string.
 * Everything else is a `PyObject` subclass. `PyValue` is never `undefined`: `undefined` means "absent" internally.
 */
import type { Span } from '../span';
import type { FunctionInfo } from './ast';

export type PyValue = null | boolean | bigint | number | string | PyObject;
export type KwArgs = ReadonlyMap<string, PyValue>;
/** The keyword map passed to native functions called without keywords; never mutated. */
export const EMPTY_KWARGS: KwArgs = new Map();

/** What a native function receives besides its arguments (see README.md, "Native objects"). */
export interface CallContext {
  /** Span of the call (or operator) expression being evaluated. */
  readonly span: Span;
  /** Calls any Python callable (function, class, bound method, native function) from host code. */
  call(fn: PyValue, args: PyValue[], kwargs?: KwArgs): PyValue;
  /** `getattr(obj, name)`: the Python attribute protocol (properties, bound methods, `__getattr__`). */
  getAttr(obj: PyValue, name: string): PyValue;
  /** Python `repr(v)` / `str(v)`, including user `__repr__` / `__str__`. */
  repr(v: PyValue): string;
  str(v: PyValue): string;
  /** Iterates any Python iterable into an array (lists, tuples, generators, user `__iter__`, ...). */
  toArray(iterable: PyValue): PyValue[];
  /** Python truthiness (`__bool__`, `__len__`). */
  truthy(v: PyValue): boolean;
  /** An Unknown value plus one information diagnostic at this call's span: "`what` is not supported ...". */
  unsupported(what: string): PyUnknown;
  /** Reports a diagnostic at this call's span (or the given one), e.g. a host warning. */
  report(severity: 'error' | 'warning' | 'information' | 'hint', code: string, message: string, span?: Span): void;
}

export type NativeFn = (args: PyValue[], kwargs: KwArgs, ctx: CallContext) => PyValue;

let made = 0;
/** How many Python objects have been made (each object knows its place in that order: `made`). */
export const objectsMade = (): number => made;

export abstract class PyObject {
  /** The Python class of this object (`type(x)`). */
  abstract readonly cls: PyClass;
  /** When the object was made, in the order of `objectsMade()`. */
  readonly made: number = ++made;
}

export class PyList extends PyObject {
  /** The elements; mutated in place (the array identity never changes). */
  constructor(readonly items: PyValue[] = []) {
    super();
  }
  get cls(): PyClass {
    return ListType;
  }
}

export class PyTuple extends PyObject {
  constructor(readonly items: readonly PyValue[]) {
    super();
  }
  get cls(): PyClass {
    return TupleType;
  }
}

export const EMPTY_TUPLE = new PyTuple([]);

/** Replaces the contents of `arr` in place (no argument spreading, so any length works). */
export function replaceItems(
  arr: PyValue[],
  items: readonly PyValue[],
  start = 0,
  deleteCount = arr.length - start,
): void {
  const tail = arr.slice(start + deleteCount);
  arr.length = start;
  for (const x of items) arr.push(x);
  for (const x of tail) arr.push(x);
}

/** The normalised key under which a dict/set stores a hashable value (see `hashKey` in dict.ts). */
export type HashKey = string | number | bigint | null | object;

export interface DictEntry {
  key: PyValue;
  value: PyValue;
}

/** A Python dict: insertion-ordered, keyed by `hashKey(key)`; the first-inserted key object is kept. */
export class PyDict extends PyObject {
  readonly map = new Map<HashKey, DictEntry>();
  get cls(): PyClass {
    return DictType;
  }
  get size(): number {
    return this.map.size;
  }
}

/** A Python set; values are the members, keyed like dict keys. */
export class PySet extends PyObject {
  readonly map = new Map<HashKey, PyValue>();
  get cls(): PyClass {
    return SetType;
  }
}

export class PyRange extends PyObject {
  constructor(
    readonly start: bigint,
    readonly stop: bigint,
    readonly step: bigint,
  ) {
    super();
  }
  get cls(): PyClass {
    return RangeType;
  }
  get length(): bigint {
    const { start, stop, step } = this;
    if (step > 0n) return stop > start ? (stop - start + step - 1n) / step : 0n;
    return start > stop ? (start - stop - step - 1n) / -step : 0n;
  }
}

export class PySlice extends PyObject {
  constructor(
    readonly start: PyValue,
    readonly stop: PyValue,
    readonly step: PyValue,
  ) {
    super();
  }
  get cls(): PyClass {
    return SliceType;
  }
}

/** Lexical environment of a function, comprehension, class body or the module (whose `vars` are the globals). */
export class Env {
  readonly vars = new Map<string, PyValue>();
  constructor(
    readonly parent: Env | null,
    readonly isClass = false,
  ) {}
}

/** A function defined in Python (`def` or `lambda`). */
export class PyFunction extends PyObject {
  /** The class whose body defined this function: the implicit `__class__` that zero-argument `super()` uses. */
  definingClass: PyClass | null = null;
  attrs: Map<string, PyValue> | null = null;
  name: string;
  qualname: string;
  constructor(
    readonly info: FunctionInfo,
    /** Defaults of the positional parameters, aligned to the last `defaults.length` of them. */
    readonly defaults: PyValue[],
    readonly kwDefaults: Map<string, PyValue> | null,
    readonly closure: Env | null,
  ) {
    super();
    this.name = info.name;
    this.qualname = info.qualname;
  }
  get cls(): PyClass {
    return FunctionType;
  }
}

/** A function implemented by the host (builtins, `tf.*`, native methods). */
export class PyNativeFunction extends PyObject {
  constructor(
    public name: string,
    readonly fn: NativeFn,
    /** When false (the default), a call with an Unknown argument yields Unknown without running `fn`. */
    readonly acceptsUnknown = false,
    /** For methods defined on a class: the class name, used in repr. */
    public ownerName: string | null = null,
  ) {
    super();
  }
  get cls(): PyClass {
    return BuiltinFunctionType;
  }
}

export class PyBoundMethod extends PyObject {
  constructor(
    readonly self: PyValue,
    readonly func: PyValue,
  ) {
    super();
  }
  get cls(): PyClass {
    return MethodType;
  }
}

export class PyProperty extends PyObject {
  constructor(
    readonly fget: PyValue,
    readonly fset: PyValue = null,
    readonly fdel: PyValue = null,
    readonly doc: PyValue = null,
  ) {
    super();
  }
  get cls(): PyClass {
    return PropertyType;
  }
}

export class PyStaticMethod extends PyObject {
  constructor(readonly func: PyValue) {
    super();
  }
  get cls(): PyClass {
    return StaticMethodType;
  }
}

export class PyClassMethod extends PyObject {
  constructor(readonly func: PyValue) {
    super();
  }
  get cls(): PyClass {
    return ClassMethodType;
  }
}

/** `super()`: attribute lookup on `obj` starting after `thisClass` in the MRO of `objType`. */
export class PySuper extends PyObject {
  constructor(
    readonly thisClass: PyClass,
    readonly obj: PyValue,
    readonly objType: PyClass,
  ) {
    super();
  }
  get cls(): PyClass {
    return SuperType;
  }
}

/** Constructs instances of a native class (see `nativeClass` in native.ts). */
export interface NativeClassHooks {
  /** Replaces the default construction (new instance + `__init__`): e.g. a class whose call returns another object. */
  construct?: (cls: PyClass, args: PyValue[], kwargs: KwArgs, ctx: CallContext) => PyValue;
}

export class PyClass extends PyObject {
  mro: PyClass[];
  /** Builtin and native classes are immutable (CPython: "cannot set 'x' attribute of immutable type 'int'"). */
  readonly immutable: boolean;
  readonly isException: boolean;
  native: NativeClassHooks | null = null;
  qualname: string;
  constructor(
    readonly name: string,
    readonly bases: PyClass[],
    readonly dict: Map<string, PyValue>,
    readonly module = 'builtins',
    immutable = true,
  ) {
    super();
    this.qualname = name;
    this.immutable = immutable;
    this.mro = computeMro(this);
    this.isException = this.mro.some((c) => c.name === 'BaseException' && c.module === 'builtins');
  }
  get cls(): PyClass {
    return TypeType;
  }
  /** Finds `name` along the MRO. */
  lookup(name: string): PyValue | undefined {
    const mro = this.mro;
    for (let i = 0; i < mro.length; i++) {
      const v = mro[i].dict.get(name);
      if (v !== undefined) return v;
    }
    return undefined;
  }
  isSubclassOf(other: PyClass): boolean {
    if (this === other) return true;
    const mro = this.mro;
    for (let i = 1; i < mro.length; i++) if (mro[i] === other) return true;
    return false;
  }
}

/** C3 linearisation; falls back to a depth-first order when the bases are inconsistent. */
function computeMro(cls: PyClass): PyClass[] {
  if (cls.bases.length === 0) return [cls];
  if (cls.bases.length === 1) return [cls, ...cls.bases[0].mro];
  const seqs = [...cls.bases.map((b) => [...b.mro]), [...cls.bases]];
  const out: PyClass[] = [cls];
  for (;;) {
    const nonEmpty = seqs.filter((s) => s.length > 0);
    if (nonEmpty.length === 0) return out;
    let head: PyClass | undefined;
    for (const s of nonEmpty) {
      const cand = s[0];
      if (!nonEmpty.some((t) => t.indexOf(cand) > 0)) {
        head = cand;
        break;
      }
    }
    if (!head) {
      for (const b of cls.bases) for (const c of b.mro) if (!out.includes(c)) out.push(c);
      return out;
    }
    out.push(head);
    for (const s of nonEmpty) if (s[0] === head) s.shift();
  }
}

/** An instance of a user or native class. Native classes keep their host object in `payload`. */
export class PyInstance extends PyObject {
  /** Instance attributes (`__dict__`), created on first write. Native bases may read it (e.g. to list variables). */
  dict: Map<string, PyValue> | null = null;
  constructor(
    readonly cls: PyClass,
    public payload: unknown = undefined,
  ) {
    super();
  }
  attrs(): Map<string, PyValue> {
    if (this.dict === null) this.dict = new Map();
    return this.dict;
  }
}

export class PyModule extends PyObject {
  constructor(
    readonly name: string,
    readonly dict: Map<string, PyValue>,
    /** Called for a missing attribute before the default policy; return undefined to fall through to it. */
    readonly fallback: ((name: string, ctx: CallContext) => PyValue | undefined) | null = null,
    /**
     * What a missing attribute gives when `fallback` does not answer: strict modules (builtin ones like `math`)
     * raise AttributeError; host modules give Unknown with one information diagnostic ("`tf.data` is not supported").
     */
    readonly strict = false,
  ) {
    super();
  }
  get cls(): PyClass {
    return ModuleType;
  }
}

/** A Python iterator over a JS source: `next()` returns undefined when exhausted. */
export class PyIterator extends PyObject {
  constructor(
    readonly next: () => PyValue | undefined,
    readonly typeName = 'iterator',
  ) {
    super();
  }
  get cls(): PyClass {
    return this.typeName === 'generator' ? GeneratorType : IteratorType;
  }
}

/**
 * A value the interpreter cannot know: it depends on an unsupported import, attribute or call.
 * Operations on it yield Unknown; see README.md, "Unknown values".
 */
export class PyUnknown extends PyObject {
  constructor(
    /** What it came from, e.g. "tf.data" or the call that may have changed a value (`opt.apply_gradients`). */
    readonly origin: string,
    /** Where that is in the source (for "(line 11)" and the diagnostic of the call that made a gradient unknown). */
    readonly span?: Span,
    /**
     * Set for what comes from a module that does not change the values given to it (plotting, logging, progress
     * bars): calling it makes no argument unknown.
     */
    readonly pure = false,
  ) {
    super();
  }
  /** "`opt.apply_gradients` (line 11) is not supported" (the text after "unknown: "). */
  reason(): string {
    const sp = this.span;
    const where = sp ? ` (${sp.cell !== undefined ? `cell ${sp.cell + 1}, ` : ''}line ${sp.start.line + 1})` : '';
    return `\`${this.origin}\`${where} is not supported`;
  }
  get cls(): PyClass {
    return UnknownType;
  }
}

/** Singletons without other state: NotImplemented, Ellipsis. */
export class PySentinel extends PyObject {
  constructor(
    readonly name: string,
    private readonly type: () => PyClass,
  ) {
    super();
  }
  get cls(): PyClass {
    return this.type();
  }
}

const dataTypes = new Set<PyClass>();

function builtinType(name: string, base: PyClass | null = ObjectType): PyClass {
  const cls = new PyClass(name, base ? [base] : [], new Map());
  dataTypes.add(cls);
  return cls;
}

/** The builtin types Python code may not subclass here (int, list, dict, function, ...): not object, not exceptions. */
export function isBuiltinDataType(cls: PyClass): boolean {
  return dataTypes.has(cls);
}

export const ObjectType: PyClass = new PyClass('object', [], new Map());
export const TypeType = builtinType('type');
export const IntType = builtinType('int');
export const BoolType = builtinType('bool', IntType);
export const FloatType = builtinType('float');
export const StrType = builtinType('str');
export const NoneType = builtinType('NoneType');
export const ListType = builtinType('list');
export const TupleType = builtinType('tuple');
export const DictType = builtinType('dict');
export const SetType = builtinType('set');
export const RangeType = builtinType('range');
export const SliceType = builtinType('slice');
export const FunctionType = builtinType('function');
export const BuiltinFunctionType = builtinType('builtin_function_or_method');
export const MethodType = builtinType('method');
export const PropertyType = builtinType('property');
export const StaticMethodType = builtinType('staticmethod');
export const ClassMethodType = builtinType('classmethod');
export const SuperType = builtinType('super');
export const ModuleType = builtinType('module');
export const IteratorType = builtinType('iterator');
export const GeneratorType = builtinType('generator');
export const UnknownType = builtinType('unknown');
export const NotImplementedType = builtinType('NotImplementedType');
export const EllipsisType = builtinType('ellipsis');

export const NotImplemented = new PySentinel('NotImplemented', () => NotImplementedType);
export const Ellipsis = new PySentinel('Ellipsis', () => EllipsisType);

/** `type(v)`. */
export function typeOf(v: PyValue): PyClass {
  switch (typeof v) {
    case 'number':
      return FloatType;
    case 'bigint':
      return IntType;
    case 'string':
      return StrType;
    case 'boolean':
      return BoolType;
    default:
      return v === null ? NoneType : v.cls;
  }
}

/** The class name CPython puts in messages: `'int'`, `'NoneType'`, `'Foo'`. */
export function typeName(v: PyValue): string {
  return typeOf(v).name;
}

export function isUnknown(v: PyValue): v is PyUnknown {
  return v instanceof PyUnknown;
}
