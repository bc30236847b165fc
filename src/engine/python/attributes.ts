/** The attribute protocol (descriptors, bound methods, `__getattr__`) and subscripting with Python's index rules. */

import type { Stmt } from './ast';
import { dictDelete, dictFromRecord, dictGetItem, dictSet, keyError } from './dict';
import { AttributeError, IndexError, pyError, TypeError, ValueError } from './exceptions';
import { toIndex } from './numbers';
import { runtime } from './runtime';
import { shapedAttr, shapedItem } from './shapedUnknown';
import { beforeMutation } from './sideEffects';
import {
  PyBoundMethod,
  PyClass,
  PyClassMethod,
  PyDict,
  PyFunction,
  PyInstance,
  PyList,
  PyModule,
  PyNativeFunction,
  PyObject,
  PyProperty,
  PyRange,
  PySlice,
  PyStaticMethod,
  PySuper,
  PyTuple,
  PyUnknown,
  type PyValue,
  replaceItems,
  ShapedUnknown,
  typeName,
  typeOf,
} from './values';

/** Binds a class attribute found on `cls` to `self` the way descriptors do. */
export function bindAttr(attr: PyValue, self: PyValue, cls: PyClass): PyValue {
  if (attr instanceof PyFunction || attr instanceof PyNativeFunction) return new PyBoundMethod(self, attr);
  if (attr instanceof PyStaticMethod) return attr.func;
  if (attr instanceof PyClassMethod) return new PyBoundMethod(cls, attr.func);
  if (attr instanceof PyProperty) return callGetter(attr, self, cls.name);
  if (attr instanceof PyInstance) {
    // A non-data descriptor (e.g. a `tf.function` stored as a method) binds through its `__get__`.
    const get = attr.cls.lookup('__get__');
    if (get !== undefined && get !== null) return runtime().call(get, [attr, self, cls]);
  }
  return attr;
}

function callGetter(p: PyProperty, self: PyValue, owner: string): PyValue {
  if (p.fget === null) throw pyError(AttributeError, `property of '${owner}' object has no getter`);
  return runtime().call(p.fget, [self]);
}

function noAttr(obj: PyValue, name: string): Error {
  if (obj instanceof PyClass) return pyError(AttributeError, `type object '${obj.name}' has no attribute '${name}'`);
  if (obj instanceof PyModule) return pyError(AttributeError, `module '${obj.name}' has no attribute '${name}'`);
  return pyError(AttributeError, `'${typeName(obj)}' object has no attribute '${name}'`);
}

/** The docstring of a function or class body: its first statement when that is a string literal. */
export function docstring(body: readonly Stmt[]): string | null {
  const first = body[0];
  return first?.kind === 'Expr' && first.value.kind === 'Const' && typeof first.value.value === 'string'
    ? first.value.value
    : null;
}

/** Attributes every object has. */
function specialAttr(obj: PyValue, name: string): PyValue | undefined {
  switch (name) {
    case '__class__':
      return typeOf(obj);
    case '__name__':
      if (obj instanceof PyClass || obj instanceof PyFunction || obj instanceof PyNativeFunction) return obj.name;
      if (obj instanceof PyModule) return obj.name;
      return undefined;
    case '__qualname__':
      if (obj instanceof PyClass || obj instanceof PyFunction) return obj.qualname;
      return undefined;
    case '__module__':
      if (obj instanceof PyClass) return obj.module;
      if (obj instanceof PyFunction) return '__main__';
      return undefined;
    case '__doc__':
      if (obj instanceof PyFunction) return obj.info.isLambda ? null : docstring(obj.info.body);
      return obj instanceof PyObject && !(obj instanceof PyInstance) ? null : undefined;
    case '__dict__':
      if (obj instanceof PyInstance) return dictFromRecord(obj.attrs());
      if (obj instanceof PyClass || obj instanceof PyModule) return dictFromRecord(obj.dict);
      return undefined;
    case '__mro__':
      return obj instanceof PyClass ? new PyTuple(obj.mro) : undefined;
    case '__bases__':
      return obj instanceof PyClass ? new PyTuple(obj.bases) : undefined;
    case '__self__':
      return obj instanceof PyBoundMethod ? obj.self : undefined;
    case '__func__':
      return obj instanceof PyBoundMethod ? obj.func : undefined;
    case 'fget':
      return obj instanceof PyProperty ? obj.fget : undefined;
  }
  return undefined;
}

