// `npm run conformance`: the conformance report (test/conformance/report.ts, bundled here with esbuild, run with Node).
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(root, 'test-artifacts');
mkdirSync(outDir, { recursive: true });
const bundle = path.join(outDir, '.conformance.cjs');
await esbuild.build({
  entryPoints: [path.join(root, 'test/conformance/report.ts')],
  outfile: bundle,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: 'inline',
  logLevel: 'warning',
  define: { __dirname: JSON.stringify(path.join(root, 'test/conformance')) },
});
const r = spawnSync(process.execPath, ['--enable-source-maps', '--stack-size=8000', bundle, ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
});
process.exit(r.status ?? 2);
