/**
 * Zoom and pan: the pure viewport arithmetic (zoom about a point, fit, the first view of a tape, bringing a box into
 * view) and the app's wheel, drag and zoom commands, which apply it to the `#viewport` group's transform.
 */
import { type App, save } from './app';
import type { Rect } from './geometry';
import type { Viewport } from './state';
import { itemOfNode } from './view';

const MIN_ZOOM = 0.05;
const MAX_ZOOM = 4;
/** The largest zoom a fit picks: small tapes are not blown up. */
const MAX_FIT_ZOOM = 1.25;
/** A first view fits the tape when that keeps the zoom at least this; else it starts at the beginning, at `START_ZOOM`. */
const MIN_FIRST_FIT = 0.45;
const START_ZOOM = 0.6;

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

/**
 * The first view of a `width × height` graph in a `w × h` panel: fit it when that keeps the zoom ≥ 0.45, else its
 * beginning at zoom 0.6; undefined while the panel is too small to tell (not laid out yet).
 */
export function firstView(width: number, height: number, w: number, h: number): Viewport | undefined {
  if (w < 50 || h < 50) return undefined;
  const k = Math.min(MAX_FIT_ZOOM, (0.96 * w) / width, (0.96 * h) / height);
  if (k >= MIN_FIRST_FIT) return fitted(width, height, w, h);
  const shown = height * START_ZOOM;
  return { x: 8, y: shown < h ? (h - shown) / 2 : 8, k: START_ZOOM };
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
  const v = firstView(app.layout.width, app.layout.height, r.width, r.height);
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
