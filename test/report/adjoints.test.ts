/**
 * What the report keeps of a backward pass's adjoints: a large one (more than 65,536 elements) as its previews, so
 * the pass can release its array; targets, sources and small adjoints as the tensors. The previews are the texts
 * the tape graph and the chain-rule explanation showed of the tensors themselves.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { KeptAdjoint } from '../../src/engine/autodiff/backprop';
import { type GradientEvent, gradient } from '../../src/engine/autodiff/gradient';
import { resetTapeState } from '../../src/engine/autodiff/tape';
import { mul } from '../../src/engine/ops/math';
import { reduceSum } from '../../src/engine/ops/reduce';
import { isAdjointPreview } from '../../src/engine/report/adjoints';
import { quickPreview, tensorText } from '../../src/engine/report/text';
import { run } from '../../src/engine/run';
import { session } from '../../src/engine/session';
import { Tensor } from '../../src/engine/tensor/tensor';
import { listening, record } from './helpers';

afterEach(() => {
  session.gradientListener = undefined;
  resetTapeState();
});

const N = 70_000;
/** x = i / 1000 in float32, and y = 3·x. */
const xs = Float32Array.from({ length: N }, (_, i) => i / 1000);
const ys = xs.map((v) => Math.fround(v * 3));
/** d(Σ y²)/dy = 2·y: the two products y·1 and 1·y added, exact in float32. */
const dys = ys.map((v) => 2 * v);
const f32 = (data: Float32Array, shape = [N]) => new Tensor('float32', shape, data);

describe('adjoints kept by the report', () => {
  it('a large adjoint is its preview; the target, the source and small adjoints stay tensors', () => {
    const b = listening();
    let event: GradientEvent | undefined;
    const listener = b.listener();
    session.gradientListener = Object.assign((e: GradientEvent) => {
      event = e;
      listener(e);
    }, listener);
    const x = f32(xs.slice());
    let y: Tensor | undefined;
    let s: Tensor | undefined;
    let small: Tensor | undefined;
    const tape = record((t) => {
      t.watch(x);
      y = mul(x, f32(new Float32Array([3]), []));
      small = reduceSum(mul(y, y), null);
      s = mul(small, f32(new Float32Array([1]), []));
    });
    const [dx] = gradient(tape, [s as Tensor], [x]);
    expect(event).toBeDefined();
    const adj = event?.adjoints as ReadonlyMap<number, KeptAdjoint>;
    const dy = adj.get((y as Tensor).id) as KeptAdjoint;
    expect(isAdjointPreview(dy)).toBe(true);
    const expected = f32(dys);
    if (isAdjointPreview(dy)) {
      expect(dy.shape).toEqual([N]);
      expect(dy.dtype).toBe('float32');
      expect(dy.preview).toBe(quickPreview(expected, 40));
      expect(dy.text).toBe(tensorText(expected));
    }
    // The target's adjoint (the seed, 1) and the scalar's stay tensors; so does the source's, the result itself.
    const ds = adj.get((s as Tensor).id);
    expect(ds instanceof Tensor && ds.num(0)).toBe(1);
    const dSmall = adj.get((small as Tensor).id);
    expect(dSmall instanceof Tensor && dSmall.num(0)).toBe(1);
    const dX = adj.get(x.id);
    expect(dX).toBeInstanceOf(Tensor);
    // dΣ(3x)²/dx = 18·x: 6·y·1 rounded once per product.
    expect((dx as Tensor).num(1000)).toBe(Math.fround(Math.fround(dys[1000] * 3)));
  });

  it("a report's tape graph and chain-rule steps show the large adjoints' values as before", () => {
    const source = `import tensorflow as tf
x = tf.range(${N}, dtype=tf.float32) / 1000.0
with tf.GradientTape() as t:
    t.watch(x)
    y = x * 3.0
    s = tf.reduce_sum(y * y)
g = t.gradient(s, x)
`;
    const r = run({ kind: 'python', cells: [{ source }] }, { timeBudgetMs: 60_000 });
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const graph = r.tapes[0];
    const yNode = graph.values.find((v) => v.name === 'y');
    expect(yNode?.grad?.preview).toBe(quickPreview(f32(dys), 40));
    expect(yNode?.grad?.value).toBeUndefined();
    const steps = r.gradients[0].results[0].explanation?.paths.flatMap((p) => p.steps) ?? [];
    const fromY = steps.find((st) => st.output === 'y');
    expect(fromY?.upstream).toBe(tensorText(f32(dys)));
  });

  it('a source that is also an intermediate keeps its gradient for the result (backward pass releases the rest)', () => {
    listening();
    const x = f32(new Float32Array([3]), []);
    let h: Tensor | undefined;
    let y: Tensor | undefined;
    const tape = record((t) => {
      t.watch(x);
      h = mul(x, x);
      y = mul(h, h);
    });
    const [dx, dh] = gradient(tape, [y as Tensor], [x, h as Tensor]);
    // y = h², h = x²: dy/dh = 2h = 18, dy/dx = 2h · 2x = 108.
    expect((dh as Tensor).num(0)).toBe(18);
    expect((dx as Tensor).num(0)).toBe(108);
  });
});
