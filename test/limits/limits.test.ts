/**
 * Limits, each with its diagnostic, through the engine's `run()` with the options the extension sends
 * (`runOptions` of the default settings): the step budget and the deadline, the recursion limit, the tensor element
 * cap, the total memory cap, a 1 MB source, a 500-cell notebook, a 100,000-iteration loop inside a tape.
 *
 * No assertion here depends on how busy the machine is. That the engine keeps its deadline is checked with fake
 * clocks (`./clock.ts`): a run stops with the deadline diagnostic once the clock passes it, and the engine checks
 * the clock often enough — every 1,024 interpreter steps, and inside ops every few million elements or
 * multiply-adds. On the real clock, a run only has to end within its budget plus `HANG_GUARD_MS`: a guard against
 * an engine that ignores its deadline (seconds or minutes), not a measure of promptness.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { run } from '../../src/engine/run';
import { readConfig, runOptions } from '../../src/extension/core/config';
import type { DiagnosticRecord, RunInput, RunOptions, RunReport } from '../../src/protocol/report';
import { withPollClock, withTickClock } from './clock';

/** What the extension sends with the default settings. */
const EXTENSION: RunOptions = runOptions(readConfig({ get: <T>(_k: string, d: T) => d }));
/** A run on the real clock ends within its budget plus this (a hang guard, see above). */
const HANG_GUARD_MS = 10_000;
/** The report the worker posts must stay well below this (JSON characters). */
const MAX_REPORT_CHARS = 16 * 1024 * 1024;

interface Timed {
  report: RunReport;
  ms: number;
  json: number;
}

function timed(input: RunInput, options: RunOptions): Timed {
  const t0 = performance.now();
  const report = run(input, options);
  const ms = performance.now() - t0;
  return { report, ms, json: JSON.stringify(report).length };
}

/** Runs `input` on the real clock: it ends within its budget plus the hang guard, with a bounded report. */
function withinBudget(input: RunInput, options: RunOptions): Timed {
  const budget = options.timeBudgetMs ?? 2000;
  const t = timed(input, options);
  expect(t.ms, `the run took ${t.ms.toFixed(0)} ms with a budget of ${budget} ms`).toBeLessThan(budget + HANG_GUARD_MS);
  expect(t.json).toBeLessThan(MAX_REPORT_CHARS);
  return t;
}

const py = (source: string): RunInput => ({ kind: 'python', cells: [{ source }] });
const errors = (r: RunReport): DiagnosticRecord[] => r.diagnostics.filter((d) => d.severity === 'error');
const line = (d: DiagnosticRecord | undefined) => (d ? d.span.start.line + 1 : undefined);

describe('the options the extension sends', () => {
  test('are the documented defaults', () => {
    expect(EXTENSION).toMatchObject({
      timeBudgetMs: 2000,
      maxSteps: 50_000_000,
      maxTensorElements: 10_000_000,
      maxTotalMemoryMb: 2048,
    });
  });
});

describe('runaway loops: deadline and step budget', () => {
  test('`while True: pass` stops at the deadline with a located warning', () => {
    const { report } = withinBudget(py('x = 1\nwhile True:\n    pass\n'), {
      ...EXTENSION,
      timeBudgetMs: 500,
      maxSteps: 1_000_000_000,
    });
    expect(report.stopped?.reason).toBe('deadline');
    const d = report.diagnostics.find((x) => x.code === 'deadline');
    expect(d?.message).toBe(
      'Evaluation stopped: the run exceeded its time budget of 500 ms (setting gradientLens.timeBudgetMs). The loop at line 2 was still running.',
    );
    expect(line(d)).toBe(2);
    expect(report.values.find((v) => v.label === 'x')?.value.repr).toBe('1');
  });

  test('`while True: pass` stops at the step budget with a located warning', () => {
    const { report } = withinBudget(py('x = 1\nwhile True:\n    pass\n'), { ...EXTENSION, maxSteps: 100_000 });
    expect(report.stopped?.reason).toBe('steps');
    const d = report.diagnostics.find((x) => x.code === 'budget');
    expect(d?.message).toBe(
      'Evaluation stopped: the run exceeded its step budget of 100,000 steps (setting gradientLens.maxSteps). The loop at line 2 was still running.',
    );
    expect(line(d)).toBe(2);
  });

  test('with the default settings, `while True: pass` ends within the default budget', () => {
    const { report } = withinBudget(py('while True:\n    pass\n'), EXTENSION);
    expect(['steps', 'deadline']).toContain(report.stopped?.reason);
  });
});

