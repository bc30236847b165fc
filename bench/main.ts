/**
 * `npm run bench`: the six workloads W1–W6 against tfjs-core (CPU and wasm backends) and our engine (TypeScript API and
 * interpreter), then bundle sizes, a fresh worker's first result and peak memory. Not part of the tests.
 *
 * Every peer is timed in one worker thread with the resource limits the extension gives its engine worker
 * (`src/worker/transport.node.ts`), so the garbage collector is configured as in the product, for all peers alike.
 *
 * Options: `--quick` (short timing), `--only=W1,W3`, `--peers=ours API,tfjs wasm`, `--no-system`,
 * `--json=FILE` (write the raw numbers), `--young=MB` (another young generation size for the timing worker),
 * `--no-helper` (our peers without the matrix-product helper thread).
 * `--memory=<peer>` is the child mode used for peak memory.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { computeHelperFile } from '../src/worker/computeHelperFile.node';
import { offerComputeHelper } from '../src/worker/computeHelperPool.node';
import { makeInputs } from './data';
import { keystrokeToReport, reportTimes, w2ReportSizes } from './onDemand';
import { oursApi } from './peers/ours';
import { oursInterpreter, programOf, seedSource } from './peers/python';
import { TfProcess, tfPython } from './peers/tf';
import { loadTfjs, tfjsPeer, useBackend } from './peers/tfjs';
import {
  type Cell,
  fmtMs,
  PEERS,
  type PeerName,
  type Results,
  type SystemFacts,
  TF_PEERS,
  table,
  targets,
  tfTable,
} from './report';
import {
  firstResult,
  firstResults,
  lukewarm,
  maxRssMb,
  PRODUCT_WORKER_LIMITS,
  peakMemory,
  productionBuild,
} from './system';
import { DEFAULT_TIMING, maxAbs, maxAbsDiff, measure, median, QUICK_TIMING } from './timing';
import { type Peer, WORKLOADS, type WorkloadId } from './workloads';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const args: string[] = isMainThread ? process.argv.slice(2) : (workerData as { args: string[] }).args;
const opt = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const flag = (name: string) => args.includes(`--${name}`);
const root = path.resolve(__dirname, '..');

async function peersFor(names: readonly string[]): Promise<{ peers: Peer[]; notes: string[] }> {
  const inputs = makeInputs();
  const notes: string[] = [];
  const peers: Peer[] = [];
  if (names.some((n) => n.startsWith('tfjs'))) {
    const { tf, wasmError } = await loadTfjs();
    if (wasmError) notes.push(`tfjs wasm backend could not initialise here: ${wasmError}`);
    if (names.includes('tfjs CPU')) peers.push(tfjsPeer(tf, 'cpu', inputs));
    if (names.includes('tfjs wasm')) peers.push(tfjsPeer(tf, 'wasm', inputs, wasmError));
  }
  if (names.includes('ours API')) peers.push(oursApi(inputs));
  if (names.includes('ours interp')) peers.push(oursInterpreter());
  return { peers, notes };
}

async function activate(p: Peer): Promise<void> {
  if (p.name === 'tfjs CPU') await useBackend('cpu');
  if (p.name === 'tfjs wasm') await useBackend('wasm');
}

/** Run `task` of this script in a worker thread with the product's limits; resolves with what it posts. */
function inWorker<T>(task: 'memory', extra: { peer?: string; young?: number } = {}): Promise<T> {
  return new Promise((resolve, reject) => {
    const resourceLimits = {
      ...PRODUCT_WORKER_LIMITS,
      ...(extra.young ? { maxYoungGenerationSizeMb: extra.young } : {}),
    };
    const w = new Worker(__filename, { workerData: { task, args, peer: extra.peer }, resourceLimits });
    w.on('message', (m: { log?: string; done?: T }) => {
      if (m.log !== undefined) console.log(m.log);
      if (m.done !== undefined) {
        resolve(m.done);
        void w.terminate();
      }
    });
    w.on('error', reject);
  });
}

