/**
 * The web extension's bundles (package.json `browser`): no Node module and no Node global, since a browser's web
 * worker extension host has neither; the engine's Web Worker bundle as closed as the desktop one (no native code
 * execution, no network). Checked on the built output — development and production, built here into temp dirs —
 * so whatever a dependency pulls in is checked too.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createContext, runInContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { workerRealm } from './webRealm';

const ROOT = join(__dirname, '../..');
const dirs = { development: '', production: '' };

beforeAll(() => {
  for (const flavour of ['development', 'production'] as const) {
    dirs[flavour] = mkdtempSync(join(tmpdir(), `gl-web-${flavour}-`));
    const args = ['scripts/build.mjs', `--outdir=${dirs[flavour]}`];
    if (flavour === 'production') args.push('--production');
    execFileSync(process.execPath, args, { cwd: ROOT, stdio: 'pipe' });
  }
}, 180_000);

afterAll(() => {
  for (const d of Object.values(dirs)) if (d) rmSync(d, { recursive: true, force: true });
});

const NOT_PROPERTY = '(?<![\\w$.])';
const BUILTINS = new Set(builtinModules.map((m) => m.replace(/^node:/, '')));

/**
 * Module specifiers a bundle loads at run time: `require("x")` (esbuild's form in CommonJS and IIFE output, which
 * the web bundles are: no `import` statement, checked below) and `import("x")`.
 */
function specifiers(code: string): string[] {
  const found = [
    ...code.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g),
    ...code.matchAll(/\bimport\s*\(\s*["']([^"']+)["']\s*\)/g),
  ].map((m) => m[1]!);
  return [...new Set(found)].sort();
}

