/**
 * The desktop transport: the engine runs in a `worker_threads` Worker started from `dist/workerBoot.js`, which
 * compiles `dist/worker.js` with V8's code cache when one is kept (`codeCache.node.ts`).
 */
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { WorkerToHost } from '../protocol/messages';
import { CodeCache } from './codeCache.node';
import { computeHelperFile } from './computeHelperFile.node';
import { WORKER_RESOURCE_LIMITS } from './limits';
import type { EngineTransport, TransportFactory, TransportHandlers } from './transport';

export interface NodeTransportOptions {
  /** Absolute path of the bundled engine (`dist/worker.js`); the boot script `workerBoot.js` sits beside it. */
  workerPath: string;
  /** Where to keep V8's code cache for the engine bundle (the extension's global storage); none when undefined. */
  codeCacheDir?: string;
  /** Told when a code cache was written (tests and the benchmark wait for it). */
  onCodeCache?: (file: string) => void;
  /** Caps the worker's JS heap so a runaway program kills the worker, not the extension host. */
  maxHeapMb?: number;
  /** Let the worker obey `test` messages (hang, exit): the extension's test mode only. */
  testHooks?: boolean;
  /** Warm the engine with its built-in program before the first request (`warmup.ts`); default true. */
  warmUp?: boolean;
}

export function nodeTransport(options: NodeTransportOptions): TransportFactory {
  const cache = new CodeCache(options.workerPath, options.codeCacheDir);
  const bootPath = path.join(path.dirname(options.workerPath), 'workerBoot.js');
  return (handlers: TransportHandlers): EngineTransport => {
    let terminated = false;
    const died = (reason: string) => {
      if (terminated) return;
      terminated = true;
      handlers.onExit(reason);
    };
    let start: ReturnType<CodeCache['start']>;
    try {
      start = cache.start();
    } catch (e) {
      // The engine bundle cannot be read: a worker that dies at once, as a Worker with a missing script would.
      const reason = `worker error: ${e instanceof Error ? e.message : String(e)}`;
      setImmediate(() => died(reason));
      return { send: () => {}, terminate: () => void (terminated = true) };
    }
    const { boot, mark } = start;
    const worker = new Worker(bootPath, {
      resourceLimits: { ...WORKER_RESOURCE_LIMITS, maxOldGenerationSizeMb: options.maxHeapMb ?? 2048 },
      stdout: false,
      stderr: false,
      workerData: {
        testHooks: options.testHooks === true,
        warmUp: options.warmUp !== false,
        boot,
        computeHelper: computeHelperFile(path.dirname(options.workerPath)),
      },
    });
    worker.on('message', (msg: WorkerToHost) => {
      if (msg.type === 'codeCache') {
        if (cache.store(msg) && cache.file) options.onCodeCache?.(cache.file);
        return;
      }
      if (msg.type === 'ready') mark.settle();
      if (!terminated) handlers.onMessage(msg);
    });
    worker.on('error', (err) => died(`worker error: ${err.message}`));
    worker.on('exit', (code) => {
      mark.settle();
      died(`worker exited with code ${code}`);
    });
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