/** Memory task: run every workload twice with one peer; the parent process reports its peak RSS. */
async function memoryTask(peerName: string): Promise<void> {
  if (peerName === 'none') return;
  const { peers } = await peersFor([peerName]);
  const p = peers[0];
  await activate(p);
  for (const w of WORKLOADS) {
    const prepared = p.prepare(w.id);
    prepared.run();
    prepared.run();
  }
}

/** What a peer's worker answers for one workload. */
interface WorkloadTiming {
  cell: Cell;
  /** The gradients of the last run (compared with ours API in the main thread). */
  grads?: number[][];
}

/** Timing task: one worker per peer (no peer's heap or JIT state slows another), answering workload requests. */
async function timingTask(peerName: PeerName): Promise<void> {
  const timing = flag('quick') ? QUICK_TIMING : DEFAULT_TIMING;
  const { peers, notes } = await peersFor([peerName]);
  const p = peers[0];
  parentPort?.postMessage({ ready: notes });
  parentPort?.on('message', async (id: WorkloadId) => {
    let answer: WorkloadTiming;
    if (p.unavailable) answer = { cell: { error: p.unavailable } };
    else {
      gc();
      try {
        await activate(p);
        const prepared = p.prepare(id);
        let grads: ArrayLike<number>[] = [];
        const m = measure(
          () => prepared.run(),
          timing,
          (r) => (grads = prepared.grads(r)),
        );
        answer = { cell: { m }, grads: grads.map((g) => Array.from(g)) };
      } catch (e) {
        answer = { cell: { error: e instanceof Error ? e.message : String(e) } };
      }
    }
    parentPort?.postMessage({ answer });
  });
}

/** What times one peer, one workload at a time. */
interface Timer {
  readonly name: PeerName;
  readonly ready: Promise<string[]>;
  time(id: WorkloadId): Promise<WorkloadTiming>;
  close(): void;
}

/**
 * The TF peers asked for: one Python process per thread setting, serving its "eager" and "program" peers (the
 * bench awaits one request at a time, so a process never times two things at once).
 */
function tfTimers(names: readonly PeerName[]): Timer[] {
  const wanted = TF_PEERS.filter((n) => names.includes(n));
  if (!wanted.length) return [];
  const python = tfPython(root);
  const timing = flag('quick') ? QUICK_TIMING : DEFAULT_TIMING;
  const script = path.join(root, 'bench', 'peers', 'tf_server.py');
  const procs = new Map<number, TfProcess>();
  return wanted.map((name): Timer => {
    const threads = name.endsWith('1T') ? 1 : 0;
    if (!python) {
      const why = 'no Python with tensorflow (set GRADIENT_LENS_TF_PYTHON or create .venv-tf)';
      return {
        name,
        ready: Promise.resolve([`${name}: ${why}`]),
        time: async () => ({ cell: { error: why } }),
        close() {},
      };
    }
    let proc = procs.get(threads);
    if (!proc) procs.set(threads, (proc = new TfProcess(python, script, threads)));
    const p = proc;
    let failed: string | undefined;
    const ready = p.ready.then(
      (v) =>
        name.startsWith('TF eager') ? [`${name}: TensorFlow ${v}, ${threads ? '1 thread' : 'default threads'}`] : [],
      (e: Error) => {
        failed = e.message;
        return [`${name}: ${e.message}`];
      },
    );
    return {
      name,
      ready,
      async time(id) {
        if (failed) return { cell: { error: failed } };
        const a = await p.request(id, name.includes('eager') ? 'eager' : 'program', timing);
        if (a.error || !a.samples) return { cell: { error: a.error ?? 'no answer' } };
        const m = {
          samples: a.samples,
          median: a.median as number,
          min: a.min as number,
          max: a.max as number,
          warmupRuns: a.warmupRuns as number,
          first: a.first,
        };
        return { cell: { m }, grads: a.grads };
      },
      close: () => p.close(),
    };
  });
}

