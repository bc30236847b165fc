/**
 * `keras.layers.Layer`: the base of every layer and model. A layer's host state (`LayerState`) is the payload of its
 * Python object; user classes subclass it and override `build`/`call`. Calling a layer builds it on the first call
 * from the input's shape, then runs `call`, whose ops are the engine's own (recorded on tapes like any other op).
 * Calling it on a symbolic `keras.Input` builds it and records a node of the functional graph instead.
 */

import { withoutRecording } from '../../autodiff/recorder';
import { EngineError } from '../../errors';
import { zeros } from '../../ops/array';
import { cast } from '../../ops/math';
import { printGate } from '../../python/builtins';
import { functionSpec } from '../../python/calls';
import { dictEntries } from '../../python/dict';
import {
  NotImplementedError,
  PyException,
  pyError,
  RuntimeError,
  TypeError,
  ValueError,
} from '../../python/exceptions';
import { def, nativeClass } from '../../python/native';
import {
  type CallContext,
  type KwArgs,
  PyBoundMethod,
  type PyClass,
  PyDict,
  PyFunction,
  PyInstance,
  PyList,
  PyNativeFunction,
  PyTuple,
  PyUnknown,
  type PyValue,
  ShapedUnknown,
} from '../../python/values';
import { session } from '../../session';
import { type DType, isFloat } from '../../tensor/dtype';
import { shapeTuple } from '../../tensor/shape';
import { Tensor, Variable } from '../../tensor/tensor';
import { NdArray, wrapTensor } from '../boxes';
import { dtypeArg, toTensor } from '../convert';
import { initialValue } from './initializers';
import { checkInputSpec, type InputSpec } from './layers/define';
import { scopeNames, snakeCase, trainingStack, uniqueName } from './naming';
import type { SeedGenerator } from './random';
import { isSymbolic, symbolicCall } from './symbolic';
import { engineVariable, isKerasVariable, kerasTrainable, newKerasVariable, setKerasTrainable } from './variable';

export type Dims = (number | null)[];

/** What Keras keeps per layer. */
export class LayerState {
  trainable = true;
  built = false;
  readonly ownTrainable: PyInstance[] = [];
  readonly ownNonTrainable: PyInstance[] = [];
  dtype: DType = 'float32';
  /** The `input_shape=` given at construction (without the batch dimension). */
  inputShape: Dims | null = null;
  /** Input and output shapes of the last call (for `summary()`). */
  lastOutputShape: PyValue = null;
  /** What each call's input must look like (Keras's `input_spec`). */
  inputSpec: InputSpec | null = null;
  /** Random state owned by the layer (Dropout's), listed in `variables` after its weights. */
  readonly seedGenerators: SeedGenerator[] = [];
  /** Layer-specific configuration, set by each layer's `__init__`. */
  cfg: Record<string, unknown> = {};
  constructor(public name: string) {}
}

export const kerasLayerClasses = {} as { Layer: PyClass };

export function stateOf(self: PyValue): LayerState {
  const p = self instanceof PyInstance ? self.payload : undefined;
  if (!(p instanceof LayerState)) {
    throw pyError(
      RuntimeError,
      'It looks like you are subclassing `Layer` and forgot to call `super().__init__()`. Always start with this line.',
    );
  }
  return p;
}

export function isLayer(v: PyValue): v is PyInstance {
  return v instanceof PyInstance && v.payload instanceof LayerState;
}

/** Python dims (`(None, 3)`) ↔ JS. */
export const dimsTuple = (d: readonly (number | null)[]): PyTuple =>
  new PyTuple(d.map((x) => (x === null ? null : BigInt(x))));
export function dimsOf(v: PyValue): Dims {
  if (v instanceof PyTuple || v instanceof PyList) {
    return v.items.map((x) => (x === null ? null : Number(x as bigint)));
  }
  const p = v instanceof PyInstance ? (v.payload as { dims?: Dims }) : undefined;
  if (p?.dims) return [...p.dims];
  if (typeof v === 'bigint') return [Number(v)];
  throw pyError(TypeError, 'Expected a shape tuple');
}

/**
 * Keras 3's `weights` (own variables, then each sublayer's, once each) or, with `withState`, its `variables`
 * (also each layer's seed-generator states, after its own weights).
 */
