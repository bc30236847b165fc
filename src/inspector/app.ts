/**
 * The inspector app's one state object: what the host sent, the tape shown and what was built for it (graph,
 * visible graph, layout, rendered markup and its elements), the zoom, and the selection-side state (editor
 * cursor, search hits, backward stepping). `main.ts` makes it; the viewport, selection and details modules read and
 * change it. `state` is the part kept across tab switches and reloads (see `state.ts`).
 */
import type { LoopHeader } from '../protocol/loopHeaders';
import type { InspectorToHost } from '../protocol/messages';
import type { GradientRecord, TapeRecord } from '../protocol/report';
import type { Rect } from './geometry';
import type { Layout, LayoutCache } from './layout';
import type { TapeGraph } from './model';
import type { Rendered } from './render';
import { type InspectorState, type TapeViewState, tapeState, type Viewport } from './state';
import type { VisibleGraph } from './view';

/** The page's elements the app uses (`index` of the webview HTML). */
export interface Ui {
  app: HTMLElement;
  tapeSelect: HTMLSelectElement;
  callSelect: HTMLSelectElement;
  search: HTMLInputElement;
  searchCount: HTMLElement;
  searchPrev: HTMLButtonElement;
  searchNext: HTMLButtonElement;
  dir: HTMLButtonElement;
  zoomIn: HTMLButtonElement;
  zoomOut: HTMLButtonElement;
  zoomFit: HTMLButtonElement;
  collapseAll: HTMLButtonElement;
  expandAll: HTMLButtonElement;
  stepFirst: HTMLButtonElement;
  stepPrev: HTMLButtonElement;
  stepNext: HTMLButtonElement;
  stepLast: HTMLButtonElement;
  stepExit: HTMLButtonElement;
  stepText: HTMLElement;
  exportSvg: HTMLButtonElement;
  exportPng: HTMLButtonElement;
  banner: HTMLElement;
  graph: HTMLElement;
  svg: SVGSVGElement;
  viewport: SVGGElement;
  content: SVGGElement;
  details: HTMLElement;
  legend: HTMLElement;
  live: HTMLElement;
  empty: HTMLElement;
}

export interface App {
  readonly ui: Ui;
  readonly post: (m: InspectorToHost) => void;
  /** Stores `state` with the webview (`setState`). */
  readonly persist: (s: InspectorState) => void;
  /** Lays out and draws the shown tape again; keeps `anchor` (a group that opened or closed) in place. */
  readonly draw: (anchor?: { id: string; before: Rect }) => void;
  /** Opens or closes a group and redraws (the details pane's button; `selection.ts` implements it). */
  readonly toggleGroup: (id: string, open: boolean) => void;
  state: InspectorState;
  // ---- what the host sent
  tapes: TapeRecord[];
  gradients: GradientRecord[];
  loops: LoopHeader[];
  reportKey: string;
  // ---- the tape shown and what was built for it
  graph: TapeGraph | undefined;
  /** `tapeKey` of the tape shown. */
  currentTape: string | undefined;
  /** Position of the shown tape in the report: the fallback when a renamed tape's key is gone. */
  shownIndex: number;
  vis: VisibleGraph | undefined;
  layout: Layout | undefined;
  readonly layoutCache: LayoutCache;
  rendered: Rendered | undefined;
  lastMarkup: string;
  /** The rendered targets' elements by target index, and the edges' by edge index. */
  elements: (SVGGElement | undefined)[];
  edgeElements: SVGPathElement[];
  // ---- zoom
  viewport: Viewport;
  /** Fit the tape to the panel at the next draw (a new tape, a new direction, or a panel too small so far). */
  fitPending: boolean;
  // ---- selection side: the editor's cursor, search, the backward stepper
  cursor: { line: number; cell?: number } | undefined;
  hits: string[];
  hitAt: number;
  /** The current hit was shown (Enter moves on from it). */
  hitShown: boolean;
  stepSeq: string[] | undefined;
  stepAt: number;
}

/** The view state of the shown tape (zoom, selection, opened and closed groups). */
export function tapeView(app: App): TapeViewState | undefined {
  return app.currentTape ? tapeState(app.state, app.currentTape) : undefined;
}

/** Keep the shown tape's zoom in the state and store the state. */
export function save(app: App): void {
  if (app.graph && app.currentTape) tapeState(app.state, app.currentTape).view = { ...app.viewport };
  app.persist(app.state);
}

/** Tell screen readers (the page's live region). */
export function announce(app: App, text: string): void {
  app.ui.live.textContent = text;
}
