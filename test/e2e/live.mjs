// End to end, the live experience: a training loop with prints (the printed lines as inlay hints, the hover with
// every run's output) and a file with an exception halfway (the code after it faded as not run). The packaged .vsix
// in code-server, driven with Chromium; screenshots go to test-artifacts/e2e/live-*.png.
//
// usage: node test/e2e/live.mjs [path/to/gradient-lens.vsix] [--keep-data]   (scripts/e2e/run-e2e.sh packages first)
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchBrowser, say, startCodeServer } from '../../scripts/e2e/codeServer.mjs';
import { openFromExplorer } from './workbench.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const vsix = path.resolve(
  process.argv[2] && !process.argv[2].startsWith('--') ? process.argv[2] : 'gradient-lens.vsix',
);
const shots = path.join(root, 'test-artifacts', 'e2e');
const keep = process.argv.includes('--keep-data');
const step = (msg) => say('e2e-live', msg);
const fixtures = path.join(root, 'test', 'integration', 'fixtures');

/** The rendered text of the editor line holding `text`, inlay hints included (they are CSS content). */
const lineWithHints = (page, text) =>
  page.evaluate((needle) => {
    const line = [...document.querySelectorAll('.editor-instance .view-line')].find((l) =>
      l.textContent?.replace(/\u00a0/g, ' ').includes(needle),
    );
    if (!line) return '';
    return [...line.querySelectorAll('span')]
      .flatMap((s) => [getComputedStyle(s, '::before').content, getComputedStyle(s, '::after').content, s.textContent])
      .join(' ')
      .replace(/\u00a0/g, ' ');
  }, text);

async function waitUntil(what, fn, ms = 30_000) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    assert.ok(Date.now() < end, `timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function main() {
  assert.ok(fs.existsSync(vsix), `${vsix} exists (run scripts/e2e/run-e2e.sh, or npm run package)`);
  fs.mkdirSync(shots, { recursive: true });
  const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'gl-live-'));
  for (const f of ['training_loop.py', 'exception_halfway.py'])
    fs.copyFileSync(path.join(fixtures, f), path.join(ws, f));
  const cs = await startCodeServer({
    keep,
    settings: { 'editor.fontSize': 14, 'editor.hover.above': false, 'window.commandCenter': false },
  });
  const browser = await launchBrowser({ width: 1400, height: 800 });
  const { page } = browser;
  const shot = async (name) => {
    await page.screenshot({ path: path.join(shots, name) });
    step(`screenshot ${path.join('test-artifacts', 'e2e', name)}`);
  };
  try {
    step(`install: ${await cs.installVsix(vsix)}`);
    await page.goto(`http://${cs.host}/?folder=${encodeURIComponent(ws)}`, { waitUntil: 'domcontentloaded' });
    await page.locator('.monaco-workbench').waitFor({ timeout: 90_000 });

    // 1. The training loop: each print's last line after it, the hover with every run.
    await openFromExplorer(page, 'training_loop.py', step);
    const loopHint = await waitUntil('the print hint', async () => {
      const t = await lineWithHints(page, 'print("step"');
      return /step 2 loss 3\.6864001750946045 \(\+2 lines\)/.test(t) && t;
    });
    step(`print hint: ${loopHint}`);
    await waitUntil('the final print hint', async () =>
      /w = 0\.48799991607666016 \(\+1 line\)/.test(await lineWithHints(page, 'print("done')),
    );
    const editor = page.locator('.editor-instance .monaco-editor').first();
    await editor.locator('.codelens-decoration', { hasText: 'dloss/dw = 11.52' }).first().waitFor({ timeout: 30_000 });
    await page.waitForTimeout(400);
    await shot('live-1-prints.png');
    await editor
      .locator('.view-line', { hasText: 'print("step"' })
      .first()
      .hover({ position: { x: 50, y: 8 } });
    const hover = page.locator('.monaco-hover', { hasText: 'Printed' }).first();
    await hover.waitFor({ state: 'visible', timeout: 15_000 });
    // biome-ignore lint/performance/useDomNodeTextContent: a Playwright locator, not a DOM node
    const hoverText = (await hover.innerText()).replace(/\s+/g, ' ');
    step(`print hover: ${hoverText}`);
    assert.match(hoverText, /step 0 loss 9\.0.*step 1 loss 5\.76.*step 2 loss 3\.6864/);
    await page.waitForTimeout(600);
    await shot('live-2-print-hover.png');
    await page.keyboard.press('Escape');
    await page.mouse.move(5, 500);

    // 2. An exception halfway: the code after it is faded.
    await openFromExplorer(page, 'exception_halfway.py', step);
    await page.locator('.editor-instance .monaco-editor .squiggly-error').first().waitFor({ timeout: 30_000 });
    await page
      .locator('.editor-instance .monaco-editor .squiggly-inline-unnecessary')
      .first()
      .waitFor({ timeout: 30_000 });
    await page
      .locator('.editor-instance .codelens-decoration', { hasText: 'dy/dx = [2, 4]' })
      .first()
      .waitFor({ timeout: 30_000 });
    step('the code after the raise is faded; the gradient before it has its lens');
    await page.waitForTimeout(400);
    await shot('live-3-not-run.png');
    step('PASS');
    return 0;
  } catch (e) {
    await shot('live-failure.png').catch(() => {});
    console.error('[e2e-live] FAILED', e);
    return 1;
  } finally {
    await browser.close();
    cs.stop();
    fs.rmSync(ws, { recursive: true, force: true });
  }
}

main().then((code) => process.exit(code));
