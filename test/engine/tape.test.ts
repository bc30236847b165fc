import { afterEach, describe, expect, it } from 'vitest';
import { recordCustomGradient } from '../../src/engine/autodiff/customGradient';
import { ForwardAccumulator } from '../../src/engine/autodiff/forward';
import { batchJacobian, gradient, jacobian } from '../../src/engine/autodiff/gradient';
import { GradientTape, resetTapeState } from '../../src/engine/autodiff/tape';
import { readVariable } from '../../src/engine/autodiff/variables';
import { ones, reshape } from '../../src/engine/ops/array';
import { gather } from '../../src/engine/ops/gather';
import { add, cast, divide, mul, stopGradient, sub } from '../../src/engine/ops/math';
import { reduceSum } from '../../src/engine/ops/reduce';
import { session } from '../../src/engine/session';
import { constant } from '../../src/engine/tensor/convert';
import { IndexedSlices } from '../../src/engine/tensor/indexedSlices';
import { type Tensor, Variable } from '../../src/engine/tensor/tensor';

const vals = (t: unknown) => Array.from((t as Tensor).data as Float32Array);
const v = (x: number | number[], opts: { trainable?: boolean; name?: string } = {}) =>
  new Variable(constant(x), opts.trainable ?? true, opts.name ?? 'Variable:0');

/** Run `body` inside a fresh tape's context and return the tape. */
function record(body: (t: GradientTape) => void, persistent = false, watchAccessed = true): GradientTape {
  const t = new GradientTape(persistent, watchAccessed).enter();
  try {
    body(t);
  } finally {
    t.exit();
  }
  return t;
}

const logs: string[] = [];
session.log = (l) => logs.push(l);
afterEach(() => {
  resetTapeState();
  logs.length = 0;
});

describe('what a tape records (TF-SEMANTICS §2)', () => {
  it('unwatched constants are invisible: gradient None', () => {
    const x = constant(3.0);
    let y!: Tensor;
    const t = record(() => {
      y = mul(x, x);
    });
    expect(gradient(t, [y], [x])).toEqual([null]);
  });

  it('trainable variables are watched on read; non-trainable and replaced ones are not', () => {
    const x0 = v(3.0, { name: 'x0:0' });
    const x1 = v(3.0, { trainable: false, name: 'x1:0' });
    const x2 = add(v(2.0), 1.0);
    const x3 = constant(3.0);
    let y!: Tensor;
    const t = record(() => {
      y = add(add(add(mul(x0, x0), mul(x1, x1)), mul(x2, x2)), mul(x3, x3));
    });
    const g = gradient(t, [y], [x0, x1, x2, x3]);
    expect(vals(g[0])).toEqual([6]);
    expect(g.slice(1)).toEqual([null, null, null]);
    expect(t.watchedVariables().map((w) => w.name)).toEqual(['x0:0']);
  });

  it('watch_accessed_variables=False watches only what is watched explicitly', () => {
    const a = v(2.0);
    const b = v(5.0);
    let y!: Tensor;
    const t = record(
      (tp) => {
        tp.watchVariable(a);
        y = mul(a, b);
      },
      false,
      false,
    );
    const [ga, gb] = gradient(t, [y], [a, b]);
    expect(vals(ga)).toEqual([5]);
    expect(gb).toBeNull();
  });

  it('a non-trainable variable can be watched explicitly', () => {
    const a = v(2.0, { trainable: false });
    let y!: Tensor;
    const t = record((tp) => {
      tp.watchVariable(a);
      y = mul(a, a);
    });
    expect(vals(gradient(t, [y], [a])[0])).toEqual([4]);
  });

  it('ops on watched int tensors are not recorded; watching warns (log_first_n 5)', () => {
    const xi = constant(3n);
    let y!: Tensor;
    const t = record((tp) => {
      for (let i = 0; i < 7; i++) tp.watch(xi);
      y = mul(xi, xi);
    });
    expect(gradient(t, [y], [xi])).toEqual([null]);
    expect(logs.length).toBe(5);
    expect(logs[0]).toBe(
      'WARNING:tensorflow:The dtype of the watched tensor must be floating (e.g. tf.float32), got tf.int32',
    );
  });

  it('values computed before the tape are constants for it', () => {
    const w = v(2.0);
    const before = mul(w, 1.0);
    let y!: Tensor;
    const t = record(() => {
      y = mul(before, w);
    });
    const [gw] = gradient(t, [y], [w]);
    expect(vals(gw)).toEqual([2]);
  });

  it('assign is not differentiated through; the next read has the new value', () => {
    const x0 = v(3.0);
    const x1 = v(0.0);
    let y!: Tensor;
    const t = record(() => {
      x1.value = add(x1.value, readVariable(x0)); // what assign_add does: a new value, no recorded path
      y = mul(x1, x1);
    });
    const [g0, g1] = gradient(t, [y], [x0, x1]);
    expect(g0).toBeNull();
    expect(vals(g1)).toEqual([6]);
  });

  it('stop_gradient: x * stop_gradient(x) has gradient x; straight-through estimator has gradient 1', () => {
    const x = constant(3.0);
    let y!: Tensor;
    const t = record((tp) => {
      tp.watch(x);
      y = mul(x, stopGradient(x));
    });
    expect(vals(gradient(t, [y], [x])[0])).toEqual([3]);
  });
});

