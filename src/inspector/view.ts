/**
 * What is visible of a tape graph given which groups are expanded: the expanded groups become frames (containers),
 * collapsed ones single boxes, and edges are lifted to whatever stands for their ends (an edge into a collapsed loop
 * ends at the loop's box; edges inside a collapsed group disappear). Pure, like the model.
 */
import type { Group, TapeGraph, ValueNode } from './model';

export interface VisibleEdge {
  /** `from>to` of the visible items. */
  id: string;
  from: string;
  to: string;
  /** The node ids at the ends when they are visible nodes (not collapsed groups). */
  fromNode?: string;
  toNode?: string;
  /** Largest |gradient| of the values flowing along (the non-colour cue: edge width). */
  mag?: number;
  count: number;
}

export interface VisibleGraph {
  /** Expanded groups → their visible children (unit ids, collapsed group ids, expanded group ids). */
  containers: Map<string, string[]>;
  /** Groups drawn as boxes. */
  collapsed: Set<string>;
  /** The visible item standing for each unit (itself, or the collapsed group that holds it). */
  itemOf: Map<string, string>;
  edges: VisibleEdge[];
  /** Units and collapsed groups, in tape order. */
  items: string[];
}

export interface Expansion {
  /** Groups the user opened or closed; everything else follows `defaultExpanded`. */
  expanded?: ReadonlySet<string>;
  collapsed?: ReadonlySet<string>;
}

/** Default for how much is open: frames first, then loops and chunks in tape order, while ≤ `budget` items show. */
export function defaultExpanded(g: TapeGraph, budget = 80, smallLoop = 12): Set<string> {
  const open = new Set<string>([g.root]);
  const root = g.groups.get(g.root)!;
  let visible = root.children.length;
  const priority = (x: Group): number =>
    x.kind === 'nested' || x.kind === 'backward' ? 0 : x.kind === 'loop' ? 2 : x.kind === 'iteration' ? 3 : 1;
  const queue = childGroups(g, root).sort((a, b) => priority(a) - priority(b) || a.order - b.order);
  while (queue.length) {
    const group = queue.shift()!;
    const cost = group.children.length - 1;
    const allowed = group.kind !== 'loop' || group.unitCount <= smallLoop;
    if (allowed && visible + cost <= budget) {
      open.add(group.id);
      visible += cost;
      queue.push(...childGroups(g, group).sort((a, b) => priority(a) - priority(b) || a.order - b.order));
    }
  }
  return open;
}

const childGroups = (g: TapeGraph, group: Group): Group[] =>
  group.children.flatMap((c) => {
    const sub = g.groups.get(c);
    return sub ? [sub] : [];
  });

/** The expanded set: defaults, plus what the user opened, minus what the user closed. The root is always open. */
export function effectiveExpanded(g: TapeGraph, defaults: ReadonlySet<string>, user: Expansion): Set<string> {
  const open = new Set(defaults);
  for (const id of user.expanded ?? []) if (g.groups.has(id)) open.add(id);
  for (const id of user.collapsed ?? []) open.delete(id);
  open.add(g.root);
  return open;
}

export function visibleGraph(g: TapeGraph, expanded: ReadonlySet<string>): VisibleGraph {
  const containers = new Map<string, string[]>();
  const collapsed = new Set<string>();
  const itemOf = new Map<string, string>();
  const items: string[] = [];
  const hide = (groupId: string, rep: string): void => {
    for (const c of g.groups.get(groupId)!.children) {
      if (g.units.has(c)) itemOf.set(c, rep);
      else hide(c, rep);
    }
  };
  const open = (groupId: string): void => {
    const kids: string[] = [];
    containers.set(groupId, kids);
    for (const c of g.groups.get(groupId)!.children) {
      kids.push(c);
      if (g.units.has(c)) {
        itemOf.set(c, c);
        items.push(c);
      } else if (expanded.has(c)) open(c);
      else {
        collapsed.add(c);
        items.push(c);
        hide(c, c);
      }
    }
  };
  open(g.root);

  const edges: VisibleEdge[] = [];
  const index = new Map<string, VisibleEdge>();
  for (const e of g.edges) {
    const fromUnit = g.nodes.get(e.from)!.unit;
    const toUnit = g.nodes.get(e.to)!.unit;
    const from = itemOf.get(fromUnit)!;
    const to = itemOf.get(toUnit)!;
    if (from === to) continue;
    const id = `${from}>${to}`;
    const mag = (g.nodes.get(e.from) as ValueNode).mag;
    const known = index.get(id);
    if (known) {
      known.count += e.count;
      if (mag !== undefined && (known.mag === undefined || mag > known.mag)) known.mag = mag;
      continue;
    }
    const edge: VisibleEdge = { id, from, to, count: e.count, mag };
    if (from === fromUnit) edge.fromNode = e.from;
    if (to === toUnit) edge.toNode = e.to;
    index.set(id, edge);
    edges.push(edge);
  }
  return { containers, collapsed, itemOf, edges, items };
}

/** The visible item that shows a node: its unit, or the collapsed group around it. */
export const itemOfNode = (g: TapeGraph, vis: VisibleGraph, nodeId: string): string | undefined => {
  const node = g.nodes.get(nodeId);
  return node && vis.itemOf.get(node.unit);
};

/** Gradient magnitude bucket: -1 no gradient, 0 zero, 1…5 by the ratio to the tape's largest |∇| (log steps). */
export function magBucket(mag: number | undefined, max: number): number {
  if (mag === undefined) return -1;
  if (mag === 0 || !(max > 0)) return 0;
  const r = mag / max;
  return r >= 0.5 ? 5 : r >= 0.1 ? 4 : r >= 0.01 ? 3 : r >= 0.001 ? 2 : 1;
}

/** The lower bound of each bucket as a fraction of the largest |∇| (the legend). */
export const BUCKET_FLOOR = [0, 0, 0.001, 0.01, 0.1, 0.5] as const;
/** The non-colour cue inside the node: a bar that grows with the bucket. */
export const BUCKET_GLYPH = ['·', '▁', '▂', '▄', '▆', '█'] as const;
