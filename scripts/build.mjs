// Bundles every entry point with esbuild: the extension (Node, `vscode` external), the engine worker, the CLI,
// the tape inspector webview (browser) and the benchmark. `--watch` rebuilds on change; `--production` minifies.
import { existsSync } from 'node:fs';
import * as esbuild from 'esbuild';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const node = { platform: 'node', format: 'cjs', target: 'node20', bundle: true, sourcemap: !production, minify: production };
const entries = [
  { ...node, entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  { ...node, entryPoints: ['src/worker/worker.node.ts'], outfile: 'dist/worker.js' },
  { ...node, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  {
    entryPoints: ['src/inspector/main.ts'],
    outfile: 'dist/inspector.js',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    bundle: true,
    sourcemap: !production,
    minify: production,
  },
  { ...node, entryPoints: ['bench/main.ts'], outfile: 'dist/bench.js', external: ['@tensorflow/*'] },
  { ...node, entryPoints: ['test/integration/index.ts'], outfile: 'dist/test/integration.js', external: ['vscode', 'mocha'] },
].filter((e) => existsSync(e.entryPoints[0]));

if (watch) {
  for (const e of entries) await (await esbuild.context(e)).watch();
} else {
  await Promise.all(entries.map((e) => esbuild.build(e)));
  console.log(`built ${entries.map((e) => e.outfile).join(', ')}`);
}
