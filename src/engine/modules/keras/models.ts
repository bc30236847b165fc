/**
 * `keras.Model` (subclassed models), `keras.Sequential` (a list of layers, `.add`, built from an `Input` or on the
 * first call) and the functional model that `keras.Model(inputs, outputs)` makes, with `keras.Input`.
 */

import { expandDims, squeeze } from '../../ops/shape';
import { AttributeError, pyError, TypeError, ValueError } from '../../python/exceptions';
import { def, nativeClass } from '../../python/native';
import {
  type CallContext,
  type KwArgs,
  type PyClass,
  PyDict,
  PyInstance,
  PyList,
  PyTuple,
  type PyValue,
} from '../../python/values';
import type { DType } from '../../tensor/dtype';
import { ndarrayStr } from '../../tensor/formatArray';
import { shapeTuple } from '../../tensor/shape';
import { Tensor, Variable } from '../../tensor/tensor';
import { NdArray, wrapTensor } from '../boxes';
import { toTensor } from '../convert';
import { trace } from './callInfo';
import {
  type Dims,
  dimsOf,
  dimsTuple,
  initLayer,
  inputShapes,
  inScope,
  isLayer,
  kerasLayerClasses,
  type LayerState,
  modelHooks,
  stateOf,
} from './layer';
import { uniqueName } from './naming';
import { functionalLayers, isSymbolic, newSymbolic, runGraph, symbolicCall, symOf } from './symbolic';
import { initTrainer, trainingMethods } from './training';

export const modelClasses = {} as { Model: PyClass; Sequential: PyClass; Functional: PyClass; InputLayer: PyClass };

interface SequentialCfg {
  kind: 'sequential';
  layers: PyInstance[];
  /** The `keras.Input` it starts from, if any. */
  input: PyInstance | null;
  /** The KerasTensor its layers were built from (Keras's inner functional model's input), once built. */
  graphInput: PyInstance | null;
  /** What its last layer gave on `graphInput`. */
  graphOutput: PyValue;
  /** The input shape it was built for (batch dimension None). */
  builtShape?: Dims;
}
interface FunctionalCfg {
  kind: 'functional';
  inputs: PyInstance[];
  /** The inputs as given (one tensor, a list or a dict). */
  inputStruct: PyValue;
  outputs: PyValue;
  layers: PyInstance[];
}
type ModelCfg = SequentialCfg | FunctionalCfg;

/** The shapes of symbolic tensors: one is its tuple, several a list (Keras's `input_shape`/`output_shape`). */
function singleShape(ts: readonly PyValue[]): PyValue {
  const shapes = ts.map((t) => dimsTuple(symOf(t).shape));
  return shapes.length === 1 ? shapes[0] : new PyList(shapes);
}

const modelCfg = (self: PyValue): ModelCfg | undefined => {
  const st = (self as PyInstance).payload as LayerState | undefined;
  const k = st?.cfg?.model as ModelCfg | undefined;
  return k;
};

/** `keras.Input(shape, batch_size, dtype, sparse, batch_shape, name, tensor, optional)`. */
export function kerasInput(a: Record<string, PyValue>, ctx: CallContext): PyValue {
  const kw = new Map<string, PyValue>();
  for (const k of ['shape', 'batch_size', 'dtype', 'batch_shape', 'name']) if (a[k] !== null) kw.set(k, a[k]);
  const layer = ctx.call(modelClasses.InputLayer, [], kw) as PyInstance;
  const st = stateOf(layer);
  const dtype = (
    a.dtype === null
      ? 'float32'
      : typeof a.dtype === 'string'
        ? a.dtype
        : ctx.str(a.dtype).replace(/^<dtype: '|'>$/g, '')
  ) as DType;
  const name = typeof a.name === 'string' ? a.name : undefined;
  return newSymbolic(st.cfg.batchShape as Dims, dtype, null, null, layer, name);
}

/** The layers `sublayers()` should list for a Sequential or functional model. */
modelHooks.layersOf = (self) => {
  const cfg = modelCfg(self);
  return cfg ? cfg.layers : undefined;
};

function buildSequential(self: PyInstance, shape: Dims, ctx: CallContext): void {
  const cfg = modelCfg(self) as SequentialCfg;
  // Keras builds an inner functional model (and an InputLayer when none was given): their names are used up.
  if (!cfg.input) uniqueName('input_layer');
  uniqueName('functional');
  const input = cfg.input ?? newSymbolic(shape, 'float32', null, null);
  const output = inScope(self, () => {
    let x: PyValue = input;
    for (const layer of cfg.layers) x = symbolicCall(layer, [x], new Map(), ctx);
    return x;
  });
  cfg.graphInput = input;
  cfg.graphOutput = output;
  cfg.builtShape = cfg.input ? symOf(cfg.input).shape : shape;
  stateOf(self).built = true;
}

