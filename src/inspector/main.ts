/**
 * The tape inspector webview app (bundled to dist/inspector.js, a browser IIFE). It receives the tapes of a
 * document from the panel host (`HostToInspector`), builds the graph model of the chosen tape, lays it out
 * with dagre, renders SVG, and wires the page: the toolbar, keys and clicks on the graph, search, export. Zoom and
 * pan live in `viewport.ts`, selection, search and backward stepping in `selection.ts`, the details pane and legend
 * in `detailsPane.ts`, all over the one `App` object (`app.ts`). State that must survive a tab switch or a reload
 * goes through `setState`.
 *
 * Document strings reach the page only through `esc` (render.ts) or `textContent` (details pane): never as markup.
 */
import { type HostToInspector, isHostToInspector } from '../protocol/messages';
import type { TapeRecord } from '../protocol/report';
import { type App, announce, save, tapeView, type Ui } from './app';
import { backwardOrder } from './details';
import { renderDetails, renderLegend } from './detailsPane';
import type { Rect } from './geometry';
import { buildGraph } from './graphBuilder';
import { LayoutCache, layoutGraph } from './layout';
import { callText, type TapeGraph, tapeKey, tapeTitle } from './model';
import { renderGraph, SVG_DEFS, standaloneSvg } from './render';
import {
  applyClasses,
  followCursor,
  goToHit,
  moveSelection,
  orderedTargets,
  runSearch,
  select,
  selectByRef,
  step,
  stopStepping,
  toggleGroup,
  updateStepper,
} from './selection';
import { emptyState, readState, tapeState } from './state';
import { defaultExpanded, effectiveExpanded, type VisibleGraph, visibleGraph } from './view';
import { applyViewport, bindViewport, chooseDir, fitToView, initialView, pan, zoomCenter } from './viewport';

