/**
 * The worker's side of the notebook kernel, shared by the Node and web entry points: `kernelStart` makes the
 * session, each `kernelExecute` runs a cell and streams its outputs back. Stream text is batched (sent when another
 * kind of output comes, when the cell ends, or at a budget poll once 100 ms have passed since the last send) so a
 * loop that prints a line per step does not post a message per line.
 */
import { KernelSession } from '../engine/kernel/kernelSession';
import type { KernelOutput } from '../protocol/kernel';
import type { KernelExecute, KernelStart, WorkerToHost } from '../protocol/messages';

const FLUSH_MS = 100;

export interface KernelServer {
  handle(msg: KernelStart | KernelExecute): void;
}

export function kernelServer(
  post: (msg: WorkerToHost) => void,
  now: () => number = () => performance.now(),
): KernelServer {
  let kernel: KernelSession | undefined;
  let id = -1;
  let pending: KernelOutput[] = [];
  let sent = now();
  const flush = () => {
    if (pending.length) post({ type: 'kernelOutput', id, outputs: pending });
    pending = [];
    sent = now();
  };
  const onOutput = (o: KernelOutput) => {
    const last = pending[pending.length - 1];
    if (o.type === 'stream' && last?.type === 'stream' && last.name === o.name) {
      pending[pending.length - 1] = { ...last, text: last.text + o.text };
    } else pending.push(o);
    if (o.type !== 'stream' || now() - sent >= FLUSH_MS) flush();
  };
  return {
    handle(msg) {
      if (msg.type === 'kernelStart') {
        const flag = msg.interrupt ? new Int32Array(msg.interrupt) : undefined;
        const interrupted = () => {
          if (pending.length && now() - sent >= FLUSH_MS) flush();
          return flag !== undefined && Atomics.exchange(flag, 0, 0) === 1;
        };
        kernel = new KernelSession(msg.options, interrupted, onOutput);
        return;
      }
      id = msg.id;
      try {
        if (!kernel) throw new Error('kernelExecute before kernelStart');
        const x = kernel.execute(msg.code);
        flush();
        post({ type: 'kernelDone', id: msg.id, executionCount: x.executionCount, status: x.status });
      } catch (e) {
        flush();
        const err = e instanceof Error ? e : new Error(String(e));
        post({ type: 'failure', id: msg.id, message: err.message, stack: err.stack });
      }
    },
  };
}
