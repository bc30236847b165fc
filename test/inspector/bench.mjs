// Inspector performance, measured (not a unit test):   npm run build && node test/inspector/bench.mjs [--runs=5]
//
// 1. Node: model → layout (dagre) → SVG markup for the workloads in benchWorkloads.ts, cold layout cache; the median
//    of --runs runs after one warm-up.
// 2. Chromium (the webview app on the harness page): a `report` message dispatched to the app → model, layout,
//    innerHTML, classes, details pane (synchronous JS), and until the next frame is painted.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import { launchBrowser } from '../../scripts/e2e/codeServer.mjs';
import { writeHarness } from './harness.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const runs = Number(process.argv.find((a) => a.startsWith('--runs='))?.slice(7) ?? 5);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gl-bench-'));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const f = (x) => x.toFixed(0).padStart(5);

try {
  const nodeOut = path.join(tmp, 'w.mjs');
  await esbuild.build({
    entryPoints: [path.join(here, 'benchWorkloads.ts')],
    outfile: nodeOut,
    bundle: true,
    format: 'esm',
    platform: 'node',
  });
  const { WORKLOADS, measure } = await import(pathToFileURL(nodeOut).href);
  console.log(
    `Node ${process.version}, ${os.cpus().length} CPUs, load average ${os
      .loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')}`,
  );
  console.log(
    'workload                                                  nodes  items dagre   build  layout  render   total ms (median)',
  );
  for (const w of WORKLOADS) {
    const tape = w.tape();
    measure(w.name, tape, w.open);
    const ts = Array.from({ length: runs }, () => measure(w.name, tape, w.open));
    const m = (k) => median(ts.map((t) => t[k]));
    console.log(
      `${w.name.padEnd(56)} ${String(ts[0].nodes).padStart(6)} ${String(ts[0].items).padStart(6)} ${String(ts[0].dagreRuns).padStart(5)} ${f(m('buildMs'))}   ${f(m('layoutMs'))}   ${f(m('renderMs'))}   ${f(m('totalMs'))}`,
    );
  }

  // Chromium: the real app.
  const { url, close } = await writeHarness('dark');
  const browser = await launchBrowser({ width: 1400, height: 900 });
  try {
    const { page } = browser;
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    const webOut = path.join(tmp, 'w.iife.js');
    await esbuild.build({
      entryPoints: [path.join(here, 'benchWorkloads.ts')],
      outfile: webOut,
      bundle: true,
      format: 'iife',
      globalName: 'glBench',
      platform: 'browser',
    });
    const src = `${fs.readFileSync(webOut, 'utf8')}\nwindow.glBench = glBench;`;
    console.log('\nChromium (webview app): report message → drawn');
    console.log(
      'workload                                                  nodes  items   sync JS   next frame ms (median)',
    );
    const names = await (async () => {
      await page.goto(url);
      // The page's CSP forbids inline scripts; the workloads come in through the devtools protocol instead.
      await page.evaluate(src);
      return page.evaluate(() => globalThis.glBench.WORKLOADS.map((w) => w.name));
    })();
    for (let i = 0; i < names.length; i++) {
      const ts = [];
      for (let r = 0; r < runs + 1; r++) {
        await page.goto(url);
        await page.evaluate(src);
        const t = await page.evaluate(async (k) => {
          const w = globalThis.glBench.WORKLOADS[k];
          const tape = w.tape();
          const msg = {
            type: 'report',
            uri: `file:///bench/${k}-${Math.random()}.py`,
            key: 'k',
            tapes: [tape],
            gradients: [],
          };
          const t0 = performance.now();
          window.dispatchEvent(new MessageEvent('message', { data: msg }));
          if (w.open === 'all') {
            // open every group, level by level, as the Expand button does until nothing is collapsed
            for (let guard = 0; guard < 20 && document.querySelector('.node.group'); guard++)
              document.getElementById('expand-all').click();
          }
          const t1 = performance.now();
          await new Promise((res) => requestAnimationFrame(() => setTimeout(res, 0)));
          const t2 = performance.now();
          const s = window.glInspector.summary();
          return { sync: t1 - t0, frame: t2 - t0, nodes: s.nodes, items: s.items };
        }, i);
        if (r > 0) ts.push(t);
      }
      const m = (k) => median(ts.map((t) => t[k]));
      console.log(
        `${names[i].padEnd(56)} ${String(ts[0].nodes).padStart(6)} ${String(ts[0].items).padStart(6)}   ${f(m('sync'))}      ${f(m('frame'))}`,
      );
    }
    if (errors.length) console.log(`page errors: ${errors.join('\n')}`);
  } finally {
    await browser.close();
    close();
  }
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
