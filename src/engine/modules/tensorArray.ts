/**
 * `tf.TensorArray` with TF's eager semantics: a list of tensors of one dtype, written in place (`write` returns
 * the same array), `read` clears the element unless `clear_after_read=False` (a cleared or unwritten element reads
 * and stacks as zeros of the element shape), `stack` packs the elements (so gradients flow to what was written).
 */
import { EngineError } from '../errors';
import { zeros } from '../ops/array';
import { gather as gatherOp } from '../ops/gather';
import { stack as stackOp, unstack as unstackOp } from '../ops/shape';
import { pyError, ValueError } from '../python/exceptions';
import { def, nativeClass } from '../python/native';
import { type CallContext, type KwArgs, type PyClass, PyInstance, type PyValue } from '../python/values';
import { type Shape, shapesEqual, shapeTuple } from '../tensor/shape';
import { Tensor, Variable } from '../tensor/tensor';
import { classes, ShapeBox, wrapDType, wrapTensor } from './boxes';
import { boolArg, dtypeArg, intArg, shapeArg, toTensor } from './convert';

interface TensorArrayState {
  dtype: ReturnType<typeof dtypeArg> & string;
  items: (Tensor | null)[];
  dynamic: boolean;
  clearAfterRead: boolean;
  inferShape: boolean;
  elementShape: Shape | null;
}

const stateOf = (s: PyValue): TensorArrayState => (s as PyInstance).payload as TensorArrayState;

function toElement(st: TensorArrayState, value: PyValue): Tensor {
  const t =
    value instanceof PyInstance && (value.payload instanceof Tensor || value.payload instanceof Variable)
      ? toTensor(value)
      : toTensor(value, st.dtype);
  if (t.dtype !== st.dtype) {
    throw new EngineError(
      'InvalidArgumentError',
      `TensorArray dtype is ${st.dtype} but Op is trying to write dtype ${t.dtype} `,
    );
  }
  if (st.inferShape) {
    if (st.elementShape === null) st.elementShape = t.shape;
    else if (!shapesEqual(st.elementShape, t.shape)) {
      throw pyError(
        ValueError,
        `Incompatible shape for value (${shapeTuple(t.shape)}), expected (${shapeTuple(st.elementShape)})`,
      );
    }
  }
  return t;
}

function write(st: TensorArrayState, index: number, value: PyValue): void {
  const t = toElement(st, value);
  if (index < 0)
    throw new EngineError('OutOfRangeError', `Writing to negative indices (index ${index}) is not allowed.`);
  if (index >= st.items.length) {
    if (!st.dynamic) {
      throw new EngineError(
        'OutOfRangeError',
        `Tried to write to index ${index} but array is not resizeable and size is: ${st.items.length} `,
      );
    }
    while (st.items.length <= index) st.items.push(null);
  }
  st.items[index] = t;
}

/** The element, or zeros of the element shape for one never written or cleared by a read. */
function element(st: TensorArrayState, i: number): Tensor {
  const t = st.items[i];
  if (t) return t;
  if (st.elementShape === null) {
    throw pyError(ValueError, 'Cannot convert a partially known TensorShape <unknown> to a Tensor.');
  }
  return zeros(st.elementShape, st.dtype);
}

function read(st: TensorArrayState, index: number): Tensor {
  if (index < 0 || index >= st.items.length) {
    throw new EngineError(
      'OutOfRangeError',
      `Tried to read from index ${index} but array size is: ${st.items.length} `,
    );
  }
  const t = element(st, index);
  if (st.clearAfterRead) st.items[index] = null;
  return t;
}

function stackAll(st: TensorArrayState): Tensor {
  if (st.items.length === 0) return zeros([0, ...(st.elementShape ?? [])], st.dtype);
  return stackOp(st.items.map((_, i) => element(st, i)));
}

let TensorArrayClass: PyClass | undefined;

export function tensorArrayClass(): PyClass {
  TensorArrayClass ??= nativeClass({
    name: 'TensorArray',
    module: 'tensorflow.python.ops.tensor_array_ops',
    construct: (_cls, args: PyValue[], kwargs: KwArgs, _ctx: CallContext) => {
      const get = (i: number, k: string) => args[i] ?? kwargs.get(k) ?? null;
      const dtype = dtypeArg(get(0, 'dtype'));
      if (dtype === undefined) throw pyError(ValueError, 'dtype must be specified');
      const size = get(1, 'size');
      const shape = kwargs.get('element_shape') ?? null;
      const infer = kwargs.get('infer_shape');
      const n = size === null ? 0 : intArg(size, 'size');
      return new PyInstance(tensorArrayClass(), {
        dtype,
        items: new Array<Tensor | null>(n).fill(null),
        dynamic: boolArg(get(2, 'dynamic_size')),
        clearAfterRead: get(3, 'clear_after_read') === null ? true : boolArg(get(3, 'clear_after_read')),
        inferShape: infer === undefined ? true : boolArg(infer),
        elementShape: shape === null ? null : shapeArg(shape),
      } satisfies TensorArrayState);
    },
    methods: {
      write: def('write(self, index, value, name=None)', ({ self, index, value }) => {
        write(stateOf(self), intArg(index, 'index'), value);
        return self;
      }),
      read: def('read(self, index, name=None)', ({ self, index }) => wrapTensor(read(stateOf(self), intArg(index)))),
      stack: def('stack(self, name=None)', ({ self }) => wrapTensor(stackAll(stateOf(self)))),
      gather: def('gather(self, indices, name=None)', ({ self, indices }) =>
        wrapTensor(gatherOp(stackAll(stateOf(self)), toTensor(indices))),
      ),
      unstack: def('unstack(self, value, name=None)', ({ self, value }) => {
        const st = stateOf(self);
        const t = toTensor(value, st.dtype);
        const n = t.shape[0] ?? 0;
        if (!st.dynamic && n > st.items.length) {
          throw pyError(
            ValueError,
            `Cannot unstack ${n} tensors into a TensorArray of static size ${st.items.length} `,
          );
        }
        const rows = n === 0 ? [] : unstackOp(t, 0);
        st.items = rows.map((r) => toElement(st, wrapTensor(r)));
        return self;
      }),
      size: def('size(self, name=None)', ({ self }) =>
        wrapTensor(new Tensor('int32', [], Int32Array.of(stateOf(self).items.length))),
      ),
      mark_used: def('mark_used(self)', () => null),
    },
    getters: {
      dtype: (s) => wrapDType(stateOf(s).dtype),
      element_shape: (s, ctx) => {
        const sh = stateOf(s).elementShape;
        return sh === null
          ? ctx.unsupported('TensorShape(None)')
          : new PyInstance(classes.TensorShape, new ShapeBox(sh));
      },
      dynamic_size: (s) => stateOf(s).dynamic,
    },
  });
  return TensorArrayClass;
}
