import { afterEach, describe, expect, it } from 'vitest';
import { gradient } from '../../src/engine/autodiff/gradient';
import { GradientTape, resetTapeState } from '../../src/engine/autodiff/tape';
import { ones } from '../../src/engine/ops/array';
import { mul } from '../../src/engine/ops/math';
import { reduceSum } from '../../src/engine/ops/reduce';
import type { ReportBuilder } from '../../src/engine/report/builder';
import { session } from '../../src/engine/session';
import { constant } from '../../src/engine/tensor/convert';
import { type Tensor, Variable } from '../../src/engine/tensor/tensor';
import { at, listening } from './helpers';

afterEach(() => {
  session.gradientListener = undefined;
  resetTapeState();
});

const num = (t: unknown) => (t as Tensor).num(0);

/** The seed tutorial, driven through the engine API with the builder calls an interpreter would make. */
function seed(b: ReportBuilder): void {
  // cell 1
  let x = ones([2, 2]);
  b.value(at(0), 'x', x);
  let t = new GradientTape().enter();
  b.tapeCreated(t, at(1), 't');
  t.watch(x);
  let y = reduceSum(x);
  b.value(at(3), 'y', y);
  let z = mul(y, y);
  b.value(at(4), 'z', z);
  t.exit();
  b.gradientStarting(t, at(5, 9, 25), 'z', ['x']);
  const dzdx = gradient(t, [z], [x])[0] as Tensor;
  b.value(at(5), 'dz_dx', dzdx);
  for (let k = 0; k < 4; k++) b.assert(at(8), num(dzdx) === 8, undefined);
  // cell 2
  x = ones([2, 2]);
  b.value(at(10), 'x', x);
  t = new GradientTape().enter();
  b.tapeCreated(t, at(11), 't');
  t.watch(x);
  y = reduceSum(x);
  b.value(at(13), 'y', y);
  z = mul(y, y);
  b.value(at(14), 'z', z);
  t.exit();
  b.gradientStarting(t, at(15, 8, 24), 'z', ['y']);
  const dzdy = gradient(t, [z], [y])[0] as Tensor;
  b.value(at(15), 'dz_dy', dzdy);
  b.assert(at(16), num(dzdy) === 8);
  // cell 3: persistent
  x = constant(3.0);
  b.value(at(20), 'x', x);
  t = new GradientTape(true).enter();
  b.tapeCreated(t, at(21), 't');
  t.watch(x);
  y = mul(x, x);
  b.value(at(23), 'y', y);
  z = mul(y, y);
  b.value(at(24), 'z', z);
  t.exit();
  b.gradientStarting(t, at(25, 8, 24), 'z', ['x']);
  b.value(at(25), 'dz_dx', gradient(t, [z], [x])[0]);
  b.gradientStarting(t, at(26, 8, 24), 'y', ['x']);
  b.value(at(26), 'dy_dx', gradient(t, [y], [x])[0]);
  // cell 4: control flow
  const f = (xx: Tensor, n: number) => {
    let out: Tensor | number = 1.0;
    for (let i = 0; i < n; i++) {
      if (i > 1 && i < 5) {
        session.span = at(34, 15, 35);
        out = mul(out, xx);
        session.span = undefined;
        b.value(at(34), 'output', out);
      }
    }
    return out as Tensor;
  };
  const grad = (xx: Tensor, n: number) => {
    const tp = new GradientTape().enter();
    b.tapeCreated(tp, at(38), 't');
    tp.watch(xx);
    const out = f(xx, n);
    b.value(at(40), 'out', out);
    tp.exit();
    b.gradientStarting(tp, at(41, 9, 28), 'out', ['x']);
    return gradient(tp, [out], [xx])[0] as Tensor;
  };
  x = constant(2.0);
  b.value(at(43), 'x', x);
  b.assert(at(45), num(grad(x, 6)) === 12);
  b.assert(at(46), num(grad(x, 5)) === 12);
  b.assert(at(47), num(grad(x, 4)) === 4);
  // cell 5: higher order
  const v = new Variable(constant(1.0), true, 'Variable:0');
  b.value(at(50), 'x', v);
  const t1 = new GradientTape().enter();
  b.tapeCreated(t1, at(51), 't');
  const t2 = new GradientTape().enter();
  b.tapeCreated(t2, at(52), 't2');
  y = mul(mul(v, v), v);
  b.value(at(53), 'y', y);
  t2.exit();
  b.gradientStarting(t2, at(54, 10, 27), 'y', ['x']);
  const dy = gradient(t2, [y], [v])[0] as Tensor;
  b.value(at(54), 'dy_dx', dy);
  t1.exit();
  b.gradientStarting(t1, at(55, 10, 32), 'dy_dx', ['x']);
  const d2y = gradient(t1, [dy], [v])[0] as Tensor;
  b.value(at(55), 'd2y_dx2', d2y);
  b.assert(at(57), num(dy) === 3);
  b.assert(at(58), num(d2y) === 6);
}

