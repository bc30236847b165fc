/**
 * Document events → runs. Live mode: every edit schedules a debounced run. Always: a document is evaluated when it
 * opens and when it is saved (that is all that happens with live mode off, besides Compute Gradients). Edits are
 * journaled in every mode so the last report's positions follow the text. Closing a document forgets its results.
 */
import * as vscode from 'vscode';
import type { GradientLensContext } from '../context';
import { isPythonFile, notebookTarget, targetOf } from '../documents';

export function registerLiveDocuments(ctx: GradientLensContext): void {
  const { runner, cache, subscriptions } = ctx;

  vscode.workspace.onDidOpenTextDocument(
    (doc) => {
      if (isPythonFile(doc)) void runner.run({ kind: 'file', uri: doc.uri, doc }, 'opened', true);
    },
    undefined,
    subscriptions,
  );

  vscode.workspace.onDidChangeTextDocument(
    (e) => {
      if (e.document.languageId !== 'python' || e.contentChanges.length === 0) return;
      cache.journal.record(e.document.uri.toString(), e.document.version, e.contentChanges);
      ctx.iterations.edit(e.document.uri.toString(), e.contentChanges);
      if (!ctx.config.liveMode) return;
      const target = targetOf(e.document);
      if (target) void runner.run(target, 'edited');
    },
    undefined,
    subscriptions,
  );

  vscode.workspace.onDidSaveTextDocument(
    (doc) => {
      const target = isPythonFile(doc) ? targetOf(doc) : undefined;
      if (target && !ctx.config.liveMode) void runner.run(target, 'saved', true);
    },
    undefined,
    subscriptions,
  );

  vscode.workspace.onDidCloseTextDocument(
    (doc) => {
      if (!isPythonFile(doc)) return;
      runner.cancel(doc.uri.toString());
      cache.delete(doc.uri.toString());
      ctx.iterations.forget(doc.uri.toString());
    },
    undefined,
    subscriptions,
  );

  vscode.workspace.onDidOpenNotebookDocument(
    (nb) => {
      const target = notebookTarget(nb);
      if (target) void runner.run(target, 'opened', true);
    },
    undefined,
    subscriptions,
  );

  vscode.workspace.onDidChangeNotebookDocument(
    (e) => {
      // Cell text edits arrive as text document changes; here only cells added, removed or moved.
      if (e.contentChanges.length === 0 || !ctx.config.liveMode) return;
      const target = notebookTarget(e.notebook);
      if (target) void runner.run(target, 'cells changed');
    },
    undefined,
    subscriptions,
  );

  vscode.workspace.onDidSaveNotebookDocument(
    (nb) => {
      const target = notebookTarget(nb);
      if (target && !ctx.config.liveMode) void runner.run(target, 'saved', true);
    },
    undefined,
    subscriptions,
  );

  vscode.workspace.onDidCloseNotebookDocument(
    (nb) => {
      runner.cancel(nb.uri.toString());
      cache.delete(nb.uri.toString());
    },
    undefined,
    subscriptions,
  );

  // What is already open when the extension activates.
  for (const doc of vscode.workspace.textDocuments) {
    if (isPythonFile(doc)) runner.ensure({ kind: 'file', uri: doc.uri, doc }, 'open at activation');
  }
  for (const nb of vscode.workspace.notebookDocuments) {
    const target = notebookTarget(nb);
    if (target) runner.ensure(target, 'open at activation');
  }
}
