// `node bench/profile.mjs W5 [api|interp] [runs]`: profile one workload with `node --cpu-prof` and print where the
// time goes (self time by function, top 25, and the share of garbage collection). Bundles bench/profileRun.ts with
// the WebAssembly kernels embedded, as the build does. Used for "what limits each workload" in bench/RESULTS.md.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { compileKernels } from '../scripts/kernels.mjs';

const [id = 'W5', mode = 'api', runs = '20'] = process.argv.slice(2);
const dir = mkdtempSync(path.join(os.tmpdir(), 'gl-prof-'));
const outfile = path.join(dir, 'profileRun.js');
await esbuild.build({
  entryPoints: [new URL('./profileRun.ts', import.meta.url).pathname],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  define: { __GL_KERNELS_WASM__: JSON.stringify(Buffer.from(await compileKernels()).toString('base64')) },
});
const out = execFileSync(
  process.execPath,
  ['--cpu-prof', `--cpu-prof-dir=${dir}`, '--max-semi-space-size=64', '--stack-size=3800', outfile, id, mode, runs],
  { cwd: path.resolve(new URL('..', import.meta.url).pathname), encoding: 'utf8' },
);
process.stdout.write(out);
const prof = JSON.parse(
  readFileSync(
    path.join(
      dir,
      readdirSync(dir).find((f) => f.endsWith('.cpuprofile')),
    ),
    'utf8',
  ),
);
const self = new Map();
const dt = prof.timeDeltas;
const byId = new Map(prof.nodes.map((n) => [n.id, n]));
let total = 0;
for (let i = 0; i < prof.samples.length; i++) {
  const n = byId.get(prof.samples[i]);
  const cf = n.callFrame;
  const key = `${cf.functionName || '(anonymous)'} ${cf.url ? `${path.basename(cf.url)}:${cf.lineNumber + 1}` : ''}`;
  self.set(key, (self.get(key) ?? 0) + (dt[i] ?? 0));
  total += dt[i] ?? 0;
}
const top = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 25);
console.log(`self time, ${id} ${mode}, ${runs} runs (profile total ${(total / 1000).toFixed(0)} ms):`);
for (const [k, v] of top) console.log(`${((100 * v) / total).toFixed(1).padStart(5)} %  ${k}`);
