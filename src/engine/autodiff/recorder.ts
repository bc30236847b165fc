import type { OpDef } from '../ops/registry';
import type { Tensor } from '../tensor/tensor';

/**
 * The hook between ops and tapes. `apply` calls `record` only while a tape or accumulator is active, so
 * eager code outside tapes pays one property read per op.
 */
export const recorder = {
  active: false,
  record: (_op: OpDef<any>, _inputs: readonly Tensor[], _out: Tensor, _attrs: unknown): void => {},
};

/** Run `f` with recording off: what it computes is invisible to every tape and accumulator (NumPy, `assign*`). */
export function withoutRecording<T>(f: () => T): T {
  const was = recorder.active;
  recorder.active = false;
  try {
    return f();
  } finally {
    recorder.active = was;
  }
}
