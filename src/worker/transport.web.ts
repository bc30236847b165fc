/**
 * The browser transport: the engine runs in a Web Worker started from a Blob URL of `dist/worker.web.js`'s text.
 * A Blob URL works in every web worker extension host: VS Code's host refuses to start a worker from a
 * `vscode-remote:` URI (code-server, Codespaces), and wraps any other URL in a bootstrap that `importScripts` it, which
 * a `blob:` URL of the same origin passes. The script's text is read once; the worker's options are a first line of
 * that Blob (a Web Worker has no `workerData`).
 *
 * A Web Worker cannot exit on its own: an uncaught error in it (the engine's own failures are answered as `failure`
 * messages, so this is a crash) ends it here — it is terminated and reported gone, like a Node worker that exited —
 * and is not passed on to the extension host's global error handler.
 */
import type { WorkerAnswer } from '../protocol/messages';
import type { EngineTransport, TransportFactory, TransportHandlers } from './transport';

/** What `worker.web.ts` finds in `globalThis[WEB_WORKER_OPTIONS]`. */
export interface WebWorkerOptions {
  testHooks: boolean;
  warmUp: boolean;
}
export const WEB_WORKER_OPTIONS = '__gradientLensWorkerOptions';

export interface WorkerEventLike {
  data?: unknown;
  message?: string;
  preventDefault?(): void;
}

/** The part of a DOM `Worker` the transport uses. */
export interface WorkerLike {
  postMessage(msg: unknown): void;
  terminate(): void;
  /** `message` events carry `data`; `error` events a `message`. */
  addEventListener(type: 'message' | 'error' | 'messageerror', listener: (e: WorkerEventLike) => void): void;
}

export interface WebTransportOptions {
  /** The engine bundle's text (`dist/worker.web.js`); called once, for the first worker. */
  loadScript: () => Promise<string>;
  /** Let the worker obey `test` messages (hang, crash): the extension's test mode only. */
  testHooks?: boolean;
  /** Warm the engine with its built-in program before the first request (`warmup.ts`); default true. */
  warmUp?: boolean;
  /** Starts a worker from a script URL; default `new Worker(url, { name })`. */
  createWorker?: (url: string) => WorkerLike;
  /** Makes a URL of a script's text; default a Blob URL. */
  scriptUrl?: (text: string) => string;
}

const defaultWorker = (url: string): WorkerLike => new Worker(url, { name: 'gradient-lens-engine' });
const blobUrl = (text: string) => URL.createObjectURL(new Blob([text], { type: 'text/javascript' }));

export function webTransport(options: WebTransportOptions): TransportFactory {
  const createWorker = options.createWorker ?? defaultWorker;
  const workerOptions: WebWorkerOptions = { testHooks: options.testHooks === true, warmUp: options.warmUp !== false };
  let url: Promise<string> | undefined;
  const scriptUrl = (): Promise<string> => {
    url ??= options
      .loadScript()
      .then((text) =>
        (options.scriptUrl ?? blobUrl)(`globalThis.${WEB_WORKER_OPTIONS} = ${JSON.stringify(workerOptions)};\n${text}`),
      );
    // A failed read is tried again by the next worker.
    url.catch(() => (url = undefined));
    return url;
  };

  return (handlers: TransportHandlers): EngineTransport => {
    let terminated = false;
    let worker: WorkerLike | undefined;
    /** Messages sent before the worker exists (its script is still being read). */
    const queue: unknown[] = [];
    const died = (reason: string) => {
      if (terminated) return;
      terminated = true;
      worker?.terminate();
      handlers.onExit(reason);
    };
    scriptUrl().then(
      (u) => {
        if (terminated) return;
        try {
          worker = createWorker(u);
        } catch (e) {
          died(`worker error: ${e instanceof Error ? e.message : String(e)}`);
          return;
        }
        const w = worker;
        w.addEventListener('message', (e) => {
          if (!terminated) handlers.onMessage(e.data as WorkerAnswer);
        });
        w.addEventListener('error', (e) => {
          // Handled here: without this the error would also reach the extension host's own `onerror`.
          e.preventDefault?.();
          died(`worker error: ${e.message ?? 'uncaught error'}`);
        });
        w.addEventListener('messageerror', () => died('worker error: a message could not be read'));
        for (const msg of queue.splice(0)) w.postMessage(msg);
      },
      (e: unknown) =>
        died(`worker error: the engine script could not be read: ${e instanceof Error ? e.message : String(e)}`),
    );
    return {
      send: (msg) => {
        if (terminated) return;
        if (worker) worker.postMessage(msg);
        else queue.push(msg);
      },
      terminate: () => {
        if (terminated) return;
        terminated = true;
        worker?.terminate();
      },
    };
  };
}
