/**
 * The engine worker on desktop: `startWorker` answers the host's messages on `parentPort`. `boot.node.ts` (the
 * thread's entry point) compiles this bundle, with V8's code cache when the host has one, and starts it.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { limits } from '../engine/limits';
import { evaluate, run } from '../engine/run';
import type { HostToWorker, WorkerMemory, WorkerToHost } from '../protocol/messages';
import { offerComputeHelper } from './computeHelperPool.node';
import { kernelServer } from './kernel';
import { KeptEvaluations, serve, serveDetail } from './serve';
import { type IdleWarmUp, warmUpThenIdle } from './warmup';

export interface WorkerHooks {
  /** Called once, right after the first run's answer is posted (the boot then writes the code cache). */
  afterFirstRun?: () => void;
}

const MB = 1024 * 1024;
function memory(): WorkerMemory {
  const m = process.memoryUsage();
  return {
    heapUsedMb: m.heapUsed / MB,
    externalMb: m.external / MB,
    allocatedMb: limits.allocatedBytes / MB,
  };
}

export function startWorker(hooks: WorkerHooks = {}): void {
  const port = parentPort;
  if (!port) throw new Error('worker.node.ts must run in a worker thread');
  const data = workerData as { testHooks?: boolean; warmUp?: boolean; computeHelper?: string } | undefined;
  offerComputeHelper(data?.computeHelper);
  /** Set only by the extension's test mode (`nodeTransport({ testHooks: true })`); `test` messages are ignored otherwise. */
  const testHooks = data?.testHooks === true;
  let afterFirstRun = hooks.afterFirstRun;
  const kept = new KeptEvaluations();
  const kernel = kernelServer((m) => port.postMessage(m));

  let warming: IdleWarmUp | undefined;
  port.on('message', (msg: HostToWorker) => {
    warming?.busy();
    switch (msg.type) {
      case 'run': {
        const answer = serve(msg, evaluate, kept);
        if (answer.type === 'result') answer.memory = memory();
        port.postMessage(answer satisfies WorkerToHost);
        if (afterFirstRun) {
          const f = afterFirstRun;
          afterFirstRun = undefined;
          f();
        }
        return;
      }
      case 'detail':
        port.postMessage(serveDetail(msg, kept) satisfies WorkerToHost);
        return;
      case 'kernelStart':
        warming?.stop();
        kernel.handle(msg);
        return;
      case 'kernelExecute':
        kernel.handle(msg);
        return;
      case 'stats':
        port.postMessage({ type: 'stats', id: msg.id, memory: memory() } satisfies WorkerToHost);
        return;
      case 'test':
        if (!testHooks) return;
        if (msg.action === 'exit') process.exit(3);
        // 'hang': a worker stuck in native code, which no budget check reaches.
        for (;;) {}
    }
  });
  port.postMessage({ type: 'ready' } satisfies WorkerToHost);
  // The host's first request (sent on `ready`) waits in the queue until the engine's hot paths are warm.
  if (data?.warmUp !== false) warming = warmUpThenIdle((input) => run(input, { bounded: true }), setTimeout);
}
