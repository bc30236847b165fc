/** Methods of the builtin types: str, list, tuple, dict (with views), set, int, float, object, exceptions, ... */

import { getAttr } from './attributes';
import { encodeStr } from './bytes';
import { dictDelete, dictGet, dictSet, keyError, newSet, setAdd, setHas } from './dict';
import {
  BaseException,
  exceptionState,
  IndexError,
  KeyError,
  OverflowError,
  pyError,
  RuntimeError,
  StopIteration,
  TypeError,
  ValueError,
} from './exceptions';
import { defaultObjectRepr, exceptionRepr, exceptionStr, pyRepr, pyStr } from './format';
import { formatValue, strFormat } from './formatSpec';
import { iterate, pyIter, toArray } from './iteration';
import { type Args, def, nativeClass } from './native';
import { hashKey, toIndex } from './numbers';
import { contains, eqOp, orderOp, pyEquals, setObjectEq, truthy } from './operators';
import { runtime } from './runtime';
import { beforeMutation } from './sideEffects';
import {
  type CallContext,
  DictType,
  FloatType,
  GeneratorType,
  IntType,
  IteratorType,
  ListType,
  NotImplemented,
  ObjectType,
  PropertyType,
  type PyClass,
  PyDict,
  PyInstance,
  PyIterator,
  PyList,
  type PyNativeFunction,
  type PyObject,
  PyProperty,
  type PyRange,
  type PySet,
  type PySlice,
  PyStaticMethod,
  PyTuple,
  type PyValue,
  RangeType,
  replaceItems,
  SetType,
  SliceType,
  StrType,
  TupleType,
  TypeType,
  typeName,
} from './values';

/** Defines a method of a builtin type from its signature. */
function method(cls: PyClass, sig: string, impl: (a: Args, ctx: CallContext) => PyValue): void {
  const f = def(sig, impl);
  f.ownerName = cls.name;
  cls.dict.set(f.name, f);
}

function prop(cls: PyClass, name: string, get: (self: PyValue) => PyValue): void {
  cls.dict.set(name, new PyProperty(def(`${name}(self)`, ({ self }) => get(self))));
}

/** `object.__init__`: instantiation skips it (and rejects extra arguments when nothing overrides it). */
export const objectInit = def('__init__(self, /, *args, **kwargs)', () => null);
objectInit.ownerName = 'object';

// ---- helpers shared with builtins.ts ------------------------------------------------------------------------

