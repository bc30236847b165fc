/**
 * The recorded ops of one gradient call as a graph keyed by tensor id, with variable reads folded into the
 * variable's handle: who produced each key, which keys lead to a target, and the edges from a source towards it.
 */
import type { TapeNode } from '../../autodiff/tape';
import { isDifferentiable } from '../../tensor/dtype';
import type { Tensor, Variable } from '../../tensor/tensor';

export interface Edge {
  /** Key of the input tensor (a variable read folds into the variable's handle). */
  key: number;
  slots: number[];
}

/** One step of a path, from the output of node `k` back to the input `edge`. */
export interface Step {
  k: number;
  edge: Edge;
  /** Number of distinct relevant inputs of the op: several make the factor a partial derivative. */
  fanIn: number;
}

const isRead = (n: TapeNode): boolean => n.op.name === 'ReadVariableOp';
const passes = (n: TapeNode): boolean => typeof n.op.vjp === 'function';

export class CallGraph {
  readonly producer = new Map<number, number>();
  /** Tensor (or handle) behind each key, for shapes and constant values. */
  readonly tensors = new Map<number, Tensor>();
  readonly variables = new Map<number, Variable>();
  /** Keys that lead to a target. */
  readonly needed = new Set<number>();
  /** A variable read's output id → the variable's handle (its key). */
  private readonly readHandles = new Map<number, Tensor>();

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

  /** Whether node `k` passes gradients to its inputs on the way to a target (variable reads are folded away). */
  relevant(k: number): boolean {
    const n = this.nodes[k];
    return !isRead(n) && passes(n) && this.needed.has(n.output.id);
  }

  /** Keys reachable forward from `source` along differentiable edges. */
  reachFrom(source: Tensor): Set<number> {
    const reach = new Set<number>([this.keyOf(source)]);
    for (let k = 0; k < this.nodes.length; k++) {
      if (!this.relevant(k)) continue;
      const n = this.nodes[k];
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

  /** Paths from `sourceKey` to the targets, counted by dynamic programming over the tape order (capped at 10¹²). */
  countPaths(reach: ReadonlySet<number>, sourceKey: number, targetKeys: readonly number[]): number {
    const counts = new Map<number, number>([[sourceKey, 1]]);
    for (let k = 0; k < this.nodes.length; k++) {
      const out = this.nodes[k].output.id;
      if (out === sourceKey || !reach.has(out) || !this.relevant(k)) continue;
      // The sum over `edges(k, reach)` (inputs merged by key), without building the edges.
      let c = 0;
      const inputs = this.nodes[k].inputs;
      for (let slot = 0; slot < inputs.length; slot++) {
        const x = inputs[slot];
        if (!isDifferentiable(x.dtype)) continue;
        const key = this.idOf(x);
        if (!reach.has(key)) continue;
        let repeated = false;
        for (let j = 0; j < slot && !repeated; j++)
          repeated = isDifferentiable(inputs[j].dtype) && this.idOf(inputs[j]) === key;
        if (!repeated) c += counts.get(key) ?? 0;
      }
      counts.set(out, Math.min(c, 1e12));
    }
    let total = 0;
    for (const t of targetKeys) total += counts.get(t) ?? 0;
    return Math.min(total, 1e12);
  }

  /** Recorded ops between the source and the targets (variable reads not counted). */
  countRelevantOps(reach: ReadonlySet<number>): number {
    let c = 0;
    for (const n of this.nodes) if (!isRead(n) && reach.has(n.output.id) && this.needed.has(n.output.id)) c++;
    return c;
  }
}
