// End to end: the packaged .vsix installed into code-server on 127.0.0.1, driven like a user with playwright-core
// and Debian Chromium. Opens the example workspace (a temp copy), checks the lenses, hovers dz_dx, runs
// "Gradient Lens: Compute Gradients" from the palette, types an edit and sees the lens change, and looks at the
// notebook and the broken example. Screenshots go to test-artifacts/e2e/.
//
// usage: node test/e2e/e2e.mjs [path/to/gradient-lens.vsix]     (scripts/e2e/run-e2e.sh builds and packages first)
// exit code: 0 when every step passed.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchBrowser, say, startCodeServer } from '../../scripts/e2e/codeServer.mjs';
import { goToLine, openFromExplorer } from './workbench.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const vsix = path.resolve(process.argv[2] || path.join(root, 'gradient-lens.vsix'));
const shots = path.join(root, 'test-artifacts', 'e2e');
const keep = process.argv.includes('--keep-data');

const step = (msg) => say('e2e', msg);
// Playwright's Locator.innerText: the text as rendered (textContent would include <style> and hidden nodes).
// biome-ignore lint/performance/useDomNodeTextContent: a Playwright locator, not a DOM node
const visibleText = (locator) => locator.innerText();

async function main() {
  assert.ok(fs.existsSync(vsix), `${vsix} exists (run scripts/e2e/run-e2e.sh, or npm run package)`);
  fs.mkdirSync(shots, { recursive: true });
  for (const f of fs.readdirSync(shots)) if (f.endsWith('.png')) fs.rmSync(path.join(shots, f));
  // A scratch copy of the examples: the test types into files (and never saves, but a copy is safer).
  const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'gl-ws-'));
  fs.cpSync(path.join(root, 'examples'), ws, { recursive: true });

  const cs = await startCodeServer({
    keep,
    settings: {
      'editor.fontSize': 14,
      'editor.hover.above': false, // the hover opens below dz_dx, leaving the tape block and its lenses in view
      'window.commandCenter': false,
      'workbench.colorTheme': 'Default Dark Modern',
    },
  });
  const browser = await launchBrowser({ width: 1600, height: 1000 });
  const { page } = browser;
  const errors = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  const shot = async (name) => {
    await page.screenshot({ path: path.join(shots, name) });
    step(`screenshot ${name}`);
  };
  try {
    step(`install ${path.basename(vsix)}: ${await cs.installVsix(vsix)}`);
    const installed = fs.readdirSync(cs.extensionsDir).filter((d) => d.startsWith('gradient-lens.'));
    assert.equal(installed.length, 1, `installed: ${installed}`);
    const files = listFiles(path.join(cs.extensionsDir, installed[0]));
    step(`extension files: ${files.join(', ')}`);

    await page.goto(`http://${cs.host}/?folder=${encodeURIComponent(ws)}`, { waitUntil: 'domcontentloaded' });
    await page.locator('.monaco-workbench').waitFor({ timeout: 90_000 });
    step('workbench loaded');

    // 1. Open the tutorial from the Explorer; the lenses appear.
    await openFromExplorer(page, 'autodiff_tutorial.py', step);
    const editor = page.locator('.editor-instance .monaco-editor').first();
    await editor.locator('.view-lines', { hasText: 'GradientTape' }).waitFor({ timeout: 60_000 });
    await goToLine(page, 34, 1);
    const tapeLens = editor
      .locator('.codelens-decoration', { hasText: 'tape t · watches x (2, 2) float32 · 2 ops' })
      .first();
    await tapeLens.waitFor({ timeout: 60_000 });
    const gradLens = editor
      .locator('.codelens-decoration', { hasText: 'dz/dx = [[8, 8], [8, 8]] · (2, 2) float32' })
      .first();
    await gradLens.waitFor({ timeout: 60_000 });
    step(`lenses: "${(await visibleText(tapeLens)).trim()}" / "${(await visibleText(gradLens)).trim()}"`);
    // Inlay hints are injected text drawn by CSS (::before/::after content), not DOM text.
    const hintText = () =>
      page.evaluate(() => {
        const line = [...document.querySelectorAll('.editor-instance .view-line')].find((l) =>
          l.textContent?.replace(/\u00a0/g, ' ').includes('y = tf.reduce_sum(x)'),
        );
        if (!line) return '';
        return [...line.querySelectorAll('span')]
          .flatMap((s) => [
            getComputedStyle(s, '::before').content,
            getComputedStyle(s, '::after').content,
            s.textContent,
          ])
          .join(' ')
          .replace(/\u00a0/g, ' ');
      });
    const deadline = Date.now() + 60_000;
    while (!/▸\s*4\.0 \(\)/.test(await hintText())) {
      assert.ok(Date.now() < deadline, `inlay hint after y = tf.reduce_sum(x); line has: ${await hintText()}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    step('inlay hint ▸ 4.0 () after y = tf.reduce_sum(x)');
    await page.waitForTimeout(300);
    await shot('1-lenses.png');

    // 2. Hover dz_dx: value, shape, dtype and the chain rule.
    const dzLine = editor.locator('.view-line', { hasText: 'dz_dx = t.gradient(z, x)' }).first();
    const hover = page.locator('.monaco-hover', { hasText: 'Why?' }).first();
    // Tokens of one colour share a span: hover 12 px into the line, on `dz_dx`. A busy machine can drop the mouse
    // event that opens the hover: move away and back until it shows.
    for (let attempt = 1; ; attempt++) {
      await page.mouse.move(5, 500);
      await dzLine.hover({ position: { x: 12, y: 8 } });
      const shown = await hover
        .waitFor({ state: 'visible', timeout: 15_000 })
        .then(() => true)
        .catch((e) => {
          if (attempt >= 4) throw e;
          return false;
        });
      if (shown) break;
      step(`hover not shown yet (attempt ${attempt})`);
    }
    const hoverText = (await visibleText(hover)).replace(/\s+/g, ' ');
    step(`hover: ${hoverText.slice(0, 300)}`);
    assert.match(hoverText, /dz_dx · \(2, 2\) float32/);
    assert.match(hoverText, /Copy full value/);
    await page.waitForTimeout(600); // the hover fades in
    await shot('2-hover.png');
    await page.keyboard.press('Escape');
    await page.mouse.move(5, 500);

    // 3. The palette: Gradient Lens: Compute Gradients → a summary notification.
    await editor.locator('.view-line', { hasText: 'dz_dx = t.gradient(z, x)' }).first().click();
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: 60_000 });
    await input.fill('>Gradient Lens: Compute Gradients');
    await page
      .locator('.quick-input-list .monaco-list-row', { hasText: 'Gradient Lens: Compute Gradients' })
      .first()
      .waitFor();
    await page.keyboard.press('Enter');
    const toast = page.locator('.notification-toast', { hasText: 'Gradient Lens: autodiff_tutorial.py' }).first();
    await toast.waitFor({ timeout: 60_000 });
    const toastText = (await visibleText(toast)).replace(/\s+/g, ' ');
    step(`notification: ${toastText}`);
    assert.match(toastText, /tapes · \d+ gradients/);
    assert.match(toastText, /Show Output/);
    await page.waitForTimeout(800); // the toast slides in
    await shot('3-compute.png');
    await toast
      .locator('.codicon-notifications-clear')
      .first()
      .click()
      .catch(() => page.keyboard.press('Escape'));

    // 4. Type an edit: x = tf.ones((2, 2)) * 2 → dz/dx = 2·y·1 = 16. The old lens stays until the new one comes.
    await goToLine(page, 25, 20);
    let minLenses = Number.POSITIVE_INFINITY;
    const sampler = setInterval(async () => {
      const n = await editor
        .locator('.codelens-decoration', { hasText: 'dz/dx' })
        .count()
        .catch(() => 1);
      minLenses = Math.min(minLenses, n);
    }, 40);
    await page.keyboard.type(' * 2', { delay: 60 });
    const newLens = editor.locator('.codelens-decoration', {
      hasText: 'dz/dx = [[16, 16], [16, 16]] · (2, 2) float32',
    });
    await newLens.first().waitFor({ timeout: 60_000 });
    clearInterval(sampler);
    step(
      `edited: lens now "${(await visibleText(newLens.first())).trim()}"; fewest dz/dx lenses while typing: ${minLenses}`,
    );
    assert.ok(minLenses >= 1, 'the gradient lens never vanished while typing');
    await shot('4-edited.png');
    // The edited file has an assert that now fails (dz_dx == 8.0). Take the edit back (the file stays unsaved).
    for (let i = 0; i < 4; i++) await page.keyboard.press('Backspace');
    await editor
      .locator('.codelens-decoration', { hasText: 'dz/dx = [[8, 8], [8, 8]] · (2, 2) float32' })
      .first()
      .waitFor();

    // 5. The notebook: lenses in cells, the cell status bar.
    await openFromExplorer(page, 'autodiff_tutorial.ipynb', step);
    const nbLens = page
      .locator('.notebook-editor .codelens-decoration', { hasText: 'dz/dx = [[8, 8], [8, 8]]' })
      .first();
    await nbLens.waitFor({ timeout: 60_000 });
    const cellStatus = page.locator('.cell-statusbar-container', { hasText: 'dz/dx = [[8, 8], [8, 8]]' }).first();
    await cellStatus.waitFor({ timeout: 60_000 });
    // Scroll the notebook so the first tape cell and its status bar are in view.
    await page.mouse.move(900, 500);
    await page.mouse.wheel(0, 420);
    await page.waitForTimeout(500);
    step(
      `notebook: lens "${(await visibleText(nbLens)).trim()}", cell status "${(await visibleText(cellStatus)).trim()}"`,
    );
    await shot('5-notebook.png');

    // 6. The broken example: diagnostics in the editor and the Problems panel.
    await openFromExplorer(page, 'broken_tape.py', step);
    await page.locator('.editor-instance .monaco-editor .squiggly-error').first().waitFor({ timeout: 60_000 });
    await page
      .locator('.editor-instance .codelens-decoration', { hasText: 'dy/dc = None · c is not watched' })
      .first()
      .waitFor({ timeout: 60_000 });
    await page.keyboard.press('Control+Shift+M');
    const problems = page.locator('.markers-panel .monaco-list-row', { hasText: 'AssertionError' }).first();
    await problems.waitFor({ timeout: 60_000 });
    const rows = await page.locator('.markers-panel .monaco-list-row').allInnerTexts();
    step(`problems: ${rows.map((r) => r.replace(/\s+/g, ' ')).join(' | ')}`);
    await shot('6-problems.png');

    if (browser.blocked.length) step(`blocked non-loopback requests: ${browser.blocked.length}`);
    const ours = errors.filter((e) => /gradient.?lens/i.test(e));
    assert.deepEqual(ours, [], 'no console errors from the extension');
    step('PASS');
    return 0;
  } catch (e) {
    await shot('failure.png').catch(() => {});
    console.error('[e2e] FAILED', e);
    console.error(`[e2e] server log: ${cs.serverLog}${keep ? '' : ' (removed; rerun with --keep-data)'}`);
    return 1;
  } finally {
    await browser.close();
    cs.stop();
    fs.rmSync(ws, { recursive: true, force: true });
  }
}

function listFiles(dir, prefix = '') {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((d) =>
      d.isDirectory() ? listFiles(path.join(dir, d.name), `${prefix}${d.name}/`) : [`${prefix}${d.name}`],
    );
}

main().then((code) => process.exit(code));
