/**
 * What host modules tell the report while a run is going on (tapes entered, gradient calls with their argument
 * texts, NumPy round trips). `run.ts` installs a sink for the run; without one, every hook is a no-op.
 */
import type { GradientTape } from '../autodiff/tape';
import type { SourceSpan } from '../span';
import type { Tensor } from '../tensor/tensor';

export interface RunSink {
  tapeEntered(tape: GradientTape, span: SourceSpan): void;
  gradientStarting(tape: GradientTape, span: SourceSpan, sourceValues: readonly unknown[]): void;
  gradientFailed(tape: GradientTape, span: SourceSpan, error: unknown): void;
  fromNumpy(t: Tensor, span: SourceSpan): void;
}

export const hooks: { sink: RunSink | undefined } = { sink: undefined };
