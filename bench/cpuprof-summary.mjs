// `node bench/cpuprof-summary.mjs FILE.cpuprofile [top]`: self time by function (and the garbage collector's share)
// of a `node --cpu-prof` profile. bench/profile.mjs uses it; it also reads profiles of the CLI or of a worker.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Lines "share %  function file:line", largest self time first. */
export function summarize(file, top = 25) {
  const prof = JSON.parse(readFileSync(file, 'utf8'));
  const self = new Map();
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  let total = 0;
  for (let i = 0; i < prof.samples.length; i++) {
    const cf = byId.get(prof.samples[i]).callFrame;
    const where = cf.url ? ` ${path.basename(cf.url)}:${cf.lineNumber + 1}` : '';
    const key = `${cf.functionName || '(anonymous)'}${where}`;
    const dt = prof.timeDeltas[i] ?? 0;
    self.set(key, (self.get(key) ?? 0) + dt);
    total += dt;
  }
  const lines = [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([k, v]) => `${((100 * v) / total).toFixed(1).padStart(5)} %  ${k}`);
  return { totalMs: total / 1000, lines };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { totalMs, lines } = summarize(process.argv[2], Number(process.argv[3] ?? 25));
  console.log(`profile total ${totalMs.toFixed(0)} ms`);
  for (const l of lines) console.log(l);
}
