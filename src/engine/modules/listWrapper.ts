/**
 * TF's `ListWrapper`: `tf.Module` wraps a list assigned to one of its attributes, sharing the list's items (a later
 * append to either shows in both) and printing as `ListWrapper([...])`. It is a `list` for everything else.
 */
import { def } from '../python/native';
import { runtime } from '../python/runtime';
import { ListType, ObjectType, PyClass, type PyInstance, PyList, type PyValue } from '../python/values';

export const ListWrapperClass = new PyClass(
  'ListWrapper',
  [ListType],
  new Map(),
  'tensorflow.python.trackable.data_structures',
);

class PyListWrapper extends PyList {
  override get cls(): PyClass {
    return ListWrapperClass;
  }
}

/** `tf.Module.__setattr__`: a plain list is wrapped, then the attribute is set as `object.__setattr__` sets it. */
export const moduleSetattr = def('__setattr__(self, name, value, /)', ({ self, name, value }) => {
  const v = value instanceof PyList && value.cls === ListType ? new PyListWrapper(value.items) : value;
  runtime().call(ObjectType.lookup('__setattr__') as PyValue, [self as PyInstance, name, v]);
  return null;
});
