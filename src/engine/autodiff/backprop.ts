import { EngineError, invariant } from '../errors';
import { concat, onesLike, reshape } from '../ops/array';
import { densify } from '../ops/gather';
import { add } from '../ops/math';
import { reduceSum } from '../ops/reduce';
import type { Grad } from '../ops/registry';
import { constant } from '../tensor/convert';
import { type DType, isDifferentiable } from '../tensor/dtype';
import { IndexedSlices } from '../tensor/indexedSlices';
import { reductionAxes, type Shape, shapesEqual } from '../tensor/shape';
import type { Tensor } from '../tensor/tensor';
import type { TapeNode } from './tape';

/** Sum a broadcast gradient back to `shape`: the one place where un-broadcasting happens. */
export function unbroadcast(g: Tensor, to: readonly number[]): Tensor {
  if (shapesEqual(g.shape, to)) return g;
  const { axes } = reductionAxes(g.shape, to);
  const summed = axes.length ? reduceSum(g, axes, false) : g;
  return shapesEqual(summed.shape, to) ? summed : reshape(summed, to);
}

export function toDense(g: Tensor | IndexedSlices): Tensor {
  return g instanceof IndexedSlices ? densify(g) : g;
}

/** TF's `_aggregate_grads`: dense contributions are added; any sparse one makes the result IndexedSlices. */
export function aggregate(gs: (Tensor | IndexedSlices)[]): Tensor | IndexedSlices {
  if (gs.length === 1) return gs[0];
  let sparse = false;
  for (let i = 0; i < gs.length; i++) if (gs[i] instanceof IndexedSlices) sparse = true;
  if (!sparse) {
    let acc = gs[0] as Tensor;
    for (let i = 1; i < gs.length; i++) acc = add(acc, gs[i] as Tensor);
    return acc;
  }
  const parts = gs.map((g) => (g instanceof IndexedSlices ? g : denseAsSlices(g)));
  return new IndexedSlices(
    concat(
      parts.map((p) => p.values),
      0,
    ),
    concat(
      parts.map((p) => p.indices),
      0,
    ),
    parts[0].denseShape,
  );
}

function denseAsSlices(t: Tensor): IndexedSlices {
  const n = t.shape[0] ?? 1;
  const idx: bigint[] = [];
  for (let i = 0; i < n; i++) idx.push(BigInt(i));
  return new IndexedSlices(t, constant(idx, 'int32'), t.shape);
}

/**
 * A large adjoint as the report keeps it: the texts it shows of it instead of its values, so that a backward pass
 * over large tensors does not keep one dense array per recorded op alive until the report is built.
 */
export interface AdjointPreview {
  readonly kind: 'adjointPreview';
  readonly id: number;
  readonly dtype: DType;
  readonly shape: Shape;
  /** The tape graph's preview of the value (`quickPreview` at the graph's width). */
  readonly preview: string;
  /** The chain-rule explanation's text of the value (`tensorText`). */
  readonly text: string;
}

/** An adjoint the report keeps: the tensor, or the preview a `keep` function made of it. */
export type KeptAdjoint = Tensor | AdjointPreview;

/** Turns a dense adjoint into what the report keeps of it (the tensor itself, or its preview). */
export type KeepAdjoint = (g: Tensor) => KeptAdjoint;

export interface BackpropResult {
  /** The aggregated gradient reaching each source, in the order of `sources` (undefined: unconnected). */
  readonly sourceGrads: (Tensor | IndexedSlices | undefined)[];
  /**
   * Dense adjoint of every tensor the backward pass reached, for the report (only when asked for). With a `keep`
   * function, each op output's adjoint as `keep` made it; the targets' and sources' adjoints are the tensors.
   */
  readonly adjoints: Map<number, KeptAdjoint> | undefined;
}

/** Gradients waiting for one tensor: one as is, several as an array (no array for the common case). */
type Waiting = Tensor | IndexedSlices | (Tensor | IndexedSlices)[];

/**
 * Where a pass keeps the gradients waiting for each tensor. The outermost pass uses the tensors' own scratch
 * fields (`pending`, valid while `pass` is its number): no Map in the hottest loop. A pass that starts while
 * another runs (a custom gradient's Python function calling `gradient()`) keeps them in a Map, so it cannot
 * clobber the outer pass's fields (golden program 55 fails without this).
 */
class PendingGrads {
  private static running = 0;
  private static passes = 0;
  private readonly pass: number;
  private readonly byId: Map<number, Waiting> | undefined;
  /** Tensors whose fields this pass set: cleared at the end, so no tensor keeps a gradient alive. */
  private readonly touched: Tensor[] = [];

  constructor() {
    this.pass = PendingGrads.running === 0 ? ++PendingGrads.passes : 0;
    this.byId = this.pass === 0 ? new Map() : undefined;
    PendingGrads.running++;
  }

  get(t: Tensor): Waiting | undefined {
    if (this.byId !== undefined) return this.byId.get(t.id);
    return t.pass === this.pass ? (t.pending as Waiting | undefined) : undefined;
  }

  /** `get`, and forget them: the pass holds a gradient no longer than it needs it. */
  take(t: Tensor): Waiting | undefined {
    const g = this.get(t);
    if (g !== undefined) {
      if (this.byId !== undefined) this.byId.delete(t.id);
      else t.pending = undefined;
    }
    return g;
  }