/** A first layer's `input_shape=` or a leading `keras.Input` builds a Sequential model at once. */
function maybeBuildSequential(self: PyInstance, ctx: CallContext): void {
  const cfg = modelCfg(self) as SequentialCfg;
  if (stateOf(self).built || cfg.layers.length === 0) return;
  const first = stateOf(cfg.layers[0]).inputShape;
  if (cfg.input) buildSequential(self, symOf(cfg.input).shape, ctx);
  else if (first) buildSequential(self, [null, ...first], ctx);
}

function addToSequential(self: PyInstance, layer: PyValue, ctx: CallContext, rebuild = true): void {
  const cfg = modelCfg(self) as SequentialCfg;
  if (isSymbolic(layer) && symOf(layer).inputLayer) {
    cfg.input = layer;
    return;
  }
  if (isLayer(layer) && layer.cls === modelClasses.InputLayer) {
    const shape = stateOf(layer).cfg.batchShape as Dims;
    cfg.input = newSymbolic(shape, 'float32', null, null, layer);
    return;
  }
  if (!isLayer(layer)) {
    throw pyError(
      ValueError,
      `Only instances of \`keras.Layer\` can be added to a Sequential model. Received: ${ctx.repr(layer)} (of type ${(layer as PyInstance)?.cls?.name ?? typeof layer})`,
    );
  }
  cfg.layers.push(layer);
  cfg.graphInput = null;
  if (!rebuild) return;
  stateOf(self).built = false;
  maybeBuildSequential(self, ctx);
}

function flatInputs(v: PyValue): PyValue[] {
  if (v instanceof PyList || v instanceof PyTuple) return v.items.flatMap(flatInputs);
  if (v instanceof PyDict) return [...v.map.values()].flatMap((e) => flatInputs(e.value));
  return [v];
}

function makeFunctional(
  cls: PyClass,
  inputs: PyValue,
  outputs: PyValue,
  kwargs: PyDict | null,
  ctx: CallContext,
): PyInstance {
  const self = new PyInstance(cls);
  initTrainer(self);
  const st = initLayer(self, kwargs, ctx);
  const ins = flatInputs(inputs);
  for (const x of ins) {
    if (!isSymbolic(x)) {
      throw pyError(
        ValueError,
        `All \`inputs\` values must be KerasTensors. Received: inputs=${ctx.repr(inputs)} including invalid value ${ctx.repr(x)} of type ${(x as PyInstance)?.cls?.name}`,
      );
    }
  }
  const outs = flatInputs(outputs) as PyInstance[];
  const layers = functionalLayers(ins as PyInstance[], outs);
  st.cfg.model = {
    kind: 'functional',
    inputs: ins as PyInstance[],
    inputStruct: inputs,
    outputs,
    layers,
  } as FunctionalCfg;
  st.built = true;
  return self;
}

function callFunctional(self: PyInstance, inputs: PyValue, training: PyValue, ctx: CallContext): PyValue {
  const cfg = modelCfg(self) as FunctionalCfg;
  const values = flatInputs(inputs);
  if (values.length !== cfg.inputs.length) {
    throw pyError(
      ValueError,
      `Layer "${stateOf(self).name}" expects ${cfg.inputs.length} input(s), but it received ${values.length} input tensors.`,
    );
  }
  return runGraph(cfg.inputs, adjustInputRank(values, cfg.inputs, cfg.inputStruct, ctx), cfg.outputs, training, ctx);
}

/** The shape of a call argument (a tensor, variable or NumPy array), or null. */
function valueShape(v: PyValue): Dims | null {
  const p = v instanceof PyInstance ? v.payload : undefined;
  if (p instanceof NdArray) return [...p.t.shape];
  const s = inputShapes(v);
  return s instanceof PyTuple ? dimsOf(s) : null;
}

const dimsText = (d: Dims): string => shapeTuple(d.map((x) => x ?? -1)).replace(/-1/g, 'None');

/**
 * Keras's `Functional._adjust_input_rank`: an input with one more axis of size 1 than its `keras.Input` is squeezed,
 * one with one axis fewer gets it back when the Input's last axis is 1; any other rank is an error.
 */
