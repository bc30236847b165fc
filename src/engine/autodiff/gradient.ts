import { EngineError } from '../errors';
import { concat, reshape, zeros } from '../ops/array';
import { cast } from '../ops/math';
import { session } from '../session';
import { allocate, type DType, isDifferentiable, type NumericData } from '../tensor/dtype';
import type { IndexedSlices } from '../tensor/indexedSlices';
import { type Shape, shapeTuple, sizeOf } from '../tensor/shape';
import { Tensor, Variable } from '../tensor/tensor';
import { backprop, type KeepAdjoint, type KeptAdjoint, toDense } from './backprop';
import type { GradientTape, Recording, TapeNode } from './tape';

/** What `gradient()` accepts as a target or source: a tensor, or a variable (meaning its handle). */
export type Differentiable = Tensor | Variable;
export type GradResult = Tensor | IndexedSlices | null;
export type Unconnected = 'none' | 'zero';

const keyOf = (x: Differentiable): Tensor => (x instanceof Variable ? x.handle : x);

/** Everything a gradient call did, for the report's chain-rule explanation and the inspector. */
export interface GradientEvent {
  readonly tape: GradientTape;
  readonly kind: 'gradient' | 'jacobian' | 'batch_jacobian';
  readonly nodes: readonly TapeNode[];
  readonly targets: readonly Tensor[];
  readonly sources: readonly Tensor[];
  readonly results: readonly GradResult[];
  /** Every adjoint the pass computed, a large one as the listener's `keepAdjoint` kept it (its preview). */
  readonly adjoints: ReadonlyMap<number, KeptAdjoint>;
  /** `output_gradients`, one per target (as cast for it), when the call gave them: the backward pass starts there. */
  readonly seeds?: readonly (Tensor | null)[];
  /** Whether the tape knew a tensor when the call ran (no gradient reaches a source it does not know). */
  readonly knows: (t: Tensor) => boolean;
}

/**
 * `session.gradientListener`: called after every gradient call. With `keepAdjoint`, the backward pass keeps each
 * op output's adjoint as that function returns it (the report keeps previews of large ones), else the tensors.
 */
export interface GradientListener {
  (e: GradientEvent): void;
  keepAdjoint?: KeepAdjoint;
}

/**
 * The tape's knowledge as backprop asks for it. A later `watch` or `reset` changes what the recording knows; the
 * report reads `knows` after the call, so it gets the ids known now.
 */
function knower(rec: Recording): (t: Tensor) => boolean {
  return rec.knowsNow();
}

function zerosFor(x: Differentiable, extra: Shape = []): Tensor {
  return zeros([...extra, ...x.shape], x.dtype);
}

/**
 * A source has a gradient only if the tape knows it (watched, or made by a recorded op) or it is a target itself:
 * an unwatched tensor that merely fed a recorded op gets None (another tape's source, a constant).
 */
function reaches(rec: Recording, source: Tensor, targets: readonly Tensor[]): boolean {
  return rec.knows(source) || targets.includes(source);
}

/** `tape.gradient(target, sources, output_gradients, unconnected_gradients)` on flat lists. */
export function gradient(
  tape: GradientTape,
  targets: readonly Differentiable[],
  sources: readonly Differentiable[],
  opts: { outputGradients?: readonly (Tensor | null)[]; unconnected?: Unconnected } = {},
): GradResult[] {
  const rec = tape.beginGradient();
  const nodes = rec.nodes.slice();
  try {
    const tKeys = targets.map(keyOf);
    const sKeys = sources.map(keyOf);
    const seeds = tKeys.map((t, i) => {
      const s = opts.outputGradients?.[i];
      return s ? (s.dtype === t.dtype ? s : cast(s, t.dtype)) : null;
    });
    const listener = session.gradientListener;
    const want = listener === undefined ? false : (listener.keepAdjoint ?? true);
    const { sourceGrads, adjoints } = backprop(nodes, tKeys, seeds, sKeys, want, knower(rec));
    const results = sources.map((s, i): GradResult => {
      const g = isDifferentiable(s.dtype) && reaches(rec, sKeys[i], tKeys) ? sourceGrads[i] : undefined;
      if (g) return g;
      return opts.unconnected === 'zero' ? zerosFor(s) : null;
    });
    if (listener && adjoints) {
      listener({
        tape,
        kind: 'gradient',
        nodes,
        targets: tKeys,
        sources: sKeys,
        results,
        adjoints,
        ...(opts.outputGradients ? { seeds } : {}),
        knows: knower(rec),
      });
    }
    return results;
  } finally {
    tape.endGradient();
  }
}