/** Node built-ins among the specifiers, and any `node:` specifier string at all. */
function nodeModules(code: string): string[] {
  const named = specifiers(code).filter((s) => s.startsWith('node:') || BUILTINS.has(s.split('/')[0]!));
  const prefixed = [...code.matchAll(/["'](node:[\w/]+)["']/g)].map((m) => m[1]!);
  return [...new Set([...named, ...prefixed])].sort();
}

const TAPE = [
  'import tensorflow as tf',
  'x = tf.constant(3.0)',
  'with tf.GradientTape() as t:',
  '    t.watch(x)',
  '    y = x * x * x',
  'g = t.gradient(y, x)',
  'assert g.numpy() == 27.0',
  'print(g.numpy())',
].join('\n');

const NATIVE_OR_NETWORK = {
  eval: new RegExp(`${NOT_PROPERTY}eval\\s*\\(`),
  Function: new RegExp(`${NOT_PROPERTY}(new\\s+)?Function\\s*\\(`),
  dynamicImport: new RegExp(`${NOT_PROPERTY}import\\s*\\(`),
  XMLHttpRequest: /XMLHttpRequest/,
  WebSocket: /WebSocket/,
  importScripts: /importScripts/,
};
const FETCH = new RegExp(`${NOT_PROPERTY}fetch\\s*\\(`, 'g');

test('package.json: `browser` is the web bundle, `main` stays the Node one', () => {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  expect(pkg.browser).toBe('./dist/extension.web.js');
  expect(pkg.main).toBe('./dist/extension.js');
  const ignore = readFileSync(join(ROOT, '.vscodeignore'), 'utf8');
  expect(ignore).toContain('!dist/extension.web.js');
  expect(ignore).toContain('!dist/worker.web.js');
});

for (const flavour of ['development', 'production'] as const) {
  const file = (name: string) => readFileSync(join(dirs[flavour], name), 'utf8');

  describe(`${flavour} web bundles`, () => {
    test('extension.web.js: no Node module or global; only `vscode`; one fetch (the engine bundle)', () => {
      const code = file('extension.web.js');
      expect(code.length).toBeGreaterThan(20_000);
      expect(nodeModules(code)).toEqual([]);
      expect(specifiers(code)).toEqual(['vscode']);
      for (const [name, re] of Object.entries(NATIVE_OR_NETWORK))
        expect(re.test(code), `${name} in extension.web.js`).toBe(false);
      expect(code.match(FETCH)?.length ?? 0).toBe(1);
      expect(code).toContain('worker.web.js');
    });

    test('extension.web.js loads as the web worker host loads it: CommonJS in a realm without Node, `activate` exported', () => {
      // VS Code's web worker host wraps the text in a function of (module, exports, require) whose require serves
      // only `vscode`: here a stub with the names @types/vscode exports, each an empty class (nothing runs before
      // activate, but classes may extend them).
      const types = readFileSync(join(ROOT, 'node_modules/@types/vscode/index.d.ts'), 'utf8');
      const names = [...types.matchAll(/^\texport (?:class|namespace|enum|const|function) (\w+)/gm)].map((m) => m[1]!);
      expect(names.length).toBeGreaterThan(100);
      const stub = Object.fromEntries(names.map((n) => [n, class {}]));
      const module = { exports: {} as Record<string, unknown> };
      const required: string[] = [];
      const require = (name: string) => {
        required.push(name);
        if (name !== 'vscode') throw new Error(`Cannot load module '${name}'`);
        return stub;
      };
      const realm = createContext({
        console,
        performance,
        TextEncoder,
        TextDecoder,
        URL,
        setTimeout,
        clearTimeout,
        module,
        require,
      });
      runInContext(
        `(function (module, exports, require) {${file('extension.web.js')}\n})(module, module.exports, require)`,
        realm,
      );
      expect(typeof module.exports.activate).toBe('function');
      expect(typeof module.exports.deactivate).toBe('function');
      expect(new Set(required)).toEqual(new Set(['vscode']));
    });

    test('worker.web.js (the engine in a Web Worker): no module at all, no Node global, no code execution or network', () => {
      const code = file('worker.web.js');
      expect(code.length).toBeGreaterThan(100_000);
      expect(specifiers(code)).toEqual([]);
      for (const [name, re] of Object.entries(NATIVE_OR_NETWORK))
        expect(re.test(code), `${name} in worker.web.js`).toBe(false);
      expect(FETCH.test(code)).toBe(false);
      expect(code).not.toMatch(/WebAssembly\.(instantiateStreaming|compileStreaming)/);
    });

    test('worker.web.js runs the engine in a realm with only Web Worker globals: ready, then d(x³)/dx at 3 = 27', () => {
      const w = workerRealm(file('worker.web.js'), {
        __gradientLensWorkerOptions: { testHooks: false, warmUp: false },
      });
      expect(w.posted).toEqual([{ type: 'ready' }]);
      w.send({ type: 'run', id: 7, input: { kind: 'python', cells: [{ source: TAPE }] }, options: {} });
      const answer = w.posted[1] as {
        type: string;
        id: number;
        report: { asserts: { passed: boolean }[]; prints: { text: string }[] };
      };
      expect(answer.type).toBe('result');
      expect(answer.id).toBe(7);
      // 3·x² at x = 3, by hand.
      expect(answer.report.asserts.map((a) => a.passed)).toEqual([true]);
      expect(answer.report.prints.map((p) => p.text.trim())).toEqual(['27.0']);
      w.send({ type: 'stats', id: 8 });
      expect(w.posted[2]).toMatchObject({ type: 'stats', id: 8 });
      // Test hooks are off unless the transport turned them on: a `test` message is ignored.
      w.send({ type: 'test', action: 'exit' });
      expect(w.posted).toHaveLength(3);
    });
  });
}

describe('the checks catch what they should (so the tests above can fail)', () => {
  test('Node modules in any form', () => {
    expect(nodeModules('var a = require("fs"); var b = require("node:path");')).toEqual(['fs', 'node:path']);
    expect(nodeModules('const { Worker } = require("worker_threads")')).toEqual(['worker_threads']);
    expect(nodeModules('const m = "node:perf_hooks";')).toEqual(['node:perf_hooks']);
    expect(nodeModules('require("vscode"); require("@lezer/common")')).toEqual([]);
  });
  test('a script that uses a Node global fails in the Web Worker realm', () => {
    expect(() => workerRealm('postMessage({ type: "ready" }); setImmediate(() => {});')).toThrow(/setImmediate/);
    expect(() => workerRealm('Buffer.from("x")')).toThrow(/Buffer/);
    expect(() => workerRealm('process.env.X')).toThrow(/process/);
    expect(workerRealm('postMessage({ type: typeof require })').posted).toEqual([{ type: 'undefined' }]);
  });
});