export function layerWeights(self: PyInstance, withState = false): PyInstance[] {
  const out: PyInstance[] = [];
  const seen = new Set<Variable>();
  const push = (w: PyInstance): void => {
    const v = w.payload as Variable;
    if (!seen.has(v)) {
      seen.add(v);
      out.push(w);
    }
  };
  const visit = (layer: PyInstance, stack: Set<PyInstance>): void => {
    if (stack.has(layer)) return;
    stack.add(layer);
    const st = stateOf(layer);
    for (const w of [...st.ownTrainable, ...st.ownNonTrainable]) push(w);
    if (withState) for (const g of st.seedGenerators) if (g.pyVariable) push(g.pyVariable as PyInstance);
    for (const sub of sublayers(layer)) visit(sub, stack);
  };
  visit(self, new Set());
  return out;
}

/** `trainable_weights` / `non_trainable_weights` (and `*_variables` with `withState`), by Keras's flags. */
export function layerVariables(self: PyInstance, trainable: boolean, withState = false): PyInstance[] {
  const all = layerWeights(self, withState);
  if (!stateOf(self).trainable) return trainable ? [] : all;
  return all.filter((w) => kerasTrainable(w.payload as Variable) === trainable);
}

/** Hooks the model classes provide: the layers a Sequential or functional model holds. */
export const modelHooks: { layersOf: (self: PyInstance) => PyInstance[] | undefined } = { layersOf: () => undefined };

/** Sublayers: a model's own layers, then layers held in attributes (also in lists, tuples and dicts). */
export function sublayers(self: PyInstance): PyInstance[] {
  const out: PyInstance[] = [...(modelHooks.layersOf(self) ?? [])];
  const add = (v: PyValue): void => {
    if (isLayer(v)) {
      if (v !== self && !out.includes(v)) out.push(v);
    } else if (v instanceof PyList || v instanceof PyTuple) v.items.forEach(add);
    else if (v instanceof PyDict) for (const e of v.map.values()) add(e.value);
  };
  for (const v of self.dict?.values() ?? []) add(v);
  return out;
}

/** Python-visible tuple of weights. */
const weightList = (ws: PyInstance[]): PyList => new PyList(ws);

/** Does `fn` (a bound method) accept a keyword `name`? Native calls always take `training`. */
export function acceptsKeyword(fn: PyValue, name: string): boolean {
  const f = fn instanceof PyBoundMethod ? fn.func : fn;
  if (f instanceof PyFunction) {
    const { spec } = functionSpec(f);
    return spec.args.includes(name) || spec.kwOnly.includes(name) || spec.kwarg !== null;
  }
  return f instanceof PyNativeFunction;
}

/** Converts call inputs as Keras does: NumPy arrays and Python data to tensors, floats to the layer's dtype. */
export function convertInput(v: PyValue, dtype: DType): PyValue {
  if (v instanceof PyList || v instanceof PyTuple) {
    const items = v.items.map((x) => convertInput(x, dtype));
    return v instanceof PyList ? new PyList(items) : new PyTuple(items);
  }
  if (v instanceof PyInstance) {
    const p = v.payload;
    if (p instanceof Tensor) return isFloat(p.dtype) && p.dtype !== dtype ? wrapTensor(cast(p, dtype)) : v;
    if (p instanceof Variable) return v;
    if (p instanceof NdArray) {
      const t = toTensor(v);
      return wrapTensor(isFloat(t.dtype) && t.dtype !== dtype ? cast(t, dtype) : t);
    }
    return v;
  }
  if (typeof v === 'number') return wrapTensor(toTensor(v, dtype));
  return v;
}

/** The shape(s) passed to `build`: one tuple per input tensor, nested like the inputs. */
export function inputShapes(v: PyValue): PyValue {
  if (v instanceof PyList || v instanceof PyTuple) {
    const items = v.items.map(inputShapes);
    return v instanceof PyList ? new PyList(items) : new PyTuple(items);
  }
  if (isSymbolic(v)) return dimsTuple((v.payload as { shape: Dims }).shape);
  const e = engineVariable(v);
  if (e) return dimsTuple(e.shape);
  if (v instanceof PyInstance && v.payload instanceof Tensor) return dimsTuple([...v.payload.shape]);
  return null;
}

