/**
 * The chain rule in numbers: for a gradient call, the recorded paths from the target to each source, every op on
 * them with its local derivative (as a formula and as a value), the adjoint reaching it, and what the path passes
 * on. Edges that use the same tensor in several input slots are merged (`z = y*y` is one step, `2·y`); variable
 * reads are folded into the variable. The numbers come from the ops' own VJPs, run with recording disabled so the
 * user's tapes never see them; each path's contribution is the seed pushed along that path only, so contributions
 * sum to the gradient.
 */
import type { ChainStep, Explanation, GradientPath } from '../../protocol/report';
import { backprop, toDense, unbroadcast } from '../autodiff/backprop';
import type { GradientEvent } from '../autodiff/gradient';
import { withoutRecording } from '../autodiff/recorder';
import type { TapeNode } from '../autodiff/tape';
import { limits } from '../limits';
import { ones } from '../ops/array';
import { add } from '../ops/math';
import { isDifferentiable } from '../tensor/dtype';
import type { NDArrayLike } from '../tensor/formatArray';
import { IndexedSlices } from '../tensor/indexedSlices';
import { sizeOf } from '../tensor/shape';
import type { Tensor, Variable } from '../tensor/tensor';
import { isName, type NameBook } from './names';
import { derivativeLabel, dName, numText, tensorText, toSpan, uniformValue } from './text';
import { densifySlices } from './values';

export interface ExplainOptions {
  /** Paths listed at most (default 12). */
  maxPaths?: number;
  /** Longest path expanded step by step (default 64 ops); longer chains get a one-line summary. */
  maxPathSteps?: number;
  /** Work budget for the numbers, in tensor elements touched by VJPs (default 5,000,000). */
  maxWork?: number;
  /** Factors shown per path in the summary before eliding the middle (default 8). */
  maxSummaryFactors?: number;
  /** Longest summary before the formula and factor segments are dropped (default 320 characters). */
  maxSummaryChars?: number;
}

export interface ExplainLabels {
  /** Text of the target expression (`z`). */
  target: string;
  /** Text of each source (`x`), aligned with `event.sources`. */
  sources: readonly string[];
}

/** Run engine computations without recording them on any tape, and without charging the user's memory budget. */
export function quietly<T>(f: () => T): T {
  const bytes = limits.allocatedBytes;
  try {
    return withoutRecording(f);
  } finally {
    limits.allocatedBytes = bytes;
  }
}

// ---- expressions --------------------------------------------------------------------------------------------

/** Text with a precedence: 0 atom, 1 power, 2 product, 3 sum. */
interface Expr {
  text: string;
  prec: number;
}
const atom = (text: string): Expr => ({ text, prec: 0 });
/** `e` as an operand of an operator binding at `prec` (wrapped when it binds more loosely). */
const wrap = (e: Expr, prec: number): string => (e.prec > prec ? `(${e.text})` : e.text);

const UNARY_FN: Record<string, string> = {
  Exp: 'exp',
  Log: 'log',
  Sin: 'sin',
  Cos: 'cos',
  Tan: 'tan',
  Tanh: 'tanh',
  Sigmoid: 'σ',
  Relu: 'relu',
  Sqrt: 'sqrt',
  Rsqrt: 'rsqrt',
  Abs: 'abs',
  Softplus: 'softplus',
  Log1p: 'log1p',
  Expm1: 'expm1',
  Sum: 'sum',
  Mean: 'mean',
  Max: 'max',
  Min: 'min',
  Prod: 'prod',
  Reshape: 'reshape',
  Transpose: 'transpose',
  Sign: 'sign',
  Erf: 'erf',
  Atan: 'atan',
  Asin: 'asin',
  Acos: 'acos',
  Sinh: 'sinh',
  Cosh: 'cosh',
  Elu: 'elu',
  Selu: 'selu',
  LeakyRelu: 'leaky_relu',
  Softmax: 'softmax',
  LogSoftmax: 'log_softmax',
};
/** Ops that pass the gradient through unchanged: local derivative 1, transparent in names, skipped in summaries. */
const IDENTITY_LIKE = new Set(['Identity', 'Cast', 'ReadVariableOp', 'IdentityN', 'Snapshot', 'EnsureShape']);

