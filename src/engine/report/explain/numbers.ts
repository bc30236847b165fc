/**
 * Stage 3: the numbers along each path. The ops' own VJPs are re-run (the caller disables recording): each step's
 * local derivative is the VJP of ones restricted to the input on the path, and the path's contribution is the seed
 * pushed along that path only, so the contributions sum to the gradient.
 */
import type { ChainStep, GradientPath } from '../../../protocol/report';
import { type KeptAdjoint, toDense, unbroadcast } from '../../autodiff/backprop';
import { ones } from '../../ops/array';
import type { Expr } from '../../ops/display';
import { add } from '../../ops/math';
import { opName } from '../../ops/registry';
import { toSpan } from '../../span';
import { IndexedSlices } from '../../tensor/indexedSlices';
import { sizeOf } from '../../tensor/shape';
import type { Tensor } from '../../tensor/tensor';
import { adjointText } from '../adjoints';
import { dName, tensorText } from '../text';
import { isIdentity, localFormula } from './formula';
import type { CallGraph, Edge } from './graph';
import type { Path } from './paths';
import { elide, factor } from './summary';

export interface NumbersContext {
  graph: CallGraph;
  /** Names of the tensors on the paths (stage 2). */
  exprOf: (key: number, depth?: number) => Expr;
  /** Whether the tensor with this id has a Python name (an unnamed identity step is left out of the summary). */
  named: (id: number) => boolean;
  /** Adjoints of the gradient call, by tensor id. */
  adjoints: ReadonlyMap<number, KeptAdjoint>;
  /** What the backward pass starts from at a target. */
  seed: (targetKey: number) => Tensor;
  /** Work budget, in tensor elements touched by VJPs. */
  maxWork: number;
  /** Factors shown per path in the symbolic summary before eliding the middle. */
  maxFactors: number;
}

export interface PathNumbers {
  /** Per path: every step, and what the path contributes. */
  paths: GradientPath[];
  /** Per path: its factors as symbols (`dz/dy · dy/dx`). */
  symbolic: string[];
  /** Per path: each shown step's factor (`(2·y = 8)`, or `1`). */
  factorValues: string[][];
  /** Per path: the indices of the steps the summary shows. */
  shownSteps: number[][];
  /** Per path: the contribution as a tensor (null: none reached the source). */
  raw: (Tensor | null)[];
  /** The work budget ran out: the lists hold the paths evaluated before. */
  exceeded: boolean;
}

class WorkExceeded extends Error {}

export function pathNumbers(ctx: NumbersContext, paths: readonly Path[]): PathNumbers {
  const { graph, exprOf, adjoints } = ctx;
  const nodes = graph.nodes;
  let work = ctx.maxWork;
  const restrictedVjp = (k: number, slots: readonly number[], g: Tensor): Tensor | null => {
    const n = nodes[k];
    const vjp = n.op.vjp;
    if (typeof vjp !== 'function') return null;
    work -= n.op.vjpCost?.(n) ?? sizeOf(n.output.shape) + slots.reduce((s, i) => s + sizeOf(n.inputs[i].shape), 0);
    if (work < 0) throw new WorkExceeded();
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
  const localCache = new Map<string, Tensor | null>();
  const local = (k: number, edge: Edge): Tensor | null => {
    const id = `${k}:${edge.key}`;
    if (localCache.has(id)) return localCache.get(id) ?? null;
    const out = nodes[k].output;
    const l = restrictedVjp(k, edge.slots, ones(out.shape, out.dtype));
    localCache.set(id, l);
    return l;
  };

  const result: PathNumbers = { paths: [], symbolic: [], factorValues: [], shownSteps: [], raw: [], exceeded: false };
  try {
    for (const p of paths) {
      let g: Tensor | null = ctx.seed(p.target);
      const steps: ChainStep[] = [];
      const sym: string[] = [];
      const vals: string[] = [];
      const shown: number[] = [];
      for (const s of p.steps) {
        const n = nodes[s.k];
        const upstream = adjoints.get(n.output.id);
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
          name: opName(n.op),
          output: outName,
          input: inName,
          localFormula: formula,
          localValue,
          upstream: upstream ? adjointText(upstream) : '0',
          downstream: g ? tensorText(g) : '0',
        };
        if (n.span) step.span = toSpan(n.span);
        if (n.scope) step.layer = n.scope.label;
        steps.push(step);
        if (isIdentity(n.op) && (outName === inName || !ctx.named(n.output.id))) continue;
        shown.push(steps.length - 1);
        const d = s.fanIn > 1 ? '∂' : 'd';
        sym.push(`${d}${dName(outName)}/${d}${dName(inName)}`);
        vals.push(factor(formula, localValue));
      }
      result.paths.push({ steps, contribution: g ? tensorText(g) : '0' });
      result.shownSteps.push(shown);
      result.symbolic.push(elide(sym, ctx.maxFactors).join(' · ') || '1');
      result.factorValues.push(vals);
      result.raw.push(g);
    }
  } catch (e) {
    if (!(e instanceof WorkExceeded)) throw e;
    result.exceeded = true;
  }
  return result;
}