export function sortKeyed(items: PyValue[], key: PyValue, reverse: boolean, ctx: CallContext): PyValue[] {
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

// ---- str ------------------------------------------------------------------------------------------------------

/** Python's whitespace: JS `\s` plus the separators U+001C..U+001F and U+0085. */
function isWs(c: string): boolean {
  const code = c.charCodeAt(0);
  return /\s/.test(c) || (code >= 0x1c && code <= 0x1f) || code === 0x85;
}

function splitWhitespace(s: string, maxsplit: number): string[] {
  const out: string[] = [];
  let i = 0;
  const n = s.length;
  while (i < n) {
    while (i < n && isWs(s[i])) i++;
    if (i >= n) break;
    if (maxsplit >= 0 && out.length === maxsplit) {
      let end = n;
      while (end > i && isWs(s[end - 1])) end--;
      out.push(s.slice(i, end));
      return out;
    }
    let j = i;
    while (j < n && !isWs(s[j])) j++;
    out.push(s.slice(i, j));
    i = j;
  }
  return out;
}

function splitSep(s: string, sep: string, maxsplit: number): string[] {
  if (sep === '') throw pyError(ValueError, 'empty separator');
  const out: string[] = [];
  let start = 0;
  for (;;) {
    if (maxsplit >= 0 && out.length === maxsplit) break;
    const i = s.indexOf(sep, start);
    if (i < 0) break;
    out.push(s.slice(start, i));
    start = i + sep.length;
  }
  out.push(s.slice(start));
  return out;
}

function rsplit(s: string, sep: PyValue, maxsplit: number): string[] {
  if (maxsplit < 0) return sep === null ? splitWhitespace(s, -1) : splitSep(s, String(sep), -1);
  const rev = (x: string) => [...x].reverse().join('');
  const parts = sep === null ? splitWhitespace(rev(s), maxsplit) : splitSep(rev(s), rev(String(sep)), maxsplit);
  return parts.map(rev).reverse();
}

function stripChars(s: string, chars: PyValue, left: boolean, right: boolean): string {
  const test = chars === null ? isWs : (c: string) => (chars as string).includes(c);
  let i = 0;
  let j = s.length;
  if (left) while (i < j && test(s[i])) i++;
  if (right) while (j > i && test(s[j - 1])) j--;
  return s.slice(i, j);
}

function span(s: string, start: PyValue, end: PyValue): [number, number] {
  const n = s.length;
  const norm = (v: PyValue, d: number) => {
    if (v === null) return d;
    let i = toIndex(v);
    if (i < 0) i = Math.max(0, i + n);
    return Math.min(i, n);
  };
  return [norm(start, 0), norm(end, n)];
}

function affix(s: string, x: PyValue, start: PyValue, end: PyValue, fn: (t: string, p: string) => boolean): boolean {
  const [a, b] = span(s, start, end);
  const t = s.slice(a, b);
  if (typeof x === 'string') return fn(t, x);
  if (x instanceof PyTuple) return x.items.some((p) => typeof p === 'string' && fn(t, p));
  throw pyError(TypeError, `startswith first arg must be str or a tuple of str, not ${typeName(x)}`);
}

function count(s: string, sub: string, a: number, b: number): number {
  const t = s.slice(a, b);
  if (sub === '') return t.length + 1;
  let n = 0;
  for (let i = t.indexOf(sub); i >= 0; i = t.indexOf(sub, i + sub.length)) n++;
  return n;
}

function isCased(c: string): boolean {
  return c.toLowerCase() !== c.toUpperCase();
}

function title(s: string): string {
  let out = '';
  let prev = false;
  for (const c of s) {
    out += prev ? c.toLowerCase() : c.toUpperCase();
    prev = isCased(c);
  }
  return out;
}

function padTo(s: string, width: PyValue, fill: PyValue, where: 'left' | 'right' | 'center'): string {
  const w = toIndex(width);
  const f = String(fill);
  if (f.length !== 1) throw pyError(TypeError, 'The fill character must be exactly one character long');
  const n = [...s].length;
  if (w <= n) return s;
  const total = w - n;
  if (where === 'right') return f.repeat(total) + s;
  if (where === 'left') return s + f.repeat(total);
  const left = Math.floor(total / 2) + (total & w & 1);
  return f.repeat(left) + s + f.repeat(total - left);
}

function installStr(): void {
  const S = StrType;
  const str = (v: PyValue) => v as string;
  method(S, 'format(self, *args, **kwargs)', ({ self, args, kwargs }, ctx) =>
    strFormat(str(self), {
      positional: (args as PyTuple).items,
      keyword: new Map([...(kwargs as PyDict).map.values()].map((e) => [String(e.key), e.value])),
      getAttr: (o, n) => ctx.getAttr(o, n),
      getItem: (o, k) => ctx.call(ctx.getAttr(o, '__getitem__'), [k]),
    }),
  );
  method(S, 'join(self, iterable, /)', ({ self, iterable }) => {
    const parts: string[] = [];
    let i = 0;
    for (const x of iterate(iterable)) {
      if (typeof x !== 'string')
        throw pyError(TypeError, `sequence item ${i}: expected str instance, ${typeName(x)} found`);
      parts.push(x);
      i++;
    }
    return parts.join(str(self));
  });
  method(S, 'split(self, sep=None, maxsplit=-1)', ({ self, sep, maxsplit: max }) => {
    const m = toIndex(max);
    const parts = sep === null ? splitWhitespace(str(self), m) : splitSep(str(self), String(sep), m);
    return new PyList(parts);
  });
  method(
    S,
    'rsplit(self, sep=None, maxsplit=-1)',
    ({ self, sep, maxsplit: max }) => new PyList(rsplit(str(self), sep, toIndex(max))),
  );
  method(S, 'splitlines(self, keepends=False)', ({ self, keepends: keep }) => {
    const out: string[] = [];
    const s = str(self);
    const breaks = '\n\r\v\f\u001c\u001d\u001e\u0085\u2028\u2029';
    let start = 0;
    for (let i = 0; i < s.length; i++) {
      if (!breaks.includes(s[i])) continue;
      const end = s[i] === '\r' && s[i + 1] === '\n' ? i + 2 : i + 1;
      out.push(s.slice(start, keep ? end : i));
      start = end;
      i = end - 1;
    }
    if (start < s.length) out.push(s.slice(start));
    return new PyList(out);
  });
  method(S, 'strip(self, chars=None, /)', ({ self, chars: c }) => stripChars(str(self), c, true, true));
  method(S, 'lstrip(self, chars=None, /)', ({ self, chars: c }) => stripChars(str(self), c, true, false));
  method(S, 'rstrip(self, chars=None, /)', ({ self, chars: c }) => stripChars(str(self), c, false, true));
  method(S, 'replace(self, old, new, count=-1, /)', ({ self, old: oldV, new: newV, count: cnt }) => {
    const s = str(self);
    const o = String(oldV);
    const nw = String(newV);
    let c = toIndex(cnt);
    if (c < 0) return o === '' ? [...s].join(nw).replace(/^/, nw) + nw : s.split(o).join(nw);
    let out = '';
    let i = 0;
    while (c-- > 0) {
      const j = s.indexOf(o, i);
      if (j < 0) break;
      out += s.slice(i, j) + nw;
      i = j + o.length;
      if (o === '') {
        out += s[i] ?? '';
        i++;
      }
    }
    return out + s.slice(i);
  });
  method(S, 'upper(self)', ({ self }) => str(self).toUpperCase());
  method(S, "encode(self, encoding='utf-8', errors='strict')", ({ self, encoding }) => encodeStr(str(self), encoding));
  method(S, 'lower(self)', ({ self }) => str(self).toLowerCase());
  method(S, 'casefold(self)', ({ self }) => str(self).toLowerCase());
  method(S, 'title(self)', ({ self }) => title(str(self)));
  method(S, 'capitalize(self)', ({ self }) => {
    const s = str(self);
    return s ? s[0].toUpperCase() + s.slice(1).toLowerCase() : s;
  });
  method(S, 'swapcase(self)', ({ self }) =>
    [...str(self)].map((c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join(''),
  );
  method(S, 'startswith(self, prefix, start=None, end=None, /)', ({ self, prefix: p, start: a, end: b }) =>
    affix(str(self), p, a, b, (t, x) => t.startsWith(x)),
  );
  method(S, 'endswith(self, suffix, start=None, end=None, /)', ({ self, suffix: p, start: a, end: b }) =>
    affix(str(self), p, a, b, (t, x) => t.endsWith(x)),
  );
  const finder = (name: string, fromRight: boolean, raise: boolean) =>
    method(S, `${name}(self, sub, start=None, end=None, /)`, ({ self, sub, start: a, end: b }) => {
      const s = str(self);
      const [x, y] = span(s, a, b);
      const t = s.slice(x, y);
      const i = fromRight ? t.lastIndexOf(String(sub)) : t.indexOf(String(sub));
      if (i < 0) {
        if (raise) throw pyError(ValueError, 'substring not found');
        return -1n;
      }
      return BigInt(i + x);
    });
  finder('find', false, false);
  finder('rfind', true, false);
  finder('index', false, true);
  finder('rindex', true, true);
  method(S, 'count(self, sub, start=None, end=None, /)', ({ self, sub, start: a, end: b }) => {
    const [x, y] = span(str(self), a, b);
    return BigInt(count(str(self), String(sub), x, y));
  });
  const pred = (name: string, re: RegExp, nonEmpty = true) =>
    method(S, `${name}(self)`, ({ self }) => (nonEmpty ? str(self).length > 0 : true) && re.test(str(self)));
  pred('isdigit', /^\p{Nd}+$/u);
  pred('isdecimal', /^\p{Nd}+$/u);
  pred('isnumeric', /^[\p{Nd}\p{Nl}\p{No}]+$/u);
  pred('isalpha', /^\p{L}+$/u);
  pred('isalnum', /^[\p{L}\p{Nd}\p{Nl}\p{No}]+$/u);
  method(S, 'isspace(self)', ({ self }) => str(self).length > 0 && [...str(self)].every(isWs));
  pred('isidentifier', /^[\p{L}_][\p{L}\p{N}_]*$/u);
  method(S, 'isupper(self)', ({ self }) => {
    const s = str(self);
    return [...s].some(isCased) && s === s.toUpperCase();
  });
  method(S, 'islower(self)', ({ self }) => {
    const s = str(self);
    return [...s].some(isCased) && s === s.toLowerCase();
  });
  method(S, 'istitle(self)', ({ self }) => {
    const s = str(self);
    return [...s].some(isCased) && title(s) === s;
  });
  method(S, 'center(self, width, fillchar=" ", /)', ({ self, width: w, fillchar: f }) =>
    padTo(str(self), w, f, 'center'),
  );
  method(S, 'ljust(self, width, fillchar=" ", /)', ({ self, width: w, fillchar: f }) => padTo(str(self), w, f, 'left'));
  method(S, 'rjust(self, width, fillchar=" ", /)', ({ self, width: w, fillchar: f }) =>
    padTo(str(self), w, f, 'right'),
  );
  method(S, 'zfill(self, width, /)', ({ self, width: w }) => {
    const s = str(self);
    const sign = s[0] === '-' || s[0] === '+' ? s[0] : '';
    const body = sign ? s.slice(1) : s;
    return sign + padTo(body, BigInt(Math.max(0, toIndex(w) - sign.length)), '0', 'right');
  });
  method(S, 'partition(self, sep, /)', ({ self, sep }) => {
    const s = str(self);
    const i = s.indexOf(String(sep));
    return new PyTuple(i < 0 ? [s, '', ''] : [s.slice(0, i), String(sep), s.slice(i + String(sep).length)]);
  });
  method(S, 'rpartition(self, sep, /)', ({ self, sep }) => {
    const s = str(self);
    const i = s.lastIndexOf(String(sep));
    return new PyTuple(i < 0 ? ['', '', s] : [s.slice(0, i), String(sep), s.slice(i + String(sep).length)]);
  });
  method(S, 'removeprefix(self, prefix, /)', ({ self, prefix: p }) =>
    str(self).startsWith(String(p)) ? str(self).slice(String(p).length) : str(self),
  );
  method(S, 'removesuffix(self, suffix, /)', ({ self, suffix: p }) => {
    const s = str(self);
    const x = String(p);
    return x && s.endsWith(x) ? s.slice(0, s.length - x.length) : s;
  });
  method(S, 'expandtabs(self, tabsize=8)', ({ self, tabsize: t }) => {
    const size = toIndex(t);
    let out = '';
    let col = 0;
    for (const c of str(self)) {
      if (c === '\t') {
        const n = size > 0 ? size - (col % size) : 0;
        out += ' '.repeat(n);
        col += n;
      } else {
        out += c;
        col = c === '\n' || c === '\r' ? 0 : col + 1;
      }
    }
    return out;
  });
}

// ---- list / tuple -----------------------------------------------------------------------------------------------

function indexIn(items: readonly PyValue[], x: PyValue, start: PyValue, stop: PyValue): number {
  const n = items.length;
  const norm = (v: PyValue, d: number) => {
    if (v === null) return d;
    let i = toIndex(v);
    if (i < 0) i = Math.max(0, i + n);
    return Math.min(i, n);
  };
  const a = norm(start, 0);
  const b = norm(stop, n);
  for (let i = a; i < b; i++) if (items[i] === x || pyEquals(items[i], x)) return i;
  return -1;
}

function installList(): void {
  const L = ListType;
  const list = (v: PyValue) => v as PyList;
  method(L, 'append(self, object, /)', ({ self, object: x }) => {
    beforeMutation(list(self));
    list(self).items.push(x);
    return null;
  });
  method(L, 'extend(self, iterable, /)', ({ self, iterable: it }) => {
    beforeMutation(list(self));
    const items = toArray(it);
    for (const x of items) list(self).items.push(x);
    return null;
  });
  method(L, 'pop(self, index=-1, /)', ({ self, index: idx }) => {
    beforeMutation(list(self));
    const items = list(self).items;
    if (items.length === 0) throw pyError(IndexError, 'pop from empty list');
    let i = toIndex(idx);
    if (i < 0) i += items.length;
    if (i < 0 || i >= items.length) throw pyError(IndexError, 'pop index out of range');
    return items.splice(i, 1)[0];
  });
  method(L, 'insert(self, index, object, /)', ({ self, index: idx, object: x }) => {
    beforeMutation(list(self));
    const items = list(self).items;
    let i = toIndex(idx);
    if (i < 0) i = Math.max(0, i + items.length);
    items.splice(Math.min(i, items.length), 0, x);
    return null;
  });
  method(L, 'remove(self, value, /)', ({ self, value: x }) => {
    beforeMutation(list(self));
    const items = list(self).items;
    const i = indexIn(items, x, null, null);
    if (i < 0) throw pyError(ValueError, 'list.remove(x): x not in list');
    items.splice(i, 1);
    return null;
  });
  method(L, 'index(self, value, start=None, stop=None, /)', ({ self, value: x, start: a, stop: b }) => {
    const i = indexIn(list(self).items, x, a, b);
    if (i < 0) throw pyError(ValueError, `${pyRepr(x)} is not in list`);
    return BigInt(i);
  });
  method(L, 'count(self, value, /)', ({ self, value: x }) =>
    BigInt(list(self).items.filter((y) => y === x || pyEquals(y, x)).length),
  );
  method(L, 'sort(self, *, key=None, reverse=False)', ({ self, key, reverse: rev }, ctx) => {
    beforeMutation(list(self));
    sortList(list(self), key, ctx.truthy(rev), ctx);
    return null;
  });
  method(L, 'reverse(self)', ({ self }) => {
    beforeMutation(list(self));
    list(self).items.reverse();
    return null;
  });
  method(L, 'copy(self)', ({ self }) => new PyList(list(self).items.slice()));
  method(L, 'clear(self)', ({ self }) => {
    beforeMutation(list(self));
    list(self).items.length = 0;
    return null;
  });
  const T = TupleType;
  method(T, 'index(self, value, start=None, stop=None, /)', ({ self, value: x, start: a, stop: b }) => {
    const i = indexIn((self as PyTuple).items, x, a, b);
    if (i < 0) throw pyError(ValueError, 'tuple.index(x): x not in tuple');
    return BigInt(i);
  });
  method(T, 'count(self, value, /)', ({ self, value: x }) =>
    BigInt((self as PyTuple).items.filter((y) => y === x || pyEquals(y, x)).length),
  );
}

// ---- dict -------------------------------------------------------------------------------------------------------

type ViewKind = 'keys' | 'values' | 'items';

function viewItems(d: PyDict, kind: ViewKind): PyValue[] {
  const out: PyValue[] = [];
  for (const e of d.map.values())
    out.push(kind === 'keys' ? e.key : kind === 'values' ? e.value : new PyTuple([e.key, e.value]));
  return out;
}

function makeView(kind: ViewKind): PyClass {
  const name = `dict_${kind}`;
  const dictOf = (self: PyValue) => (self as PyInstance).payload as PyDict;
  return nativeClass({
    name,
    methods: {
      __iter__: def('__iter__(self)', ({ self }) => {
        const d = dictOf(self);
        const it = d.map.values();
        const size = d.map.size;
        return new PyIterator(
          () => {
            if (d.map.size !== size) throw pyError(RuntimeError, 'dictionary changed size during iteration');
            const r = it.next();
            if (r.done) return undefined;
            const e = r.value;
            return kind === 'keys' ? e.key : kind === 'values' ? e.value : new PyTuple([e.key, e.value]);
          },
          `dict_${kind === 'keys' ? 'key' : kind === 'values' ? 'value' : 'item'}iterator`,
        );
      }),
      __len__: def('__len__(self)', ({ self }) => BigInt(dictOf(self).map.size)),
      __contains__: def('__contains__(self, x)', ({ self, x }) => {
        const d = dictOf(self);
        if (kind === 'keys') return dictGet(d, x) !== undefined;
        return contains(new PyList(viewItems(d, kind)), x);
      }),
      __repr__: def('__repr__(self)', ({ self }) => `${name}(${pyRepr(new PyList(viewItems(dictOf(self), kind)))})`),
      __eq__: def('__eq__(self, other)', ({ self, other }) => {
        if (!(other instanceof PyInstance) || other.cls !== (self as PyInstance).cls) return NotImplemented;
        return eqOp(newSet(viewItems(dictOf(self), kind)), newSet(viewItems(dictOf(other), kind)));
      }),
      __reversed__: def('__reversed__(self)', ({ self }) =>
        pyIter(new PyList(viewItems(dictOf(self), kind).reverse())),
      ),
    },
  });
}

function installDict(): void {
  const D = DictType;
  const dict = (v: PyValue) => v as PyDict;
  const views = { keys: makeView('keys'), values: makeView('values'), items: makeView('items') };
  for (const kind of ['keys', 'values', 'items'] as const) {
    method(D, `${kind}(self)`, ({ self }) => new PyInstance(views[kind], self));
  }
  method(D, 'get(self, key, default=None, /)', ({ self, key: k, default: d }) => {
    const v = dictGet(dict(self), k);
    return v === undefined ? d : v;
  });
  method(D, 'pop(self, key, *default)', ({ self, key: k, default: d }) => {
    beforeMutation(dict(self));
    const e = dict(self).map.get(hashKey(k));
    if (e) {
      dictDelete(dict(self), k);
      return e.value;
    }
    const dflt = (d as PyTuple).items;
    if (dflt.length) return dflt[0];
    throw keyError(k);
  });
  method(D, 'popitem(self)', ({ self }) => {
    beforeMutation(dict(self));
    const m = dict(self).map;
    if (m.size === 0) throw pyError(KeyError, 'popitem(): dictionary is empty');
    const last = [...m.entries()].pop() as [unknown, { key: PyValue; value: PyValue }];
    m.delete(last[0] as string);
    return new PyTuple([last[1].key, last[1].value]);
  });
  method(D, 'update(self, other=None, /, **kwargs)', ({ self, other, kwargs: kw }) => {
    if (other !== null) updateDict(dict(self), other);
    for (const e of (kw as PyDict).map.values()) dictSet(dict(self), e.key, e.value);
    return null;
  });
  method(D, 'setdefault(self, key, default=None, /)', ({ self, key: k, default: d }) => {
    const v = dictGet(dict(self), k);
    if (v !== undefined) return v;
    dictSet(dict(self), k, d);
    return d;
  });
  method(D, 'copy(self)', ({ self }) => {
    const d = new PyDict();
    for (const [h, e] of dict(self).map) d.map.set(h, { key: e.key, value: e.value });
    return d;
  });
  method(D, 'clear(self)', ({ self }) => {
    beforeMutation(dict(self));
    dict(self).map.clear();
    return null;
  });
  const fromkeys = def('fromkeys(iterable, value=None, /)', ({ iterable: it, value: v }) => {
    const d = new PyDict();
    for (const k of iterate(it)) dictSet(d, k, v);
    return d;
  });
  fromkeys.ownerName = 'dict';
  D.dict.set('fromkeys', new PyStaticMethod(fromkeys));
}

// ---- set --------------------------------------------------------------------------------------------------------

function installSet(): void {
  const S = SetType;
  const set = (v: PyValue) => v as PySet;
  const others = (args: PyValue) => (args as PyTuple).items.map((o) => newSet(iterate(o)));
  method(S, 'add(self, elem, /)', ({ self, elem: x }) => {
    setAdd(set(self), x);
    return null;
  });
  method(S, 'remove(self, elem, /)', ({ self, elem: x }) => {
    if (!set(self).map.delete(hashKey(x))) throw keyError(x);
    return null;
  });
  method(S, 'discard(self, elem, /)', ({ self, elem: x }) => {
    set(self).map.delete(hashKey(x));
    return null;
  });
  method(S, 'pop(self)', ({ self }) => {
    const m = set(self).map;
    const first = m.entries().next();
    if (first.done) throw pyError(KeyError, 'pop from an empty set');
    m.delete(first.value[0]);
    return first.value[1];
  });
  method(S, 'update(self, *others)', ({ self, others: os }) => {
    for (const o of (os as PyTuple).items) for (const x of iterate(o)) setAdd(set(self), x);
    return null;
  });
  method(S, 'union(self, *others)', ({ self, others: os }) => {
    const r = newSet(set(self).map.values());
    for (const o of others(os)) for (const x of o.map.values()) setAdd(r, x);
    return r;
  });
  method(S, 'intersection(self, *others)', ({ self, others: os }) => {
    const os2 = others(os);
    return newSet([...set(self).map.values()].filter((x) => os2.every((o) => setHas(o, x))));
  });
  method(S, 'difference(self, *others)', ({ self, others: os }) => {
    const os2 = others(os);
    return newSet([...set(self).map.values()].filter((x) => !os2.some((o) => setHas(o, x))));
  });
  method(S, 'symmetric_difference(self, other, /)', ({ self, other: o }) => {
    const b = newSet(iterate(o));
    const a = set(self);
    return newSet([
      ...[...a.map.values()].filter((x) => !setHas(b, x)),
      ...[...b.map.values()].filter((x) => !setHas(a, x)),
    ]);
  });
  method(S, 'issubset(self, other, /)', ({ self, other: o }) => {
    const b = newSet(iterate(o));
    return [...set(self).map.values()].every((x) => setHas(b, x));
  });
  method(S, 'issuperset(self, other, /)', ({ self, other: o }) => {
    for (const x of iterate(o)) if (!setHas(set(self), x)) return false;
    return true;
  });
  method(S, 'isdisjoint(self, other, /)', ({ self, other: o }) => {
    for (const x of iterate(o)) if (setHas(set(self), x)) return false;
    return true;
  });
  method(S, 'copy(self)', ({ self }) => newSet(set(self).map.values()));
  method(S, 'clear(self)', ({ self }) => {
    set(self).map.clear();
    return null;
  });
}

// ---- numbers, object, exceptions, misc ---------------------------------------------------------------------------

function installNumbers(): void {
  method(IntType, 'bit_length(self)', ({ self }) => {
    const n = self as bigint;
    return n === 0n ? 0n : BigInt((n < 0n ? -n : n).toString(2).length);
  });
  method(IntType, 'is_integer(self)', () => true);
  method(IntType, 'conjugate(self)', ({ self }) => self);
  method(FloatType, 'is_integer(self)', ({ self }) => Number.isInteger(self as number));
  method(FloatType, 'conjugate(self)', ({ self }) => self);
  method(FloatType, 'as_integer_ratio(self)', ({ self }) => {
    let x = self as number;
    if (!Number.isFinite(x)) throw pyError(OverflowError, 'cannot convert Infinity to integer ratio');
    let den = 1n;
    while (!Number.isInteger(x)) {
      x *= 2;
      den *= 2n;
    }
    return new PyTuple([BigInt(x), den]);
  });
  for (const t of [IntType, FloatType, StrType]) {
    method(t, '__format__(self, format_spec, /)', ({ self, format_spec: spec }) => formatValue(self, String(spec)));
  }
  for (const t of [IntType, FloatType]) {
    prop(t, 'real', (self) => self);
    prop(t, 'imag', (self) => (typeof self === 'number' ? 0 : 0n));
  }
}

export const objectEqFn = def('__eq__(self, other, /)', ({ self, other }) => (self === other ? true : NotImplemented));
export const objectHashFn = def('__hash__(self, /)', () => 0n);

function installObject(): void {
  const O = ObjectType;
  const add = (f: PyNativeFunction) => {
    f.ownerName = 'object';
    O.dict.set(f.name, f);
  };
  add(objectInit);
  add(def('__repr__(self, /)', ({ self }) => defaultObjectRepr(self as PyObject)));
  add(def('__str__(self, /)', ({ self }) => pyRepr(self)));
  add(
    def('__format__(self, format_spec, /)', ({ self, format_spec }) => {
      if (format_spec !== '') {
        throw pyError(TypeError, `unsupported format string passed to ${typeName(self)}.__format__`);
      }
      return pyStr(self);
    }),
  );
  add(objectEqFn);
  add(objectHashFn);
  add(
    def('__ne__(self, other, /)', ({ self, other }) => {
      const r = eqOp(self, other);
      return r === NotImplemented ? r : !runtime().context().truthy(r);
    }),
  );
  add(
    def('__setattr__(self, name, value, /)', ({ self, name, value }) => {
      if (!(self instanceof PyInstance)) throw pyError(TypeError, "can't apply this __setattr__ to object");
      beforeMutation(self);
      self.attrs().set(String(name), value);
      return null;
    }),
  );
  add(def('__getattribute__(self, name, /)', ({ self, name }, ctx) => ctx.getAttr(self, String(name))));
  const newFn = def('__new__(cls, *args, **kwargs)', ({ cls }) => new PyInstance(cls as PyClass));
  newFn.ownerName = 'object';
  O.dict.set('__new__', new PyStaticMethod(newFn));
  setObjectEq(objectEqFn);
  method(TypeType, 'mro(self)', ({ self }) => new PyList((self as PyClass).mro));
}

function installExceptions(): void {
  const E = BaseException;
  method(E, '__init__(self, *args)', ({ self, args }) => {
    exceptionState(self as PyInstance).args = (args as PyTuple).items.slice();
    return null;
  });
  method(E, '__str__(self)', ({ self }) => exceptionStr(self as PyInstance));
  method(E, '__repr__(self)', ({ self }) => exceptionRepr(self as PyInstance));
  method(E, 'with_traceback(self, tb, /)', ({ self }) => self);
  const st = (v: PyValue) => exceptionState(v as PyInstance);
  const argsGet = def('args(self)', ({ self }) => new PyTuple(st(self).args));
  const argsSet = def('args(self, value)', ({ self, value }) => {
    st(self).args = toArray(value);
    return null;
  });
  E.dict.set('args', new PyProperty(argsGet, argsSet));
  prop(E, '__cause__', (self) => st(self).cause);
  prop(E, '__context__', (self) => st(self).context);
  prop(E, '__traceback__', () => null);
  prop(StopIteration, 'value', (self) => st(self).args[0] ?? null);
}

function installMisc(): void {
  const P = PropertyType;
  const p = (v: PyValue) => v as PyProperty;
  method(P, 'getter(self, fget, /)', ({ self, fget: f }) => new PyProperty(f, p(self).fset, p(self).fdel, p(self).doc));
  method(P, 'setter(self, fset, /)', ({ self, fset: f }) => new PyProperty(p(self).fget, f, p(self).fdel, p(self).doc));
  method(
    P,
    'deleter(self, fdel, /)',
    ({ self, fdel: f }) => new PyProperty(p(self).fget, p(self).fset, f, p(self).doc),
  );
  prop(P, 'fset', (self) => p(self).fset);
  prop(P, 'fdel', (self) => p(self).fdel);
  const r = (v: PyValue) => v as PyRange;
  prop(RangeType, 'start', (self) => r(self).start);
  prop(RangeType, 'stop', (self) => r(self).stop);
  prop(RangeType, 'step', (self) => r(self).step);
  method(RangeType, 'index(self, value, /)', ({ self, value: x }) => {
    if (contains(self, x) !== true) throw pyError(ValueError, `${pyRepr(x)} is not in range`);
    return ((x as bigint) - r(self).start) / r(self).step;
  });
  method(RangeType, 'count(self, value, /)', ({ self, value: x }) => (contains(self, x) === true ? 1n : 0n));
  const sl = (v: PyValue) => v as PySlice;
  prop(SliceType, 'start', (self) => sl(self).start);
  prop(SliceType, 'stop', (self) => sl(self).stop);
  prop(SliceType, 'step', (self) => sl(self).step);
  for (const T of [IteratorType, GeneratorType]) {
    const next = ({ self }: Args) => {
      const v = (self as PyIterator).next();
      if (v === undefined) throw pyError(StopIteration);
      return v;
    };
    method(T, '__next__(self)', next);
    method(T, '__iter__(self)', ({ self }) => self);
    method(T, 'send(self, value, /)', next);
    method(T, 'close(self)', () => null);
  }
}

let installed = false;

/** Installs the builtin types' methods (once). */
export function installTypeMethods(): void {
  if (installed) return;
  installed = true;
  installStr();
  installList();
  installDict();
  installSet();
  installNumbers();
  installObject();
  installExceptions();
  installMisc();
}