function expressionOf(op: string, args: Expr[]): Expr {
  const [a, b] = args;
  switch (op) {
    case 'Mul':
      return { text: `${wrap(a, 2)}·${wrap(b, 1)}`, prec: 2 };
    case 'RealDiv':
    case 'Div':
    case 'DivNoNan':
      return { text: `${wrap(a, 2)}/${wrap(b, 1)}`, prec: 2 };
    case 'AddV2':
    case 'Add':
      return { text: `${wrap(a, 3)} + ${wrap(b, 3)}`, prec: 3 };
    case 'Sub':
      return { text: `${wrap(a, 3)} − ${wrap(b, 2)}`, prec: 3 };
    case 'Neg':
      return { text: `−${wrap(a, 1)}`, prec: 2 };
    case 'Square':
      return { text: `${wrap(a, 0)}²`, prec: 1 };
    case 'Pow':
      return { text: `${wrap(a, 0)}^${wrap(b, 0)}`, prec: 1 };
    case 'MatMul':
    case 'BatchMatMulV2':
      return { text: `${wrap(a, 2)}@${wrap(b, 1)}`, prec: 2 };
    case 'Reciprocal':
    case 'Inv':
      return { text: `1/${wrap(a, 1)}`, prec: 2 };
    case 'SquaredDifference':
      return { text: `(${a.text} − ${b.text})²`, prec: 1 };
    case 'Maximum':
      return atom(`max(${a.text}, ${b.text})`);
    case 'Minimum':
      return atom(`min(${a.text}, ${b.text})`);
    case 'GatherV2':
      return atom(`${wrap(a, 0)}[…]`);
  }
  if (IDENTITY_LIKE.has(op) && a) return a;
  const fn = UNARY_FN[op];
  if (fn && a) return atom(`${fn}(${a.text})`);
  return atom(`${op}(${args.map((x) => x.text).join(', ')})`);
}

