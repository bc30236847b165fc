/** How the report sees the interpreter's Python values (the `ValueAdapter` of report/values.ts). */
import type { ValueKind } from '../protocol/report';
import { GradientTape } from './autodiff/tape';
import { NdArray } from './modules/boxes';
import { pyRepr } from './python/index';
import { taintOf } from './python/taint';
import {
  PyClass,
  PyDict,
  PyFunction,
  PyInstance,
  PyList,
  PyModule,
  PyNativeFunction,
  PySet,
  PyTuple,
  PyUnknown,
  type PyValue,
  ShapedUnknown,
} from './python/values';
import type { ValueAdapter } from './report/values';
import { NDArrayValue } from './report/values';

export const pyAdapter: ValueAdapter = {
  kindOf(v: unknown): ValueKind | undefined {
    if (v === null) return 'none';
    if (typeof v === 'bigint') return 'int';
    if (typeof v === 'number') return 'float';
    if (typeof v === 'boolean') return 'bool';
    if (typeof v === 'string') return 'str';
    // An object an unsupported call may have changed: what it holds now is unknown.
    if (taintOf(v as PyValue) !== undefined) return 'unknown';
    if (v instanceof PyList || v instanceof PySet) return 'list';
    if (v instanceof PyTuple) return 'tuple';
    if (v instanceof PyDict) return 'dict';
    if (v instanceof PyFunction || v instanceof PyNativeFunction) return 'function';
    if (v instanceof PyClass) return 'class';
    if (v instanceof PyModule) return 'module';
    if (v instanceof PyUnknown) return 'unknown';
    if (v instanceof PyInstance) {
      const p = v.payload;
      if (p instanceof NdArray) return 'ndarray';
      if (p instanceof GradientTape) return 'tape';
      return p === undefined || p === null || typeof p === 'string' ? 'object' : undefined;
    }
    return undefined;
  },
  repr: (v) => pyRepr(v as PyValue),
  unknownReason(v) {
    const u = v instanceof PyUnknown ? v : taintOf(v as PyValue);
    return u?.reason();
  },
  unknownShape(v) {
    return v instanceof ShapedUnknown ? { shape: v.shape, dtype: v.dtype } : undefined;
  },
  items(v) {
    if (v instanceof PyList || v instanceof PyTuple) return v.items;
    if (v instanceof PySet) return [...v.map.values()];
    return undefined;
  },
  entries(v) {
    return v instanceof PyDict ? [...v.map.values()].map((e) => [e.key, e.value] as const) : undefined;
  },
  unwrap(v) {
    if (!(v instanceof PyInstance)) return v;
    const p = v.payload;
    if (p instanceof NdArray) return new NDArrayValue(p.t);
    return p ?? v;
  },
  nameOf(v) {
    if (v instanceof PyFunction || v instanceof PyNativeFunction || v instanceof PyClass || v instanceof PyModule) {
      return v.name;
    }
    return undefined;
  },
};
