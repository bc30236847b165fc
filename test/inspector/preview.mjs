// Screenshots of the inspector webview outside VS Code, for looking at while developing:
//   node test/inspector/preview.mjs FILE.py [--tape=N] [--theme=dark|light|hc] [--dir=TB] [--out=PNG] [--size=1200x700]
//                                   [--select=QUERY] [--step=N] [--click=SELECTOR,…]
// Runs the engine CLI on FILE.py (npm run build first) and shows the chosen tape (default: the first).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchBrowser } from '../../scripts/e2e/codeServer.mjs';
import { reportMessage, writeHarness } from './harness.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const args = Object.fromEntries(
  process.argv.slice(3).map((a) => {
    const m = /^--([^=]+)(?:=(.*))?$/.exec(a);
    return m ? [m[1], m[2] ?? true] : [a, true];
  }),
);
const file = process.argv[2];
const report = JSON.parse(
  execFileSync('node', [path.join(root, 'dist/cli.js'), 'run', file, '--json'], { maxBuffer: 1 << 30 }).toString(),
);
const [w, h] = String(args.size || '1200x700')
  .split('x')
  .map(Number);
const { url, close } = await writeHarness(args.theme || 'dark');
const browser = await launchBrowser({ width: w, height: h });
try {
  const { page } = browser;
  const errors = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(url);
  const tape = args.tape !== undefined ? report.tapes[Number(args.tape)]?.id : undefined;
  await page.evaluate(
    (m) => window.postMessage(m, '*'),
    reportMessage(report, `file://${path.resolve(file)}`, tape === undefined ? undefined : { tape }),
  );
  if (args.dir === 'TB') await page.click('#dir');
  if (args.select) {
    await page.locator('#search').fill(String(args.select));
    await page.locator('#search').press('Enter');
  }
  if (args.step) for (let i = 0; i < Number(args.step); i++) await page.click('#step-next');
  // --click=SELECTOR[,SELECTOR…]: click these in order (e.g. `.node.group` to open the first collapsed group)
  if (args.click) for (const sel of String(args.click).split(',')) await page.locator(sel).first().click();
  await page.waitForTimeout(300);
  const out = args.out || path.join(root, 'test-artifacts', 'inspector', 'preview.png');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  await page.screenshot({ path: out });
  const posted = await page.evaluate(() => window.posted);
  console.log(`screenshot ${out}`);
  console.log(`posted: ${JSON.stringify(posted.map((m) => (m.type === 'rendered' ? m : { type: m.type })))}`);
  if (errors.length) console.log(`errors: ${errors.join('\n')}`);
} finally {
  await browser.close();
  close();
}
