/**
 * The graph model of one recorded tape: pure data in, pure data out (no DOM, no vscode), so it is unit-tested.
 *
 *   TapeRecord → value nodes (name, shape, dtype, value and gradient previews, roles) and op nodes, edges
 *   input value → op (the op → output edge lives inside a *unit*: an op and the value it produced are laid out
 *   together, as micrograd draws `* → value`), and groups:
 *     - `tape`       the tape itself (the root frame);
 *     - `nested`     a tape recorded inside it (higher-order gradients), as a nested frame;
 *     - `backward`   ops this tape recorded while a gradient was computed (the backward pass it can differentiate);
 *     - `loop`       repeated iterations (ops at the same span, `TapeOpNode.iteration`), split into `iteration`s;
 *     - `chunk`      consecutive children of a group that has too many, so every group stays small: a 10,000-op
 *                    loop is a few nested chunks of ≤ `chunkSize` children each, each collapsible.
 *
 * Ids are stable across runs of the same code (they come from spans, op types and iteration indices, not from the
 * engine's counters), so zoom, selection and collapsed groups survive live updates.
 */
import type { GradientRecord, NestedValue, Span, TapeOpNode, TapeRecord, TapeValueNode } from '../protocol/report';
import { magnitude, magnitudeOfPreview, whereText } from './text';

export type Role = TapeValueNode['role'][number];

export interface ValueNode {
  kind: 'value';
  /** Stable id (`v|…`). */
  id: string;
  /** The engine's tensor id in this report. */
  ref: number;
  name?: string;
  shape: number[];
  dtype: string;
  preview: string;
  value?: NestedValue;
  grad?: { preview: string; value?: NestedValue };
  /** Largest |gradient| element and the sign of that element; undefined without a gradient. */
  mag?: number;
  sign: number;
  roles: Role[];
  span?: Span;
  unit: string;
  /** The op that produced this value on this tape. */
  producer?: string;
  /** Ops that read this value, in tape order, without repeats. */
  consumers: string[];
}

export interface OpNode {
  kind: 'op';
  id: string;
  ref: number;
  /** TF op type as recorded (`Sum`). */
  op: string;
  /** The function name people wrote (`reduce_sum`). */
  label: string;
  /** Input value ids, as recorded (`multiply(y, y)` has `y` twice). */
  inputs: string[];
  output: string;
  span?: Span;
  iteration?: number;
  backward: boolean;
  /** Position in the tape's op list. */
  index: number;
  unit: string;
}

export type GraphNode = ValueNode | OpNode;

/** What layout places: an op with its output value, or a value no op of this tape produced (sources, constants). */
export interface Unit {
  id: string;
  op?: string;
  value: string;
  parent: string;
  order: number;
}

export type GroupKind = 'tape' | 'nested' | 'backward' | 'loop' | 'iteration' | 'chunk';

export interface Group {
  id: string;
  kind: GroupKind;
  label: string;
  detail: string;
  parent?: string;
  /** Unit ids and group ids, in tape order. */
  children: string[];
  span?: Span;
  order: number;
  /** Value and op nodes inside (all levels). */
  nodeCount: number;
  unitCount: number;
  mag?: number;
  sign: number;
  /** 0-based first and last line of the spans inside, per cell (`''` for a plain file). */
  lines: Map<string, [number, number]>;
}

/** input value → op; `count` > 1 when the op reads the value several times (`multiply(y, y)`). */
export interface Edge {
  id: string;
  from: string;
  to: string;
  count: number;
}

export interface TapeGraph {
  tape: TapeRecord;
  title: string;
  nodes: Map<string, GraphNode>;
  units: Map<string, Unit>;
  groups: Map<string, Group>;
  edges: Edge[];
  root: string;
  /** Largest |gradient| over the tape's values (0 when no gradient ran, or all are 0). */
  maxMag: number;
  /** Whether any value has a gradient. */
  hasGrad: boolean;
  /** The gradient calls on this tape, latest last. */
  gradients: GradientRecord[];
  /** Value node id by engine tensor id; op node id by engine op id. */
  valueIds: Map<number, string>;
  opIds: Map<number, string>;
}

export interface ModelOptions {
  /** Children per chunk when a group has more than `maxChildren` (default 24 and 32). */
  chunkSize?: number;
  maxChildren?: number;
}

export const ROOT = 'tape';

