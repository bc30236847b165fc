/**
 * The chain rule in numbers: for a gradient call, the recorded paths from the target to each source, every op on
 * them with its local derivative (as a formula and as a value), the adjoint reaching it, and what the path passes
 * on. Edges that use the same tensor in several input slots are merged (`z = y*y` is one step, `2·y`); variable
 * reads are folded into the variable. The numbers come from the ops' own VJPs, run with recording disabled so the
 * user's tapes never see them; each path's contribution is the seed pushed along that path only, so contributions
 * sum to the gradient.
 *
 * One explanation is four stages (`explain/`): enumerate the paths, name the tensors on them, evaluate the numbers
 * along each path, summarise.
 */
import type { Explanation } from '../../protocol/report';
import { backprop, type KeptAdjoint } from '../autodiff/backprop';
import type { GradientEvent } from '../autodiff/gradient';
import { withoutRecording } from '../autodiff/recorder';
import { limits } from '../limits';
import { ones } from '../ops/array';
import { add } from '../ops/math';
import type { NDArrayLike } from '../tensor/formatArray';
import { IndexedSlices } from '../tensor/indexedSlices';
import { sizeOf } from '../tensor/shape';
import type { Tensor } from '../tensor/tensor';
import { isAdjointPreview } from './adjoints';
import { CallGraph } from './explain/graph';
import { nameNodes } from './explain/naming';
import { pathNumbers } from './explain/numbers';
import { enumeratePaths } from './explain/paths';
import { pathsText, summarise } from './explain/summary';
import type { NameBook } from './names';
import { derivativeLabel, tensorText, uniformValue } from './text';
import { densifySlices } from './values';

export { localFormula } from './explain/formula';

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

/** Explanations for every source of a gradient event (undefined where the result is None). */
export function explainEvent(
  event: GradientEvent,
  labels: ExplainLabels,
  names: NameBook,
  opts: ExplainOptions = {},
): (Explanation | undefined)[] {
  return explainEventDetailed(event, labels, names, opts).map((d) => d?.explanation);
}

/** What every source's explanation of one gradient call shares. */
interface CallContext {
  event: GradientEvent;
  graph: CallGraph;
  labels: ExplainLabels;
  names: NameBook;
  opts: ExplainOptions;
  /** The call's adjoints by tensor id (for a Jacobian, recomputed once with a ones seed when first needed). */
  adjoints: () => ReadonlyMap<number, KeptAdjoint>;
}

/** As `explainEvent`, plus each listed path's contribution as a tensor (they sum to the gradient). */
export function explainEventDetailed(
  event: GradientEvent,
  labels: ExplainLabels,
  names: NameBook,
  opts: ExplainOptions = {},
): ({ explanation: Explanation; contributions: (Tensor | null)[] } | undefined)[] {
  return quietly(() => {
    let adjoints: ReadonlyMap<number, KeptAdjoint> | undefined;
    const call: CallContext = {
      event,
      graph: new CallGraph(event.nodes, event.targets),
      labels,
      names,
      opts,
      adjoints: () => (adjoints ??= adjointsOf(event)),
    };
    return event.sources.map((source, i) => {
      const result = event.results[i];
      if (result === null || result === undefined) return undefined;
      try {
        return explainOne(call, source, i);
      } catch {
        return undefined;
      }
    });
  });
}

function adjointsOf(event: GradientEvent): ReadonlyMap<number, KeptAdjoint> {
  if (event.kind === 'gradient') return event.adjoints;
  try {
    const targets = event.targets;
    return (
      backprop(
        event.nodes,
        targets,
        targets.map(() => null),
        event.sources,
        true,
        event.knows,
      ).adjoints ?? new Map()
    );
  } catch {
    return new Map();
  }
}

