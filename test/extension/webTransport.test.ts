/**
 * The browser transport (`transport.web.ts`) with the scheduler: the engine's Web Worker bundle (`worker.web.ts`,
 * built here) runs in a realm with only Web Worker globals (`webRealm.ts`) behind a fake `Worker` that passes
 * messages asynchronously and turns an uncaught error into an `error` event, as a browser does. A worker that
 * crashes is replaced; test hooks are obeyed only when the transport enables them; the script is read once; a failed
 * read fails that worker's run and is tried again. A hanging worker cannot be shown in one thread: the deadline path
 * is the scheduler's own (`workerRecovery.test.ts`) and the web integration suite hangs a real Web Worker.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type Job, Scheduler } from '../../src/extension/core/scheduler';
import type { WorkerAnswer } from '../../src/protocol/messages';
import {
  WEB_WORKER_OPTIONS,
  type WorkerEventLike,
  type WorkerLike,
  webTransport,
} from '../../src/worker/transport.web';
import { workerRealm } from './webRealm';

let dir = '';
let engine = '';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gl-web-worker-'));
  const outfile = join(dir, 'worker.web.js');
  await esbuild.build({
    entryPoints: [join(__dirname, '../../src/worker/worker.web.ts')],
    outfile,
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    logLevel: 'warning',
  });
  engine = readFileSync(outfile, 'utf8');
}, 60_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A `Worker` whose script runs in a Web Worker realm; messages go both ways on later macrotasks. */
class RealmWorker implements WorkerLike {
  static started: RealmWorker[] = [];
  private readonly listeners: Record<string, ((e: WorkerEventLike) => void)[]> = {};
  /** Error events nobody handled (a browser passes them on to the owner's global `onerror`). */
  unhandledErrors = 0;
  private realm?: ReturnType<typeof workerRealm>;
  terminated = false;

  constructor(script: string) {
    RealmWorker.started.push(this);
    setTimeout(() => {
      if (this.terminated) return;
      this.guard(() => {
        this.realm = workerRealm(script, {}, (msg) =>
          setTimeout(() => !this.terminated && this.emit('message', { data: msg })),
        );
      });
    });
  }

  /** An uncaught error in the worker is an `error` event at its owner (the worker itself lives on). */
  private guard(f: () => void) {
    try {
      f();
    } catch (e) {
      setTimeout(() => {
        if (this.terminated) return;
        let handled = false;
        this.emit('error', {
          message: `Uncaught Error: ${(e as Error).message}`,
          preventDefault: () => (handled = true),
        });
        if (!handled) this.unhandledErrors++;
      });
    }
  }

  private emit(type: string, e: WorkerEventLike) {
    for (const l of this.listeners[type] ?? []) l(e);
  }

  addEventListener(type: string, l: (e: WorkerEventLike) => void) {
    (this.listeners[type] ??= []).push(l);
  }

  postMessage(msg: unknown) {
    setTimeout(() => !this.terminated && this.guard(() => this.realm?.send(msg)));
  }

  terminate() {
    this.terminated = true;
  }
}

function setup(testHooks: boolean, loadScript: () => Promise<string> = async () => engine) {
  RealmWorker.started = [];
  const logs: string[] = [];
  let loads = 0;
  const transport = webTransport({
    loadScript: () => {
      loads++;
      return loadScript();
    },
    testHooks,
    warmUp: false,
    createWorker: (url) => new RealmWorker(url),
    // The "URL" is the script text itself: RealmWorker runs it.
    scriptUrl: (text) => text,
  });
  const s = new Scheduler<null>({
    transport,
    debounceMs: () => 0,
    graceMs: 5000,
    staleKillMs: 0,
    log: {
      trace() {},
      debug() {},
      info: (m) => logs.push(`info ${m}`),
      warn: (m) => logs.push(`warn ${m}`),
      error: (m) => logs.push(`error ${m}`),
    },
    onOutcome: () => {},
  });
  return { s, logs, loads: () => loads };
}

let version = 0;
const job = (source: string): Job<null> => ({
  uri: 'file:///w.py',
  version: String(++version),
  input: { kind: 'python', cells: [{ source }] },
  options: { timeBudgetMs: 10_000 },
  data: null,
});

const GRADIENT =
  'import tensorflow as tf\nx = tf.constant(3.0)\nwith tf.GradientTape() as t:\n    t.watch(x)\n    y = x * x\ng = t.gradient(y, x)\n';

