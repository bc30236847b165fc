/**
 * A GradientTape as the inspector's graph (`TapeRecord`): value nodes (tensors the recorded ops read and wrote,
 * with names, roles, forward values and adjoints) and op nodes between them.
 */
import type { LayerCallRecord, NestedValue, Span, TapeOpNode, TapeRecord, TapeValueNode } from '../../protocol/report';
import type { KeptAdjoint } from '../autodiff/backprop';
import type { GradientTape, TapeNode } from '../autodiff/tape';
import { isUnseeded } from '../ops/random';
import { opName } from '../ops/registry';
import type { OpScope } from '../session';
import { spanKey, toSpan } from '../span';
import { sizeOf } from '../tensor/shape';
import type { Tensor, Variable } from '../tensor/tensor';
import { isAdjointPreview, NODE_PREVIEW_CHARS } from './adjoints';
import type { NameBook } from './names';
import { nestedValue, quickPreview } from './text';
import { tensorStats } from './values';

export interface TapeOptions {
  /** Ops listed at most (default 5,000); the rest are counted in `opCount`. */
  maxTapeOps?: number;
  /** Largest tensor whose full value is embedded in a node (default 1,000 elements). */
  nodeValueLimit?: number;
  /** Total elements embedded over all nodes of one tape (default 200,000). */
  valueBudget?: number;
  /** Length of node previews (default 40). */
  previewChars?: number;
  /** Elements read for the statistics of values too large to embed, over one tape (default 2,000,000). */
  statsBudget?: number;
}

/** One gradient call on a tape: where, its target and source texts, and the adjoints of its latest run. */
export interface TapeCall {
  span: Span;
  target: string;
  sources: readonly string[];
  adjoints: ReadonlyMap<number, KeptAdjoint>;
}

/** What the builder learned about a tape besides the tape object itself. */
export interface TapeFacts {
  name?: string;
  span?: Span;
  /** Sources and targets of every gradient call on this tape (tensor / handle ids). */
  sources: ReadonlySet<number>;
  targets: ReadonlySet<number>;
  /** Latest adjoint per tensor id over the tape's gradient calls. */
  grads: ReadonlyMap<number, KeptAdjoint>;
  /** The tape's gradient calls; with more than one, every node lists its adjoint per call. */
  calls?: readonly TapeCall[];
  /** Ids of nodes recorded while a gradient computation ran (higher-order tapes). */
  backward: ReadonlySet<number>;
  /** Watched tensors and variables, including those snapshot before a non-persistent tape was released. */
  watchedTensors: readonly Tensor[];
  watchedVariables: readonly Variable[];
}

/** Watched tensors and variables as the tape knows them now, merged with an earlier snapshot. */
export function watchedOf(
  tape: GradientTape,
  snapshot?: { tensors: readonly Tensor[]; variables: readonly Variable[] },
): { tensors: Tensor[]; variables: Variable[] } {
  const tensors: Tensor[] = [...(snapshot?.tensors ?? [])];
  const variables: Variable[] = [...(snapshot?.variables ?? [])];
  const rec = tape.recording;
  for (const t of rec?.watchedTensors ?? []) if (!tensors.includes(t)) tensors.push(t);
  for (const v of rec?.watchedVariables ?? tape.watchedVariables()) if (!variables.includes(v)) variables.push(v);
  return { tensors, variables };
}

