// End to end, the tape inspector: the packaged .vsix in code-server, driven with Chromium like a user. Opens the
// tutorial, clicks the first tape's lens (Inspect), and checks the webview shows x → reduce_sum → y → multiply → z
// with forward values 1, 4, 16 and gradients 8, 8, 1; then clicking a node (details pane, editor selection), search,
// keyboard, the backward stepper, a tab switch and a window reload (state and serializer), a document full of
// `<img src=x onerror=alert(1)>`, and the high-contrast theme. Screenshots go to test-artifacts/inspector/.
//
// usage: node test/e2e/inspector.mjs [path/to/gradient-lens.vsix] [--keep-data]
//        (without a .vsix: builds for production and packages test-artifacts/gradient-lens-inspector.vsix first)
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchBrowser, say, startCodeServer } from '../../scripts/e2e/codeServer.mjs';
import { goToLine, openFromExplorer } from './workbench.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const shots = path.join(root, 'test-artifacts', 'inspector');
const keep = process.argv.includes('--keep-data');
const step = (msg) => say('inspector', msg);
const IMG = '<img src=x onerror=alert(1)>';

function packageVsix() {
  const out = path.join(root, 'test-artifacts', 'gradient-lens-inspector.vsix');
  execFileSync('node', ['scripts/build.mjs', '--production'], { cwd: root, stdio: 'inherit' });
  // As `npm run package`: README links stay relative (the package has no repository URL to rewrite them to).
  execFileSync(
    'npx',
    ['vsce', 'package', '--no-dependencies', '--no-rewrite-relative-links', '--allow-missing-repository', '-o', out],
    { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] },
  );
  return out;
}

