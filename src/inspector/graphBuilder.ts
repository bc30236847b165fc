/**
 * `GraphBuilder`: one tape record → its `TapeGraph` (see `model.ts` for what the graph holds), one method per step:
 * stable op ids, value nodes, op nodes and edges, frames (nested tapes and the recorded backward pass), loops cut
 * into iterations, the placement of values no op produced, and the ordering, chunking and summing up of groups.
 * The steps share the graph's maps as fields; `build()` runs them in order, once.
 */
import { enclosingLoop, type LoopHeader } from '../protocol/loopHeaders';
import type { GradientRecord, LayerCallRecord, Span, TapeOpNode, TapeRecord, TapeValueNode } from '../protocol/report';
import {
  type Edge,
  type GraphNode,
  type Group,
  type GroupKind,
  type ModelOptions,
  type OpNode,
  ROOT,
  type TapeGraph,
  tapeKey,
  tapeTitle,
  type Unit,
  type ValueNode,
} from './model';
import { magnitude, magnitudeOfPreview } from './text';

export function buildGraph(
  tape: TapeRecord,
  all: readonly TapeRecord[] = [tape],
  gradients: readonly GradientRecord[] = [],
  opts: ModelOptions = {},
): TapeGraph {
  return new GraphBuilder(tape, all, gradients, opts).build();
}

export class GraphBuilder {
  private readonly chunkSize: number;
  private readonly maxChildren: number;
  private readonly nodes = new Map<string, GraphNode>();
  private readonly units = new Map<string, Unit>();
  private readonly groups = new Map<string, Group>();
  private readonly edges: Edge[] = [];
  private readonly edgeIndex = new Map<string, Edge>();
  /** Value node id by engine tensor id; op node id by engine op id. */
  private readonly valueIds = new Map<number, string>();
  private readonly opIds = new Map<number, string>();
  /** How often each id key was taken: a counter suffix only for exact repeats. */
  private readonly seenKeys = new Map<string, number>();
  private readonly valueById = new Map<number, TapeValueNode>();
  private readonly producerOf = new Map<number, TapeOpNode>();
  /** The tapes recorded inside each tape, by parent id (this tape excluded). */
  private readonly childrenOf = new Map<number, TapeRecord[]>();
  private readonly opSets = new Map<TapeRecord, Set<number>>();
  /** The op nodes of each frame (the root, a nested tape, a backward pass), in tape order. */
  private readonly frameOps = new Map<string, OpNode[]>();
  private readonly call: number | undefined;
  private readonly loops: readonly LoopHeader[];
  /** Layer calls by id, their stable keys (`dense_1 (Dense)#2`: the label and its occurrence), their groups' ops. */
  private readonly layerById = new Map<number, LayerCallRecord>();
  private readonly layerKey = new Map<number, string>();
  private readonly layerOps = new Map<string, OpNode[]>();
  private maxMag = 0;
  private hasGrad = false;

  constructor(
    private readonly tape: TapeRecord,
    private readonly all: readonly TapeRecord[],
    private readonly gradients: readonly GradientRecord[],
    opts: ModelOptions,
  ) {
    this.chunkSize = Math.max(2, opts.chunkSize ?? 24);
    this.maxChildren = Math.max(this.chunkSize, opts.maxChildren ?? 32);
    this.loops = opts.loops ?? [];
    const calls = tape.calls ?? [];
    this.call = opts.call !== undefined && opts.call >= 0 && opts.call < calls.length ? opts.call : undefined;
  }

  build(): TapeGraph {
    const { tape, all } = this;
    const chosen = this.call !== undefined ? tape.calls?.[this.call] : undefined;
    const root = this.newGroup(ROOT, 'tape', tapeTitle(tape, all), undefined, tape.span);
    this.assignOpIds();
    this.addValues();
    this.addOps();
    this.assignFrames();
    this.indexLayers();
    this.addLoops();
    for (const [id, ops] of this.layerOps) this.groups.get(id)!.detail = opSummary(ops);
    this.placeUnproduced();
    this.finish(root);
    root.detail = `${tape.opCount} op${tape.opCount === 1 ? '' : 's'}${tape.persistent ? ' · persistent' : ''}${
      tape.truncated ? ` · showing the first ${tape.ops.length}` : ''
    }`;
    return {
      tape,
      title: tapeTitle(tape, all),
      nodes: this.nodes,
      units: this.units,
      groups: this.groups,
      edges: this.edges,
      root: ROOT,
      maxMag: this.maxMag,
      hasGrad: this.hasGrad,
      gradients: this.gradients.filter((g) => g.tape === tape.id && (!chosen || sameSpan(g.span, chosen.span))),
      call: this.call,
      valueIds: this.valueIds,
      opIds: this.opIds,
    };
  }