describe('recursion', () => {
  test('deep recursion is a located RecursionError with a bounded traceback', () => {
    const { report, json } = withinBudget(py('def f(n):\n    return f(n + 1)\n\nf(0)\nprint("after")\n'), EXTENSION);
    const [e] = errors(report);
    expect(e.message).toBe('RecursionError: maximum recursion depth exceeded');
    expect(line(e)).toBe(2);
    // CPython's traceback rule: repeated frames collapse into one line.
    expect(e.related?.length ?? 0).toBeLessThan(10);
    expect(json).toBeLessThan(200_000);
  });

  test('mutual recursion and recursion through a method too', () => {
    const src = [
      'class A:',
      '    def m(self, n):',
      '        return g(n)',
      'def g(n):',
      '    return A().m(n + 1)',
      'g(0)',
    ].join('\n');
    const { report } = withinBudget(py(src), EXTENSION);
    expect(errors(report)[0]?.message).toBe('RecursionError: maximum recursion depth exceeded');
  });
});

describe('tensor element cap and total memory cap', () => {
  test('`tf.ones((100000, 100000))` is a located ResourceExhaustedError, at once', () => {
    // At once: before the op writes a single element (no op ran long enough to check the budget).
    const { result, count } = withPollClock(0, () =>
      withinBudget(py('import tensorflow as tf\nx = tf.ones((100000, 100000))\nprint("unreachable")\n'), EXTENSION),
    );
    const { report } = result;
    const [e] = errors(report);
    expect(e.message).toBe(
      'ResourceExhaustedError: Fill: a tensor of 10,000,000,000 elements exceeds the element cap of 10,000,000 (setting gradientLens.maxTensorElements)',
    );
    expect(line(e)).toBe(2);
    expect(e.span.start.character).toBe(4);
    expect(report.prints).toEqual([]);
    expect(count).toBe(0);
  });

  test('the cap covers results too: a broadcast and a matmul output', () => {
    const src = 'import tensorflow as tf\na = tf.ones((5000, 1))\nb = tf.ones((1, 5000))\nc = a + b\n';
    const { report } = withinBudget(py(src), EXTENSION);
    expect(errors(report)[0]?.message).toMatch(
      /^ResourceExhaustedError: .*25,000,000 elements exceeds the element cap/,
    );
    expect(line(errors(report)[0])).toBe(4);
  });

  test('a loop that keeps growing a list of tensors stops at the total memory cap', () => {
    const src = 'import tensorflow as tf\nxs = []\nwhile True:\n    xs.append(tf.ones((1000, 1000)))\n';
    // On a clock that stands still: the memory cap is reached before any deadline, however slow the machine is.
    const { report, json } = withPollClock(0, () =>
      withinBudget(py(src), { ...EXTENSION, maxTotalMemoryMb: 256, timeBudgetMs: 10_000 }),
    ).result;
    const [e] = errors(report);
    expect(e.message).toBe(
      'ResourceExhaustedError: Fill: the run allocated more than 256 MiB of tensor data (setting gradientLens.maxTotalMemoryMb)',
    );
    expect(line(e)).toBe(4);
    // The list of 64 tensors is a global: its report stays small.
    expect(json).toBeLessThan(2_000_000);
  });

  test('with the default settings, the same loop ends within the budget (deadline or memory cap)', () => {
    const src = 'import tensorflow as tf\nxs = []\nwhile True:\n    xs.append(tf.ones((1000, 1000)))\n';
    const { report } = withinBudget(py(src), EXTENSION);
    const ended = report.stopped?.reason === 'deadline' || /ResourceExhaustedError/.test(errors(report)[0]?.message);
    expect(ended, JSON.stringify(report.diagnostics)).toBe(true);
  });

  test('one huge matrix product is stopped at the deadline, not after it', () => {
    // A 3000 × 3000 product is 27·10⁹ multiply-adds (seconds). The clock passes the 500 ms deadline at the 6th budget
    // check inside ops: the product stops at the next check, long before it ends.
    const src = 'import tensorflow as tf\na = tf.ones((3000, 3000))\nb = a @ a\nprint("unreachable")\n';
    const { result: report, count } = withPollClock(100, () => run(py(src), { ...EXTENSION, timeBudgetMs: 500 }));
    expect(report.stopped?.reason).toBe('deadline');
    expect(line(report.diagnostics.find((d) => d.code === 'deadline'))).toBe(3);
    expect(report.values.find((v) => v.label === 'b')).toBeUndefined();
    expect(report.prints).toEqual([]);
    // Stopped at the first check after the deadline (or the one after it), not later.
    expect(count).toBeGreaterThanOrEqual(6);
    expect(count).toBeLessThanOrEqual(7);
  });
});

