/**
 * `keras.Variable`: Keras 3's own variable class on the TensorFlow backend. It wraps an engine `Variable` (so tapes
 * watch it and ops read it like a `tf.Variable`) but is not a `tf.Variable`: its `name` is the short name, `path`
 * adds the layer's name (`dense/kernel`), and its repr is Keras's.
 */
import { readVariable } from '../../autodiff/variables';
import { cast } from '../../ops/math';
import { pyError, ValueError } from '../../python/exceptions';
import { def, nativeClass } from '../../python/native';
import { type PyClass, PyInstance, type PyValue } from '../../python/values';
import { tensorStr } from '../../tensor/format';
import { shapeTuple } from '../../tensor/shape';
import { type Tensor, Variable } from '../../tensor/tensor';
import { classes, NdArray, wrapShape, wrapTensor } from '../boxes';
import { dtypeArg } from '../convert';
import { tensorLikeMethods } from '../tensorClass';
import { bindVar } from '../variableClass';
import { initialValue } from './initializers';
import { scopeNames, uniqueName } from './naming';

interface KerasVarInfo {
  name: string;
  path: string;
  /** Keras's own flag (a frozen layer clears it); the TF variable underneath stays trainable, as in TF. */
  trainable: boolean;
}
const info = new WeakMap<Variable, KerasVarInfo>();

export const kerasClasses = {} as { Variable: PyClass };

const varOf = (s: PyValue): Variable => (s as PyInstance).payload as Variable;

/** A new Keras variable named `name` under `prefix` (the enclosing layers' names, or '' at top level). */
export function newKerasVariable(value: Tensor, trainable: boolean, name: string, prefix: string): PyInstance {
  const path = prefix ? `${prefix}/${name}` : name;
  const v = new Variable(value, trainable, `${path}:0`);
  info.set(v, { name, path, trainable });
  const self = new PyInstance(kerasClasses.Variable, v);
  bindVar(self, v);
  return self;
}

export function isKerasVariable(v: PyValue): v is PyInstance {
  return v instanceof PyInstance && v.payload instanceof Variable && info.has(v.payload);
}

/** The engine variable of a Keras or TF variable object, or undefined. */
export function engineVariable(v: PyValue): Variable | undefined {
  return v instanceof PyInstance && v.payload instanceof Variable ? v.payload : undefined;
}

/** Keras's `variable.trainable`. */
export function kerasTrainable(v: Variable): boolean {
  return info.get(v)?.trainable ?? v.trainable;
}

export function setKerasTrainable(v: Variable, on: boolean): void {
  const i = info.get(v);
  if (i) i.trainable = on;
}

export function kerasPath(v: Variable): string {
  return info.get(v)?.path ?? v.name.replace(/:0$/, '');
}

/** `<Variable path=dense/kernel, shape=(3, 2), dtype=float32, value=[[...]]>` (NumPy's str of the value). */
function kerasRepr(v: Variable): string {
  const value = tensorStr(v.value).replace(/^tf\.Tensor\(\n?|, shape=.*$/gs, '');
  return `<Variable path=${kerasPath(v)}, shape=${shapeTuple(v.shape)}, dtype=${v.dtype}, value=${value}>`;
}

export function createKerasVariableClass(): void {
  const tfVar = classes.Variable.dict;
  kerasClasses.Variable = nativeClass({
    name: 'Variable',
    module: 'keras.src.backend.tensorflow.core',
    methods: {
      ...tensorLikeMethods(),
      __init__: def(
        '__init__(self, initializer, shape=None, dtype=None, trainable=True, autocast=True, aggregation="none", synchronization="auto", name=None)',
        (a, ctx) => {
          const self = a.self as PyInstance;
          const dtype = a.dtype === null ? undefined : dtypeArg(a.dtype);
          const shape = a.shape === null ? [] : ctx.toArray(a.shape).map(Number);
          let value = initialValue(a.initializer, shape, dtype ?? 'float32', ctx, dtype === undefined);
          if (dtype === undefined && value.dtype === 'float64' && !isNdArray(a.initializer))
            value = cast(value, 'float32');
          const name = a.name === null ? uniqueName('variable') : String(a.name);
          if (name.includes('/')) {
            throw pyError(
              ValueError,
              `Argument \`name\` must be a string and cannot contain character \`/\`. Received: name=${name}`,
            );
          }
          const prefix = scopeNames.join('/');
          const path = prefix ? `${prefix}/${name}` : name;
          const v = new Variable(value, a.trainable === null ? true : Boolean(a.trainable), `${path}:0`);
          info.set(v, { name, path, trainable: v.trainable });
          self.payload = v;
          bindVar(self, v);
          return null;
        },
      ),
      __repr__: def('__repr__(self)', ({ self }) => kerasRepr(varOf(self))),
      __str__: def('__str__(self)', ({ self }) => kerasRepr(varOf(self))),
      __hash__: tfVar.get('__hash__') as PyValue as never,
      assign: tfVar.get('assign') as never,
      assign_add: tfVar.get('assign_add') as never,
      assign_sub: tfVar.get('assign_sub') as never,
      read_value: def('read_value(self)', ({ self }) => wrapTensor(readVariable(varOf(self)))),
    },
    setters: {
      trainable: (s, on) => setKerasTrainable(varOf(s), Boolean(on)),
    },
    getters: {
      name: (s) => info.get(varOf(s))?.name ?? varOf(s).name,
      path: (s) => kerasPath(varOf(s)),
      trainable: (s) => kerasTrainable(varOf(s)),
      shape: (s) => wrapShape(varOf(s).shape),
      dtype: (s) => varOf(s).dtype,
      ndim: (s) => BigInt(varOf(s).shape.length),
      value: (s) => new PyInstance(classes.Variable, varOf(s)),
    },
  });
}

const isNdArray = (v: PyValue): boolean => v instanceof PyInstance && v.payload instanceof NdArray;
