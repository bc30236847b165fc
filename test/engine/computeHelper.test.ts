/**
 * Big float32 products shared with a helper thread (src/engine/kernels/computeHelper.ts): a real helper (the
 * `computeHelper.node.ts` entry, bundled with the kernels into a temp dir and run as a worker thread) must give the
 * bits of the one-thread product, whatever share of the blocks each thread takes, for every transpose and for
 * edge sizes; a product given up mid-way (the run's budget) must not spoil the next; and a helper that claims a
 * block and never finishes must cost time, never a number. The references are the one-thread results, computed
 * before any helper exists: the products checked against the float64 product within float32 accumulation error,
 * the unary functions bit for bit against the TypeScript port of Eigen's packet code.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { bundleWithKernels } from '../../bench/bundle.mjs';
import { compileKernels } from '../../scripts/kernels.mjs';
import {
  SHARE_BYTES,
  SHARE_MIN_WORK,
  setComputeHelperFactory,
  shareCounts,
} from '../../src/engine/kernels/computeHelper';
import { EIGEN_UNARY } from '../../src/engine/kernels/eigenF32';
import { batchMatmulWasmF32 } from '../../src/engine/kernels/matmul';
import { unaryF32 } from '../../src/engine/kernels/unaryWasm';
import { instantiateKernels, setWasmKernels, type WasmKernels } from '../../src/engine/kernels/wasm';
import { session } from '../../src/engine/session';
import { xorshift32 } from '../xorshift';

let wasm: WasmKernels;
let dir = '';
let helperFile = '';
const workers: Worker[] = [];

beforeAll(async () => {
  wasm = instantiateKernels((await compileKernels()) as Uint8Array<ArrayBuffer>);
  setWasmKernels(wasm);
  dir = mkdtempSync(join(tmpdir(), 'gl-share-'));
  helperFile = join(dir, 'computeHelper.js');
  await bundleWithKernels(join(__dirname, '../../src/worker/computeHelper.node.ts'), helperFile);
}, 120_000);

afterAll(async () => {
  setComputeHelperFactory(null);
  setWasmKernels(null);
  await Promise.all(workers.map((w) => w.terminate()));
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Starts `file` as the helper of the next shared products. */
function useHelper(file: string): void {
  setComputeHelperFactory(() => {
    const sab = new SharedArrayBuffer(SHARE_BYTES);
    workers.push(new Worker(file, { workerData: { sab } }));
    return sab;
  });
}

function values(n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  const next = xorshift32(seed);
  for (let i = 0; i < n; i++) out[i] = (next() / 2 ** 32 - 0.5) * 4;
  return out;
}

type Case = { m: number; k: number; n: number; ta: boolean; tb: boolean; batch: number };
const CASES: Case[] = [
  { m: 256, k: 256, n: 256, ta: false, tb: false, batch: 1 },
  { m: 256, k: 300, n: 130, ta: true, tb: false, batch: 1 },
  { m: 203, k: 260, n: 257, ta: false, tb: true, batch: 1 },
  { m: 130, k: 513, n: 131, ta: true, tb: true, batch: 2 },
  { m: 9, k: 4000, n: 300, ta: false, tb: false, batch: 1 },
];
const operands = (c: Case) => [values(c.batch * c.m * c.k, c.m + c.k), values(c.batch * c.k * c.n, c.n + 7)] as const;
const product = (c: Case, a: Float32Array, b: Float32Array) =>
  batchMatmulWasmF32(wasm, a, b, c.batch, null, null, c.m, c.k, c.n, c.ta, c.tb);

/** The first index where the two arrays' bits differ (or their lengths do), -1 when none. */
function firstDifference(x: Float32Array, y: Float32Array): number {
  const a = new Uint32Array(x.buffer, x.byteOffset, x.length);
  const b = new Uint32Array(y.buffer, y.byteOffset, y.length);
  if (a.length !== b.length) return Math.min(a.length, b.length);
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return i;
  return -1;
}

/** The one-thread products, and each within float32 accumulation error of the float64 product. */
const reference = new Map<Case, Float32Array>();

