/**
 * Worker recovery with the real worker thread (the bundled `worker.node.ts`, built here with esbuild): the
 * scheduler and the Node transport recover from a worker that hangs (test hook: it spins in native code) and from
 * one that exits; a worker without test hooks ignores them; a large run gets the worker replaced, and the new
 * worker's memory is back at the baseline.
 *
 * Memory policy (documented in the README): V8 gives memory back lazily, so instead of waiting for a GC the host
 * replaces a worker whose heap plus tensor data after a run is above `RECYCLE_ABOVE_MB` (or whose run allocated
 * more): the next run starts from a fresh worker, at the baseline by construction.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import * as zlib from 'node:zlib';
import * as esbuild from 'esbuild';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type Job, type Outcome, Scheduler } from '../../src/extension/core/scheduler';
import { CodeCache, crc32Table } from '../../src/worker/codeCache.node';
import { nodeTransport } from '../../src/worker/transport.node';

let dir = '';
let workerPath = '';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gl-worker-'));
  workerPath = join(dir, 'worker.js');
  for (const [entry, out] of [
    ['worker.node.ts', workerPath],
    ['boot.node.ts', join(dir, 'workerBoot.js')],
  ]) {
    await esbuild.build({
      entryPoints: [join(__dirname, '../../src/worker', entry)],
      outfile: out,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      logLevel: 'warning',
    });
  }
}, 60_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function setup(testHooks: boolean, recycleAboveMb = 0, transport = nodeTransport({ workerPath, testHooks })) {
  const logs: string[] = [];
  const outcomes: Outcome['kind'][] = [];
  const s = new Scheduler<null>({
    transport,
    debounceMs: () => 0,
    graceMs: 1500,
    staleKillMs: 0,
    recycleAboveMb,
    log: {
      trace() {},
      debug() {},
      info: (m) => logs.push(`info ${m}`),
      warn: (m) => logs.push(`warn ${m}`),
      error: (m) => logs.push(`error ${m}`),
    },
    onOutcome: (_j, o) => outcomes.push(o.kind),
  });
  return { s, logs, outcomes };
}

let version = 0;
// Jobs that should finish get a budget no busy machine reaches; only the hang test sets a short one.
const job = (source: string, timeBudgetMs = 30_000): Job<null> => ({
  uri: 'file:///w.py',
  version: String(++version),
  input: { kind: 'python', cells: [{ source }] },
  options: { timeBudgetMs },
  data: null,
});

const GRADIENT =
  'import tensorflow as tf\nx = tf.constant(3.0)\nwith tf.GradientTape() as t:\n    t.watch(x)\n    y = x * x\ng = t.gradient(y, x)\n';

async function expectGradient(s: Scheduler<null>): Promise<void> {
  const o = await s.schedule(job(GRADIENT), { immediate: true });
  expect(o.kind).toBe('report');
  if (o.kind === 'report') expect(o.report.gradients[0].results[0].result?.value).toBe(6);
}

describe('the real engine worker', () => {
  test('a worker that hangs is terminated after budget + grace and replaced; the next run is normal', async () => {
    const { s, logs } = setup(true);
    try {
      await expectGradient(s);
      s.testHook('hang');
      const t0 = performance.now();
      const o = await s.schedule(job(GRADIENT, 500), { immediate: true });
      const ms = performance.now() - t0;
      expect(o.kind).toBe('timeout');
      expect(ms).toBeGreaterThanOrEqual(1900);
      expect(logs).toContain('warn engine worker terminated: no answer within 2000 ms');
      await expectGradient(s);
      expect(s.workersStarted).toBe(2);
    } finally {
      s.dispose();
    }
  }, 60_000);

  test('a worker that exits is replaced; the run in flight ends as a crash; the next run is normal', async () => {
    const { s, logs } = setup(true);
    try {
      await expectGradient(s);
      s.testHook('exit');
      const o = await s.schedule(job(GRADIENT), { immediate: true });
      // The exit may land before the run is posted (then the run goes to a new worker) or while it waits.
      if (o.kind === 'crash') expect(o.message).toBe('worker exited with code 3');
      else expect(o.kind).toBe('report');
      expect(logs.some((l) => l.startsWith('warn engine worker stopped: worker exited with code 3'))).toBe(true);
      await expectGradient(s);
      expect(s.workersStarted).toBe(2);
    } finally {
      s.dispose();
    }
  }, 60_000);

  test('without test hooks (every worker outside the extension tests) the hooks are ignored', async () => {
    const { s } = setup(false);
    try {
      s.testHook('hang');
      s.testHook('exit');
      await expectGradient(s);
      await expectGradient(s);
      expect(s.workersStarted).toBe(1);
    } finally {
      s.dispose();
    }
  }, 60_000);

  test('a large run gets the worker replaced, and memory is back at the baseline', async () => {
    const { s, logs } = setup(false, 256);
    try {
      await expectGradient(s);
      const baseline = await s.stats();
      expect(baseline).toBeDefined();
      // ~400 MB of tensors kept alive until the end of the run.
      const big = 'import tensorflow as tf\nxs = [tf.ones((1000, 1000)) for _ in range(100)]\n';
      const o = await s.schedule(job(big, 20_000), { immediate: true });
      expect(o.kind).toBe('report');
      expect(logs.some((l) => l.startsWith('info engine worker replaced after a large run'))).toBe(true);
      expect(s.counts.recycled).toBe(1);
      await expectGradient(s);
      const after = await s.stats();
      expect(s.workersStarted).toBe(2);
      if (baseline?.heapUsedMb === undefined || after?.heapUsedMb === undefined) throw new Error('no stats');
      if (baseline.externalMb === undefined || after.externalMb === undefined) throw new Error('no stats');
      // A fresh worker after the same small run: its memory is within a few MB of the first one's.
      expect(after.heapUsedMb + after.externalMb).toBeLessThan(baseline.heapUsedMb + baseline.externalMb + 32);
      console.log(
        `[worker memory] baseline heap ${baseline.heapUsedMb.toFixed(1)} MB + outside ${baseline.externalMb.toFixed(1)} MB; ` +
          `after a 400 MB run and the replacement: heap ${after.heapUsedMb.toFixed(1)} MB + outside ${after.externalMb.toFixed(1)} MB`,
      );
    } finally {
      s.dispose();
    }
  }, 60_000);

  test("(measurement) without replacement, the same worker still holds the large run's memory", async () => {
    const { s } = setup(false, 0);
    try {
      await expectGradient(s);
      const big = 'import tensorflow as tf\nxs = [tf.ones((1000, 1000)) for _ in range(100)]\n';
      await s.schedule(job(big, 20_000), { immediate: true });
      await expectGradient(s);
      const kept = await s.stats();
      console.log(
        `[worker memory] same worker after the 400 MB run: heap ${kept?.heapUsedMb?.toFixed(1)} MB + outside ${kept?.externalMb?.toFixed(1)} MB`,
      );
      expect(kept).toBeDefined();
    } finally {
      s.dispose();
    }
  }, 60_000);
});

describe("V8's code cache for the engine bundle", () => {
  /**
   * One evaluation by a fresh worker whose transport keeps its cache in `cacheDir`; resolves with the cache files
   * the transport wrote (waiting for one when `expectWrite`, else giving the worker time to write one it should not).
   */
  async function evaluateWithCache(cacheDir: string, expectWrite: boolean): Promise<string[]> {
    const written: string[] = [];
    const { s } = setup(
      false,
      0,
      nodeTransport({ workerPath, codeCacheDir: cacheDir, onCodeCache: (f) => written.push(f) }),
    );
    try {
      await expectGradient(s);
      if (expectWrite) {
        for (let i = 0; i < 1600 && written.length === 0; i++) await new Promise((r) => setTimeout(r, 25));
      } else await new Promise((r) => setTimeout(r, 300));
      return written;
    } finally {
      s.dispose();
    }
  }

  test('the first worker writes the cache after its first run; a later worker loads it and writes nothing', async () => {
    const cacheDir = join(dir, 'cache-1');
    const written = await evaluateWithCache(cacheDir, true);
    expect(written).toHaveLength(1);
    expect(written[0]).toMatch(/worker-[0-9a-f]{16}-[0-9a-f]{8}\.v8cache$/);
    // V8's code cache covers the functions the first run compiled: far more than the bundle's top level.
    expect(statSync(written[0]).size).toBeGreaterThan(100_000);
    expect(await evaluateWithCache(cacheDir, false)).toEqual([]);
    expect(readdirSync(cacheDir)).toEqual([basename(written[0])]);
  }, 60_000);

  test("the checksum without zlib's CRC-32 (Node before 20.15) is the same CRC-32", () => {
    const zlibCrc = (zlib as { crc32?: (data: string | Uint8Array, value?: number) => number }).crc32;
    // The check value of CRC-32 (zlib's polynomial), and the empty input.
    expect(crc32Table('123456789')).toBe(0xcbf43926);
    expect(crc32Table(new Uint8Array(0))).toBe(0);
    if (!zlibCrc) return;
    let seed = 7;
    for (let n = 0; n < 300; n += 7) {
      const bytes = new Uint8Array(n * 13);
      for (let i = 0; i < bytes.length; i++) bytes[i] = (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24;
      expect(crc32Table(bytes)).toBe(zlibCrc(bytes));
      expect(crc32Table(bytes, 0xdeadbeef)).toBe(zlibCrc(bytes, 0xdeadbeef));
    }
    const text = `v20.20.2 x64\n∂z/∂x = 8 — ${'é'.repeat(50)}`;
    expect(crc32Table(text)).toBe(zlibCrc(text));
    expect(crc32Table(text, crc32Table('prefix'))).toBe(zlibCrc(text, zlibCrc('prefix')));
  });

  test('a damaged cache fails its checksum (V8 would abort the process): the worker runs without it and replaces it', async () => {
    const cacheDir = join(dir, 'cache-2');
    const [file] = await evaluateWithCache(cacheDir, true);
    const bad = Buffer.from(readFileSync(file));
    for (let i = 64; i < bad.length; i += 7) bad[i] ^= 0x5a;
    writeFileSync(file, bad);
    expect(await evaluateWithCache(cacheDir, true)).toEqual([file]);
    expect(readFileSync(file).equals(bad)).toBe(false);
  }, 60_000);

  test("another bundle's cache is not loaded, and is removed when the new one is written", async () => {
    const cacheDir = join(dir, 'cache-3');
    mkdirSync(cacheDir, { recursive: true });
    writeFileSync(join(cacheDir, 'worker-0000000000000000-00000000.v8cache'), 'not a cache');
    const written = await evaluateWithCache(cacheDir, true);
    expect(readdirSync(cacheDir)).toEqual([basename(written[0])]);
  }, 60_000);

  test('a start with the cache that never finished (its host is gone) drops the cache instead of loading it', async () => {
    const cacheDir = join(dir, 'cache-4');
    const [file] = await evaluateWithCache(cacheDir, true);
    // The mark a host leaves while its worker loads the cache, from a process that no longer exists.
    const dead = spawnSync(process.execPath, ['-e', '0']).pid;
    writeFileSync(`${file}.loading-${dead}`, '');
    expect(await evaluateWithCache(cacheDir, true)).toEqual([file]);
    expect(readdirSync(cacheDir)).toEqual([basename(file)]);
    expect(readFileSync(file).length).toBeGreaterThan(100_000);
  }, 60_000);

  test("a mark with this process's pid that this process did not make (a crashed host's pid reused) drops the cache", async () => {
    const cacheDir = join(dir, 'cache-5');
    const [file] = await evaluateWithCache(cacheDir, true);
    writeFileSync(`${file}.loading-${process.pid}-999999`, '');
    expect(await evaluateWithCache(cacheDir, true)).toEqual([file]);
    expect(readdirSync(cacheDir)).toEqual([basename(file)]);
  }, 60_000);

  test("each start settles only its own mark (an old worker's exit does not clear a new start's)", async () => {
    const cacheDir = join(dir, 'cache-6');
    const [file] = await evaluateWithCache(cacheDir, true);
    const cache = new CodeCache(workerPath, cacheDir);
    const first = cache.start();
    const second = cache.start();
    expect(first.boot.cache?.byteLength).toBeGreaterThan(100_000);
    const marks = () => readdirSync(cacheDir).filter((f) => f.includes('.loading-'));
    expect(marks()).toHaveLength(2);
    first.mark.settle();
    expect(marks()).toHaveLength(1);
    // A third start in this process still trusts the cache: the open mark is its own process's.
    expect(new CodeCache(workerPath, cacheDir).start().boot.cache).toBeDefined();
    second.mark.settle();
    expect(readdirSync(cacheDir).filter((f) => f.includes('.loading-'))).toHaveLength(1);
    expect(readdirSync(cacheDir)).toContain(basename(file));
  }, 60_000);

  test('an engine bundle that cannot be read ends the worker at once, as a crash the scheduler handles', async () => {
    const exits: string[] = [];
    const t = nodeTransport({ workerPath: join(dir, 'missing', 'worker.js') })({
      onMessage: () => {},
      onExit: (reason) => exits.push(reason),
    });
    expect(exits).toEqual([]);
    for (let i = 0; i < 1000 && exits.length === 0; i++) await new Promise((r) => setTimeout(r, 25));
    await new Promise((r) => setTimeout(r, 50));
    expect(exits).toHaveLength(1);
    expect(exits[0]).toMatch(/^worker error: ENOENT/);
    t.terminate();
  });
});