describe('the engine checks its clock often enough (fake clocks)', () => {
  test('`while True: pass` reads the clock every 1,024 steps and stops once the deadline has passed', () => {
    // 1 ms per read: the 300 ms deadline passes after about 300 reads, whatever the machine does meanwhile.
    const { result: report, count } = withTickClock(1, () =>
      run(py('x = 1\nwhile True:\n    pass\n'), { ...EXTENSION, timeBudgetMs: 300, maxSteps: 1_000_000_000 }),
    );
    expect(report.stopped?.reason).toBe('deadline');
    expect(report.diagnostics.find((d) => d.code === 'deadline')?.message).toBe(
      'Evaluation stopped: the run exceeded its time budget of 300 ms (setting gradientLens.timeBudgetMs). The loop at line 2 was still running.',
    );
    expect(count).toBeGreaterThanOrEqual(300);
    expect(count).toBeLessThan(400);
  });

  test('a matrix product checks the budget at least every 2^26 multiply-adds', () => {
    const product = (n: number) =>
      withPollClock(0, () => run(py(`import tensorflow as tf\na = tf.ones((${n}, ${n}))\nb = a @ a\n`), EXTENSION));
    const small = product(4);
    const large = product(1000);
    expect(large.result.stopped).toBeUndefined();
    expect(large.result.values.find((v) => v.label === 'b')?.value.repr).toContain('1000.');
    // 10⁹ multiply-adds (plus 10⁶ elements written twice).
    expect(large.count - small.count).toBeGreaterThanOrEqual(Math.floor(1e9 / 2 ** 26));
  });

  test('elementwise ops check the budget at least every 4·10⁶ elements written', () => {
    const loop = (n: number) =>
      withPollClock(0, () =>
        run(py(`import tensorflow as tf\nx = tf.ones((${n}, 1000))\nfor i in range(10):\n    x = x * 2.0 + 1.0\n`), {
          ...EXTENSION,
        }),
      );
    const small = loop(1);
    const large = loop(2000);
    expect(large.result.stopped).toBeUndefined();
    // 21 ops of 2·10⁶ elements each.
    expect(large.count - small.count).toBeGreaterThanOrEqual(Math.floor((21 * 2e6) / 4e6));
  });

  test('a deadline passed inside an elementwise loop stops it at the loop, with the diagnostic', () => {
    const src = 'import tensorflow as tf\nx = tf.ones((2000, 1000))\nwhile True:\n    x = x * 1.0\n';
    const { result: report, count } = withPollClock(50, () => run(py(src), { ...EXTENSION, timeBudgetMs: 300 }));
    expect(report.stopped?.reason).toBe('deadline');
    expect(line(report.diagnostics.find((d) => d.code === 'deadline'))).toBe(3);
    expect(count).toBeGreaterThanOrEqual(7);
    expect(count).toBeLessThanOrEqual(8);
  });
});