  /** The adjoint shown for a value: from the chosen gradient call, else the latest call that reached it. */
  private gradOf(v: TapeValueNode): TapeValueNode['grad'] {
    const call = this.call;
    if (call === undefined) return v.grad;
    const g = v.callGrads?.find((c) => c.call === call);
    return g ? { preview: g.preview, ...(g.value !== undefined ? { value: g.value } : {}) } : undefined;
  }

  private newGroup(id: string, kind: GroupKind, label: string, parent: string | undefined, span?: Span): Group {
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
      opCount: 0,
      unitCount: 0,
      sign: 0,
      lines: new Map(),
    };
    this.groups.set(id, g);
    return g;
  }

  private rel(span: Span | undefined): string {
    return relativeKey(span, this.tape.span, true);
  }

  private unique(k: string): string {
    const n = this.seenKeys.get(k) ?? 0;
    this.seenKeys.set(k, n + 1);
    return n === 0 ? k : `${k}~${n}`;
  }

  /** Op ids: stable keys from the span relative to the tape, the op type and the iteration. */
  private assignOpIds(): void {
    this.tape.ops.forEach((op, index) => {
      const id = this.unique(
        op.span ? `o|${this.rel(op.span)}|${op.op}|${op.iteration ?? ''}` : `o|#${index}|${op.op}`,
      );
      this.opIds.set(op.id, id);
    });
  }

  /** Value nodes: the watched values first, then every value the tape lists. */
  private addValues(): void {
    const { tape } = this;
    for (const v of tape.values) if (!this.valueById.has(v.id)) this.valueById.set(v.id, v);
    for (const op of tape.ops) if (!this.producerOf.has(op.output)) this.producerOf.set(op.output, op);
    for (const w of tape.watched) this.addValue(w.id);
    for (const v of tape.values) this.addValue(v.id);
  }

  private addValue(ref: number): string {
    const known = this.valueIds.get(ref);
    if (known) return known;
    const v: TapeValueNode = this.valueById.get(ref) ?? { id: ref, shape: [], dtype: '?', preview: '?', role: [] };
    const producer = this.producerOf.get(ref);
    const id = producer
      ? `v|${this.opIds.get(producer.id)}`
      : this.unique(
          `s|${v.name !== undefined ? v.name : relativeKey(v.span, this.tape.span, false)}|${v.role.includes('variable') ? 'var' : ''}`,
        );
    const grad = this.gradOf(v);
    const m = grad ? (magnitude(grad.value) ?? magnitudeOfPreview(grad.preview)) : undefined;
    if (m && m.mag > this.maxMag) this.maxMag = m.mag;
    if (grad) this.hasGrad = true;
    const node: ValueNode = {
      kind: 'value',
      id,
      ref,
      name: v.name,
      shape: v.shape,
      dtype: v.dtype,
      preview: v.preview,
      value: v.value,
      stats: v.stats,
      grad,
      gradCall: this.call ?? v.callGrads?.[v.callGrads.length - 1]?.call,
      mag: m?.mag,
      sign: m?.sign ?? 0,
      roles: [...v.role],
      span: v.span,
      unit: id,
      consumers: [],
    };
    this.nodes.set(id, node);
    this.valueIds.set(ref, id);
    return id;
  }

  /** Op nodes, and an edge from each input value to the op that reads it. */
  private addOps(): void {
    const { nodes } = this;
    this.tape.ops.forEach((op, index) => {
      const id = this.opIds.get(op.id)!;
      const inputs = op.inputs.map((i) => this.addValue(i));
      const output = this.addValue(op.output);
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
        ...(op.layer === undefined ? {} : { layer: op.layer }),
        index,
        unit: id,
      };
      nodes.set(id, node);
      for (const input of inputs) {
        const v = nodes.get(input) as ValueNode;
        if (v.consumers[v.consumers.length - 1] !== id) v.consumers.push(id);
        const eid = `${input}>${id}`;
        const e = this.edgeIndex.get(eid);
        if (e) e.count++;
        else {
          const edge = { id: eid, from: input, to: id, count: 1 };
          this.edgeIndex.set(eid, edge);
          this.edges.push(edge);
        }
      }
    });
  }

  /** Frames: each op goes to the nested tape that shares it (nested frames) and to the recorded backward pass. */
  private assignFrames(): void {
    for (const t of this.all) {
      if (t.parent === undefined || t === this.tape) continue;
      const list = this.childrenOf.get(t.parent) ?? [];
      list.push(t);
      this.childrenOf.set(t.parent, list);
    }
    for (const op of this.tape.ops) {
      const frame = this.frameOf(op);
      const list = this.frameOps.get(frame) ?? [];
      list.push(this.nodes.get(this.opIds.get(op.id)!) as OpNode);
      this.frameOps.set(frame, list);
    }
  }

  private opsOf(t: TapeRecord): Set<number> {
    let s = this.opSets.get(t);
    if (!s) this.opSets.set(t, (s = new Set(t.ops.map((o) => o.id))));
    return s;
  }

  private frameOf(op: TapeOpNode): string {
    const { groups, childrenOf } = this;
    let frame = ROOT;
    let cur = this.tape.id;
    const visited = new Set<number>([cur]);
    for (;;) {
      const kid = childrenOf.get(cur)?.find((c) => !visited.has(c.id) && this.opsOf(c).has(op.id));
      if (!kid) break;
      const id = `${frame}/tape:${tapeKey(kid, childrenOf.get(cur) ?? [kid])}`;
      if (!groups.has(id)) {
        const g = this.newGroup(id, 'nested', `nested ${tapeTitle(kid)}`, frame, kid.span);
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
        const g = this.newGroup(id, 'backward', 'recorded gradient computation', frame);
        g.detail = 'ops this tape recorded while a gradient was computed: they make the higher-order gradient';
        groups.get(frame)!.children.push(id);
      }
      frame = id;
    }
    return frame;
  }

  private addUnit(id: string, value: string, parent: string, order: number, op?: string): void {
    this.units.set(id, { id, op, value, parent, order });
    this.groups.get(parent)!.children.push(id);
  }

  private addOpUnit(o: OpNode, parent: string): void {
    const at = o.layer === undefined ? parent : this.layerGroup(o.layer, parent);
    this.addUnit(o.id, o.output, at, o.index, o.id);
    if (at !== parent) this.layerOps.get(at)!.push(o);
  }

  /** Stable keys for the tape's layer calls: the label and how many calls with that label came before. */
  private indexLayers(): void {
    const seen = new Map<string, number>();
    for (const l of this.tape.layers ?? []) {
      this.layerById.set(l.id, l);
      const n = seen.get(l.label) ?? 0;
      seen.set(l.label, n + 1);
      this.layerKey.set(l.id, `${l.label}#${n}`);
    }
  }

  /**
   * The group of a layer call inside `parent`, made on first use with the groups of the calls around it (a model's
   * call around its layers' calls): one collapsible node per call, named after the layer.
   */
  private layerGroup(layer: number, parent: string): string {
    const chain: LayerCallRecord[] = [];
    for (let l = this.layerById.get(layer); l; l = l.parent === undefined ? undefined : this.layerById.get(l.parent)) {
      chain.unshift(l);
    }
    let at = parent;
    for (const l of chain) {
      const id = `${at}/layer:${this.layerKey.get(l.id)}`;
      if (!this.groups.has(id)) {
        this.newGroup(id, 'layer', l.label, at);
        this.groups.get(at)!.children.push(id);
        this.layerOps.set(id, []);
      }
      at = id;
    }
    return at;
  }

  /** Loops: runs of consecutive ops whose (span, op) repeats, cut into iterations; every other op is a unit. */
  private addLoops(): void {
    for (const [frame, ops] of this.frameOps) {
      const steps = this.stepsOf(ops);
      const count = new Map<string, number>();
      for (const st of steps) if (st.span) count.set(st.key, (count.get(st.key) ?? 0) + 1);
      // A recorded backward pass has all its ops at the `gradient()` call's span: repeats there are not a loop.
      const backward = this.groups.get(frame)!.kind === 'backward';
      const repeated = (st: Step): boolean => !backward && !!st.span && (count.get(st.key) ?? 0) > 1;
      const addAll = (run: readonly Step[], parent: string) => {
        for (const st of run) for (const o of st.ops) this.addOpUnit(o, parent);
      };
      let loopNo = 0;
      for (let i = 0; i < steps.length; ) {
        if (!repeated(steps[i])) {
          addAll([steps[i]], frame);
          i++;
          continue;
        }
        let j = i;
        while (j < steps.length && repeated(steps[j])) j++;
        const run = steps.slice(i, j);
        const iterations = splitIterations(run.map((st) => st.key));
        if (!isLoop(run, iterations)) addAll(run, frame);
        else this.addLoop(frame, run, iterations, loopNo++);
        i = j;
      }
    }
  }

  /**
   * What loops are found in: single ops, and the ops of one outermost layer call taken together (a model call in a
   * training loop repeats; the reads and matmuls inside one call are not a loop).
   */
  private stepsOf(ops: readonly OpNode[]): Step[] {
    const steps: Step[] = [];
    for (const o of ops) {
      let call = o.layer === undefined ? undefined : this.layerById.get(o.layer);
      while (call?.parent !== undefined) call = this.layerById.get(call.parent);
      const last = steps[steps.length - 1];
      if (call !== undefined && last?.call === call.id) {
        last.ops.push(o);
        continue;
      }
      const key = `${this.rel(o.span)}|${call ? `layer:${call.label}` : o.op}`;
      steps.push({ ops: [o], key, span: o.span, call: call?.id });
    }
    return steps;
  }

  private addLoop(frame: string, run: readonly Step[], iterations: readonly number[], loopNo: number): void {
    const first = run[0].ops[0];
    const loopId = `${frame}/loop:${this.rel(first.span)}:${first.op}:${loopNo}`;
    const all = run.flatMap((st) => st.ops);
    const lines = all.map((o) => o.span!.start.line);
    const from = Math.min(...lines) + 1;
    const to = Math.max(...lines) + 1;
    const header = enclosingLoop(this.loops, first.span?.cell, lines);
    const label = header
      ? `${header.text} · line ${header.line + 1}`
      : `loop · ${from === to ? `line ${from}` : `lines ${from}–${to}`}`;
    const loop = this.newGroup(loopId, 'loop', label, frame);
    loop.detail = `${iterations.length} iterations · ${opSummary(all)}`;
    this.groups.get(frame)!.children.push(loopId);
    let at = 0;
    iterations.forEach((size, k) => {
      const body = run.slice(at, at + size).flatMap((st) => st.ops);
      at += size;
      if (iterations.every((n) => n === 1) && body.every((o) => o.layer === undefined)) {
        for (const o of body) this.addOpUnit(o, loopId);
        return;
      }
      const itId = `${loopId}/it${k}`;
      const it = this.newGroup(itId, 'iteration', `iteration ${k}`, loopId);
      it.detail = opSummary(body);
      loop.children.push(itId);
      for (const o of body) this.addOpUnit(o, itId);
    });
  }

  /**
   * Values no op of this tape produced (sources, constants, variable handles) go beside their readers (the
   * innermost group holding all of them), except what the tape watches, which stays at the top.
   */
  private placeUnproduced(): void {
    const { nodes, units } = this;
    for (const node of nodes.values()) {
      if (node.kind !== 'value' || node.producer) continue;
      let common: string[] | undefined;
      for (const c of node.consumers) {
        const chain = this.ancestors(units.get((nodes.get(c) as OpNode).unit)!.parent);
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
      this.addUnit(node.id, node.id, parent, firstUse);
    }
  }

  /** The chain of groups from the root down to `g`. */
  private ancestors(g: string): string[] {
    const chain: string[] = [];
    for (let cur: string | undefined = g; cur !== undefined; cur = this.groups.get(cur)?.parent) chain.unshift(cur);
    return chain;
  }

  /** Order each group's children, chunk big groups, and sum up what each group holds (children first). */
  private finish(g: Group): void {
    for (const c of g.children) {
      const sub = this.groups.get(c);
      if (sub) this.finish(sub);
    }
    g.children.sort((a, b) => this.orderOf(a) - this.orderOf(b));
    this.chunk(g);
    this.summarize(g);
  }

  private orderOf(id: string): number {
    return this.units.get(id)?.order ?? this.groups.get(id)!.order;
  }

  /** Cut a group with more than `maxChildren` children into chunks of `chunkSize`, level by level. */
  private chunk(g: Group): void {
    const { units, groups, chunkSize } = this;
    let level = 0;
    while (g.children.length > this.maxChildren) {
      const kids = g.children;
      const chunks: string[] = [];
      for (let s = 0; s < kids.length; s += chunkSize) {
        const part = kids.slice(s, s + chunkSize);
        const id = `${g.id}/${level}.${chunks.length}`;
        const c = this.newGroup(id, 'chunk', '', g.id);
        c.children = part;
        for (const p of part) {
          const u = units.get(p);
          if (u) u.parent = id;
          else groups.get(p)!.parent = id;
        }
        this.summarize(c);
        const its = this.iterationsIn(c);
        c.label = this.chunkLabel(c, its);
        c.detail = its.length ? `${its.length} iterations` : `${c.unitCount} values and ops`;
        chunks.push(id);
      }
      g.children = chunks;
      level++;
    }
  }

  /** The iteration groups under a chunk (through nested chunks), in order. */
  private iterationsIn(c: Group): Group[] {
    return c.children.flatMap((k) => {
      const sub = this.groups.get(k);
      return !sub ? [] : sub.kind === 'iteration' ? [sub] : sub.kind === 'chunk' ? this.iterationsIn(sub) : [];
    });
  }

  private chunkLabel(c: Group, its: Group[]): string {
    if (its.length) {
      const first = its[0].label.replace('iteration ', '');
      const last = its[its.length - 1].label.replace('iteration ', '');
      return `iterations ${first}–${last}`;
    }
    const idx = this.opIndices(c);
    return idx.length ? `ops ${idx[0] + 1}–${idx[idx.length - 1] + 1}` : `${c.unitCount} values`;
  }

  /** Tape positions of the ops under a group (all levels), ascending. */
  private opIndices(c: Group): number[] {
    const out: number[] = [];
    const walk = (g: Group): void => {
      for (const k of g.children) {
        const u = this.units.get(k);
        if (u?.op) out.push((this.nodes.get(u.op) as OpNode).index);
        else if (!u) walk(this.groups.get(k)!);
      }
    };
    walk(c);
    return out.sort((a, b) => a - b);
  }

  /** A group's node and unit counts, first position, largest |gradient| and line ranges, from its children. */
  private summarize(g: Group): void {
    g.nodeCount = 0;
    g.opCount = 0;
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
      const u = this.units.get(k);
      if (u) {
        const v = this.nodes.get(u.value) as ValueNode;
        g.nodeCount += u.op ? 2 : 1;
        if (u.op) g.opCount++;
        g.unitCount++;
        g.order = Math.min(g.order, u.order);
        addMag(v.mag, v.sign);
        const span = u.op ? this.nodes.get(u.op)!.span : v.span;
        if (span) addLines(String(span.cell ?? ''), span.start.line, span.end.line);
      } else {
        const s = this.groups.get(k)!;
        g.nodeCount += s.nodeCount;
        g.opCount += s.opCount;
        g.unitCount += s.unitCount;
        g.order = Math.min(g.order, s.order);
        addMag(s.mag, s.sign);
        for (const [cell, [from, to]] of s.lines) addLines(cell, from, to);
      }
    }
  }
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

/**
 * Whether a run of repeated ops is worth a loop group: three iterations or more, or two that are more than one op
 * each or where the second reads what the first produced (`out = multiply(out, x)` twice). Two reads of `x` for
 * `x * x` repeat a span too, but they are one expression, not a loop.
 */
function isLoop(run: readonly Step[], iterations: readonly number[]): boolean {
  if (iterations.length >= 3) return true;
  if (iterations.length < 2) return false;
  if (iterations[0] > 1 || iterations[1] > 1) return true;
  const first = new Set(run.slice(0, iterations[0]).flatMap((st) => st.ops.map((o) => o.output)));
  return run.slice(iterations[0]).some((st) => st.ops.some((o) => o.inputs.some((i) => first.has(i))));
}

/** An op, or the ops of one outermost layer call, with the key its repeats are recognised by. */
interface Step {
  ops: OpNode[];
  key: string;
  span: Span | undefined;
  /** The outermost layer call's id. */
  call: number | undefined;
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

const sameSpan = (a: Span, b: Span): boolean =>
  a.cell === b.cell &&
  a.start.line === b.start.line &&
  a.start.character === b.start.character &&
  a.end.line === b.end.line &&
  a.end.character === b.end.character;
