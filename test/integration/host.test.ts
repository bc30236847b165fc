/**
 * The extension runs in the extension host its runner meant: Node for `index.ts` (scripts/e2e/run-integration.mjs),
 * the browser's web worker for `index.web.ts` (scripts/e2e/run-integration-web.mjs). Each entry states its host in
 * `globalThis.__gradientLensSuiteHost` before the suites load.
 */
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { api, log } from './helpers';

suite('extension host', () => {
  test('the extension runs in the extension host of this suite (Node or web worker) and says so', async () => {
    const a = await api();
    const expected = (globalThis as { __gradientLensSuiteHost?: string }).__gradientLensSuiteHost;
    log('extension host', { host: a.host, expected, uiKind: vscode.UIKind[vscode.env.uiKind] });
    assert.ok(expected === 'node' || expected === 'web', 'the suite entry states its host');
    assert.strictEqual(a.host, expected);
    // Only a Node extension host has Node's `process` with its versions.
    const nodeProcess = typeof (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node;
    assert.strictEqual(nodeProcess === 'string', expected === 'node');
  });
});
