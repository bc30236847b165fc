/**
 * Big float32 matrix products shared with a helper thread. The host (the engine's worker, the CLI, the benchmark)
 * may give the engine a factory that starts a helper — a thread running `serveMatmulHelper` with the kernels of
 * its own — and returns the SharedArrayBuffer both threads work in; without one (a browser without cross-origin
 * isolation, the tests of everything else) every product runs on the engine's thread.
 *
 * A product is cut into blocks of output rows. The engine copies both operands into the buffer, publishes the job,
 * and takes blocks itself; the helper takes blocks too, from its own copy of the operands, and writes its rows into
 * the buffer. Blocks are claimed through one atomic word, `(job << 8) | next block`, so a helper that wakes late,
 * or is busy elsewhere, simply gets fewer blocks (none at all when the engine was faster), and a claim made with a
 * stale job fails. Each row is computed as on one thread (`matmulF32.ts`), so sharing never changes a bit. The
 * engine waits only for blocks the helper has claimed; a helper that makes no progress for `STALL_MS` is given up:
 * the engine computes its blocks and shares no more.
 */
import { session } from '../session';
import { gemmF32Rows, loadF32Operands } from './matmulF32';
import type { WasmKernels } from './wasm';

/** From this many multiply-adds a product is shared (≈ 0.5 ms on one thread: the copies and the wake-up pay). */
export const SHARE_MIN_WORK = 1 << 23;
/** Blocks a product is cut into (at most; blocks are whole panels of 4 rows). */
export const SHARE_BLOCKS = 8;
/** Bytes of the buffer a host allocates: the operands and result of a product must fit (pages are touched lazily). */
export const SHARE_BYTES = 64 * 1024 * 1024;
/** A helper with no finished block for this long is given up (the engine computes its blocks itself). */
export const STALL_MS = 3000;

// Control words (Int32) at the start of the buffer; the matrices follow, as float32, from DATA_BYTE.
const CLAIM = 0;
const P_M = 1;
const P_K = 2;
const P_N = 3;
const P_TRANS_A = 4;
const P_TRANS_B = 5;
const P_ROWS = 6;
const P_BLOCKS = 7;
/** `done[b]` holds the job whose block b the helper finished. */
const DONE = 16;
const WORDS = DONE + 64;
const DATA_BYTE = WORDS * 4;
const JOB_MASK = 0x7fffff;

interface Shared {
  ctrl: Int32Array;
  data: Float32Array;
}

/** What sharing did so far in this thread (the benchmark reports it; tests check the helper took part). */
export const shareCounts = { products: 0, helperBlocks: 0, stalls: 0 };

let factory: (() => SharedArrayBuffer | null) | null = null;
let shared: Shared | null | undefined;
let job = 0;

/**
 * How this host starts a helper (called on the first product big enough to share; null: none). Replacing the
 * factory forgets the current helper's buffer.
 */
export function setMatmulHelperFactory(f: (() => SharedArrayBuffer | null) | null): void {
  factory = f;
  shared = undefined;
}

function sharedBuffer(): Shared | null {
  if (shared === undefined) {
    let sab: SharedArrayBuffer | null = null;
    try {
      sab = factory ? factory() : null;
    } catch {
      sab = null;
    }
    shared = sab ? views(sab) : null;
  }
  return shared;
}

function views(sab: SharedArrayBuffer): Shared {
  return { ctrl: new Int32Array(sab, 0, WORDS), data: new Float32Array(sab, DATA_BYTE) };
}

/** Rows per block of an m-row product: whole panels of 4, at most `SHARE_BLOCKS` blocks. */
function blockRows(m: number): number {
  return Math.max(4, Math.ceil(m / SHARE_BLOCKS / 4) * 4);
}

/**
 * C = op(A) · op(B) into `out` from `at`, shared with the helper; false (nothing done) when there is none, the
 * product is too small to gain, or it does not fit the buffer.
 */
