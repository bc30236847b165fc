// Runs the integration suite (dist/test/integration.js, test-electron style `run()`) inside code-server's Node
// extension host, headless: the workbench URL payload carries extensionDevelopmentPath and extensionTestsPath, the
// workbench forwards the extension host's console to window.codeAutomationLog, and reports the result through
// window.codeAutomationExit(code) — the exit code of this process (2 = harness error or timeout).
//
// usage: node scripts/e2e/run-integration.mjs [--grep=PATTERN] [--keep-data] [--timeout=MS] [--untrusted]
//        --untrusted: workspace trust on and the folder untrusted (restricted mode); runs the `untrusted` suite.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import util from 'node:util';
import { launchBrowser, say, startCodeServer } from './codeServer.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const argv = Object.fromEntries(
  process.argv.slice(2).map((a) => {
    const m = /^--([^=]+)(?:=(.*))?$/.exec(a);
    return m ? [m[1], m[2] ?? true] : [a, true];
  }),
);
const testsPath = path.join(root, 'dist/test/integration.js');
const workspace = path.join(root, 'examples');
const TIMEOUT_MS = Number(argv.timeout || 300_000);

async function main() {
  for (const f of [
    testsPath,
    path.join(root, 'dist/extension.js'),
    path.join(root, 'dist/worker.js'),
    path.join(root, 'dist/workerBoot.js'),
  ]) {
    if (!fs.existsSync(f)) throw new Error(`${f} is missing: run npm run build first`);
  }
  const grep = argv.grep ?? (argv.untrusted ? 'untrusted' : undefined);
  const env = grep ? { GRADIENT_LENS_GREP: String(grep) } : {};
  const cs = await startCodeServer({ keep: Boolean(argv['keep-data']), env, untrusted: Boolean(argv.untrusted) });
  const browser = await launchBrowser();
  try {
    const { page } = browser;
    let finish;
    const finished = new Promise((r) => (finish = r));
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      const line = util.format(...(Array.isArray(args) ? args : [args]));
      if (
        argv.verbose ||
        !/^(Resolving|Resolved|Creating a socket|Updating additional|ChatSessionStore|\[Service Worker\])/.test(line)
      ) {
        (type === 'error' ? console.error : console.log)(line);
      }
    });
    await page.exposeFunction('codeAutomationExit', (code) => finish(code));
    const payload = [
      ['extensionDevelopmentPath', `vscode-remote://${cs.host}${root}`],
      ['extensionTestsPath', `vscode-remote://${cs.host}${testsPath}`],
      ['skipWelcome', 'true'],
    ];
    const q = new URLSearchParams({ folder: workspace, payload: JSON.stringify(payload) });
    await page.goto(`http://${cs.host}/?${q}`);
    say('runner', 'workbench loaded, waiting for the test run');
    const code = await Promise.race([finished, new Promise((r) => setTimeout(() => r('timeout'), TIMEOUT_MS))]);
    say('runner', `extension host exit code: ${code}`);
    if (browser.blocked.length) say('runner', `blocked non-loopback requests: ${browser.blocked.length}`);
    return typeof code === 'number' ? code : 2;
  } finally {
    await browser.close();
    cs.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error('[runner] FAILED', e);
    process.exit(2);
  },
);
