/**
 * Big float32 work shared with a helper thread: matrix products (by blocks of output rows) and the Eigen unary
 * functions (exp, tanh, sin, … by blocks of elements). The host (the engine's worker, the CLI, the benchmark) may
 * give the engine a factory that starts a helper — a thread running `serveComputeHelper` with WebAssembly kernels
 * of its own — and returns the SharedArrayBuffer both threads work in; without one (a browser without cross-origin
 * isolation, the tests of everything else) all work runs on the engine's thread.
 *
 * A job is cut into blocks. The engine copies the operands into the buffer, publishes the job, and takes blocks
 * itself; the helper takes blocks too, from its own copy of the operands, and writes its results into the buffer.
 * Blocks are claimed through one atomic word, `(job << 8) | next block`, so a helper that wakes late, or is busy
 * elsewhere, simply gets fewer blocks (none at all when the engine was faster), and a claim made with a stale job
 * fails. Every element is computed as on one thread (`matmulF32.ts` sums each row in the same order, the unary
 * kernels are elementwise), so sharing never changes a bit. The engine waits only for blocks the helper has
 * claimed; a helper that makes no progress for `STALL_MS` is given up: the engine computes its blocks and shares no
 * more. A job the run abandons (its budget) is drained before the next one overwrites the operands.
 */
import { session } from '../session';
import { gemmF32Rows, loadF32Operands } from './matmulF32';
import { ensureMemory, type WasmKernels } from './wasm';

/** From this many multiply-adds a product is shared (≈ 0.5 ms on one thread: the copies and the wake-up pay). */
export const SHARE_MIN_WORK = 1 << 23;
/** From this many elements a unary function is shared (≈ 0.5 ms on one thread). */
export const SHARE_MIN_ELEMENTS = 1 << 17;
/** Blocks a job is cut into (at most). */
export const SHARE_BLOCKS = 8;
/** Bytes of the buffer a host allocates: a job's operands and results must fit (pages are touched lazily). */
export const SHARE_BYTES = 64 * 1024 * 1024;
/** A helper with no finished block for this long is given up (the engine computes its blocks itself). */
export const STALL_MS = 3000;

// Control words (Int32) at the start of the buffer; the data follow, as float32, from DATA_BYTE.
const CLAIM = 0;
const P_KIND = 1;
const P_BLOCKS = 2;
/** The job's own parameters (`KIND_MATMUL`: m, k, n, transA, transB, rows per block; `KIND_UNARY`: n, op, per). */
const P_ARGS = 3;
/** `done[b]` holds the job whose block b the helper finished. */
const DONE = 16;
const WORDS = DONE + 64;
const DATA_BYTE = WORDS * 4;
const JOB_MASK = 0x7fffff;
const KIND_MATMUL = 1;
const KIND_UNARY = 2;

/** What sharing did so far in this thread (the tests check the helper took part and never stalled). */
export const shareCounts = { jobs: 0, helperBlocks: 0, stalls: 0 };

interface Shared {
  ctrl: Int32Array;
  data: Float32Array;
}

let factory: (() => SharedArrayBuffer | null) | null = null;
let shared: Shared | null | undefined;
let job = 0;
/** The last job a run gave up, and the blocks the engine had claimed in it. */
let abandoned: { job: number; mine: Uint8Array } | null = null;

/**
 * How this host starts a helper (called on the first job big enough to share; null: none). Replacing the factory
 * forgets the current helper's buffer.
 */
