/**
 * How the extension host talks to the engine worker. One interface, one implementation per platform, chosen by the
 * entry point: `transport.node.ts` (worker_threads, desktop and remote extension hosts); a `transport.web.ts` (Web
 * Worker) would plug in the same way for a browser extension host.
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