/** `getattr(obj, name)`. */
export function getAttr(obj: PyValue, name: string): PyValue {
  if (obj instanceof PyInstance) {
    const cls = obj.cls;
    const attr = cls.lookup(name);
    if (attr instanceof PyProperty) return callGetter(attr, obj, cls.name);
    if (obj.dict !== null) {
      const v = obj.dict.get(name);
      if (v !== undefined) return v;
    }
    if (attr !== undefined) return bindAttr(attr, obj, cls);
    const special = specialAttr(obj, name);
    if (special !== undefined) return special;
    const ga = cls.lookup('__getattr__');
    if (ga !== undefined && ga !== null) return runtime().call(ga, [obj, name]);
    throw noAttr(obj, name);
  }
  if (obj instanceof PyModule) {
    const v = obj.dict.get(name);
    if (v !== undefined) return v;
    const special = specialAttr(obj, name);
    if (special !== undefined) return special;
    const rt = runtime();
    if (obj.fallback) {
      const r = obj.fallback(name, rt.context());
      if (r !== undefined) return r;
    }
    if (!obj.strict) return rt.unsupported(`${obj.name}.${name}`);
    throw noAttr(obj, name);
  }
  if (obj instanceof PyClass) return classGetAttr(obj, name);
  if (obj instanceof PyUnknown) return (obj instanceof ShapedUnknown ? shapedAttr(obj, name) : undefined) ?? obj;
  if (obj instanceof PySuper) return superGetAttr(obj, name);
  if (obj instanceof PyFunction && obj.attrs) {
    const v = obj.attrs.get(name);
    if (v !== undefined) return v;
  }
  const cls = typeOf(obj);
  const attr = cls.lookup(name);
  if (attr !== undefined) return bindAttr(attr, obj, cls);
  const special = specialAttr(obj, name);
  if (special !== undefined) return special;
  throw noAttr(obj, name);
}

export function classGetAttr(cls: PyClass, name: string): PyValue {
  const attr = cls.lookup(name);
  if (attr !== undefined) {
    if (attr instanceof PyClassMethod) return new PyBoundMethod(cls, attr.func);
    if (attr instanceof PyStaticMethod) return attr.func;
    return attr;
  }
  const special = specialAttr(cls, name);
  if (special !== undefined) return special;
  throw noAttr(cls, name);
}

function superGetAttr(s: PySuper, name: string): PyValue {
  const mro = s.objType.mro;
  let i = mro.indexOf(s.thisClass);
  for (i++; i < mro.length; i++) {
    const attr = mro[i].dict.get(name);
    if (attr === undefined) continue;
    if (
      s.obj instanceof PyClass &&
      s.obj === s.objType &&
      (attr instanceof PyFunction || attr instanceof PyNativeFunction)
    ) {
      return attr;
    }
    return bindAttr(attr, s.obj, s.objType);
  }
  throw pyError(AttributeError, `'super' object has no attribute '${name}'`);
}

/**
 * Method lookup for `obj.name(...)` without allocating a bound method: returns the function and whether `obj` must
 * be passed as the first argument; undefined when the generic path is needed.
 */
export function lookupMethod(obj: PyValue, name: string): PyValue | undefined {
  if (obj instanceof PyInstance) {
    if (obj.dict?.has(name)) return undefined;
    const attr = obj.cls.lookup(name);
    return attr instanceof PyFunction || attr instanceof PyNativeFunction ? attr : undefined;
  }
  if (obj instanceof PyObject && !(obj instanceof PyList) && !(obj instanceof PyDict) && !(obj instanceof PyTuple)) {
    return undefined;
  }
  const attr = typeOf(obj).lookup(name);
  return attr instanceof PyNativeFunction ? attr : undefined;
}

/** `obj.name = value`. */
export function setAttr(obj: PyValue, name: string, value: PyValue): void {
  if (obj instanceof PyInstance) {
    const cls = obj.cls;
    const attr = cls.lookup(name);
    if (attr instanceof PyProperty) {
      if (attr.fset === null) throw pyError(AttributeError, `property '${name}' of '${cls.name}' object has no setter`);
      runtime().call(attr.fset, [obj, value]);
      return;
    }
    const sa = cls.lookup('__setattr__');
    if (sa !== undefined && sa !== null && !(sa instanceof PyNativeFunction && sa.ownerName === 'object')) {
      runtime().call(sa, [obj, name, value]);
      return;
    }
    beforeMutation(obj);
    obj.attrs().set(name, value);
    return;
  }
  if (obj instanceof PyUnknown) return;
  if (obj instanceof PyClass) {
    if (obj.immutable) throw pyError(TypeError, `cannot set '${name}' attribute of immutable type '${obj.name}'`);
    obj.dict.set(name, value);
    return;
  }
  if (obj instanceof PyFunction) {
    obj.attrs ??= new Map();
    obj.attrs.set(name, value);
    return;
  }
  if (obj instanceof PyModule) {
    obj.dict.set(name, value);
    return;
  }
  throw pyError(AttributeError, `'${typeName(obj)}' object has no attribute '${name}'`);
}