/** A short name for a tape: `tape t · line 27`, nested ones `tape · line 109 (inside line 108)`. */
export function tapeTitle(tape: TapeRecord, all: readonly TapeRecord[] = []): string {
  // `tape t`; a name that already says tape (`tape`, `outer_tape`) stands alone, as in the lens.
  const name = tape.name ? (/tape/i.test(tape.name) ? tape.name : `tape ${tape.name}`) : 'tape';
  const where = whereText(tape.span);
  const parent = tape.parent === undefined ? undefined : all.find((t) => t.id === tape.parent);
  const inside = parent ? ` (inside ${parent.name ? `tape ${parent.name}` : whereText(parent.span) || 'a tape'})` : '';
  return `${name}${where ? ` · ${where}` : ''}${inside}`;
}

/**
 * A key of a tape that survives edits: its name and which tape of that name it is (`t#0`, `t#1`), so typing a line
 * above it keeps the inspector on it (a span-based key would change with every line inserted above).
 */
export function tapeKey(tape: TapeRecord, all: readonly TapeRecord[]): string {
  let nth = 0;
  for (const t of all) {
    if (t === tape) break;
    if (t.name === tape.name) nth++;
  }
  return `${tape.name ?? ''}#${nth}`;
}

/**
 * A span as a key relative to the tape's own `with` line (and cell): node ids then stay the same when lines are
 * inserted above the tape, so selection and collapsed groups survive typing.
 */
function relativeKey(span: Span | undefined, origin: Span | undefined, full: boolean): string {
  if (!span) return '-';
  const line = span.start.line - (origin?.start.line ?? 0);
  const cell = (span.cell ?? 0) - (origin?.cell ?? 0);
  const head = `${cell}:${line}:${span.start.character}`;
  return full ? `${head}-${span.end.line - span.start.line}:${span.end.character}` : head;
}

