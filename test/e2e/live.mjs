// End to end, the live experience: a training loop with prints (the printed lines as inlay hints, the hover with
// every run's output), a file with an exception halfway (the code after it faded as not run), and a 1000 × 1000
// gradient (shape and element count apart, statistics, a heatmap in the hover). The packaged .vsix
// in code-server, driven with Chromium; screenshots go to test-artifacts/e2e/live-*.png.
//
// usage: node test/e2e/live.mjs [path/to/gradient-lens.vsix] [--keep-data]   (scripts/e2e/run-e2e.sh packages first)
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { say } from '../../scripts/e2e/codeServer.mjs';
import { openFromExplorer, openScenario } from './workbench.mjs';

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
  const { page, shot, close } = await openScenario({
    tag: 'live',
    vsix,
    fixtures,
    files: ['training_loop.py', 'exception_halfway.py', 'big_tensor.py'],
    shots,
    keep,
    log: step,
  });
  try {
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

    // 3. A 1000 × 1000 gradient: the lens gives shape, element count and statistics (TF 2.21: min -2, max 2, mean
    //    0.00332, std 1.41); the hover adds a heatmap image.
    await page.mouse.move(5, 500);
    await openFromExplorer(page, 'big_tensor.py', step);
    const bigEditor = page.locator('.editor-instance .monaco-editor').first();
    const lens = bigEditor.locator('.codelens-decoration', { hasText: '1,000,000 elements' }).first();
    await lens.waitFor({ timeout: 60_000 });
    // biome-ignore lint/performance/useDomNodeTextContent: a Playwright locator, not a DOM node
    const lensText = (await lens.innerText()).replace(/\s+/g, ' ');
    step(`big lens: ${lensText}`);
    assert.match(
      lensText,
      /dloss\/dw = \(1000, 1000\) float32 · 1,000,000 elements · min -2 · max 2 · mean 0\.003\d* · std 1\.41/,
    );
    await bigEditor
      .locator('.view-line', { hasText: 'tape.gradient' })
      .first()
      .hover({ position: { x: 120, y: 8 } });
    const bigHover = page.locator('.monaco-hover', { hasText: '1,000,000 elements' }).first();
    await bigHover.waitFor({ state: 'visible', timeout: 15_000 });
    const img = bigHover.locator('img[src^="data:image/svg+xml"]').first();
    await img.waitFor({ state: 'visible', timeout: 10_000 });
    const size = await img.evaluate((i) => [i.naturalWidth, i.naturalHeight]);
    step(`big hover heatmap: ${size.join(' × ')} px`);
    assert.deepEqual(size, [128, 128]);
    await page.waitForTimeout(600);
    await shot('live-4-big-tensor-hover.png');
    step('PASS');
    return 0;
  } catch (e) {
    await shot('live-failure.png').catch(() => {});
    console.error('[e2e-live] FAILED', e);
    return 1;
  } finally {
    await close();
  }
}

main().then((code) => process.exit(code));
