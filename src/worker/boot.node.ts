/**
 * The engine worker thread's entry point (`dist/workerBoot.js`). The host hands over the engine bundle's text and,
 * when it has one, V8's code cache for it (`codeCache.node.ts`); compiling with the cache skips parsing and most
 * of the lazy compilation a cold first run pays. After the first run, when the host has no usable cache, the worker
 * sends one back, made then so it covers the functions that run used. Only this file compiles code: the engine
 * bundle it is given, which the host read from the extension's own `dist/`.
 */
import * as path from 'node:path';
import { Script } from 'node:vm';
import { parentPort, workerData } from 'node:worker_threads';
import type { CodeCacheMessage } from '../protocol/messages';
import type { BootData } from './codeCache.node';
import type { WorkerHooks } from './worker.node';

const boot = (workerData as { boot: BootData }).boot;
const script = new Script(`(function (exports, require, module, __filename, __dirname) {${boot.source}\n})`, {
  filename: boot.filename,
  ...(boot.cache ? { cachedData: boot.cache } : {}),
});
const rejected = boot.cache !== undefined && script.cachedDataRejected === true;
const engine = { exports: {} as { startWorker(hooks: WorkerHooks): void } };
script.runInThisContext()(engine.exports, require, engine, boot.filename, path.dirname(boot.filename));
engine.exports.startWorker({
  afterFirstRun:
    boot.cache === undefined || rejected
      ? () => {
          // After whatever is already queued (a second run waits for nothing but its own turn).
          setImmediate(() => {
            const data = script.createCachedData();
            parentPort?.postMessage({ type: 'codeCache', key: boot.key, data, rejected } satisfies CodeCacheMessage);
          });
        }
      : undefined,
});
