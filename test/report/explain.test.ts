import { afterEach, describe, expect, it } from 'vitest';
import { recordCustomGradient } from '../../src/engine/autodiff/customGradient';
import { gradient, jacobian } from '../../src/engine/autodiff/gradient';
import { GradientTape, resetTapeState } from '../../src/engine/autodiff/tape';
import { ones } from '../../src/engine/ops/array';
import { add, mul, realdiv, sub } from '../../src/engine/ops/math';
import { reduceSum } from '../../src/engine/ops/reduce';
import { explainEventDetailed } from '../../src/engine/report/explain';
import { NameBook } from '../../src/engine/report/names';
import { run } from '../../src/engine/run';
import { session } from '../../src/engine/session';
import { constant } from '../../src/engine/tensor/convert';
import { type Tensor, Variable } from '../../src/engine/tensor/tensor';
import { f64 } from '../engine/helpers';
import { at, listening, record } from './helpers';

afterEach(() => {
  session.gradientListener = undefined;
  resetTapeState();
});

const vals = (t: Tensor) => Array.from(t.data as Float64Array);

describe('chain-rule explanations', () => {
  it("the seed's first tape: dz/dx through y = sum(x), z = y*y", () => {
    const b = listening();
    const x = ones([2, 2]);
    b.value(at(0), 'x', x);
    let z!: Tensor;
    const t = record((tp) => {
      tp.watch(x);
      const y = reduceSum(x);
      b.value(at(3), 'y', y);
      z = mul(y, y);
      b.value(at(4), 'z', z);
    });
    b.tapeCreated(t, at(1), 't');
    b.gradientStarting(t, at(5), 'z', ['x']);
    gradient(t, [z], [x]);
    const r = b.finish();
    const g = r.gradients[0];
    expect(g.target).toBe('z');
    expect(g.results[0].result?.preview).toBe('[[8, 8], [8, 8]]');
    const ex = g.results[0].explanation!;
    expect(ex.summary).toBe('dz/dx = dz/dy · dy/dx = (2·y = 8) · 1 = 8, for each of the 4 elements of x');
    expect(ex.paths).toHaveLength(1);
    const [s1, s2] = ex.paths[0].steps;
    expect(s1).toMatchObject({ op: 'Mul', output: 'z', input: 'y', localFormula: '2·y', localValue: '8' });
    expect(s1.upstream).toBe('1');
    expect(s1.downstream).toBe('8');
    expect(s2).toMatchObject({ op: 'Sum', output: 'y', input: 'x', localFormula: '1', localValue: '1' });
    expect(s2.upstream).toBe('8');
    expect(s2.downstream).toBe('8');
    expect(ex.paths[0].contribution).toBe('8');
    expect(ex.truncated).toBeUndefined();
  });

  it('y = x*x*x at 1: two paths, 1 + 2 = 3', () => {
    const b = listening();
    const x = constant(1.0);
    b.value(at(0), 'x', x);
    let y!: Tensor;
    const t = record((tp) => {
      tp.watch(x);
      y = mul(mul(x, x), x);
      b.value(at(2), 'y', y);
    });
    b.gradientStarting(t, at(3), 'y', ['x']);
    gradient(t, [y], [x]);
    const ex = b.finish().gradients[0].results[0].explanation!;
    expect(ex.summary).toBe('dy/dx = ∂y/∂x + ∂y/∂(x·x) · d(x·x)/dx = (x·x = 1) + (x = 1) · (2·x = 2) = 1 + 2 = 3');
    expect(ex.paths.map((p) => p.contribution)).toEqual(['1', '2']);
    expect(ex.paths[1].steps.map((s) => s.localFormula)).toEqual(['x', '2·x']);
  });

  it('variable reads fold into the variable: x*x*x with x a tf.Variable reads the same', () => {
    const b = listening();
    const x = new Variable(constant(1.0), true, 'Variable:0');
    b.value(at(0), 'x', x);
    let y!: Tensor;
    const t = record(() => {
      y = mul(mul(x, x), x);
      b.value(at(2), 'y', y);
    });
    b.gradientStarting(t, at(3), 'y', ['x']);
    gradient(t, [y], [x]);
    const ex = b.finish().gradients[0].results[0].explanation!;
    expect(ex.summary).toBe('dy/dx = ∂y/∂x + ∂y/∂(x·x) · d(x·x)/dx = (x·x = 1) + (x = 1) · (2·x = 2) = 1 + 2 = 3');
  });

  it('a diamond: two paths summing, 3 + 4 = 7', () => {
    const b = listening();
    const x = constant(2.0);
    b.value(at(0), 'x', x);
    let y!: Tensor;
    const t = record((tp) => {
      tp.watch(x);
      const a = mul(x, 3);
      b.value(at(2), 'a', a);
      const c = mul(x, x);
      b.value(at(3), 'c', c);
      y = add(a, c);
      b.value(at(4), 'y', y);
    });
    b.gradientStarting(t, at(5), 'y', ['x']);
    gradient(t, [y], [x]);
    const ex = b.finish().gradients[0].results[0].explanation!;
    expect(ex.summary).toBe('dy/dx = ∂y/∂a · da/dx + ∂y/∂c · dc/dx = 1 · 3 + 1 · (2·x = 4) = 3 + 4 = 7');
    expect(ex.paths.map((p) => p.contribution)).toEqual(['3', '4']);
  });

  it('a single op: dy/dx = 2·x = 6', () => {
    const b = listening();
    const x = constant(3.0);
    b.value(at(0), 'x', x);
    let y!: Tensor;
    const t = record((tp) => {
      tp.watch(x);
      y = mul(x, x);
      b.value(at(2), 'y', y);
    });
    b.gradientStarting(t, at(3), 'y', ['x']);
    gradient(t, [y], [x]);
    expect(b.finish().gradients[0].results[0].explanation!.summary).toBe('dy/dx = 2·x = 6');
  });

  it('path contributions sum to the gradient on a random graph', () => {
    const x = f64([3], 7);
    const c1 = f64([3], 11);
    const c2 = f64([1], 13);
    let y!: Tensor;
    let event: Parameters<NonNullable<typeof session.gradientListener>>[0] | undefined;
    session.gradientListener = (e) => {
      event = e;
    };
    const t = record((tp) => {
      tp.watch(x);
      const a = mul(x, c1);
      const bb = mul(a, x);
      const d = realdiv(bb, add(x, c2));
      const e = sub(add(d, mul(a, bb)), x);
      y = reduceSum(mul(e, e));
    });
    const [g] = gradient(t, [y], [x]) as Tensor[];
    const [detail] = explainEventDetailed(event!, { target: 'y', sources: ['x'] }, new NameBook());
    const cs = detail!.contributions;
    expect(cs.length).toBeGreaterThan(3);
    expect(detail!.explanation.truncated).toBeUndefined();
    const sum = new Float64Array(3);
    for (const c of cs) {
      vals(c!).forEach((v, i) => {
        sum[i] += v;
      });
    }
    vals(g).forEach((v, i) => {
      expect(sum[i]).toBeCloseTo(v, 9);
    });
  });

  it('explaining never touches the tapes: an open outer tape records nothing, recorder state restored', () => {
    const b = listening();
    const x = constant(2.0);
    b.value(at(0), 'x', x);
    const outer = new GradientTape(true).enter();
    outer.watch(x);
    const inner = new GradientTape(true).enter();
    inner.watch(x);
    const y = mul(mul(x, x), x);
    b.value(at(3), 'y', y);
    inner.exit();
    b.gradientStarting(inner, at(4), 'y', ['x']);
    gradient(inner, [y], [x]);
    const outerLen = outer.history.length;
    const innerLen = inner.history.length;
    expect(session.recording).toBe(true);
    const r = b.finish();
    expect(r.gradients[0].results[0].explanation?.summary).toContain('= 4 + 8 = 12');
    expect(outer.history.length).toBe(outerLen);
    expect(inner.history.length).toBe(innerLen);
    expect(session.recording).toBe(true);
    outer.exit();
    expect(session.recording).toBe(false);
  });

  it('a loop of 10,000 ops: tape truncated, explanation summarised, no quadratic blow-up', () => {
    const b = listening();
    const x = constant(1.0);
    b.value(at(0), 'x', x);
    let y!: Tensor;
    const t = record((tp) => {
      tp.watch(x);
      y = x;
      for (let i = 0; i < 10_000; i++) {
        y = add(y, mul(x, 0.001));
        b.value(at(3), 'y', y);
      }
    });
    b.tapeCreated(t, at(1), 't');
    b.gradientStarting(t, at(5), 'y', ['x']);
    gradient(t, [y], [x]);
    const r = b.finish();
    expect(r.tapes[0].opCount).toBe(20_000);
    expect(r.tapes[0].ops).toHaveLength(5_000);
    expect(r.tapes[0].truncated).toBe(true);
    const ex = r.gradients[0].results[0].explanation!;
    expect(ex.truncated).toBe(true);
    expect(ex.summary).toMatch(/^dy\/dx = 11(\.\d+)? /);
    expect(r.values[1].runs).toBe(10_000);
  });

  it('without gradientStarting: span from the session, names from assignments, backward marks by span', () => {
    const b = listening();
    const x = constant(1.0);
    b.value(at(0), 'x', x);
    const outer = new GradientTape().enter();
    b.tapeCreated(outer, at(1), 't');
    outer.watch(x);
    const inner = new GradientTape().enter();
    b.tapeCreated(inner, at(2), 't2');
    inner.watch(x);
    const y = mul(mul(x, x), x);
    b.value(at(3), 'y', y);
    inner.exit();
    session.span = at(4, 10, 30);
    const [dy] = gradient(inner, [y], [x]) as Tensor[];
    session.span = undefined;
    b.value(at(4), 'dy_dx', dy);
    outer.exit();
    const r = b.finish();
    const g = r.gradients[0];
    expect(g.span).toEqual(at(4, 10, 30));
    expect(g.target).toBe('y');
    expect(g.results[0].label).toBe('x');
    const t = r.tapes.find((tp) => tp.name === 't')!;
    expect(t.ops.filter((o) => o.backward).length).toBeGreaterThan(0);
    expect(t.ops.filter((o) => !o.backward).map((o) => o.op)).toEqual(['Mul', 'Mul']);
  });

  it('tapes re-created in a loop: the report keeps the last one per `with` span', () => {
    const b = listening();
    const x = constant(1.0);
    for (let i = 0; i < 50; i++) {
      const t = new GradientTape().enter();
      b.tapeCreated(t, at(1), 't');
      t.watch(x);
      const y = mul(x, x);
      t.exit();
      b.gradientStarting(t, at(3), 'y', ['x']);
      gradient(t, [y], [x]);
    }
    const r = b.finish();
    expect(r.tapes).toHaveLength(1);
    expect(r.gradients[0]).toMatchObject({ runs: 50, tape: r.tapes[0].id });
  });

  it("unconnected_gradients='zero': the zeros are explained", () => {
    const b = listening();
    const x = constant(1.0);
    const w = constant(2.0);
    let y!: Tensor;
    const t = record((tp) => {
      tp.watch(x);
      tp.watch(w);
      y = mul(w, w);
    });
    b.gradientStarting(t, at(3), 'y', ['x']);
    gradient(t, [y], [x], { unconnected: 'zero' });
    expect(b.finish().gradients[0].results[0].explanation?.summary).toBe(
      'dy/dx = 0: y does not depend on x through the recorded operations',
    );
  });

  it('tf.custom_gradient: the user gradient function is not re-run by the explanation', () => {
    const b = listening();
    const x = constant(2.0);
    let calls = 0;
    let y!: Tensor;
    const t = record((tp) => {
      tp.watch(x);
      y = recordCustomGradient([x], mul(x, x), (g) => {
        calls++;
        return [mul(g, 10.0)];
      });
    });
    b.gradientStarting(t, at(3), 'y', ['x']);
    gradient(t, [y], [x]);
    expect(calls).toBe(1);
    const ex = b.finish().gradients[0].results[0].explanation!;
    expect(calls).toBe(1);
    expect(ex.summary).toMatch(/^dy\/dx = 10 — through a tf.custom_gradient function/);
  });

  it('jacobian: explained as the gradient of the sum', () => {
    const b = listening();
    const x = constant([1.0, 2.0]);
    b.value(at(0), 'x', x);
    let y!: Tensor;
    const t = record((tp) => {
      tp.watch(x);
      y = mul(x, x);
      b.value(at(2), 'y', y);
    });
    b.gradientStarting(t, at(3), 'y', ['x']);
    jacobian(t, y, [x]);
    const g = b.finish().gradients[0];
    expect(g.kind).toBe('jacobian');
    expect(g.results[0].result?.shape).toEqual([2, 2]);
    expect(g.results[0].explanation?.summary).toMatch(/^dy\/dx = 2·x = \[2, 4\] \(summed over the elements of y/);
  });
});

describe('chain-rule explanations through Keras layers', () => {
  it('name the layer call each step ran in', () => {
    const r = run(
      {
        kind: 'python',
        cells: [
          {
            source: `import tensorflow as tf
import keras
keras.utils.set_random_seed(0)
dense = keras.layers.Dense(1, name="proj")
x = tf.ones((1, 2))
with tf.GradientTape() as tape:
    loss = tf.reduce_sum(dense(x) ** 2)
g = tape.gradient(loss, dense.kernel)
`,
          },
        ],
      },
      { timeBudgetMs: 20_000 },
    );
    const steps = r.gradients[0].results[0].explanation?.paths.flatMap((p) => p.steps) ?? [];
    expect(steps.map((s) => [s.name, s.layer ?? null])).toEqual([
      ['reduce_sum', null],
      ['pow', null],
      ['add', 'proj (Dense)'],
      ['matmul', 'proj (Dense)'],
    ]);
  });
});

describe('chain-rule explanations of a call with output_gradients', () => {
  const explain = (source: string) =>
    run({ kind: 'python', cells: [{ source }] }, { timeBudgetMs: 20_000 }).gradients.map(
      (g) => g.results[0].explanation?.summary,
    );

  it('start from the seed: v · 2·x with v = [1, 10, 100] at x = [1, 2, 3] is [2, 40, 600]', () => {
    const [summary] = explain(`import tensorflow as tf
x = tf.constant([1.0, 2.0, 3.0])
with tf.GradientTape() as tape:
    tape.watch(x)
    y = x * x
g = tape.gradient(y, x, output_gradients=tf.constant([1.0, 10.0, 100.0]))
`);
    expect(summary).toBe(
      'v · dy/dx = v · 2·x = [1, 10, 100] · [2, 4, 6] = [2, 40, 600] (v = [1, 10, 100]: the output_gradients the backward pass starts from)',
    );
  });

  it('weigh each target by its own seed: 0.5·(2·x) + 1·3 at x = 2 is 5, not 4 + 3', () => {
    const [summary] = explain(`import tensorflow as tf
x = tf.Variable(2.0)
with tf.GradientTape() as tape:
    a = x * x
    b = 3.0 * x
g = tape.gradient([a, b], x, output_gradients=[tf.constant(0.5), tf.constant(1.0)])
`);
    expect(summary).toBe(
      '(v₁, v₂) · d([a, b])/dx = v₁ · da/dx + v₂ · db/dx = 0.5 · (2·x = 4) + 1 · 3 = 2 + 3 = 5 (v₁ = 0.5, v₂ = 1: the output_gradients the backward pass starts from)',
    );
  });

  it('a call without output_gradients reads as before', () => {
    const [summary] = explain(`import tensorflow as tf
x = tf.constant(3.0)
with tf.GradientTape() as tape:
    tape.watch(x)
    y = x * x
g = tape.gradient(y, x)
`);
    expect(summary).toBe('dy/dx = 2·x = 6');
  });
});