export function sharedMatmulF32(
  w: WasmKernels,
  a: Float32Array,
  b: Float32Array,
  m: number,
  k: number,
  n: number,
  transA: boolean,
  transB: boolean,
  out: Float32Array,
  at: number,
): boolean {
  if (m * k * n < SHARE_MIN_WORK || m < 8) return false;
  const s = sharedBuffer();
  if (!s || m * k + k * n + m * n > s.data.length) return false;
  const { ctrl, data } = s;
  if (!drained(ctrl)) return false;
  const rows = blockRows(m);
  const blocks = Math.ceil(m / rows);
  data.set(a, 0);
  data.set(b, m * k);
  ctrl[P_M] = m;
  ctrl[P_K] = k;
  ctrl[P_N] = n;
  ctrl[P_TRANS_A] = transA ? 1 : 0;
  ctrl[P_TRANS_B] = transB ? 1 : 0;
  ctrl[P_ROWS] = rows;
  ctrl[P_BLOCKS] = blocks;
  job = (job + 1) & JOB_MASK || 1;
  Atomics.store(ctrl, CLAIM, job << 8);
  Atomics.notify(ctrl, CLAIM);

  const mine = new Uint8Array(blocks);
  shareCounts.products++;
  try {
    const o = loadF32Operands(w, a, b, m, k, n, transA, transB, rows);
    for (;;) {
      const blk = claim(ctrl, job, blocks);
      if (blk < 0) break;
      mine[blk] = 1;
      gemmF32Rows(w, o, blk * rows, Math.min(m, (blk + 1) * rows), out, at + blk * rows * n);
      session.poll?.();
    }
    const cAt = m * k + k * n;
    for (let blk = 0; blk < blocks; blk++) {
      if (mine[blk]) continue;
      const r0 = blk * rows;
      const r1 = Math.min(m, r0 + rows);
      if (waitDone(ctrl, blk)) {
        out.set(data.subarray(cAt + r0 * n, cAt + r1 * n), at + r0 * n);
        shareCounts.helperBlocks++;
      } else {
        // The helper stalled: this thread computes the block, and the helper gets no more work.
        shared = null;
        shareCounts.stalls++;
        gemmF32Rows(w, o, r0, r1, out, at + r0 * n);
      }
    }
  } catch (e) {
    // The run stopped mid-product (its budget): take the blocks left, so the helper starts none, and let the next
    // product wait for the ones it is still computing before it overwrites the operands they are read from.
    for (let blk = claim(ctrl, job, blocks); blk >= 0; blk = claim(ctrl, job, blocks)) mine[blk] = 1;
    abandoned = { job, mine };
    throw e;
  }
  return true;
}

/** The last product a run gave up, and the blocks the engine had claimed in it. */
let abandoned: { job: number; mine: Uint8Array } | null = null;

/** Whether the helper has finished every block it claimed of an abandoned product (false: it stalled). */
function drained(ctrl: Int32Array): boolean {
  const left = abandoned;
  if (!left) return true;
  abandoned = null;
  for (let blk = 0; blk < left.mine.length; blk++) {
    if (left.mine[blk] || Atomics.load(ctrl, DONE + blk) === left.job) continue;
    if (!waitFor(ctrl, blk, left.job)) {
      shared = null;
      shareCounts.stalls++;
      return false;
    }
  }
  return true;
}

/** Claims the next block of `forJob`; -1 when all are taken or the job is no longer current. */
function claim(ctrl: Int32Array, forJob: number, blocks: number): number {
  for (;;) {
    const word = Atomics.load(ctrl, CLAIM);
    const next = word & 0xff;
    if (word >>> 8 !== forJob || next >= blocks) return -1;
    if (Atomics.compareExchange(ctrl, CLAIM, word, word + 1) === word) return next;
  }
}

/** Waits for the helper to finish block `blk` of the current job; false when it made no progress for `STALL_MS`. */
function waitDone(ctrl: Int32Array, blk: number): boolean {
  return waitFor(ctrl, blk, job, () => session.poll?.());
}

function waitFor(ctrl: Int32Array, blk: number, forJob: number, poll?: () => void): boolean {
  let waited = 0;
  for (;;) {
    const v = Atomics.load(ctrl, DONE + blk);
    if (v === forJob) return true;
    const t0 = performance.now();
    Atomics.wait(ctrl, DONE + blk, v, 20);
    waited += performance.now() - t0;
    if (waited > STALL_MS) return Atomics.load(ctrl, DONE + blk) === forJob;
    poll?.();
  }
}

/**
 * The helper thread's loop (never returns): wait for a job, copy its operands into this thread's module memory,
 * and compute blocks for as long as there are any to claim.
 */
export function serveMatmulHelper(sab: SharedArrayBuffer, w: WasmKernels): never {
  const { ctrl, data } = views(sab);
  for (;;) {
    const word = Atomics.load(ctrl, CLAIM);
    const current = word >>> 8;
    const blocks = ctrl[P_BLOCKS];
    if (current === 0 || (word & 0xff) >= blocks) {
      Atomics.wait(ctrl, CLAIM, word);
      continue;
    }
    const m = ctrl[P_M];
    const k = ctrl[P_K];
    const n = ctrl[P_N];
    const rows = ctrl[P_ROWS];
    // Operands as published for `current`; if the job changes while they are copied, every claim below fails.
    const o = loadF32Operands(
      w,
      data.subarray(0, m * k),
      data.subarray(m * k, m * k + k * n),
      m,
      k,
      n,
      ctrl[P_TRANS_A] === 1,
      ctrl[P_TRANS_B] === 1,
      rows,
    );
    const cAt = m * k + k * n;
    for (;;) {
      const blk = claim(ctrl, current, blocks);
      if (blk < 0) break;
      const r0 = blk * rows;
      gemmF32Rows(w, o, r0, Math.min(m, r0 + rows), data, cAt + r0 * n);
      Atomics.store(ctrl, DONE + blk, current);
      Atomics.notify(ctrl, DONE + blk);
    }
  }
}
