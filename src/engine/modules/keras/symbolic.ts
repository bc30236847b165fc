/**
 * The functional API: `keras.Input` makes a symbolic `KerasTensor` (a shape with a None batch dimension); calling a
 * layer on symbolic tensors builds it and records a node instead of computing. The output's shape comes from running
 * the layer on a placeholder whose unknown dimensions are 1 (and, when there are any, again at 2 to see which
 * output dimensions follow them), with recording off. A functional model replays its nodes on real
 * tensors in the order they were created (which is topological).
 */
import { withoutRecording } from '../../autodiff/recorder';
import { zeros } from '../../ops/array';
import { printGate } from '../../python/builtins';
import { pyError, ValueError } from '../../python/exceptions';
import { def, nativeClass } from '../../python/native';
import { withoutSideEffects } from '../../python/sideEffects';
import {
  type CallContext,
  type KwArgs,
  type PyClass,
  PyInstance,
  PyList,
  PyTuple,
  type PyValue,
} from '../../python/values';
import type { DType } from '../../tensor/dtype';
import { shapeTuple } from '../../tensor/shape';
import { Tensor } from '../../tensor/tensor';
import { wrapTensor } from '../boxes';
import { callLayer, type Dims, dimsTuple, inputShapes, maybeBuild, stateOf } from './layer';
import { uniqueName } from './naming';

export interface GraphNode {
  readonly id: number;
  readonly layer: PyInstance;
  readonly args: PyValue[];
  readonly kwargs: KwArgs;
}

export class SymbolicTensor {
  constructor(
    readonly shape: Dims,
    readonly dtype: DType,
    readonly name: string,
    /** The layer call that produced it (null for a `keras.Input`), and which of its outputs it is. */
    readonly node: GraphNode | null,
    readonly index: number | null,
    /** The InputLayer of a `keras.Input`. */
    readonly inputLayer: PyInstance | null = null,
  ) {}
}

let nextNode = 0;
export const symbolicClasses = {} as { KerasTensor: PyClass };

export function isSymbolic(v: PyValue): v is PyInstance {
  return v instanceof PyInstance && v.payload instanceof SymbolicTensor;
}

export const symOf = (v: PyValue): SymbolicTensor => (v as PyInstance).payload as SymbolicTensor;

export function newSymbolic(
  shape: Dims,
  dtype: DType,
  node: GraphNode | null,
  index: number | null,
  input: PyInstance | null = null,
): PyInstance {
  return new PyInstance(
    symbolicClasses.KerasTensor,
    new SymbolicTensor(shape, dtype, uniqueName('keras_tensor'), node, index, input),
  );
}

/** Replaces every KerasTensor in a nest by `f(it)`. */
export function mapSymbolic(v: PyValue, f: (s: PyInstance) => PyValue): PyValue {
  if (isSymbolic(v)) return f(v);
  if (v instanceof PyList) return new PyList(v.items.map((x) => mapSymbolic(x, f)));
  if (v instanceof PyTuple) return new PyTuple(v.items.map((x) => mapSymbolic(x, f)));
  return v;
}

/** A placeholder for a symbolic tensor: its unknown dimensions (the batch among them) of size `fill`. */
const placeholder =
  (fill: number) =>
  (s: PyInstance): PyValue =>
    wrapTensor(
      zeros(
        symOf(s).shape.map((d) => d ?? fill),
        symOf(s).dtype,
      ),
    );

function hasUnknownDims(v: PyValue): boolean {
  let found = false;
  mapSymbolic(v, (s) => {
    if (symOf(s).shape.some((d) => d === null)) found = true;
    return s;
  });
  return found;
}

/** Shapes of the tensors in a nest, in order. */
function tensorShapes(v: PyValue, out: number[][] = []): number[][] {
  if (v instanceof PyInstance && v.payload instanceof Tensor) out.push([...v.payload.shape]);
  else if (v instanceof PyList || v instanceof PyTuple) for (const x of v.items) tensorShapes(x, out);
  return out;
}

/** `layer(keras_tensor)`: builds the layer, infers the output shape, records a node. */
export function symbolicCall(self: PyInstance, args: PyValue[], kwargs: KwArgs, ctx: CallContext): PyValue {
  const first = args.length ? args[0] : (kwargs.get('inputs') as PyValue);
  maybeBuild(self, first, ctx);
  const batchUnknown = firstSymbolic(first)?.shape[0] === null;
  const run = (fill: number) =>
    withoutRecording(() =>
      callLayer(
        self,
        args.map((a) => mapSymbolic(a, placeholder(fill))),
        new Map(
          [...kwargs].map(([k, v]) => [k, mapSymbolic(v, placeholder(fill))] as const).concat([['training', false]]),
        ),
        ctx,
      ),
    );
  const concrete = run(1);
  // Unknown input dimensions: a second run with them at 2 shows which output dimensions follow them (those are
  // unknown too: a Conv2D's height and width, a Flatten of unknown dimensions). Python's side effects ran once.
  let varying: boolean[][] | undefined;
  if (hasUnknownDims(new PyList(args)) || hasUnknownDims(new PyList([...kwargs.values()]))) {
    printGate.closed++;
    try {
      const second = tensorShapes(withoutSideEffects(() => run(2)));
      varying = tensorShapes(concrete).map((sh, i) => sh.map((d, j) => second[i]?.[j] !== d));
    } finally {
      printGate.closed--;
    }
  }
  const node: GraphNode = { id: nextNode++, layer: self, args, kwargs };
  let tensorIndex = 0;
  const toSym = (v: PyValue, index: number | null): PyValue => {
    if (v instanceof PyInstance && v.payload instanceof Tensor) {
      const t = v.payload;
      const vary = varying?.[tensorIndex++];
      const shape: Dims = t.shape.map((d, j) => (vary?.[j] ? null : d));
      if (batchUnknown && shape.length) shape[0] = null;
      return newSymbolic(shape, t.dtype, node, index);
    }
    return v;
  };
  let out: PyValue;
  if (concrete instanceof PyList || concrete instanceof PyTuple) {
    const items = concrete.items.map((v, i) => toSym(v, i));
    out = concrete instanceof PyList ? new PyList(items) : new PyTuple(items);
  } else out = toSym(concrete, null);
  stateOf(self).lastOutputShape = inputShapes(out);
  return out;
}