export function buildGraph(
  tape: TapeRecord,
  all: readonly TapeRecord[] = [tape],
  gradients: readonly GradientRecord[] = [],
  opts: ModelOptions = {},
): TapeGraph {
  const chunkSize = Math.max(2, opts.chunkSize ?? 24);
  const maxChildren = Math.max(chunkSize, opts.maxChildren ?? 32);
  const nodes = new Map<string, GraphNode>();
  const units = new Map<string, Unit>();
  const groups = new Map<string, Group>();
  const valueIds = new Map<number, string>();
  const opIds = new Map<number, string>();

  const newGroup = (id: string, kind: GroupKind, label: string, parent: string | undefined, span?: Span): Group => {
    const g: Group = {
      id,
      kind,
      label,
      detail: '',
      parent,
      children: [],
      span,
      order: Number.POSITIVE_INFINITY,
      nodeCount: 0,
      unitCount: 0,
      sign: 0,
      lines: new Map(),
    };
    groups.set(id, g);
    return g;
  };
  const root = newGroup(ROOT, 'tape', tapeTitle(tape, all), undefined, tape.span);

  // ---- op ids (stable keys: span relative to the tape, op type, iteration; a counter only for exact repeats)
  const rel = (span: Span | undefined): string => relativeKey(span, tape.span, true);
  const seenKeys = new Map<string, number>();
  const unique = (k: string): string => {
    const n = seenKeys.get(k) ?? 0;
    seenKeys.set(k, n + 1);
    return n === 0 ? k : `${k}~${n}`;
  };
  tape.ops.forEach((op, index) => {
    const id = unique(op.span ? `o|${rel(op.span)}|${op.op}|${op.iteration ?? ''}` : `o|#${index}|${op.op}`);
    opIds.set(op.id, id);
  });

  // ---- value nodes
  const byId = new Map<number, TapeValueNode>();
  for (const v of tape.values) if (!byId.has(v.id)) byId.set(v.id, v);
  const producerOf = new Map<number, TapeOpNode>();
  for (const op of tape.ops) if (!producerOf.has(op.output)) producerOf.set(op.output, op);
  let maxMag = 0;
  let hasGrad = false;
  const addValue = (ref: number): string => {
    const known = valueIds.get(ref);
    if (known) return known;
    const v: TapeValueNode = byId.get(ref) ?? { id: ref, shape: [], dtype: '?', preview: '?', role: [] };
    const producer = producerOf.get(ref);
    const id = producer
      ? `v|${opIds.get(producer.id)}`
      : unique(
          `s|${v.name !== undefined ? v.name : relativeKey(v.span, tape.span, false)}|${v.role.includes('variable') ? 'var' : ''}`,
        );
    const m = v.grad ? (magnitude(v.grad.value) ?? magnitudeOfPreview(v.grad.preview)) : undefined;
    if (m && m.mag > maxMag) maxMag = m.mag;
    if (v.grad) hasGrad = true;
    const node: ValueNode = {
      kind: 'value',
      id,
      ref,
      name: v.name,
      shape: v.shape,
      dtype: v.dtype,
      preview: v.preview,
      value: v.value,
      grad: v.grad,
      mag: m?.mag,
      sign: m?.sign ?? 0,
      roles: [...v.role],
      span: v.span,
      unit: id,
      consumers: [],
    };
    nodes.set(id, node);
    valueIds.set(ref, id);
    return id;
  };
  for (const w of tape.watched) addValue(w.id);
  for (const v of tape.values) addValue(v.id);

  // ---- op nodes and edges
  const edges: Edge[] = [];
  const edgeIndex = new Map<string, Edge>();
  tape.ops.forEach((op, index) => {
    const id = opIds.get(op.id)!;
    const inputs = op.inputs.map(addValue);
    const output = addValue(op.output);
    const out = nodes.get(output) as ValueNode;
    if (!out.producer) {
      out.producer = id;
      out.unit = id;
    }
    const node: OpNode = {
      kind: 'op',
      id,
      ref: op.id,
      op: op.op,
      label: op.name,
      inputs,
      output,
      span: op.span,
      iteration: op.iteration,
      backward: op.backward === true,
      index,
      unit: id,
    };
    nodes.set(id, node);
    for (const input of inputs) {
      const v = nodes.get(input) as ValueNode;
      if (v.consumers[v.consumers.length - 1] !== id) v.consumers.push(id);
      const eid = `${input}>${id}`;
      const e = edgeIndex.get(eid);
      if (e) e.count++;
      else {
        const edge = { id: eid, from: input, to: id, count: 1 };
        edgeIndex.set(eid, edge);
        edges.push(edge);
      }
    }
  });

  // ---- frames: nested tapes (ops they share with this tape) and the recorded backward pass
  const childrenOf = new Map<number, TapeRecord[]>();
  for (const t of all) {
    if (t.parent === undefined || t === tape) continue;
    const list = childrenOf.get(t.parent) ?? [];
    list.push(t);
    childrenOf.set(t.parent, list);
  }
  const opSets = new Map<TapeRecord, Set<number>>();
  const opsOf = (t: TapeRecord): Set<number> => {
    let s = opSets.get(t);
    if (!s) opSets.set(t, (s = new Set(t.ops.map((o) => o.id))));
    return s;
  };
  const frameOf = (op: TapeOpNode): string => {
    let frame = ROOT;
    let cur = tape.id;
    const visited = new Set<number>([cur]);
    for (;;) {
      const kid = childrenOf.get(cur)?.find((c) => !visited.has(c.id) && opsOf(c).has(op.id));
      if (!kid) break;
      const id = `${frame}/tape:${tapeKey(kid, childrenOf.get(cur) ?? [kid])}`;
      if (!groups.has(id)) {
        const g = newGroup(id, 'nested', `nested ${tapeTitle(kid)}`, frame, kid.span);
        g.detail = 'a tape recorded inside this one (higher-order gradients)';
        groups.get(frame)!.children.push(id);
      }
      frame = id;
      cur = kid.id;
      visited.add(cur);
    }
    if (op.backward) {
      const id = `${frame}/backward`;
      if (!groups.has(id)) {
        const g = newGroup(id, 'backward', 'recorded gradient computation', frame);
        g.detail = 'ops this tape recorded while a gradient was computed: they make the higher-order gradient';
        groups.get(frame)!.children.push(id);
      }
      frame = id;
    }
    return frame;
  };

  const frameOps = new Map<string, OpNode[]>();
  tape.ops.forEach((op) => {
    const frame = frameOf(op);
    const list = frameOps.get(frame) ?? [];
    list.push(nodes.get(opIds.get(op.id)!) as OpNode);
    frameOps.set(frame, list);
  });

  const addUnit = (id: string, value: string, parent: string, order: number, op?: string): void => {
    units.set(id, { id, op, value, parent, order });
    groups.get(parent)!.children.push(id);
  };

  // ---- loops: runs of consecutive ops whose (span, op) repeats, cut into iterations
  for (const [frame, ops] of frameOps) {
    const keyOf = (o: OpNode): string => `${rel(o.span)}|${o.op}`;
    const count = new Map<string, number>();
    for (const o of ops) if (o.span) count.set(keyOf(o), (count.get(keyOf(o)) ?? 0) + 1);
    // A recorded backward pass has all its ops at the `gradient()` call's span: repeats there are not a loop.
    const backward = groups.get(frame)!.kind === 'backward';
    const repeated = (o: OpNode): boolean => !backward && !!o.span && (count.get(keyOf(o)) ?? 0) > 1;
    let loopNo = 0;
    for (let i = 0; i < ops.length; ) {
      if (!repeated(ops[i])) {
        addUnit(ops[i].id, ops[i].output, frame, ops[i].index, ops[i].id);
        i++;
        continue;
      }
      let j = i;
      while (j < ops.length && repeated(ops[j])) j++;
      const run = ops.slice(i, j);
      const iterations = splitIterations(run.map(keyOf));
      if (!isLoop(run, iterations)) {
        for (const o of run) addUnit(o.id, o.output, frame, o.index, o.id);
      } else {
        const first = run[0];
        const loopId = `${frame}/loop:${rel(first.span)}:${first.op}:${loopNo++}`;
        const lines = run.map((o) => o.span!.start.line);
        const from = Math.min(...lines) + 1;
        const to = Math.max(...lines) + 1;
        const loop = newGroup(loopId, 'loop', `loop · ${from === to ? `line ${from}` : `lines ${from}–${to}`}`, frame);
        loop.detail = `${iterations.length} iterations · ${opSummary(run)}`;
        groups.get(frame)!.children.push(loopId);
        let at = 0;
        iterations.forEach((size, k) => {
          const body = run.slice(at, at + size);
          at += size;
          if (iterations.every((n) => n === 1)) {
            for (const o of body) addUnit(o.id, o.output, loopId, o.index, o.id);
            return;
          }
          const itId = `${loopId}/it${k}`;
          const it = newGroup(itId, 'iteration', `iteration ${k}`, loopId);
          it.detail = opSummary(body);
          loop.children.push(itId);
          for (const o of body) addUnit(o.id, o.output, itId, o.index, o.id);
        });
      }
      i = j;
    }
  }

  // ---- values no op of this tape produced (sources, constants, variable handles): beside their readers (the
  //      innermost group holding all of them), except what the tape watches, which stays at the top
  const ancestors = (g: string): string[] => {
    const chain: string[] = [];
    for (let cur: string | undefined = g; cur !== undefined; cur = groups.get(cur)?.parent) chain.unshift(cur);
    return chain;
  };
  for (const node of nodes.values()) {
    if (node.kind !== 'value' || node.producer) continue;
    let common: string[] | undefined;
    for (const c of node.consumers) {
      const chain = ancestors(units.get((nodes.get(c) as OpNode).unit)!.parent);
      if (!common) common = chain;
      else {
        let k = 0;
        while (k < common.length && k < chain.length && common[k] === chain[k]) k++;
        common = common.slice(0, k);
      }
      if (common.length === 1) break;
    }
    // What the tape watches (sources, watched tensors, variables) belongs to the tape, not to a loop that reads it.
    const tapeInput = node.roles.some((r) => r === 'source' || r === 'watched' || r === 'variable');
    const parent = tapeInput ? ROOT : (common?.[common.length - 1] ?? ROOT);
    const firstUse = node.consumers.length ? (nodes.get(node.consumers[0]) as OpNode).index - 0.5 : -1;
    addUnit(node.id, node.id, parent, firstUse);
  }

  // ---- order children, chunk big groups, and sum up what each group holds
  const orderOf = (id: string): number => units.get(id)?.order ?? groups.get(id)!.order;
  const finish = (g: Group): void => {
    for (const c of g.children) {
      const sub = groups.get(c);
      if (sub) finish(sub);
    }
    g.children.sort((a, b) => orderOf(a) - orderOf(b));
    chunk(g);
    summarize(g);
  };
  const chunk = (g: Group): void => {
    let level = 0;
    while (g.children.length > maxChildren) {
      const kids = g.children;
      const chunks: string[] = [];
      for (let s = 0; s < kids.length; s += chunkSize) {
        const part = kids.slice(s, s + chunkSize);
        const id = `${g.id}/${level}.${chunks.length}`;
        const c = newGroup(id, 'chunk', '', g.id);
        c.children = part;
        for (const p of part) {
          const u = units.get(p);
          if (u) u.parent = id;
          else groups.get(p)!.parent = id;
        }
        summarize(c);
        const its = iterationsIn(c);
        c.label = chunkLabel(c, its);
        c.detail = its.length ? `${its.length} iterations` : `${c.unitCount} values and ops`;
        chunks.push(id);
      }
      g.children = chunks;
      level++;
    }
  };
  /** The iteration groups under a chunk (through nested chunks), in order. */
  const iterationsIn = (c: Group): Group[] =>
    c.children.flatMap((k) => {
      const sub = groups.get(k);
      return !sub ? [] : sub.kind === 'iteration' ? [sub] : sub.kind === 'chunk' ? iterationsIn(sub) : [];
    });
  const chunkLabel = (c: Group, its: Group[]): string => {
    if (its.length) {
      const first = its[0].label.replace('iteration ', '');
      const last = its[its.length - 1].label.replace('iteration ', '');
      return `iterations ${first}–${last}`;
    }
    const idx = opIndices(c);
    return idx.length ? `ops ${idx[0] + 1}–${idx[idx.length - 1] + 1}` : `${c.unitCount} values`;
  };
  const opIndices = (c: Group): number[] => {
    const out: number[] = [];
    const walk = (g: Group): void => {
      for (const k of g.children) {
        const u = units.get(k);
        if (u?.op) out.push((nodes.get(u.op) as OpNode).index);
        else if (!u) walk(groups.get(k)!);
      }
    };
    walk(c);
    return out.sort((a, b) => a - b);
  };
  const summarize = (g: Group): void => {
    g.nodeCount = 0;
    g.unitCount = 0;
    g.mag = undefined;
    g.sign = 0;
    g.lines = new Map();
    g.order = Number.POSITIVE_INFINITY;
    const addLines = (cell: string, from: number, to: number): void => {
      const r = g.lines.get(cell);
      if (!r) g.lines.set(cell, [from, to]);
      else {
        r[0] = Math.min(r[0], from);
        r[1] = Math.max(r[1], to);
      }
    };
    const addMag = (mag: number | undefined, sign: number): void => {
      if (mag !== undefined && (g.mag === undefined || mag > g.mag)) {
        g.mag = mag;
        g.sign = sign;
      }
    };
    for (const k of g.children) {
      const u = units.get(k);
      if (u) {
        const v = nodes.get(u.value) as ValueNode;
        g.nodeCount += u.op ? 2 : 1;
        g.unitCount++;
        g.order = Math.min(g.order, u.order);
        addMag(v.mag, v.sign);
        const span = u.op ? nodes.get(u.op)!.span : v.span;
        if (span) addLines(String(span.cell ?? ''), span.start.line, span.end.line);
      } else {
        const s = groups.get(k)!;
        g.nodeCount += s.nodeCount;
        g.unitCount += s.unitCount;
        g.order = Math.min(g.order, s.order);
        addMag(s.mag, s.sign);
        for (const [cell, [from, to]] of s.lines) addLines(cell, from, to);
      }
    }
  };
  finish(root);

  const title = tapeTitle(tape, all);
  root.detail = `${tape.opCount} op${tape.opCount === 1 ? '' : 's'}${tape.persistent ? ' · persistent' : ''}${
    tape.truncated ? ` · showing the first ${tape.ops.length}` : ''
  }`;
  return {
    tape,
    title,
    nodes,
    units,
    groups,
    edges,
    root: ROOT,
    maxMag,
    hasGrad,
    gradients: gradients.filter((g) => g.tape === tape.id),
    valueIds,
    opIds,
  };
}