/**
 * A layer called on an unknown array whose shape is known (a Keras dataset): the layer runs on a placeholder batch
 * of one with that shape, so it builds and raises its shape errors as TensorFlow would, and the result is unknown
 * with the output's shape. Any other unknown argument makes the call unknown.
 */
export function shapedLayerCall(
  self: PyInstance,
  u: PyUnknown,
  args: PyValue[],
  kwargs: KwArgs,
  ctx: CallContext,
  traced = false,
): PyValue {
  // What the call makes unknown (the result, the layer's weights) has no shape of its own.
  const plain = new PyUnknown(u.origin, u.span);
  if (!(u instanceof ShapedUnknown) || args[0] !== u || u.dtype === 'object' || u.shape.length === 0) throw plain;
  const dtype: DType = isFloatName(u.dtype) ? 'float32' : 'int32';
  const placeholder = zeros([Math.min(1, u.shape[0]), ...u.shape.slice(1)], dtype);
  const kw = new Map(kwargs);
  kw.set('training', false);
  printGate.closed++;
  let out: PyValue;
  try {
    out = withoutRecording(() => callLayer(self, [wrapTensor(placeholder), ...args.slice(1)], kw, ctx));
  } catch (e) {
    // The placeholder's batch of one is not the data's: errors name the data's shape (None while fit traces).
    const real = shapeTuple([traced ? 'None' : String(u.shape[0]), ...u.shape.slice(1).map(String)] as never);
    const fix = (m: string) => m.split(shapeTuple(placeholder.shape)).join(real);
    if (e instanceof PyException) throw pyError(e.cls, fix(e.message));
    if (e instanceof EngineError) throw new EngineError(e.pyType, fix(e.message), e.op);
    throw e;
  } finally {
    printGate.closed--;
  }
  const t = out instanceof PyInstance ? out.payload : undefined;
  if (!(t instanceof Tensor) || t.rank === 0) throw plain;
  return u.with([u.shape[0], ...t.shape.slice(1)], t.dtype);
}

const isFloatName = (dtype: string): boolean => dtype.startsWith('float');

/** Ids of layer calls (`session.scope`): the report groups the ops of one call under the layer's name. */
let nextScopeId = 1;

/** The layer calls directly inside the running top-level call (a model's layers), for the report. */
let modelLayers: { label: string; shape: number[]; dtype: string }[] | null = null;

/** `layer.__call__`: build on the first call, then `call` with Keras's `training` propagation. */

export function callLayer(self: PyInstance, args: PyValue[], kwargs: KwArgs, ctx: CallContext): PyValue {
  const unknown = [...args, ...kwargs.values()].find((v) => v instanceof PyUnknown) as PyUnknown | undefined;
  if (unknown) return shapedLayerCall(self, unknown, args, kwargs, ctx);
  const st = stateOf(self);
  if (args.length === 0 && !kwargs.has('inputs')) {
    throw pyError(TypeError, "missing a required argument: 'inputs'");
  }
  if (args.some(hasSymbolic) || [...kwargs.values()].some(hasSymbolic)) return symbolicCall(self, args, kwargs, ctx);
  const inputs = convertInput(args.length ? args[0] : (kwargs.get('inputs') as PyValue), st.dtype);
  const rest = args.slice(1);
  if (st.inputSpec) checkInputs(st, inputs);
  maybeBuild(self, inputs, ctx);
  if (st.inputSpec) checkInputs(st, inputs);
  const callFn = ctx.getAttr(self, 'call');
  const kw = new Map(kwargs);
  kw.delete('inputs');
  let training = kw.get('training');
  if (training === undefined || training === null) {
    const outer = trainingStack.length ? trainingStack[trainingStack.length - 1] : null;
    training = outer;
  }
  if (acceptsKeyword(callFn, 'training') && training !== null) kw.set('training', training);
  else if (!acceptsKeyword(callFn, 'training')) kw.delete('training');
  trainingStack.push(typeof training === 'boolean' ? training : null);
  scopeLayers.push(self);
  scopeNames.push(st.name);
  const outerScope = session.scope;
  const scope = { id: nextScopeId++, label: `${st.name} (${self.cls.name})`, parent: outerScope };
  session.scope = scope;
  const outerLayers = modelLayers;
  if (outerScope === undefined) modelLayers = [];
  try {
    const out = ctx.call(callFn, [inputs, ...rest], kw);
    if (st.lastOutputShape === null) st.lastOutputShape = inputShapes(out);
    if (outerScope !== undefined && outerScope.parent === undefined && out instanceof PyInstance) {
      const t = out.payload;
      if (t instanceof Tensor) modelLayers?.push({ label: scope.label, shape: [...t.shape], dtype: t.dtype });
    }
    if (outerScope === undefined && modelLayers?.length) session.sink?.layerCalls?.(ctx.span, scope.label, modelLayers);
    return out;
  } finally {
    trainingStack.pop();
    scopeLayers.pop();
    scopeNames.pop();
    session.scope = outerScope;
    modelLayers = outerLayers;
  }
}

