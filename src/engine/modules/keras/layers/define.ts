/** One Keras layer class = one `defineLayer({...})`: its constructor arguments, `build` and `call`. */
import { pyError, ValueError } from '../../../python/exceptions';
import { def, nativeClass } from '../../../python/native';
import type { CallContext, PyClass, PyDict, PyInstance, PyValue } from '../../../python/values';
import { shapeTuple } from '../../../tensor/shape';
import { type Dims, dimsOf, initLayer, kerasLayerClasses, type LayerState, stateOf } from '../layer';

export type Args = Record<string, PyValue>;

export interface LayerDef {
  name: string;
  module: string;
  /** Constructor parameters after `self` and before `**kwargs`. */
  init: string;
  /** Checks arguments before the layer takes its name (Keras validates these before `super().__init__()`). */
  validate?: (a: Args) => void;
  /** Reads the arguments into the layer's state; returns attributes to set on the instance (`units`, ...). */
  setup?: (st: LayerState, a: Args, ctx: CallContext) => Args | undefined;
  build?: (self: PyInstance, st: LayerState, shape: PyValue, ctx: CallContext) => void;
  /** `call(self, inputs, training=None)`. */
  call: (self: PyInstance, st: LayerState, inputs: PyValue, training: boolean, ctx: CallContext) => PyValue;
  getters?: Record<string, (st: LayerState, self: PyInstance) => PyValue>;
  base?: PyClass;
}

export function defineLayer(d: LayerDef): PyClass {
  return nativeClass({
    name: d.name,
    module: d.module,
    bases: [d.base ?? kerasLayerClasses.Layer],
    methods: {
      __init__: def(`__init__(self${d.init ? `, ${d.init}` : ''}, **kwargs)`, (a, ctx) => {
        const self = a.self as PyInstance;
        d.validate?.(a);
        const st = initLayer(self, a.kwargs as PyDict, ctx);
        const attrs = d.setup?.(st, a, ctx);
        for (const [k, v] of Object.entries(attrs ?? {})) self.attrs().set(k, v);
        return null;
      }),
      build: def('build(self, input_shape=None)', ({ self, input_shape }, ctx) => {
        const st = stateOf(self);
        d.build?.(self as PyInstance, st, input_shape, ctx);
        st.built = true;
        return null;
      }),
      call: def('call(self, inputs, training=None)', ({ self, inputs, training }, ctx) =>
        d.call(self as PyInstance, stateOf(self), inputs, training === true, ctx),
      ),
    },
    getters: Object.fromEntries(
      Object.entries(d.getters ?? {}).map(([k, g]) => [k, (s: PyInstance) => g(stateOf(s), s)] as const),
    ),
  });
}

export interface InputSpec {
  ndim?: number;
  minNdim?: number;
  /** Required sizes by axis (negative axes count from the end). */
  axes?: Record<number, number>;
}

/** Keras's `assert_input_compatibility` for one input of shape `dims`. */
export function checkInputSpec(st: LayerState, spec: InputSpec, dims: Dims, index = 0): void {
  const full = shapeTuple(dims.map((x) => x ?? -1)).replace(/-1/g, 'None');
  const head = `Input ${index} with name 'None' of layer '${st.name}' is incompatible with the layer: `;
  if (spec.ndim !== undefined && dims.length !== spec.ndim) {
    throw pyError(
      ValueError,
      `${head}expected ndim=${spec.ndim}, found ndim=${dims.length}. Full shape received: ${full}`,
    );
  }
  if (spec.minNdim !== undefined && dims.length < spec.minNdim) {
    throw pyError(
      ValueError,
      `${head}expected min_ndim=${spec.minNdim}, found ndim=${dims.length}. Full shape received: ${full}`,
    );
  }
  for (const [k, v] of Object.entries(spec.axes ?? {})) {
    const axis = Number(k);
    const got = dims[axis < 0 ? dims.length + axis : axis];
    if (got !== null && got !== undefined && got !== v) {
      throw pyError(
        ValueError,
        `${head}expected axis ${axis} of input shape to have value ${v}, but received input with shape ${full}`,
      );
    }
  }
}

/** The dims of a build argument (a shape tuple). */
export const buildDims = (shape: PyValue): Dims => dimsOf(shape);

/** Python int of a positive-integer argument, with Keras's message. */
export function positiveInt(v: PyValue, what: string): number {
  if (typeof v !== 'bigint' || v <= 0n) {
    throw pyError(
      ValueError,
      `Received an invalid value for \`${what}\`, expected a positive integer. Received: ${what}=${String(v === null ? 'None' : v)}`,
    );
  }
  return Number(v);
}
