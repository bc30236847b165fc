// A long fuzz campaign over the engine (test/fuzz/campaign.ts, bundled here with esbuild and run with Node).
// Failing inputs are written to test-artifacts/fuzz/ as seed<S>-case<I>.py plus a .json with the problems.
//
// usage: node scripts/fuzz.mjs --seed=7 --count=100000 [--start=0] [--budget=300] [--out=DIR] [--heap-mb=2048]
//        node scripts/fuzz.mjs --seed=7 --replay=1234     (one case: its source, diagnostics and problems)
//        npm run fuzz -- --seed=7 --count=20000
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(root, 'test-artifacts', 'fuzz');
mkdirSync(outDir, { recursive: true });
const bundle = path.join(outDir, '.campaign.cjs');
await esbuild.build({
  entryPoints: [path.join(root, 'test/fuzz/campaign.ts')],
  outfile: bundle,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: 'inline',
  logLevel: 'warning',
});
const r = spawnSync(process.execPath, ['--enable-source-maps', bundle, ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
});
process.exit(r.status ?? 2);
