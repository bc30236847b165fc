/**
 * The tape inspector's panel host: one WebviewPanel beside the editor that shows the tapes of a document.
 *
 * - Opens from `ctx.inspectorPanel.show(target)` (the "Open Tape Inspector" command, the tape lens's Inspect action,
 *   hover links), and comes back after a window reload through a `WebviewPanelSerializer` (activation event
 *   `onWebviewPanel:gradientLens.inspector`); the webview keeps its own state with `getState`/`setState`, so there is
 *   no `retainContextWhenHidden`.
 * - Sends the last *good* report's tapes and gradient calls from the report cache (`ctx.cache`), with spans mapped
 *   to the current text, on every new report and a moment after edits; follows the active editor and the cursor
 *   (the tape under the cursor, the nodes of the cursor's line).
 * - Every message from the webview is validated against the typed protocol (`isInspectorToHost`) before it
 *   is acted on; a reveal's range is clamped to the document.
 */
import * as vscode from 'vscode';
import { type LoopHeader, loopHeaders } from '../../protocol/loopHeaders';
import {
  type HostToInspector,
  INSPECTOR_VIEW_TYPE,
  type InspectorTarget,
  type InspectorToHost,
  isInspectorToHost,
} from '../../protocol/messages';
import type { GradientRecord, Span, TapeRecord } from '../../protocol/report';
import type { GradientLensContext, InspectorPanelHook } from '../context';
import { tapeAtLine, tapeGroups } from '../core/lookup';
import type { CacheEntry, Snapshot } from '../core/reportCache';
import { CELL_SCHEME, isPythonFile, notebookOf } from '../documents';
import { inspectorHtml, makeNonce } from './html';

export const TEST_STATE_COMMAND = 'gradientLens.inspector.testState';
export const TEST_RECEIVE_COMMAND = 'gradientLens.inspector.testReceive';

/** What the integration tests read: the panel, and the last messages each way (types and small summaries). */
export interface InspectorTrace {
  open: boolean;
  visible: boolean;
  uri?: string;
  ready: boolean;
  sent: { type: string; tapes?: number; key?: string; focus?: unknown; line?: number; tape?: number }[];
  received: { type: string; ok: boolean; detail?: unknown }[];
  rendered?: { tape?: string; tapeId?: number; nodes: number; items: number; ms: number };
}

const MAX_TRACE = 50;
const EDIT_RESEND_MS = 400;
const MAX_COPY_CHARS = 16 * 1024 * 1024;

export function registerInspectorPanel(ctx: GradientLensContext): InspectorPanelHook {
  const host = new InspectorPanelHost(ctx);
  ctx.subscriptions.push(
    host,
    vscode.window.registerWebviewPanelSerializer(INSPECTOR_VIEW_TYPE, host),
    vscode.commands.registerCommand(TEST_STATE_COMMAND, () => host.trace()),
    vscode.commands.registerCommand(TEST_RECEIVE_COMMAND, (m: unknown) => host.receive(m)),
  );
  return host;
}

class InspectorPanelHost implements InspectorPanelHook, vscode.WebviewPanelSerializer, vscode.Disposable {
  private panel?: vscode.WebviewPanel;
  private panelDisposables: vscode.Disposable[] = [];
  private readonly disposables: vscode.Disposable[] = [];
  /** The text document the user pointed at (a file, or a notebook cell) and the cache entry it belongs to. */
  private docUri?: string;
  private ready = false;
  private pendingFocus?: { tape?: number; node?: number };
  private lastCursorTape?: number;
  private editTimer?: ReturnType<typeof setTimeout>;
  private cursorTimer?: ReturnType<typeof setTimeout>;
  private readonly sent: InspectorTrace['sent'] = [];
  private readonly received: InspectorTrace['received'] = [];
  private rendered?: InspectorTrace['rendered'];