/**
 * Whether a run of repeated ops is worth a loop group: three iterations or more, or two that are more than one op
 * each or where the second reads what the first produced (`out = multiply(out, x)` twice). Two reads of `x` for
 * `x * x` repeat a span too, but they are one expression, not a loop.
 */
function isLoop(run: readonly OpNode[], iterations: readonly number[]): boolean {
  if (iterations.length >= 3) return true;
  if (iterations.length < 2) return false;
  if (iterations[0] > 1 || iterations[1] > 1) return true;
  const first = new Set(run.slice(0, iterations[0]).map((o) => o.output));
  return run.slice(iterations[0]).some((o) => o.inputs.some((i) => first.has(i)));
}

/**
 * Sizes of the iterations of a repeated run of op keys: the smallest period the run repeats with exactly, else a
 * new iteration wherever the run's first key comes back (a loop body with an `if` inside is not periodic).
 */
export function splitIterations(keys: readonly string[]): number[] {
  const n = keys.length;
  if (n === 0) return [];
  let tried = 0;
  for (let p = 1; p <= n / 2 && tried < 16; p++) {
    if (keys[p] !== keys[0]) continue;
    tried++;
    let ok = n % p === 0;
    for (let i = p; ok && i < n; i++) ok = keys[i] === keys[i - p];
    if (ok) return Array.from({ length: n / p }, () => p);
  }
  const sizes: number[] = [];
  let start = 0;
  for (let i = 1; i <= n; i++) {
    if (i === n || keys[i] === keys[0]) {
      sizes.push(i - start);
      start = i;
    }
  }
  return sizes;
}