/** A peer's timing worker, driven one workload at a time. */
class PeerWorker implements Timer {
  private readonly w: Worker;
  private waiting: ((m: { ready?: string[]; answer?: WorkloadTiming }) => void) | undefined;
  readonly ready: Promise<string[]>;
  constructor(
    readonly name: PeerName,
    young?: number,
  ) {
    const resourceLimits = { ...PRODUCT_WORKER_LIMITS, ...(young ? { maxYoungGenerationSizeMb: young } : {}) };
    this.w = new Worker(__filename, { workerData: { task: 'timing', args, peer: name }, resourceLimits });
    this.w.on('message', (m) => this.waiting?.(m));
    this.ready = new Promise((resolve, reject) => {
      this.waiting = (m) => resolve(m.ready ?? []);
      this.w.on('error', reject);
    });
  }
  time(id: WorkloadId): Promise<WorkloadTiming> {
    return new Promise((resolve) => {
      this.waiting = (m) => m.answer && resolve(m.answer);
      this.w.postMessage(id);
    });
  }
  close(): void {
    void this.w.terminate();
  }
}

/**
 * Every peer in its own worker; workload by workload, each peer in turn (ours API first: the reference for the
 * gradient check), so one workload's numbers come from the same few seconds of machine load.
 */
/** The workloads `--only` names (all by default). */
const selectedWorkloads = () =>
  new Set((opt('only') ?? WORKLOADS.map((w) => w.id).join(',')).split(',') as WorkloadId[]);

async function timeAll(peerNames: readonly PeerName[], young?: number): Promise<Results> {
  const only = selectedWorkloads();
  const order = [...peerNames].sort((a, b) => (a === 'ours API' ? -1 : b === 'ours API' ? 1 : 0));
  const workers: Timer[] = [
    ...order.filter((n) => !TF_PEERS.includes(n as never)).map((name) => new PeerWorker(name, young)),
    ...tfTimers(order),
  ];
  for (const w of workers) for (const n of await w.ready) console.log(`note: ${n}`);
  const results: Results = {};
  try {
    for (const wl of WORKLOADS) {
      if (!only.has(wl.id)) continue;
      const row: Partial<Record<PeerName, Cell>> = (results[wl.id] = {});
      let reference: number[][] | undefined;
      for (const w of workers) {
        const { cell, grads } = await w.time(wl.id);
        if (w.name === 'ours API') {
          reference = grads;
          if (grads) cell.scale = maxAbs(grads);
        } else if (grads && reference) cell.diff = maxAbsDiff(grads, referenceFor(wl.id, w.name, reference));
        row[w.name] = cell;
        const m = cell.m;
        console.log(
          m
            ? `  ${wl.id} ${w.name.padEnd(12)} median ${fmtMs(m.median).padStart(9)}  (min ${fmtMs(m.min)}, max ${fmtMs(m.max)}, ${m.samples.length} reps, ${m.warmupRuns} warm-up)${cell.diff !== undefined ? `  max |Δ| ${cell.diff.toExponential(2)}` : ''}`
            : `  ${wl.id} ${w.name}: FAILED ${cell.error}`,
        );
      }
    }
  } finally {
    for (const w of workers) w.close();
  }
  return results;
}

