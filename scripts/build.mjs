// Compiles the WebAssembly kernels, then bundles every entry point with esbuild: the extension (Node, `vscode` external), the engine worker, the CLI (loader and bundle),
// the tape inspector webview (browser) and the benchmark; and the web extension's bundles (browser, no Node module):
// the extension, its Web Worker engine and its integration suite. `--watch` rebuilds on change; `--production` minifies.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { compileKernels } from './kernels.mjs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
// `--outdir=DIR` writes the bundles to DIR instead of dist/ (the benchmark measures production sizes this way).
const outdir = process.argv.find((a) => a.startsWith('--outdir='))?.slice('--outdir='.length);

// The benchmark loads the tfjs peers from node_modules at run time (package roots external), but bundles subpath
// imports: tfjs-core's gradient registrations exist only as ES modules, outside its CommonJS bundle.
const tfjsExternal = {
  name: 'tfjs-external',
  setup(build) {
    build.onResolve({ filter: /^@tensorflow\/[^/]+$/ }, (a) => ({ path: a.path, external: true }));
  },
};

// The engine's WebAssembly kernels, compiled from their AssemblyScript source on every build and embedded in the
// bundles as base64 (no .wasm file to ship or fetch; the engine instantiates it from bytes, also in a web worker).
const kernelsWasm = Buffer.from(await compileKernels()).toString('base64');
const define = { __GL_KERNELS_WASM__: JSON.stringify(kernelsWasm) };

const node = {
  define,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  bundle: true,
  sourcemap: !production,
  minify: production,
};
const web = {
  define,
  platform: 'browser',
  format: 'cjs',
  target: 'es2022',
  bundle: true,
  sourcemap: !production,
  minify: production,
};
// The web integration suite: `node:assert` is our own subset (test/integration/web/assert.ts), and Mocha's browser
// build (a UMD script) is loaded with `module`, `exports` and `define` hidden — it would otherwise take over the
// suite's own `module.exports` in the host's CommonJS wrapper — so that it puts `mocha` on the global object.
const webTestSuite = {
  name: 'web-test-suite',
  setup(build) {
    build.onResolve({ filter: /^node:assert$/ }, () => ({ path: path.resolve('test/integration/web/assert.ts') }));
    build.onLoad({ filter: /[\\/]mocha[\\/]mocha\.js$/ }, async (a) => ({
      contents: `(function (module, exports, define) {\n${await readFile(a.path, 'utf8')}\n}).call(globalThis);`,
      loader: 'js',
    }));
  },
};
const entries = [
  { ...node, entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  { ...node, entryPoints: ['src/worker/worker.node.ts'], outfile: 'dist/worker.js' },
  { ...node, entryPoints: ['src/worker/boot.node.ts'], outfile: 'dist/workerBoot.js' },
  { ...node, entryPoints: ['src/worker/computeHelper.node.ts'], outfile: 'dist/computeHelper.js' },
  // The `gradient-lens` command: a small loader that compiles the CLI bundle (cliMain.js) with V8's code cache.
  {
    ...node,
    entryPoints: ['src/cli/loader.node.ts'],
    outfile: 'dist/cli.js',
    banner: { js: '#!/usr/bin/env -S node --stack-size=3800' },
  },
  { ...node, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cliMain.js' },
  {
    entryPoints: ['src/inspector/main.ts'],
    outfile: 'dist/inspector.js',
    define,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    bundle: true,
    sourcemap: !production,
    minify: production,
  },
  { ...node, entryPoints: ['bench/main.ts'], outfile: 'dist/bench.js', plugins: [tfjsExternal] },
  // ---- the web extension (package.json `browser`): CommonJS for the web worker extension host's loader, a classic
  // script for the engine's Web Worker (started by a Blob URL the host may wrap with importScripts).
  { ...web, entryPoints: ['src/extension/extension.web.ts'], outfile: 'dist/extension.web.js', external: ['vscode'] },
  { ...web, entryPoints: ['src/worker/worker.web.ts'], outfile: 'dist/worker.web.js', format: 'iife' },
  {
    ...web,
    entryPoints: ['test/integration/index.web.ts'],
    outfile: 'dist/test/integration.web.js',
    external: ['vscode'],
    plugins: [webTestSuite],
  },
  // ----
  {
    ...node,
    entryPoints: ['test/integration/index.ts'],
    outfile: 'dist/test/integration.js',
    external: ['vscode', 'mocha'],
  },
]
  .filter((e) => existsSync(e.entryPoints[0]))
  .map((e) => (outdir ? { ...e, outfile: e.outfile.replace(/^dist\//, `${outdir}/`) } : e));

if (watch) {
  for (const e of entries) await (await esbuild.context(e)).watch();
} else {
  await Promise.all(entries.map((e) => esbuild.build(e)));
  console.log(`built ${entries.map((e) => e.outfile).join(', ')}`);
}
