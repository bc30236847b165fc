/** `tf.sort`, `tf.argsort`, `tf.math.top_k` (`tf.nn.top_k`) and `tf.unique`, with TF's named-tuple results. */
import { argsort, sort, topK, unique } from '../ops/sort';
import { namedTupleType } from '../python/namedTuple';
import { def } from '../python/native';
import type { PyValue } from '../python/values';
import { wrapTensor } from './boxes';
import { boolArg, dtypeArg, intArg, toTensor } from './convert';

export function sortFunctions(): {
  top: Record<string, PyValue>;
  math: Record<string, PyValue>;
  nn: Record<string, PyValue>;
} {
  const TopKV2 = namedTupleType('TopKV2', 'tensorflow.python.ops.gen_nn_ops', ['values', 'indices']);
  const Unique = namedTupleType('Unique', 'tensorflow.python.ops.gen_array_ops', ['y', 'idx']);
  const topk = def('top_k(input, k=1, sorted=True, index_type=None, name=None)', (a) => {
    const [values, indices] = topK(toTensor(a.input), intArg(a.k), boolArg(a.sorted));
    return TopKV2.make([wrapTensor(values), wrapTensor(indices)]);
  });
  return {
    top: {
      sort: def("sort(values, axis=-1, direction='ASCENDING', name=None)", (a) =>
        wrapTensor(sort(toTensor(a.values), intArg(a.axis), String(a.direction))),
      ),
      argsort: def("argsort(values, axis=-1, direction='ASCENDING', stable=False, name=None)", (a) =>
        wrapTensor(argsort(toTensor(a.values), intArg(a.axis), String(a.direction))),
      ),
      unique: def('unique(x, out_idx=None, name=None)', (a) => {
        const [y, idx] = unique(toTensor(a.x), dtypeArg(a.out_idx) ?? 'int32');
        return Unique.make([wrapTensor(y), wrapTensor(idx)]);
      }),
    },
    math: { top_k: topk },
    nn: { top_k: topk },
  };
}
