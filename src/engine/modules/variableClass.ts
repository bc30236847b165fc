/** `tf.Variable` and `tf.Module` as Python classes. */
import { withoutRecording } from '../autodiff/recorder';
import { readVariable } from '../autodiff/variables';
import { EngineError } from '../errors';
import { add, sub } from '../ops/math';
import { pyError, TypeError, ValueError } from '../python/exceptions';
import { def, nativeClass } from '../python/native';
import { PyDict, PyInstance, PyList, PyTuple, type PyValue } from '../python/values';
import { variableRepr } from '../tensor/format';
import { shapesEqual, shapeTuple } from '../tensor/shape';
import { Tensor, Variable } from '../tensor/tensor';
import { classes, wrapDType, wrapShape, wrapTensor } from './boxes';
import { boolArg, dtypeArg, toTensor } from './convert';
import { isSymbolicVariable } from './symbolic';
import { tensorLikeMethods } from './tensorClass';
import { variableGetItem, variableScatterMethods } from './tfScatter';

/** One Python object per variable, so `is`, `in` and `watched_variables()` see the same object. */
const instances = new WeakMap<Variable, PyInstance>();

export function wrapVar(v: Variable): PyInstance {
  let w = instances.get(v);
  if (!w) {
    w = new PyInstance(classes.Variable, v);
    instances.set(v, w);
  }
  return w;
}

/** Make `self` (a Python-constructed `tf.Variable(...)`) the object `wrapVar` returns for its variable. */
export function bindVar(self: PyInstance, v: Variable): void {
  self.payload = v;
  instances.set(v, self);
}

const varOf = (s: PyValue): Variable => (s as PyInstance).payload as Variable;

/** A variable as printed: with its value, or without it while a `tf.function` traces with it as an argument. */
function shownVariable(self: PyValue): string {
  const v = varOf(self);
  if (!isSymbolicVariable(self as PyInstance)) return variableRepr(v);
  const dims = v.shape.map(String);
  return `<tf.Variable '${v.name}' shape=(${dims.join(', ')}${dims.length === 1 ? ',' : ''}) dtype=${v.dtype}>`;
}

/** `tf.Variable(initial_value, trainable=True, name=None, dtype=None)`. */
export function makeVariable(initial: PyValue, trainable: PyValue, name: PyValue, dtype: PyValue): Variable {
  const d = dtypeArg(dtype);
  const value =
    initial instanceof PyInstance && initial.payload instanceof Variable
      ? initial.payload.value
      : initial instanceof PyInstance && initial.payload instanceof Tensor
        ? initial.payload
        : toTensor(initial, d);
  const v = value.dtype === d || !d ? value : toTensor(wrapTensor(value), d);
  const n = name === null ? 'Variable' : String(name);
  return new Variable(v, trainable === null ? true : boolArg(trainable), n.includes(':') ? n : `${n}:0`);
}

function assignValue(v: Variable, value: PyValue, op: string): Tensor {
  const t = value instanceof PyInstance && value.payload instanceof Tensor ? value.payload : undefined;
  if (t && t.dtype !== v.dtype) {
    throw new EngineError(
      'InvalidArgumentError',
      `cannot compute ${op} as input #1(zero-based) was expected to be a ${v.dtype === 'float32' ? 'float' : v.dtype === 'float64' ? 'double' : v.dtype} tensor but is a ${t.dtype === 'float32' ? 'float' : t.dtype === 'float64' ? 'double' : t.dtype} tensor [Op:${op}]`,
    );
  }
  const nv = t ?? toTensor(value, v.dtype);
  if (!shapesEqual(nv.shape, v.shape)) {
    throw pyError(
      ValueError,
      `Cannot assign value to variable ' ${v.name}': Shape mismatch.The variable shape ${shapeTuple(v.shape)}, and the assigned value shape ${shapeTuple(nv.shape)} are incompatible.`,
    );
  }
  return nv;
}

/** Assignments are not differentiable (TF-SEMANTICS §2.4): their arithmetic runs with recording off. */
const unrecorded = withoutRecording;