/** A seed of ones where `on(flatIndex)` holds, zeros elsewhere (rows of a Jacobian). */
function seedWhere(shape: Shape, dtype: DType, on: (k: number) => boolean): Tensor {
  const data = allocate(dtype, sizeOf(shape)) as NumericData;
  for (let k = 0; k < data.length; k++) if (on(k)) data[k] = 1;
  return new Tensor(dtype, shape, data);
}

/**
 * `tape.jacobian(target, sources)`: one backward pass per target element (TF vectorises this with pfor; the
 * result is the same). Shape `target.shape + source.shape`; unconnected sources give None, or zeros with 'zero'.
 */
export function jacobian(
  tape: GradientTape,
  target: Differentiable,
  sources: readonly Differentiable[],
  opts: { unconnected?: Unconnected } = {},
): (Tensor | null)[] {
  const rec = tape.beginGradient();
  const nodes = rec.nodes.slice();
  try {
    const t = keyOf(target);
    const sKeys = sources.map(keyOf);
    const n = sizeOf(t.shape);
    const knows = knower(rec);
    const rows: (Tensor | null)[][] = sources.map(() => []);
    const listener = session.gradientListener;
    let adjoints = new Map<number, KeptAdjoint>();
    for (let i = 0; i < n; i++) {
      const seed = seedWhere(t.shape, t.dtype, (k) => k === i);
      const want = i === 0 && listener !== undefined ? (listener.keepAdjoint ?? true) : false;
      const r = backprop(nodes, [t], [seed], sKeys, want, knows);
      if (r.adjoints) adjoints = r.adjoints;
      sKeys.forEach((s, j) => {
        const g = isDifferentiable(s.dtype) && reaches(rec, s, [t]) ? r.sourceGrads[j] : undefined;
        rows[j].push(g ? toDense(g) : null);
      });
    }
    const results = sources.map((s, j) => {
      const rs = rows[j];
      if (rs.every((r) => r === null) && opts.unconnected !== 'zero') return null;
      if (n === 0) return zerosFor(s, t.shape);
      const parts = rs.map((r) => reshape(r ?? zerosFor(s), [1, ...s.shape]));
      return reshape(concat(parts, 0), [...t.shape, ...s.shape]);
    });
    listener?.({ tape, kind: 'jacobian', nodes, targets: [t], sources: sKeys, results, adjoints, knows });
    return results;
  } finally {
    tape.endGradient();
  }
}

/** `tape.batch_jacobian(target, source)`: per-example Jacobians, assuming rows are independent (not checked). */
export function batchJacobian(
  tape: GradientTape,
  target: Differentiable,
  source: Differentiable,
  opts: { unconnected?: Unconnected } = {},
): Tensor {
  const t = keyOf(target);
  const s = keyOf(source);
  if (t.rank < 2) throw new EngineError('ValueError', `Shape ${shapeTuple(t.shape)} must have rank at least 2`);
  if (s.rank < 2) throw new EngineError('ValueError', `Shape ${shapeTuple(s.shape)} must have rank at least 2`);
  if (t.shape[0] !== s.shape[0]) {
    throw new EngineError(
      'ValueError',
      `Need first dimension of target shape (${shapeTuple(t.shape)}) and source shape (${shapeTuple(s.shape)}) to match.`,
    );
  }
  const rec = tape.beginGradient('batch_jacobian');
  const nodes = rec.nodes.slice();
  void opts;
  try {
    const b = t.shape[0];
    const inner = t.shape.slice(1);
    const m = sizeOf(inner);
    const knows = knower(rec);
    const cols: Tensor[] = [];
    const listener = session.gradientListener;
    let adjoints = new Map<number, KeptAdjoint>();
    for (let j = 0; j < m; j++) {
      const seed = seedWhere(t.shape, t.dtype, (k) => k % m === j);
      const want = j === 0 && listener !== undefined ? (listener.keepAdjoint ?? true) : false;
      const r = backprop(nodes, [t], [seed], [s], want, knows);
      if (r.adjoints) adjoints = r.adjoints;
      const g = isDifferentiable(s.dtype) && reaches(rec, s, [t]) ? r.sourceGrads[0] : undefined;
      cols.push(reshape(g ? toDense(g) : zerosFor(s), [b, 1, ...s.shape.slice(1)]));
    }
    const result =
      m === 0
        ? zeros([...t.shape, ...s.shape.slice(1)], s.dtype)
        : reshape(concat(cols, 1), [...t.shape, ...s.shape.slice(1)]);
    listener?.({
      tape,
      kind: 'batch_jacobian',
      nodes,
      targets: [t],
      sources: [s],
      results: [result],
      adjoints,
      knows,
    });
    return result;
  } finally {
    tape.endGradient();
  }
}