/** `multiply ×1000, add ×1000` (the three most frequent ops). */
function opSummary(ops: readonly OpNode[]): string {
  const counts = new Map<string, number>();
  for (const o of ops) counts.set(o.label, (counts.get(o.label) ?? 0) + 1);
  const top = [...counts].sort((a, b) => b[1] - a[1]);
  const text = top
    .slice(0, 3)
    .map(([l, c]) => (c > 1 ? `${l} ×${c}` : l))
    .join(', ');
  return top.length > 3 ? `${text}, …` : text;
}

/** The node ids a group holds (all levels). */
export function nodesIn(g: TapeGraph, groupId: string): string[] {
  const out: string[] = [];
  const walk = (id: string): void => {
    const group = g.groups.get(id);
    if (!group) return;
    for (const k of group.children) {
      const u = g.units.get(k);
      if (u) {
        if (u.op) out.push(u.op);
        out.push(u.value);
      } else walk(k);
    }
  };
  walk(groupId);
  return out;
}

/** The chain of groups from the root down to the one holding this node. */
export function groupPath(g: TapeGraph, nodeId: string): string[] {
  const node = g.nodes.get(nodeId);
  const unit = node && g.units.get(node.unit);
  const chain: string[] = [];
  for (let cur: string | undefined = unit?.parent; cur !== undefined; cur = g.groups.get(cur)?.parent)
    chain.unshift(cur);
  return chain;
}

