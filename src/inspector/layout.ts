/**
 * Layout with dagre (@dagrejs/dagre: Sugiyama-style layered layout, the layout of TensorBoard's first graph view and
 * of many DAG viewers; small, dependency-free, runs in the webview).
 *
 * dagre's cost grows faster than the node count (ranking by network simplex, crossing reduction sweeps), so the
 * graph is laid out the way its groups nest: each expanded group (frame) is one small dagre graph of its visible
 * children — units, collapsed boxes and inner frames, whose size comes from their own layout — with the edges
 * between its descendants lifted to those children. Groups have at most `maxChildren` children (the model chunks
 * larger ones), so every dagre call is small, and a frame whose contents did not change is not laid out again
 * (`LayoutCache`, keyed by a signature of children, sizes and edges): live updates and expanding one group only
 * lay out what changed.
 */
import dagre, { type Graph as DagreGraph } from '@dagrejs/dagre';
import {
  type Dir,
  FRAME_HEAD,
  FRAME_PAD,
  frameHeadWidth,
  groupBoxGeom,
  type Point,
  type Rect,
  type UnitGeom,
  unitGeom,
} from './geometry';
import type { TapeGraph } from './model';
import type { VisibleEdge, VisibleGraph } from './view';

export interface Layout {
  dir: Dir;
  /** Absolute boxes of units, collapsed groups and frames (expanded groups). */
  boxes: Map<string, Rect>;
  units: Map<string, UnitGeom>;
  /** Edge id → polyline from the source's out port to the target's in port (absolute). */
  edges: Map<string, Point[]>;
  width: number;
  height: number;
  /** dagre calls made for this layout (the rest came from the cache). */
  dagreRuns: number;
}

interface FrameLayout {
  w: number;
  h: number;
  /** Child id → top-left relative to the frame's content origin. */
  pos: Map<string, Point>;
  /** `childA>childB` → dagre's bend points (relative to the content origin). */
  bends: Map<string, Point[]>;
}

/** Remembers frame layouts by signature; keep one per panel so live updates reuse what did not change. */
export class LayoutCache {
  private map = new Map<string, FrameLayout>();
  private used = new Set<string>();
  get(sig: string): FrameLayout | undefined {
    const hit = this.map.get(sig);
    if (hit) this.used.add(sig);
    return hit;
  }
  set(sig: string, l: FrameLayout): void {
    this.map.set(sig, l);
    this.used.add(sig);
  }
  /** Forget layouts not used since the last sweep (call after each full layout). */
  sweep(): void {
    for (const k of this.map.keys()) if (!this.used.has(k)) this.map.delete(k);
    this.used.clear();
  }
  get size(): number {
    return this.map.size;
  }
}

const MARGIN = 16;

export function layoutGraph(g: TapeGraph, vis: VisibleGraph, dir: Dir, cache = new LayoutCache()): Layout {
  const units = new Map<string, UnitGeom>();
  const sizes = new Map<string, { w: number; h: number }>();
  for (const id of vis.items) {
    const unit = g.units.get(id);
    if (unit) {
      const geom = unitGeom(g, unit, dir);
      units.set(id, geom);
      sizes.set(id, { w: geom.w, h: geom.h });
    } else {
      const box = groupBoxGeom(g, g.groups.get(id)!);
      sizes.set(id, { w: box.w, h: box.h });
    }
  }

  // Parent frame of every visible item and frame.
  const parentOf = new Map<string, string>();
  for (const [frame, kids] of vis.containers) for (const k of kids) parentOf.set(k, frame);
  const chain = (id: string): string[] => {
    const out = [id];
    for (let p = parentOf.get(id); p !== undefined; p = parentOf.get(p)) out.unshift(p);
    return out;
  };
  // Each visible edge belongs to the frame that holds both ends (lowest common frame), between two of its children.
  const frameEdges = new Map<string, [string, string][]>();
  const lifted = new Map<string, { frame: string; a: string; b: string }>();
  for (const e of vis.edges) {
    const ca = chain(e.from);
    const cb = chain(e.to);
    let k = 0;
    while (k < ca.length && k < cb.length && ca[k] === cb[k]) k++;
    const frame = ca[k - 1];
    const a = ca[k];
    const b = cb[k];
    if (a === undefined || b === undefined) continue;
    lifted.set(e.id, { frame, a, b });
    const list = frameEdges.get(frame) ?? [];
    list.push([a, b]);
    frameEdges.set(frame, list);
  }

  let dagreRuns = 0;
  const frames = new Map<string, FrameLayout>();
  const layoutFrame = (frame: string): FrameLayout => {
    const kids = vis.containers.get(frame)!;
    for (const k of kids) if (vis.containers.has(k)) sizes.set(k, frameSize(layoutFrame(k), k));
    const pairs = withoutFanOut(dedupe(frameEdges.get(frame) ?? []), kids);
    const sig = `${dir}|${kids.map((k) => `${k}:${sizes.get(k)!.w}x${sizes.get(k)!.h}`).join('\u0000')}|${[...pairs.keys()].join('\u0000')}`;
    let fl = cache.get(sig);
    if (!fl) {
      fl = runDagre(kids, sizes, pairs, dir);
      dagreRuns++;
      cache.set(sig, fl);
    }
    frames.set(frame, fl);
    return fl;
  };
  const frameSize = (fl: FrameLayout, frame: string): { w: number; h: number } => ({
    w: Math.max(fl.w + 2 * FRAME_PAD, frameHeadWidth(g.groups.get(frame)!)),
    h: fl.h + 2 * FRAME_PAD + FRAME_HEAD,
  });
  const rootLayout = layoutFrame(g.root);
  const rootSize = frameSize(rootLayout, g.root);
  cache.sweep();

  // Absolute positions, top-down.
  const boxes = new Map<string, Rect>();
  const place = (frame: string, x: number, y: number): void => {
    const size = frame === g.root ? rootSize : sizes.get(frame)!;
    boxes.set(frame, { x, y, w: size.w, h: size.h });
    const fl = frames.get(frame)!;
    const ox = x + FRAME_PAD;
    const oy = y + FRAME_PAD + FRAME_HEAD;
    for (const k of vis.containers.get(frame)!) {
      const p = fl.pos.get(k)!;
      if (vis.containers.has(k)) place(k, ox + p.x, oy + p.y);
      else boxes.set(k, { x: ox + p.x, y: oy + p.y, ...sizes.get(k)! });
    }
  };
  place(g.root, MARGIN, MARGIN);

  const edges = new Map<string, Point[]>();
  for (const e of vis.edges) {
    const l = lifted.get(e.id);
    const from = outPort(e, boxes, units, dir);
    const to = inPort(e, boxes, units, dir);
    if (!l || !from || !to) continue;
    const frameBox = boxes.get(l.frame)!;
    const ox = frameBox.x + FRAME_PAD;
    const oy = frameBox.y + FRAME_PAD + FRAME_HEAD;
    const bends = (frames.get(l.frame)!.bends.get(`${l.a}>${l.b}`) ?? []).map((p) => ({ x: ox + p.x, y: oy + p.y }));
    edges.set(e.id, [from, ...bends, to]);
  }
  return {
    dir,
    boxes,
    units,
    edges,
    width: rootSize.w + 2 * MARGIN,
    height: rootSize.h + 2 * MARGIN,
    dagreRuns,
  };
}

