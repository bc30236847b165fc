/**
 * A Web Worker's global scope, for tests in Node: a fresh `vm` realm with only what a browser's dedicated worker has
 * (no `process`, `Buffer`, `require`, `setImmediate`, …), so a Node global used by a script fails with a
 * ReferenceError. `postMessage` and `addEventListener('message')` are the worker's side of its channel.
 */
import { createContext, runInContext } from 'node:vm';

export interface WorkerRealm {
  /** What the script posted (copied out of the realm, as structured clone would). */
  posted: unknown[];
  /** Delivers a message to the script's `message` listeners. */
  send(data: unknown): void;
}

export function workerRealm(
  code: string,
  globals: Record<string, unknown> = {},
  onPost?: (msg: unknown) => void,
): WorkerRealm {
  const posted: unknown[] = [];
  const listeners: ((e: { data: unknown }) => void)[] = [];
  const realm = createContext({
    console,
    performance,
    TextEncoder,
    TextDecoder,
    atob,
    btoa,
    URL,
    setTimeout,
    clearTimeout,
    setInterval,
    clearInterval,
    queueMicrotask,
    structuredClone,
    postMessage: (m: unknown) => {
      const copy = JSON.parse(JSON.stringify(m));
      posted.push(copy);
      onPost?.(copy);
    },
    addEventListener: (type: string, l: (e: { data: unknown }) => void) => {
      if (type === 'message') listeners.push(l);
    },
    ...globals,
  });
  runInContext(code, realm);
  return {
    posted,
    send(data) {
      for (const l of listeners) l({ data: JSON.parse(JSON.stringify(data)) });
    },
  };
}