function firstSymbolic(v: PyValue): SymbolicTensor | undefined {
  if (isSymbolic(v)) return symOf(v);
  if (v instanceof PyList || v instanceof PyTuple) {
    for (const x of v.items) {
      const s = firstSymbolic(x);
      if (s) return s;
    }
  }
  return undefined;
}

/**
 * The layers of a functional model in Keras's order (`map_graph`): each layer's depth is its longest distance to an
 * output, layers are listed deepest first, and layers of equal depth in the order a depth-first walk from the
 * outputs first met them. Input layers are included.
 */
export function functionalLayers(inputs: PyInstance[], outputs: PyInstance[]): PyInstance[] {
  type OpNode = { op: PyInstance; parents: PyInstance[] };
  const nodeOf = new Map<unknown, OpNode>();
  const keyOf = (t: PyInstance): unknown => symOf(t).node ?? symOf(t);
  const order: OpNode[] = [];
  const index = new Map<PyInstance, number>();
  const finished = new Set<unknown>();
  const walk = (t: PyInstance): void => {
    const s = symOf(t);
    const key = keyOf(t);
    if (finished.has(key)) return;
    const op = s.node ? s.node.layer : s.inputLayer;
    if (!op) return;
    if (!index.has(op)) index.set(op, index.size);
    const parents: PyInstance[] = [];
    if (s.node && !inputs.includes(t)) {
      const collect = (v: PyValue): void => {
        if (isSymbolic(v)) parents.push(v);
        else if (v instanceof PyList || v instanceof PyTuple) v.items.forEach(collect);
      };
      s.node.args.forEach(collect);
      for (const v of s.node.kwargs.values()) collect(v);
      for (const p of parents) walk(p);
    }
    const n = { op, parents };
    nodeOf.set(key, n);
    finished.add(key);
    order.push(n);
  };
  outputs.forEach(walk);
  const nodeDepth = new Map<OpNode, number>();
  const opDepth = new Map<PyInstance, number>();
  for (let i = order.length - 1; i >= 0; i--) {
    const n = order[i];
    const depth = Math.max(nodeDepth.get(n) ?? 0, opDepth.get(n.op) ?? 0);
    opDepth.set(n.op, depth);
    nodeDepth.set(n, depth);
    for (const p of n.parents) {
      const pn = nodeOf.get(keyOf(p));
      if (pn) nodeDepth.set(pn, Math.max(depth + 1, nodeDepth.get(pn) ?? 0));
    }
  }
  return [...opDepth.keys()].sort(
    (a, b) =>
      (opDepth.get(b) as number) - (opDepth.get(a) as number) || (index.get(a) as number) - (index.get(b) as number),
  );
}

/** Runs the graph from `inputs` (KerasTensors) bound to real values, returning `outputs` with the values. */
export function runGraph(
  inputs: PyInstance[],
  values: PyValue[],
  outputs: PyValue,
  training: PyValue,
  ctx: CallContext,
): PyValue {
  const memo = new Map<SymbolicTensor, PyValue>();
  inputs.forEach((x, i) => {
    memo.set(symOf(x), values[i]);
  });
  const nodeOut = new Map<GraphNode, PyValue>();
  const evalSym = (s: PyInstance): PyValue => {
    const st = symOf(s);
    const known = memo.get(st);
    if (known !== undefined) return known;
    if (!st.node) throw pyError(ValueError, `Graph disconnected: cannot find parent for KerasTensor ${st.name}`);
    let out = nodeOut.get(st.node);
    if (out === undefined) {
      const n = st.node;
      const args = n.args.map((a) => mapSymbolic(a, evalSym));
      const kw = new Map([...n.kwargs].map(([k, v]) => [k, mapSymbolic(v, evalSym)] as const));
      if (training !== null && !kw.has('training')) kw.set('training', training);
      out = ctx.call(n.layer, args, kw);
      nodeOut.set(n, out);
    }
    const v = st.index === null ? out : (out as PyList).items[st.index];
    memo.set(st, v);
    return v;
  };
  return mapSymbolic(outputs, evalSym);
}

export function createKerasTensorClass(): PyClass {
  const cls = nativeClass({
    name: 'KerasTensor',
    module: 'keras.src.backend.common.keras_tensor',
    methods: {
      __repr__: def('__repr__(self)', ({ self }) => {
        const s = symOf(self);
        return `<KerasTensor shape=${shapeTuple(s.shape.map((d) => d ?? -1)).replace(/-1/g, 'None')}, dtype=${s.dtype}, sparse=False, ragged=False, name=${s.name}>`;
      }),
    },
    getters: {
      shape: (s) => dimsTuple(symOf(s).shape),
      dtype: (s) => symOf(s).dtype,
      name: (s) => symOf(s).name,
      ndim: (s) => BigInt(symOf(s).shape.length),
    },
  });
  cls.dict.set('__str__', cls.dict.get('__repr__') as PyValue);
  symbolicClasses.KerasTensor = cls;
  return cls;
}