describe('products shared with a helper thread', () => {
  test('one thread: the references, close to the float64 products', () => {
    setComputeHelperFactory(null);
    for (const c of CASES) {
      expect(c.m * c.k * c.n).toBeGreaterThanOrEqual(SHARE_MIN_WORK);
      const [a, b] = operands(c);
      const out = product(c, a, b);
      for (let bi = 0; bi < c.batch; bi++)
        for (let i = 0; i < c.m; i += 7)
          for (let j = 0; j < c.n; j += 5) {
            let exact = 0;
            let abs = 0;
            for (let p = 0; p < c.k; p++) {
              const x = c.ta ? a[bi * c.m * c.k + p * c.m + i] : a[bi * c.m * c.k + i * c.k + p];
              const y = c.tb ? b[bi * c.k * c.n + j * c.k + p] : b[bi * c.k * c.n + p * c.n + j];
              exact += x * y;
              abs += Math.abs(x * y);
            }
            expect(Math.abs(out[bi * c.m * c.n + i * c.n + j] - exact)).toBeLessThanOrEqual(c.k * 2 ** -24 * abs);
          }
      reference.set(c, out);
    }
  });

  test('with the helper: the same bits, before it has started and once it takes blocks', async () => {
    useHelper(helperFile);
    for (let round = 0; round < 3; round++) {
      for (const c of CASES) {
        const [a, b] = operands(c);
        expect(firstDifference(product(c, a, b), reference.get(c)!)).toBe(-1);
      }
      // Give the helper time to start and to be waiting for the next product.
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(shareCounts.jobs).toBe(3 * CASES.reduce((s, c) => s + c.batch, 0));
    expect(shareCounts.helperBlocks).toBeGreaterThan(0);
    expect(shareCounts.stalls).toBe(0);
  });

  test('the unary functions with the helper: the bits of the TypeScript port, in every block and the tail', async () => {
    const n = 300_005;
    const x = values(n, 99);
    const jobs = shareCounts.jobs;
    const blocks = shareCounts.helperBlocks;
    for (let round = 0; round < 2; round++) {
      for (const op of EIGEN_UNARY.values()) {
        const got = unaryF32(wasm, op.code, x);
        const want = Float32Array.from(x.subarray(0, n - (n % 8)), op.packet);
        // NaN payloads aside (the WebAssembly log's NaN has all bits set, as Eigen's does): the same bits.
        const at = want.findIndex((v, i) => !(Object.is(v, got[i]) || (Number.isNaN(v) && Number.isNaN(got[i]))));
        expect(at, `op ${op.code}`).toBe(-1);
        expect(Object.is(got[n - 1], Math.fround(op.scalar(x[n - 1])))).toBe(true);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(shareCounts.jobs - jobs).toBe(2 * EIGEN_UNARY.size);
    expect(shareCounts.helperBlocks).toBeGreaterThan(blocks);
  });

  test('a product given up mid-way (the run stops) leaves the next products exact', async () => {
    const c = CASES[0];
    const [a, b] = operands(c);
    // The run's budget check stops the product at its first poll: after the first block this thread computes, or
    // in its first wait for the helper. (Were the helper to take every block and finish them before this thread
    // looks, the product would complete without a poll: it is tried again, so how the threads are scheduled on a
    // busy machine cannot decide the outcome.)
    let stopped = 0;
    session.poll = () => {
      throw new Error('budget');
    };
    try {
      for (let attempt = 0; attempt < 10 && stopped === 0; attempt++) {
        try {
          product(c, a, b);
        } catch (e) {
          expect((e as Error).message).toBe('budget');
          stopped++;
        }
      }
    } finally {
      session.poll = undefined;
    }
    expect(stopped).toBe(1);
    for (const d of CASES) {
      const [x, y] = operands(d);
      expect(firstDifference(product(d, x, y), reference.get(d)!)).toBe(-1);
    }
    await new Promise((r) => setTimeout(r, 50));
  });

  test('a helper that claims a block and never finishes it: the engine computes it, and shares no more', async () => {
    // A stand-in helper that follows the claim protocol once (word 0: job << 8 | next block; word 7: blocks) and
    // then stops for good.
    const stuck = join(dir, 'stuck.js');
    writeFileSync(
      stuck,
      `const { workerData } = require('node:worker_threads');
const ctrl = new Int32Array(workerData.sab, 0, 16);
for (;;) {
  const w = Atomics.load(ctrl, 0);
  if (w >>> 8 !== 0 && (w & 255) < ctrl[7]) { if (Atomics.compareExchange(ctrl, 0, w, w + 1) === w) break; }
  else Atomics.wait(ctrl, 0, w);
}
Atomics.wait(ctrl, 15, 0);
`,
    );
    useHelper(stuck);
    const c = CASES[0];
    const [a, b] = operands(c);
    // The first product starts the stand-in; the second finds it waiting, and it takes a block.
    expect(firstDifference(product(c, a, b), reference.get(c)!)).toBe(-1);
    await new Promise((r) => setTimeout(r, 200));
    const stalls = shareCounts.stalls;
    for (let i = 0; i < 2; i++) expect(firstDifference(product(c, a, b), reference.get(c)!)).toBe(-1);
    // Given up at most once (not at all when this thread took every block before the stand-in woke).
    expect(shareCounts.stalls - stalls).toBeLessThanOrEqual(1);
  }, 30_000);
});