describe('gradient() (TF-SEMANTICS §3)', () => {
  it('non-scalar targets and several targets sum', () => {
    const x = constant(2.0);
    let y0!: Tensor;
    let y1!: Tensor;
    const t = record((tp) => {
      tp.watch(x);
      y0 = mul(x, x);
      y1 = divide(1.0, x);
    });
    expect(vals(gradient(t, [y0, y1], [x])[0])).toEqual([3.75]);
    const x2 = constant(2.0);
    let y!: Tensor;
    const t2 = record((tp) => {
      tp.watch(x2);
      y = mul(x2, constant([3.0, 4.0]));
    });
    expect(vals(gradient(t2, [y], [x2])[0])).toEqual([7]);
  });

  it('a target that is also a source is seeded with ones: gradient([x, x*x], x) = 1 + 2x', () => {
    const x = constant(3.0);
    let y!: Tensor;
    const t = record((tp) => {
      tp.watch(x);
      y = mul(x, x);
    });
    expect(vals(gradient(t, [x, y], [x])[0])).toEqual([7]);
  });

  it('variable targets: gradient(v0, [v0, v1]) = [1, None]', () => {
    const v0 = v(2.0);
    const v1 = v(3.0);
    const t = record(() => {
      mul(v0, v1);
    });
    const g = gradient(t, [v0], [v0, v1]);
    expect(vals(g[0])).toEqual([1]);
    expect(g[1]).toBeNull();
  });

  it('intermediate sources: gradient(z, [x, y]) gives x the total derivative', () => {
    const x = constant(3.0);
    let y!: Tensor;
    let z!: Tensor;
    const t = record((tp) => {
      tp.watch(x);
      y = mul(x, x);
      z = mul(y, y);
    });
    const [gx, gy] = gradient(t, [z], [x, y]);
    expect(vals(gx)).toEqual([108]);
    expect(vals(gy)).toEqual([18]);
  });

  it('unconnected_gradients=ZERO gives zeros of the source shape and dtype', () => {
    const x = constant([1.0, 2.0]);
    const u = constant([5.0, 6.0], 'float64');
    let y!: Tensor;
    const t = record((tp) => {
      tp.watch(x);
      tp.watch(u);
      y = mul(x, x);
    });
    const [, gu] = gradient(t, [y], [x, u], { unconnected: 'zero' });
    expect((gu as Tensor).dtype).toBe('float64');
    expect(vals(gu)).toEqual([0, 0]);
  });

  it('output_gradients replaces the ones seed', () => {
    const x = constant([1.0, 2.0]);
    let y!: Tensor;
    const t = record((tp) => {
      tp.watch(x);
      y = mul(x, x);
    });
    expect(vals(gradient(t, [y], [x], { outputGradients: [constant([10.0, 100.0])] })[0])).toEqual([20, 400]);
  });

  it('a second call on a non-persistent tape raises; persistent tapes allow many', () => {
    const x = constant(3.0);
    let y!: Tensor;
    const t = record((tp) => {
      tp.watch(x);
      y = mul(x, x);
    });
    gradient(t, [y], [x]);
    expect(() => gradient(t, [y], [x])).toThrow(
      'A non-persistent GradientTape can only be used to compute one set of gradients (or jacobians)',
    );
    expect(() => batchJacobian(t, reshape(y, [1, 1]), reshape(x, [1, 1]))).toThrow(
      'A non-persistent GradientTape can only be used tocompute one set of gradients (or jacobians)',
    );
  });

  it('gradient inside a non-persistent context stops recording; persistent warns once and records', () => {
    const x = constant(3.0);
    const t = new GradientTape().enter();
    t.watch(x);
    const y = mul(x, x);
    gradient(t, [y], [x]);
    expect(t.isRecording).toBe(false);
    t.exit();

    const p = new GradientTape(true).enter();
    p.watch(x);
    const y3 = mul(mul(x, x), x);
    const g = gradient(p, [y3], [x])[0] as Tensor;
    gradient(p, [y3], [x]);
    p.exit();
    expect(logs.filter((l) => l.includes('persistent tape inside its context')).length).toBe(1);
    expect(vals(gradient(p, [g], [x])[0])).toEqual([18]); // d/dx 3x^2 = 6x at 3
  });

  it('re-entering a recording tape raises; stop_recording and reset errors', () => {
    const t = new GradientTape().enter();
    expect(() => t.enter()).toThrow(
      'Tape is still recording, This can happen if you try to re-enter an already-active tape.',
    );
    t.exit();
    expect(() => t.reset()).toThrow('Tape is not recording.');
    expect(() => t.beginStopRecording()).toThrow('Tape is not recording.');
    expect(() => new GradientTape().beginStopRecording()).toThrow(
      'Trying to stop recording a tape which is not recording.',
    );
  });

  it('stop_recording: ops inside are constants; reset drops what was recorded', () => {
    const x = constant(3.0);
    let z!: Tensor;
    const t = record((tp) => {
      tp.watch(x);
      const y = tp.stopRecording(() => mul(x, x));
      z = mul(y, x);
    });
    expect(vals(gradient(t, [z], [x])[0])).toEqual([9]);

    const v0 = v(2.0);
    let y2!: Tensor;
    const t2 = record((tp) => {
      mul(v0, v0);
      tp.reset();
      y2 = mul(v0, 3.0);
    });
    expect(vals(gradient(t2, [y2], [v0])[0])).toEqual([3]);
  });

  it('IndexedSlices from gather; duplicates kept and densified on demand', () => {
    const p = v([1.0, 2.0, 3.0]);
    let y!: Tensor;
    const t = record(() => {
      y = gather(p, constant([2n, 0n, 2n]));
    });
    const [g] = gradient(t, [y], [p]);
    expect(g).toBeInstanceOf(IndexedSlices);
    const s = g as IndexedSlices;
    expect(Array.from(s.indices.data as Int32Array)).toEqual([2, 0, 2]);
    expect(s.denseShape).toEqual([3]);
  });

  it('cast float→int→float path gives None; float32→float64 casts the gradient back', () => {
    const x = constant(2.5);
    let a!: Tensor;
    let b!: Tensor;
    const t = record((tp) => {
      tp.watch(x);
      a = cast(cast(x, 'int32'), 'float32');
      b = mul(cast(x, 'float64'), 2);
    });
    const p = new GradientTape(true);
    void p;
    const [ga] = gradient(
      record((tp) => {
        tp.watch(x);
        a = cast(cast(x, 'int32'), 'float32');
      }),
      [a],
      [x],
    );
    expect(ga).toBeNull();
    const [gb] = gradient(t, [b], [x]);
    expect((gb as Tensor).dtype).toBe('float32');
    expect(vals(gb)).toEqual([2]);
  });
});

