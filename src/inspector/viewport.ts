/**
 * Zoom and pan: the pure viewport arithmetic (zoom about a point, fit, the first view of a tape, bringing a box into
 * view) and the app's wheel, drag and zoom commands, which apply it to the `#viewport` group's transform.
 */
import { type App, save } from './app';
import { type Dir, FONT_PX, type Rect } from './geometry';
import type { Viewport } from './state';
import { itemOfNode } from './view';

const MIN_ZOOM = 0.05;
const MAX_ZOOM = 4;
/** The largest zoom a fit picks: small tapes are not blown up. */
const MAX_FIT_ZOOM = 1.25;

/** `v` zoomed by `factor` about the panel point (cx, cy), within the zoom limits. */
export function zoomedAt(v: Viewport, cx: number, cy: number, factor: number): Viewport {
  const k = Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, v.k * factor));
  const f = k / v.k;
  return { x: cx - (cx - v.x) * f, y: cy - (cy - v.y) * f, k };
}

/** The viewport that shows a `width × height` graph whole and centred in a `w × h` panel (at least 50 × 50). */
export function fitted(width: number, height: number, w: number, h: number): Viewport {
  const pw = Math.max(50, w);
  const ph = Math.max(50, h);
  const k = Math.min(MAX_FIT_ZOOM, Math.max(MIN_ZOOM, 0.96 * Math.min(pw / width, ph / height)));
  return { x: (pw - width * k) / 2, y: Math.max(0, (ph - height * k) / 2), k };
}

/** The smallest text a first view shows, in screen pixels: it sets the first view's smallest zoom. */
export const MIN_FONT_PX = 10;
const READABLE_ZOOM = MIN_FONT_PX / FONT_PX;

/** The zoom that fits a `width × height` graph in a `w × h` panel (before the zoom limits). */
const fitZoom = (width: number, height: number, w: number, h: number): number =>
  Math.min(MAX_FIT_ZOOM, (0.96 * w) / width, (0.96 * h) / height);

/**
 * The first view of a `width × height` graph laid out in direction `dir` in a `w × h` panel: the whole graph,
 * centred, when that keeps its text at least `MIN_FONT_PX` high; else the graph's beginning (its left end for
 * left-to-right, its top for top-down) at that readable zoom, centred across the flow when it fits. Undefined
 * while the panel is too small to tell (not laid out yet).
 */
export function firstView(width: number, height: number, w: number, h: number, dir: Dir = 'LR'): Viewport | undefined {
  if (w < 50 || h < 50) return undefined;
  if (fitZoom(width, height, w, h) >= READABLE_ZOOM) return fitted(width, height, w, h);
  const k = READABLE_ZOOM;
  const across = (size: number, room: number): number => (size * k < room ? (room - size * k) / 2 : 8);
  return dir === 'LR' ? { x: 8, y: across(height, h), k } : { x: across(width, w), y: 8, k };
}

/**
 * The layout direction for a first view in a `w × h` panel, from the sizes of the graph laid out both ways: the one
 * whose fit has the larger zoom, so the larger text (a narrow side panel gets top-down; ties go to left-right).
 */
export function chooseDir(
  lr: { width: number; height: number },
  tb: { width: number; height: number },
  w: number,
  h: number,
): Dir {
  const a = fitZoom(lr.width, lr.height, w, h);
  const b = fitZoom(tb.width, tb.height, w, h);
  return b > a ? 'TB' : 'LR';
}

/** `v` moved so box `b` (graph coordinates) is centred in a `w × h` panel; `v` itself when `b` is in view already. */
export function showing(v: Viewport, b: Rect, w: number, h: number): Viewport {
  const x0 = b.x * v.k + v.x;
  const y0 = b.y * v.k + v.y;
  const x1 = x0 + b.w * v.k;
  const y1 = y0 + b.h * v.k;
  if (x0 >= 0 && y0 >= 0 && x1 <= w && y1 <= h) return v;
  return { x: w / 2 - (b.x + b.w / 2) * v.k, y: h / 2 - (b.y + b.h / 2) * v.k, k: v.k };
}

