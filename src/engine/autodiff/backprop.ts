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
  const pending = new Map<number, (Tensor | IndexedSlices)[]>();
  const push = (id: number, g: Tensor | IndexedSlices): void => {
    const list = pending.get(id);
    if (list) list.push(g);
    else pending.set(id, [g]);
  };
  const produced = new Set<number>();
  for (const n of nodes) produced.add(n.output.id);
  const sourceIds = new Set(sources.map((s) => s.id));
  targets.forEach((t, i) => {
    if (produced.has(t.id) || sourceIds.has(t.id)) push(t.id, seeds[i] ?? onesLike(t));
  });

  const adjoints = new Map<number, Tensor>();
  for (let k = nodes.length - 1; k >= 0; k--) {
    const node = nodes[k];
    const gs = pending.get(node.output.id);
    if (!gs) continue;
    const sum = aggregate(gs);
    if (node.op.passesSparse && sum instanceof IndexedSlices) {
      push(node.inputs[0].id, sum);
      continue;
    }
    const g = toDense(sum);
    adjoints.set(node.output.id, g);
    const vjp = node.op.vjp;
    if (vjp === undefined) {
      throw new EngineError('LookupError', `gradient registry has no entry for: ${node.op.name}`, node.op.name);
    }
    if (vjp === 'none') continue;
    const ins: Grad[] = vjp(g, node);
    invariant(
      ins.length === node.inputs.length,
      `${node.op.name}: vjp returned ${ins.length} gradients for ${node.inputs.length} inputs`,
    );
    for (let i = 0; i < ins.length; i++) {
      const gi = ins[i];
      const x = node.inputs[i];
      if (gi === null || !isDifferentiable(x.dtype)) continue;
      push(x.id, gi instanceof IndexedSlices ? gi : unbroadcast(gi, x.shape));
    }
  }

  const sourceGrads = new Map<number, Tensor | IndexedSlices>();
  for (const s of sources) {
    const gs = pending.get(s.id);
    if (!gs || !isDifferentiable(s.dtype)) continue;
    const g = aggregate(gs);
    sourceGrads.set(s.id, g);
    if (!adjoints.has(s.id)) adjoints.set(s.id, toDense(g));
  }
  return { sourceGrads, adjoints };
}

export type { Grad };
