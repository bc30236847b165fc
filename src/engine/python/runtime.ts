/**
 * The running interpreter, as seen by the value-level modules (format, operators, dict hashing, builtins) that need
 * to call back into Python for user dunders. Runs are synchronous, so one active runtime at a time is enough; outside
 * a run, a detached interpreter (made on demand by interpreter.ts) serves host calls such as `pyRepr`.
 */
import type { Span } from '../span';
import type { CallContext, KwArgs, PyUnknown, PyValue } from './values';

export interface Runtime {
  /** Calls a Python callable at `span` (defaults to the current location). */
  call(fn: PyValue, args: PyValue[], kwargs?: KwArgs | null, span?: Span): PyValue;
  /** Charges one evaluation step (builtins iterating user data call it per element). */
  tick(): void;
  /** Checks the step budget, the deadline and cancellation now (host code doing heavy work between steps). */
  checkBudget(): void;
  /** The span of the expression being evaluated (for errors raised by builtins). */
  readonly span: Span;
  /** A call context for host code invoked outside a call expression (e.g. a native `__repr__` during print). */
  context(span?: Span): CallContext;
  /** An Unknown for `what`, with one information diagnostic at `span` (default: the current location). */
  unsupported(what: string, span?: Span): PyUnknown;
}

let active: Runtime | null = null;

/**
 * Charges the budget for work proportional to `size` done in one step (repeating a sequence, scanning a long
 * string): one step per 4,096 items, so a loop of such steps meets its budget check in time.
 */
export function chargeSize(size: number): void {
  if (size < 4096 || !active) return;
  for (let k = size >> 12; k > 0; k--) active.tick();
}
let makeDetached: (() => Runtime) | null = null;

/** The active runtime, or a fresh detached one (with a small budget of its own) outside a run. */
export function runtime(): Runtime {
  if (active) return active;
  if (!makeDetached) throw new Error('python runtime: no interpreter available');
  return makeDetached();
}

/** Makes `rt` the active runtime; returns the previous one to restore. */
export function activate(rt: Runtime | null): Runtime | null {
  const prev = active;
  active = rt;
  return prev;
}

export function setDetachedRuntimeFactory(make: () => Runtime): void {
  makeDetached = make;
}