interface VsCodeApi {
  postMessage(m: unknown): void;
  getState(): unknown;
  setState(s: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const api = acquireVsCodeApi();

const byId = <T extends Element = HTMLElement>(id: string): T => {
  const el = document.getElementById(id);
  if (!el) throw new Error(`inspector: #${id} missing`);
  return el as unknown as T;
};

const ui: Ui = {
  app: byId('app'),
  tapeSelect: byId<HTMLSelectElement>('tape-select'),
  callSelect: byId<HTMLSelectElement>('call-select'),
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
  exportPng: byId<HTMLButtonElement>('export-png'),
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

const app: App = {
  ui,
  post: (m) => api.postMessage(m),
  persist: (s) => api.setState(s),
  draw: (anchor) => draw(anchor),
  toggleGroup: (id, open) => toggleGroup(app, id, open),
  state: readState(api.getState()),
  tapes: [],
  gradients: [],
  loops: [],
  reportKey: '',
  graph: undefined,
  currentTape: undefined,
  shownIndex: -1,
  vis: undefined,
  layout: undefined,
  layoutCache: new LayoutCache(),
  rendered: undefined,
  lastMarkup: '',
  elements: [],
  edgeElements: [],
  viewport: { x: 0, y: 0, k: 1 },
  fitPending: false,
  cursor: undefined,
  hits: [],
  hitAt: -1,
  hitShown: false,
  stepSeq: undefined,
  stepAt: -1,
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
      if (app.state.uri !== msg.uri) {
        const { state } = app;
        app.state = {
          ...emptyState(),
          dir: state.dir,
          dirAuto: state.dirAuto,
          tapes: state.uri === undefined ? state.tapes : {},
          uri: msg.uri,
        };
        app.cursor = undefined;
        stopStepping(app);
      }
      app.tapes = msg.tapes;
      app.gradients = msg.gradients;
      app.loops = msg.loops ?? [];
      app.reportKey = msg.key;
      fillTapeSelect();
      const { tapes, state, shownIndex } = app;
      const focus = msg.focus;
      const wanted =
        focus?.tape !== undefined
          ? tapes.find((t) => t.id === focus.tape)
          : (tapes.find((t) => key(t) === state.tape) ?? (shownIndex >= 0 ? tapes[shownIndex] : undefined));
      showTape(wanted ?? firstTape(), focus?.node);
      break;
    }
    case 'focus': {
      const t = msg.tape === undefined ? undefined : app.tapes.find((x) => x.id === msg.tape);
      if (t && key(t) !== app.currentTape) showTape(t, msg.node);
      else if (msg.node !== undefined) selectByRef(app, msg.node);
      break;
    }
    case 'cursor':
      app.cursor = { line: msg.line, cell: msg.cell };
      followCursor(app);
      break;
    case 'empty':
      if (app.state.uri !== msg.uri)
        app.state = { ...emptyState(), dir: app.state.dir, dirAuto: app.state.dirAuto, uri: msg.uri };
      app.tapes = [];
      app.graph = undefined;
      app.currentTape = undefined;
      fillTapeSelect();
      showEmpty(
        msg.reason === 'waiting'
          ? `Waiting for ${fileName(msg.uri)} to be evaluated…`
          : msg.reason === 'closed'
            ? `${fileName(msg.uri)} was closed. Open it to see its tapes.`
            : `${fileName(msg.uri)} has no GradientTape to show.`,
      );
      save(app);
      break;
  }
}

const key = (t: TapeRecord): string => tapeKey(t, app.tapes);
const firstTape = (): TapeRecord | undefined => app.tapes.find((t) => t.ops.length > 0) ?? app.tapes[0];
const fileName = (uri: string): string => decodeURIComponent(uri.replace(/[?#].*$/, '').replace(/^.*\//, '')) || uri;

function fillTapeSelect(): void {
  const sel = ui.tapeSelect;
  const options = app.tapes.map((t) => {
    const depth = depthOf(t);
    const o = document.createElement('option');
    o.value = key(t);
    o.textContent = `${depth ? `${'  '.repeat(depth)}↳ ` : ''}${tapeTitle(t)} · ${t.opCount} op${t.opCount === 1 ? '' : 's'}`;
    return o;
  });
  sel.replaceChildren(...options);
  sel.disabled = app.tapes.length === 0;
  if (app.currentTape) sel.value = app.currentTape;
}

/** The gradient-call chooser: shown for a tape with several `gradient()` calls. */
function fillCallSelect(tape: TapeRecord, call: number | undefined): void {
  const sel = ui.callSelect;
  const calls = tape.calls ?? [];
  sel.hidden = calls.length < 2;
  if (sel.hidden) {
    sel.replaceChildren();
    return;
  }
  const option = (value: string, text: string): HTMLOptionElement => {
    const o = document.createElement('option');
    o.value = value;
    o.textContent = text;
    return o;
  };
  sel.replaceChildren(
    option('', `Gradients: each value's latest call`),
    ...calls.map((c, i) => option(String(i), callText(c))),
  );
  sel.value = call === undefined ? '' : String(call);
}

function depthOf(t: TapeRecord): number {
  let d = 0;
  for (let p = t.parent; p !== undefined && d < 8; d++) p = app.tapes.find((x) => x.id === p)?.parent;
  return d;
}

function showEmpty(text: string): void {
  ui.empty.textContent = text;
  ui.empty.hidden = false;
  ui.content.replaceChildren();
  app.lastMarkup = '';
  app.elements = [];
  app.edgeElements = [];
  app.rendered = undefined;
  app.layout = undefined;
  app.vis = undefined;
  ui.details.replaceChildren();
  ui.banner.textContent = '';
  ui.banner.hidden = true;
  updateStepper(app);
}

// ---------------------------------------------------------------- choosing and drawing a tape

function showTape(tape: TapeRecord | undefined, node?: number): void {
  if (!tape) {
    app.graph = undefined;
    app.currentTape = undefined;
    showEmpty(app.state.uri ? `${fileName(app.state.uri)} has no GradientTape to show.` : 'No document.');
    save(app);
    return;
  }
  const k = key(tape);
  app.shownIndex = app.tapes.indexOf(tape);
  const switched = k !== app.currentTape;
  if (switched) {
    if (app.graph && app.currentTape) tapeState(app.state, app.currentTape).view = { ...app.viewport };
    stopStepping(app);
  }
  app.currentTape = k;
  app.state.tape = k;
  ui.tapeSelect.value = k;
  const graph = buildGraph(tape, app.tapes, app.gradients, {
    call: tapeState(app.state, k).call,
    loops: app.loops,
  });
  app.graph = graph;
  fillCallSelect(tape, graph.call);
  ui.empty.hidden = true;
  const t = tapeView(app)!;
  if (switched) {
    if (t.view) app.viewport = { ...t.view };
    else app.fitPending = true;
  }
  if (app.stepSeq) app.stepSeq = backwardOrder(graph);
  ui.banner.hidden = !tape.truncated;
  ui.banner.textContent = tape.truncated
    ? `This tape recorded ${tape.opCount} ops; the report lists the first ${tape.ops.length}.`
    : '';
  if (node !== undefined) selectByRef(app, node, false);
  draw();
  if (app.hits.length || app.state.query) runSearch(app, false);
  followCursor(app);
}

function draw(anchor?: { id: string; before: Rect }): void {
  const { graph } = app;
  if (!graph) return;
  const started = performance.now();
  const t = tapeView(app)!;
  const expanded = effectiveExpanded(graph, defaultExpanded(graph), {
    expanded: new Set(t.expanded),
    collapsed: new Set(t.collapsed),
  });
  const vis = visibleGraph(graph, expanded);
  if (app.fitPending && app.state.dirAuto) pickDirection(graph, vis);
  const layout = layoutGraph(graph, vis, app.state.dir, app.layoutCache);
  const rendered = renderGraph(graph, vis, layout);
  app.vis = vis;
  app.layout = layout;
  app.rendered = rendered;
  if (rendered.markup !== app.lastMarkup) {
    ui.content.innerHTML = rendered.markup;
    app.lastMarkup = rendered.markup;
    const elements: SVGGElement[] = [];
    ui.content.querySelectorAll<SVGGElement>('[data-i]').forEach((el) => {
      elements[Number(el.dataset.i)] = el;
    });
    const edgeElements: SVGPathElement[] = [];
    ui.content.querySelectorAll<SVGPathElement>('[data-e]').forEach((el) => {
      edgeElements[Number(el.dataset.e)] = el;
    });
    app.elements = elements;
    app.edgeElements = edgeElements;
  }
  ui.graph.setAttribute(
    'aria-label',
    `${graph.title}: ${graph.tape.opCount} ops, ${vis.items.length} items shown. Arrow keys move between nodes, Enter reveals the source or opens a group, plus and minus zoom.`,
  );
  if (anchor) {
    const after = layout.boxes.get(anchor.id);
    if (after) {
      app.viewport.x += (anchor.before.x - after.x) * app.viewport.k;
      app.viewport.y += (anchor.before.y - after.y) * app.viewport.k;
    }
  }
  applyClasses(app);
  renderDetails(app);
  renderLegend(app);
  // After the details pane and legend are filled: in a narrow panel they sit below the graph and set its height.
  if (app.fitPending) {
    app.fitPending = false;
    initialView(app);
  }
  applyViewport(app);
  updateStepper(app);
  save(app);
  app.post({
    type: 'rendered',
    tape: app.currentTape,
    tapeId: graph.tape.id,
    nodes: graph.nodes.size,
    items: vis.items.length,
    ms: Math.round(performance.now() - started),
  });
}

/** Before a first view: the direction in which the graph fits the panel best (see `chooseDir`). */
function pickDirection(graph: TapeGraph, vis: VisibleGraph): void {
  const r = ui.graph.getBoundingClientRect();
  if (r.width < 50 || r.height < 50) return;
  const lr = layoutGraph(graph, vis, 'LR', app.layoutCache);
  const tb = layoutGraph(graph, vis, 'TB', app.layoutCache);
  const dir = chooseDir(lr, tb, r.width, r.height);
  if (dir !== app.state.dir) {
    app.state.dir = dir;
    updateDirButton();
  }
}

// ---------------------------------------------------------------- clicks and keys on the graph

bindViewport(app);

const targetOf = (el: EventTarget | null): { kind: string; id: string } | undefined => {
  const g = (el as Element | null)?.closest?.('[data-i]') as SVGGElement | null;
  return g && app.rendered ? app.rendered.targets[Number(g.dataset.i)] : undefined;
};

ui.graph.addEventListener('click', (e) => {
  const t = targetOf(e.target);
  if (!t) return;
  if (t.kind === 'group') toggleGroup(app, t.id, true);
  else if (t.kind === 'frame') {
    if (app.graph?.groups.get(t.id)?.kind !== 'tape') toggleGroup(app, t.id, false);
  } else select(app, t.id, { reveal: true });
});

ui.graph.addEventListener('keydown', (e) => {
  const { graph } = app;
  if (!graph) return;
  const t = tapeView(app)!;
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
    if (e.shiftKey) pan(app, -dx * 80, -dy * 80);
    else moveSelection(app, dx, dy);
    return;
  }
  switch (k) {
    case '+':
    case '=':
      zoomCenter(app, 1.2);
      break;
    case '-':
    case '_':
      zoomCenter(app, 1 / 1.2);
      break;
    case '0':
      fitToView(app);
      break;
    case 'Enter':
    case ' ': {
      const sel = t.selected;
      if (!sel) break;
      if (graph.groups.has(sel)) toggleGroup(app, sel, !app.vis?.containers.has(sel));
      else if (k === 'Enter') select(app, sel, { reveal: true });
      break;
    }
    case 'Home':
    case 'End': {
      const ids = orderedTargets(app);
      const id = k === 'Home' ? ids[0] : ids[ids.length - 1];
      if (id) select(app, id, { center: true, focus: true });
      break;
    }
    case '[':
      step(app, -1);
      break;
    case ']':
      step(app, 1);
      break;
    case '/':
      ui.search.focus();
      break;
    case 'Escape':
      if (app.stepSeq) stopStepping(app);
      else select(app, undefined);
      draw();
      break;
    default:
      return;
  }
  e.preventDefault();
});

// ---------------------------------------------------------------- search box

ui.search.addEventListener('input', () => {
  app.hitAt = 0;
  app.hitShown = false;
  runSearch(app, false);
});
ui.search.addEventListener('keydown', (e) => {
  if (e.key === 'Enter') {
    e.preventDefault();
    if (!app.hitShown) {
      runSearch(app, true);
      app.hitShown = app.hits.length > 0;
    } else goToHit(app, e.shiftKey ? app.hitAt - 1 : app.hitAt + 1);
  } else if (e.key === 'Escape') {
    ui.search.value = '';
    runSearch(app, false);
    ui.graph.focus();
  }
});
ui.searchNext.addEventListener('click', () => {
  goToHit(app, app.hitShown ? app.hitAt + 1 : app.hitAt);
  app.hitShown = app.hits.length > 0;
});
ui.searchPrev.addEventListener('click', () => {
  goToHit(app, app.hitAt - 1);
  app.hitShown = app.hits.length > 0;
});

// ---------------------------------------------------------------- toolbar

ui.tapeSelect.addEventListener('change', () => {
  const t = app.tapes.find((x) => key(x) === ui.tapeSelect.value);
  if (t) showTape(t);
});
ui.callSelect.addEventListener('change', () => {
  const tape = app.tapes.find((x) => key(x) === app.currentTape);
  if (!tape || !app.currentTape) return;
  const v = ui.callSelect.value;
  tapeState(app.state, app.currentTape).call = v === '' ? undefined : Number(v);
  showTape(tape);
});
ui.dir.addEventListener('click', () => {
  app.state.dir = app.state.dir === 'LR' ? 'TB' : 'LR';
  app.state.dirAuto = false;
  app.fitPending = true;
  updateDirButton();
  draw();
});
function updateDirButton(): void {
  const { dir } = app.state;
  ui.dir.textContent = dir === 'LR' ? 'LR →' : 'TB ↓';
  ui.dir.title = `Layout: ${dir === 'LR' ? 'left to right' : 'top to bottom'} (click to switch)`;
  ui.dir.setAttribute(
    'aria-label',
    `Layout ${dir === 'LR' ? 'left to right' : 'top to bottom'}; switch to ${dir === 'LR' ? 'top to bottom' : 'left to right'}`,
  );
  ui.app.classList.toggle('dir-TB', dir === 'TB');
}
ui.zoomIn.addEventListener('click', () => zoomCenter(app, 1.25));
ui.zoomOut.addEventListener('click', () => zoomCenter(app, 1 / 1.25));
ui.zoomFit.addEventListener('click', () => fitToView(app));
ui.collapseAll.addEventListener('click', () => {
  const { graph } = app;
  if (!graph) return;
  const t = tapeView(app)!;
  t.expanded = [];
  t.collapsed = [...graph.groups.keys()].filter((g) => g !== graph.root);
  app.fitPending = true;
  draw();
});
ui.expandAll.addEventListener('click', () => {
  if (!app.graph) return;
  const t = tapeView(app)!;
  // One level at a time: every collapsed box that shows now opens (a 10,000-op loop opens into its chunks).
  const open = app.vis ? [...app.vis.collapsed] : [];
  t.collapsed = t.collapsed.filter((g) => !open.includes(g));
  for (const g of open) if (!t.expanded.includes(g)) t.expanded.push(g);
  app.fitPending = true;
  draw();
});
ui.exportSvg.addEventListener('click', () => void exportSvg());
ui.exportPng.addEventListener('click', () => void exportPng());

ui.stepFirst.addEventListener('click', () => step(app, 'first'));
ui.stepPrev.addEventListener('click', () => step(app, -1));
ui.stepNext.addEventListener('click', () => step(app, 1));
ui.stepLast.addEventListener('click', () => step(app, 'last'));
ui.stepExit.addEventListener('click', () => {
  stopStepping(app);
  draw();
});

// ---------------------------------------------------------------- export

const exportName = (title: string, ext: string): string =>
  `${fileName(app.state.uri ?? 'tape').replace(/\.[^.]*$/, '')}-${title.replace(/[^\w.-]+/g, '_')}.${ext}`;

async function exportSvg(): Promise<void> {
  const { rendered, graph } = app;
  if (!rendered || !graph) return;
  const css = await exportCss();
  const svg = standaloneSvg(rendered, css, graph.title, app.state.dir);
  app.post({ type: 'exportSvg', svg, fileName: exportName(graph.title, 'svg') });
}

/** The standalone SVG drawn on a canvas at twice its size (at most 8,192 px a side), as a PNG file. */
async function exportPng(): Promise<void> {
  const { rendered, graph } = app;
  if (!rendered || !graph) return;
  const css = await exportCss();
  const svg = standaloneSvg(rendered, css, graph.title, app.state.dir);
  const img = new Image();
  img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
  try {
    await img.decode();
  } catch {
    announce(app, 'The PNG export failed: the graph image could not be drawn.');
    return;
  }
  const scale = Math.min(2, 8192 / Math.max(rendered.width, rendered.height, 1));
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, Math.round(rendered.width * scale));
  canvas.height = Math.max(1, Math.round(rendered.height * scale));
  const g = canvas.getContext('2d');
  if (!g) return;
  g.drawImage(img, 0, 0, canvas.width, canvas.height);
  const png = canvas.toDataURL('image/png').replace(/^data:image\/png;base64,/, '');
  app.post({ type: 'exportPng', png, fileName: exportName(graph.title, 'png') });
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
ui.search.value = app.state.query;
updateStepper(app);
new ResizeObserver(() => {
  if (app.fitPending) draw();
}).observe(ui.graph);
app.post({ type: 'ready' });

/** For the end-to-end test and debugging: what is drawn, without reaching into the app's internals. */
(window as unknown as { glInspector: unknown }).glInspector = {
  summary: () => ({
    tape: app.currentTape,
    report: app.reportKey,
    nodes: app.graph ? app.graph.nodes.size : 0,
    items: app.vis ? app.vis.items.length : 0,
    viewport: { ...app.viewport },
  }),
};