/** The local derivative of `op` w.r.t. the merged input `slots`, as a formula over the inputs' names. */
export function localFormula(node: TapeNode, slots: readonly number[], args: readonly Expr[]): string {
  const op = node.op.name;
  const [a, b] = args;
  const one = (slot: number): string => {
    switch (op) {
      case 'AddV2':
      case 'Add':
        return '1';
      case 'Sub':
        return slot === 0 ? '1' : '−1';
      case 'Mul':
        return slot === 0 ? b.text : a.text;
      case 'RealDiv':
      case 'Div':
        return slot === 0 ? `1/${wrap(b, 1)}` : `−${wrap(a, 2)}/${wrap(b, 0)}²`;
      case 'Neg':
        return '−1';
      case 'Sum':
        return '1';
      case 'Mean': {
        const n = sizeOf(node.inputs[0].shape) / Math.max(1, sizeOf(node.output.shape));
        return `1/${n}`;
      }
      case 'Square':
        return `2·${wrap(a, 2)}`;
      case 'Sqrt':
        return `1/(2·sqrt(${a.text}))`;
      case 'Rsqrt':
        return `−rsqrt(${a.text})³/2`;
      case 'Exp':
        return `exp(${a.text})`;
      case 'Expm1':
        return `exp(${a.text})`;
      case 'Log':
        return `1/${wrap(a, 1)}`;
      case 'Log1p':
        return `1/(1 + ${a.text})`;
      case 'Sin':
        return `cos(${a.text})`;
      case 'Cos':
        return `−sin(${a.text})`;
      case 'Tan':
        return `1/cos²(${a.text})`;
      case 'Tanh':
        return `1 − tanh²(${a.text})`;
      case 'Sigmoid':
        return `σ(${a.text})·(1 − σ(${a.text}))`;
      case 'Softplus':
        return `σ(${a.text})`;
      case 'Relu':
        return `[${a.text} > 0]`;
      case 'Abs':
        return `sign(${a.text})`;
      case 'Reciprocal':
      case 'Inv':
        return `−1/${wrap(a, 0)}²`;
      case 'Pow': {
        if (slot === 1) return `${wrap(a, 0)}^${wrap(b, 0)}·log(${a.text})`;
        const p = Number(b.text);
        if (b.prec === 0 && Number.isFinite(p) && /^-?[\d.]+$/.test(b.text)) {
          const q = numText(p - 1);
          return q === '1' ? `${b.text}·${wrap(a, 2)}` : `${b.text}·${wrap(a, 0)}^${q}`;
        }
        return `${wrap(b, 2)}·${wrap(a, 0)}^(${b.text} − 1)`;
      }
      case 'SquaredDifference':
        return slot === 0 ? `2·(${a.text} − ${b.text})` : `−2·(${a.text} − ${b.text})`;
      case 'Maximum':
        return slot === 0 ? `[${a.text} ≥ ${b.text}]` : `[${b.text} > ${a.text}]`;
      case 'Minimum':
        return slot === 0 ? `[${a.text} ≤ ${b.text}]` : `[${b.text} < ${a.text}]`;
      case 'MatMul':
      case 'BatchMatMulV2':
        // The value shown is the VJP of ones: `1 @ bᵀ` (row sums of b) and `aᵀ @ 1` (column sums of a).
        return slot === 0 ? `1 @ ${wrap(b, 0)}ᵀ` : `${wrap(a, 0)}ᵀ @ 1`;
      case 'GatherV2':
      case 'GatherNd':
        return slot === 0 ? '[i gathered]' : `∂${op}/∂${dName(args[slot]?.text ?? `input${slot}`)}`;
      case 'Reshape':
      case 'BroadcastTo':
      case 'ExpandDims':
      case 'Squeeze':
        return '1';
    }
    if (IDENTITY_LIKE.has(op)) return '1';
    return `∂${op}/∂${dName(args[slot]?.text ?? `input${slot}`)}`;
  };
  if (slots.length === 2 && slots[0] === 0 && slots[1] === 1) {
    switch (op) {
      case 'Mul':
        return `2·${wrap(a, 2)}`;
      case 'AddV2':
      case 'Add':
        return '2';
      case 'Sub':
        return '0';
    }
  }
  const summed = (slot: number): string => {
    const f = one(slot);
    // A broadcast input: its local derivative is summed over the copies (`y = w * x` with a scalar w: `Σ x`).
    if (!BROADCASTING.has(op) || sizeOf(node.inputs[slot].shape) >= sizeOf(node.output.shape)) return f;
    return /^[\p{L}\p{N}_.]+$/u.test(f) ? `Σ ${f}` : `Σ(${f})`;
  };
  return slots.map(summed).join(' + ');
}

const BROADCASTING = new Set([
  'AddV2',
  'Add',
  'Sub',
  'Mul',
  'RealDiv',
  'Div',
  'DivNoNan',
  'Pow',
  'Maximum',
  'Minimum',
  'SquaredDifference',
  'SelectV2',
]);

// ---- the graph of one gradient call -------------------------------------------------------------------------

interface Edge {
  /** Key of the input tensor (a variable read folds into the variable's handle). */
  key: number;
  slots: number[];
}
interface Step {
  k: number;
  edge: Edge;
  /** Number of distinct relevant inputs of the op: several make the factor a partial derivative. */
  fanIn: number;
}

const isRead = (n: TapeNode): boolean => n.op.name === 'ReadVariableOp';
const passes = (n: TapeNode): boolean => typeof n.op.vjp === 'function';

class CallGraph {
  readonly producer = new Map<number, number>();
  /** Tensor (or handle) behind each key, for shapes and constant values. */
  readonly tensors = new Map<number, Tensor>();
  readonly variables = new Map<number, Variable>();
  /** Keys that lead to a target. */
  readonly needed = new Set<number>();

