/**
 * The kernel's host side with the real worker-side server in-process (messages passed asynchronously, as between
 * threads) or with a worker the test lets hang or kills: executions in order with their counts, streamed outputs,
 * an interrupt that the engine answers in place, one that needs a restart, a worker that dies, an explicit restart.
 */
import { describe, expect, test } from 'vitest';
import { KernelClient, type KernelStatus } from '../../src/extension/core/kernelClient';
import type { KernelOutput } from '../../src/protocol/kernel';
import type { HostToWorker, KernelExecute, WorkerAnswer } from '../../src/protocol/messages';
import { kernelServer } from '../../src/worker/kernel';
import type { TransportHandlers } from '../../src/worker/transport';
import { FakeClock } from './fakeClock';

const log = { trace() {}, debug() {}, info() {}, warn() {}, error() {} };

/** A worker running the real kernel server: each message is handled in a later task, like a thread would. */
function inProcess() {
  const started: { terminated: boolean }[] = [];
  const factory = (h: TransportHandlers) => {
    const state = { terminated: false };
    started.push(state);
    const server = kernelServer((m) => {
      if (!state.terminated && m.type !== 'codeCache') h.onMessage(m as WorkerAnswer);
    });
    return {
      send: (m: HostToWorker) => {
        setTimeout(() => {
          if (!state.terminated && (m.type === 'kernelStart' || m.type === 'kernelExecute')) server.handle(m);
        }, 0);
      },
      terminate: () => void (state.terminated = true),
    };
  };
  return { factory, started };
}

async function run(k: KernelClient, code: string) {
  const outputs: KernelOutput[] = [];
  const status = await k.execute(code, (o) => outputs.push(...o));
  return { status, outputs };
}

describe('kernel client', () => {
  test('runs cells in order in one session and numbers them', async () => {
    const w = inProcess();
    const k = new KernelClient({ transport: w.factory, options: () => ({}), graceMs: 3000, log });
    expect(k.nextExecutionCount).toBe(1);
    expect(await run(k, 'x = 2')).toEqual({ status: 'ok', outputs: [] });
    expect(k.nextExecutionCount).toBe(2);
    expect(await run(k, "print('x is', x)\nx * 21")).toEqual({
      status: 'ok',
      outputs: [
        { type: 'stream', name: 'stdout', text: 'x is 2\n' },
        { type: 'execute_result', executionCount: 2, text: '42' },
      ],
    });
    const e = await run(k, '1 / 0');
    expect(e.status).toBe('error');
    expect(e.outputs[0]).toMatchObject({ type: 'error', ename: 'ZeroDivisionError' });
    expect(w.started).toHaveLength(1);
  });

  test('restart: a new session and In[1] again', async () => {
    const w = inProcess();
    const k = new KernelClient({ transport: w.factory, options: () => ({}), graceMs: 3000, log });
    await run(k, 'x = 2');
    k.restart();
    expect(w.started[0].terminated).toBe(true);
    expect(k.nextExecutionCount).toBe(1);
    const r = await run(k, 'x');
    expect(r.outputs[0]).toMatchObject({ type: 'error', ename: 'NameError' });
    expect(w.started).toHaveLength(2);
  });
});

/** Workers that never answer unless told to. */
function silentWorkers() {
  const all: { handlers: TransportHandlers; sent: HostToWorker[]; terminated: boolean }[] = [];
  const factory = (handlers: TransportHandlers) => {
    const w = { handlers, sent: [] as HostToWorker[], terminated: false };
    all.push(w);
    return { send: (m: HostToWorker) => void w.sent.push(m), terminate: () => void (w.terminated = true) };
  };
  return { all, factory };
}

describe('kernel client: interrupt and recovery', () => {
  test('an interrupt sets the shared flag; the worker answers in place and the session stays', async () => {
    const clock = new FakeClock();
    const w = silentWorkers();
    const k = new KernelClient({ transport: w.factory, options: () => ({}), graceMs: 3000, log, clock });
    let status: KernelStatus | undefined;
    void k.execute('while True: pass', () => {}).then((s) => (status = s));
    const start = w.all[0].sent[0];
    if (start.type !== 'kernelStart' || !start.interrupt) throw new Error('no shared interrupt flag');
    const flag = new Int32Array(start.interrupt);
    expect(Atomics.load(flag, 0)).toBe(0);
    k.interrupt();
    expect(Atomics.load(flag, 0)).toBe(1);
    const exec = w.all[0].sent[1] as KernelExecute;
    w.all[0].handlers.onMessage({ type: 'kernelDone', id: exec.id, executionCount: 1, status: 'error' });
    await Promise.resolve();
    expect(status).toBe('error');
    clock.advance(10_000);
    expect(w.all[0].terminated).toBe(false);
    expect(k.nextExecutionCount).toBe(2);
  });

  test('a cell that does not stop within the grace period: the worker is replaced and the cell says so', async () => {
    const clock = new FakeClock();
    const w = silentWorkers();
    const k = new KernelClient({ transport: w.factory, options: () => ({}), graceMs: 3000, log, clock });
    const outputs: KernelOutput[] = [];
    const done = k.execute('x = 1', (o) => outputs.push(...o));
    k.interrupt();
    clock.advance(2999);
    expect(w.all[0].terminated).toBe(false);
    clock.advance(1);
    expect(w.all[0].terminated).toBe(true);
    expect(await done).toBe('restarted');
    expect(outputs).toHaveLength(1);
    expect(outputs[0]).toMatchObject({ type: 'error', ename: 'KeyboardInterrupt' });
    expect(outputs[0].type === 'error' && outputs[0].evalue).toMatch(
      /did not stop within 3 s of the interrupt, so the kernel was restarted: the notebook's variables are gone/,
    );
    expect(k.nextExecutionCount).toBe(1);
    void k.execute('y = 1', () => {});
    expect(w.all).toHaveLength(2);
  });

  test('without shared memory an interrupt restarts the kernel at once', async () => {
    const w = silentWorkers();
    const k = new KernelClient({ transport: w.factory, options: () => ({}), graceMs: 3000, log, sharedMemory: false });
    const outputs: KernelOutput[] = [];
    const done = k.execute('while True: pass', (o) => outputs.push(...o));
    expect(w.all[0].sent[0]).toEqual({ type: 'kernelStart', options: {} });
    k.interrupt();
    expect(await done).toBe('restarted');
    expect(w.all[0].terminated).toBe(true);
    expect(outputs[0].type === 'error' && outputs[0].evalue).toMatch(/cannot be interrupted in place here/);
  });

  test('a worker that dies ends its cell with the reason', async () => {
    const w = silentWorkers();
    const k = new KernelClient({ transport: w.factory, options: () => ({}), graceMs: 3000, log });
    const outputs: KernelOutput[] = [];
    const done = k.execute('big()', (o) => outputs.push(...o));
    w.all[0].handlers.onExit('worker exited with code 134');
    expect(await done).toBe('restarted');
    expect(outputs[0].type === 'error' && outputs[0].evalue).toMatch(/the kernel died \(worker exited with code 134\)/);
    expect(k.nextExecutionCount).toBe(1);
  });
});