async function main(): Promise<void> {
  const memoryPeer = opt('memory');
  if (memoryPeer) {
    await inWorker('memory', { peer: memoryPeer });
    console.log(JSON.stringify({ peer: memoryPeer, maxRssMb: maxRssMb() }));
    return;
  }
  // Real TF joins by default when a Python with tensorflow is configured or found (`peers/tf.ts`).
  const tfFound = tfPython(root) !== undefined;
  if (!tfFound && !opt('peers'))
    console.log('note: no Python with tensorflow found; real TF is not a peer in this run');
  const peerNames = (opt('peers')?.split(',') ?? [...PEERS, ...(tfFound ? TF_PEERS : [])]) as PeerName[];
  const young = opt('young') ? Number(opt('young')) : undefined;
  const cpu = os.cpus();
  console.log(
    `Gradient Lens benchmark — ${new Date().toISOString().slice(0, 10)}, ${cpu.length} × ${cpu[0]?.model ?? '?'}, Node ${process.version}, ${os.platform()} ${os.arch()}, load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  const limits = { ...PRODUCT_WORKER_LIMITS, ...(young ? { maxYoungGenerationSizeMb: young } : {}) };
  console.log(`timing worker resource limits: ${JSON.stringify(limits)}`);
  const results = await timeAll(peerNames, young);

  const sys: SystemFacts = {};
  const extra: string[] = [];
  if (!flag('no-system')) {
    try {
      const sizes = productionBuild(root);
      for (const f of sizes.files) {
        extra.push(
          `bundle ${f.name}: ${(f.bytes / 1000).toFixed(1)} kB minified, ${(f.gzip / 1000).toFixed(1)} kB gzip`,
        );
        if (f.name === 'extension.js') sys.extensionBytes = f.bytes;
      }
      const fr = await firstResults(path.join(sizes.dir, 'worker.js'), seedSource(), 5);
      sys.firstResultMs = fr.cached.firstResultMs;
      sys.firstResultColdMs = fr.cold.firstResultMs;
      sys.readyMs = fr.cached.readyMs;
      for (const [label, r] of [
        ['no code cache (first start of a version)', fr.cold],
        ['with the code cache (every later start)', fr.cached],
      ] as const) {
        extra.push(
          `fresh worker, ${label}, production bundle, median of 5: ready ${fmtMs(r.readyMs)}, first seed result ${fmtMs(r.firstResultMs)} (run inside the worker ${fmtMs(r.workerMs)})`,
        );
      }
      // As in the editor after the first start of a version: with the code cache a first worker wrote.
      const cacheDir = mkdtempSync(path.join(os.tmpdir(), 'gl-bench-lukewarm-'));
      await firstResult(path.join(sizes.dir, 'worker.js'), seedSource(), cacheDir, true);
      const cases = [
        { warm: true, pauseMs: 300, what: 'with the built-in warm-up, 300 ms between evaluations (a user typing)' },
        { warm: true, pauseMs: 0, what: 'with the built-in warm-up, back to back' },
        { warm: false, pauseMs: 300, what: 'without the warm-up, 300 ms between evaluations' },
      ];
      for (const { warm, pauseMs, what } of cases) {
        const runs: number[][] = [];
        const firsts: number[] = [];
        for (let i = 0; i < 3; i++) {
          const l = await lukewarm(path.join(sizes.dir, 'worker.js'), seedSource(), warm, cacheDir, { pauseMs });
          runs.push(l.evalMs);
          firsts.push(l.firstResultMs);
        }
        // Per position, the median over the three fresh workers.
        const perRun = runs[0].map((_, i) => median(runs.map((r) => r[i])));
        if (warm && pauseMs > 0) sys.lukewarmMs = perRun;
        if (warm && pauseMs === 0) sys.lukewarmBackToBackMs = perRun;
        extra.push(
          `lukewarm, fresh worker (code cache) ${what}, the editor's run options, seed evaluations 1–10 (worker's time, median of 3 workers): ${perRun.map((v) => v.toFixed(1)).join(', ')} ms; first result ${fmtMs(median(firsts))} after the worker's start`,
        );
      }
      rmSync(cacheDir, { recursive: true, force: true });
    } catch (e) {
      extra.push(`production build / worker start failed: ${e instanceof Error ? e.message : String(e)}`);
    }
    const script = path.join(root, 'dist', 'bench.js');
    for (const p of ['none', ...peerNames.filter((n) => !TF_PEERS.includes(n as never))]) {
      const r = peakMemory(script, p);
      extra.push(
        `peak RSS, ${p === 'none' ? 'bench process with nothing run' : `every workload twice with ${p}`}: ${r.error ? `failed (${r.error.trim()})` : `${r.maxRssMb.toFixed(0)} MB`}`,
      );
    }
  }

  const onDemand: string[] = [];
  try {
    const w2 = w2ReportSizes();
    sys.w2ReportBytes = w2.boundedBytes;
    onDemand.push(
      `W2 report: the editor's (bounded) ${(w2.boundedBytes / 1000).toFixed(1)} kB in ${fmtMs(w2.boundedMs)} (run and report); full (run --json) ${(w2.fullBytes / 1000).toFixed(1)} kB in ${fmtMs(w2.fullMs)}; asked later: tape graphs ${fmtMs(w2.graphsMs)}, explanation ${fmtMs(w2.explanationMs)}`,
    );
    const rt = reportTimes((['W1', 'W3', 'W4', 'W5', 'W6'] as const).filter((id) => selectedWorkloads().has(id)));
    if (rt.length)
      onDemand.push(
        `ours interp times the editor's evaluation (bounded report); the full report (run --json) of the same program, medians of 5 on the main thread: ${rt.map((r) => `${r.id} ${fmtMs(r.boundedMs)} → ${fmtMs(r.fullMs)}`).join(', ')}`,
      );
    const keys = await keystrokeToReport(path.join(root, 'dist', 'worker.js'), seedSource(), flag('quick') ? 5 : 15);
    if (keys.length) {
      sys.keystrokeToLensMs = median(keys);
      onDemand.push(
        `keystroke to lens, seed, 300 ms debounce (edit → report in the host; the lenses show it then, the hints ~25 ms later): median ${fmtMs(median(keys))}, min ${fmtMs(Math.min(...keys))}, max ${fmtMs(Math.max(...keys))} over ${keys.length} edits`,
      );
    }
  } catch (e) {
    onDemand.push(`on-demand measurements failed: ${e instanceof Error ? e.message : String(e)}`);
  }

  console.log('');
  for (const line of onDemand) console.log(line);
  console.log('');
  console.log('Medians:');
  console.log(table(results));
  console.log('');
  console.log('Fastest repetition (less sensitive to other load on the machine):');
  console.log(table(results, 'min'));
  console.log('');
  const tf = tfTable(results);
  if (tf.split('\n').length > 2) {
    console.log('Against real TensorFlow eager (medians; first call = the first run of the workload in its process):');
    console.log(tf);
    console.log('');
    console.log('Against real TensorFlow eager, fastest repetition:');
    console.log(tfTable(results, 'min'));
    console.log('');
  }
  for (const e of extra) console.log(e);
  console.log('');
  for (const t of targets(results, sys)) console.log(t);
  const json = opt('json');
  if (json) writeFileSync(json, JSON.stringify({ date: new Date().toISOString(), results, sys, extra }, null, 1));
}

/**
 * What a peer's gradients are compared with. The interpreter's seed program binds only the last three results
 * (dz_dx = 108, dy_dx = 3, d2y_dx2 = 6), so its W1 reference is that subset of the API's six.
 */
function referenceFor(id: WorkloadId, peer: PeerName, ref: ArrayLike<number>[]): ArrayLike<number>[] {
  // TF's peers read the program's gradients back as the interpreter's check does.
  if (peer !== 'ours interp' && !TF_PEERS.includes(peer as never)) return ref;
  if (id === 'W1') return [ref[1], ref[4], ref[5]];
  const thin = programOf(id).thin;
  return thin ? ref.map((g) => Array.from(g).filter((_, i) => i % thin === 0)) : ref;
}

if (isMainThread) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
} else {
  const { task, peer } = workerData as { task: 'timing' | 'memory'; peer: string };
  // Our peers run as the engine's worker does: with the matrix-product helper thread when there is a second core.
  if (peer.startsWith('ours') && !args.includes('--no-helper')) offerComputeHelper(computeHelperFile(__dirname));
  if (task === 'timing') void timingTask(peer as PeerName);
  else
    memoryTask(peer).then(
      () => parentPort?.postMessage({ done: true }),
      (e) => {
        throw e;
      },
    );
}
