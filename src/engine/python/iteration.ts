/** The iterator protocol for builtin values and for instances with `__iter__` / `__next__` / `__getitem__`. */
import { setItems } from './dict';
import { IndexError, PyException, pyError, RuntimeError, StopIteration, TypeError } from './exceptions';
import { runtime } from './runtime';
import {
  PyDict,
  PyInstance,
  PyIterator,
  PyList,
  PyRange,
  PySet,
  PyTuple,
  PyUnknown,
  type PyValue,
  typeName,
} from './values';

/** A cheap iterator: `next()` returns undefined when exhausted. */
export interface Iter {
  next(): PyValue | undefined;
}

class ArrayIter implements Iter {
  i = 0;
  constructor(readonly items: readonly PyValue[]) {}
  next(): PyValue | undefined {
    return this.i < this.items.length ? this.items[this.i++] : undefined;
  }
}

class RangeIter implements Iter {
  cur: bigint;
  constructor(readonly r: PyRange) {
    this.cur = r.start;
  }
  next(): PyValue | undefined {
    const { stop, step } = this.r;
    const c = this.cur;
    if (step > 0n ? c >= stop : c <= stop) return undefined;
    this.cur = c + step;
    return c;
  }
}

class DictKeyIter implements Iter {
  private readonly it: Iterator<{ key: PyValue }>;
  private readonly size: number;
  constructor(readonly d: PyDict) {
    this.it = d.map.values();
    this.size = d.map.size;
  }
  next(): PyValue | undefined {
    if (this.d.map.size !== this.size) throw pyError(RuntimeError, 'dictionary changed size during iteration');
    const r = this.it.next();
    return r.done ? undefined : r.value.key;
  }
}

/** Calls `__next__` until StopIteration. */
class DunderIter implements Iter {
  constructor(
    readonly obj: PyValue,
    readonly nextFn: PyValue,
  ) {}
  next(): PyValue | undefined {
    try {
      return runtime().call(this.nextFn, [this.obj]);
    } catch (e) {
      if (e instanceof PyException && e.cls.isSubclassOf(StopIteration)) return undefined;
      throw e;
    }
  }
}

/** The old sequence protocol: `__getitem__(0)`, `__getitem__(1)`, ... until IndexError. */
class GetItemIter implements Iter {
  i = 0n;
  constructor(
    readonly obj: PyValue,
    readonly getitem: PyValue,
  ) {}
  next(): PyValue | undefined {
    try {
      return runtime().call(this.getitem, [this.obj, this.i++]);
    } catch (e) {
      if (e instanceof PyException && (e.cls.isSubclassOf(IndexError) || e.cls.isSubclassOf(StopIteration))) {
        return undefined;
      }
      throw e;
    }
  }
}

/** `iter(v)` as a JS-side iterator. Unknown values are the caller's business (they throw here). */
export function getIter(v: PyValue): Iter {
  if (v instanceof PyList || v instanceof PyTuple) return new ArrayIter(v.items);
  if (typeof v === 'string') return iteratorOf(v[Symbol.iterator](), 'str_ascii_iterator');
  if (v instanceof PyRange) return new RangeIter(v);
  if (v instanceof PyIterator) return v;
  if (v instanceof PyDict) return new DictKeyIter(v);
  if (v instanceof PySet) return new ArrayIter(setItems(v));
  if (v instanceof PyInstance) {
    const iter = v.cls.lookup('__iter__');
    if (iter !== undefined && iter !== null) {
      const r = runtime().call(iter, [v]);
      if (r instanceof PyInstance) {
        const next = r.cls.lookup('__next__');
        if (next === undefined) throw pyError(TypeError, `iter() returned non-iterator of type '${typeName(r)}'`);
        return new DunderIter(r, next);
      }
      return getIter(r);
    }
    const getitem = v.cls.lookup('__getitem__');
    if (getitem !== undefined && getitem !== null) return new GetItemIter(v, getitem);
  }
  if (v instanceof PyUnknown) throw v;
  throw pyError(TypeError, `'${typeName(v)}' object is not iterable`);
}

/** `iter(v)` as a Python iterator object. */
export function pyIter(v: PyValue): PyIterator {
  if (v instanceof PyIterator) return v;
  if (typeof v === 'string') return iteratorOf(v[Symbol.iterator](), 'str_ascii_iterator');
  const it = getIter(v);
  const label =
    v instanceof PyList
      ? 'list_iterator'
      : v instanceof PyTuple
        ? 'tuple_iterator'
        : v instanceof PyRange
          ? 'range_iterator'
          : v instanceof PyDict
            ? 'dict_keyiterator'
            : v instanceof PySet
              ? 'set_iterator'
              : 'iterator';
  return new PyIterator(() => it.next(), label);
}

/** Collects any iterable into an array, charging one step per element. */
export function toArray(v: PyValue): PyValue[] {
  if (v instanceof PyList || v instanceof PyTuple) return v.items.slice();
  const it = getIter(v);
  const out: PyValue[] = [];
  const rt = runtime();
  for (let x = it.next(); x !== undefined; x = it.next()) {
    rt.tick();
    out.push(x);
  }
  return out;
}

/** A JS iterable view of a Python iterable (charging steps), for builtins written with `for...of`. */
export function* iterate(v: PyValue): Generator<PyValue> {
  const it = getIter(v);
  const rt = runtime();
  for (let x = it.next(); x !== undefined; x = it.next()) {
    rt.tick();
    yield x;
  }
}

/** A PyIterator over a JS iterator or generator: the one adapter from JS iteration to Python's. */
export function iteratorOf(it: Iterator<PyValue>, label = 'iterator'): PyIterator {
  return new PyIterator(() => {
    const r = it.next();
    return r.done ? undefined : r.value;
  }, label);
}
