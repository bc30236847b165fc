/**
 * A fresh Python process for the engine: no tapes, no taints, NumPy's print options, no random seeds (unseeded
 * draws from the document's pinned stream). A run starts here, and so does a notebook kernel.
 */
import { resetTapeState } from './autodiff/tape';
import { variableReads } from './autodiff/variables';
import { NdArray } from './modules/boxes';
import { resetPrintOptions } from './modules/numpyPrintOptions';
import { documentSeed, resetRandomState } from './ops/random';
import { resetTaints, taintHooks, taintOf } from './python/taint';
import { Variable } from './tensor/tensor';

export function freshEngineState(document: string | undefined): void {
  resetTapeState();
  resetTaints();
  // What an unsupported call may change in place: variables and NumPy arrays (through any view of their data).
  taintHooks.mutablePayload = (p) => p instanceof Variable || (p instanceof NdArray && !p.scalar);
  taintHooks.shared = (p) => (p instanceof NdArray ? p.store : p);
  variableReads.check = (v) => {
    const u = taintOf(v);
    if (u !== undefined) throw u;
  };
  resetPrintOptions();
  resetRandomState(documentSeed(document));
}
