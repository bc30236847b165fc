/**
 * The tape inspector webview app (bundled to dist/inspector.js, a browser IIFE). It receives the tapes of a
 * document from the panel host (`HostToInspector`), builds the graph model of the chosen tape, lays it out
 * with dagre, renders SVG, and handles zoom/pan, search, keyboard navigation, the details pane, the backward-pass
 * stepper and export. State that must survive a tab switch or a reload goes through `setState`.
 *
 * Document strings reach the page only through `esc` (render.ts) or `textContent` (details pane): never as markup.
 */
import { type HostToInspector, type InspectorToHost, isHostToInspector } from '../protocol/messages';
import type { GradientRecord, Span, TapeRecord } from '../protocol/report';
import { backwardOrder, explain, nodeTitle } from './details';
import { fmt, type Rect } from './geometry';
import { buildGraph } from './graphBuilder';
import { type Layout, LayoutCache, layoutGraph } from './layout';
import {
  type GraphNode,
  groupPath,
  nodesIn,
  nodesOnLine,
  search,
  type TapeGraph,
  tapeKey,
  tapeTitle,
  type ValueNode,
} from './model';
import { type Rendered, renderGraph, SVG_DEFS, standaloneSvg } from './render';
import { emptyState, type InspectorState, readState, type TapeViewState, tapeState, type Viewport } from './state';
import { nestedText, shapeText, whereText } from './text';
import {
  BUCKET_FLOOR,
  BUCKET_GLYPH,
  defaultExpanded,
  effectiveExpanded,
  itemOfNode,
  type VisibleGraph,
  visibleGraph,
} from './view';

