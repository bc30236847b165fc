/**
 * Scatter APIs and in-place variable updates: `tf.scatter_nd`, `tf.tensor_scatter_nd_update/add/sub`,
 * `Variable.scatter_nd_update/add/sub`, sliced assignment (`v[0, 1].assign(42.)`) and the `tf.IndexedSlices(...)`
 * constructor. Variable updates are assignments: not recorded on tapes (TF-SEMANTICS §2.4).
 */
import { withoutRecording } from '../autodiff/recorder';
import { EngineError } from '../errors';
import { broadcastTo, reshape } from '../ops/array';
import { scatterNd } from '../ops/gather';
import {
  checkScatter,
  scatterInto,
  scatterOffsets,
  tensorScatterAdd,
  tensorScatterSub,
  tensorScatterUpdate,
} from '../ops/scatter';
import { stridedSlice } from '../ops/slice';
import { def } from '../python/native';
import { type CallContext, type KwArgs, PyInstance, type PyNativeFunction, type PyValue } from '../python/values';
import { castTensorData } from '../tensor/convert';
import { IndexedSlices } from '../tensor/indexedSlices';
import { shapesEqual, shapeText, sizeOf } from '../tensor/shape';
import { Tensor, type Variable } from '../tensor/tensor';
import { wrapSlices, wrapTensor } from './boxes';
import { shapeArg, toTensor } from './convert';
import { sliceSpec } from './operators';

const W = wrapTensor;

export function scatterFunctions(): Record<string, PyValue> {
  return {
    scatter_nd: def('scatter_nd(indices, updates, shape, name=None)', (a) => {
      const idx = toTensor(a.indices);
      const u = toTensor(a.updates);
      const shape = shapeArg(a.shape);
      checkScatter('ScatterNd', idx, u, shape);
      scatterOffsets('ScatterNd', idx, shape);
      return W(scatterNd(idx, u, shape));
    }),
    tensor_scatter_nd_update: def('tensor_scatter_nd_update(tensor, indices, updates, name=None)', (a) =>
      W(tensorScatterUpdate(toTensor(a.tensor), toTensor(a.indices), toUpdates(a.updates, a.tensor))),
    ),
    tensor_scatter_nd_add: def('tensor_scatter_nd_add(tensor, indices, updates, name=None)', (a) =>
      W(tensorScatterAdd(toTensor(a.tensor), toTensor(a.indices), toUpdates(a.updates, a.tensor))),
    ),
    tensor_scatter_nd_sub: def('tensor_scatter_nd_sub(tensor, indices, updates, name=None)', (a) =>
      W(tensorScatterSub(toTensor(a.tensor), toTensor(a.indices), toUpdates(a.updates, a.tensor))),
    ),
  };
}

/** Python data as updates take the tensor's dtype; tensors keep theirs (a mismatch is the op's error). */
function toUpdates(updates: PyValue, like: PyValue): Tensor {
  if (updates instanceof PyInstance && updates.payload instanceof Tensor) return updates.payload;
  return toTensor(updates, toTensor(like).dtype);
}

/** Replaces the variable's value by a copy with `updates` written at the index rows. */
function scatterVariable(v: Variable, indices: PyValue, updates: PyValue, how: 'update' | 'add' | 'sub', op: string) {
  const idx = toTensor(indices);
  const u = toTensor(updates, v.dtype);
  if (u.dtype !== v.dtype) {
    throw new EngineError(
      'InvalidArgumentError',
      `cannot compute ${op} as input #2(zero-based) was expected to be a ${v.dtype === 'float32' ? 'float' : v.dtype} tensor but is a ${u.dtype === 'float32' ? 'float' : u.dtype} tensor [Op:${op}]`,
    );
  }
  checkScatter(op, idx, u, v.shape);
  const { offsets, inner } = scatterOffsets(op, idx, v.shape);
  const cur = v.value;
  v.value = new Tensor(v.dtype, cur.shape, scatterInto(cur.data, u.data, offsets, inner, how));
}

/** `Variable.scatter_nd_update/add/sub(indices, updates)`: the variable, updated in place. */
export function variableScatterMethods(varOf: (s: PyValue) => Variable): Record<string, PyNativeFunction> {
  const method = (name: string, how: 'update' | 'add' | 'sub', op: string) =>
    def(`${name}(self, indices, updates, name=None)`, ({ self, indices, updates }) => {
      withoutRecording(() => scatterVariable(varOf(self), indices, updates, how, op));
      return self;
    });
  return {
    scatter_nd_update: method('scatter_nd_update', 'update', 'ResourceScatterNdUpdate'),
    scatter_nd_add: method('scatter_nd_add', 'add', 'ResourceScatterNdAdd'),
    scatter_nd_sub: method('scatter_nd_sub', 'sub', 'ResourceScatterNdSub'),
  };
}

/**
 * `v[key]`: the sliced value, carrying an `assign(value)` that writes `value` (broadcast to the slice) into the
 * variable at the slice and returns the variable, as TF's `_SliceHelperVar` does.
 */
export function variableGetItem(varOf: (s: PyValue) => Variable): PyNativeFunction {
  return def('__getitem__(self, key, /)', ({ self, key }) => {
    const v = varOf(self);
    const spec = sliceSpec(key);
    const sliced = wrapTensor(stridedSlice(toTensor(self), spec));
    const assign = def('assign(value, use_locking=None, name=None, read_value=True)', ({ value }) => {
      withoutRecording(() => assignSlice(v, spec, value));
      return self;
    });
    sliced.attrs().set('assign', assign);
    return sliced;
  });
}

function assignSlice(v: Variable, spec: ReturnType<typeof sliceSpec>, value: PyValue): void {
  const n = sizeOf(v.shape);
  const positions = stridedSlice(
    reshape(
      new Tensor(
        'int32',
        [n],
        Int32Array.from({ length: n }, (_, i) => i),
      ),
      [...v.shape],
    ),
    spec,
  );
  let t = toTensor(value, v.dtype);
  if (t.dtype !== v.dtype) t = castTensorData(t, v.dtype);
  if (!shapesEqual(t.shape, positions.shape)) {
    try {
      t = broadcastTo(t, [...positions.shape]);
    } catch {
      throw new EngineError(
        'InvalidArgumentError',
        `Cannot broadcast input shape ${shapeText(t.shape)} into final shape ${shapeText(positions.shape)} [Op:ResourceStridedSliceAssign] name: strided_slice/_assign`,
      );
    }
  }
  const data = v.value.data.slice() as typeof v.value.data;
  const at = positions.data as Int32Array;
  for (let i = 0; i < at.length; i++) (data as unknown[])[at[i]] = t.data[i];
  v.value = new Tensor(v.dtype, v.value.shape, data);
}

/** `tf.IndexedSlices(values, indices, dense_shape)`; without a dense shape (TF keeps None) it is unknown here. */
const indexedSlicesInit = def(
  'IndexedSlices.__init__(values, indices, dense_shape=None)',
  ({ values, indices, dense_shape }, ctx) => {
    if (dense_shape === null) return ctx.unsupported('tf.IndexedSlices without dense_shape');
    return wrapSlices(new IndexedSlices(toTensor(values), toTensor(indices), shapeArg(dense_shape)));
  },
);

export function constructIndexedSlices(args: PyValue[], kwargs: KwArgs, ctx: CallContext): PyValue {
  return indexedSlicesInit.fn(args, kwargs, ctx);
}