describe('higher order, jacobians, forward mode, custom gradients', () => {
  it('third derivative of x^4 at 1 is 24 through three nested tapes', () => {
    const x = v(1.0);
    const t1 = new GradientTape().enter();
    const t2 = new GradientTape().enter();
    const t3 = new GradientTape().enter();
    const y = mul(mul(x, x), mul(x, x));
    t3.exit();
    const d1 = gradient(t3, [y], [x])[0] as Tensor;
    t2.exit();
    const d2 = gradient(t2, [d1], [x])[0] as Tensor;
    t1.exit();
    const d3 = gradient(t1, [d2], [x])[0] as Tensor;
    expect([vals(d1), vals(d2), vals(d3)]).toEqual([[4], [12], [24]]);
  });

  it('jacobian has shape target + source; unconnected → None; batch_jacobian per row', () => {
    const x = constant([1.0, 2.0, 3.0]);
    const u = constant(1.0);
    let y!: Tensor;
    const t = record((tp) => {
      tp.watch(x);
      tp.watch(u);
      y = mul(x, x);
    }, true);
    const [j, ju] = jacobian(t, y, [x, u]);
    expect(j?.shape).toEqual([3, 3]);
    expect(vals(j)).toEqual([2, 0, 0, 0, 4, 0, 0, 0, 6]);
    expect(ju).toBeNull();

    const xb = constant([
      [1.0, 2.0],
      [3.0, 4.0],
    ]);
    let yb!: Tensor;
    const tb = record((tp) => {
      tp.watch(xb);
      yb = mul(xb, xb);
    }, true);
    const bj = batchJacobian(tb, yb, xb);
    expect(bj.shape).toEqual([2, 2, 2]);
    expect(vals(bj)).toEqual([2, 0, 0, 4, 6, 0, 0, 8]);
    expect(() => batchJacobian(tb, constant([1.0, 2.0]), xb)).toThrow('Shape (2,) must have rank at least 2');
    expect(() => batchJacobian(tb, ones([4, 2]), xb)).toThrow(
      'Need first dimension of target shape ((4, 2)) and source shape ((2, 2)) to match.',
    );
  });

  it('ForwardAccumulator: jvp lookup, nesting gives second derivatives, forward-over-backward HVP', () => {
    const x = constant(1.1);
    const outer = new ForwardAccumulator([x], [constant(1.0)]).enter();
    const inner = new ForwardAccumulator([x], [constant(1.0)]).enter();
    const y = mul(mul(x, x), x);
    inner.exit();
    const dy = inner.jvp(y) as Tensor;
    outer.exit();
    const d2y = outer.jvp(dy) as Tensor;
    expect(vals(dy)[0]).toBeCloseTo(3 * 1.1 * 1.1, 5);
    expect(vals(d2y)[0]).toBeCloseTo(6 * 1.1, 5);
    expect(inner.jvp(constant(2.0))).toBeNull();

    const vv = constant([1.0, 2.0]);
    const acc = new ForwardAccumulator([vv], [constant([1.0, 0.0])]).enter();
    const tape = new GradientTape().enter();
    tape.watch(vv);
    const s = reduceSum(mul(mul(vv, vv), vv));
    tape.exit();
    const g = gradient(tape, [s], [vv])[0] as Tensor;
    acc.exit();
    expect(vals(acc.jvp(g))).toEqual([6, 0]);
  });

  it('custom_gradient: gradients reach the inputs only through grad_fn', () => {
    const x = constant(100.0);
    let y!: Tensor;
    const t = record((tp) => {
      tp.watch(x);
      const inner = mul(x, x); // what f computed; its own derivative (200) must not be used
      y = recordCustomGradient([x], inner, (g) => [mul(g, 0.5)]);
    });
    expect(vals(gradient(t, [y], [x])[0])).toEqual([0.5]);
  });

  it('a 10,000-node chain backpropagates without stack overflow', () => {
    const x = constant(1.0);
    let y!: Tensor;
    const t = record((tp) => {
      tp.watch(x);
      y = x;
      for (let i = 0; i < 5000; i++) y = add(mul(y, 1.0), 0.0);
    });
    expect(vals(gradient(t, [y], [x])[0])).toEqual([1]);
  });

  it('sub and divide gradients in float32 match TF', () => {
    const a = constant(3.0);
    const b = constant(2.0);
    let y!: Tensor;
    const t = record((tp) => {
      tp.watch(a);
      tp.watch(b);
      y = divide(sub(a, b), b);
    });
    const [ga, gb] = gradient(t, [y], [a, b]);
    expect(vals(ga)).toEqual([0.5]);
    expect(vals(gb)).toEqual([-0.75]);
  });
});
