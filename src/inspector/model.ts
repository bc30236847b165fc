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
 * `graphBuilder.ts` builds it. Ids are stable across runs of the same code (they come from spans, op types and
 * iteration indices, not from the engine's counters), so zoom, selection and collapsed groups survive live updates.
 */
import type { GradientRecord, NestedValue, Span, TapeRecord, TapeValueNode } from '../protocol/report';
import { whereText } from './text';

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
  // A tape created in a loop: the report keeps several iterations' tapes, each its own entry.
  const iteration = tape.at ? ` · iteration ${tape.at.iteration} of ${tape.at.of}` : '';
  return `${name}${where ? ` · ${where}` : ''}${iteration}${inside}`;
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