  constructor(
    readonly nodes: readonly TapeNode[],
    readonly targets: readonly Tensor[],
  ) {
    nodes.forEach((n, k) => {
      this.producer.set(n.output.id, k);
      if (isRead(n)) {
        const v = (n.attrs as { variable: Variable }).variable;
        this.variables.set(n.inputs[0].id, v);
        this.readHandles.set(n.output.id, n.inputs[0]);
      }
    });
    for (const t of targets) this.needed.add(this.keyOf(t));
    for (let k = nodes.length - 1; k >= 0; k--) {
      const n = nodes[k];
      if (isRead(n) || !passes(n) || !this.needed.has(n.output.id)) continue;
      for (const x of n.inputs) if (isDifferentiable(x.dtype)) this.needed.add(this.idOf(x));
    }
  }

  /** A variable read's output id → the variable's handle (its key). */
  private readonly readHandles = new Map<number, Tensor>();

  keyOf(t: Tensor): number {
    const r = this.readHandles.size === 0 ? t : (this.readHandles.get(t.id) ?? t);
    if (!this.tensors.has(r.id)) this.tensors.set(r.id, r);
    return r.id;
  }

  /** As `keyOf`, without remembering the tensor (for passes over the whole tape). */
  idOf(t: Tensor): number {
    if (this.readHandles.size === 0) return t.id;
    return (this.readHandles.get(t.id) ?? t).id;
  }

  /** Keys reachable forward from `source` along differentiable edges. */
  reachFrom(source: Tensor): Set<number> {
    const reach = new Set<number>([this.keyOf(source)]);
    for (const n of this.nodes) {
      if (isRead(n) || !passes(n) || !this.needed.has(n.output.id)) continue;
      for (const x of n.inputs) {
        if (isDifferentiable(x.dtype) && reach.has(this.idOf(x))) {
          reach.add(n.output.id);
          break;
        }
      }
    }
    return reach;
  }

  /** The inputs of node `k` on a path from the source, merged by key. */
  edges(k: number, reach: ReadonlySet<number>): Edge[] {
    const n = this.nodes[k];
    const out: Edge[] = [];
    const inputs = n.inputs;
    for (let slot = 0; slot < inputs.length; slot++) {
      const x = inputs[slot];
      if (!isDifferentiable(x.dtype)) continue;
      const key = this.keyOf(x);
      if (!reach.has(key)) continue;
      const e = out.find((o) => o.key === key);
      if (e) e.slots.push(slot);
      else out.push({ key, slots: [slot] });
    }
    return out;
  }
}

// ---- explanation ----------------------------------------------------------------------------------------------

class WorkExceeded extends Error {}

/** Explanations for every source of a gradient event (undefined where the result is None). */
export function explainEvent(
  event: GradientEvent,
  labels: ExplainLabels,
  names: NameBook,
  opts: ExplainOptions = {},
): (Explanation | undefined)[] {
  return explainEventDetailed(event, labels, names, opts).map((d) => d?.explanation);
}

/** As `explainEvent`, plus each listed path's contribution as a tensor (they sum to the gradient). */
export function explainEventDetailed(
  event: GradientEvent,
  labels: ExplainLabels,
  names: NameBook,
  opts: ExplainOptions = {},
): ({ explanation: Explanation; contributions: (Tensor | null)[] } | undefined)[] {
  return quietly(() => {
    const graph = new CallGraph(event.nodes, event.targets);
    let adjoints: ReadonlyMap<number, Tensor> | undefined;
    const adjointsFor = (): ReadonlyMap<number, Tensor> => {
      if (adjoints) return adjoints;
      if (event.kind === 'gradient') adjoints = event.adjoints;
      else {
        try {
          adjoints =
            backprop(
              event.nodes,
              event.targets,
              event.targets.map(() => null),
              event.sources,
              true,
              event.knows,
            ).adjoints ?? new Map();
        } catch {
          adjoints = new Map();
        }
      }
      return adjoints;
    };
    return event.sources.map((source, i) => {
      const result = event.results[i];
      if (result === null || result === undefined) return undefined;
      try {
        const contributions: (Tensor | null)[] = [];
        const explanation = explainOne(event, graph, source, i, labels, names, opts, adjointsFor, contributions);
        return { explanation, contributions };
      } catch {
        return undefined;
      }
    });
  });
}

