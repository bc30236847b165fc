/**
 * The notebook kernel's contract (engine → worker → extension): what one cell execution shows, in the shapes of
 * Jupyter's messages, so the extension writes them as standard notebook outputs (stream, execute_result, error).
 */

/** One output of a cell, as a Jupyter kernel sends it. */
export type KernelOutput =
  /** Text the cell wrote: `print` (stdout), TensorFlow's log lines and notices (stderr). */
  | { type: 'stream'; name: 'stdout' | 'stderr'; text: string }
  /** The `text/plain` of the last expression's value (what `Out[n]` shows). */
  | { type: 'execute_result'; executionCount: number; text: string }
  /** An exception that ended the cell: Jupyter's `ename`, `evalue` and traceback lines (no colours). */
  | { type: 'error'; ename: string; evalue: string; traceback: string[] };

/** One execution of a cell. */
export interface KernelExecution {
  /** The `In[n]` number: 1 for the first execution of a session. */
  executionCount: number;
  /** `error` when an exception (KeyboardInterrupt included) or a budget stop ended the cell. */
  status: 'ok' | 'error';
  /** In order, consecutive stream text of one name merged. */
  outputs: KernelOutput[];
}

/** The limits of a kernel session, per cell: the tensor caps, and a step budget when given (none by default). */
export interface KernelOptions {
  /** Names the notebook: unseeded random draws start from a seed derived from it, as in the lens. */
  document?: string;
  maxSteps?: number;
  maxTensorElements?: number;
  maxTotalMemoryMb?: number;
  recursionLimit?: number;
}

/** The width of IPython's traceback rule (`-----…`) and header line. */
export const TRACEBACK_WIDTH = 75;

/** IPython's header line of a traceback: `ZeroDivisionError                         Traceback (most recent call last)`. */
export function tracebackHeader(name: string): string {
  const title = 'Traceback (most recent call last)';
  return `${name}${' '.repeat(Math.max(0, TRACEBACK_WIDTH - name.length - title.length))}${title}`;
}