export function tapeRecord(tape: GradientTape, facts: TapeFacts, names: NameBook, opts: TapeOptions = {}): TapeRecord {
  const maxOps = opts.maxTapeOps ?? 5_000;
  const nodeLimit = opts.nodeValueLimit ?? 1_000;
  let budget = opts.valueBudget ?? 200_000;
  let statsLeft = opts.statsBudget ?? 2_000_000;
  const previewChars = opts.previewChars ?? NODE_PREVIEW_CHARS;
  const history = tape.history;
  const shown = history.length > maxOps ? history.slice(0, maxOps) : history;

  const watchedHandles = new Set(facts.watchedVariables.map((v) => v.handle.id));
  const watchedIds = new Set(facts.watchedTensors.map((t) => t.id));
  const produced = new Set<number>();
  for (const n of shown) produced.add(n.output.id);

  /** Handle id → the variable and its latest read within the shown ops (the value the tape saw). */
  const handles = new Map<number, { variable: Variable; read?: Tensor }>();
  for (const v of facts.watchedVariables) handles.set(v.handle.id, { variable: v });
  for (const n of shown) {
    if (n.op.name === 'ReadVariableOp') {
      const v = (n.attrs as { variable: Variable }).variable;
      names.noteVariable(v);
      handles.set(v.handle.id, { variable: v, read: n.output });
    }
  }

  /** Per span object (a loop's ops share a few): its report span, and the iteration counters of its span key. */
  const spanInfo = new Map<object, { span: Span; counters: Map<string, number> }>();
  const countersByKey = new Map<string, Map<string, number>>();
  const spanOf = (s: NonNullable<TapeNode['span']>): { span: Span; counters: Map<string, number> } => {
    let info = spanInfo.get(s);
    if (info === undefined) {
      const sk = spanKey(s);
      let counters = countersByKey.get(sk);
      if (counters === undefined) countersByKey.set(sk, (counters = new Map()));
      spanInfo.set(s, (info = { span: toSpan(s), counters }));
    }
    return info;
  };

  const calls = facts.calls ?? [];
  const values: TapeValueNode[] = [];
  const seen = new Set<number>();
  const embed = (t: {
    dtype: Tensor['dtype'];
    shape: Tensor['shape'];
    data: Tensor['data'];
  }): NestedValue | undefined => {
    const n = sizeOf(t.shape);
    if (n > nodeLimit || n > budget) return undefined;
    budget -= n;
    return nestedValue(t);
  };
  const addValue = (t: Tensor, producer?: TapeNode): void => {
    if (seen.has(t.id)) return;
    seen.add(t.id);
    const h = handles.get(t.id);
    const shownTensor = h ? (h.read ?? h.variable.value) : t;
    const node: TapeValueNode = {
      id: t.id,
      shape: [...t.shape],
      dtype: t.dtype,
      preview: quickPreview(shownTensor, previewChars),
      role: [],
    };
    const name = h ? names.variableLabel(h.variable) : (names.lastName(t.id) ?? readName(producer, names));
    if (name) node.name = name;
    const v = embed(shownTensor);
    if (v !== undefined) node.value = v;
    else if (shownTensor.dtype !== 'string' && !isUnseeded(shownTensor) && sizeOf(shownTensor.shape) <= statsLeft) {
      statsLeft -= sizeOf(shownTensor.shape);
      node.stats = tensorStats(shownTensor);
    }
    const gradOf = (g: KeptAdjoint): NonNullable<TapeValueNode['grad']> => {
      if (isAdjointPreview(g)) return { preview: g.preview };
      const gv = embed(g);
      const grad: NonNullable<TapeValueNode['grad']> = { preview: quickPreview(g, previewChars) };
      if (gv !== undefined) grad.value = gv;
      return grad;
    };
    const g = facts.grads.get(t.id);
    if (g) node.grad = gradOf(g);
    if (calls.length > 1) {
      const per: NonNullable<TapeValueNode['callGrads']> = [];
      calls.forEach((c, call) => {
        const a = c.adjoints.get(t.id);
        if (a) per.push({ call, ...(a === g ? node.grad! : gradOf(a)) });
      });
      if (per.length) node.callGrads = per;
    }
    if (facts.sources.has(t.id)) node.role.push('source');
    if (facts.targets.has(t.id)) node.role.push('target');
    if (watchedIds.has(t.id) || watchedHandles.has(t.id)) node.role.push('watched');
    if (h) node.role.push('variable');
    if (!h && !producer && !watchedIds.has(t.id) && !produced.has(t.id)) node.role.push('constant');
    const span = producer?.span ? spanOf(producer.span).span : names.spanOf(t.id);
    if (span) node.span = span;
    values.push(node);
  };

  for (const t of facts.watchedTensors) addValue(t);
  for (const v of facts.watchedVariables) addValue(v.handle);

  const ops: TapeOpNode[] = [];
  const layers = new Map<number, LayerCallRecord>();
  const addLayer = (s: OpScope): void => {
    if (layers.has(s.id)) return;
    if (s.parent) addLayer(s.parent);
    layers.set(s.id, { id: s.id, label: s.label, ...(s.parent ? { parent: s.parent.id } : {}) });
  };
  for (const n of shown) {
    for (const x of n.inputs) addValue(x);
    addValue(n.output, n);
    const op: TapeOpNode = {
      id: n.id,
      op: n.op.name,
      name: opName(n.op),
      inputs: n.inputs.map((x) => x.id),
      output: n.output.id,
    };
    if (n.span) {
      const info = spanOf(n.span);
      op.span = info.span;
      const it = info.counters.get(n.op.name) ?? 0;
      info.counters.set(n.op.name, it + 1);
      op.iteration = it;
    }
    if (facts.backward.has(n.id)) op.backward = true;
    if (n.scope) {
      addLayer(n.scope);
      op.layer = n.scope.id;
    }
    ops.push(op);
  }

  const rec = recordOf(tape, facts, names, values, ops, history.length > shown.length);
  if (layers.size) rec.layers = [...layers.values()];
  return rec;
}

