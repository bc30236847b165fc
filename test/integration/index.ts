/**
 * Entry of the integration suite, in @vscode/test-electron style: VS Code loads this module from
 * `extensionTestsPath` inside the extension host and awaits `run()`. The test files are bundled into this one file
 * (dist/test/integration.js) by scripts/build.mjs; they register their suites when imported (`suites.ts`), after
 * Mocha has installed its `suite`/`test` globals. `index.web.ts` is the same for the web worker extension host.
 *
 * Runs here inside code-server (scripts/e2e/run-integration.sh) and, where VS Code can be downloaded, with
 * @vscode/test-electron (scripts/e2e/run-integration-electron.mjs). `GRADIENT_LENS_GREP` filters tests by name.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import Mocha from 'mocha';
import * as vscode from 'vscode';
import { loadSuites } from './suites';

export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 60_000, slow: 2_000 });
  const grep = process.env.GRADIENT_LENS_GREP;
  if (grep) mocha.grep(grep);
  mocha.suite.emit('pre-require', globalThis, 'integration', mocha);
  (globalThis as { __gradientLensScratch?: string }).__gradientLensScratch = vscode.Uri.file(
    mkdtempSync(path.join(tmpdir(), 'gl-integration-')),
  ).toString();
  await loadSuites('node');
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} integration tests failed.`)) : resolve()));
  });
}
