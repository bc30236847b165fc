/**
 * `keras.Model` (subclassed models), `keras.Sequential` (a list of layers, `.add`, built from an `Input` or on the
 * first call) and the functional model that `keras.Model(inputs, outputs)` makes, with `keras.Input`.
 */
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
import {
  type Dims,
  dimsOf,
  dimsTuple,
  initLayer,
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
  return newSymbolic(st.cfg.batchShape as Dims, dtype, null, null, layer);
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
  inScope(self, () => {
    let x: PyValue = cfg.input ?? newSymbolic(shape, 'float32', null, null);
    for (const layer of cfg.layers) x = symbolicCall(layer, [x], new Map(), ctx);
  });
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
  const st = initLayer(self, kwargs, ctx);
  initTrainer(self);
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
  return runGraph(cfg.inputs, values, cfg.outputs, training, ctx);
}

export function createModelClasses(InputLayer: PyClass): Record<string, PyClass> {
  modelClasses.InputLayer = InputLayer;
  const Layer = kerasLayerClasses.Layer;
  const Model = nativeClass({
    name: 'Model',
    module: 'keras.src.models.model',
    bases: [Layer],
    methods: {
      __init__: def('__init__(self, **kwargs)', ({ self, kwargs }, ctx) => {
        initLayer(self as PyInstance, kwargs as PyDict, ctx);
        initTrainer(self as PyInstance);
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
      call: def('call(self, inputs, training=None, mask=None)', ({ self, inputs, training }, ctx) =>
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
        const st = initLayer(self, d, ctx);
        initTrainer(self);
        st.trainable = a.trainable !== false;
        st.cfg.model = { kind: 'sequential', layers: [], input: null } as SequentialCfg;
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
      call: def('call(self, inputs, training=None, mask=None)', ({ self, inputs, training }, ctx) => {
        let x = inputs;
        for (const layer of (modelCfg(self) as SequentialCfg).layers) {
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
      inputs: (s) => {
        const cfg = modelCfg(s) as SequentialCfg;
        return cfg.input ? new PyList([cfg.input]) : null;
      },
    },
  });
  modelClasses.Model = Model;
  modelClasses.Functional = Functional;
  modelClasses.Sequential = Sequential;
  return { Model, Sequential, Functional };
}

function subLayersOf(s: PyInstance): PyInstance[] {
  const out: PyInstance[] = [];
  for (const v of s.dict?.values() ?? []) if (isLayer(v) && !out.includes(v)) out.push(v);
  return out;
}