describe('the seed tutorial report', () => {
  it('records every tape, gradient and assert', () => {
    const b = listening();
    seed(b);
    const r = b.finish({ parseMs: 1, runMs: 2, totalMs: 3 });
    expect(r.asserts.every((a) => a.passed)).toBe(true);
    expect(r.asserts[0].runs).toBe(4);
    const byLine = new Map(r.gradients.map((g) => [g.span.start.line, g]));
    const summary = (line: number) => byLine.get(line)?.results[0].explanation?.summary;
    expect(summary(5)).toBe('dz/dx = dz/dy · dy/dx = (2·y = 8) · 1 = 8, for each of the 4 elements of x');
    expect(summary(15)).toBe('dz/dy = 2·y = 8');
    expect(summary(25)).toBe('dz/dx = dz/dy · dy/dx = (2·y = 18) · (2·x = 6) = 108');
    expect(summary(26)).toBe('dy/dx = 2·x = 6');
    expect(byLine.get(41)?.runs).toBe(3);
    expect(summary(41)).toBe('dout/dx = ∂out/∂x + ∂out/∂output · doutput/dx = (output = 2) + (x = 2) · 1 = 2 + 2 = 4');
    expect(summary(54)).toBe('dy/dx = ∂y/∂x + ∂y/∂(x·x) · d(x·x)/dx = (x·x = 1) + (x = 1) · (2·x = 2) = 1 + 2 = 3');
    expect(byLine.get(55)?.results[0].result?.preview).toBe('6');
    // Too long for its symbols, the second derivative shows its paths' factors without the `1`s of the recorded
    // gradient computation (the steps keep every factor).
    expect(summary(55)).toBe(
      'd(dy_dx)/dx = (1·x = 1) + (1·x = 1) + (x = 1) + (2·x = 2) + (x = 1) = 1 + 1 + 1 + 2 + 1 = 6 (the sum over 5 paths; see the steps)',
    );
    expect(byLine.get(55)?.results[0].explanation?.paths.map((p) => p.steps.length)).toEqual([2, 3, 3, 4, 4]);

    // Tapes: the first one is x → Sum → y → Mul → z with values 1, 4, 16 and grads 8, 8, 1.
    const first = r.tapes[0];
    expect(first.name).toBe('t');
    expect(first.ops.map((o) => o.op)).toEqual(['Sum', 'Mul']);
    const [xv, yv, zv] = first.values;
    expect(first.ops[0]).toMatchObject({ inputs: [xv.id], output: yv.id });
    expect(first.ops[1]).toMatchObject({ inputs: [yv.id, yv.id], output: zv.id });
    expect([xv.name, yv.name, zv.name]).toEqual(['x', 'y', 'z']);
    expect([xv.value, yv.value, zv.value]).toEqual([
      [
        [1, 1],
        [1, 1],
      ],
      4,
      16,
    ]);
    expect([xv.grad?.preview, yv.grad?.preview, zv.grad?.preview]).toEqual(['[[8, 8], [8, 8]]', '8', '1']);
    expect(xv.role).toEqual(['source', 'watched']);
    expect(zv.role).toEqual(['target']);
    expect(first.watched).toEqual([{ id: xv.id, name: 'x', shape: [2, 2], dtype: 'float32' }]);

    // Higher order: the outer tape recorded the inner gradient computation, marked backward; nesting kept.
    const outer = r.tapes.find((tp) => tp.span?.start.line === 51)!;
    const inner = r.tapes.find((tp) => tp.span?.start.line === 52)!;
    expect(inner.parent).toBe(outer.id);
    expect(outer.ops.some((o) => o.backward)).toBe(true);
    expect(outer.ops.filter((o) => !o.backward).map((o) => o.op)).toEqual([
      'ReadVariableOp',
      'ReadVariableOp',
      'Mul',
      'ReadVariableOp',
      'Mul',
    ]);
    expect(inner.ops.every((o) => !o.backward)).toBe(true);
    const xvar = outer.values.find((vn) => vn.role.includes('variable'))!;
    expect(xvar.name).toBe('x');
    expect(xvar.role).toContain('source');

    // Control flow: the tape of the last grad() call (one per `with` span), its loop's Mul nodes are iterations.
    const cfs = r.tapes.filter((tp) => tp.span?.start.line === 38);
    expect(cfs).toHaveLength(1);
    expect(cfs[0].ops.map((o) => o.iteration)).toEqual([0, 1]);
    expect(byLine.get(41)?.tape).toBe(cfs[0].id);

    expect(r.diagnostics).toEqual([]);
    expect(r.timing).toEqual({ parseMs: 1, runMs: 2, totalMs: 3 });
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
  });
});