/**
 * A tape without its op and value lists (`omitted`): what lenses and hovers show of it (name, watched, op count).
 * The worker builds the full record (`tapeRecord`) when the inspector asks.
 */
export function tapeSummary(tape: GradientTape, facts: TapeFacts, names: NameBook): TapeRecord {
  const rec = recordOf(tape, facts, names, [], [], false);
  rec.omitted = true;
  const head: NonNullable<TapeRecord['head']> = [];
  let backward = 0;
  for (const n of tape.history) {
    if (facts.backward.has(n.id)) backward++;
    else if (head.length < HEAD_OPS) head.push({ op: n.op.name, name: opName(n.op) });
  }
  rec.head = head;
  if (backward > 0) rec.backwardOps = backward;
  return rec;
}

/** Forward ops a tape summary names (a hover lists twelve, and says when there are more). */
const HEAD_OPS = 13;

function recordOf(
  tape: GradientTape,
  facts: TapeFacts,
  names: NameBook,
  values: TapeValueNode[],
  ops: TapeOpNode[],
  truncated: boolean,
): TapeRecord {
  const watched: TapeRecord['watched'] = [
    ...facts.watchedTensors.map((t) => {
      const name = names.lastName(t.id);
      return { id: t.id, ...(name ? { name } : {}), shape: [...t.shape], dtype: t.dtype };
    }),
    ...facts.watchedVariables.map((v) => ({
      id: v.handle.id,
      name: names.variableLabel(v),
      shape: [...v.shape],
      dtype: v.dtype,
      variable: true,
    })),
  ];

  const rec: TapeRecord = {
    id: tape.id,
    persistent: tape.persistent,
    watchAccessedVariables: tape.watchAccessedVariables,
    watched,
    values,
    ops,
    truncated,
    opCount: tape.history.length,
  };
  if (facts.span) rec.span = facts.span;
  else if (tape.span) rec.span = toSpan(tape.span);
  if (facts.name) rec.name = facts.name;
  const calls = facts.calls ?? [];
  if (calls.length > 1) rec.calls = calls.map((c) => ({ span: c.span, target: c.target, sources: [...c.sources] }));
  if (tape.parent) rec.parent = tape.parent.id;
  return rec;
}

/** A read's output is named after its variable. */
function readName(producer: TapeNode | undefined, names: NameBook): string | undefined {
  if (producer?.op.name === 'ReadVariableOp')
    return names.variableLabel((producer.attrs as { variable: Variable }).variable);
  return undefined;
}