function outPort(e: VisibleEdge, boxes: Map<string, Rect>, units: Map<string, UnitGeom>, dir: Dir): Point | undefined {
  const b = boxes.get(e.from);
  if (!b) return undefined;
  const u = units.get(e.from);
  if (u) return { x: b.x + u.outPort.x, y: b.y + u.outPort.y };
  return dir === 'LR' ? { x: b.x + b.w, y: b.y + b.h / 2 } : { x: b.x + b.w / 2, y: b.y + b.h };
}

function inPort(e: VisibleEdge, boxes: Map<string, Rect>, units: Map<string, UnitGeom>, dir: Dir): Point | undefined {
  const b = boxes.get(e.to);
  if (!b) return undefined;
  const u = units.get(e.to);
  if (u) return { x: b.x + u.inPort.x, y: b.y + u.inPort.y };
  return dir === 'LR' ? { x: b.x, y: b.y + b.h / 2 } : { x: b.x + b.w / 2, y: b.y };
}

/**
 * An item read by many others in one frame (a weight every layer uses, the watched `x` of a loop) keeps only its
 * edge to its first reader for layout; the others are still drawn, port to port. TensorBoard's graph does the same
 * with high-degree nodes: each long edge would add a dummy node on every rank it crosses, which costs layout time
 * (quadratic for a source read along a long chain) and bends the rest of the graph around it.
 */
export const FAN_OUT_MAX = 4;

function withoutFanOut(pairs: Map<string, [string, string]>, kids: readonly string[]): Map<string, [string, string]> {
  const out = new Map<string, number>();
  for (const [a] of pairs.values()) out.set(a, (out.get(a) ?? 0) + 1);
  if (![...out.values()].some((n) => n > FAN_OUT_MAX)) return pairs;
  const order = new Map(kids.map((k, i) => [k, i]));
  const first = new Map<string, [string, string]>();
  for (const [key, [a, b]] of pairs) {
    if ((out.get(a) ?? 0) <= FAN_OUT_MAX) continue;
    const known = first.get(a);
    if (!known || (order.get(b) ?? 0) < (order.get(known[1]) ?? 0)) first.set(a, [key, b]);
  }
  const kept = new Map<string, [string, string]>();
  for (const [key, pair] of pairs)
    if ((out.get(pair[0]) ?? 0) <= FAN_OUT_MAX || first.get(pair[0])?.[0] === key) kept.set(key, pair);
  return kept;
}

/** Pairs without repeats or self-loops, keyed `a>b` (keys only: ids may contain `>`, so they are never split). */
function dedupe(pairs: [string, string][]): Map<string, [string, string]> {
  const seen = new Map<string, [string, string]>();
  for (const [a, b] of pairs) if (a !== b) seen.set(`${a}>${b}`, [a, b]);
  return seen;
}