function explainOne(
  event: GradientEvent,
  graph: CallGraph,
  source: Tensor,
  index: number,
  labels: ExplainLabels,
  names: NameBook,
  opts: ExplainOptions,
  adjointsFor: () => ReadonlyMap<number, Tensor>,
  raw: (Tensor | null)[],
): Explanation {
  const maxPaths = opts.maxPaths ?? 12;
  const maxSteps = opts.maxPathSteps ?? 64;
  let work = opts.maxWork ?? 5_000_000;
  const charge = (n: number): void => {
    work -= n;
    if (work < 0) throw new WorkExceeded();
  };
  const nodes = graph.nodes;
  const sourceKey = graph.keyOf(source);
  // No gradient flows into a source the tape does not know (only a target that is that source reaches it).
  const reach = event.knows(source) ? graph.reachFrom(source) : new Set([sourceKey]);
  const targetLabel = labels.target;
  const sourceLabel = labels.sources[index] ?? 'source';
  const lhs = derivativeLabel(targetLabel, sourceLabel);

  // The result (for a Jacobian: what a ones seed gives, i.e. the sum over the target's elements).
  const resultArr = totalFor(event, index, source);
  const total = tensorText(resultArr);
  const nonScalar = sizeOf(source.shape) > 1;
  const uniform = uniformValue(resultArr) !== undefined;
  let suffix = nonScalar && uniform ? `, for each of the ${sizeOf(source.shape)} elements of ${sourceLabel}` : '';
  if (event.kind !== 'gradient') {
    suffix += ` (summed over the elements of ${targetLabel}; the ${event.kind === 'jacobian' ? 'Jacobian' : 'batch Jacobian'} holds one such gradient per element)`;
  }

  // Enumerate paths (depth-first from each target, capped), then count them all (dynamic programming).
  const edgeCache = new Map<number, Edge[]>();
  const edgesOf = (k: number): Edge[] => {
    let e = edgeCache.get(k);
    if (!e) edgeCache.set(k, (e = graph.edges(k, reach)));
    return e;
  };
  const paths: { target: number; steps: Step[] }[] = [];
  let truncated = false;
  let tooLong = false;
  const stack: Step[] = [];
  const targetKeys = [...new Set(event.targets.map((t) => graph.keyOf(t)))].filter((k) => reach.has(k));
  const dfs = (key: number, target: number): void => {
    if (paths.length >= maxPaths) {
      truncated = true;
      return;
    }
    if (key === sourceKey) {
      paths.push({ target, steps: [...stack] });
      return;
    }
    const k = graph.producer.get(key);
    if (k === undefined) return;
    const es = edgesOf(k);
    for (const edge of es) {
      if (tooLong || truncated) return;
      if (stack.length >= maxSteps) {
        tooLong = true;
        return;
      }
      stack.push({ k, edge, fanIn: es.length });
      dfs(edge.key, target);
      stack.pop();
    }
  };
  for (const t of targetKeys) if (!tooLong) dfs(t, t);
  const pathCount = countPaths(graph, reach, sourceKey, targetKeys);
  if (pathCount > paths.length) truncated = true;

  if (targetKeys.length === 0 || pathCount === 0) {
    return {
      summary: `${lhs} = ${total}: ${targetLabel} does not depend on ${sourceLabel} through the recorded operations`,
      paths: [],
    };
  }
  // A tf.custom_gradient's VJP is the user's Python function: never re-run it (side effects, budget).
  if (
    graph.nodes.some((n) => n.op.name === 'CustomGradient' && reach.has(n.output.id) && graph.needed.has(n.output.id))
  ) {
    return {
      summary: `${lhs} = ${total}${suffix} — through a tf.custom_gradient function, whose gradient is your own code (not re-evaluated here)`,
      paths: [],
      truncated: true,
    };
  }
  if (tooLong) {
    const ops = countRelevantOps(graph, reach);
    return {
      summary: `${lhs} = ${total}${suffix} — the chain rule over ${pathCount === 1 ? 'one path' : `${countText(pathCount)} paths`} through ${ops} recorded ops (too long to expand)`,
      paths: [],
      truncated: true,
    };
  }
  paths.sort((a, b) => a.steps.length - b.steps.length);

  // Names: Python names (first bound), else the call's labels, else a short expression; repeated names numbered.
  const exprCache = new Map<number, Expr>();
  const baseName = (key: number): string | undefined => {
    if (key === sourceKey && isName(sourceLabel)) return sourceLabel;
    if (targetKeys.length === 1 && key === targetKeys[0] && isName(targetLabel)) return targetLabel;
    const v = graph.variables.get(key);
    if (v) return names.variableLabel(v, 'first');
    return names.firstName(key);
  };
  const onPaths = new Set<number>();
  for (const p of paths) {
    onPaths.add(p.target);
    for (const s of p.steps) onPaths.add(s.edge.key);
  }
  const subscript = new Map<number, string>();
  const byName = new Map<string, number[]>();
  for (const key of onPaths) {
    const n = baseName(key);
    if (!n) continue;
    const list = byName.get(n);
    if (list) list.push(key);
    else byName.set(n, [key]);
  }
  for (const [n, keys] of byName) {
    if (keys.length < 2) continue;
    keys.sort((a, b) => a - b);
    for (let i = 0; i < keys.length; i++) subscript.set(keys[i], `${n}${toSubscript(i + 1)}`);
  }
  const exprOf = (key: number, depth = 0): Expr => {
    const cached = exprCache.get(key);
    if (cached) return cached;
    const named = subscript.get(key) ?? baseName(key);
    let e: Expr;
    if (named) e = atom(named);
    else {
      const k = graph.producer.get(key);
      if (k === undefined) e = atom(constantText(graph.tensors.get(key)));
      else if (depth >= 2) e = atom('…');
      else {
        const n = nodes[k];
        e = expressionOf(
          n.op.name,
          n.inputs.map((x) => exprOf(graph.keyOf(x), depth + 1)),
        );
        if (e.text.length > 40) e = atom(`${n.op.name}(…)`);
      }
    }
    if (depth === 0 || named) exprCache.set(key, e);
    return e;
  };

  // Numbers.
  const localCache = new Map<string, Tensor | null>();
  const restrictedVjp = (k: number, slots: readonly number[], g: Tensor): Tensor | null => {
    const n = nodes[k];
    const vjp = n.op.vjp;
    if (typeof vjp !== 'function') return null;
    charge(n.op.vjpCost?.(n) ?? sizeOf(n.output.shape) + slots.reduce((s, i) => s + sizeOf(n.inputs[i].shape), 0));
    const gs = vjp(g, n);
    let acc: Tensor | null = null;
    for (const i of slots) {
      const gi = gs[i];
      if (gi === null || gi === undefined) continue;
      const dense = unbroadcast(gi instanceof IndexedSlices ? toDense(gi) : gi, n.inputs[i].shape);
      acc = acc ? add(acc, dense) : dense;
    }
    return acc;
  };
  const local = (k: number, edge: Edge): Tensor | null => {
    const id = `${k}:${edge.key}`;
    if (localCache.has(id)) return localCache.get(id) ?? null;
    const out = nodes[k].output;
    const l = restrictedVjp(k, edge.slots, ones(out.shape, out.dtype));
    localCache.set(id, l);
    return l;
  };
  const adj = adjointsFor();
  const seedFor = (targetKey: number): Tensor => {
    const t = graph.tensors.get(targetKey)!;
    const a = event.kind === 'gradient' && event.targets.length === 1 ? adj.get(t.id) : undefined;
    return a ?? ones(t.shape, t.dtype);
  };

  const outPaths: GradientPath[] = [];
  const symbolic: string[] = [];
  /** Each path's factor values (a summary too long for its symbols shows them without the bare `1`s). */
  const factorValues: string[][] = [];
  const contributions: string[] = [];
  /** Per path, the indices of the steps the summary shows. */
  const shownSteps: number[][] = [];
  const maxFactors = opts.maxSummaryFactors ?? 8;
  try {
    for (const p of paths) {
      let g: Tensor | null = seedFor(p.target);
      const steps: ChainStep[] = [];
      const sym: string[] = [];
      const vals: string[] = [];
      const shown: number[] = [];
      for (const s of p.steps) {
        const n = nodes[s.k];
        const upstreamT = adj.get(n.output.id);
        g = g ? restrictedVjp(s.k, s.edge.slots, g) : null;
        const l = local(s.k, s.edge);
        const outName = exprOf(n.output.id).text;
        const inName = exprOf(s.edge.key).text;
        const formula = localFormula(
          n,
          s.edge.slots,
          n.inputs.map((x) => exprOf(graph.keyOf(x), 1)),
        );
        const localValue = l ? tensorText(l) : '0';
        const step: ChainStep = {
          op: n.op.name,
          output: outName,
          input: inName,
          localFormula: formula,
          localValue,
          upstream: upstreamT ? tensorText(upstreamT) : '0',
          downstream: g ? tensorText(g) : '0',
        };
        if (n.span) step.span = toSpan(n.span);
        steps.push(step);
        if (IDENTITY_LIKE.has(n.op.name) && (outName === inName || !names.firstName(n.output.id))) continue;
        shown.push(steps.length - 1);
        const d = s.fanIn > 1 ? '∂' : 'd';
        sym.push(`${d}${dName(outName)}/${d}${dName(inName)}`);
        vals.push(factor(formula, localValue));
      }
      const contribution = g ? tensorText(g) : '0';
      outPaths.push({ steps, contribution });
      shownSteps.push(shown);
      symbolic.push(elide(sym, maxFactors).join(' · ') || '1');
      factorValues.push(vals);
      contributions.push(contribution);
      raw.push(g);
    }
  } catch (e) {
    if (!(e instanceof WorkExceeded)) throw e;
    return {
      summary: `${lhs} = ${total}${suffix} — the chain rule over ${pathCount === 1 ? 'one path' : `${countText(pathCount)} paths`} (too large to evaluate step by step)`,
      paths: outPaths,
      truncated: true,
    };
  }

  // The summary: symbols, then factor values, then path values, then the total (repeated segments dropped).
  const more = truncated ? ` + … (${countText(pathCount)} paths)` : '';
  const segments: string[] = [lhs];
  let factorSegment: string | undefined;
  const single = paths.length === 1 && !truncated ? shownSteps[0] : undefined;
  if (single && single.length === 1) {
    // One factor: `dy/dx = 2·x = 2`.
    const s = outPaths[0].steps[single[0]];
    segments.push(s.localFormula, s.localValue);
  } else {
    segments.push(symbolic.join(' + ') + more);
    factorSegment = factorLine(factorValues, maxFactors, false) + (truncated ? ' + …' : '');
    segments.push(factorSegment);
    if (paths.length > 1 || truncated) segments.push(contributions.join(' + ') + (truncated ? ' + …' : ''));
  }
  segments.push(total);
  const full = segments.filter((s, i) => i === 0 || s !== segments[i - 1]);
  // Too long for a hover line: drop the formulas, then the factors (the steps stay in `paths`).
  const maxChars = opts.maxSummaryChars ?? 320;
  let parts = full;
  while (parts.length > 3 && parts.join(' = ').length > maxChars) parts = [parts[0], ...parts.slice(2)];
  if (parts !== full && factorSegment !== undefined && parts[1] === factorSegment) {
    // The symbols are gone, so no factor needs its place kept: the `1`s (a seed, a pass-through step of a recorded
    // gradient computation) are only noise, as in a second derivative's paths.
    const bare = factorLine(factorValues, maxFactors, true) + (truncated ? ' + …' : '');
    parts = [parts[0], bare, ...parts.slice(2)].filter((p, i, all) => i === 0 || p !== all[i - 1]);
  }
  let summary = parts.join(' = ');
  if (summary.length > maxChars) summary = `${lhs} = ${total}`;
  if (parts !== full || summary.length > maxChars) {
    summary +=
      pathCount > 1
        ? ` (the sum over ${countText(pathCount)} paths; see the steps)`
        : ` (a chain of ${paths[0].steps.length} steps; see the steps)`;
  }
  const explanation: Explanation = { summary: summary + suffix, paths: outPaths };
  if (truncated) explanation.truncated = true;
  return explanation;
}