export function setComputeHelperFactory(f: (() => SharedArrayBuffer | null) | null): void {
  factory = f;
  shared = undefined;
  abandoned = null;
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

/** The buffer, when there is a helper, the job fits in `floats`, and an abandoned job has drained. */
function bufferFor(floats: number): Shared | null {
  const s = sharedBuffer();
  return s && floats <= s.data.length && drained(s.ctrl) ? s : null;
}

/**
 * One job: publish it (`args` after the operands are in the buffer), compute the blocks this thread claims, then
 * `take` the helper's results for the others (or compute them here when it stalls).
 */
function runJob(
  s: Shared,
  kind: number,
  args: readonly number[],
  blocks: number,
  compute: (blk: number) => void,
  take: (blk: number) => void,
): void {
  const { ctrl } = s;
  ctrl[P_KIND] = kind;
  ctrl[P_BLOCKS] = blocks;
  for (let i = 0; i < args.length; i++) ctrl[P_ARGS + i] = args[i];
  job = (job + 1) & JOB_MASK || 1;
  Atomics.store(ctrl, CLAIM, job << 8);
  Atomics.notify(ctrl, CLAIM);
  shareCounts.jobs++;
  const mine = new Uint8Array(blocks);
  try {
    for (let blk = claim(ctrl, job, blocks); blk >= 0; blk = claim(ctrl, job, blocks)) {
      mine[blk] = 1;
      compute(blk);
      session.poll?.();
    }
    for (let blk = 0; blk < blocks; blk++) {
      if (mine[blk]) continue;
      if (waitFor(ctrl, blk, job, () => session.poll?.())) {
        take(blk);
        shareCounts.helperBlocks++;
      } else {
        // The helper stalled: this thread computes the block, and the helper gets no more work.
        shared = null;
        shareCounts.stalls++;
        compute(blk);
      }
    }
  } catch (e) {
    // The run stopped mid-job (its budget): take the blocks left, so the helper starts none, and let the next job
    // wait for the ones it is still computing before it overwrites the operands they are read from.
    for (let blk = claim(ctrl, job, blocks); blk >= 0; blk = claim(ctrl, job, blocks)) mine[blk] = 1;
    abandoned = { job, mine };
    throw e;
  }
}

/** Whether the helper has finished every block it claimed of an abandoned job (false: it stalled). */
function drained(ctrl: Int32Array): boolean {
  const left = abandoned;
  if (!left) return true;
  abandoned = null;
  for (let blk = 0; blk < left.mine.length; blk++) {
    if (left.mine[blk] || waitFor(ctrl, blk, left.job)) continue;
    shared = null;
    shareCounts.stalls++;
    return false;
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

/** Waits for the helper to finish block `blk` of `forJob`; false when it made no progress for `STALL_MS`. */
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
 * C = op(A) · op(B) into `out` from `at`, shared with the helper by blocks of rows (whole panels of 4); false
 * (nothing done) when there is no helper, the product is too small to gain, or it does not fit the buffer.
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
  const s = bufferFor(m * k + k * n + m * n);
  if (!s) return false;
  const rows = Math.max(4, Math.ceil(m / SHARE_BLOCKS / 4) * 4);
  s.data.set(a, 0);
  s.data.set(b, m * k);
  const cAt = m * k + k * n;
  let o: ReturnType<typeof loadF32Operands> | undefined;
  runJob(
    s,
    KIND_MATMUL,
    [m, k, n, transA ? 1 : 0, transB ? 1 : 0, rows],
    Math.ceil(m / rows),
    (blk) => {
      o ??= loadF32Operands(w, a, b, m, k, n, transA, transB, rows);
      gemmF32Rows(w, o, blk * rows, Math.min(m, (blk + 1) * rows), out, at + blk * rows * n);
    },
    (blk) => {
      const r0 = blk * rows;
      const r1 = Math.min(m, r0 + rows);
      out.set(s.data.subarray(cAt + r0 * n, cAt + r1 * n), at + r0 * n);
    },
  );
  return true;
}

/**
 * `out[i] = f(src[i])` for the first `n` elements (a multiple of 8: whole packets), `f` the Eigen unary function
 * with kernel code `op`, shared with the helper; false (nothing done) when there is no helper, the input is too
 * small to gain, or it does not fit the buffer.
 */
export function sharedUnaryF32(w: WasmKernels, op: number, src: Float32Array, n: number, out: Float32Array): boolean {
  if (n < SHARE_MIN_ELEMENTS) return false;
  const s = bufferFor(2 * n);
  if (!s) return false;
  const per = Math.ceil(n / SHARE_BLOCKS / 8) * 8;
  s.data.set(src.subarray(0, n), 0);
  runJob(
    s,
    KIND_UNARY,
    [n, op, per],
    Math.ceil(n / per),
    (blk) => unaryRange(w, op, src, blk * per, Math.min(n, (blk + 1) * per), out),
    (blk) => out.set(s.data.subarray(n + blk * per, n + Math.min(n, (blk + 1) * per)), blk * per),
  );
  return true;
}

/** `out[i] = f(src[i])` for i in [from, to), whole packets, through this thread's module memory. */
export function unaryRange(
  w: WasmKernels,
  op: number,
  src: Float32Array,
  from: number,
  to: number,
  out: Float32Array,
  at = from,
): void {
  const len = to - from;
  const buffer = ensureMemory(w, w.base + Math.max(len, 1) * 4);
  const view = new Float32Array(buffer, w.base, len);
  view.set(src.subarray(from, to));
  w.exports.unaryF32(op, w.base, w.base, len);
  out.set(view, at);
}

/**
 * The helper thread's loop (never returns): wait for a job, copy its operands into this thread's module memory,
 * and compute blocks for as long as there are any to claim.
 */
export function serveComputeHelper(sab: SharedArrayBuffer, w: WasmKernels): never {
  const { ctrl, data } = views(sab);
  for (;;) {
    const word = Atomics.load(ctrl, CLAIM);
    const current = word >>> 8;
    const blocks = ctrl[P_BLOCKS];
    if (current === 0 || (word & 0xff) >= blocks) {
      Atomics.wait(ctrl, CLAIM, word);
      continue;
    }
    // The job as published for `current`; if it changes while the operands are read, every claim below fails (and
    // parameters read half old, half new may not make sense: the job is skipped).
    let compute: (blk: number) => void;
    try {
      compute = ctrl[P_KIND] === KIND_MATMUL ? matmulBlocks(ctrl, data, w) : unaryBlocks(ctrl, data, w);
    } catch {
      if (Atomics.load(ctrl, CLAIM) === word) Atomics.wait(ctrl, CLAIM, word);
      continue;
    }
    for (let blk = claim(ctrl, current, blocks); blk >= 0; blk = claim(ctrl, current, blocks)) {
      compute(blk);
      Atomics.store(ctrl, DONE + blk, current);
      Atomics.notify(ctrl, DONE + blk);
    }
  }
}

/** The helper's side of a product: the operands loaded once, then block by block into the buffer. */
function matmulBlocks(ctrl: Int32Array, data: Float32Array, w: WasmKernels): (blk: number) => void {
  const [m, k, n, transA, transB, rows] = ctrl.subarray(P_ARGS, P_ARGS + 6);
  const a = data.subarray(0, m * k);
  const b = data.subarray(m * k, m * k + k * n);
  const o = loadF32Operands(w, a, b, m, k, n, transA === 1, transB === 1, rows);
  const cAt = m * k + k * n;
  return (blk) => {
    const r0 = blk * rows;
    gemmF32Rows(w, o, r0, Math.min(m, r0 + rows), data, cAt + r0 * n);
  };
}

/** The helper's side of a unary function: each block from the buffer's input to its output half. */
function unaryBlocks(ctrl: Int32Array, data: Float32Array, w: WasmKernels): (blk: number) => void {
  const [n, op, per] = ctrl.subarray(P_ARGS, P_ARGS + 3);
  return (blk) => unaryRange(w, op, data, blk * per, Math.min(n, (blk + 1) * per), data, n + blk * per);
}
