/** Budgets: steps, wall-clock deadline, cancellation, recursion. A runaway program never hangs the host. */
import { describe, expect, test } from 'vitest';
import { withTickClock } from '../limits/clock';
import { py, run } from './helpers';

describe('budgets end the whole run with a located diagnostic', () => {
  test('while True: pass stops at the deadline, reading the clock every 1,024 steps', () => {
    // A fake clock, 1 ms per read: the deadline passes after about 300 reads, however busy the machine is.
    const { result: r, count } = withTickClock(1, () =>
      run('x = 1\nwhile True:\n    pass\n', { timeBudgetMs: 300, maxSteps: 1_000_000_000 }),
    );
    expect(count).toBeGreaterThanOrEqual(300);
    expect(r.result.steps / count).toBeLessThanOrEqual(1024);
    expect(r.result.stoppedBy).toBe('deadline');
    const d = r.diagnostics[0];
    expect(d.code).toBe('deadline');
    expect(d.message).toBe(
      'Evaluation stopped: the run exceeded its time budget of 300 ms (setting gradientLens.timeBudgetMs). The loop at line 2 was still running.',
    );
    expect(d.span).toEqual({ start: { line: 1, character: 0 }, end: { line: 1, character: 10 } });
    expect(r.result.globals.get('x')).toBe(1n);
  });

  test('a 1,000,000-iteration loop with a small step budget stops', () => {
    const r = run('total = 0\nfor i in range(1000000):\n    total += i\nprint("unreachable")', { maxSteps: 10_000 });
    expect(r.result.stoppedBy).toBe('budget');
    expect(r.out).toBe('');
    expect(r.diagnostics[0].message).toBe(
      'Evaluation stopped: the run exceeded its step budget of 10,000 steps (setting gradientLens.maxSteps). The loop at line 2 was still running.',
    );
    expect(r.result.steps).toBeLessThanOrEqual(10_000);
  });

  test('the innermost running loop is named, inside functions too', () => {
    const r = run(
      py`
      def spin(n):
          i = 0
          while i >= 0:
              i += 1
      for k in range(3):
          spin(k)
    `,
      { maxSteps: 5000 },
    );
    expect(r.diagnostics[0].message).toContain('The loop at line 3 was still running.');
    expect(r.diagnostics[0].related?.[0].message).toBe('running here');
  });

  test('a budget stop ends the run: later cells do not run', () => {
    const r = run(['while True:\n    pass', 'print("cell 2")'], { maxSteps: 1000 });
    expect(r.out).toBe('');
    expect(r.result.stoppedBy).toBe('budget');
  });

  test('except and finally cannot swallow a budget stop', () => {
    const r = run(
      py`
      try:
          while True:
              pass
      except BaseException:
          print('caught')
      finally:
          print('finally')
    `,
      { maxSteps: 2000 },
    );
    expect(r.out).toBe('');
    expect(r.result.stoppedBy).toBe('budget');
  });

  test('builtins iterating an infinite generator are budgeted', () => {
    const r = run(
      'def naturals():\n    n = 0\n    while True:\n        yield n\n        n += 1\nprint(sum(naturals()))',
      {
        maxSteps: 20_000,
      },
    );
    expect(r.result.stoppedBy).toBe('budget');
    const r2 = run('x = list(range(10 ** 12))', { maxSteps: 20_000 });
    expect(r2.result.stoppedBy).toBe('budget');
  });

  test('cancellation is polled with the deadline', () => {
    let polls = 0;
    const r = run('while True:\n    pass', { shouldCancel: () => ++polls > 3 });
    expect(r.result.stoppedBy).toBe('cancelled');
    expect(r.diagnostics[0].code).toBe('cancelled');
  });

  test('deep recursion is a RecursionError, not a crash', () => {
    const r = run('def f(n):\n    return f(n + 1) + 1\nf(0)\nprint("next statement")');
    expect(r.errors[0].message).toBe('RecursionError: maximum recursion depth exceeded');
    expect(r.result.stoppedBy).toBeUndefined();
  });

  test('huge allocations are MemoryError', () => {
    expect(run("s = 'x' * (10 ** 10)").errors[0].message).toMatch(/^MemoryError/);
    expect(run('a = [0] * (10 ** 10)').errors[0].message).toMatch(/^MemoryError/);
    expect(run('b = 10 ** (10 ** 9)').errors[0].message).toMatch(/^MemoryError/);
  });
});
