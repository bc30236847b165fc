/** The desktop transport: the engine runs in a `worker_threads` Worker loaded from `dist/worker.js`. */
import { Worker } from 'node:worker_threads';
import type { WorkerToHost } from '../protocol/messages';
import { WORKER_RESOURCE_LIMITS } from './limits';
import type { EngineTransport, TransportFactory, TransportHandlers } from './transport';

export interface NodeTransportOptions {
  /** Absolute path of the bundled worker script (`dist/worker.js`). */
  workerPath: string;
  /** Caps the worker's JS heap so a runaway program kills the worker, not the extension host. */
  maxHeapMb?: number;
  /** Let the worker obey `test` messages (hang, exit): the extension's test mode only. */
  testHooks?: boolean;
}

export function nodeTransport(options: NodeTransportOptions): TransportFactory {
  return (handlers: TransportHandlers): EngineTransport => {
    let terminated = false;
    const worker = new Worker(options.workerPath, {
      resourceLimits: { ...WORKER_RESOURCE_LIMITS, maxOldGenerationSizeMb: options.maxHeapMb ?? 2048 },
      stdout: false,
      stderr: false,
      workerData: { testHooks: options.testHooks === true },
    });
    const died = (reason: string) => {
      if (terminated) return;
      terminated = true;
      handlers.onExit(reason);
    };
    worker.on('message', (msg: WorkerToHost) => {
      if (!terminated) handlers.onMessage(msg);
    });
    worker.on('error', (err) => died(`worker error: ${err.message}`));
    worker.on('exit', (code) => died(`worker exited with code ${code}`));
    worker.unref();
    return {
      send: (msg) => worker.postMessage(msg),
      terminate: () => {
        if (terminated) return;
        terminated = true;
        void worker.terminate();
      },
    };
  };
}
