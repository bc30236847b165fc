/**
 * How the extension host talks to the engine worker. One interface, one implementation per platform, chosen by the
 * entry point: `transport.node.ts` (worker_threads: desktop and remote extension hosts, `extension.ts`) and
 * `transport.web.ts` (a Web Worker: a browser's web worker extension host, `extension.web.ts`). The scheduler above
 * it — budgets, deadlines, recovery — is the same for both.
 */
import type { HostToWorker, WorkerAnswer } from '../protocol/messages';

export interface EngineTransport {
  send(msg: HostToWorker): void;
  /** Stop the worker now (a run that overran its deadline is abandoned this way). Idempotent. */
  terminate(): void;
}

export interface TransportHandlers {
  onMessage(msg: WorkerAnswer): void;
  /** The worker died on its own (crash, out of memory, exit). Not called after `terminate()`. */
  onExit(reason: string): void;
}

export type TransportFactory = (handlers: TransportHandlers) => EngineTransport;
