/**
 * What is marked on the drawn graph and how the marks move: the selected node or group, the nodes on the editor's
 * cursor line, search hits, and the backward pass stepped node by node; arrow-key navigation between boxes; opening
 * and closing groups. Marks are classes set on the rendered elements after each draw (`applyClasses`).
 */
import { type App, announce, save, tapeView } from './app';
import { backwardOrder, explain, nodeTitle } from './details';
import { renderDetails } from './detailsPane';
import type { Dir, Rect } from './geometry';
import { groupPath, nodesIn, nodesOnLine, search } from './model';
import { itemOfNode } from './view';
import { ensureVisible } from './viewport';

// ---------------------------------------------------------------- pure navigation

/** Targets in reading order: along the layout direction first, then across it. */
export function readingOrder(items: readonly { id: string; x: number; y: number }[], dir: Dir): string[] {
  const major = dir === 'LR' ? 'x' : 'y';
  const minor = dir === 'LR' ? 'y' : 'x';
  return [...items].sort((a, b) => a[major] - b[major] || a[minor] - b[minor]).map((o) => o.id);
}

/**
 * The nearest box in direction (dx, dy) from box `from`: the smallest distance along the direction plus twice the
 * sideways offset, among boxes whose centre lies more than one unit ahead.
 */
export function nearestInDirection(
  from: Rect,
  boxes: Iterable<{ id: string; box: Rect }>,
  dx: number,
  dy: number,
): string | undefined {
  const cx = from.x + from.w / 2;
  const cy = from.y + from.h / 2;
  let best: { id: string; score: number } | undefined;
  for (const { id, box: b } of boxes) {
    const ox = b.x + b.w / 2 - cx;
    const oy = b.y + b.h / 2 - cy;
    const along = ox * dx + oy * dy;
    if (along <= 1) continue;
    const side = Math.abs(ox * dy) + Math.abs(oy * dx);
    const score = along + 2 * side;
    if (!best || score < best.score) best = { id, score };
  }
  return best?.id;
}

/** The step `delta` moves to in a sequence of `length` steps from step `at` (-1: before the first), clamped. */
export function stepIndex(at: number, length: number, delta: number | 'first' | 'last'): number {
  if (delta === 'first') return 0;
  if (delta === 'last') return length - 1;
  return Math.min(length - 1, Math.max(0, at + delta));
}

// ---------------------------------------------------------------- elements of the drawn graph

function targetIndex(app: App, id: string): number {
  return app.rendered ? app.rendered.targets.findIndex((t) => t.id === id && t.kind !== 'frame') : -1;
}
export function frameIndex(app: App, id: string): number {
  return app.rendered ? app.rendered.targets.findIndex((t) => t.id === id && t.kind === 'frame') : -1;
}

/** The element showing a node or group: itself, or the collapsed group around it. */
export function elementFor(app: App, id: string): SVGGElement | undefined {
  const { graph, vis, rendered } = app;
  if (!graph || !vis || !rendered) return undefined;
  let i = targetIndex(app, id);
  if (i < 0 && graph.nodes.has(id)) {
    const item = itemOfNode(graph, vis, id);
    if (item) i = targetIndex(app, item);
  }
  return i < 0 ? undefined : app.elements[i];
}

