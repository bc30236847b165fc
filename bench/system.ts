/**
 * What the editor feels besides throughput: production bundle sizes, time from starting a fresh worker to the
 * seed's first result, and peak memory per peer (each peer in a child process of its own).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { RunRequest, WorkerToHost } from '../src/protocol/messages';
import { WORKER_RESOURCE_LIMITS } from '../src/worker/limits';
import { nodeTransport } from '../src/worker/transport.node';
import { editorOptions } from './peers/python';
import { median } from './timing';

/** The engine worker's limits in the extension (src/worker/transport.node.ts): keep in step with it. */
export const PRODUCT_WORKER_LIMITS = WORKER_RESOURCE_LIMITS;

export interface BundleSizes {
  dir: string;
  files: { name: string; bytes: number; gzip: number }[];
}

/** `node scripts/build.mjs --production` into a temporary directory (dist/ keeps the development build). */
export function productionBuild(root: string): BundleSizes {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gl-bench-'));
  execFileSync(process.execPath, ['scripts/build.mjs', '--production', `--outdir=${dir}`], {
    cwd: root,
    stdio: 'pipe',
  });
  const files = ['extension.js', 'worker.js', 'workerBoot.js', 'cli.js', 'cliMain.js']
    .filter((f) => existsSync(path.join(dir, f)))
    .map((name) => {
      const p = path.join(dir, name);
      return { name, bytes: statSync(p).size, gzip: gzipSync(readFileSync(p)).length };
    });
  return { dir, files };
}

export interface FirstResult {
  /** Start of the worker → its `ready` message (bundle compiled and evaluated). */
  readyMs: number;
  /** Start of the worker → the seed's report back in the host. */
  firstResultMs: number;
  /** The worker's own time for the run (`workerMs` of the result message). */
  workerMs: number;
}

/**
 * Start a fresh worker through the product's transport (boot script, code cache in `cacheDir` when given), send the
 * seed once, time the first result. Resolves after the worker wrote its code cache when `waitForCache`.
 */
export function firstResult(
  workerPath: string,
  source: string,
  cacheDir?: string,
  waitForCache = false,
): Promise<FirstResult> {
  // The transport unrefs its worker (it must not keep the editor alive): keep this process up meanwhile.
  const alive = setInterval(() => {}, 1000);
  return new Promise<FirstResult>((resolve, reject) => {
    let readyMs = Number.NaN;
    let answer: FirstResult | undefined;
    let cached = false;
    const done = () => {
      if (!answer || (waitForCache && !cached)) return;
      transport.terminate();
      resolve(answer);
    };
    const t0 = performance.now();
    const transport = nodeTransport({
      workerPath,
      codeCacheDir: cacheDir,
      onCodeCache: () => {
        cached = true;
        done();
      },
    })({
      onMessage(msg: WorkerToHost) {
        if (msg.type === 'ready') {
          readyMs = performance.now() - t0;
          const req: RunRequest = { type: 'run', id: 1, input: { kind: 'python', cells: [{ source }] }, options: {} };
          transport.send(req);
        } else if (msg.type === 'result') {
          answer = { readyMs, firstResultMs: performance.now() - t0, workerMs: msg.workerMs };
          done();
        } else if (msg.type === 'failure') {
          transport.terminate();
          reject(new Error(`worker failure: ${msg.message}`));
        }
      },
      onExit: (reason) => reject(new Error(reason)),
    });
  }).finally(() => clearInterval(alive));
}

export interface Lukewarm {
  /** The worker's own time (`workerMs`) for each of the first evaluations of the seed, in order. */
  evalMs: number[];
  /** Start of the worker → the first evaluation's report back in the host. */
  firstResultMs: number;
}

/**
 * A fresh worker (production bundle, with the code cache when `cacheDir` holds one): the seed sent `times` times
 * with the editor's options, each evaluation's time as the worker measured it. `pauseMs` 0 sends each as soon as the
 * previous result is back; a pause stands for the user: the editor evaluates after a 300 ms pause in typing.
 * `warmUp: false` starts the worker without its built-in warm-up, for comparison.
 */
export function lukewarm(
  workerPath: string,
  source: string,
  warmUp: boolean,
  cacheDir?: string,
  { times = 10, pauseMs = 0 } = {},
) {
  const alive = setInterval(() => {}, 1000);
  return new Promise<Lukewarm>((resolve, reject) => {
    const evalMs: number[] = [];
    let firstResultMs = Number.NaN;
    const t0 = performance.now();
    const send = (id: number) => {
      const req: RunRequest = {
        type: 'run',
        id,
        input: { kind: 'python', cells: [{ source }] },
        options: editorOptions(),
        keep: { document: 'seed.py', key: `seed.py@${id}` },
      };
      transport.send(req);
    };
    const transport = nodeTransport({ workerPath, codeCacheDir: cacheDir, warmUp })({
      onMessage(msg: WorkerToHost) {
        if (msg.type === 'ready') send(1);
        else if (msg.type === 'result') {
          if (evalMs.length === 0) firstResultMs = performance.now() - t0;
          evalMs.push(msg.workerMs);
          const next = evalMs.length + 1;
          if (evalMs.length < times) {
            if (pauseMs > 0) setTimeout(() => send(next), pauseMs);
            else send(next);
          } else {
            transport.terminate();
            resolve({ evalMs, firstResultMs });
          }
        } else if (msg.type === 'failure') {
          transport.terminate();
          reject(new Error(`worker failure: ${msg.message}`));
        }
      },
      onExit: (reason) => reject(new Error(reason)),
    });
  }).finally(() => clearInterval(alive));
}

export interface FirstResults {
  /** No code cache (the first start of a version, or a host without storage). */
  cold: FirstResult;
  /** With the code cache the first start wrote: every later start of the same version. */
  cached: FirstResult;
}

/** Medians of `times` fresh workers without a code cache, then of `times` with the one the first of them wrote. */
export async function firstResults(workerPath: string, source: string, times: number): Promise<FirstResults> {
  const med = (rs: FirstResult[]): FirstResult => ({
    readyMs: median(rs.map((r) => r.readyMs)),
    firstResultMs: median(rs.map((r) => r.firstResultMs)),
    workerMs: median(rs.map((r) => r.workerMs)),
  });
  const cacheDir = mkdtempSync(path.join(os.tmpdir(), 'gl-bench-cache-'));
  try {
    const cold: FirstResult[] = [];
    for (let i = 0; i < times; i++) cold.push(await firstResult(workerPath, source));
    await firstResult(workerPath, source, cacheDir, true);
    const cached: FirstResult[] = [];
    for (let i = 0; i < times; i++) cached.push(await firstResult(workerPath, source, cacheDir));
    return { cold: med(cold), cached: med(cached) };
  } finally {
    rmSync(cacheDir, { recursive: true, force: true });
  }
}

export interface MemoryResult {
  peer: string;
  maxRssMb: number;
  error?: string;
}

/** Peak RSS of a child process that runs every workload twice with one peer (`--memory=<peer>`). */
export function peakMemory(benchScript: string, peer: string): MemoryResult {
  const r = spawnSync(process.execPath, [benchScript, `--memory=${peer}`], { encoding: 'utf8', timeout: 600_000 });
  const line = r.stdout?.split('\n').find((l) => l.startsWith('{'));
  if (r.status !== 0 || !line) return { peer, maxRssMb: Number.NaN, error: (r.stderr || r.stdout || '').slice(-300) };
  return JSON.parse(line) as MemoryResult;
}

/** In the child: this process's peak RSS so far. */
export function maxRssMb(): number {
  return process.resourceUsage().maxRSS / 1024;
}
