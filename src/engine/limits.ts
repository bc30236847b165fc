import { EngineError } from './errors';

/** Resource caps of one run. The interpreter sets them from the run options; the engine enforces them per allocation. */
export const limits = {
  /** Largest number of elements a single tensor may hold. */
  maxElements: 50_000_000,
  /** Bytes the run may allocate for tensor data in total (a work budget; garbage is not subtracted). */
  maxTotalBytes: 8 * 1024 ** 3,
  allocatedBytes: 0,
};

export function resetAllocations(): void {
  limits.allocatedBytes = 0;
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
}
