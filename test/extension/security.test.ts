/**
 * Security over the BUILT bundles: the engine never executes code natively and never touches the file
 * system or the network. Checked on the bundles the extension ships — development (`node scripts/build.mjs`) and
 * production (minified, built here into a temp dir) — so whatever a dependency pulls in is checked too.
 *
 * - dist/worker.js (the engine worker): no `eval`, `Function`, dynamic `import()`, and no Node module but
 *   `node:worker_threads` (its own transport: `parentPort`, `workerData`); no fetch / XMLHttpRequest / WebSocket.
 * - dist/computeHelper.js (the engine's helper thread for big matrix products): no `eval`, `Function`, dynamic
 *   `import()`, and no Node module but `node:worker_threads`; no network.
 * - dist/workerBoot.js (the worker thread's entry): one `vm.Script` compile of the engine bundle text the host read
 *   from `dist/` (with V8's code cache); no file system, no network.
 *   WebAssembly is allowed: the kernels are bundled bytes (base64), compiled from our AssemblyScript.
 * - dist/inspector.js (the webview): no `eval`, `Function`, dynamic `import()`, XMLHttpRequest, WebSocket; the one
 *   `fetch` reads the inspector's own stylesheet (CSP `connect-src` is the webview resource origin only).
 * - dist/cliMain.js (the CLI): no `eval` / `Function` / dynamic import, no network or process modules (it reads
 *   files: `fs`).
 * - dist/cli.js (the CLI's loader): one `vm.Script` compile of `cliMain.js` next to it (with V8's code cache, kept
 *   in the user's cache directory); no network or process modules.
 * - dist/extension.js: no `eval` / `Function`, no network or process modules.
 * - No telemetry anywhere; package.json declares untrusted and virtual workspace support.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

const ROOT = join(__dirname, '../..');
let prodDir = '';

beforeAll(() => {
  // The development bundles in dist/, and the production ones (as `npm run package` builds them) in a temp dir.
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, stdio: 'pipe' });
  prodDir = mkdtempSync(join(tmpdir(), 'gl-prod-'));
  execFileSync(process.execPath, ['scripts/build.mjs', '--production', `--outdir=${prodDir}`], {
    cwd: ROOT,
    stdio: 'pipe',
  });
}, 120_000);

afterAll(() => {
  if (prodDir) rmSync(prodDir, { recursive: true, force: true });
});

const NOT_PROPERTY = '(?<![\\w$.])';
const PATTERNS = {
  eval: new RegExp(`${NOT_PROPERTY}eval\\s*\\(`),
  newFunction: /\bnew\s+Function\s*\(/,
  Function: new RegExp(`${NOT_PROPERTY}Function\\s*\\(`),
  dynamicImport: new RegExp(`${NOT_PROPERTY}import\\s*\\(`),
  fetch: new RegExp(`${NOT_PROPERTY}fetch\\s*\\(`, 'g'),
  XMLHttpRequest: /XMLHttpRequest/,
  WebSocket: /WebSocket/,
  EventSource: /\bEventSource\b/,
  sendBeacon: /sendBeacon/,
  importScripts: /importScripts/,
  processBinding: /process\.(binding|dlopen)|\.node['"]\)/,
};

/** Node modules a bundle requires (`require("x")`, esbuild's form for imports of built-ins). */
function requires(code: string): string[] {
  return [...new Set([...code.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]))].sort();
}

const NETWORK_OR_PROCESS = [
  'child_process',
  'net',
  'http',
  'https',
  'http2',
  'dgram',
  'tls',
  'dns',
  'cluster',
  'vm',
  'inspector',
  'module',
  'worker_threads',
  'fs',
  'fs/promises',
];
const bare = (m: string) => m.replace(/^node:/, '');

