/** `np.floor`, `np.ceil`, `np.meshgrid` and `np.c_` (NumPy 2: floor/ceil keep integer dtypes, meshgrid gives a tuple). */
import { withoutRecording } from '../autodiff/recorder';
import { broadcastTo, concat, reshape } from '../ops/array';
import { ceil, floor } from '../ops/unary';
import { pyError, ValueError } from '../python/exceptions';
import type { def as nativeDef } from '../python/native';
import { def, nativeClass } from '../python/native';
import { PyInstance, PyTuple, type PyValue } from '../python/values';
import { castTensorData } from '../tensor/convert';
import { type DType, isFloat } from '../tensor/dtype';
import type { Tensor } from '../tensor/tensor';
import type { NdArray } from './boxes';

export interface NumpyHelpers {
  def: typeof nativeDef;
  toArray: (v: PyValue, dtype?: DType) => NdArray;
  wrap: (t: Tensor, scalar?: boolean) => PyInstance;
  resultType: (a: DType, b: DType) => DType;
  isScalar: (v: PyValue) => boolean;
}

export function gridFunctions(h: NumpyHelpers): Record<string, PyValue> {
  const rounding = (name: string, f: (x: Tensor) => Tensor) =>
    h.def(`${name}(x, out=None)`, (a) => {
      const x = h.toArray(a.x).t;
      return h.wrap(isFloat(x.dtype) ? withoutRecording(() => f(x)) : x, h.isScalar(a.x) || typeof a.x === 'number');
    });
  const cClass = nativeClass({
    name: 'CClass',
    module: 'numpy.lib._index_tricks_impl',
    methods: {
      __getitem__: def('__getitem__(self, key, /)', ({ key }) => {
        const items = key instanceof PyTuple ? key.items : [key];
        let arrays = items.map((v) => h.toArray(v).t);
        const dtype = arrays.map((t) => t.dtype).reduce(h.resultType);
        arrays = arrays.map((t) => {
          const c = castTensorData(t, dtype);
          return c.rank === 0 ? reshape(c, [1, 1]) : c.rank === 1 ? reshape(c, [-1, 1]) : c;
        });
        return h.wrap(withoutRecording(() => concat(arrays, -1)));
      }),
    },
  });
  return {
    floor: rounding('floor', floor),
    ceil: rounding('ceil', ceil),
    meshgrid: h.def("meshgrid(*xi, copy=True, sparse=False, indexing='xy')", ({ xi, sparse, indexing }, ctx) => {
      if (indexing !== 'xy' && indexing !== 'ij') {
        throw pyError(ValueError, "Valid values for `indexing` are 'xy' and 'ij'.");
      }
      if (sparse === true) return ctx.unsupported('np.meshgrid(sparse=True)');
      const xs = (xi as PyTuple).items.map((v) => reshape(h.toArray(v).t, [-1]));
      const lens = xs.map((t) => t.shape[0]);
      const swap = indexing === 'xy' && xs.length > 1;
      const out = swap ? [lens[1], lens[0], ...lens.slice(2)] : lens;
      return new PyTuple(
        xs.map((t, i) => {
          const axis = swap && i < 2 ? 1 - i : i;
          const shape = out.map((_, k) => (k === axis ? -1 : 1));
          return h.wrap(withoutRecording(() => broadcastTo(reshape(t, shape), out)));
        }),
      );
    }),
    c_: new PyInstance(cClass, null),
  };
}