function runDagre(
  kids: readonly string[],
  sizes: Map<string, { w: number; h: number }>,
  pairs: ReadonlyMap<string, [string, string]>,
  dir: Dir,
): FrameLayout {
  const gl = new dagre.graphlib.Graph({ multigraph: false, compound: false });
  gl.setGraph({
    rankdir: dir,
    nodesep: dir === 'LR' ? 18 : 26,
    ranksep: dir === 'LR' ? 46 : 38,
    edgesep: 10,
    marginx: 0,
    marginy: 0,
  });
  gl.setDefaultEdgeLabel(() => ({}));
  for (const k of kids) {
    const s = sizes.get(k)!;
    gl.setNode(k, { width: s.w, height: s.h });
  }
  for (const [a, b] of pairs.values()) gl.setEdge(a, b);
  dagre.layout(gl, kids.length > FULL_ORDER_MAX ? { customOrder: quickOrder } : {});
  const pos = new Map<string, Point>();
  let w = 0;
  let h = 0;
  for (const k of kids) {
    const n = gl.node(k) as { x: number; y: number; width: number; height: number };
    const x = n.x - n.width / 2;
    const y = n.y - n.height / 2;
    pos.set(k, { x, y });
    w = Math.max(w, x + n.width);
    h = Math.max(h, y + n.height);
  }
  const bends = new Map<string, Point[]>();
  for (const [key, [a, b]] of pairs) {
    const e = gl.edge(a, b) as { points?: Point[] } | undefined;
    const pts = e?.points ?? [];
    // dagre's first and last points sit on the node borders; the ports replace them.
    bends.set(key, pts.slice(1, -1));
    for (const q of pts) {
      w = Math.max(w, q.x);
      h = Math.max(h, q.y);
    }
  }
  return { w, h, pos, bends };
}

/**
 * Frames with more children than this get `quickOrder` instead of dagre's crossing reduction, which costs most of a
 * layout (it builds a layer graph per rank and sweeps until 4 sweeps bring no improvement: ~3× the rest for 24
 * nodes). Everything else — ranking, dummy nodes for long edges, coordinates, edge points — stays dagre's.
 */
export const FULL_ORDER_MAX = 12;

/**
 * dagre's `customOrder` hook: dagre's own initial order (depth-first from the nodes of the first ranks) followed by
 * one barycenter sweep down and one up — the heuristic dagre repeats until it stops improving, done twice.
 */
function quickOrder(g: DagreGraph): void {
  const layers: string[][] = [];
  const seen = new Set<string>();
  const node = (v: string) => g.node(v) as { rank: number; order: number };
  const visit = (start: string): void => {
    const stack = [start];
    while (stack.length) {
      const v = stack.pop()!;
      if (seen.has(v)) continue;
      seen.add(v);
      const r = node(v).rank;
      (layers[r] ??= []).push(v);
      const next = g.successors(v) ?? [];
      for (let i = next.length - 1; i >= 0; i--) if (!seen.has(next[i])) stack.push(next[i]);
    }
  };
  const starts = g.nodes().sort((a: string, b: string) => node(a).rank - node(b).rank);
  for (const v of starts) visit(v);
  const place = (layer: string[]): void => {
    layer.forEach((v, i) => {
      node(v).order = i;
    });
  };
  for (const layer of layers) if (layer) place(layer);
  const sweep = (from: number, to: number, step: number, neighbours: (v: string) => string[] | undefined): void => {
    for (let r = from; r !== to; r += step) {
      const layer = layers[r];
      if (!layer) continue;
      const bary = new Map<string, number>();
      for (const v of layer) {
        const ns = neighbours(v) ?? [];
        bary.set(v, ns.length ? ns.reduce((sum, w) => sum + node(w).order, 0) / ns.length : node(v).order);
      }
      layer.sort((a, b) => bary.get(a)! - bary.get(b)! || node(a).order - node(b).order);
      place(layer);
    }
  };
  sweep(1, layers.length, 1, (v) => g.predecessors(v));
  sweep(layers.length - 2, -1, -1, (v) => g.successors(v));
}

/**
 * An SVG path through the points: one cubic Bézier per segment whose tangents follow the layout direction
 * (horizontal in LR, vertical in TB), so an edge leaves and enters its ports straight and never overshoots.
 */
export function pathThrough(points: readonly Point[], dir: Dir): string {
  const f = (n: number): string => (Math.round(n * 10) / 10).toString();
  if (points.length < 2) return '';
  let d = `M${f(points[0].x)},${f(points[0].y)}`;
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1];
    const b = points[i];
    if (dir === 'LR') {
      const dx = Math.max(Math.abs(b.x - a.x) / 2, points.length === 2 ? 20 : 0);
      d += `C${f(a.x + dx)},${f(a.y)} ${f(b.x - dx)},${f(b.y)} ${f(b.x)},${f(b.y)}`;
    } else {
      const dy = Math.max(Math.abs(b.y - a.y) / 2, points.length === 2 ? 20 : 0);
      d += `C${f(a.x)},${f(a.y + dy)} ${f(b.x)},${f(b.y - dy)} ${f(b.x)},${f(b.y)}`;
    }
  }
  return d;
}