/** `del obj.name`. */
export function delAttr(obj: PyValue, name: string): void {
  if (obj instanceof PyInstance) {
    const attr = obj.cls.lookup(name);
    if (attr instanceof PyProperty && attr.fdel !== null) {
      runtime().call(attr.fdel, [obj]);
      return;
    }
    if (obj.dict?.has(name)) {
      beforeMutation(obj);
      obj.dict.delete(name);
      return;
    }
    throw noAttr(obj, name);
  }
  if (obj instanceof PyUnknown) return;
  if (obj instanceof PyClass && !obj.immutable && obj.dict.delete(name)) return;
  if (obj instanceof PyModule && obj.dict.delete(name)) return;
  throw noAttr(obj, name);
}

// ---- indices and slices ---------------------------------------------------------------------------------------

/** Python's `slice.indices(length)`. */
export function sliceIndices(s: PySlice, length: number): [number, number, number] {
  const sliceIdx = () => 'slice indices must be integers or None or have an __index__ method';
  const step = s.step === null ? 1 : toIndex(s.step, sliceIdx);
  if (step === 0) throw pyError(ValueError, 'slice step cannot be zero');
  const lowerDefault = step < 0 ? length - 1 : 0;
  const upperDefault = step < 0 ? -1 : length;
  const clamp = (v: PyValue, def: number): number => {
    if (v === null) return def;
    let i = toIndex(v, sliceIdx);
    if (i < 0) {
      i += length;
      if (i < 0) i = step < 0 ? -1 : 0;
    } else if (i >= length) i = step < 0 ? length - 1 : length;
    return i;
  };
  return [clamp(s.start, lowerDefault), clamp(s.stop, upperDefault), step];
}

export function sliceItems<T>(items: readonly T[] | string, s: PySlice): T[] {
  const [start, stop, step] = sliceIndices(s, items.length);
  const out: T[] = [];
  if (step > 0) for (let i = start; i < stop; i += step) out.push(items[i] as T);
  else for (let i = start; i > stop; i += step) out.push(items[i] as T);
  return out;
}

function seqIndex(v: PyValue, length: number, kind: string): number {
  const i = toIndex(v, () =>
    kind === 'str'
      ? `string indices must be integers, not '${typeName(v)}'`
      : `${kind} indices must be integers or slices, not ${typeName(v)}`,
  );
  const j = i < 0 ? i + length : i;
  if (j < 0 || j >= length) {
    const label = kind === 'str' ? 'string' : kind === 'range' ? 'range object' : kind;
    throw pyError(IndexError, `${label} index out of range`);
  }
  return j;
}

