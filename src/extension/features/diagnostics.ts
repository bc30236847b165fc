/**
 * Problems from the latest report: the engine's diagnostics (Python/TF exceptions at their span with the traceback
 * as related information, tape mistakes, unsupported APIs as information), failed asserts, a run stopped early.
 */
import * as vscode from 'vscode';
import type { Severity } from '../../protocol/report';
import type { GradientLensContext } from '../context';
import { problems } from '../core/diagnosticText';
import { gradientHealth } from '../core/gradientHealth';
import { notRunLines, notRunMessage, uncaughtExceptions } from '../core/notRun';
import type { CacheChange } from '../core/reportCache';
import { toLocation, toRange } from '../view';

const SEVERITY: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  information: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

export function registerDiagnostics(ctx: GradientLensContext): void {
  const collection = vscode.languages.createDiagnosticCollection('gradientLens');
  ctx.subscriptions.push(collection);

  const update = (e: CacheChange) => {
    for (const d of e.docs) collection.delete(vscode.Uri.parse(d));
    const snapshot = ctx.cache.get(e.uri)?.latest;
    if (!snapshot || !ctx.config.diagnosticsEnabled) return;
    const byDoc = new Map<string, vscode.Diagnostic[]>(snapshot.docs.map((d) => [d.uri, []]));
    for (const p of [...problems(snapshot.report, ctx.t), ...gradientHealth(snapshot.report, ctx.t)]) {
      const view = ctx.cache.viewOfSpan(snapshot, p.span);
      const range = view && toRange(p.span, view);
      if (!view || !range) continue;
      const diag = new vscode.Diagnostic(range, p.message, SEVERITY[p.severity] ?? vscode.DiagnosticSeverity.Error);
      diag.source = 'Gradient Lens';
      diag.code = p.code;
      diag.relatedInformation = (p.related ?? []).flatMap((r) => {
        const location = toLocation(ctx, r.span, snapshot);
        return location ? [new vscode.DiagnosticRelatedInformation(location, r.message)] : [];
      });
      byDoc.get(view.doc.uri)?.push(diag);
    }
    // Code after an uncaught exception did not run: faded, with the exception's name and line.
    for (const u of uncaughtExceptions(snapshot.report)) {
      const view = ctx.cache.viewOfSpan(snapshot, u.top);
      const top = view?.span(u.top);
      const doc = view && vscode.workspace.textDocuments.find((d) => d.uri.toString() === view.doc.uri);
      if (!view || !top || !doc) continue;
      const lines = doc.getText().split(/\r?\n/);
      const notRun = notRunLines(lines, top.start.line);
      if (!notRun) continue;
      const [from, to] = notRun;
      const range = new vscode.Range(from, 0, to, lines[to]?.length ?? 0);
      const diag = new vscode.Diagnostic(range, notRunMessage(u, ctx.t), vscode.DiagnosticSeverity.Hint);
      diag.source = 'Gradient Lens';
      diag.code = 'not-run';
      diag.tags = [vscode.DiagnosticTag.Unnecessary];
      byDoc.get(view.doc.uri)?.push(diag);
    }
    for (const [uri, diags] of byDoc) collection.set(vscode.Uri.parse(uri), diags);
  };

  ctx.cache.onDidChange((e) => e.kind === 'report' && update(e), undefined, ctx.subscriptions);
  ctx.onDidChangeConfig(
    () => {
      collection.clear();
      for (const uri of ctx.cache.uris()) {
        const entry = ctx.cache.get(uri);
        update({ uri, kind: 'report', docs: (entry?.latest?.docs ?? []).map((d) => d.uri) });
      }
    },
    undefined,
    ctx.subscriptions,
  );
}