interface VsCodeApi {
  postMessage(m: unknown): void;
  getState(): unknown;
  setState(s: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const api = acquireVsCodeApi();
const post = (m: InspectorToHost): void => api.postMessage(m);

const byId = <T extends Element = HTMLElement>(id: string): T => {
  const el = document.getElementById(id);
  if (!el) throw new Error(`inspector: #${id} missing`);
  return el as unknown as T;
};

const ui = {
  app: byId('app'),
  tapeSelect: byId<HTMLSelectElement>('tape-select'),
  search: byId<HTMLInputElement>('search'),
  searchCount: byId('search-count'),
  searchPrev: byId<HTMLButtonElement>('search-prev'),
  searchNext: byId<HTMLButtonElement>('search-next'),
  dir: byId<HTMLButtonElement>('dir'),
  zoomIn: byId<HTMLButtonElement>('zoom-in'),
  zoomOut: byId<HTMLButtonElement>('zoom-out'),
  zoomFit: byId<HTMLButtonElement>('zoom-fit'),
  collapseAll: byId<HTMLButtonElement>('collapse-all'),
  expandAll: byId<HTMLButtonElement>('expand-all'),
  stepFirst: byId<HTMLButtonElement>('step-first'),
  stepPrev: byId<HTMLButtonElement>('step-prev'),
  stepNext: byId<HTMLButtonElement>('step-next'),
  stepLast: byId<HTMLButtonElement>('step-last'),
  stepExit: byId<HTMLButtonElement>('step-exit'),
  stepText: byId('step-text'),
  exportSvg: byId<HTMLButtonElement>('export'),
  banner: byId('banner'),
  graph: byId('graph'),
  svg: byId<SVGSVGElement>('svg'),
  viewport: byId<SVGGElement>('viewport'),
  content: byId<SVGGElement>('content'),
  details: byId('details'),
  legend: byId('legend'),
  live: byId('live'),
  empty: byId('empty'),
};

// ---------------------------------------------------------------- state

let state: InspectorState = readState(api.getState());
let tapes: TapeRecord[] = [];
let gradients: GradientRecord[] = [];
let reportKey = '';
let graph: TapeGraph | undefined;
let currentTape: string | undefined;
let vis: VisibleGraph | undefined;
let layout: Layout | undefined;
let rendered: Rendered | undefined;
let lastMarkup = '';
let elements: (SVGGElement | undefined)[] = [];
let edgeElements: SVGPathElement[] = [];
const cache = new LayoutCache();
let viewport: Viewport = { x: 0, y: 0, k: 1 };
let cursor: { line: number; cell?: number } | undefined;
let hits: string[] = [];
let hitAt = -1;
let stepSeq: string[] | undefined;
let stepAt = -1;
let fitPending = false;
/** Position of the shown tape in the report: the fallback when a renamed tape's key is gone. */
let shownIndex = -1;

const save = (): void => {
  if (graph && currentTape) tapeState(state, currentTape).view = { ...viewport };
  api.setState(state);
};
const ts = (): TapeViewState | undefined => (currentTape ? tapeState(state, currentTape) : undefined);
const announce = (text: string): void => {
  ui.live.textContent = text;
};

// ---------------------------------------------------------------- messages from the host

window.addEventListener('message', (event: MessageEvent) => {
  const msg = event.data as unknown;
  if (!isHostToInspector(msg)) return;
  onHostMessage(msg);
});

function onHostMessage(msg: HostToInspector): void {
  switch (msg.type) {
    case 'report': {
      if (state.uri !== msg.uri) {
        const keep = state.dir;
        state = { ...emptyState(), dir: keep, tapes: state.uri === undefined ? state.tapes : {}, uri: msg.uri };
        cursor = undefined;
        stopStepping();
      }
      tapes = msg.tapes;
      gradients = msg.gradients;
      reportKey = msg.key;
      fillTapeSelect();
      const focus = msg.focus;
      const wanted =
        focus?.tape !== undefined
          ? tapes.find((t) => t.id === focus.tape)
          : (tapes.find((t) => key(t) === state.tape) ?? (shownIndex >= 0 ? tapes[shownIndex] : undefined));
      showTape(wanted ?? firstTape(), focus?.node);
      break;
    }
    case 'focus': {
      const t = msg.tape === undefined ? undefined : tapes.find((x) => x.id === msg.tape);
      if (t && key(t) !== currentTape) showTape(t, msg.node);
      else if (msg.node !== undefined) selectByRef(msg.node);
      break;
    }
    case 'cursor':
      cursor = { line: msg.line, cell: msg.cell };
      followCursor();
      break;
    case 'empty':
      if (state.uri !== msg.uri) state = { ...emptyState(), dir: state.dir, uri: msg.uri };
      tapes = [];
      graph = undefined;
      currentTape = undefined;
      fillTapeSelect();
      showEmpty(
        msg.reason === 'waiting'
          ? `Waiting for ${fileName(msg.uri)} to be evaluated…`
          : msg.reason === 'closed'
            ? `${fileName(msg.uri)} was closed. Open it to see its tapes.`
            : `${fileName(msg.uri)} has no GradientTape to show.`,
      );
      save();
      break;
  }
}

const key = (t: TapeRecord): string => tapeKey(t, tapes);
const firstTape = (): TapeRecord | undefined => tapes.find((t) => t.ops.length > 0) ?? tapes[0];
const fileName = (uri: string): string => decodeURIComponent(uri.replace(/[?#].*$/, '').replace(/^.*\//, '')) || uri;

function fillTapeSelect(): void {
  const sel = ui.tapeSelect;
  const options = tapes.map((t) => {
    const depth = depthOf(t);
    const o = document.createElement('option');
    o.value = key(t);
    o.textContent = `${depth ? `${'  '.repeat(depth)}↳ ` : ''}${tapeTitle(t)} · ${t.opCount} op${t.opCount === 1 ? '' : 's'}`;
    return o;
  });
  sel.replaceChildren(...options);
  sel.disabled = tapes.length === 0;
  if (currentTape) sel.value = currentTape;
}

function depthOf(t: TapeRecord): number {
  let d = 0;
  for (let p = t.parent; p !== undefined && d < 8; d++) p = tapes.find((x) => x.id === p)?.parent;
  return d;
}

function showEmpty(text: string): void {
  ui.empty.textContent = text;
  ui.empty.hidden = false;
  ui.content.replaceChildren();
  lastMarkup = '';
  elements = [];
  edgeElements = [];
  rendered = undefined;
  layout = undefined;
  vis = undefined;
  ui.details.replaceChildren();
  ui.banner.textContent = '';
  ui.banner.hidden = true;
  updateStepper();
}

// ---------------------------------------------------------------- choosing and drawing a tape

function showTape(tape: TapeRecord | undefined, node?: number): void {
  if (!tape) {
    graph = undefined;
    currentTape = undefined;
    showEmpty(state.uri ? `${fileName(state.uri)} has no GradientTape to show.` : 'No document.');
    save();
    return;
  }
  const k = key(tape);
  shownIndex = tapes.indexOf(tape);
  const switched = k !== currentTape;
  if (switched) {
    if (graph && currentTape) tapeState(state, currentTape).view = { ...viewport };
    stopStepping();
  }
  currentTape = k;
  state.tape = k;
  ui.tapeSelect.value = k;
  graph = buildGraph(tape, tapes, gradients);
  ui.empty.hidden = true;
  const t = ts()!;
  if (switched) {
    if (t.view) viewport = { ...t.view };
    else fitPending = true;
  }
  if (stepSeq) stepSeq = backwardOrder(graph);
  ui.banner.hidden = !tape.truncated;
  ui.banner.textContent = tape.truncated
    ? `This tape recorded ${tape.opCount} ops; the report lists the first ${tape.ops.length}.`
    : '';
  if (node !== undefined) selectByRef(node, false);
  draw();
  if (hits.length || state.query) runSearch(false);
  followCursor();
}

function draw(anchor?: { id: string; before: Rect }): void {
  if (!graph) return;
  const started = performance.now();
  const t = ts()!;
  const expanded = effectiveExpanded(graph, defaultExpanded(graph), {
    expanded: new Set(t.expanded),
    collapsed: new Set(t.collapsed),
  });
  vis = visibleGraph(graph, expanded);
  layout = layoutGraph(graph, vis, state.dir, cache);
  rendered = renderGraph(graph, vis, layout);
  if (rendered.markup !== lastMarkup) {
    ui.content.innerHTML = rendered.markup;
    lastMarkup = rendered.markup;
    elements = [];
    ui.content.querySelectorAll<SVGGElement>('[data-i]').forEach((el) => {
      elements[Number(el.dataset.i)] = el;
    });
    edgeElements = [];
    ui.content.querySelectorAll<SVGPathElement>('[data-e]').forEach((el) => {
      edgeElements[Number(el.dataset.e)] = el;
    });
  }
  ui.graph.setAttribute(
    'aria-label',
    `${graph.title}: ${graph.tape.opCount} ops, ${vis.items.length} items shown. Arrow keys move between nodes, Enter reveals the source or opens a group, plus and minus zoom.`,
  );
  if (anchor) {
    const after = layout.boxes.get(anchor.id);
    if (after) {
      viewport.x += (anchor.before.x - after.x) * viewport.k;
      viewport.y += (anchor.before.y - after.y) * viewport.k;
    }
  }
  if (fitPending) {
    fitPending = false;
    initialView();
  }
  applyViewport();
  applyClasses();
  renderDetails();
  renderLegend();
  updateStepper();
  save();
  post({
    type: 'rendered',
    tape: currentTape,
    tapeId: graph.tape.id,
    nodes: graph.nodes.size,
    items: vis.items.length,
    ms: Math.round(performance.now() - started),
  });
}

// ---------------------------------------------------------------- classes: selection, cursor, search, stepping

function targetIndex(id: string): number {
  return rendered ? rendered.targets.findIndex((t) => t.id === id && t.kind !== 'frame') : -1;
}
function frameIndex(id: string): number {
  return rendered ? rendered.targets.findIndex((t) => t.id === id && t.kind === 'frame') : -1;
}

/** The element showing a node or group: itself, or the collapsed group around it. */
function elementFor(id: string): SVGGElement | undefined {
  if (!graph || !vis || !rendered) return undefined;
  let i = targetIndex(id);
  if (i < 0 && graph.nodes.has(id)) {
    const item = itemOfNode(graph, vis, id);
    if (item) i = targetIndex(item);
  }
  return i < 0 ? undefined : elements[i];
}

function applyClasses(): void {
  if (!graph || !rendered) return;
  ui.content
    .querySelectorAll('.selected, .at-cursor, .hit, .hit-current, .pending, .current-step, .hl')
    .forEach((el) => {
      el.classList.remove('selected', 'at-cursor', 'hit', 'hit-current', 'pending', 'current-step', 'hl');
    });
  const t = ts()!;
  const sel = t.selected && (graph.nodes.has(t.selected) || graph.groups.has(t.selected)) ? t.selected : undefined;
  for (const el of elements) el?.setAttribute('tabindex', '-1');
  if (sel) {
    const el = elementFor(sel) ?? (graph.groups.has(sel) ? elements[frameIndex(sel)] : undefined);
    el?.classList.add('selected');
    el?.setAttribute('tabindex', '0');
    ui.graph.setAttribute('tabindex', el ? '-1' : '0');
    const item = graph.nodes.has(sel) ? itemOfNode(graph, vis!, sel) : sel;
    rendered.edges.forEach((e, k) => {
      if (e && (e.from === item || e.to === item)) edgeElements[k]?.classList.add('hl');
    });
  } else ui.graph.setAttribute('tabindex', '0');
  if (cursor) for (const id of nodesOnLine(graph, cursor.line, cursor.cell)) elementFor(id)?.classList.add('at-cursor');
  for (const id of hits) elementFor(id)?.classList.add('hit');
  if (hitAt >= 0 && hits[hitAt]) elementFor(hits[hitAt])?.classList.add('hit-current');
  if (stepSeq) {
    const shown = new Set(stepSeq.slice(0, stepAt + 1));
    for (const [i, target] of rendered.targets.entries()) {
      const el = elements[i];
      if (!el || target.kind === 'frame') continue;
      if (target.kind === 'group') {
        if (!nodesIn(graph, target.id).some((n) => shown.has(n))) el.classList.add('pending');
      } else if (!shown.has(target.id)) el.classList.add('pending');
    }
    const cur = stepSeq[stepAt];
    if (cur) elementFor(cur)?.classList.add('current-step');
  }
}

function select(id: string | undefined, opts: { reveal?: boolean; center?: boolean; focus?: boolean } = {}): void {
  const t = ts();
  if (!t || !graph) return;
  t.selected = id;
  applyClasses();
  renderDetails();
  save();
  if (!id) return;
  const node = graph.nodes.get(id);
  if (node) announce(`${node.kind} ${nodeTitle(node)} selected`);
  if (opts.center) ensureVisible(id);
  if (opts.focus) elementFor(id)?.focus({ preventScroll: true });
  if (opts.reveal && node?.span) post({ type: 'reveal', span: node.span });
}

function selectByRef(ref: number, redraw = true): void {
  if (!graph) return;
  const id = graph.valueIds.get(ref) ?? graph.opIds.get(ref);
  if (!id) return;
  openPath(id);
  if (redraw) draw();
  select(id, { center: true });
}

/** Opens the collapsed groups around a node (search, stepping and links go into groups). */
function openPath(id: string): boolean {
  if (!graph) return false;
  const t = ts()!;
  let changed = false;
  for (const g of groupPath(graph, id)) {
    if (vis?.containers.has(g)) continue;
    t.collapsed = t.collapsed.filter((x) => x !== g);
    if (!t.expanded.includes(g)) t.expanded.push(g);
    changed = true;
  }
  return changed;
}

function toggleGroup(id: string, open: boolean): void {
  if (!graph || !layout) return;
  const t = ts()!;
  const before = layout.boxes.get(id);
  if (open) {
    t.collapsed = t.collapsed.filter((x) => x !== id);
    if (!t.expanded.includes(id)) t.expanded.push(id);
  } else {
    t.expanded = t.expanded.filter((x) => x !== id);
    if (!t.collapsed.includes(id)) t.collapsed.push(id);
  }
  draw(before ? { id, before } : undefined);
  announce(`${graph.groups.get(id)?.label ?? 'group'} ${open ? 'expanded' : 'collapsed'}`);
  const el = open ? elements[frameIndex(id)] : elementFor(id);
  if (el) {
    t.selected = id;
    applyClasses();
    el.focus({ preventScroll: true });
  }
}

function followCursor(): void {
  if (!graph || !cursor) {
    applyClasses();
    return;
  }
  const here = nodesOnLine(graph, cursor.line, cursor.cell);
  const t = ts()!;
  if (here.length && !(t.selected && here.includes(t.selected))) {
    const named = here.find((id) => {
      const n = graph!.nodes.get(id)!;
      return n.kind === 'value' && n.producer && n.name;
    });
    t.selected = named ?? here[0];
    renderDetails();
    save();
  }
  applyClasses();
}

// ---------------------------------------------------------------- zoom and pan

function applyViewport(): void {
  ui.viewport.setAttribute('transform', `translate(${viewport.x},${viewport.y}) scale(${viewport.k})`);
}

function zoomAt(cx: number, cy: number, factor: number): void {
  const k = Math.min(4, Math.max(0.05, viewport.k * factor));
  const f = k / viewport.k;
  viewport = { x: cx - (cx - viewport.x) * f, y: cy - (cy - viewport.y) * f, k };
  applyViewport();
  save();
}

function zoomCenter(factor: number): void {
  const r = ui.graph.getBoundingClientRect();
  zoomAt(r.width / 2, r.height / 2, factor);
}

function fitToView(saveIt = true): void {
  if (!layout) return;
  const r = ui.graph.getBoundingClientRect();
  const w = Math.max(50, r.width);
  const h = Math.max(50, r.height);
  const k = Math.min(1.25, Math.max(0.05, 0.96 * Math.min(w / layout.width, h / layout.height)));
  viewport = { x: (w - layout.width * k) / 2, y: Math.max(0, (h - layout.height * k) / 2), k };
  applyViewport();
  if (saveIt) save();
}

/** First view of a tape: fit it when that keeps zoom ≥ 0.45, else start at its beginning at zoom 0.6. */
function initialView(): void {
  if (!layout) return;
  const r = ui.graph.getBoundingClientRect();
  if (r.width < 50 || r.height < 50) {
    fitPending = true;
    return;
  }
  const k = Math.min(1.25, (0.96 * r.width) / layout.width, (0.96 * r.height) / layout.height);
  if (k >= 0.45) {
    fitToView(false);
    return;
  }
  const kk = 0.6;
  const h = layout.height * kk;
  viewport = { x: 8, y: h < r.height ? (r.height - h) / 2 : 8, k: kk };
  applyViewport();
}

function pan(dx: number, dy: number): void {
  viewport.x += dx;
  viewport.y += dy;
  applyViewport();
  save();
}

function ensureVisible(id: string): void {
  if (!layout || !graph || !vis) return;
  const item = graph.nodes.has(id) ? itemOfNode(graph, vis, id) : id;
  const b = item && layout.boxes.get(item);
  if (!b) return;
  const r = ui.graph.getBoundingClientRect();
  const x0 = b.x * viewport.k + viewport.x;
  const y0 = b.y * viewport.k + viewport.y;
  const x1 = x0 + b.w * viewport.k;
  const y1 = y0 + b.h * viewport.k;
  if (x0 >= 0 && y0 >= 0 && x1 <= r.width && y1 <= r.height) return;
  viewport.x = r.width / 2 - (b.x + b.w / 2) * viewport.k;
  viewport.y = r.height / 2 - (b.y + b.h / 2) * viewport.k;
  applyViewport();
  save();
}

let drag: { x: number; y: number; vx: number; vy: number; moved: boolean; id: number } | undefined;

ui.graph.addEventListener('wheel', (e) => {
  e.preventDefault();
  const r = ui.graph.getBoundingClientRect();
  if (e.shiftKey) pan(-e.deltaY, 0);
  else zoomAt(e.clientX - r.left, e.clientY - r.top, Math.exp(-e.deltaY * (e.deltaMode === 1 ? 0.05 : 0.0015)));
});
ui.graph.addEventListener('pointerdown', (e) => {
  if (e.button !== 0) return;
  drag = { x: e.clientX, y: e.clientY, vx: viewport.x, vy: viewport.y, moved: false, id: e.pointerId };
});
ui.graph.addEventListener('pointermove', (e) => {
  if (!drag || drag.id !== e.pointerId) return;
  const dx = e.clientX - drag.x;
  const dy = e.clientY - drag.y;
  if (!drag.moved && Math.hypot(dx, dy) < 4) return;
  if (!drag.moved) ui.graph.setPointerCapture(e.pointerId);
  drag.moved = true;
  ui.graph.classList.add('panning');
  viewport.x = drag.vx + dx;
  viewport.y = drag.vy + dy;
  applyViewport();
});
const endDrag = (e: PointerEvent): void => {
  if (!drag || drag.id !== e.pointerId) return;
  if (drag.moved) {
    save();
    // The click that follows a drag is not a click on a node.
    const swallow = (ev: Event): void => ev.stopPropagation();
    window.addEventListener('click', swallow, { capture: true, once: true });
    setTimeout(() => window.removeEventListener('click', swallow, { capture: true }), 0);
  }
  ui.graph.classList.remove('panning');
  drag = undefined;
};
ui.graph.addEventListener('pointerup', endDrag);
ui.graph.addEventListener('pointercancel', endDrag);

// ---------------------------------------------------------------- clicks and keys on the graph

const targetOf = (el: EventTarget | null): { kind: string; id: string } | undefined => {
  const g = (el as Element | null)?.closest?.('[data-i]') as SVGGElement | null;
  return g && rendered ? rendered.targets[Number(g.dataset.i)] : undefined;
};

ui.graph.addEventListener('click', (e) => {
  const t = targetOf(e.target);
  if (!t) return;
  if (t.kind === 'group') toggleGroup(t.id, true);
  else if (t.kind === 'frame') {
    if (graph?.groups.get(t.id)?.kind !== 'tape') toggleGroup(t.id, false);
  } else select(t.id, { reveal: true });
});

ui.graph.addEventListener('keydown', (e) => {
  if (!graph) return;
  const t = ts()!;
  const k = e.key;
  if (e.ctrlKey || e.metaKey || e.altKey) {
    if ((e.ctrlKey || e.metaKey) && k.toLowerCase() === 'f') {
      e.preventDefault();
      ui.search.focus();
    }
    return;
  }
  const arrows: Record<string, [number, number]> = {
    ArrowRight: [1, 0],
    ArrowLeft: [-1, 0],
    ArrowDown: [0, 1],
    ArrowUp: [0, -1],
  };
  if (arrows[k]) {
    e.preventDefault();
    const [dx, dy] = arrows[k];
    if (e.shiftKey) pan(-dx * 80, -dy * 80);
    else moveSelection(dx, dy);
    return;
  }
  switch (k) {
    case '+':
    case '=':
      zoomCenter(1.2);
      break;
    case '-':
    case '_':
      zoomCenter(1 / 1.2);
      break;
    case '0':
      fitToView();
      break;
    case 'Enter':
    case ' ': {
      const sel = t.selected;
      if (!sel) break;
      if (graph.groups.has(sel)) toggleGroup(sel, !vis?.containers.has(sel));
      else if (k === 'Enter') select(sel, { reveal: true });
      break;
    }
    case 'Home':
    case 'End': {
      const ids = orderedTargets();
      const id = k === 'Home' ? ids[0] : ids[ids.length - 1];
      if (id) select(id, { center: true, focus: true });
      break;
    }
    case '[':
      step(-1);
      break;
    case ']':
      step(1);
      break;
    case '/':
      ui.search.focus();
      break;
    case 'Escape':
      if (stepSeq) stopStepping();
      else select(undefined);
      draw();
      break;
    default:
      return;
  }
  e.preventDefault();
});

/** Nodes and boxes in reading order (for Home/End and the first arrow press). */
function orderedTargets(): string[] {
  if (!rendered || !layout || !vis) return [];
  const out: { id: string; x: number; y: number }[] = [];
  for (const t of rendered.targets) {
    if (t.kind === 'frame') continue;
    const el = elementFor(t.id);
    const r = el && boxOfElement(t.id);
    if (r) out.push({ id: t.id, x: r.x, y: r.y });
  }
  const major = state.dir === 'LR' ? 'x' : 'y';
  const minor = state.dir === 'LR' ? 'y' : 'x';
  return out.sort((a, b) => a[major] - b[major] || a[minor] - b[minor]).map((o) => o.id);
}

/** Box of a target in graph coordinates: the op pill, the value card, or the group box. */
function boxOfElement(id: string): Rect | undefined {
  if (!graph || !layout || !vis) return undefined;
  const node = graph.nodes.get(id);
  if (!node) return layout.boxes.get(id);
  const item = itemOfNode(graph, vis, id);
  const b = item ? layout.boxes.get(item) : undefined;
  if (!b || item !== node.unit) return b;
  const geom = layout.units.get(item);
  if (!geom) return b;
  const r = node.kind === 'op' ? geom.op : geom.card;
  return r ? { x: b.x + r.x, y: b.y + r.y, w: r.w, h: r.h } : b;
}

/** Arrow keys: the nearest node or box in that direction (distance along it, plus twice the sideways offset). */
function moveSelection(dx: number, dy: number): void {
  if (!rendered || !graph) return;
  const t = ts()!;
  const from = t.selected ? boxOfElement(t.selected) : undefined;
  if (!from || !elementFor(t.selected!)) {
    const first = orderedTargets()[0];
    if (first) select(first, { center: true, focus: true });
    return;
  }
  const cx = from.x + from.w / 2;
  const cy = from.y + from.h / 2;
  let best: { id: string; score: number } | undefined;
  const seen = new Set<string>();
  for (const target of rendered.targets) {
    if (target.kind === 'frame' || target.id === t.selected || seen.has(target.id)) continue;
    seen.add(target.id);
    const b = boxOfElement(target.id);
    if (!b) continue;
    const ox = b.x + b.w / 2 - cx;
    const oy = b.y + b.h / 2 - cy;
    const along = ox * dx + oy * dy;
    if (along <= 1) continue;
    const side = Math.abs(ox * dy) + Math.abs(oy * dx);
    const score = along + 2 * side;
    if (!best || score < best.score) best = { id: target.id, score };
  }
  if (best) select(best.id, { center: true, focus: true });
}

// ---------------------------------------------------------------- search

function runSearch(move: boolean): void {
  if (!graph) return;
  state.query = ui.search.value;
  hits = search(graph, state.query);
  hitAt = hits.length ? Math.min(Math.max(hitAt, 0), hits.length - 1) : -1;
  ui.searchCount.textContent = state.query.trim() ? (hits.length ? `${hitAt + 1}/${hits.length}` : 'no match') : '';
  if (move && hits.length) goToHit(hitAt);
  else applyClasses();
  save();
}

function goToHit(i: number): void {
  if (!hits.length) return;
  hitAt = ((i % hits.length) + hits.length) % hits.length;
  const id = hits[hitAt];
  if (openPath(id)) draw();
  ui.searchCount.textContent = `${hitAt + 1}/${hits.length}`;
  select(id, { center: true });
  announce(`match ${hitAt + 1} of ${hits.length}: ${nodeTitle(graph!.nodes.get(id)!)}`);
}

let hitShown = false;
ui.search.addEventListener('input', () => {
  hitAt = 0;
  hitShown = false;
  runSearch(false);
});
ui.search.addEventListener('keydown', (e) => {
  if (e.key === 'Enter') {
    e.preventDefault();
    if (!hitShown) {
      runSearch(true);
      hitShown = hits.length > 0;
    } else goToHit(e.shiftKey ? hitAt - 1 : hitAt + 1);
  } else if (e.key === 'Escape') {
    ui.search.value = '';
    runSearch(false);
    ui.graph.focus();
  }
});
ui.searchNext.addEventListener('click', () => {
  goToHit(hitShown ? hitAt + 1 : hitAt);
  hitShown = hits.length > 0;
});
ui.searchPrev.addEventListener('click', () => {
  goToHit(hitAt - 1);
  hitShown = hits.length > 0;
});

// ---------------------------------------------------------------- toolbar

ui.tapeSelect.addEventListener('change', () => {
  const t = tapes.find((x) => key(x) === ui.tapeSelect.value);
  if (t) showTape(t);
});
ui.dir.addEventListener('click', () => {
  state.dir = state.dir === 'LR' ? 'TB' : 'LR';
  fitPending = true;
  updateDirButton();
  draw();
});
function updateDirButton(): void {
  ui.dir.textContent = state.dir === 'LR' ? 'LR →' : 'TB ↓';
  ui.dir.title = `Layout: ${state.dir === 'LR' ? 'left to right' : 'top to bottom'} (click to switch)`;
  ui.dir.setAttribute(
    'aria-label',
    `Layout ${state.dir === 'LR' ? 'left to right' : 'top to bottom'}; switch to ${state.dir === 'LR' ? 'top to bottom' : 'left to right'}`,
  );
  ui.app.classList.toggle('dir-TB', state.dir === 'TB');
}
ui.zoomIn.addEventListener('click', () => zoomCenter(1.25));
ui.zoomOut.addEventListener('click', () => zoomCenter(1 / 1.25));
ui.zoomFit.addEventListener('click', () => fitToView());
ui.collapseAll.addEventListener('click', () => {
  if (!graph) return;
  const t = ts()!;
  t.expanded = [];
  t.collapsed = [...graph.groups.keys()].filter((g) => g !== graph!.root);
  fitPending = true;
  draw();
});
ui.expandAll.addEventListener('click', () => {
  if (!graph) return;
  const t = ts()!;
  // One level at a time: every collapsed box that shows now opens (a 10,000-op loop opens into its chunks).
  const open = vis ? [...vis.collapsed] : [];
  t.collapsed = t.collapsed.filter((g) => !open.includes(g));
  for (const g of open) if (!t.expanded.includes(g)) t.expanded.push(g);
  fitPending = true;
  draw();
});
ui.exportSvg.addEventListener('click', () => void exportSvg());

// ---------------------------------------------------------------- backward pass, node by node

function step(delta: number | 'first' | 'last'): void {
  if (!graph) return;
  if (!stepSeq) {
    stepSeq = backwardOrder(graph);
    stepAt = -1;
  }
  if (!stepSeq.length) {
    announce('No gradient was computed on this tape yet: call tape.gradient(...) to step through the backward pass.');
    stepSeq = undefined;
    updateStepper();
    return;
  }
  stepAt =
    delta === 'first'
      ? 0
      : delta === 'last'
        ? stepSeq.length - 1
        : Math.min(stepSeq.length - 1, Math.max(0, stepAt + delta));
  const id = stepSeq[stepAt];
  if (openPath(id)) draw();
  select(id, { center: true });
  updateStepper();
  const node = graph.nodes.get(id)!;
  const ex = explain(graph, id);
  announce(
    `backward step ${stepAt + 1} of ${stepSeq.length}: ${node.kind} ${nodeTitle(node)}${ex.steps[0] ? `, ${ex.steps[0]}` : ''}`,
  );
}

function stopStepping(): void {
  stepSeq = undefined;
  stepAt = -1;
  updateStepper();
}

function updateStepper(): void {
  const active = !!stepSeq;
  ui.app.classList.toggle('stepping', active);
  ui.stepExit.hidden = !active;
  ui.stepFirst.disabled = !graph;
  ui.stepPrev.disabled = !active || stepAt <= 0;
  ui.stepNext.disabled = !graph || (active && stepAt >= stepSeq!.length - 1);
  ui.stepLast.disabled = !graph;
  if (!active || !graph) ui.stepText.textContent = 'Backward';
  else {
    const node = graph.nodes.get(stepSeq![stepAt]);
    ui.stepText.textContent = `Step ${stepAt + 1}/${stepSeq!.length}${node ? `: ${nodeTitle(node)}` : ''}`;
  }
}

ui.stepFirst.addEventListener('click', () => step('first'));
ui.stepPrev.addEventListener('click', () => step(-1));
ui.stepNext.addEventListener('click', () => step(1));
ui.stepLast.addEventListener('click', () => step('last'));
ui.stepExit.addEventListener('click', () => {
  stopStepping();
  draw();
});

// ---------------------------------------------------------------- details pane

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: { className?: string; text?: string; title?: string } = {},
  ...children: (Node | string | undefined | false)[]
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (props.className) e.className = props.className;
  if (props.text !== undefined) e.textContent = props.text;
  if (props.title) e.title = props.title;
  for (const c of children) if (c !== undefined && c !== false) e.append(c);
  return e;
}

function button(text: string, onClick: () => void, label?: string): HTMLButtonElement {
  const b = el('button', { text });
  if (label) b.setAttribute('aria-label', label);
  b.addEventListener('click', onClick);
  return b;
}

function renderDetails(): void {
  const pane = ui.details;
  if (!graph) {
    pane.replaceChildren();
    return;
  }
  const t = ts()!;
  const id = t.selected;
  const node = id ? graph.nodes.get(id) : undefined;
  const group = id ? graph.groups.get(id) : undefined;
  if (node) pane.replaceChildren(...nodeDetails(node));
  else if (group) {
    const open = vis?.containers.has(group.id) ?? false;
    pane.replaceChildren(
      el('h2', { text: group.label }),
      el('p', { className: 'muted', text: group.detail }),
      el(
        'dl',
        {},
        el('dt', { text: 'Nodes' }),
        el('dd', { text: String(group.nodeCount) }),
        el('dt', { text: 'Largest |∇|' }),
        el('dd', { text: group.mag === undefined ? 'no gradient' : fmt(group.mag) }),
        el('dt', { text: 'Lines' }),
        el('dd', {
          text: [...group.lines.entries()]
            .map(([cell, [a, b]]) => `${cell ? `cell ${Number(cell) + 1}, ` : ''}${a + 1}${b > a ? `–${b + 1}` : ''}`)
            .join('; '),
        }),
      ),
      ...(group.kind !== 'tape'
        ? [
            el(
              'div',
              { className: 'actions' },
              button(open ? 'Collapse' : 'Expand', () => toggleGroup(group.id, !open)),
            ),
          ]
        : []),
    );
  } else {
    pane.replaceChildren(
      el('h2', { text: graph.title }),
      el('p', { className: 'muted', text: graph.groups.get(graph.root)!.detail }),
      el('p', { text: 'Select a node to see its full value, its gradient and the chain-rule step that produced it.' }),
      ...graph.gradients.flatMap((gr) =>
        gr.results.flatMap((r) =>
          r.explanation
            ? [el('p', { className: 'formula', text: r.explanation.summary })]
            : r.none
              ? [el('p', { text: `d${gr.target}/d${r.label}: None — ${r.none.message}` })]
              : [],
        ),
      ),
    );
  }
}

function nodeDetails(node: GraphNode): Node[] {
  const g = graph!;
  const out: Node[] = [];
  const ex = explain(g, node.id);
  if (node.kind === 'value') {
    out.push(
      el(
        'h2',
        {},
        el('span', { text: node.name ?? 'unnamed value' }),
        el('span', { className: 'muted', text: ` · value` }),
      ),
      el('p', {
        className: 'muted',
        text: `${shapeText(node.shape)} ${node.dtype}${node.roles.length ? ` · ${node.roles.join(', ')}` : ''}`,
      }),
    );
    const producer = node.producer ? g.nodes.get(node.producer) : undefined;
    if (producer) out.push(el('p', { className: 'muted', text: `output of ${nodeTitle(producer)}` }));
    out.push(
      el('h3', { text: 'Value' }),
      el('pre', { text: node.value !== undefined ? nestedText(node.value) : node.preview }),
    );
    if (node.value === undefined)
      out.push(el('p', { className: 'muted', text: 'Preview only: the full value is too large to embed.' }));
    const target = g.gradients[g.gradients.length - 1]?.target;
    out.push(el('h3', { text: target ? `Gradient d${target}/d${node.name ?? '·'}` : 'Gradient' }));
    if (node.grad)
      out.push(
        el('pre', {
          className: 'grad',
          text: node.grad.value !== undefined ? nestedText(node.grad.value) : node.grad.preview,
        }),
      );
    else
      out.push(
        el('p', {
          className: 'muted',
          text: g.gradients.length
            ? 'No gradient reached this value: it is not on a path from a source to the target.'
            : 'No gradient yet: call tape.gradient(target, sources) after the tape block.',
        }),
      );
  } else {
    const name = (id: string): string => (g.nodes.get(id) as ValueNode | undefined)?.name ?? 'unnamed';
    out.push(
      el('h2', {}, el('span', { text: node.label }), el('span', { className: 'muted', text: ` · op ${node.op}` })),
      el(
        'p',
        { className: 'muted' },
        `${node.inputs.map(name).join(', ')} → ${name(node.output)}`,
        node.iteration ? ` · iteration ${node.iteration}` : '',
        node.backward ? ' · recorded during a gradient computation' : '',
      ),
    );
  }
  if (ex.steps.length || ex.summary) {
    out.push(el('h3', { text: 'Chain rule' }));
    const list = el('ul', { className: 'steps' });
    for (const s of ex.steps) list.append(el('li', { className: 'formula', text: s }));
    if (ex.more) list.append(el('li', { className: 'muted', text: `… ${ex.more} more` }));
    out.push(list);
    if (ex.summary) out.push(el('p', { className: 'formula summary', text: ex.summary }));
  }
  const actions = el('div', { className: 'actions' });
  const span: Span | undefined = node.span;
  if (span)
    actions.append(
      button(
        `Reveal ${whereText(span)}`,
        () => post({ type: 'reveal', span }),
        `Reveal ${whereText(span)} in the editor`,
      ),
    );
  if (node.kind === 'value') {
    actions.append(
      button('Copy value', () =>
        post({ type: 'copy', text: node.value !== undefined ? nestedText(node.value) : node.preview }),
      ),
    );
    const grad = node.grad;
    if (grad)
      actions.append(
        button('Copy gradient', () =>
          post({ type: 'copy', text: grad.value !== undefined ? nestedText(grad.value) : grad.preview }),
        ),
      );
  }
  out.push(actions);
  return out;
}

// ---------------------------------------------------------------- legend

function renderLegend(): void {
  if (!graph) {
    ui.legend.replaceChildren();
    return;
  }
  const max = graph.maxMag;
  const items: Node[] = [
    el('span', {
      className: 'legend-title',
      text:
        max > 0
          ? `|∇| relative to the largest (${fmt(max)}):`
          : graph.hasGrad
            ? 'Every gradient on this tape is 0.'
            : 'No gradient computed on this tape yet.',
    }),
  ];
  if (max > 0) {
    for (let b = 5; b >= 0; b--) {
      const label = b === 0 ? '0' : b === 1 ? `< ${fmt(BUCKET_FLOOR[2] * max)}` : `≥ ${fmt(BUCKET_FLOOR[b] * max)}`;
      items.push(
        el(
          'span',
          { className: `legend-item b${b} pos` },
          el('span', { className: 'swatch' }),
          `${BUCKET_GLYPH[b]} ${b === 5 ? `≥ ${fmt(max / 2)}` : label}`,
        ),
      );
    }
    items.push(
      el('span', { className: 'legend-item b5 neg' }, el('span', { className: 'swatch' }), 'negative'),
      el('span', { className: 'legend-item', text: '∇ — no gradient' }),
      el('span', { className: 'legend-item', text: 'edge width ∝ |∇|' }),
    );
  }
  items.push(el('span', { className: 'legend-item', text: '◆ source  ◎ target' }));
  ui.legend.replaceChildren(...items);
}

// ---------------------------------------------------------------- export

async function exportSvg(): Promise<void> {
  if (!rendered || !graph) return;
  const css = await exportCss();
  const svg = standaloneSvg(rendered, css, graph.title, state.dir);
  const base = fileName(state.uri ?? 'tape').replace(/\.[^.]*$/, '');
  post({ type: 'exportSvg', svg, fileName: `${base}-${graph.title.replace(/[^\w.-]+/g, '_')}.svg` });
}

/** The stylesheet with the theme's variables resolved, so the exported file looks like the panel. */
async function exportCss(): Promise<string> {
  const link = document.querySelector<HTMLLinkElement>('link[rel="stylesheet"][data-graph-css]');
  let css = '';
  try {
    if (link) css = await (await fetch(link.href)).text();
  } catch {
    css = '';
  }
  const style = getComputedStyle(document.documentElement);
  // The theme's variables (the stylesheet derives its own --gl-* from them).
  const vars = new Set((css.match(/--[\w-]+/g) ?? []).filter((v) => v.startsWith('--vscode-')));
  const resolved = [...vars]
    .map((v) => [v, style.getPropertyValue(v).trim()] as const)
    .filter(([, value]) => value && !/[<>{}]/.test(value))
    .map(([v, value]) => `${v}:${value};`)
    .join('');
  const font = style.getPropertyValue('--vscode-editor-font-family').trim() || 'monospace';
  return `svg{${resolved}font-family:${font.replace(/[<>{}]/g, '')};}${css}`;
}

// ---------------------------------------------------------------- start

ui.svg.insertAdjacentHTML('afterbegin', SVG_DEFS);
updateDirButton();
ui.search.value = state.query;
updateStepper();
new ResizeObserver(() => {
  if (fitPending) draw();
}).observe(ui.graph);
post({ type: 'ready' });

/** For the end-to-end test and debugging: what is drawn, without reaching into the app's internals. */
(window as unknown as { glInspector: unknown }).glInspector = {
  summary: () => ({
    tape: currentTape,
    report: reportKey,
    nodes: graph ? graph.nodes.size : 0,
    items: vis ? vis.items.length : 0,
    viewport: { ...viewport },
  }),
};
