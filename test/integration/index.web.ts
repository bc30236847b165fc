/**
 * Entry of the integration suite in a browser's web worker extension host (dist/test/integration.web.js, a browser
 * bundle: Mocha's browser build, `node:assert` from `web/assert.ts`). VS Code loads it from `extensionTestsPath`,
 * which must lie inside the extension under test (scripts/e2e/run-integration-web.mjs stages one), and awaits
 * `run()`. The web host has no environment variables: the runner's options (`grep`) are read from
 * `dist/test/options.json` beside this file when the runner wrote one.
 */
import 'mocha/mocha.js';
import * as vscode from 'vscode';
import { EXTENSION_ID } from './helpers';
import { loadSuites } from './suites';

async function options(): Promise<{ grep?: string }> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  if (!ext) return {};
  try {
    const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(ext.extensionUri, 'dist/test/options.json'));
    return JSON.parse(new TextDecoder().decode(bytes)) as { grep?: string };
  } catch {
    return {};
  }
}

export async function run(): Promise<void> {
  // Mocha's browser build (an ES module here) puts its instance on the global object.
  const mocha = (globalThis as unknown as { mocha: BrowserMocha }).mocha;
  const { grep } = await options();
  mocha.setup({ ui: 'tdd', reporter: 'spec', color: false, timeout: 60_000, slow: 2_000 });
  if (grep) mocha.grep(grep);
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  if (ext) {
    const scratch = vscode.Uri.joinPath(ext.extensionUri, 'dist', 'test', 'scratch');
    await vscode.workspace.fs.createDirectory(scratch);
    (globalThis as { __gradientLensScratch?: string }).__gradientLensScratch = scratch.toString();
  }
  await loadSuites('web');
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} integration tests failed.`)) : resolve()));
  });
}
