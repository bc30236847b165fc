/**
 * Named tuples made by the host (TF's `TopKV2`, `Unique`): a `tuple` subclass whose fields are also attributes and
 * whose repr names them (`TopKV2(values=..., indices=...)`, read from the class's `_fields`).
 */
import { nativeClass } from './native';
import { type PyClass, type PyInstance, PyTuple, type PyValue, TupleType } from './values';

class PyNamedTuple extends PyTuple {
  constructor(
    items: readonly PyValue[],
    private readonly type: PyClass,
  ) {
    super(items);
  }
  override get cls(): PyClass {
    return this.type;
  }
}

/** A named tuple class and its constructor from the items, in field order. */
export function namedTupleType(
  name: string,
  module: string,
  fields: readonly string[],
): { cls: PyClass; make: (items: readonly PyValue[]) => PyTuple } {
  const getters: Record<string, (self: PyInstance) => PyValue> = {};
  fields.forEach((f, i) => {
    getters[f] = (self) => (self as unknown as PyTuple).items[i];
  });
  const cls = nativeClass({ name, module, bases: [TupleType], getters, attrs: { _fields: new PyTuple([...fields]) } });
  return { cls, make: (items) => new PyNamedTuple(items, cls) };
}

/** The field names of a named tuple's class, or undefined for a plain tuple. */
export function namedTupleFields(v: PyTuple): readonly string[] | undefined {
  if (v.cls === TupleType) return undefined;
  const f = v.cls.lookup('_fields');
  return f instanceof PyTuple && f.items.every((x) => typeof x === 'string') ? (f.items as string[]) : undefined;
}
