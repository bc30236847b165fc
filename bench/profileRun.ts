/** The process `bench/profile.mjs` profiles: one workload, `runs` times, through our API or the interpreter. */
import { makeInputs } from './data';
import { oursApi } from './peers/ours';
import { oursInterpreter } from './peers/python';
import type { WorkloadId } from './workloads';

const [id, mode, runs] = process.argv.slice(2) as [WorkloadId, 'api' | 'interp', string];
const peer = mode === 'interp' ? oursInterpreter() : oursApi(makeInputs());
const prepared = peer.prepare(id);
const times: number[] = [];
for (let i = 0; i < Number(runs); i++) {
  const t0 = performance.now();
  prepared.run();
  times.push(performance.now() - t0);
}
const sorted = [...times].sort((a, b) => a - b);
console.log(
  `${id} ${mode}: first ${times[0].toFixed(2)} ms, median ${sorted[sorted.length >> 1].toFixed(2)} ms, best ${sorted[0].toFixed(2)} ms`,
);
