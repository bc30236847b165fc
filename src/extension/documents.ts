/**
 * Which documents Gradient Lens evaluates and what it sends for them.
 *
 * - A Python file (`languageId` python, any scheme but a few non-editor ones) is one `python` input; `# %%` markers
 *   stay in the text as comments.
 * - A notebook is one `notebook` input: its Python code cells joined in order, as "Run All" would run them. Each
 *   cell is sent with `cell` = the cell's index in the notebook (`NotebookCell.index`, counting markdown cells too),
 *   so a report span's `cell` is directly `notebook.cellAt(span.cell)`. The snapshot keeps each cell's document URI
 *   next to that index, so spans still land in the right cell after cells are added or moved.
 */
import * as vscode from 'vscode';
import type { RunInput, RunOptions } from '../protocol/report';
import type { DocRef } from './core/reportCache';
import type { Job } from './core/scheduler';

const SKIPPED_SCHEMES = new Set([
  'git',
  'gitfs',
  'output',
  'vscode-scm',
  'comment',
  'vscode-bulkeditpreview',
  'conflictResolution',
]);
export const CELL_SCHEME = 'vscode-notebook-cell';

export type Target =
  | { kind: 'file'; uri: vscode.Uri; doc: vscode.TextDocument }
  | { kind: 'notebook'; uri: vscode.Uri; notebook: vscode.NotebookDocument };

export const isPythonFile = (doc: vscode.TextDocument): boolean =>
  doc.languageId === 'python' && doc.uri.scheme !== CELL_SCHEME && !SKIPPED_SCHEMES.has(doc.uri.scheme);

const pythonCells = (nb: vscode.NotebookDocument): vscode.NotebookCell[] =>
  nb.getCells().filter((c) => c.kind === vscode.NotebookCellKind.Code && c.document.languageId === 'python');

export const isPythonNotebook = (nb: vscode.NotebookDocument): boolean =>
  !SKIPPED_SCHEMES.has(nb.uri.scheme) && pythonCells(nb).length > 0;

export function notebookOf(cellDoc: vscode.TextDocument): vscode.NotebookDocument | undefined {
  if (cellDoc.uri.scheme !== CELL_SCHEME) return undefined;
  return vscode.workspace.notebookDocuments.find((nb) => nb.getCells().some((c) => c.document === cellDoc));
}

/** The document to evaluate for a text document: the file itself, or the notebook a cell belongs to. */
export function targetOf(doc: vscode.TextDocument): Target | undefined {
  if (isPythonFile(doc)) return { kind: 'file', uri: doc.uri, doc };
  const nb = notebookOf(doc);
  return nb && isPythonNotebook(nb) ? { kind: 'notebook', uri: nb.uri, notebook: nb } : undefined;
}

export function notebookTarget(nb: vscode.NotebookDocument): Target | undefined {
  return isPythonNotebook(nb) ? { kind: 'notebook', uri: nb.uri, notebook: nb } : undefined;
}

/** The open file or notebook with this URI, if Gradient Lens can evaluate it. */
export function targetOfUri(uri: string): Target | undefined {
  const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri);
  if (doc) return targetOf(doc);
  const nb = vscode.workspace.notebookDocuments.find((n) => n.uri.toString() === uri);
  return nb && notebookTarget(nb);
}

/** The text document of the active editor or notebook cell, if Gradient Lens can evaluate it. */
export function activeTarget(): Target | undefined {
  const editor = vscode.window.activeTextEditor;
  if (editor) {
    const t = targetOf(editor.document);
    if (t) return t;
  }
  const nb = vscode.window.activeNotebookEditor?.notebook;
  return nb ? notebookTarget(nb) : undefined;
}

/** The version that names a run: the document version, or for a notebook its version plus its cells' versions. */
export function versionOf(target: Target): string {
  if (target.kind === 'file') return String(target.doc.version);
  return `${target.notebook.version}:${pythonCells(target.notebook)
    .map((c) => c.document.version)
    .join('.')}`;
}

export function jobFor(target: Target, options: RunOptions): Job<DocRef[]> {
  const uri = target.uri.toString();
  if (target.kind === 'file') {
    const input: RunInput = { kind: 'python', document: uri, cells: [{ source: target.doc.getText() }] };
    return { uri, version: versionOf(target), input, options, data: [{ uri, version: target.doc.version }] };
  }
  const cells = pythonCells(target.notebook);
  return {
    uri,
    version: versionOf(target),
    input: {
      kind: 'notebook',
      document: uri,
      cells: cells.map((c) => ({ source: c.document.getText(), cell: c.index })),
    },
    options,
    data: cells.map((c) => ({ uri: c.document.uri.toString(), cell: c.index, version: c.document.version })),
  };
}