async function main() {
  const given = process.argv.slice(2).find((a) => !a.startsWith('--'));
  const vsix = given ? path.resolve(given) : packageVsix();
  assert.ok(fs.existsSync(vsix), `${vsix} exists`);
  fs.mkdirSync(shots, { recursive: true });
  for (const f of fs.readdirSync(shots)) if (f.endsWith('.png')) fs.rmSync(path.join(shots, f));
  const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'gl-ws-'));
  fs.cpSync(path.join(root, 'examples'), ws, { recursive: true });
  fs.writeFileSync(
    path.join(ws, 'xss.py'),
    `import tensorflow as tf
vs = [tf.Variable(1.0, name='${IMG}')]
d = {}
x = tf.constant(2.0)
with tf.GradientTape() as t:
  t.watch(x)
  d['${IMG}'] = x * vs[0]
  y = d['${IMG}'] * 2.0
g = t.gradient(y, [x, vs[0]])
`,
  );

  const cs = await startCodeServer({
    keep,
    settings: { 'editor.fontSize': 14, 'window.commandCenter': false, 'workbench.colorTheme': 'Default Dark Modern' },
  });
  const browser = await launchBrowser({ width: 1600, height: 1000 });
  const { page } = browser;
  const errors = [];
  const dialogs = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('dialog', (d) => {
    // The reload leaves an edited (unsaved) file: VS Code asks before unloading; any other dialog would be an alert.
    if (d.type() === 'beforeunload') return void d.accept();
    dialogs.push(d.message());
    void d.dismiss();
  });
  const shot = async (name) => {
    await page.screenshot({ path: path.join(shots, name) });
    step(`screenshot test-artifacts/inspector/${name}`);
  };
  try {
    step(`install ${path.basename(vsix)}: ${await cs.installVsix(vsix)}`);
    await page.goto(`http://${cs.host}/?folder=${encodeURIComponent(ws)}`, { waitUntil: 'domcontentloaded' });
    await page.locator('.monaco-workbench').waitFor({ timeout: 90_000 });
    step('workbench loaded');

    // 1. The tutorial; the first tape's lens opens the inspector on that tape.
    await openFromExplorer(page, 'autodiff_tutorial.py', step);
    const editor = page.locator('.editor-instance .monaco-editor').first();
    await editor.locator('.view-lines', { hasText: 'GradientTape' }).waitFor({ timeout: 30_000 });
    await goToLine(page, 34, 1);
    const lens = editor
      .locator('.codelens-decoration a', { hasText: 'tape t · watches x (2, 2) float32 · 2 ops' })
      .first();
    await lens.waitFor({ timeout: 60_000 });
    await lens.click();
    step('clicked the tape lens (Inspect)');
    const view = page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
    const content = view.locator('#content');
    await content.locator('.node.value').first().waitFor({ timeout: 30_000 });
    await page.waitForTimeout(500);

    // 2. x → reduce_sum → y → multiply → z, left to right, with values and gradients.
    const drawn = await graphText(content);
    step(`graph: ${drawn.map((n) => n.text).join(' | ')}`);
    const seq = drawn.map((n) => n.head);
    assert.deepEqual(seq, ['x', 'reduce_sum', 'y', 'multiply', 'z'], 'in flow order');
    // The first view is readable: its zoom keeps the 12 px graph text at least 10 px high.
    const first = await view.locator('#viewport').getAttribute('transform');
    const dirTB = await view.locator('#app').evaluate((a) => a.classList.contains('dir-TB'));
    step(`first view: ${first}, ${dirTB ? 'top-down' : 'left to right'}`);
    assert.ok(Number(/scale\(([\d.]+)\)/.exec(first ?? '')?.[1]) >= 10 / 12, 'readable first zoom');
    // Fitted: every node inside the graph area.
    const inside = await view.locator('#graph').evaluate((g) => {
      const r = g.getBoundingClientRect();
      return [...g.querySelectorAll('.node')].every((n) => {
        const b = n.getBoundingClientRect();
        return b.top >= r.top && b.bottom <= r.bottom && b.left >= r.left && b.right <= r.right;
      });
    });
    assert.ok(inside, 'the whole tape is in view');
    const byHead = Object.fromEntries(drawn.map((n) => [n.head, n.text]));
    assert.match(byHead.x, /= \[\[1, 1\], \[1, 1\]\]/);
    assert.match(byHead.x, /∇ \S \[\[8, 8\], \[8, 8\]\]/);
    assert.match(byHead.y, /= 4 .*∇ \S 8\b/);
    assert.match(byHead.z, /= 16 .*∇ \S 1\b/);
    assert.match(byHead.x, /source/);
    assert.match(byHead.z, /target/);
    const title = await view.locator('#tape-select').evaluate((s) => s.options[s.selectedIndex]?.textContent);
    step(`tape select: ${title}`);
    assert.match(title, /tape t · line 27/);
    await shot('1-seed.png');

    // 3. Click y: the details pane shows its value, gradient and chain-rule step; the editor selects its span.
    await content.locator('.node.value[aria-label^="value y,"]').click();
    const details = view.locator('#details');
    await details.locator('text=dz/dy = dz/dz · ∂z/∂y = 1 · (2·y = 8) = 8').waitFor({ timeout: 10_000 });
    const detailsText = (await details.textContent()).replace(/\s+/g, ' ');
    step(`details: ${detailsText.slice(0, 200)}`);
    await editor.locator('.selected-text').first().waitFor({ timeout: 10_000 });
    const activeLine = await editor.locator('.line-numbers.active-line-number').first().textContent();
    step(`editor: selection shown, cursor on line ${activeLine}`);
    assert.equal(activeLine.trim(), '29', 'the span of y (line 29) is selected');
    await shot('2-details.png');

    // 4. Keyboard: the graph is focused; → (↓ top-down) moves to the next node along the flow; + zooms.
    await content.locator('.node.value.selected').focus();
    const along = dirTB ? 'ArrowDown' : 'ArrowRight';
    await page.keyboard.press(along);
    const afterArrow = await content.locator('.node.selected').first().textContent();
    step(`${along} → ${afterArrow.replace(/\s+/g, ' ')}`);
    assert.match(afterArrow, /multiply/);
    const zoomBefore = await view.locator('#viewport').getAttribute('transform');
    await page.keyboard.press('+');
    assert.notEqual(await view.locator('#viewport').getAttribute('transform'), zoomBefore, '+ zooms');
    await page.keyboard.press('0');

    // 5. Search by op.
    await view.locator('#search').fill('reduce_sum');
    await view.locator('#search').press('Enter');
    await view.locator('#search-count', { hasText: '1/1' }).waitFor({ timeout: 5_000 });
    assert.equal(await content.locator('.node.hit').count(), 1);
    await view.locator('#search').fill('');

    // 6. The backward pass, node by node: z (seed), multiply, y, …
    for (let i = 0; i < 3; i++) await view.locator('#step-next').click();
    const stepText = await view.locator('#step-text').textContent();
    step(`stepper: ${stepText}`);
    assert.match(stepText, /Step 3\/5: y/);
    assert.equal(await content.locator('.node.pending').count(), 2, 'reduce_sum and x still wait for their gradient');
    await shot('3-backward-step.png');
    await view.locator('#step-exit').click();

    // 7. Tab switch (the webview is torn down and restored from getState): the selection is still y… well, the
    //    last selected node; then a window reload (the panel serializer brings the inspector back).
    await content.locator('.node.value[aria-label^="value z,"]').click();
    await page.waitForTimeout(300);
    const transformBefore = await view.locator('#viewport').getAttribute('transform');
    // A new untitled editor in the inspector's group (the active one) hides the inspector; its tab shows it again.
    await (await openPalette(page)).fill('>File: New Untitled Text File');
    const newFile = page
      .locator('.quick-input-list .monaco-list-row', { hasText: 'File: New Untitled Text File' })
      .first();
    await newFile.waitFor();
    await newFile.click();
    await page.locator('.tabs-container .tab.active', { hasText: 'Untitled' }).waitFor({ timeout: 10_000 });
    await page.waitForTimeout(800);
    const inspectorTab = page.locator('.tabs-container .tab', { hasText: 'Tape Inspector' }).first();
    await inspectorTab.click();
    await content.locator('.node.value.selected').first().waitFor({ timeout: 15_000 });
    const selAfter = await content.locator('.node.value.selected').first().textContent();
    step(
      `after a tab switch: selected "${selAfter.replace(/\s+/g, ' ')}", transform ${await view.locator('#viewport').getAttribute('transform')}`,
    );
    assert.match(selAfter, /^z/);
    assert.equal(await view.locator('#viewport').getAttribute('transform'), transformBefore, 'zoom and pan kept');

    // Live update: type in the editor; the webview redraws the new values in place (same zoom and pan; the cursor's
    // line selects its node, x).
    await page.locator('.editor-instance .monaco-editor .view-lines').first().click();
    await goToLine(page, 25, 20);
    await page.keyboard.type(' * 2', { delay: 40 });
    await content
      .locator('.node.value[aria-label^="value x,"]', { hasText: '= [[2, 2], [2, 2]]' })
      .waitFor({ timeout: 30_000 });
    const live = await graphText(content);
    step(`after typing " * 2": ${live.map((n) => n.text).join(' | ')}`);
    assert.match(live.find((n) => n.head === 'z').text, /= 64 .*∇ \S 1\b/);
    assert.match(live.find((n) => n.head === 'x').text, /∇ \S \[\[16, 16\], \[16, 16\]\]/);
    assert.equal(
      await view.locator('#viewport').getAttribute('transform'),
      transformBefore,
      'zoom and pan kept while typing',
    );
    assert.match((await content.locator('.node.value.selected').first().textContent()) ?? '', /^x/);
    await shot('4-live-edit.png');
    for (let i = 0; i < 4; i++) await page.keyboard.press('Backspace');
    await content
      .locator('.node.value[aria-label^="value x,"]', { hasText: '= [[1, 1], [1, 1]]' })
      .waitFor({ timeout: 30_000 });

    await page.reload({ waitUntil: 'domcontentloaded' });
    await page.locator('.monaco-workbench').waitFor({ timeout: 90_000 });
    const restored = page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame').locator('#content');
    await page.locator('.tabs-container .tab', { hasText: 'Tape Inspector' }).first().click({ timeout: 30_000 });
    await restored.locator('.node.value').first().waitFor({ timeout: 60_000 });
    const afterReload = (await graphText(restored)).map((n) => n.head);
    step(`after a window reload: ${afterReload.join(' → ')}`);
    assert.deepEqual(afterReload, ['x', 'reduce_sum', 'y', 'multiply', 'z']);
    await shot('5-after-reload.png');

    // 8. Escaping: a variable and a string literal named <img src=x onerror=alert(1)>. (Opened in the first group:
    //    the inspector follows the active editor.)
    await page.locator('.editor-instance .monaco-editor .view-lines').first().click();
    await openFromExplorer(page, 'xss.py', step);
    await goToLine(page, 6, 3);
    const xssView = page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
    await xssView.locator('#content .node.value', { hasText: IMG }).first().waitFor({ timeout: 60_000 });
    const imgs = await xssView.locator('#content img, #details img, body img').count();
    const names = await xssView.locator('#content .v-name').evaluateAll((els) => els.map((e) => e.textContent));
    step(`xss.py: names drawn ${JSON.stringify(names)}, <img> elements: ${imgs}, dialogs: ${dialogs.length}`);
    assert.equal(imgs, 0);
    assert.ok(names.includes(IMG), 'the name is shown as text');
    await xssView.locator('#content .node.value', { hasText: IMG }).first().click();
    await xssView.locator('#details h2', { hasText: IMG }).waitFor({ timeout: 10_000 });
    assert.equal(await xssView.locator('#details img').count(), 0);
    assert.deepEqual(dialogs, [], 'no alert ran');
    await shot('6-escaping.png');

    // 9. High contrast: pick the theme; the webview restyles from the theme's variables.
    await page.locator('.editor-instance .monaco-editor .view-lines').first().click();
    const palette = await openPalette(page);
    await palette.fill('>Preferences: Color Theme');
    const themeCommand = page
      .locator('.quick-input-list .monaco-list-row', { hasText: /^Preferences: Color Theme/ })
      .first();
    await themeCommand.waitFor();
    await themeCommand.click();
    const hc = page.locator('.quick-input-list .monaco-list-row', { hasText: /^Dark High Contrast/ }).first();
    await page.waitForTimeout(500);
    await page.keyboard.type('Dark High Contrast');
    await hc.waitFor({ timeout: 10_000 });
    await hc.click();
    await page.locator('.monaco-workbench.hc-black').waitFor({ timeout: 30_000 });
    await page.locator('.editor-instance .monaco-editor .view-lines').first().click();
    await openFromExplorer(page, 'autodiff_tutorial.py', step);
    await goToLine(page, 28, 3);
    await page.waitForTimeout(1500);
    await shot('7-high-contrast.png');

    if (browser.blocked.length) step(`blocked non-loopback requests: ${browser.blocked.length}`);
    const ours = errors.filter((e) => /gradient.?lens|inspector|Content Security Policy/i.test(e));
    step(
      `console errors: ${errors.length} (${ours.length} ours): ${[...new Set(errors.map((e) => e.slice(0, 90)))].join(' | ')}`,
    );
    assert.deepEqual(ours, [], 'no console errors from the inspector (or CSP violations)');
    step('PASS');
    return 0;
  } catch (e) {
    await shot('failure.png').catch(() => {});
    console.error('[inspector] FAILED', e);
    console.error(`[inspector] server log: ${cs.serverLog}${keep ? '' : ' (removed; rerun with --keep-data)'}`);
    return 1;
  } finally {
    await browser.close();
    cs.stop();
    fs.rmSync(ws, { recursive: true, force: true });
  }
}