  constructor(private readonly ctx: GradientLensContext) {
    ctx.cache.onDidChange(
      (change) => {
        if (!this.panel || change.kind !== 'report') return;
        const entry = this.entry();
        if (entry ? entry.uri === change.uri : change.docs.includes(this.docUri ?? '')) this.sendReport();
      },
      this,
      this.disposables,
    );
    vscode.window.onDidChangeActiveTextEditor((e) => this.followEditor(e), this, this.disposables);
    vscode.window.onDidChangeTextEditorSelection(
      (e) => {
        if (this.panel && this.belongs(e.textEditor.document.uri.toString())) this.scheduleCursor();
      },
      this,
      this.disposables,
    );
    vscode.workspace.onDidChangeTextDocument(
      (e) => {
        if (!this.panel || e.contentChanges.length === 0 || !this.belongs(e.document.uri.toString())) return;
        clearTimeout(this.editTimer);
        this.editTimer = setTimeout(() => this.sendReport(), EDIT_RESEND_MS);
      },
      this,
      this.disposables,
    );
  }

  // ---------------------------------------------------------------- opening and restoring

  async show(target: InspectorTarget): Promise<void> {
    this.docUri = target.uri;
    this.pendingFocus = {
      ...(target.tape !== undefined ? { tape: target.tape } : {}),
      ...(target.node !== undefined ? { node: target.node } : {}),
    };
    this.lastCursorTape = target.tape;
    if (this.panel) {
      this.panel.reveal(this.panel.viewColumn ?? vscode.ViewColumn.Beside, true);
      this.updateTitle();
      this.sendReport();
      return;
    }
    const panel = vscode.window.createWebviewPanel(
      INSPECTOR_VIEW_TYPE,
      this.ctx.t('Tape Inspector'),
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      this.webviewOptions(),
    );
    this.adopt(panel);
    await this.ensureEvaluated();
  }