/** Box of a target in graph coordinates: the op pill, the value card, or the group box. */
function boxOfElement(app: App, id: string): Rect | undefined {
  const { graph, layout, vis } = app;
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

/** Sets the selection, cursor, search and stepping classes on the drawn graph. */
export function applyClasses(app: App): void {
  const { graph, rendered, elements, ui } = app;
  if (!graph || !rendered) return;
  ui.content
    .querySelectorAll('.selected, .at-cursor, .hit, .hit-current, .pending, .current-step, .hl')
    .forEach((el) => {
      el.classList.remove('selected', 'at-cursor', 'hit', 'hit-current', 'pending', 'current-step', 'hl');
    });
  const t = tapeView(app)!;
  const sel = t.selected && (graph.nodes.has(t.selected) || graph.groups.has(t.selected)) ? t.selected : undefined;
  for (const el of elements) el?.setAttribute('tabindex', '-1');
  if (sel) {
    const el = elementFor(app, sel) ?? (graph.groups.has(sel) ? elements[frameIndex(app, sel)] : undefined);
    el?.classList.add('selected');
    el?.setAttribute('tabindex', '0');
    ui.graph.setAttribute('tabindex', el ? '-1' : '0');
    const item = graph.nodes.has(sel) ? itemOfNode(graph, app.vis!, sel) : sel;
    rendered.edges.forEach((e, k) => {
      if (e && (e.from === item || e.to === item)) app.edgeElements[k]?.classList.add('hl');
    });
  } else ui.graph.setAttribute('tabindex', '0');
  const { cursor, hits, hitAt, stepSeq } = app;
  if (cursor)
    for (const id of nodesOnLine(graph, cursor.line, cursor.cell)) elementFor(app, id)?.classList.add('at-cursor');
  for (const id of hits) elementFor(app, id)?.classList.add('hit');
  if (hitAt >= 0 && hits[hitAt]) elementFor(app, hits[hitAt])?.classList.add('hit-current');
  if (stepSeq) {
    const shown = new Set(stepSeq.slice(0, app.stepAt + 1));
    for (const [i, target] of rendered.targets.entries()) {
      const el = elements[i];
      if (!el || target.kind === 'frame') continue;
      if (target.kind === 'group') {
        if (!nodesIn(graph, target.id).some((n) => shown.has(n))) el.classList.add('pending');
      } else if (!shown.has(target.id)) el.classList.add('pending');
    }
    const cur = stepSeq[app.stepAt];
    if (cur) elementFor(app, cur)?.classList.add('current-step');
  }
}

// ---------------------------------------------------------------- selecting

export function select(
  app: App,
  id: string | undefined,
  opts: { reveal?: boolean; center?: boolean; focus?: boolean } = {},
): void {
  const t = tapeView(app);
  const { graph } = app;
  if (!t || !graph) return;
  t.selected = id;
  applyClasses(app);
  renderDetails(app);
  save(app);
  if (!id) return;
  const node = graph.nodes.get(id);
  if (node) announce(app, `${node.kind} ${nodeTitle(node)} selected`);
  if (opts.center) ensureVisible(app, id);
  if (opts.focus) elementFor(app, id)?.focus({ preventScroll: true });
  if (opts.reveal && node?.span) app.post({ type: 'reveal', span: node.span });
}

/** Select the node of an engine tensor or op id (a hover link, a focus message), opening the groups around it. */
export function selectByRef(app: App, ref: number, redraw = true): void {
  const { graph } = app;
  if (!graph) return;
  const id = graph.valueIds.get(ref) ?? graph.opIds.get(ref);
  if (!id) return;
  openPath(app, id);
  if (redraw) app.draw();
  select(app, id, { center: true });
}

/** Opens the collapsed groups around a node (search, stepping and links go into groups). */
function openPath(app: App, id: string): boolean {
  const { graph, vis } = app;
  if (!graph) return false;
  const t = tapeView(app)!;
  let changed = false;
  for (const g of groupPath(graph, id)) {
    if (vis?.containers.has(g)) continue;
    t.collapsed = t.collapsed.filter((x) => x !== g);
    if (!t.expanded.includes(g)) t.expanded.push(g);
    changed = true;
  }
  return changed;
}

export function toggleGroup(app: App, id: string, open: boolean): void {
  const { graph, layout } = app;
  if (!graph || !layout) return;
  const t = tapeView(app)!;
  const before = layout.boxes.get(id);
  if (open) {
    t.collapsed = t.collapsed.filter((x) => x !== id);
    if (!t.expanded.includes(id)) t.expanded.push(id);
  } else {
    t.expanded = t.expanded.filter((x) => x !== id);
    if (!t.collapsed.includes(id)) t.collapsed.push(id);
  }
  app.draw(before ? { id, before } : undefined);
  announce(app, `${graph.groups.get(id)?.label ?? 'group'} ${open ? 'expanded' : 'collapsed'}`);
  const el = open ? app.elements[frameIndex(app, id)] : elementFor(app, id);
  if (el) {
    t.selected = id;
    applyClasses(app);
    el.focus({ preventScroll: true });
  }
}

/** The editor's cursor moved: select a node on its line (a named value first) unless the selection is there. */
export function followCursor(app: App): void {
  const { graph, cursor } = app;
  if (!graph || !cursor) {
    applyClasses(app);
    return;
  }
  const here = nodesOnLine(graph, cursor.line, cursor.cell);
  const t = tapeView(app)!;
  if (here.length && !(t.selected && here.includes(t.selected))) {
    const named = here.find((id) => {
      const n = graph.nodes.get(id)!;
      return n.kind === 'value' && n.producer && n.name;
    });
    t.selected = named ?? here[0];
    renderDetails(app);
    save(app);
  }
  applyClasses(app);
}

/** Nodes and boxes in reading order (for Home/End and the first arrow press). */
export function orderedTargets(app: App): string[] {
  const { rendered, layout, vis } = app;
  if (!rendered || !layout || !vis) return [];
  const out: { id: string; x: number; y: number }[] = [];
  for (const t of rendered.targets) {
    if (t.kind === 'frame') continue;
    const el = elementFor(app, t.id);
    const r = el && boxOfElement(app, t.id);
    if (r) out.push({ id: t.id, x: r.x, y: r.y });
  }
  return readingOrder(out, app.state.dir);
}

/** Arrow keys: the nearest node or box in that direction (see `nearestInDirection`). */
export function moveSelection(app: App, dx: number, dy: number): void {
  const { rendered, graph } = app;
  if (!rendered || !graph) return;
  const t = tapeView(app)!;
  const from = t.selected ? boxOfElement(app, t.selected) : undefined;
  if (!from || !elementFor(app, t.selected!)) {
    const first = orderedTargets(app)[0];
    if (first) select(app, first, { center: true, focus: true });
    return;
  }
  const boxes: { id: string; box: Rect }[] = [];
  const seen = new Set<string>();
  for (const target of rendered.targets) {
    if (target.kind === 'frame' || target.id === t.selected || seen.has(target.id)) continue;
    seen.add(target.id);
    const box = boxOfElement(app, target.id);
    if (box) boxes.push({ id: target.id, box });
  }
  const best = nearestInDirection(from, boxes, dx, dy);
  if (best) select(app, best, { center: true, focus: true });
}

// ---------------------------------------------------------------- search

export function runSearch(app: App, move: boolean): void {
  const { graph, ui, state } = app;
  if (!graph) return;
  state.query = ui.search.value;
  app.hits = search(graph, state.query);
  app.hitAt = app.hits.length ? Math.min(Math.max(app.hitAt, 0), app.hits.length - 1) : -1;
  ui.searchCount.textContent = state.query.trim()
    ? app.hits.length
      ? `${app.hitAt + 1}/${app.hits.length}`
      : 'no match'
    : '';
  if (move && app.hits.length) goToHit(app, app.hitAt);
  else applyClasses(app);
  save(app);
}

export function goToHit(app: App, i: number): void {
  const { hits } = app;
  if (!hits.length) return;
  app.hitAt = ((i % hits.length) + hits.length) % hits.length;
  const id = hits[app.hitAt];
  if (openPath(app, id)) app.draw();
  app.ui.searchCount.textContent = `${app.hitAt + 1}/${hits.length}`;
  select(app, id, { center: true });
  announce(app, `match ${app.hitAt + 1} of ${hits.length}: ${nodeTitle(app.graph!.nodes.get(id)!)}`);
}

// ---------------------------------------------------------------- backward pass, node by node

export function step(app: App, delta: number | 'first' | 'last'): void {
  const { graph } = app;
  if (!graph) return;
  if (!app.stepSeq) {
    app.stepSeq = backwardOrder(graph);
    app.stepAt = -1;
  }
  if (!app.stepSeq.length) {
    announce(
      app,
      'No gradient was computed on this tape yet: call tape.gradient(...) to step through the backward pass.',
    );
    app.stepSeq = undefined;
    updateStepper(app);
    return;
  }
  const seq = app.stepSeq;
  app.stepAt = stepIndex(app.stepAt, seq.length, delta);
  const id = seq[app.stepAt];
  if (openPath(app, id)) app.draw();
  select(app, id, { center: true });
  updateStepper(app);
  const node = graph.nodes.get(id)!;
  const ex = explain(graph, id);
  announce(
    app,
    `backward step ${app.stepAt + 1} of ${seq.length}: ${node.kind} ${nodeTitle(node)}${ex.steps[0] ? `, ${ex.steps[0]}` : ''}`,
  );
}

export function stopStepping(app: App): void {
  app.stepSeq = undefined;
  app.stepAt = -1;
  updateStepper(app);
}

export function updateStepper(app: App): void {
  const { ui, graph, stepSeq, stepAt } = app;
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
