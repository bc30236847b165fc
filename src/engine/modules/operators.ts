/**
 * Python operators on tensors and variables (`x * 2`, `2.0 * x`, `x @ w`, `x[0][1]`, `-x`, `x > 0`), shared by the
 * Tensor and Variable classes. A variable operand is read first, which is what notifies tapes.
 */

import {
  equal,
  greater,
  greaterEqual,
  less,
  lessEqual,
  logicalAnd,
  logicalNot,
  logicalOr,
  logicalXor,
  notEqual,
} from '../ops/compare';
import { matmul } from '../ops/linalg';
import { add, floordiv, mod, mul, neg, pow, sub, truediv } from '../ops/math';
import { type SliceItem, stridedSlice } from '../ops/slice';
import { abs } from '../ops/unary';
import { pyError, TypeError } from '../python/exceptions';
import { def } from '../python/native';
import {
  Ellipsis,
  PyInstance,
  type PyNativeFunction,
  PySlice,
  PyTuple,
  type PyValue,
  typeName,
} from '../python/values';
import type { Tensor } from '../tensor/tensor';
import { wrapTensor } from './boxes';
import { operandLike, toTensor } from './convert';
import { numpyBehavior, operatorOperands } from './tnpBehavior';

type Binary = (a: Tensor, b: Tensor) => Tensor;

const BINARY: Record<string, Binary> = {
  add,
  sub,
  mul,
  truediv,
  floordiv,
  mod,
  pow,
  matmul: (a, b) => matmul(a, b),
  and: logicalAnd,
  or: logicalOr,
  xor: logicalXor,
  lt: less,
  le: lessEqual,
  gt: greater,
  ge: greaterEqual,
};

/** The dunder methods every tensor-like class gets. `self` is converted with `toTensor` (reads variables). */
export function operatorMethods(): Record<string, PyNativeFunction> {
  const m: Record<string, PyNativeFunction> = {};
  for (const [name, f] of Object.entries(BINARY)) {
    m[`__${name}__`] = def(`__${name}__(self, other, /)`, ({ self, other }) => {
      if (numpyBehavior.enabled) return wrapTensor(f(...operatorOperands(self, other, false)));
      const a = toTensor(self);
      return wrapTensor(f(a, operandLike(other, a.dtype)));
    });
    if (!['lt', 'le', 'gt', 'ge'].includes(name)) {
      m[`__r${name}__`] = def(`__r${name}__(self, other, /)`, ({ self, other }) => {
        if (numpyBehavior.enabled) return wrapTensor(f(...operatorOperands(self, other, true)));
        const b = toTensor(self);
        return wrapTensor(f(operandLike(other, b.dtype), b));
      });
    }
  }
  m.__eq__ = def('__eq__(self, other, /)', ({ self, other }) => {
    if (numpyBehavior.enabled && other !== null) return wrapTensor(equal(...operatorOperands(self, other, false)));
    const a = toTensor(self);
    return other === null ? false : wrapTensor(equal(a, operandLike(other, a.dtype)));
  });
  m.__ne__ = def('__ne__(self, other, /)', ({ self, other }) => {
    if (numpyBehavior.enabled && other !== null) return wrapTensor(notEqual(...operatorOperands(self, other, false)));
    const a = toTensor(self);
    return other === null ? true : wrapTensor(notEqual(a, operandLike(other, a.dtype)));
  });
  m.__neg__ = def('__neg__(self, /)', ({ self }) => wrapTensor(neg(toTensor(self))));
  m.__pos__ = def('__pos__(self, /)', ({ self }) => wrapTensor(toTensor(self)));
  m.__abs__ = def('__abs__(self, /)', ({ self }) => wrapTensor(abs(toTensor(self))));
  m.__invert__ = def('__invert__(self, /)', ({ self }) => wrapTensor(logicalNot(toTensor(self))));
  m.__getitem__ = def('__getitem__(self, key, /)', ({ self, key }) =>
    wrapTensor(stridedSlice(toTensor(self), sliceSpec(key))),
  );
  m.__hash__ = def('__hash__(self, /)', () => {
    throw pyError(TypeError, 'Tensor is unhashable. Instead, use tensor.ref() as the key.');
  });
  return m;
}

function indexOf(v: PyValue): number | null {
  if (v === null) return null;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'boolean') return Number(v);
  if (v instanceof PyInstance) {
    const t = toTensor(v);
    if (t.rank === 0 && (t.dtype === 'int32' || t.dtype === 'int64')) return t.num(0);
  }
  throw pyError(
    TypeError,
    `Only integers, slices (\`:\`), ellipsis (\`...\`), tf.newaxis (\`None\`) and scalar tf.int32/tf.int64 tensors are valid indices, got ${typeof v === 'number' ? v : typeName(v)}`,
  );
}

/** A Python subscript (`1`, `1:3`, `::2`, `None`, `...`, or a tuple of them) as strided-slice items. */
export function sliceSpec(key: PyValue): SliceItem[] {
  const items = key instanceof PyTuple ? key.items : [key];
  return items.map((k): SliceItem => {
    if (k === null) return { kind: 'newaxis' };
    if (k === Ellipsis) return { kind: 'ellipsis' };
    if (k instanceof PySlice)
      return { kind: 'slice', start: indexOf(k.start), stop: indexOf(k.stop), step: indexOf(k.step) };
    const i = indexOf(k);
    return { kind: 'index', i: i ?? 0 };
  });
}