function adjustInputRank(values: PyValue[], refs: PyInstance[], struct: PyValue, ctx: CallContext): PyValue[] {
  return values.map((x, i) => {
    const shape = valueShape(x);
    const ref = symOf(refs[i]).shape;
    if (shape === null || shape.length === ref.length) return x;
    if (shape.length === ref.length + 1 && shape[shape.length - 1] === 1) return wrapTensor(squeeze(toTensor(x), -1));
    if (shape.length === ref.length - 1 && ref[ref.length - 1] === 1) return wrapTensor(expandDims(toTensor(x), -1));
    const path = struct instanceof PyList || struct instanceof PyTuple ? String(i) : '';
    const p = x instanceof PyInstance ? x.payload : undefined;
    // An f-string formats an eager tensor by its NumPy value (`EagerTensor.__format__`); a traced step's input is a
    // graph tensor.
    const text =
      trace.active && p instanceof Tensor
        ? `Tensor("${i ? `data_${i}` : 'data'}:0", shape=${dimsText(shape)}, dtype=${p.dtype})`
        : p instanceof Tensor
          ? ndarrayStr(p)
          : p instanceof Variable
            ? ndarrayStr(p.value)
            : ctx.str(x);
    throw pyError(
      ValueError,
      `Invalid input shape for input ${text} with name '${symOf(refs[i]).name}' and path '${path}'. Expected shape ${dimsText(ref)}, but input has incompatible shape ${dimsText(shape)}`,
    );
  });
}

/**
 * The input specs of a functional model (`Functional.input_spec`): each input's shape with any batch size, its
 * last axis of size 1 optional; checked when the model is called, before `call`.
 */
function checkFunctionalInputs(self: PyInstance, inputs: PyValue): void {
  const cfg = modelCfg(self);
  if (cfg?.kind !== 'functional') return;
  const values = flatInputs(inputs);
  if (values.length !== cfg.inputs.length) return;
  values.forEach((x, i) => {
    const got = valueShape(x);
    if (got === null) return;
    const input = symOf(cfg.inputs[i]);
    const expected: Dims = input.shape.map((d, k) => (k === 0 ? null : d));
    let shape = got;
    let spec = expected;
    if (shape.length && shape[shape.length - 1] === 1) shape = shape.slice(0, -1);
    if (spec.length && spec[spec.length - 1] === 1) spec = spec.slice(0, -1);
    for (let k = 0; k < Math.min(spec.length, shape.length); k++) {
      if (spec[k] !== null && shape[k] !== null && spec[k] !== shape[k]) {
        const name = input.inputLayer ? stateOf(input.inputLayer).name : input.name;
        throw pyError(
          ValueError,
          `Input ${i} with name '${name}' of layer '${stateOf(self).name}' is incompatible with the layer: expected shape=${dimsText(expected)}, found shape=${dimsText(shape)}`,
        );
      }
    }
  });
}
modelHooks.checkInputs = checkFunctionalInputs;
modelHooks.keepsInputs = (self) => modelCfg(self)?.kind === 'functional';

