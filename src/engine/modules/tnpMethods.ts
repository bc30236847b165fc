/**
 * The NumPy methods tensors gain with `tnp.experimental_enable_numpy_behavior()` (`t.reshape(4)`, `t.T`,
 * `t.astype(...)`, `t.mean()` …), reached through `EagerTensor.__getattr__`; without it, the ones TF names raise
 * TF's AttributeError that points at the switch.
 */

import { reshape } from '../ops/array';
import { cast } from '../ops/math';
import { reduceMax, reduceMean, reduceMin } from '../ops/reduce';
import { transpose } from '../ops/shape';
import { AttributeError, pyError } from '../python/exceptions';
import { def } from '../python/native';
import { type PyInstance, PyList, PyTuple, type PyValue, typeName } from '../python/values';
import type { Tensor } from '../tensor/tensor';
import { wrapTensor } from './boxes';
import { dtypeArg, intArg, shapeArg, toTensor } from './convert';
import { toList } from './numpy';
import { reduceWith, tnpClip } from './tnp';
import { numpyBehavior } from './tnpBehavior';

/** Names TF's `Tensor.__getattr__` answers with the pointer to `experimental_enable_numpy_behavior`. */
const POINTED = new Set(['T', 'astype', 'ravel', 'transpose', 'reshape', 'clip', 'size', 'tolist', 'data']);

/** `*shape` as NumPy's `reshape` and `transpose` methods take it: one sequence, or the items themselves. */
function varShape(items: readonly PyValue[]): number[] | null {
  if (items.length === 0) return null;
  if (items.length === 1 && (items[0] instanceof PyList || items[0] instanceof PyTuple || items[0] === null)) {
    return items[0] === null ? null : shapeArg(items[0]);
  }
  return items.map((x) => intArg(x));
}

function method(self: PyInstance, t: Tensor, name: string): PyValue | undefined {
  const W = wrapTensor;
  switch (name) {
    case 'T':
      return W(transpose(t));
    case 'size':
      return BigInt(t.size);
    case 'data':
      return self;
    case 'tolist':
      return def('tolist()', () => toList(t));
    case 'astype':
      return def('astype(dtype)', (a) => W(cast(t, dtypeArg(a.dtype) ?? t.dtype)));
    case 'ravel':
    case 'flatten':
      return def(`${name}()`, () => W(reshape(t, [-1])));
    case 'reshape':
      return def("reshape(*newshape, order='C')", (a) => W(reshape(t, varShape((a.newshape as PyTuple).items) ?? [])));
    case 'transpose':
      return def('transpose(*axes)', (a) => W(transpose(t, varShape((a.axes as PyTuple).items))));
    case 'clip':
      return def('clip(a_min=None, a_max=None)', (a) => W(tnpClip(self, a.a_min, a.a_max)));
    case 'max':
    case 'min':
    case 'mean':
      return def(`${name}(axis=None, dtype=None, out=None, keepdims=None)`, (a) =>
        reduceWith(
          { ...a, a: self },
          name === 'max' ? reduceMax : name === 'min' ? reduceMin : reduceMean,
          name === 'mean' ? 'float' : 'none',
        ),
      );
  }
  return undefined;
}

/** `EagerTensor.__getattr__(name)`: called only for names the class does not define. */
export const tensorGetattr = def('__getattr__(self, name)', ({ self, name }) => {
  const n = String(name);
  if (numpyBehavior.enabled) {
    const v = method(self as PyInstance, toTensor(self), n);
    if (v !== undefined) return v;
  } else if (POINTED.has(n)) {
    throw pyError(
      AttributeError,
      `EagerTensor object has no attribute '${n}'. \n        If you are looking for numpy-related methods, please run the following:\n        tf.experimental.numpy.experimental_enable_numpy_behavior()\n      `,
    );
  }
  throw pyError(AttributeError, `'${typeName(self)}' object has no attribute '${n}'`);
});
