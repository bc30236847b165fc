// Runs the integration suite in code-server's browser-side web worker extension host: the extension as a web
// extension (package.json with `browser` and no `main`), driven by headless Chromium. A copy of the extension is
// staged in a temp dir — package.json without `main`, the browser bundles, the inspector, media, the test fixtures and
// the browser build of the suite (dist/test/integration.web.js) — because an extension with a `main` would run in
// the Node extension host instead, and VS Code runs the tests in the host of the extension they lie in. The suite's
// options (grep) go to dist/test/options.json of the copy (a web worker has no environment variables). Exit code:
// the suite's (0 = passed), 2 = harness error or timeout.
//
// usage: node scripts/e2e/run-integration-web.mjs [--grep=PATTERN] [--keep-data] [--timeout=MS] [--verbose] [--untrusted]
//        --untrusted: workspace trust on and the folder untrusted (restricted mode); runs the `untrusted` suite.
import fs from 'node:fs';
import os from 'node:os';
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
const workspace = path.join(root, 'examples');
const TIMEOUT_MS = Number(argv.timeout || 600_000);

/** What the staged web extension holds (paths relative to the repository). */
const STAGED = [
  'dist/extension.web.js',
  'dist/worker.web.js',
  'dist/inspector.js',
  'dist/test/integration.web.js',
  'media',
  'test/integration/fixtures',
  'README.md',
  'LICENSE',
];
const OPTIONAL = ['dist/extension.web.js.map', 'dist/worker.web.js.map', 'dist/test/integration.web.js.map'];

function stage() {
  for (const f of STAGED) {
    if (!fs.existsSync(path.join(root, f))) throw new Error(`${f} is missing: run npm run build first`);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gl-web-ext-'));
  const ext = path.join(dir, 'gradient-lens');
  for (const f of [...STAGED, ...OPTIONAL.filter((o) => fs.existsSync(path.join(root, o)))]) {
    fs.cpSync(path.join(root, f), path.join(ext, f), { recursive: true });
  }
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  delete pkg.main;
  fs.writeFileSync(path.join(ext, 'package.json'), JSON.stringify(pkg, null, 2));
  const grep = argv.grep ?? (argv.untrusted ? 'untrusted' : undefined);
  const options = grep ? { grep: String(grep) } : {};
  fs.writeFileSync(path.join(ext, 'dist/test/options.json'), JSON.stringify(options));
  return { dir, ext };
}

async function main() {
  const { dir, ext } = stage();
  say('runner', `web extension staged in ${ext}`);
  const cs = await startCodeServer({ keep: Boolean(argv['keep-data']), untrusted: Boolean(argv.untrusted) });
  const browser = await launchBrowser();
  try {
    const { page } = browser;
    let finish;
    const finished = new Promise((r) => (finish = r));
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      // Mocha's browser build writes its report through console.log with a "stdout:" label.
      const line = util.format(...(Array.isArray(args) ? args : [args])).replace(/^stdout: ?/, '');
      if (
        argv.verbose ||
        !/^(Resolving|Resolved|Creating a socket|Updating additional|ChatSessionStore|\[Service Worker\])/.test(line)
      ) {
        (type === 'error' ? console.error : console.log)(line);
      }
    });
    await page.exposeFunction('codeAutomationExit', (code) => finish(code));
    if (argv.verbose) page.on('console', (m) => console.log(`[page ${m.type()}] ${m.text()}`));
    const payload = [
      ['extensionDevelopmentPath', `vscode-remote://${cs.host}${ext}`],
      ['extensionTestsPath', `vscode-remote://${cs.host}${ext}/dist/test/integration.web.js`],
      ['skipWelcome', 'true'],
    ];
    const q = new URLSearchParams({ folder: workspace, payload: JSON.stringify(payload) });
    await page.goto(`http://${cs.host}/?${q}`);
    say('runner', 'workbench loaded, waiting for the test run in the web worker extension host');
    const code = await Promise.race([finished, new Promise((r) => setTimeout(() => r('timeout'), TIMEOUT_MS))]);
    say('runner', `web worker extension host exit code: ${code}`);
    if (browser.blocked.length) say('runner', `blocked non-loopback requests: ${browser.blocked.length}`);
    return typeof code === 'number' ? code : 2;
  } finally {
    await browser.close();
    cs.stop();
    if (argv['keep-data']) say('runner', `kept ${dir}`);
    else fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error('[runner] FAILED', e);
    process.exit(2);
  },
);