  push(t: Tensor, g: Tensor | IndexedSlices): void {
    const cur = this.get(t);
    if (Array.isArray(cur)) {
      cur.push(g);
      return;
    }
    const next: Waiting = cur === undefined ? g : [cur, g];
    if (this.byId !== undefined) this.byId.set(t.id, next);
    else {
      if (t.pass !== this.pass) {
        t.pass = this.pass;
        this.touched.push(t);
      }
      t.pending = next;
    }
  }

  close(): void {
    PendingGrads.running--;
    for (const t of this.touched) t.pending = undefined;
  }
}

/**
 * Reverse-mode over a recorded op list (TAPE.H `ComputeGradient`). The list is in execution order, which is a
 * topological order, so one reverse walk sees every consumer of a tensor before its producer. Targets that are
 * also sources are seeded even though no op produced them (`sources_that_are_targets`). `wantAdjoints`: also
 * return every dense adjoint (the report's chain-rule explanations and tape graphs read them); a function keeps
 * each op output's adjoint as it returns (a preview of a large one, so the pass can release its array).
 *
 * `knows`: the tensors the tape knows (watched, or produced by an op it recorded). A recorded op may also read
 * tensors the tape does not know (the other operand of `a * b` when only `a` is watched, or a tensor only a
 * sibling tape watches); TF deletes the gradient reaching such a tensor once all its consumers are done, even
 * when it is a source (and then also its own seed as a target): no gradient flows to what the tape does not know.
 */
export function backprop(
  nodes: readonly TapeNode[],
  targets: readonly Tensor[],
  seeds: readonly (Tensor | null)[],
  sources: readonly Tensor[],
  wantAdjoints: boolean | KeepAdjoint = false,
  knows?: (t: Tensor) => boolean,
): BackpropResult {
  const pending = new PendingGrads();
  try {
    for (let i = 0; i < targets.length; i++) {
      const t = targets[i];
      if (isSource(t, sources) || isProduced(t, nodes)) pending.push(t, seeds[i] ?? onesLike(t));
    }
    // Ids of every recorded op's output, built on first need (only ops with `vjpSkips` ask).
    let produced: Set<number> | undefined;

    const adjoints = wantAdjoints ? new Map<number, KeptAdjoint>() : undefined;
    const keep = typeof wantAdjoints === 'function' ? wantAdjoints : undefined;
    // Sources the tape does not know that a backpropagated op read: their gradient is deleted.
    let dropped: Set<number> | undefined;
    for (let k = nodes.length - 1; k >= 0; k--) {
      const node = nodes[k];
      // Each tensor is one op's output: its gradients are used here once (a source's are read again below).
      const gs = isSource(node.output, sources) ? pending.get(node.output) : pending.take(node.output);
      if (gs === undefined) continue;
      const summed = sum(gs);
      if (node.op.passesSparse && summed instanceof IndexedSlices) {
        pending.push(node.inputs[0], summed);
        continue;
      }
      const g = toDense(summed);
      if (adjoints !== undefined)
        adjoints.set(node.output.id, keep === undefined || isSource(node.output, targets) ? g : keep(g));
      const vjp = node.op.vjp;
      if (vjp === undefined) {
        throw new EngineError('LookupError', `gradient registry has no entry for: ${node.op.name}`, node.op.name);
      }
      if (vjp === 'none') continue;
      const inputs = node.inputs;
      let skip = 0;
      if (node.op.vjpSkips) {
        produced ??= new Set(nodes.map((n) => n.output.id));
        for (let i = 0; i < inputs.length; i++) if (!wanted(inputs[i], sources, produced)) skip |= 1 << i;
      }
      const ins: Grad[] = vjp(g, node, skip);
      if (ins.length !== inputs.length) {
        invariant(false, `${node.op.name}: vjp returned ${ins.length} gradients for ${inputs.length} inputs`);
      }
      for (let i = 0; i < ins.length; i++) {
        const gi = ins[i];
        const x = inputs[i];
        if (knows !== undefined && !knows(x)) {
          if (isSource(x, sources)) (dropped ??= new Set()).add(x.id);
          continue;
        }
        if (gi === null || !isDifferentiable(x.dtype)) continue;
        pending.push(x, gi instanceof IndexedSlices ? gi : unbroadcast(gi, x.shape));
      }
    }

    const sourceGrads: (Tensor | IndexedSlices | undefined)[] = [];
    for (const s of sources) {
      const gs = isDifferentiable(s.dtype) && !dropped?.has(s.id) ? pending.get(s) : undefined;
      const g = gs === undefined ? undefined : sum(gs);
      sourceGrads.push(g);
      if (g !== undefined && adjoints !== undefined && !adjoints.has(s.id)) adjoints.set(s.id, toDense(g));
    }
    return { sourceGrads, adjoints };
  } finally {
    pending.close();
  }
}

function sum(p: Waiting): Tensor | IndexedSlices {
  return Array.isArray(p) ? aggregate(p) : p;
}

/** Whether anyone wants the gradient of `x`: a source, or the output of a recorded op (else backprop drops it). */
function wanted(x: Tensor, sources: readonly Tensor[], produced: ReadonlySet<number>): boolean {
  return isDifferentiable(x.dtype) && (isSource(x, sources) || produced.has(x.id));
}

function isSource(t: Tensor, sources: readonly Tensor[]): boolean {
  for (let i = 0; i < sources.length; i++) if (sources[i].id === t.id) return true;
  return false;
}

/** Whether a recorded op produced `t` (targets are few, so a scan beats building a set of every output). */
function isProduced(t: Tensor, nodes: readonly TapeNode[]): boolean {
  for (let k = nodes.length - 1; k >= 0; k--) if (nodes[k].output.id === t.id) return true;
  return false;
}

export type { Grad };