/** The paths' factor products joined by `+` (`withoutOnes`: bare `1` factors left out). */
function factorLine(paths: readonly string[][], maxFactors: number, withoutOnes: boolean): string {
  return paths
    .map((vals) => elide(withoutOnes ? vals.filter((v) => v !== '1') : vals, maxFactors).join(' · ') || '1')
    .join(' + ');
}

/** `(2·y = 8)`, or just `1` when the formula is the value. */
function factor(formula: string, value: string): string {
  return formula.replace(/−/g, '-') === value ? value : `(${formula} = ${value})`;
}

function elide(parts: string[], max: number): string[] {
  if (parts.length <= max) return parts;
  return [...parts.slice(0, 3), '…', ...parts.slice(parts.length - 2)];
}

const SUB = '₀₁₂₃₄₅₆₇₈₉';
function toSubscript(n: number): string {
  return String(n)
    .split('')
    .map((d) => SUB[Number(d)])
    .join('');
}

function countText(n: number): string {
  if (n >= 1e12) return 'more than 10¹²';
  // As `toLocaleString('en-US')` for integers, without its cost (ICU, ≈ 0.5 ms a call).
  return Number.isSafeInteger(n) && n >= 0 ? String(n).replace(/\B(?=(\d{3})+$)/g, ',') : n.toLocaleString('en-US');
}