function checkInputs(st: LayerState, inputs: PyValue): void {
  const shapes = inputShapes(inputs);
  if (shapes instanceof PyTuple && st.inputSpec) checkInputSpec(st, st.inputSpec, dimsOf(shapes));
}

export function hasSymbolic(v: PyValue): boolean {
  if (isSymbolic(v)) return true;
  if (v instanceof PyList || v instanceof PyTuple) return v.items.some(hasSymbolic);
  return false;
}

/** Builds the layer from its inputs' shapes, once; Keras checks `InputSpec` first. */
export function maybeBuild(self: PyInstance, inputs: PyValue, ctx: CallContext): void {
  const st = stateOf(self);
  if (st.built) return;
  const shapes = inputShapes(inputs);
  const build = ctx.getAttr(self, 'build');
  inScope(self, () => ctx.call(build, [shapes]));
  st.built = true;
}

/** The layers whose `build`/`call` is running, innermost last (their names are `scopeNames`). */
const scopeLayers: PyInstance[] = [];

/** Runs `f` inside `self`'s name scope: weights created there get paths under its name. */
export function inScope<T>(self: PyInstance, f: () => T): T {
  if (scopeLayers[scopeLayers.length - 1] === self) return f();
  scopeLayers.push(self);
  scopeNames.push(stateOf(self).name);
  try {
    return f();
  } finally {
    scopeLayers.pop();
    scopeNames.pop();
  }
}

/** Creates one of the layer's own weights (Keras's `add_weight`). */
export function createWeight(
  self: PyInstance,
  name: string,
  shape: readonly (number | null)[],
  initializer: PyValue,
  ctx: CallContext,
  opts: { trainable?: boolean; dtype?: DType } = {},
): PyInstance {
  const st = stateOf(self);
  const dtype = opts.dtype ?? st.dtype;
  const trainable = opts.trainable ?? true;
  const inside = scopeLayers.length > 0 && scopeLayers[scopeLayers.length - 1] === self;
  const prefix = inside ? scopeNames.join('/') : [...scopeNames, st.name].join('/');
  if (shape.some((d) => d === null)) {
    throw pyError(
      ValueError,
      `Shapes used to initialize variables must be fully-defined (no \`None\` dimensions). Received: shape=(${shape.map((d) => (d === null ? 'None' : String(d))).join(', ')}${shape.length === 1 ? ',' : ''}) for variable path='${prefix}/${name}'`,
    );
  }
  const value = initialValue(initializer, shape as number[], dtype, ctx);
  const w = newKerasVariable(value, trainable, name, prefix);
  (trainable ? st.ownTrainable : st.ownNonTrainable).push(w);
  return w;
}

/**
 * Keras 3 keeps positional arguments only to catch Keras 2's call style (`add_weight(shape, initializer, dtype)`):
 * they fill those three, and a name given first raises Keras's error.
 */
function legacyWeightArgs(a: Record<string, PyValue>): void {
  const args = (a.args as PyTuple).items;
  if (args.length === 0) return;
  if (args.length > 3) {
    throw pyError(TypeError, `add_weight() takes at most 3 positional arguments but ${args.length} were given.`);
  }
  if (typeof args[0] === 'string') {
    throw pyError(
      ValueError,
      `\`name\` must be passed as a keyword argument. Received: add_weight('${args[0]}', ...). Use: add_weight(shape=..., name='${args[0]}').`,
    );
  }
  const names = ['shape', 'initializer', 'dtype'];
  args.forEach((v, i) => {
    if (a[names[i]] !== null) {
      throw pyError(
        ValueError,
        i === 0
          ? '`shape` was passed both positionally and as a keyword argument.'
          : `\`${names[i]}\` was passed both positionally and as a keyword argument.`,
      );
    }
    a[names[i]] = v;
  });
}

