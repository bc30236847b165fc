/** Entry point of the engine worker on desktop (a `worker_threads` Worker started by `transport.node.ts`). */
import { parentPort } from 'node:worker_threads';
import { run } from '../engine/run';
import type { HostToWorker, WorkerToHost } from '../protocol/messages';
import { serve } from './serve';

const port = parentPort;
if (!port) throw new Error('worker.node.ts must run in a worker thread');
port.on('message', (msg: HostToWorker) => port.postMessage(serve(msg, run) satisfies WorkerToHost));
port.postMessage({ type: 'ready' } satisfies WorkerToHost);