function explainOne(
  call: CallContext,
  source: Tensor,
  index: number,
): { explanation: Explanation; contributions: (Tensor | null)[] } {
  const { event, graph, labels, names, opts } = call;
  const sourceKey = graph.keyOf(source);
  // No gradient flows into a source the tape does not know (only a target that is that source reaches it).
  const reach = event.knows(source) ? graph.reachFrom(source) : new Set([sourceKey]);
  const targetLabel = labels.target;
  const sourceLabel = labels.sources[index] ?? 'source';
  const lhs = derivativeLabel(targetLabel, sourceLabel);

  // The result (for a Jacobian: what a ones seed gives, i.e. the sum over the target's elements).
  const resultArr = totalFor(event, index, source);
  const total = tensorText(resultArr);
  let suffix =
    sizeOf(source.shape) > 1 && uniform(resultArr)
      ? `, for each of the ${sizeOf(source.shape)} elements of ${sourceLabel}`
      : '';
  if (event.kind !== 'gradient') {
    suffix += ` (summed over the elements of ${targetLabel}; the ${event.kind === 'jacobian' ? 'Jacobian' : 'batch Jacobian'} holds one such gradient per element)`;
  }
  const only = (summary: string, truncated?: true) => ({
    explanation: truncated ? { summary, paths: [], truncated } : { summary, paths: [] },
    contributions: [],
  });

  const targetKeys = [...new Set(event.targets.map((t) => graph.keyOf(t)))].filter((k) => reach.has(k));
  const listed = enumeratePaths(graph, reach, sourceKey, targetKeys, opts.maxPaths ?? 12, opts.maxPathSteps ?? 64);
  const pathCount = graph.countPaths(reach, sourceKey, targetKeys);
  const truncated = listed.truncated || pathCount > listed.paths.length;
  if (targetKeys.length === 0 || pathCount === 0) {
    return only(`${lhs} = ${total}: ${targetLabel} does not depend on ${sourceLabel} through the recorded operations`);
  }
  // A tf.custom_gradient's VJP is the user's Python function: never re-run it (side effects, budget).
  if (
    graph.nodes.some((n) => n.op.name === 'CustomGradient' && reach.has(n.output.id) && graph.needed.has(n.output.id))
  ) {
    return only(
      `${lhs} = ${total}${suffix} — through a tf.custom_gradient function, whose gradient is your own code (not re-evaluated here)`,
      true,
    );
  }
  if (listed.tooLong) {
    const ops = graph.countRelevantOps(reach);
    return only(
      `${lhs} = ${total}${suffix} — the chain rule over ${pathsText(pathCount)} through ${ops} recorded ops (too long to expand)`,
      true,
    );
  }

  const seeds = givenSeeds(event, graph);
  const exprOf = nameNodes({ graph, names, sourceKey, sourceLabel, targetLabel, targetKeys }, listed.paths);
  const adjoints = call.adjoints();
  const maxFactors = opts.maxSummaryFactors ?? 8;
  const numbers = pathNumbers(
    {
      graph,
      exprOf,
      named: (id) => Boolean(names.firstName(id)),
      adjoints,
      seed: (targetKey) => {
        const t = graph.tensors.get(targetKey)!;
        const given = seeds?.get(targetKey)?.tensor;
        if (given) return given;
        // A target's adjoint is always kept as the tensor (only other adjoints become previews).
        const a = event.kind === 'gradient' && event.targets.length === 1 ? adjoints.get(t.id) : undefined;
        return a !== undefined && !isAdjointPreview(a) ? a : ones(t.shape, t.dtype);
      },
      maxWork: opts.maxWork ?? 5_000_000,
      maxFactors,
    },
    listed.paths,
  );
  if (numbers.exceeded) {
    const summary = `${lhs} = ${total}${suffix} — the chain rule over ${pathsText(pathCount)} (too large to evaluate step by step)`;
    return { explanation: { summary, paths: numbers.paths, truncated: true }, contributions: numbers.raw };
  }
  const pathSeeds = seeds && listed.paths.map((p) => seeds.get(p.target) ?? { symbol: '0', value: '0' });
  const summary = summarise({
    lhs: seeds ? `${seedsSymbol(seeds)} · ${lhs}` : lhs,
    seeds: pathSeeds,
    total,
    paths: numbers.paths,
    symbolic: numbers.symbolic,
    factorValues: numbers.factorValues,
    shownSteps: numbers.shownSteps,
    truncated,
    pathCount,
    maxFactors,
    maxChars: opts.maxSummaryChars ?? 320,
  });
  const seedNote = seeds
    ? ` (${[...new Set(seeds.values())].map((x) => `${x.symbol} = ${x.value}`).join(', ')}: the output_gradients the backward pass starts from)`
    : '';
  const explanation: Explanation = { summary: summary + suffix + seedNote, paths: numbers.paths };
  if (truncated) explanation.truncated = true;
  return { explanation, contributions: numbers.raw };
}

const uniform = (a: NDArrayLike): boolean => uniformValue(a) !== undefined;

interface GivenSeed {
  /** `v` for one target, `v₁`, `v₂`, … by target position for several. */
  symbol: string;
  value: string;
  tensor: Tensor;
}

const SUBSCRIPTS = '₀₁₂₃₄₅₆₇₈₉';
const subscript = (n: number): string => [...String(n)].map((d) => SUBSCRIPTS[Number(d)]).join('');

/** `v`, or `(v₁, v₂)` for several targets. */
function seedsSymbol(seeds: ReadonlyMap<number, GivenSeed>): string {
  const symbols = [...new Set([...seeds.values()].map((x) => x.symbol))];
  return symbols.length === 1 && symbols[0] === 'v' ? 'v' : `(${symbols.join(', ')})`;
}

/**
 * The call's `output_gradients` by target key (a target given twice gets the sum of its seeds), or undefined when
 * the backward pass started from ones.
 */
function givenSeeds(event: GradientEvent, graph: CallGraph): Map<number, GivenSeed> | undefined {
  if (!event.seeds) return undefined;
  const byKey = new Map<number, GivenSeed>();
  event.targets.forEach((t, i) => {
    const s = event.seeds?.[i];
    if (!s) return;
    const key = graph.keyOf(t);
    const had = byKey.get(key);
    const tensor = had ? add(had.tensor, s) : s;
    const symbol = had?.symbol ?? (event.targets.length === 1 ? 'v' : `v${subscript(i + 1)}`);
    byKey.set(key, { symbol, value: tensorText(tensor), tensor });
  });
  return byKey;
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
