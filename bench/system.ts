/**
 * What the editor feels besides throughput: production bundle sizes, time from starting a fresh worker to the
 * seed's first result, and peak memory per peer (each peer in a child process of its own).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { gzipSync } from 'node:zlib';
import type { RunRequest, WorkerToHost } from '../src/protocol/messages';
import { WORKER_RESOURCE_LIMITS } from '../src/worker/limits';
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
  const files = ['extension.js', 'worker.js', 'cli.js']
    .filter((f) => existsSync(path.join(dir, f)))
    .map((name) => {
      const p = path.join(dir, name);
      return { name, bytes: statSync(p).size, gzip: gzipSync(readFileSync(p)).length };
    });
  return { dir, files };
}

export interface FirstResult {
  /** `new Worker()` → the worker's `ready` message (bundle loaded and evaluated). */
  readyMs: number;
  /** `new Worker()` → the seed's report back in the host. */
  firstResultMs: number;
  /** The worker's own time for the run (`workerMs` of the result message). */
  workerMs: number;
}

/** Start a fresh worker (as the extension does), send the seed once, time the first result. */
export function firstResult(workerPath: string, source: string): Promise<FirstResult> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    let readyMs = Number.NaN;
    const worker = new Worker(workerPath, { resourceLimits: PRODUCT_WORKER_LIMITS });
    worker.on('message', (msg: WorkerToHost) => {
      if (msg.type === 'ready') {
        readyMs = performance.now() - t0;
        const req: RunRequest = { type: 'run', id: 1, input: { kind: 'python', cells: [{ source }] }, options: {} };
        worker.postMessage(req);
      } else if (msg.type === 'result') {
        const firstResultMs = performance.now() - t0;
        void worker.terminate();
        resolve({ readyMs, firstResultMs, workerMs: msg.workerMs });
      } else if (msg.type === 'failure') {
        void worker.terminate();
        reject(new Error(`worker failure: ${msg.message}`));
      }
    });
    worker.on('error', reject);
  });
}

export async function firstResults(workerPath: string, source: string, times: number): Promise<FirstResult> {
  const rs: FirstResult[] = [];
  for (let i = 0; i < times; i++) rs.push(await firstResult(workerPath, source));
  return {
    readyMs: median(rs.map((r) => r.readyMs)),
    firstResultMs: median(rs.map((r) => r.firstResultMs)),
    workerMs: median(rs.map((r) => r.workerMs)),
  };
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
