/**
 * The worker's side of the protocol, shared by the Node (`worker.node.ts`) and web (`worker.web.ts`) entry points: answer each run
 * request with the engine's report, or with a failure message when the engine itself throws.
 */
import type { RunRequest, WorkerToHost } from '../protocol/messages';
import type { RunInput, RunOptions, RunReport } from '../protocol/report';

export type RunFn = (input: RunInput, options?: RunOptions) => RunReport;

export function serve(msg: RunRequest, run: RunFn, now: () => number = () => performance.now()): WorkerToHost {
  const t0 = now();
  try {
    const report = run(msg.input, msg.options);
    return { type: 'result', id: msg.id, report, workerMs: now() - t0 };
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e));
    return { type: 'failure', id: msg.id, message: err.message, stack: err.stack };
  }
}
