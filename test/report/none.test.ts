import { afterEach, describe, expect, it } from 'vitest';
import { gradient } from '../../src/engine/autodiff/gradient';
import { resetTapeState } from '../../src/engine/autodiff/tape';
import { add, cast, mul, stopGradient } from '../../src/engine/ops/math';
import { reduceSum } from '../../src/engine/ops/reduce';
import type { ReportBuilder } from '../../src/engine/report/builder';
import { session } from '../../src/engine/session';
import { constant } from '../../src/engine/tensor/convert';
import { Tensor, Variable } from '../../src/engine/tensor/tensor';
import { at, listening, record } from './helpers';

afterEach(() => {
  session.gradientListener = undefined;
  resetTapeState();
});

/** Run one gradient call at line 9 and return its single result and the report's diagnostics. */
function noneOf(
  b: ReportBuilder,
  target: () => Tensor,
  source: Tensor | Variable,
  tapeOpts: [boolean, boolean] = [false, true],
) {
  let z!: Tensor;
  const t = record(
    () => {
      z = target();
      b.value(at(8), 'z', z);
    },
    ...tapeOpts,
  );
  b.tapeCreated(t, at(7), 'tape');
  b.gradientStarting(t, at(9, 4, 26), 'z', ['x']);
  const [g] = gradient(t, [z], [source]);
  expect(g).toBeNull();
  const r = b.finish();
  return { result: r.gradients[0].results[0], diagnostics: r.diagnostics };
}