async function expectGradient(s: Scheduler<null>): Promise<void> {
  const o = await s.schedule(job(GRADIENT), { immediate: true });
  expect(o.kind).toBe('report');
  // d(x²)/dx at 3, by hand.
  if (o.kind === 'report') expect(o.report.gradients[0]!.results[0]!.result?.value).toBe(6);
}

describe('the Web Worker transport with the scheduler', () => {
  test('runs the engine; the script is read once for every worker', async () => {
    const { s, loads } = setup(true);
    try {
      await expectGradient(s);
      await expectGradient(s);
      expect(s.workersStarted).toBe(1);
      expect(loads()).toBe(1);
    } finally {
      s.dispose();
    }
  });

  test('a worker that crashes (test hook) is replaced; the next run is normal; the script is not read again', async () => {
    const { s, logs, loads } = setup(true);
    try {
      await expectGradient(s);
      s.testHook('exit');
      const o = await s.schedule(job(GRADIENT), { immediate: true });
      // The crash may land before the run is posted (then it goes to a new worker) or while it waits.
      if (o.kind === 'crash') expect(o.message).toContain('test hook: the engine worker crashed');
      else expect(o.kind).toBe('report');
      expect(logs.some((l) => l.includes('worker error: Uncaught Error: test hook: the engine worker crashed'))).toBe(
        true,
      );
      await expectGradient(s);
      expect(s.workersStarted).toBe(2);
      expect(RealmWorker.started[0]!.terminated).toBe(true);
      // The transport handled the crash: it does not reach the extension host's global error handler.
      expect(RealmWorker.started[0]!.unhandledErrors).toBe(0);
      expect(loads()).toBe(1);
    } finally {
      s.dispose();
    }
  });

  test('without test hooks (every worker outside the extension tests) the hooks are ignored', async () => {
    const { s } = setup(false);
    try {
      s.testHook('exit');
      await expectGradient(s);
      s.testHook('hang');
      await expectGradient(s);
      expect(s.workersStarted).toBe(1);
    } finally {
      s.dispose();
    }
  });

  test('a script that cannot be read fails that run as a crash; the next worker reads it again', async () => {
    let fail = true;
    const { s, loads } = setup(false, async () => {
      if (fail) throw new Error('404 Not Found');
      return engine;
    });
    try {
      const o = await s.schedule(job(GRADIENT), { immediate: true });
      expect(o.kind).toBe('crash');
      if (o.kind === 'crash')
        expect(o.message).toBe('worker error: the engine script could not be read: 404 Not Found');
      fail = false;
      await expectGradient(s);
      expect(loads()).toBe(2);
    } finally {
      s.dispose();
    }
  });
});

describe('the Web Worker transport alone', () => {
  test('messages sent before the script is read reach the worker; nothing arrives after terminate()', async () => {
    let release!: (text: string) => void;
    const text = new Promise<string>((r) => (release = r));
    const created: string[] = [];
    const received: WorkerAnswer[] = [];
    const exits: string[] = [];
    const workers: RealmWorker[] = [];
    const factory = webTransport({
      loadScript: () => text,
      warmUp: false,
      createWorker: (u) => {
        created.push(u);
        const w = new RealmWorker(u);
        workers.push(w);
        return w;
      },
      scriptUrl: (t) => t,
    });
    const t = factory({ onMessage: (m) => received.push(m), onExit: (r) => exits.push(r) });
    t.send({ type: 'stats', id: 1 });
    release(engine);
    const deadline = Date.now() + 20_000;
    while (received.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(received.map((m) => m.type)).toEqual(['ready', 'stats']);
    expect(created).toHaveLength(1);
    expect(created[0]!.startsWith(`globalThis.${WEB_WORKER_OPTIONS} = {"testHooks":false,"warmUp":false};\n`)).toBe(
      true,
    );
    t.terminate();
    t.terminate();
    t.send({ type: 'stats', id: 2 });
    await new Promise((r) => setTimeout(r, 50));
    expect(received).toHaveLength(2);
    expect(exits).toEqual([]);
    expect(workers[0]!.terminated).toBe(true);
  });

  test('terminate() before the script is read: no worker is started', async () => {
    const created: string[] = [];
    const factory = webTransport({
      loadScript: async () => engine,
      createWorker: (u) => {
        created.push(u);
        return new RealmWorker(u);
      },
      scriptUrl: (t) => t,
    });
    const t = factory({ onMessage: () => {}, onExit: () => {} });
    t.terminate();
    await new Promise((r) => setTimeout(r, 20));
    expect(created).toEqual([]);
  });
});