export function createVariableClasses(): void {
  classes.Variable = nativeClass({
    name: 'ResourceVariable',
    module: 'tensorflow.python.ops.resource_variable_ops',
    methods: {
      ...tensorLikeMethods(),
      ...variableScatterMethods(varOf),
      __getitem__: variableGetItem(varOf),
      __repr__: def('__repr__(self)', ({ self }) => shownVariable(self)),
      __str__: def('__str__(self)', ({ self }) => shownVariable(self)),
      __hash__: def('__hash__(self)', () => {
        throw pyError(TypeError, 'Variable is unhashable. Instead, use variable.ref() as the key.');
      }),
      ref: def('ref(self)', ({ self }) => self),
      assign: def('assign(self, value, use_locking=None, name=None, read_value=True)', ({ self, value }) => {
        const v = varOf(self);
        v.value = assignValue(v, value, 'AssignVariableOp');
        return self;
      }),
      assign_add: def('assign_add(self, delta, use_locking=None, name=None, read_value=True)', ({ self, delta }) => {
        const v = varOf(self);
        const d = assignValue(v, delta, 'AssignAddVariableOp');
        v.value = unrecorded(() => add(v.value, d));
        return self;
      }),
      assign_sub: def('assign_sub(self, delta, use_locking=None, name=None, read_value=True)', ({ self, delta }) => {
        const v = varOf(self);
        const d = assignValue(v, delta, 'AssignSubVariableOp');
        v.value = unrecorded(() => sub(v.value, d));
        return self;
      }),
      read_value: def('read_value(self)', ({ self }) => wrapTensor(readVariable(varOf(self)))),
      value: def('value(self)', ({ self }) => wrapTensor(readVariable(varOf(self)))),
    },
    getters: {
      name: (s) => varOf(s).name,
      trainable: (s) => varOf(s).trainable,
      shape: (s) => wrapShape(varOf(s).shape),
      dtype: (s) => wrapDType(varOf(s).dtype),
      ndim: (s) => BigInt(varOf(s).shape.length),
      device: () => '/job:localhost/replica:0/task:0/device:CPU:0',
    },
  });
}

/**
 * `tf.Module.variables`: the module's attributes in sorted name order (nests flattened like `tf.nest`, dicts by
 * sorted key), then each submodule found there, depth first (MOD `_flatten_module`: "Walk direct properties first
 * then recurse"). Each object is visited once.
 */
export function moduleVariables(root: PyInstance, isModule: (v: PyValue) => boolean, trainableOnly: boolean): PyTuple {
  const out: PyInstance[] = [];
  const seen = new Set<unknown>([root]);
  const walk = (m: PyInstance): void => {
    const dict = m.dict;
    if (!dict) return;
    const submodules: PyInstance[] = [];
    for (const k of [...dict.keys()].sort()) {
      for (const leaf of flatten(dict.get(k) as PyValue)) {
        if (!(leaf instanceof PyInstance)) continue;
        const id = leaf.payload instanceof Variable ? leaf.payload : leaf;
        if (seen.has(id)) continue;
        seen.add(id);
        if (leaf.payload instanceof Variable) {
          if (!trainableOnly || leaf.payload.trainable) out.push(leaf);
        } else if (isModule(leaf)) submodules.push(leaf);
      }
    }
    for (const sub of submodules) walk(sub);
  };
  walk(root);
  return new PyTuple(out);
}

/** `tf.nest.flatten`: lists and tuples in order, dicts in sorted key order. */
function flatten(v: PyValue): PyValue[] {
  if (v instanceof PyList || v instanceof PyTuple) return v.items.flatMap(flatten);
  if (v instanceof PyDict) {
    const entries = [...v.map.values()];
    const strings = entries.every((e) => typeof e.key === 'string');
    const numbers = entries.every((e) => typeof e.key === 'bigint' || typeof e.key === 'number');
    if (strings) entries.sort((a, b) => ((a.key as string) < (b.key as string) ? -1 : a.key === b.key ? 0 : 1));
    else if (numbers) entries.sort((a, b) => Number(a.key) - Number(b.key));
    return entries.flatMap((e) => flatten(e.value));
  }
  return [v];
}
