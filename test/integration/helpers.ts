/** Shared helpers of the integration suite: the extension's API, documents, polling, provider calls. */
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import type { GradientLensApi } from '../../src/extension/api';

export const EXTENSION_ID = 'gradient-lens.gradient-lens';

export async function api(): Promise<GradientLensApi> {
  const ext = vscode.extensions.getExtension<GradientLensApi>(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is installed`);
  const a = await ext.activate();
  assert.ok(a, 'activate() returned the API');
  return a;
}

/** The extension's folder (a `file:` URI on Node; in the web worker host, the `vscode-remote:` staged copy). */
export function extensionUri(): vscode.Uri {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext);
  return ext.extensionUri;
}

/** Whether the extension runs in a browser's web worker extension host. */
export const onTheWeb = async (): Promise<boolean> => (await api()).host === 'web';

/** A file of the example workspace (examples/), which the runner opens as the workspace folder. */
export function exampleUri(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  return vscode.Uri.joinPath(folder ? folder.uri : vscode.Uri.joinPath(extensionUri(), 'examples'), name);
}

export const fixtureUri = (name: string): vscode.Uri =>
  vscode.Uri.joinPath(extensionUri(), 'test', 'integration', 'fixtures', name);

/**
 * A file in a scratch folder of this run (a temp dir on Node; in the web run, a folder of the staged extension),
 * which the suite entry sets in `globalThis.__gradientLensScratch`.
 */
export function scratchUri(name: string): vscode.Uri {
  const dir = (globalThis as { __gradientLensScratch?: string }).__gradientLensScratch;
  assert.ok(dir, 'the suite entry set a scratch folder');
  return vscode.Uri.joinPath(vscode.Uri.parse(dir), name);
}

/** A file's text through VS Code's file system (works for `file:` and `vscode-remote:` alike). */
export async function readText(uri: vscode.Uri): Promise<string> {
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
}

export async function openPython(uri: vscode.Uri): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(uri);
  return vscode.window.showTextDocument(doc);
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `fn` until it returns a truthy value or `timeoutMs` passes; then fails with `what`. */
type Falsy = false | undefined | null | 0 | '';
export async function waitFor<T>(
  what: string,
  fn: () => T | Falsy | Promise<T | Falsy>,
  timeoutMs = 20_000,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: T | Falsy;
  while (Date.now() < end) {
    last = await fn();
    if (last) return last;
    await sleep(50);
  }
  throw new Error(`timed out waiting for ${what}; last value: ${JSON.stringify(last)}`);
}

export interface LensInfo {
  line: number;
  title: string;
  command?: string;
}

export async function lenses(uri: vscode.Uri): Promise<LensInfo[]> {
  const result = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 200);
  return (result ?? [])
    .filter((l) => l.command?.command.startsWith('gradientLens.'))
    .map((l) => ({ line: l.range.start.line, title: l.command?.title ?? '', command: l.command?.command }));
}

export async function hoverText(uri: vscode.Uri, pos: vscode.Position): Promise<string> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, pos);
  return (hovers ?? [])
    .flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : '')))
    .join('\n---\n');
}

export async function inlayHints(
  uri: vscode.Uri,
  doc: vscode.TextDocument,
): Promise<{ line: number; label: string }[]> {
  const range = new vscode.Range(0, 0, doc.lineCount, 0);
  const hints = await vscode.commands.executeCommand<vscode.InlayHint[]>('vscode.executeInlayHintProvider', uri, range);
  return (hints ?? []).map((h) => ({
    line: h.position.line,
    label: typeof h.label === 'string' ? h.label : h.label.map((p) => p.value).join(''),
  }));
}

export const ourDiagnostics = (uri: vscode.Uri): vscode.Diagnostic[] =>
  vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'Gradient Lens');

export function log(label: string, value: unknown): void {
  console.log(`    [gradient-lens-test] ${label}: ${typeof value === 'string' ? value : JSON.stringify(value)}`);
}

/** Finds the (0-based) line of the n-th occurrence of `text` in a document. */
export function lineOf(doc: vscode.TextDocument, text: string, nth = 0): number {
  let seen = 0;
  for (let i = 0; i < doc.lineCount; i++) {
    if (doc.lineAt(i).text.includes(text) && seen++ === nth) return i;
  }
  throw new Error(`"${text}" (#${nth}) not found in ${doc.uri.toString()}`);
}