for (const flavour of ['development', 'production'] as const) {
  const file = (name: string) =>
    readFileSync(join(flavour === 'development' ? join(ROOT, 'dist') : prodDir, name), 'utf8');

  describe(`${flavour} bundles`, () => {
    test('worker.js (the engine): no native code execution, no file system, no network', () => {
      const code = file('worker.js');
      expect(code.length).toBeGreaterThan(100_000);
      for (const [name, re] of Object.entries(PATTERNS)) expect(re.test(code), `${name} in worker.js`).toBe(false);
      // The only Node module: the worker's own transport.
      expect(requires(code)).toEqual(['node:worker_threads']);
      expect(code).not.toMatch(/globalThis\s*\[\s*["'](eval|Function)["']\s*\]/);
      // WebAssembly from bundled bytes only (no file or URL to load it from).
      expect(code).not.toMatch(/WebAssembly\.(instantiateStreaming|compileStreaming)/);
    });

    test('computeHelper.js (the helper thread): no native code execution, no file system, no network', () => {
      const code = file('computeHelper.js');
      for (const [name, re] of Object.entries(PATTERNS))
        expect(re.test(code), `${name} in computeHelper.js`).toBe(false);
      expect(requires(code)).toEqual(['node:worker_threads']);
      expect(code).not.toMatch(/WebAssembly\.(instantiateStreaming|compileStreaming)/);
    });

    test('workerBoot.js (the worker thread entry): compiles only the bundle the host hands it; no files, no network', () => {
      const code = file('workerBoot.js');
      for (const [name, re] of Object.entries(PATTERNS)) expect(re.test(code), `${name} in workerBoot.js`).toBe(false);
      // `vm` for the one compile (with V8's code cache); the file system stays with the host (codeCache.node.ts).
      expect(requires(code)).toEqual(['node:path', 'node:vm', 'node:worker_threads']);
      expect(code.match(/new\s+[\w$.]*Script\s*\(/g)).toHaveLength(1);
      expect(code).toMatch(/workerData\)?\.boot/);
      expect(code.length).toBeLessThan(4_000);
    });

    test('inspector.js (the webview): no native code execution, no network but its own stylesheet', () => {
      const code = file('inspector.js');
      for (const [name, re] of Object.entries(PATTERNS)) {
        if (name === 'fetch') continue;
        expect(re.test(code), `${name} in inspector.js`).toBe(false);
      }
      // Exactly one fetch: `<link data-graph-css>.href`, the inspector's stylesheet (for "Export SVG").
      const fetches = [...code.matchAll(/(?<![\w$.])fetch\s*\(\s*([\w$]+)\.href\s*\)/g)];
      expect(code.match(PATTERNS.fetch)?.length ?? 0).toBe(1);
      expect(fetches).toHaveLength(1);
      expect(code).toContain('link[rel="stylesheet"][data-graph-css]');
      expect(requires(code)).toEqual([]);
    });

    test('cli.js (the CLI loader): compiles only the CLI bundle next to it; no network or processes', () => {
      const code = file('cli.js');
      for (const [name, re] of Object.entries(PATTERNS)) expect(re.test(code), `${name} in cli.js`).toBe(false);
      // `vm` for the one compile; `fs`, `os` and `zlib` (its CRC-32) for the code cache (codeCache.node.ts).
      expect(requires(code)).toEqual(['node:fs', 'node:os', 'node:path', 'node:vm', 'node:zlib']);
      expect(code.match(/new\s+[\w$.]*Script\s*\(/g)).toHaveLength(1);
      expect(code).toMatch(/["']cliMain\.js["']/);
      expect(code.length).toBeLessThan(12_000);
    });

    test('cliMain.js (the CLI): no native code execution, no network or processes (it reads the files it is given)', () => {
      const code = file('cliMain.js');
      for (const name of ['eval', 'newFunction', 'Function', 'dynamicImport', 'XMLHttpRequest', 'WebSocket'] as const)
        expect(PATTERNS[name].test(code), `${name} in cliMain.js`).toBe(false);
      const mods = requires(code).map(bare);
      for (const m of NETWORK_OR_PROCESS.filter((x) => !x.startsWith('fs') && x !== 'worker_threads'))
        expect(mods, `cliMain.js requires ${m}`).not.toContain(m);
    });

    test('extension.js: no native code execution, no network or child processes', () => {
      const code = file('extension.js');
      for (const name of ['eval', 'newFunction', 'Function', 'dynamicImport', 'XMLHttpRequest', 'WebSocket'] as const)
        expect(PATTERNS[name].test(code), `${name} in extension.js`).toBe(false);
      const mods = requires(code).map(bare);
      for (const m of ['child_process', 'net', 'http', 'https', 'http2', 'dgram', 'tls', 'dns', 'vm', 'cluster'])
        expect(mods, `extension.js requires ${m}`).not.toContain(m);
    });
  });
}

describe('the patterns catch what they should (so the tests above can fail)', () => {
  test('forbidden constructs are recognised, look-alikes are not', () => {
    expect(PATTERNS.eval.test('x = eval("1")')).toBe(true);
    expect(PATTERNS.eval.test('x.evaluate(1); myeval(2)')).toBe(false);
    expect(PATTERNS.Function.test('Function("return this")()')).toBe(true);
    expect(PATTERNS.Function.test('new PyNativeFunction("f")')).toBe(false);
    expect(PATTERNS.newFunction.test('new Function("a", "b")')).toBe(true);
    expect(PATTERNS.dynamicImport.test('await import("./x.js")')).toBe(true);
    expect(PATTERNS.dynamicImport.test('lowerImport(node)')).toBe(false);
    expect(requires('require("node:fs"); require(\'child_process\')')).toEqual(['child_process', 'node:fs']);
  });
});

describe('workspaces and telemetry', () => {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

  test('package.json declares untrusted and virtual workspace support', () => {
    expect(pkg.capabilities.untrustedWorkspaces.supported).toBe(true);
    expect(pkg.capabilities.virtualWorkspaces).toBe(true);
  });

  test('no telemetry: no telemetry dependency, no telemetry code in src/ or in the bundles', () => {
    const deps = Object.keys({ ...pkg.dependencies, ...pkg.devDependencies });
    expect(deps.filter((d) => /telemetry|insights|analytics|sentry|segment|mixpanel/i.test(d))).toEqual([]);
    const files = (dir: string): string[] =>
      readdirSync(dir).flatMap((f) => {
        const p = join(dir, f);
        return statSync(p).isDirectory() ? files(p) : /\.(ts|mts)$/.test(p) ? [p] : [];
      });
    for (const f of files(join(ROOT, 'src'))) {
      const text = readFileSync(f, 'utf8');
      expect(text, f).not.toMatch(
        /createTelemetryLogger|TelemetryReporter|telemetry\.|isTelemetryEnabled|applicationinsights/i,
      );
    }
    for (const name of [
      'extension.js',
      'worker.js',
      'inspector.js',
      'cli.js',
      'cliMain.js',
      'extension.web.js',
      'worker.web.js',
    ]) {
      const code = readFileSync(join(ROOT, 'dist', name), 'utf8');
      expect(code, name).not.toMatch(
        /createTelemetryLogger|TelemetryReporter|applicationinsights|dc\.services\.visualstudio/i,
      );
    }
  });
});
