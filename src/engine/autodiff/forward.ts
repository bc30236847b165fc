import { EngineError } from '../errors';
import { zerosLike } from '../ops/array';
import { add, cast, mul } from '../ops/math';
import { reduceSum } from '../ops/reduce';
import type { OpDef } from '../ops/registry';
import { isDifferentiable } from '../tensor/dtype';
import { IndexedSlices } from '../tensor/indexedSlices';
import { type Tensor, Variable } from '../tensor/tensor';
import { backprop, toDense, unbroadcast } from './backprop';
import {
  activeObservers,
  GradientTape,
  type OpObserver,
  popObserver,
  pushObserver,
  type TapeNode,
  tfLog,
} from './tape';

/**
 * `tf.autodiff.ForwardAccumulator`. Each observed op's JVP is computed at once with the double-VJP trick TF's
 * forwardprop uses: the VJP is linear in its upstream `u`, so `J·t = d/du <VJP(u), t>`. This reuses every op's
 * VJP (no second rule table), and because the trick runs ordinary ops, outer accumulators and tapes see them —
 * which is what gives forward-over-forward and forward-over-backward derivatives.
 */
export class ForwardAccumulator implements OpObserver {
  private readonly tangents = new Map<number, Tensor>();
  private active = false;

  constructor(primals: readonly (Tensor | Variable)[], tangents: readonly Tensor[]) {
    primals.forEach((p, i) => {
      const key = p instanceof Variable ? p.handle : p;
      if (this.tangents.has(key.id)) {
        throw new EngineError(
          'ValueError',
          'Tensor {} was specified as a primal multiple times. This may indicate an error. If it was intended, please sum the corresponding tangents.',
        );
      }
      if (!isDifferentiable(key.dtype)) {
        tfLog.warnFirstN(
          'primal-dtype',
          1,
          `The dtype of the watched primal must be floating (e.g. tf.float32), got tf.${key.dtype}`,
        );
      }
      const t = tangents[i];
      this.tangents.set(key.id, t.dtype === key.dtype ? t : cast(t, key.dtype));
    });
  }

  enter(): this {
    this.active = true;
    pushObserver(this);
    return this;
  }

  exit(): void {
    this.active = false;
    popObserver(this);
  }

  /** `acc.jvp(t)`: a lookup, never a computation. */
  jvp(t: Tensor | Variable, unconnected: 'none' | 'zero' = 'none'): Tensor | null {
    const key = t instanceof Variable ? t.handle : t;
    const found = this.tangents.get(key.id);
    if (found) return found;
    return unconnected === 'zero' ? zerosLike(key) : null;
  }

  observe(op: OpDef<any>, inputs: readonly Tensor[], out: Tensor, _attrs: unknown, node: () => TapeNode): void {
    if (!this.active || op.vjp === 'none' || !isDifferentiable(out.dtype)) return;
    const ts = inputs.map((x) => (isDifferentiable(x.dtype) ? this.tangents.get(x.id) : undefined));
    if (ts.every((t) => t === undefined)) return;
    if (op.vjp === undefined)
      throw new EngineError('LookupError', `gradient registry has no entry for: ${op.name}`, op.name);
    const vjp = op.vjp;
    const n = node();
    // Pause this accumulator and every one entered after it (they are "inside" it); outer ones keep observing.
    const all = activeObservers();
    const mine = all.indexOf(this);
    const paused = all.slice(mine).filter((o): o is ForwardAccumulator => o instanceof ForwardAccumulator && o.active);
    for (const p of paused) p.active = false;
    try {
      const u = zerosLike(out);
      const trick = new GradientTape(false);
      trick.enter();
      let dot: Tensor | undefined;
      try {
        trick.watch(u);
        const gs = vjp(u, n);
        gs.forEach((g, i) => {
          const t = ts[i];
          if (!g || !t) return;
          const dense = g instanceof IndexedSlices ? toDense(g) : unbroadcast(g, inputs[i].shape);
          const term = reduceSum(mul(dense, t));
          dot = dot ? add(dot, term) : term;
        });
      } finally {
        trick.exit();
      }
      const rec = trick.recording;
      if (!dot || !rec) return;
      const jvp = backprop(rec.nodes, [dot], [null], [u]).sourceGrads[0];
      if (jvp) this.tangents.set(out.id, toDense(jvp));
    } finally {
      for (const p of paused) p.active = true;
    }
  }
}
