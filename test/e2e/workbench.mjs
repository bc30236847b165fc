// Workbench actions the end-to-end drivers share (VS Code 1.100 DOM, as in ../shared/e2e/RECIPE.md), and the start of
// a scenario: the packaged .vsix installed in a fresh code-server, a workspace of fixture files opened in Chromium.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launchBrowser, startCodeServer } from '../../scripts/e2e/codeServer.mjs';

/**
 * Copies `files` from `fixtures` into a fresh workspace, starts code-server with the .vsix installed, and opens the
 * workspace in Chromium (1400 × 800). Returns `{ page, shot(name), close() }`; `shot` writes `shots/name`.
 */
export async function openScenario({ tag, vsix, fixtures, files, shots, keep, log }) {
  assert.ok(fs.existsSync(vsix), `${vsix} exists (run scripts/e2e/run-e2e.sh, or npm run package)`);
  fs.mkdirSync(shots, { recursive: true });
  const ws = fs.mkdtempSync(path.join(os.tmpdir(), `gl-${tag}-`));
  for (const f of files) fs.copyFileSync(path.join(fixtures, f), path.join(ws, f));
  const cs = await startCodeServer({
    keep,
    settings: { 'editor.fontSize': 14, 'editor.hover.above': false, 'window.commandCenter': false },
  });
  const browser = await launchBrowser({ width: 1400, height: 800 });
  const { page } = browser;
  const close = async () => {
    await browser.close();
    cs.stop();
    fs.rmSync(ws, { recursive: true, force: true });
  };
  try {
    log(`install: ${await cs.installVsix(vsix)}`);
    await page.goto(`http://${cs.host}/?folder=${encodeURIComponent(ws)}`, { waitUntil: 'domcontentloaded' });
    await page.locator('.monaco-workbench').waitFor({ timeout: 90_000 });
  } catch (e) {
    await close();
    throw e;
  }
  const shot = async (name) => {
    await page.screenshot({ path: path.join(shots, name) });
    log(`screenshot ${path.join('test-artifacts', 'e2e', name)}`);
  };
  return { page, shot, close };
}

/** Click a file in the Explorer and wait for its tab; `log` reports the step. */
export async function openFromExplorer(page, name, log) {
  const row = page.locator('.explorer-folders-view .monaco-list-row', { hasText: name }).first();
  await row.waitFor({ timeout: 60_000 });
  await row.click();
  // With the inspector beside the editor, two groups can show the file: any active tab of it will do.
  await page.locator('.tabs-container .tab.active', { hasText: name }).first().waitFor({ timeout: 30_000 });
  log(`opened ${name}`);
}

/** Ctrl+G, line:column, Enter. */
export async function goToLine(page, line, column) {
  await page.keyboard.press('Control+g');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill(`:${line}:${column}`);
  await page.keyboard.press('Enter');
}