export function createModelClasses(InputLayer: PyClass): Record<string, PyClass> {
  modelClasses.InputLayer = InputLayer;
  const Layer = kerasLayerClasses.Layer;
  const Model = nativeClass({
    name: 'Model',
    module: 'keras.src.models.model',
    bases: [Layer],
    methods: {
      __init__: def('__init__(self, **kwargs)', ({ self, kwargs }, ctx) => {
        initTrainer(self as PyInstance);
        initLayer(self as PyInstance, kwargs as PyDict, ctx);
        return null;
      }),
      ...trainingMethods(),
    },
    getters: {
      layers: (s) => new PyList([...(modelCfg(s)?.layers ?? subLayersOf(s))]),
    },
  });
  Model.native = {
    construct: (cls, args, kwargs, ctx) => {
      const inputs = args[0] ?? kwargs.get('inputs');
      const outputs = args[1] ?? kwargs.get('outputs');
      if (inputs !== undefined && outputs !== undefined) {
        const rest = new PyDict();
        for (const [k, v] of kwargs)
          if (k !== 'inputs' && k !== 'outputs') rest.map.set(k as never, { key: k, value: v } as never);
        return makeFunctional(modelClasses.Functional, inputs, outputs, rest, ctx);
      }
      const self = new PyInstance(cls);
      ctx.call(cls.dict.get('__init__') as PyValue, [self, ...args], kwargs);
      return self;
    },
  };

  const Functional = nativeClass({
    name: 'Functional',
    module: 'keras.src.models.functional',
    bases: [Model],
    methods: {
      call: def('call(self, inputs, training=None, mask=None, **kwargs)', ({ self, inputs, training }, ctx) =>
        callFunctional(self as PyInstance, inputs, training, ctx),
      ),
    },
    getters: {
      inputs: (s) => new PyList([...(modelCfg(s) as FunctionalCfg).inputs]),
      outputs: (s) => new PyList(flatInputs((modelCfg(s) as FunctionalCfg).outputs)),
      input: (s) => (modelCfg(s) as FunctionalCfg).inputStruct,
      output: (s) => (modelCfg(s) as FunctionalCfg).outputs,
      input_shape: (s) => singleShape((modelCfg(s) as FunctionalCfg).inputs),
      output_shape: (s) => singleShape(flatInputs((modelCfg(s) as FunctionalCfg).outputs)),
    },
  });
  Functional.native = null;

  const Sequential = nativeClass({
    name: 'Sequential',
    module: 'keras.src.models.sequential',
    bases: [Model],
    methods: {
      __init__: def('__init__(self, layers=None, trainable=True, name=None)', (a, ctx) => {
        const self = a.self as PyInstance;
        const d = new PyDict();
        if (a.name !== null) d.map.set('name' as never, { key: 'name', value: a.name } as never);
        initTrainer(self);
        const st = initLayer(self, d, ctx);
        st.trainable = a.trainable !== false;
        st.cfg.model = {
          kind: 'sequential',
          layers: [],
          input: null,
          graphInput: null,
          graphOutput: null,
        } as SequentialCfg;
        if (a.layers !== null) {
          for (const l of ctx.toArray(a.layers)) addToSequential(self, l, ctx, false);
          maybeBuildSequential(self, ctx);
        }
        return null;
      }),
      add: def('add(self, layer, rebuild=True)', ({ self, layer }, ctx) => {
        addToSequential(self as PyInstance, layer, ctx);
        return null;
      }),
      pop: def('pop(self, rebuild=True)', ({ self }, ctx) => {
        const cfg = modelCfg(self) as SequentialCfg;
        const layer = cfg.layers.pop();
        if (!layer) throw pyError(TypeError, 'There are no layers in the model.');
        cfg.graphInput = null;
        stateOf(self).built = false;
        maybeBuildSequential(self as PyInstance, ctx);
        return layer;
      }),
      build: def('build(self, input_shape=None)', ({ self, input_shape }, ctx) => {
        const cfg = modelCfg(self) as SequentialCfg;
        const shape = input_shape === null ? (cfg.input ? symOf(cfg.input).shape : null) : dimsOf(input_shape);
        if (!shape) {
          throw pyError(ValueError, 'You must provide an `input_shape` argument.');
        }
        buildSequential(self as PyInstance, shape, ctx);
        return null;
      }),
      call: def('call(self, inputs, training=None, mask=None, **kwargs)', ({ self, inputs, training }, ctx) => {
        const cfg = modelCfg(self) as SequentialCfg;
        let x = cfg.graphInput ? adjustInputRank([inputs], [cfg.graphInput], cfg.graphInput, ctx)[0] : inputs;
        for (const layer of cfg.layers) {
          const kw: KwArgs = training === null ? new Map() : new Map([['training', training]]);
          x = ctx.call(layer, [x], kw);
        }
        return x;
      }),
    },
    getters: {
      layers: (s) => new PyList([...(modelCfg(s) as SequentialCfg).layers]),
      input_shape: (s) => {
        const cfg = modelCfg(s) as SequentialCfg;
        if (!cfg.builtShape) {
          throw pyError(AttributeError, `Sequential model '${stateOf(s).name}' has no defined input shape yet.`);
        }
        return dimsTuple(cfg.builtShape);
      },
      output_shape: (s) => {
        const cfg = modelCfg(s) as SequentialCfg;
        if (!cfg.builtShape || cfg.layers.length === 0) {
          throw pyError(AttributeError, `Sequential model '${stateOf(s).name}' has no defined output shape yet.`);
        }
        return stateOf(cfg.layers[cfg.layers.length - 1]).lastOutputShape;
      },
      inputs: (s) => new PyList([sequentialGraph(s, 'inputs').graphInput as PyInstance]),
      outputs: (s) => new PyList([sequentialGraph(s, 'outputs').graphOutput]),
    },
  });
  modelClasses.Model = Model;
  modelClasses.Functional = Functional;
  modelClasses.Sequential = Sequential;
  return { Model, Sequential, Functional };
}

/** A built Sequential model's graph; before it is built, Keras's AttributeError. */
function sequentialGraph(s: PyInstance, what: string): SequentialCfg {
  const cfg = modelCfg(s) as SequentialCfg;
  if (!cfg.graphInput) {
    throw pyError(AttributeError, `Sequential model '${stateOf(s).name}' has no defined ${what} yet.`);
  }
  return cfg;
}

function subLayersOf(s: PyInstance): PyInstance[] {
  const out: PyInstance[] = [];
  for (const v of s.dict?.values() ?? []) if (isLayer(v) && !out.includes(v)) out.push(v);
  return out;
}