  async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    const uri = typeof (state as { uri?: unknown } | undefined)?.uri === 'string' ? (state as { uri: string }).uri : '';
    this.docUri = uri || vscode.window.activeTextEditor?.document.uri.toString();
    this.pendingFocus = undefined;
    if (this.panel) {
      // One inspector at a time: a second restored panel is closed.
      panel.dispose();
      return;
    }
    this.adopt(panel);
    await this.ensureEvaluated();
  }

  private webviewOptions(): vscode.WebviewOptions & vscode.WebviewPanelOptions {
    const root = this.ctx.extension.extensionUri;
    return {
      enableScripts: true,
      enableCommandUris: false,
      localResourceRoots: [vscode.Uri.joinPath(root, 'dist'), vscode.Uri.joinPath(root, 'media')],
    };
  }

  private adopt(panel: vscode.WebviewPanel): void {
    this.panel = panel;
    this.ready = false;
    const root = this.ctx.extension.extensionUri;
    const webview = panel.webview;
    webview.options = this.webviewOptions();
    panel.iconPath = vscode.Uri.joinPath(root, 'media', 'icon.png');
    webview.html = inspectorHtml({
      cspSource: webview.cspSource,
      nonce: makeNonce(),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(root, 'dist', 'inspector.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(root, 'media', 'inspector.css')).toString(),
    });
    this.updateTitle();
    webview.onDidReceiveMessage((m: unknown) => void this.receive(m), this, this.panelDisposables);
    panel.onDidChangeViewState(
      (e) => {
        // Hidden webviews are torn down (no retainContextWhenHidden); the app says `ready` again when shown.
        if (!e.webviewPanel.visible) this.ready = false;
      },
      this,
      this.panelDisposables,
    );
    panel.onDidDispose(() => this.closed(), this, this.panelDisposables);
  }

  private closed(): void {
    for (const d of this.panelDisposables.splice(0)) d.dispose();
    clearTimeout(this.editTimer);
    clearTimeout(this.cursorTimer);
    this.panel = undefined;
    this.ready = false;
  }

  /** A restored panel can point at a file that is not open: open it, so it is evaluated. */
  private async ensureEvaluated(): Promise<void> {
    if (!this.docUri || this.entry()) return;
    try {
      const uri = vscode.Uri.parse(this.docUri);
      if (uri.scheme === CELL_SCHEME) return;
      if (uri.path.endsWith('.ipynb')) await vscode.workspace.openNotebookDocument(uri);
      else await vscode.workspace.openTextDocument(uri);
    } catch (e) {
      this.ctx.log.info(`inspector: could not open ${this.docUri}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  private updateTitle(): void {
    if (!this.panel) return;
    const entry = this.entry();
    const uri = entry?.uri ?? this.docUri;
    const name = uri ? decodeURIComponent(uri.replace(/[?#].*$/, '').replace(/^.*\//, '')) : '';
    this.panel.title = name ? this.ctx.t('Tape Inspector: {0}', name) : this.ctx.t('Tape Inspector');
  }

  // ---------------------------------------------------------------- messages

  /** Handles one message from the webview; returns false when it was rejected. */
  receive(m: unknown): boolean {
    if (!isInspectorToHost(m)) {
      const type = typeof m === 'object' && m !== null ? String((m as { type?: unknown }).type).slice(0, 40) : typeof m;
      this.trace_(this.received, { type, ok: false });
      this.ctx.log.warn(`inspector: ignored an invalid message from the webview (${type})`);
      return false;
    }
    this.trace_(this.received, { type: m.type, ok: true });
    void this.handle(m).catch((e) =>
      this.ctx.log.error(`inspector: ${m.type} failed: ${e instanceof Error ? e.stack : String(e)}`),
    );
    return true;
  }

  private async handle(m: InspectorToHost): Promise<void> {
    switch (m.type) {
      case 'ready':
        this.ready = true;
        this.sendReport();
        this.sendCursor();
        return;
      case 'reveal':
        await this.reveal(m.span);
        return;
      case 'copy':
        await vscode.env.clipboard.writeText(m.text.slice(0, MAX_COPY_CHARS));
        vscode.window.setStatusBarMessage(this.ctx.t('Gradient Lens: copied'), 2000);
        return;
      case 'exportSvg':
        await this.exportFile(new TextEncoder().encode(m.svg), m.fileName, 'svg');
        return;
      case 'exportPng':
        await this.exportFile(Buffer.from(m.png, 'base64'), m.fileName, 'png');
        return;
      case 'rendered':
        this.rendered = { tape: m.tape, tapeId: m.tapeId, nodes: m.nodes, items: m.items, ms: m.ms };
        return;
    }
  }

  private post(m: HostToInspector): void {
    if (!this.panel || !this.ready) return;
    const summary: InspectorTrace['sent'][number] = { type: m.type };
    if (m.type === 'report') Object.assign(summary, { tapes: m.tapes.length, key: m.key, focus: m.focus });
    if (m.type === 'cursor') summary.line = m.line;
    if (m.type === 'focus') summary.tape = m.tape;
    this.trace_(this.sent, summary);
    void this.panel.webview.postMessage(m);
  }

  private trace_<T>(list: T[], item: T): void {
    list.push(item);
    if (list.length > MAX_TRACE) list.splice(0, list.length - MAX_TRACE);
  }

  trace(): InspectorTrace {
    return {
      open: !!this.panel,
      visible: !!this.panel?.visible,
      uri: this.entry()?.uri ?? this.docUri,
      ready: this.ready,
      sent: [...this.sent],
      received: [...this.received],
      rendered: this.rendered,
    };
  }

  // ---------------------------------------------------------------- the report

  private entry(): CacheEntry | undefined {
    if (!this.docUri) return undefined;
    return this.ctx.cache.get(this.docUri) ?? this.ctx.cache.entryOf(this.docUri);
  }

  /** True when a text document is the shown one or a cell of the shown notebook. */
  private belongs(docUri: string): boolean {
    if (docUri === this.docUri) return true;
    const entry = this.entry();
    return !!entry && this.ctx.cache.entryOf(docUri) === entry;
  }

  private sendReport(): void {
    if (!this.panel || !this.ready || !this.docUri) return;
    this.updateTitle();
    const entry = this.entry();
    const snapshot = entry?.good;
    if (!entry || !snapshot) {
      const open =
        vscode.workspace.textDocuments.some((d) => d.uri.toString() === this.docUri) ||
        vscode.workspace.notebookDocuments.some((n) => n.uri.toString() === this.docUri);
      this.post({ type: 'empty', uri: this.docUri, reason: open ? 'waiting' : 'closed' });
      return;
    }
    let { tapes, gradients } = snapshot.report;
    if (snapshot.report.bounded) {
      // A bounded report's tapes have no graphs: the worker sends them (once per evaluation), then this runs again.
      if (this.graphs?.key !== snapshot.key) {
        void this.fetchGraphs(snapshot);
        return;
      }
      ({ tapes, gradients } = this.graphs);
    }
    const focus = this.pendingFocus;
    this.pendingFocus = undefined;
    this.post({
      type: 'report',
      uri: entry.uri,
      key: snapshot.key,
      tapes: tapes.map((t) => this.mapTape(snapshot, t)),
      gradients: gradients.map((g) => ({
        ...g,
        span: this.mapSpan(snapshot, g.span) ?? g.span,
        results: g.results.map((r) =>
          r.explanation
            ? {
                ...r,
                explanation: {
                  ...r.explanation,
                  paths: r.explanation.paths.map((p) => ({
                    ...p,
                    steps: p.steps.map((s) => (s.span ? { ...s, span: this.mapSpan(snapshot, s.span) } : s)),
                  })),
                },
              }
            : r,
        ),
      })),
      loops: this.loopsOf(snapshot),
      ...(focus && (focus.tape !== undefined || focus.node !== undefined) ? { focus } : {}),
    });
  }

  /** Tape graphs and explained gradient calls of a bounded snapshot, from the worker. */
  private graphs?: { key: string; tapes: TapeRecord[]; gradients: GradientRecord[] };
  private fetchingGraphs?: string;

  private async fetchGraphs(snapshot: Snapshot): Promise<void> {
    if (this.fetchingGraphs === snapshot.key) return;
    this.fetchingGraphs = snapshot.key;
    const outcome = await this.ctx.runner.detailOrRerun(snapshot, { kind: 'tapes' });
    if (this.fetchingGraphs === snapshot.key) this.fetchingGraphs = undefined;
    const current = this.entry()?.good?.key === snapshot.key;
    if (outcome.kind === 'ok' && outcome.answer.kind === 'tapes') {
      this.graphs = { key: snapshot.key, tapes: outcome.answer.tapes, gradients: outcome.answer.gradients };
      if (current) this.sendReport();
    } else if (outcome.kind === 'failed') {
      this.ctx.log.warn(`inspector: no tape graphs for ${snapshot.key}: ${outcome.message}`);
    }
  }

  /** The loops of the documents a snapshot ran (their current text, as the mapped spans are). */
  private loopsOf(snapshot: Snapshot): LoopHeader[] {
    const out: LoopHeader[] = [];
    for (const d of snapshot.docs) {
      const doc = vscode.workspace.textDocuments.find((t) => t.uri.toString() === d.uri);
      if (doc) out.push(...loopHeaders(doc.getText(), d.cell));
    }
    return out;
  }

  /** A report span in the current text of its document (edits since the report are replayed). */
  private mapSpan(snapshot: Snapshot, span: Span): Span | undefined {
    const view = this.ctx.cache.viewOfSpan(snapshot, span);
    return view?.span(span);
  }

  private mapTape(snapshot: Snapshot, t: TapeRecord): TapeRecord {
    const map = (s: Span | undefined): Span | undefined => (s ? this.mapSpan(snapshot, s) : undefined);
    const strip = <T extends { span?: Span }>(x: T): T => {
      const span = map(x.span);
      if (span) return { ...x, span };
      const { span: _drop, ...rest } = x;
      return rest as T;
    };
    return { ...strip(t), values: t.values.map(strip), ops: t.ops.map(strip) };
  }

  // ---------------------------------------------------------------- editor → inspector

  private followEditor(editor: vscode.TextEditor | undefined): void {
    if (!this.panel || !editor) return;
    const doc = editor.document;
    const uri = doc.uri.toString();
    if (this.belongs(uri)) {
      this.scheduleCursor();
      return;
    }
    const evaluable = isPythonFile(doc) || (doc.uri.scheme === CELL_SCHEME && !!notebookOf(doc));
    if (!evaluable) return;
    this.docUri = uri;
    this.lastCursorTape = undefined;
    this.pendingFocus = undefined;
    this.sendReport();
    this.scheduleCursor();
  }

  private scheduleCursor(): void {
    clearTimeout(this.cursorTimer);
    this.cursorTimer = setTimeout(() => this.sendCursor(), 60);
  }

  private sendCursor(): void {
    const editor = vscode.window.activeTextEditor;
    if (!this.panel || !this.ready || !editor) return;
    const docUri = editor.document.uri.toString();
    if (!this.belongs(docUri)) return;
    const view = this.ctx.cache.view(docUri, 'good');
    const line = editor.selection.active.line;
    this.post({ type: 'cursor', line, ...(view?.doc.cell !== undefined ? { cell: view.doc.cell } : {}) });
    if (!view) return;
    // The tape whose block holds the cursor (innermost) becomes the shown tape.
    const groups = tapeGroups(view.report, view.owns).flatMap((g) => {
      const span = view.span(g.span);
      return span ? [{ ...g, span }] : [];
    });
    const lines = editor.document.getText().split(/\r?\n/);
    const group = tapeAtLine(groups, lines, line);
    if (group && group.tape.id !== this.lastCursorTape) {
      this.lastCursorTape = group.tape.id;
      this.post({ type: 'focus', tape: group.tape.id });
    }
  }

  // ---------------------------------------------------------------- inspector → editor

  private async reveal(span: Span): Promise<void> {
    const entry = this.entry();
    const snapshot = entry?.good;
    let docUri = this.docUri;
    if (snapshot) {
      const doc =
        snapshot.docs.find((d) => d.cell === span.cell) ?? (snapshot.docs.length === 1 ? snapshot.docs[0] : undefined);
      docUri = doc?.uri ?? docUri;
    }
    if (!docUri) return;
    const uri = vscode.Uri.parse(docUri);
    const doc = await vscode.workspace.openTextDocument(uri);
    const clamp = (n: number): number => Math.max(0, Math.min(n, 1e9));
    const range = doc.validateRange(
      new vscode.Range(
        clamp(span.start.line),
        clamp(span.start.character),
        clamp(span.end.line),
        clamp(span.end.character),
      ),
    );
    const visible = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === docUri);
    const column =
      visible?.viewColumn ??
      (this.panel?.viewColumn === vscode.ViewColumn.One ? vscode.ViewColumn.Two : vscode.ViewColumn.One);
    if (uri.scheme === CELL_SCHEME) {
      const nb = notebookOf(doc);
      const cell = nb?.getCells().find((c) => c.document.uri.toString() === docUri);
      if (nb && cell)
        await vscode.window.showNotebookDocument(nb, {
          viewColumn: column,
          preserveFocus: true,
          selections: [new vscode.NotebookRange(cell.index, cell.index + 1)],
        });
    }
    const editor = await vscode.window.showTextDocument(doc, {
      viewColumn: column,
      preserveFocus: true,
      selection: range,
    });
    editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  private async exportFile(bytes: Uint8Array, fileName: string, ext: 'svg' | 'png'): Promise<void> {
    const safe =
      fileName
        .replace(/[^\w.-]+/g, '_')
        .replace(/^\.+/, '')
        .slice(0, 120) || `tape.${ext}`;
    const name = safe.endsWith(`.${ext}`) ? safe : `${safe}.${ext}`;
    const entryUri = this.entry()?.uri ?? this.docUri;
    const base = entryUri ? vscode.Uri.parse(entryUri) : undefined;
    const folder =
      base && base.scheme === 'file'
        ? vscode.Uri.joinPath(base, '..')
        : (vscode.workspace.workspaceFolders?.[0]?.uri ?? undefined);
    const target = await vscode.window.showSaveDialog({
      defaultUri: folder ? vscode.Uri.joinPath(folder, name) : undefined,
      filters: ext === 'svg' ? { SVG: ['svg'] } : { PNG: ['png'] },
      title: ext === 'svg' ? this.ctx.t('Export the tape graph as SVG') : this.ctx.t('Export the tape graph as PNG'),
    });
    if (!target) return;
    await vscode.workspace.fs.writeFile(target, bytes);
    vscode.window.setStatusBarMessage(
      this.ctx.t('Gradient Lens: saved {0}', vscode.workspace.asRelativePath(target)),
      4000,
    );
  }

  dispose(): void {
    this.panel?.dispose();
    this.closed();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