export function applyViewport(app: App): void {
  const v = app.viewport;
  app.ui.viewport.setAttribute('transform', `translate(${v.x},${v.y}) scale(${v.k})`);
}

export function zoomAt(app: App, cx: number, cy: number, factor: number): void {
  app.viewport = zoomedAt(app.viewport, cx, cy, factor);
  applyViewport(app);
  save(app);
}

export function zoomCenter(app: App, factor: number): void {
  const r = app.ui.graph.getBoundingClientRect();
  zoomAt(app, r.width / 2, r.height / 2, factor);
}

export function fitToView(app: App, saveIt = true): void {
  if (!app.layout) return;
  const r = app.ui.graph.getBoundingClientRect();
  app.viewport = fitted(app.layout.width, app.layout.height, r.width, r.height);
  applyViewport(app);
  if (saveIt) save(app);
}

/** First view of a tape (see `firstView`); tried again at the next draw while the panel has no size yet. */
export function initialView(app: App): void {
  if (!app.layout) return;
  const r = app.ui.graph.getBoundingClientRect();
  const v = firstView(app.layout.width, app.layout.height, r.width, r.height, app.state.dir);
  if (!v) {
    app.fitPending = true;
    return;
  }
  app.viewport = v;
  applyViewport(app);
}

export function pan(app: App, dx: number, dy: number): void {
  app.viewport.x += dx;
  app.viewport.y += dy;
  applyViewport(app);
  save(app);
}

/** Centre the item showing node or group `id` when it is out of view. */
export function ensureVisible(app: App, id: string): void {
  const { layout, graph, vis } = app;
  if (!layout || !graph || !vis) return;
  const item = graph.nodes.has(id) ? itemOfNode(graph, vis, id) : id;
  const b = item && layout.boxes.get(item);
  if (!b) return;
  const r = app.ui.graph.getBoundingClientRect();
  const v = showing(app.viewport, b, r.width, r.height);
  if (v === app.viewport) return;
  app.viewport = v;
  applyViewport(app);
  save(app);
}

/** Wheel zoom (shift: pan sideways) and drag to pan; the click that ends a drag does not reach a node. */
export function bindViewport(app: App): void {
  const { graph } = app.ui;
  let drag: { x: number; y: number; vx: number; vy: number; moved: boolean; id: number } | undefined;
  graph.addEventListener('wheel', (e) => {
    e.preventDefault();
    const r = graph.getBoundingClientRect();
    if (e.shiftKey) pan(app, -e.deltaY, 0);
    else zoomAt(app, e.clientX - r.left, e.clientY - r.top, Math.exp(-e.deltaY * (e.deltaMode === 1 ? 0.05 : 0.0015)));
  });
  graph.addEventListener('pointerdown', (e) => {
    if (e.button !== 0) return;
    drag = { x: e.clientX, y: e.clientY, vx: app.viewport.x, vy: app.viewport.y, moved: false, id: e.pointerId };
  });
  graph.addEventListener('pointermove', (e) => {
    if (!drag || drag.id !== e.pointerId) return;
    const dx = e.clientX - drag.x;
    const dy = e.clientY - drag.y;
    if (!drag.moved && Math.hypot(dx, dy) < 4) return;
    if (!drag.moved) graph.setPointerCapture(e.pointerId);
    drag.moved = true;
    graph.classList.add('panning');
    app.viewport.x = drag.vx + dx;
    app.viewport.y = drag.vy + dy;
    applyViewport(app);
  });
  const endDrag = (e: PointerEvent): void => {
    if (!drag || drag.id !== e.pointerId) return;
    if (drag.moved) {
      save(app);
      // The click that follows a drag is not a click on a node.
      const swallow = (ev: Event): void => ev.stopPropagation();
      window.addEventListener('click', swallow, { capture: true, once: true });
      setTimeout(() => window.removeEventListener('click', swallow, { capture: true }), 0);
    }
    graph.classList.remove('panning');
    drag = undefined;
  };
  graph.addEventListener('pointerup', endDrag);
  graph.addEventListener('pointercancel', endDrag);
}