/** `add_weight(shape, initializer, dtype, trainable, ..., name)`. */
function addWeight(a: Record<string, PyValue>, ctx: CallContext): PyValue {
  legacyWeightArgs(a);
  const self = a.self as PyInstance;
  const st = stateOf(self);
  const dtype = (a.dtype === null ? st.dtype : dtypeArg(a.dtype)) as DType;
  const shape = a.shape === null ? [] : (dimsOf(a.shape) as number[]);
  const init = a.initializer === null ? (isFloat(dtype) ? 'glorot_uniform' : 'zeros') : a.initializer;
  const name = a.name === null ? uniqueName('variable') : String(a.name);
  const trainable = a.trainable === null ? true : Boolean(a.trainable);
  return createWeight(self, name, shape, init, ctx, { trainable, dtype });
}

function dtypeOfPy(d: PyValue): DType {
  const p = d instanceof PyInstance ? (d.payload as { dtype?: DType }) : undefined;
  return p?.dtype ?? 'float32';
}

/** Keras 3's Layer.__init__ keywords; anything else is "Unrecognized keyword arguments". */
export function initLayer(self: PyInstance, kwargs: PyDict | null, ctx: CallContext, extra: string[] = []): LayerState {
  const kw = new Map<string, PyValue>();
  for (const e of kwargs?.map.values() ?? []) kw.set(String(e.key), e.value);
  const name = kw.get('name');
  const st = new LayerState(typeof name === 'string' ? name : uniqueName(snakeCase(self.cls.name)));
  if (self.payload instanceof LayerState) {
    // `super().__init__()` reached twice (a subclass of a built-in layer): keep the first state's name.
    st.name = self.payload.name;
  }
  const trainable = kw.get('trainable');
  if (trainable !== undefined && trainable !== null) st.trainable = Boolean(trainable);
  const dtype = kw.get('dtype');
  if (dtype !== undefined && dtype !== null) st.dtype = typeof dtype === 'string' ? (dtype as DType) : dtypeOfPy(dtype);
  const inShape = kw.get('input_shape');
  if (inShape !== undefined && inShape !== null) st.inputShape = dimsOf(inShape);
  const inDim = kw.get('input_dim');
  if (inDim !== undefined && inDim !== null) st.inputShape = [Number(inDim)];
  const known = [
    'name',
    'trainable',
    'dtype',
    'input_shape',
    'input_dim',
    'autocast',
    'activity_regularizer',
    ...extra,
  ];
  const bad = [...kw.keys()].filter((k) => !known.includes(k));
  if (bad.length) {
    const d = new PyDict();
    for (const e of kwargs?.map.values() ?? []) if (bad.includes(String(e.key))) d.map.set(e.key as never, e);
    throw pyError(ValueError, `Unrecognized keyword arguments passed to ${self.cls.name}: ${ctx.repr(d)}`);
  }
  self.payload = st;
  return st;
}

/** Keras 3's `<Dense name=dense, built=True>` (models too: `<Sequential name=sequential, built=False>`). */
function layerRepr(self: PyInstance): string {
  const st = self.payload instanceof LayerState ? self.payload : undefined;
  if (st === undefined) return `<${self.cls.name} object>`;
  return `<${self.cls.name} name=${st.name}, built=${st.built ? 'True' : 'False'}>`;
}

