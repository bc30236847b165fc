import { EngineError, invariant } from '../errors';
import { concat, onesLike, reshape } from '../ops/array';
import { densify } from '../ops/gather';
import { add } from '../ops/math';
import { reduceSum } from '../ops/reduce';
import type { Grad } from '../ops/registry';
import { constant } from '../tensor/convert';
import { isDifferentiable } from '../tensor/dtype';
import { IndexedSlices } from '../tensor/indexedSlices';
import { reductionAxes, shapesEqual } from '../tensor/shape';
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
  if (gs.every((g) => !(g instanceof IndexedSlices))) {
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

export interface BackpropResult {
  /** The aggregated gradient reaching each source id (absent: unconnected). */
  readonly sourceGrads: Map<number, Tensor | IndexedSlices>;
  /** Dense adjoint of every tensor the backward pass reached, for the report. */
  readonly adjoints: Map<number, Tensor>;
}

/**
 * Reverse-mode over a recorded op list (TAPE.H `ComputeGradient`). The list is in execution order, which is a
 * topological order, so one reverse walk sees every consumer of a tensor before its producer. Targets that are
 * also sources are seeded even though no op produced them (`sources_that_are_targets`).
 */
export function backprop(
  nodes: readonly TapeNode[],
  targets: readonly Tensor[],
  seeds: readonly (Tensor | null)[],
  sources: readonly Tensor[],
): BackpropResult {
  // Gradients waiting for each tensor id: one gradient as is, several as an array (no array for the common case).
  const pending: Pending = new Map();
  for (let i = 0; i < targets.length; i++) {
    const t = targets[i];
    if (isSource(t, sources) || isProduced(t, nodes)) push(pending, t.id, seeds[i] ?? onesLike(t));
  }
  // Ids of every recorded op's output, built on first need (only ops with `vjpSkips` ask).
  let produced: Set<number> | undefined;

  const adjoints = new Map<number, Tensor>();
  for (let k = nodes.length - 1; k >= 0; k--) {
    const node = nodes[k];
    const gs = pending.get(node.output.id);
    if (gs === undefined) continue;
    const summed = sum(gs);
    if (node.op.passesSparse && summed instanceof IndexedSlices) {
      push(pending, node.inputs[0].id, summed);
      continue;
    }
    const g = toDense(summed);
    adjoints.set(node.output.id, g);
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
      if (gi === null || !isDifferentiable(x.dtype)) continue;
      push(pending, x.id, gi instanceof IndexedSlices ? gi : unbroadcast(gi, x.shape));
    }
  }

  const sourceGrads = new Map<number, Tensor | IndexedSlices>();
  for (const s of sources) {
    const gs = pending.get(s.id);
    if (gs === undefined || !isDifferentiable(s.dtype)) continue;
    const g = sum(gs);
    sourceGrads.set(s.id, g);
    if (!adjoints.has(s.id)) adjoints.set(s.id, toDense(g));
  }
  return { sourceGrads, adjoints };
}

type Pending = Map<number, Tensor | IndexedSlices | (Tensor | IndexedSlices)[]>;

function push(pending: Pending, id: number, g: Tensor | IndexedSlices): void {
  const cur = pending.get(id);
  if (cur === undefined) pending.set(id, g);
  else if (Array.isArray(cur)) cur.push(g);
  else pending.set(id, [cur, g]);
}

function sum(p: Tensor | IndexedSlices | (Tensor | IndexedSlices)[]): Tensor | IndexedSlices {
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
