/** The six workloads of the benchmark, and what every peer implements: run once, return the gradients read back. */

export type WorkloadId = 'W1' | 'W2' | 'W3' | 'W4' | 'W5' | 'W6';

export const WORKLOADS: readonly { id: WorkloadId; name: string; what: string }[] = [
  { id: 'W1', name: 'seed', what: 'the four seed-tutorial computations' },
  { id: 'W2', name: 'scalar loop', what: 'y = y*x + 0.001, 5,000 times (10,000 ops), dy/dx' },
  { id: 'W3', name: 'MLP', what: 'X[256,784] → relu(X@W1+b1)@W2+b2, mean softmax xent, 4 gradients' },
  { id: 'W4', name: 'matmul', what: 'sum(A@B), A, B [512,512], gradients for A and B' },
  { id: 'W5', name: 'elementwise', what: 'sum(sin(x)·exp(−x²) + tanh(x)), 1,000,000 float32, d/dx' },
  { id: 'W6', name: 'Hessian', what: 'n = 100, sum(x³) + xᵀAx, jacobian of the gradient' },
];

/**
 * One complete, timed run of a workload: forward, backward, gradients read back (tfjs: `dataSync`; our API: the
 * tensors' arrays; the interpreter: the RunReport). `grads` turns a run's result into flat arrays for the
 * correctness check, outside the timing.
 */
export interface Prepared {
  run(): unknown;
  grads(result: unknown): ArrayLike<number>[];
}

/** A plain run whose result already is the gradients. */
export function direct(run: () => ArrayLike<number>[]): Prepared {
  return { run, grads: (r) => r as ArrayLike<number>[] };
}

/** A peer prepares its inputs once per workload (outside the timing) and hands back the run. */
export interface Peer {
  readonly name: string;
  /** Why the peer cannot run here (e.g. its wasm did not initialise); absent when it can. */
  readonly unavailable?: string;
  prepare(id: WorkloadId): Prepared;
}