/** The graph's units left to right: the first text of each node (name or op) and all its text. */
async function graphText(content) {
  return content.evaluate((root) =>
    [...root.querySelectorAll('.node.value, .node.op')]
      .map((n) => {
        const r = n.getBoundingClientRect();
        const texts = [...n.querySelectorAll('text')].filter((t) => getComputedStyle(t).display !== 'none');
        const head = n.classList.contains('op')
          ? n.querySelector('.op-label')?.textContent
          : (n.querySelector('.v-name')?.textContent ?? '');
        // Along the flow: left to right, or top-down when the panel's shape chose that.
        const tb = document.getElementById('app')?.classList.contains('dir-TB');
        return { x: tb ? r.y : r.x, head, text: texts.map((t) => t.textContent).join(' ') };
      })
      .sort((a, b) => a.x - b.x),
  );
}

/** F1 until the quick input shows (a key press can land while focus moves between the webview and the editor). */
async function openPalette(page) {
  const input = page.locator('.quick-input-widget input');
  for (let i = 0; i < 5; i++) {
    await page.keyboard.press('F1');
    if (await input.isVisible().catch(() => false)) return input;
    await page.waitForTimeout(400);
    if (await input.isVisible().catch(() => false)) return input;
  }
  await input.waitFor({ state: 'visible', timeout: 5_000 });
  return input;
}

main().then((code) => process.exit(code));
