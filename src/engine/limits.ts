import { EngineError } from './errors';
import { session } from './session';

/** Resource caps of one run. The interpreter sets them from the run options; the engine enforces them per allocation. */
export const limits = {
  /** Largest number of elements a single tensor may hold. */
  maxElements: 50_000_000,
  /** Bytes the run may allocate for tensor data in total (a work budget; garbage is not subtracted). */
  maxTotalBytes: 8 * 1024 ** 3,
  allocatedBytes: 0,
  /** Work since the last poll. */
  work: 0,
};

/** Work units (tensor elements written, multiply-adds) between two budget polls: a few milliseconds. */
const POLL_WORK = 4_000_000;
/** The fixed cost of one op in work units (about a microsecond, like a thousand element operations). */
const OP_WORK = 1000;

/**
 * Counts work done or about to be done by a kernel; polls the run's budget (`session.poll`) when enough has
 * accumulated: the interpreter checks its budget every 1,024 steps, and one step can allocate a large tensor or
 * multiply large matrices — a loop of such steps must still stop at its deadline, not seconds later.
 */
export function chargeWork(units: number): void {
  limits.work += units;
  if (limits.work >= POLL_WORK) {
    limits.work = 0;
    session.poll?.();
  }
}

export function resetAllocations(): void {
  limits.allocatedBytes = 0;
  limits.work = 0;
}

export function chargeAllocation(elements: number, bytesPerElement: number, what: string): void {
  if (elements > limits.maxElements) {
    throw new EngineError(
      'ResourceExhaustedError',
      `${what}: a tensor of ${elements.toLocaleString('en-US')} elements exceeds the element cap of ${limits.maxElements.toLocaleString('en-US')} (setting gradientLens.maxTensorElements)`,
    );
  }
  limits.allocatedBytes += elements * bytesPerElement;
  if (limits.allocatedBytes > limits.maxTotalBytes) {
    throw new EngineError(
      'ResourceExhaustedError',
      `${what}: the run allocated more than ${Math.round(limits.maxTotalBytes / 1024 ** 2)} MiB of tensor data (setting gradientLens.maxTotalMemoryMb)`,
    );
  }
  // An op also costs a fixed overhead: a backward pass over a tape of 3,000 scalar ops is one interpreter step.
  chargeWork(elements + OP_WORK);
}
