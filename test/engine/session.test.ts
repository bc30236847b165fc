/** The run session: `begin`/`end` install and remove a run's hooks, observers and span together. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { GradientTape } from '../../src/engine/autodiff/tape';
import { mul } from '../../src/engine/ops/math';
import { ReportBuilder } from '../../src/engine/report/builder';
import { run } from '../../src/engine/run';
import { session } from '../../src/engine/session';
import { constant } from '../../src/engine/tensor/convert';

afterEach(() => vi.restoreAllMocks());

function expectNoRunState(): void {
  expect(session.recording).toBe(false);
  expect(session.observers).toEqual([]);
  expect(session.span).toBeUndefined();
  expect(session.log).toBeUndefined();
  expect(session.gradientListener).toBeUndefined();
  expect(session.sink).toBeUndefined();
  expect(session.poll).toBeUndefined();
}

// d(x·x)/dx at x = 3 is 6; d(x·x·x)/dx at x = 2 is 3·2² = 12.
const square = `import tensorflow as tf
x = tf.constant(3.0)
with tf.GradientTape() as t:
    t.watch(x)
    y = x * x
assert float(t.gradient(y, x)) == 6.0
`;
const cube = `import tensorflow as tf
x = tf.constant(2.0)
with tf.GradientTape() as t:
    t.watch(x)
    y = x * x * x
assert float(t.gradient(y, x)) == 12.0
`;
const python = (source: string) => ({ kind: 'python' as const, cells: [{ source }] });

describe('run session', () => {
  it('a run whose report hook throws inside an open tape leaves no hook, observer or span behind', () => {
    vi.spyOn(ReportBuilder.prototype, 'tapeCreated').mockImplementation(() => {
      throw new Error('hook failed');
    });
    const r = run(python(square));
    // The failure surfaced inside the run, at the `with` statement, while the tape was on the observer list.
    expect(r.diagnostics.map((d) => d.message)).toContain('SystemError: internal error: hook failed');
    expectNoRunState();
    vi.restoreAllMocks();
    // The next run starts clean: its tape records and its gradient is right.
    const next = run(python(square));
    expect(next.asserts.map((a) => a.passed)).toEqual([true]);
    expectNoRunState();
  });

  it('a run started inside another run gives the outer run its hooks and tapes back', () => {
    let inner: ReturnType<typeof run> | undefined;
    const tapeCreated = ReportBuilder.prototype.tapeCreated;
    vi.spyOn(ReportBuilder.prototype, 'tapeCreated').mockImplementation(function (this: ReportBuilder, ...args) {
      if (!inner) inner = run(python(cube));
      return tapeCreated.apply(this, args);
    });
    const outer = run(python(square));
    expect(inner?.asserts.map((a) => a.passed)).toEqual([true]);
    expect(inner?.tapes).toHaveLength(1);
    // The outer tape kept recording after the inner run ended, and the outer report saw its own tape.
    expect(outer.asserts.map((a) => a.passed)).toEqual([true]);
    expect(outer.tapes).toHaveLength(1);
    expect(outer.gradients).toHaveLength(1);
    expectNoRunState();
  });

  it('begin/end nest: end restores the enclosing hooks and observers', () => {
    const outerLog = (_: string) => {};
    session.begin({ log: outerLog });
    const tape = new GradientTape(false, true).enter();
    const x = constant(2);
    tape.watch(x);
    expect(session.recording).toBe(true);
    session.begin({});
    expect(session.recording).toBe(false);
    expect(session.log).toBeUndefined();
    // The enclosing run's tape does not see the inner run's ops.
    mul(x, x);
    expect(tape.history).toHaveLength(0);
    session.end();
    expect(session.log).toBe(outerLog);
    expect(session.observers).toEqual([tape]);
    mul(x, x);
    expect(tape.history).toHaveLength(1);
    tape.exit();
    session.end();
    expectNoRunState();
  });
});
