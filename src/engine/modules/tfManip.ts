/** `tf.roll`, `tf.meshgrid`, `tf.clip_by_global_norm` and `tf.linalg.global_norm`. */

import { zerosLike } from '../ops/array';
import { clipByGlobalNorm, globalNorm } from '../ops/clip';
import { meshgrid, roll } from '../ops/manip';
import { add, mul } from '../ops/math';
import { inTopK, searchsorted } from '../ops/search';
import { pyError, TypeError, ValueError } from '../python/exceptions';
import { classRepr } from '../python/format';
import { def } from '../python/native';
import { type PyDict, PyList, PyObject, PyTuple, type PyValue, typeName } from '../python/values';
import type { Tensor } from '../tensor/tensor';
import { wrapTensor } from './boxes';
import { dtypeArg, intArg, isTensorish, numberArg, shapeArg, toTensor } from './convert';

const ints = (v: PyValue): number[] => (typeof v === 'bigint' ? [Number(v)] : shapeArg(v));

function tensorList(v: PyValue): (Tensor | null)[] {
  if (!(v instanceof PyList || v instanceof PyTuple)) {
    throw pyError(TypeError, `\`t_list\` should be a sequence of tensors. Received ${classText(v)}.`);
  }
  return v.items.map((t) => (t === null ? null : toTensor(t)));
}

/** `str(type(v))`: `<class 'tensorflow.python.framework.ops.EagerTensor'>`, `<class 'int'>`. */
function classText(v: PyValue): string {
  return v instanceof PyObject ? classRepr(v.cls) : `<class '${typeName(v)}'>`;
}

export function manipFunctions(): { top: Record<string, PyValue>; linalg: Record<string, PyValue> } {
  return {
    top: {
      roll: def('roll(input, shift, axis, name=None)', (a) =>
        wrapTensor(roll(toTensor(a.input), ints(a.shift), ints(a.axis))),
      ),
      meshgrid: def('meshgrid(*args, **kwargs)', (a) => {
        const kw = a.kwargs as PyDict;
        let indexing = 'xy';
        for (const e of kw.map.values()) {
          if (e.key === 'indexing') indexing = String(e.value);
          else if (e.key !== 'name') {
            throw pyError(TypeError, `Invalid keyword arguments: {'${String(e.key)}'}`);
          }
        }
        if (indexing !== 'xy' && indexing !== 'ij') {
          throw pyError(
            ValueError,
            "Argument `indexing` parameter must be either 'xy' or 'ij', got '" + indexing + "'",
          );
        }
        const grids = meshgrid(
          (a.args as PyTuple).items.map((x) => toTensor(x)),
          indexing,
        );
        return new PyList(grids.map(wrapTensor));
      }),
      clip_by_global_norm: def('clip_by_global_norm(t_list, clip_norm, use_norm=None, name=None)', (a) => {
        const [clipped, norm] = clipByGlobalNorm(
          tensorList(a.t_list),
          // A Python number takes the norm's dtype; a tensor keeps its own.
          isTensorish(a.clip_norm) ? toTensor(a.clip_norm) : numberArg(a.clip_norm),
          a.use_norm === null ? undefined : toTensor(a.use_norm),
        );
        return new PyTuple([new PyList(clipped.map((t) => (t === null ? null : wrapTensor(t)))), wrapTensor(norm)]);
      }),
    },
    linalg: {
      global_norm: def('global_norm(t_list, name=None)', (a) =>
        wrapTensor(globalNorm(tensorList(a.t_list).filter((t): t is Tensor => t !== null))),
      ),
    },
  };
}

/** `tf.searchsorted`, `tf.math.in_top_k` and `tf.math.polyval`. */
export function searchFunctions(): { top: Record<string, PyValue>; math: Record<string, PyValue> } {
  return {
    top: {
      searchsorted: def("searchsorted(sorted_sequence, values, side='left', out_type=None, name=None)", (a) =>
        wrapTensor(
          searchsorted(
            toTensor(a.sorted_sequence),
            toTensor(a.values),
            String(a.side),
            dtypeArg(a.out_type) ?? 'int32',
          ),
        ),
      ),
    },
    math: {
      in_top_k: def('in_top_k(targets, predictions, k, name=None)', (a) =>
        wrapTensor(inTopK(toTensor(a.targets), toTensor(a.predictions), intArg(a.k))),
      ),
      polyval: def('polyval(coeffs, x, name=None)', (a) => {
        const x = toTensor(a.x);
        if (!(a.coeffs instanceof PyList || a.coeffs instanceof PyTuple)) {
          throw pyError(ValueError, `Argument coeffs must be list type. Received type ${classText(a.coeffs)}.`);
        }
        const coeffs = a.coeffs.items.map((c) => toTensor(c));
        if (coeffs.length === 0) return wrapTensor(zerosLike(x));
        // Horner's rule, as TF writes it: p = c + p * x.
        let p = coeffs[0];
        for (const c of coeffs.slice(1)) p = add(c, mul(p, x));
        return wrapTensor(p);
      }),
    },
  };
}