/** Text a search matches against: name, op label and type, shape (`(2, 2)`, `2x2`), dtype, roles. */
export function searchText(node: GraphNode, g: TapeGraph): string {
  if (node.kind === 'op') {
    const out = g.nodes.get(node.output) as ValueNode | undefined;
    return `${node.label} ${node.op} ${out ? shapeWords(out.shape) : ''}`.toLowerCase();
  }
  return `${node.name ?? ''} ${shapeWords(node.shape)} ${node.dtype} ${node.roles.join(' ')}`.toLowerCase();
}

const shapeWords = (shape: readonly number[]): string =>
  `(${shape.join(', ')}${shape.length === 1 ? ',' : ''}) [${shape.join(', ')}] ${shape.join('x')} ${shape.join(',')}`;

/** Nodes matching a query (all words must match), in tape order. */
export function search(g: TapeGraph, query: string): string[] {
  const words = query.toLowerCase().trim().split(/\s+/).filter(Boolean);
  if (!words.length) return [];
  const out: string[] = [];
  for (const node of g.nodes.values()) {
    const text = searchText(node, g);
    if (words.every((w) => text.includes(w))) out.push(node.id);
  }
  const rank = (id: string): number => {
    const n = g.nodes.get(id)!;
    return n.kind === 'op' ? n.index : n.producer ? (g.nodes.get(n.producer) as OpNode).index + 0.5 : -1;
  };
  return out.sort((a, b) => rank(a) - rank(b));
}

/** Lines (0-based) of the nodes on a given editor line (and cell), for the cursor highlight. */
export function nodesOnLine(g: TapeGraph, line: number, cell?: number): string[] {
  const out: string[] = [];
  for (const node of g.nodes.values()) {
    const s = node.span;
    if (!s || (s.cell ?? -1) !== (cell ?? -1)) continue;
    if (s.start.line <= line && line <= s.end.line) out.push(node.id);
  }
  return out;
}
