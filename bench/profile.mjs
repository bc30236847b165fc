// `node bench/profile.mjs W5 [api|interp] [runs]`: profile one workload with `node --cpu-prof` and print where the
// time goes (self time by function, top 25, and the share of garbage collection). Bundles bench/profileRun.ts with
// the WebAssembly kernels embedded, as the build does. Used for "what limits each workload" in bench/RESULTS.md.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { bundleWithKernels } from './bundle.mjs';
import { summarize } from './cpuprof-summary.mjs';

const [id = 'W5', mode = 'api', runs = '20'] = process.argv.slice(2);
const dir = mkdtempSync(path.join(os.tmpdir(), 'gl-prof-'));
const outfile = path.join(dir, 'profileRun.js');
await bundleWithKernels(new URL('./profileRun.ts', import.meta.url).pathname, outfile);
const out = execFileSync(
  process.execPath,
  ['--cpu-prof', `--cpu-prof-dir=${dir}`, '--max-semi-space-size=64', '--stack-size=3800', outfile, id, mode, runs],
  { cwd: path.resolve(new URL('..', import.meta.url).pathname), encoding: 'utf8' },
);
process.stdout.write(out);
const { totalMs, lines } = summarize(
  path.join(
    dir,
    readdirSync(dir).find((f) => f.endsWith('.cpuprofile')),
  ),
);
console.log(`self time, ${id} ${mode}, ${runs} runs (profile total ${totalMs.toFixed(0)} ms):`);
for (const l of lines) console.log(l);