describe('big inputs', () => {
  const seed = readFileSync(join(__dirname, '../fixtures/seed/autodiff_tutorial.py'), 'utf8');

  test('a 1 MB source file ends within the budget, with a bounded report', () => {
    let src = '';
    while (src.length < 1_000_000) src += `${seed}\n`;
    const { report } = withinBudget(py(src), EXTENSION);
    expect(src.length).toBeGreaterThanOrEqual(1_000_000);
    // Either it ran to its end or it stopped at the deadline, with the stop diagnostic.
    if (report.stopped) expect(report.stopped.reason).toBe('deadline');
    expect(report.diagnostics.filter((d) => d.code === 'exception')).toEqual([]);
  });

  test('a 1 MB source on a small budget stops while reading it, with a diagnostic', () => {
    let src = '';
    for (let i = 0; src.length < 1_000_000; i++) src += `v${i} = ${i} * 2 + ${i}\n`;
    const { report } = withinBudget(py(src), { ...EXTENSION, timeBudgetMs: 200 });
    expect(report.stopped?.reason).toBe('deadline');
    expect(report.diagnostics.find((d) => d.code === 'deadline')?.message).toMatch(
      /^Evaluation stopped: the run exceeded its time budget of 200 ms \(setting gradientLens\.timeBudgetMs\)/,
    );
  });

  test('a notebook with 500 cells: every cell runs, spans name their cells', () => {
    const cells: RunInput['cells'] = [{ source: 'import tensorflow as tf\nx = tf.Variable(1.0)', cell: 0 }];
    for (let i = 1; i < 500; i++) {
      cells.push({
        source: `with tf.GradientTape() as t${i}:\n    y${i} = x * ${i}.0\ng${i} = t${i}.gradient(y${i}, x)\nassert g${i}.numpy() == ${i}.0`,
        cell: 2 * i,
      });
    }
    // On a clock that stands still: every cell runs however slow the machine is (the deadline is tested above).
    const { report } = withPollClock(0, () => withinBudget({ kind: 'notebook', cells }, EXTENSION)).result;
    expect(report.stopped).toBeUndefined();
    expect(errors(report)).toEqual([]);
    expect(report.asserts).toHaveLength(499);
    expect(report.asserts.every((a) => a.passed)).toBe(true);
    expect(report.gradients).toHaveLength(499);
    expect(report.gradients[498].span.cell).toBe(998);
  });

  test('a notebook with 500 cells on a small budget stops with the deadline diagnostic', () => {
    const cells: RunInput['cells'] = Array.from({ length: 500 }, (_, i) => ({
      source: `import tensorflow as tf\nv${i} = tf.reduce_sum(tf.ones((300, 300)) @ tf.ones((300, 300)))`,
      cell: i,
    }));
    const { report } = withinBudget({ kind: 'notebook', cells }, { ...EXTENSION, timeBudgetMs: 300 });
    expect(report.stopped?.reason).toBe('deadline');
  });
});

describe('a 100,000-iteration loop inside a tape', () => {
  const src = [
    'import tensorflow as tf',
    'x = tf.Variable(1.0)',
    'with tf.GradientTape() as tape:',
    '    y = x',
    '    for i in range(100000):',
    '        y = y * 1.00001',
    'g = tape.gradient(y, x)',
    'print(g)',
  ].join('\n');

  test('runs to its end with the default settings while the clock allows, and the report stays bounded', () => {
    // A clock that stands still: the run cannot reach its deadline, however slow the machine.
    const { result } = withPollClock(0, () => timed(py(src), EXTENSION));
    const { report, json } = result;
    expect(report.stopped).toBeUndefined();
    // 1.00001 ** 100000 = e, within float32 rounding over 100,000 products.
    expect(report.prints[0]?.text).toMatch(/^tf\.Tensor\(2\.7\d*, shape=\(\), dtype=float32\)/);
    const tape = report.tapes[0];
    expect(tape.opCount).toBeGreaterThanOrEqual(100_000);
    expect(tape.ops.length).toBeLessThanOrEqual(EXTENSION.maxTapeOps ?? 0);
    expect(json).toBeLessThan(MAX_REPORT_CHARS);
  }, 120_000);

  test('on the real clock it ends within the default budget: its result, or the deadline at the loop or the gradient', () => {
    const { report, json } = withinBudget(py(src), EXTENSION);
    if (report.stopped) {
      // A busy machine may reach the deadline in the loop or in the backward pass over its 100,000 ops.
      expect(report.stopped.reason).toBe('deadline');
      expect([5, 7]).toContain(line(report.diagnostics.find((d) => d.code === 'deadline')));
    } else expect(report.prints[0]?.text).toMatch(/^tf\.Tensor\(2\.7\d*, shape=\(\), dtype=float32\)/);
    expect(json).toBeLessThan(MAX_REPORT_CHARS);
  });

  test('on a small budget: the deadline diagnostic, and a report built within the budget too', () => {
    const { report, json } = withinBudget(py(src), { ...EXTENSION, timeBudgetMs: 300 });
    expect(report.stopped?.reason).toBe('deadline');
    expect(json).toBeLessThan(MAX_REPORT_CHARS);
  });

  test('the report does not grow with the number of iterations', () => {
    // On a clock that stands still, so that both runs reach their end.
    const opts = { ...EXTENSION, timeBudgetMs: 60_000 };
    const small = withPollClock(0, () => timed(py(src.replace('100000', '30000')), opts)).result;
    const large = withPollClock(0, () => timed(py(src), opts)).result;
    expect(large.report.tapes[0].opCount).toBeGreaterThan(small.report.tapes[0].opCount);
    // Both list the capped number of ops; the larger run's report is not bigger in proportion.
    expect(large.json).toBeLessThan(small.json * 1.2);
  }, 120_000);
});