/** `obj[key]`. */
export function getItem(obj: PyValue, key: PyValue): PyValue {
  if (obj instanceof PyList || obj instanceof PyTuple) {
    if (key instanceof PySlice) {
      const items = sliceItems(obj.items, key);
      return obj instanceof PyList ? new PyList(items) : new PyTuple(items);
    }
    return obj.items[seqIndex(key, obj.items.length, obj instanceof PyList ? 'list' : 'tuple')];
  }
  if (obj instanceof PyDict) {
    if (key instanceof PyUnknown) return key;
    return dictGetItem(obj, key);
  }
  if (typeof obj === 'string') {
    if (key instanceof PySlice) {
      if (key.step === null || key.step === 1n) {
        const [start, stop] = sliceIndices(key, obj.length);
        return stop > start ? obj.slice(start, stop) : '';
      }
      return sliceItems<string>(obj, key).join('');
    }
    return obj[seqIndex(key, obj.length, 'str')];
  }
  if (obj instanceof PyInstance) {
    const m = obj.cls.lookup('__getitem__');
    if (m !== undefined && m !== null) return runtime().call(m, [obj, key]);
  }
  if (obj instanceof PyUnknown) return (obj instanceof ShapedUnknown && shapedItem(obj, key)) || obj;
  if (key instanceof PyUnknown) return key;
  if (obj instanceof PyRange) {
    const len = Number(obj.length);
    if (key instanceof PySlice) {
      const [start, stop, step] = sliceIndices(key, len);
      const at = (i: number) => obj.start + BigInt(i) * obj.step;
      const n =
        step > 0 ? Math.max(0, Math.ceil((stop - start) / step)) : Math.max(0, Math.ceil((start - stop) / -step));
      return new PyRange(at(start), at(start) + BigInt(n) * obj.step * BigInt(step), obj.step * BigInt(step));
    }
    if (typeof key === 'bigint') {
      // Exact for any length (a range can be longer than 2^53).
      const n = obj.length;
      const j = key < 0n ? key + n : key;
      if (j < 0n || j >= n) throw pyError(IndexError, 'range object index out of range');
      return obj.start + j * obj.step;
    }
    return obj.start + BigInt(seqIndex(key, len, 'range')) * obj.step;
  }
  if (obj instanceof PyClass) return obj;
  throw pyError(TypeError, `'${typeName(obj)}' object is not subscriptable`);
}

/** `obj[key] = value`. */
export function setItem(obj: PyValue, key: PyValue, value: PyValue): void {
  if (obj instanceof PyList) beforeMutation(obj);
  if (obj instanceof PyList) {
    if (key instanceof PySlice) {
      const [start, stop, step] = sliceIndices(key, obj.items.length);
      const vals = runtime().context().toArray(value);
      if (step === 1) {
        replaceItems(obj.items, vals, start, Math.max(0, stop - start));
        return;
      }
      const idx: number[] = [];
      if (step > 0) for (let i = start; i < stop; i += step) idx.push(i);
      else for (let i = start; i > stop; i += step) idx.push(i);
      if (idx.length !== vals.length) {
        throw pyError(
          ValueError,
          `attempt to assign sequence of size ${vals.length} to extended slice of size ${idx.length}`,
        );
      }
      idx.forEach((i, k) => {
        obj.items[i] = vals[k];
      });
      return;
    }
    const i = toIndex(key, () => `list indices must be integers or slices, not ${typeName(key)}`);
    const j = i < 0 ? i + obj.items.length : i;
    if (j < 0 || j >= obj.items.length) throw pyError(IndexError, 'list assignment index out of range');
    obj.items[j] = value;
    return;
  }
  if (obj instanceof PyDict) {
    if (key instanceof PyUnknown) return;
    dictSet(obj, key, value);
    return;
  }
  if (obj instanceof PyInstance) {
    const m = obj.cls.lookup('__setitem__');
    if (m !== undefined && m !== null) {
      runtime().call(m, [obj, key, value]);
      return;
    }
  }
  if (obj instanceof PyUnknown) return;
  throw pyError(TypeError, `'${typeName(obj)}' object does not support item assignment`);
}

/** `del obj[key]`. */
export function delItem(obj: PyValue, key: PyValue): void {
  if (obj instanceof PyList) beforeMutation(obj);
  if (obj instanceof PyList) {
    if (key instanceof PySlice) {
      const [start, stop, step] = sliceIndices(key, obj.items.length);
      if (step === 1) obj.items.splice(start, Math.max(0, stop - start));
      else {
        const drop = new Set<number>();
        if (step > 0) for (let i = start; i < stop; i += step) drop.add(i);
        else for (let i = start; i > stop; i += step) drop.add(i);
        replaceItems(
          obj.items,
          obj.items.filter((_, i) => !drop.has(i)),
        );
      }
      return;
    }
    const i = toIndex(key, () => `list indices must be integers or slices, not ${typeName(key)}`);
    const j = i < 0 ? i + obj.items.length : i;
    if (j < 0 || j >= obj.items.length) throw pyError(IndexError, 'list assignment index out of range');
    obj.items.splice(j, 1);
    return;
  }
  if (obj instanceof PyDict) {
    if (!dictDelete(obj, key)) throw keyError(key);
    return;
  }
  if (obj instanceof PyInstance) {
    const m = obj.cls.lookup('__delitem__');
    if (m !== undefined && m !== null) {
      runtime().call(m, [obj, key]);
      return;
    }
  }
  if (obj instanceof PyUnknown) return;
  throw pyError(TypeError, `'${typeName(obj)}' object doesn't support item deletion`);
}