/** A constant operand in a formula: its value when small (`2`, `[1, 2]`), else `c`. */
function constantText(t: Tensor | undefined): string {
  if (!t || t.dtype === 'string') return 'c';
  if (sizeOf(t.shape) === 1) return numText((t.data as ArrayLike<number>)[0], t.dtype);
  if (t.shape.length > 1) return 'c';
  const s = tensorText(t, 12);
  return s.length <= 12 && !s.includes('…') ? s : 'c';
}

function countPaths(
  graph: CallGraph,
  reach: ReadonlySet<number>,
  sourceKey: number,
  targetKeys: readonly number[],
): number {
  const counts = new Map<number, number>([[sourceKey, 1]]);
  const nodes = graph.nodes;
  for (let k = 0; k < nodes.length; k++) {
    const n = nodes[k];
    const out = n.output.id;
    if (out === sourceKey || !reach.has(out) || !graph.needed.has(out) || isRead(n) || !passes(n)) continue;
    // The sum over `graph.edges(k, reach)` (inputs merged by key), without building the edges.
    let c = 0;
    const inputs = n.inputs;
    for (let slot = 0; slot < inputs.length; slot++) {
      const x = inputs[slot];
      if (!isDifferentiable(x.dtype)) continue;
      const key = graph.idOf(x);
      if (!reach.has(key)) continue;
      let repeated = false;
      for (let j = 0; j < slot && !repeated; j++)
        repeated = isDifferentiable(inputs[j].dtype) && graph.idOf(inputs[j]) === key;
      if (!repeated) c += counts.get(key) ?? 0;
    }
    counts.set(out, Math.min(c, 1e12));
  }
  let total = 0;
  for (const t of targetKeys) total += counts.get(t) ?? 0;
  return Math.min(total, 1e12);
}

function countRelevantOps(graph: CallGraph, reach: ReadonlySet<number>): number {
  let c = 0;
  for (const n of graph.nodes) if (!isRead(n) && reach.has(n.output.id) && graph.needed.has(n.output.id)) c++;
  return c;
}

/** The gradient the explanation totals to: the result itself, or for Jacobians the gradient of the sum. */
function totalFor(event: GradientEvent, index: number, source: Tensor): NDArrayLike {
  if (event.kind === 'gradient') {
    const r = event.results[index]!;
    return r instanceof IndexedSlices ? densifySlices(r) : r;
  }
  const r = backprop(
    event.nodes,
    event.targets,
    event.targets.map(() => null),
    [source],
    false,
    event.knows,
  ).sourceGrads[0];
  if (!r) return { dtype: source.dtype, shape: source.shape, data: new Float32Array(sizeOf(source.shape)) };
  return r instanceof IndexedSlices ? densifySlices(r) : r;
}