export function createLayerClass(): PyClass {
  const Layer = nativeClass({
    name: 'Layer',
    module: 'keras.src.layers.layer',
    methods: {
      __init__: def('__init__(self, **kwargs)', ({ self, kwargs }, ctx) => {
        initLayer(self as PyInstance, kwargs as PyDict, ctx);
        return null;
      }),
      __repr__: def('__repr__(self)', ({ self }) => layerRepr(self as PyInstance)),
      __str__: def('__str__(self)', ({ self }) => layerRepr(self as PyInstance)),
      __call__: def(
        '__call__(self, *args, **kwargs)',
        ({ self, args, kwargs }, ctx) =>
          callLayer(
            self as PyInstance,
            [...(args as PyTuple).items],
            new Map([...dictEntries(kwargs as PyDict)].map((e) => [String(e.key), e.value])),
            ctx,
          ),
        { acceptsUnknown: true },
      ),
      __setattr__: def('__setattr__(self, name, value, /)', ({ self, name, value }) => {
        const s = self as PyInstance;
        if (isKerasVariable(value) && s.payload instanceof LayerState) {
          const st = s.payload;
          if (!st.ownTrainable.includes(value) && !st.ownNonTrainable.includes(value)) {
            ((value.payload as Variable).trainable ? st.ownTrainable : st.ownNonTrainable).push(value);
          }
        }
        s.attrs().set(String(name), value);
        return null;
      }),
      build: def('build(self, input_shape=None)', ({ self }) => {
        stateOf(self).built = true;
        return null;
      }),
      call: def('call(self, *args, **kwargs)', ({ self }) => {
        throw pyError(
          NotImplementedError,
          `Layer ${(self as PyInstance).cls.name} does not have a \`call()\` method implemented.`,
        );
      }),
      add_weight: def(
        'add_weight(self, *args, shape=None, initializer=None, dtype=None, trainable=True, autocast=True, regularizer=None, constraint=None, aggregation="none", overwrite_with_gradient=False, name=None)',
        addWeight,
      ),
      get_weights: def(
        'get_weights(self)',
        ({ self }, ctx) =>
          new PyList(layerWeights(self as PyInstance).map((w) => ctx.call(ctx.getAttr(w, 'numpy'), []))),
      ),
      set_weights: def('set_weights(self, weights)', ({ self, weights }, ctx) => {
        const ws = layerWeights(self as PyInstance);
        const vals = ctx.toArray(weights);
        if (vals.length !== ws.length) {
          throw pyError(
            ValueError,
            `You called \`set_weights(weights)\` on layer "${stateOf(self).name}" with a weight list of length ${vals.length}, but the layer was expecting ${ws.length} weights.`,
          );
        }
        ws.forEach((w, i) => {
          const v = w.payload as Variable;
          const t = toTensor(vals[i]);
          if (t.shape.join() !== v.shape.join()) {
            throw pyError(
              ValueError,
              `Layer ${stateOf(self).name} weight shape (${v.shape.join(', ')}${v.shape.length === 1 ? ',' : ''}) is not compatible with provided weight shape (${t.shape.join(', ')}${t.shape.length === 1 ? ',' : ''}).`,
            );
          }
          v.value = t.dtype === v.dtype ? t : cast(t, v.dtype);
        });
        return null;
      }),
      count_params: def('count_params(self)', ({ self }) => {
        const st = stateOf(self);
        if (!st.built) {
          throw pyError(
            ValueError,
            `You tried to call \`count_params\` on layer '${st.name}', but the layer isn't built. You can build it manually via: \`layer.build(input_shape)\`.`,
          );
        }
        return BigInt(layerWeights(self as PyInstance).reduce((n, w) => n + (w.payload as Variable).value.size, 0));
      }),
      compute_output_shape: def('compute_output_shape(self, input_shape)', (a) => a.input_shape),
    },
    getters: {
      name: (s) => stateOf(s).name,
      built: (s) => stateOf(s).built,
      trainable: (s) => stateOf(s).trainable,
      dtype: (s) => stateOf(s).dtype,
      weights: (s) => weightList(layerWeights(s)),
      variables: (s) => weightList(layerWeights(s, true)),
      trainable_weights: (s) => weightList(layerVariables(s, true)),
      trainable_variables: (s) => weightList(layerVariables(s, true, true)),
      non_trainable_weights: (s) => weightList(layerVariables(s, false)),
      non_trainable_variables: (s) => weightList(layerVariables(s, false, true)),
    },
    setters: {
      trainable: (s, v) => {
        const on = Boolean(v);
        const visit = (l: PyInstance): void => {
          const st = stateOf(l);
          st.trainable = on;
          for (const w of st.ownTrainable) setKerasTrainable(w.payload as Variable, on);
          for (const sub of sublayers(l)) visit(sub);
        };
        visit(s);
      },
      built: (s, v) => {
        stateOf(s).built = Boolean(v);
      },
      name: (s, v) => {
        stateOf(s).name = String(v);
      },
    },
  });
  kerasLayerClasses.Layer = Layer;
  return Layer;
}
