// End to end, loop history: the hover of a loss computed in a training loop shows its sparkline image (an SVG data
// URI, which must render: the image has a size) with the iteration it shows, and "Show Iteration" from the hover's
// ◀ link moves the loop's lenses to an earlier iteration. The packaged .vsix in code-server, driven with Chromium;
// screenshots go to test-artifacts/e2e/loop-*.png.
//
// usage: node test/e2e/loop.mjs [path/to/gradient-lens.vsix] [--keep-data]   (scripts/e2e/run-e2e.sh packages first)
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
const step = (msg) => say('e2e-loop', msg);
const fixtures = path.join(root, 'test', 'integration', 'fixtures');

async function main() {
  const { page, shot, close } = await openScenario({
    tag: 'loop',
    vsix,
    fixtures,
    files: ['loop_history.py'],
    shots,
    keep,
    log: step,
  });
  try {
    await openFromExplorer(page, 'loop_history.py', step);
    const editor = page.locator('.editor-instance .monaco-editor').first();
    await editor
      .locator('.codelens-decoration', { hasText: 'iteration 100 of 100' })
      .first()
      .waitFor({ timeout: 30_000 });

    // The hover of `loss`: the sparkline renders (a decoded image with a width), with min/max/last beside it.
    await editor
      .locator('.view-line', { hasText: 'loss = (w' })
      .first()
      .hover({ position: { x: 90, y: 8 } });
    const hover = page.locator('.monaco-hover', { hasText: 'iteration 100 of 100' }).first();
    await hover.waitFor({ state: 'visible', timeout: 15_000 });
    const img = hover.locator('img').first();
    await img.waitFor({ timeout: 10_000 });
    const size = await img.evaluate((el) => ({
      src: el.getAttribute('src')?.slice(0, 30),
      complete: el.complete,
      width: el.naturalWidth,
      height: el.naturalHeight,
    }));
    step(`sparkline image: ${JSON.stringify(size)}`);
    assert.ok(size.complete && size.width > 0 && size.height > 0, 'the sparkline image rendered');
    // biome-ignore lint/performance/useDomNodeTextContent: a Playwright locator, not a DOM node
    const text = (await hover.innerText()).replace(/\s+/g, ' ');
    step(`hover: ${text}`);
    assert.match(text, /100 iterations, 51 kept · min \S+ · max 9 · last \S+/);
    await page.waitForTimeout(600);
    await shot('loop-1-sparkline-hover.png');

    // ◀ in the hover: the previous kept iteration (99) for every lens of the loop.
    await hover.locator('a', { hasText: '◀' }).first().click();
    await editor
      .locator('.codelens-decoration', { hasText: 'iteration 99 of 100' })
      .first()
      .waitFor({ timeout: 15_000 });
    step('◀ switched the lenses to iteration 99');
    await page.keyboard.press('Escape');
    await page.mouse.move(5, 500);
    await page.waitForTimeout(400);
    await shot('loop-2-iteration-99.png');
    step('PASS');
    return 0;
  } catch (e) {
    await shot('loop-failure.png').catch(() => {});
    console.error('[e2e-loop] FAILED', e);
    return 1;
  } finally {
    await close();
  }
}

main().then((code) => process.exit(code));
