/** The `operator` module: Python's operators as functions, and `itemgetter`/`attrgetter`. */
import type { BinOp, CmpOp } from './ast';
import { getAttr, getItem } from './attributes';
import { def, nativeModule } from './native';
import { binaryOp, compareOp, truthy, unaryOp } from './operators';
import { type PyModule, PyNativeFunction, PyTuple, type PyValue } from './values';

const BINARY: [string, BinOp][] = [
  ['add', '+'],
  ['sub', '-'],
  ['mul', '*'],
  ['truediv', '/'],
  ['floordiv', '//'],
  ['mod', '%'],
  ['pow', '**'],
  ['matmul', '@'],
  ['lshift', '<<'],
  ['rshift', '>>'],
  ['and_', '&'],
  ['or_', '|'],
  ['xor', '^'],
];

const COMPARE: [string, CmpOp][] = [
  ['eq', '=='],
  ['ne', '!='],
  ['lt', '<'],
  ['le', '<='],
  ['gt', '>'],
  ['ge', '>='],
];

/** A getter of one or several keys: one gives the value, several a tuple (CPython's itemgetter/attrgetter). */
function getter(name: string, keys: readonly PyValue[], get: (obj: PyValue, key: PyValue) => PyValue): PyValue {
  return new PyNativeFunction(name, (args) => {
    const obj = args[0];
    return keys.length === 1 ? get(obj, keys[0]) : new PyTuple(keys.map((k) => get(obj, k)));
  });
}

/** `attrgetter('a.b')` follows dotted names. */
const dotted = (obj: PyValue, path: PyValue): PyValue =>
  String(path)
    .split('.')
    .reduce((o, part) => getAttr(o, part), obj);

export function makeOperatorModule(): PyModule {
  const attrs: Record<string, PyValue> = {};
  for (const [name, op] of BINARY) attrs[name] = def(`${name}(a, b, /)`, ({ a, b }) => binaryOp(op, a, b));
  for (const [name, op] of COMPARE) attrs[name] = def(`${name}(a, b, /)`, ({ a, b }) => compareOp(op, a, b));
  Object.assign(attrs, {
    neg: def('neg(a, /)', ({ a }) => unaryOp('-', a)),
    pos: def('pos(a, /)', ({ a }) => unaryOp('+', a)),
    invert: def('invert(a, /)', ({ a }) => unaryOp('~', a)),
    not_: def('not_(a, /)', ({ a }) => !truthy(a)),
    truth: def('truth(a, /)', ({ a }) => truthy(a)),
    abs: def('abs(a, /)', ({ a }, ctx) => ctx.call(ctx.getAttr(a, '__abs__'), [])),
    getitem: def('getitem(a, b, /)', ({ a, b }) => getItem(a, b)),
    contains: def('contains(a, b, /)', ({ a, b }) => compareOp('in', b, a)),
    itemgetter: def('itemgetter(item, /, *items)', ({ item, items }) =>
      getter('itemgetter', [item, ...(items as PyTuple).items], getItem),
    ),
    attrgetter: def('attrgetter(attr, /, *attrs)', ({ attr, attrs: more }) =>
      getter('attrgetter', [attr, ...(more as PyTuple).items], dotted),
    ),
  });
  return nativeModule('operator', attrs, { strict: true });
}