describe('why a gradient is None', () => {
  it('integer_source: tf.constant(3) is int32', () => {
    const b = listening();
    const x = constant(3n);
    b.value(at(0), 'x', x);
    const { result, diagnostics } = noneOf(b, () => mul(x, x), x);
    expect(result.none).toEqual({
      reason: 'integer_source',
      message: 'x is int32; only floating tensors are differentiated. Use tf.constant(3.0) or tf.cast(x, tf.float32)',
    });
    expect(diagnostics).toEqual([
      {
        severity: 'warning',
        code: 'tape-integer-source',
        message: `dz/dx is None: ${result.none!.message}`,
        span: at(9, 4, 26),
      },
    ]);
  });

  it('not_watched: a constant the tape never watched', () => {
    const b = listening();
    const x = constant(3.0);
    b.value(at(0), 'x', x);
    const { result, diagnostics } = noneOf(b, () => mul(x, x), x);
    expect(result.none).toEqual({
      reason: 'not_watched',
      message:
        'x is a constant tensor that the tape did not watch; call tape.watch(x) inside the with block, or make it a tf.Variable',
    });
    expect(diagnostics.map((d) => d.code)).toEqual(['tape-not-watched']);
  });

  it('not_watched: a non-trainable variable, and a tape with watch_accessed_variables=False', () => {
    let b = listening();
    const v = new Variable(constant(2.0), false, 'v:0');
    b.value(at(0), 'x', v);
    expect(noneOf(b, () => mul(v, v), v).result.none?.message).toBe(
      'x is a tf.Variable with trainable=False, which the tape does not watch by itself; call tape.watch(x) inside the with block',
    );
    b = listening();
    const w = new Variable(constant(2.0), true, 'w:0');
    b.value(at(0), 'x', w);
    const { result } = noneOf(b, () => mul(w, w), w, [false, false]);
    expect(result.none?.reason).toBe('not_watched');
    expect(result.none?.message).toContain('watch_accessed_variables=False');
  });

  it('variable_replaced: `x = x + 1` turned the variable into a tensor', () => {
    const b = listening();
    const v = new Variable(constant(2.0), true, 'x:0');
    b.value(at(0), 'x', v);
    const x = add(v, 1.0);
    b.value(at(1), 'x', x, 'x = x + 1');
    const { result, diagnostics } = noneOf(b, () => mul(x, x), x);
    expect(result.none).toEqual({
      reason: 'variable_replaced',
      message: '`x = x + 1` replaced the variable x with a tensor; use x.assign_add(1)',
    });
    expect(diagnostics[0].code).toBe('tape-variable-replaced');
    expect(diagnostics[0].related).toEqual([{ span: at(1), message: 'x stops being a tf.Variable here' }]);
  });

  it('variable_replaced follows the name through a loop (`w = w - lr * g` twice)', () => {
    const b = listening();
    const v = new Variable(constant(2.0), true, 'w:0');
    b.value(at(0), 'x', v);
    let x = mul(v, 1.0);
    b.value(at(1), 'x', x, 'x -= 0.1 * g');
    x = mul(x, 1.0);
    b.value(at(1), 'x', x, 'x -= 0.1 * g');
    const { result } = noneOf(b, () => mul(x, x), x);
    expect(result.none?.reason).toBe('variable_replaced');
    expect(result.none?.message).toBe(
      '`x -= 0.1 * g` replaced the variable x with a tensor; use x.assign_sub(0.1 * g)',
    );
  });

  it('a name that once held a variable but now holds a watched tensor is not "variable_replaced"', () => {
    // x = tf.Variable(2.0) ... x = tf.constant(3.0); tape.watch(x); z = x * 0 through a stop_gradient: the reason
    // is about the path, not about the old variable.
    const b = listening();
    const v = new Variable(constant(2.0), true, 'x:0');
    b.value(at(0), 'x', v);
    const x = constant(3.0);
    b.value(at(1), 'x', x, 'x = tf.constant(3.0)');
    let z!: Tensor;
    const t = record((tp) => {
      tp.watch(x);
      z = mul(stopGradient(x), 2.0);
      b.value(at(8), 'z', z);
    });
    b.gradientStarting(t, at(9), 'z', ['x']);
    expect(gradient(t, [z], [x])).toEqual([null]);
    const none = b.finish().gradients[0].results[0].none;
    expect(none?.reason).toBe('non_differentiable');
  });

  it('left_tensorflow: the path went through NumPy', () => {
    const b = listening();
    const x = constant([1.0, 2.0]);
    b.value(at(0), 'x', x);
    let z!: Tensor;
    const t = record((tp) => {
      tp.watch(x);
      const y = mul(x, x);
      // `np.square(y)` then back to a tensor: the interpreter tells the builder.
      const back = new Tensor(
        'float32',
        y.shape,
        (y.data as Float32Array).map((v) => v * v),
      );
      b.fromNumpy(back, at(5));
      z = reduceSum(back);
      b.value(at(8), 'z', z);
    });
    b.gradientStarting(t, at(9), 'z', ['x']);
    expect(gradient(t, [z], [x])).toEqual([null]);
    const r = b.finish();
    const none = r.gradients[0].results[0].none!;
    expect(none.reason).toBe('left_tensorflow');
    expect(none.message).toContain('went through NumPy');
    expect(r.diagnostics[0].code).toBe('tape-left-tensorflow');
    expect(r.diagnostics[0].related?.[0].span).toEqual(at(5));
  });

  it('non_differentiable: the only path goes through StopGradient', () => {
    const b = listening();
    const x = constant(2.0);
    b.value(at(0), 'x', x);
    let z!: Tensor;
    const t = record((tp) => {
      tp.watch(x);
      z = mul(stopGradient(x), 3.0);
      b.value(at(8), 'z', z);
    });
    b.tapeCreated(t, at(7), 'tape');
    b.gradientStarting(t, at(9), 'z', ['x']);
    expect(gradient(t, [z], [x])).toEqual([null]);
    const r = b.finish();
    expect(r.gradients[0].results[0].none).toEqual({
      reason: 'non_differentiable',
      message: 'the path from x to z goes through StopGradient, which has no gradient',
    });
    expect(r.diagnostics[0].code).toBe('tape-non-differentiable');
  });

  it('non_differentiable: a cast to int32 cuts the path', () => {
    const b = listening();
    const x = constant(2.5);
    b.value(at(0), 'x', x);
    let z!: Tensor;
    const t = record((tp) => {
      tp.watch(x);
      z = mul(cast(cast(x, 'int32'), 'float32'), 3.0);
      b.value(at(8), 'z', z);
    });
    b.gradientStarting(t, at(9), 'z', ['x']);
    expect(gradient(t, [z], [x])).toEqual([null]);
    const none = b.finish().gradients[0].results[0].none!;
    expect(none.reason).toBe('non_differentiable');
    expect(none.message).toContain('Cast (to int32)');
  });

  it('unconnected: watched but not used', () => {
    const b = listening();
    const x = constant(2.0);
    const w = constant(5.0);
    b.value(at(0), 'x', x);
    let z!: Tensor;
    const t = record((tp) => {
      tp.watch(x);
      tp.watch(w);
      z = mul(w, w);
      b.value(at(8), 'z', z);
    });
    b.gradientStarting(t, at(9), 'z', ['x']);
    gradient(t, [z], [x]);
    const r = b.finish();
    expect(r.gradients[0].results[0].none?.reason).toBe('unconnected');
    expect(r.gradients[0].results[0].none?.message).toBe(
      'x is watched, but z was not computed from it by the operations the tape recorded; use x in the computation of z inside the with block',
    );
    expect(r.diagnostics.map((d) => d.code)).toEqual(['tape-unconnected']);
    // The tape graph still shows the watched x, as a source with no gradient.
    const xv = r.tapes[0].values.find((v) => v.id === x.id)!;
    expect(xv.role).toEqual(['source', 'watched']);
    expect(xv.grad).toBeUndefined();
  });

  it('unconnected: a trainable variable never read inside the tape', () => {
    const b = listening();
    const v = new Variable(constant(2.0), true, 'v:0');
    b.value(at(0), 'x', v);
    const c = constant(1.0);
    const { result } = noneOf(
      b,
      () => {
        const t2 = mul(c, 2.0);
        return t2;
      },
      v,
    );
    expect(result.none?.reason).toBe('unconnected');
    expect(result.none?.message).toBe(
      'x was not used inside the with block, so the tape never saw it; compute z from x inside the block',
    );
  });

  it('several None results in a loop report one diagnostic per call site', () => {
    const b = listening();
    const x = constant(3.0);
    b.value(at(0), 'x', x);
    for (let i = 0; i < 3; i++) {
      let z!: Tensor;
      const t = record(() => {
        z = mul(x, x);
      });
      b.gradientStarting(t, at(9), 'z', ['x']);
      gradient(t, [z], [x]);
    }
    const r = b.finish();
    expect(r.gradients[0].runs).toBe(3);
    expect(r.diagnostics).toHaveLength(1);
  });
});
