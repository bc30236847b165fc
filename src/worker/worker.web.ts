/**
 * The engine worker in a browser (`dist/worker.web.js`, a classic script run as a Web Worker by
 * `transport.web.ts`): answers the host's messages like `worker.node.ts`, through the same `serve` (runs and detail requests from the kept evaluations) and warm-up.
 * Its options come from the first line of the Blob the transport made (`WEB_WORKER_OPTIONS`).
 */
import { limits } from '../engine/limits';
import { evaluate, run } from '../engine/run';
import type { HostToWorker, WorkerMemory, WorkerToHost } from '../protocol/messages';
import { kernelServer } from './kernel';
import { KeptEvaluations, serve, serveDetail } from './serve';
import { WEB_WORKER_OPTIONS, type WebWorkerOptions } from './transport.web';
import { type IdleWarmUp, warmUpThenIdle } from './warmup';

interface WorkerScope {
  postMessage(msg: WorkerToHost): void;
  addEventListener(type: 'message', listener: (e: { data: HostToWorker }) => void): void;
}
const scope = globalThis as unknown as WorkerScope & { [WEB_WORKER_OPTIONS]?: WebWorkerOptions };
const options = scope[WEB_WORKER_OPTIONS];

const MB = 1024 * 1024;
/**
 * The worker's memory as a browser tells it: only the tensor data the last run allocated (the engine counts it). A
 * Web Worker has no reading of its heap (`performance.memory` is the page's, and Chromium's only) nor of the
 * ArrayBuffers it holds, so those stay unknown; the host replaces the worker after a run that allocated much.
 */
function memory(): WorkerMemory {
  return { allocatedMb: limits.allocatedBytes / MB };
}

const kept = new KeptEvaluations();
const kernel = kernelServer((m) => scope.postMessage(m));

let warming: IdleWarmUp | undefined;
scope.addEventListener('message', ({ data: msg }) => {
  warming?.busy();
  switch (msg.type) {
    case 'run': {
      const answer = serve(msg, evaluate, kept);
      if (answer.type === 'result') answer.memory = memory();
      scope.postMessage(answer);
      return;
    }
    case 'detail':
      scope.postMessage(serveDetail(msg, kept));
      return;
    case 'kernelStart':
      warming?.stop();
      kernel.handle(msg);
      return;
    case 'kernelExecute':
      kernel.handle(msg);
      return;
    case 'stats':
      scope.postMessage({ type: 'stats', id: msg.id, memory: memory() });
      return;
    case 'test':
      if (options?.testHooks !== true) return;
      // 'exit': a Web Worker cannot exit with a code; an uncaught error is its crash (the transport ends it).
      if (msg.action === 'exit') throw new Error('test hook: the engine worker crashed');
      // 'hang': a worker stuck in a loop no budget check reaches.
      for (;;) {}
  }
});
scope.postMessage({ type: 'ready' });
// The host's first request (sent on `ready`) waits in the queue until the engine's hot paths are warm.
if (options?.warmUp !== false) warming = warmUpThenIdle((input) => run(input, { bounded: true }), setTimeout);
