/**
 * The CI fuzz run: FUZZ_CASES (default 2,000) seeded mutation cases over the seed, the examples, the golden programs
 * and generated programs, plus fast-check properties. Every case must end with a RunReport, without an internal
 * error, within its 300 ms budget plus 100 ms. A failure prints the case's seed and index:
 * `node scripts/fuzz.mjs --seed=S --replay=I` shows it again; a long campaign is `node scripts/fuzz.mjs`.
 *
 * Environment: FUZZ_SEED (default 20260), FUZZ_CASES (default 2000).
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { run } from '../../src/engine/run';
import { caseFor, caseText, corpus } from './cases';
import { expr } from './generate';
import { HUGE_NUMBERS, nest, SNIPPETS, UNICODE_IDENTIFIERS, UNICODE_TEXT } from './mutate';
import { checkCase, FUZZ_OPTIONS, internalText } from './oracle';
import { Rng } from './rng';

const SEED = Number(process.env.FUZZ_SEED ?? 20260);
const CASES = Number(process.env.FUZZ_CASES ?? 2000);
/** Cases per vitest test: small chunks keep each test's time reasonable and show progress. */
const CHUNK = 250;

function runChunk(from: number, to: number): void {
  const failures: string[] = [];
  for (let i = from; i < to; i++) {
    const c = caseFor(SEED, i);
    const o = checkCase(c.input);
    if (o.problems.length) {
      failures.push(
        `case ${SEED}:${i} (${c.origin}) — replay: node scripts/fuzz.mjs --seed=${SEED} --replay=${i}\n  ${o.problems.join('\n  ')}\n----\n${caseText(c).slice(0, 1500)}\n----`,
      );
    }
  }
  expect(failures, failures.join('\n\n')).toEqual([]);
}

describe(`mutation fuzzing (seed ${SEED}, ${CASES} cases)`, () => {
  test('the corpus is there', () => {
    expect(corpus().length).toBeGreaterThanOrEqual(3);
  });

  for (let from = 0; from < CASES; from += CHUNK) {
    const to = Math.min(CASES, from + CHUNK);
    test(`cases ${from}..${to - 1}`, () => runChunk(from, to), 120_000);
  }
});

/** Python source fragments for fast-check: tokens that make up plausible and implausible programs. */
const fragment = fc.oneof(
  fc.constantFrom(
    'import tensorflow as tf\n',
    'x = tf.Variable(3.0)\n',
    'with tf.GradientTape() as t:\n',
    '    y = x * x\n',
    'g = t.gradient(y, x)\n',
    'print(g)\n',
    'def f(a):\n',
    '    return a\n',
    'for i in range(3):\n',
    'if x:\n',
    '    pass\n',
    'else:\n',
    '(',
    ')',
    '[',
    ']',
    ':',
    '\n',
    '    ',
    '\t',
    '"',
    "'",
    '"""',
    '#',
    '\\',
    'lambda',
    'yield',
    '*',
    '**',
    '@',
    '=',
    ',',
    '.',
  ),
  fc.constantFrom(...HUGE_NUMBERS, ...UNICODE_IDENTIFIERS, ...UNICODE_TEXT, ...SNIPPETS.map((s) => `${s}\n`)),
  fc.string({ unit: 'binary', maxLength: 8 }),
  fc
    .integer({ min: 0, max: 2000 })
    .chain((depth) => fc.integer({ min: 0, max: 13 }).map((kind) => nest(kind, depth, '1'))),
);

const quick = { ...FUZZ_OPTIONS, timeBudgetMs: 200 };

function assertCase(source: string, kind: 'python' | 'notebook' = 'python'): void {
  const input =
    kind === 'python'
      ? { kind, cells: [{ source }] }
      : { kind, cells: source.split('\n\n').map((s, i) => ({ source: s, cell: 2 * i + 1 })) };
  const o = checkCase(input, quick);
  if (o.problems.length) throw new Error(`${o.problems.join('\n')}\n----\n${source}`);
}

describe('fast-check properties', () => {
  test('any sequence of Python fragments: a report, no internal error, within the budget', () => {
    fc.assert(
      fc.property(fc.array(fragment, { maxLength: 40 }), (parts) => assertCase(parts.join(''))),
      { seed: SEED, numRuns: 200 },
    );
  }, 120_000);

  test('arbitrary unicode text, as a file and as notebook cells', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), fc.boolean(), (s, nb) =>
        assertCase(s, nb ? 'notebook' : 'python'),
      ),
      { seed: SEED, numRuns: 150 },
    );
  }, 120_000);

  test('generated expressions over tensors of random shapes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 }), (seed) => {
        const rng = new Rng(seed);
        const lines = ['import tensorflow as tf', 'import numpy as np'];
        for (const n of ['a', 'b', 'c', 'x', 'y', 'w', 'v']) lines.push(`${n} = ${expr(rng)}`);
        lines.push('with tf.GradientTape(persistent=True) as t:', '    t.watch([a, b, x])');
        lines.push(`    y = ${expr(rng)}`, `    z = ${expr(rng)}`);
        lines.push('print(t.gradient(y, [a, b, x, w, v]))', 'print(t.jacobian(z, x))');
        assertCase(lines.join('\n'));
      }),
      { seed: SEED, numRuns: 150 },
    );
  }, 120_000);

  test('the oracle recognises internal errors (so the properties above can fail)', () => {
    expect(internalText("TypeError: Cannot read properties of undefined (reading 'shape')")).toBeDefined();
    expect(internalText('SystemError: internal error: x is not a function')).toBeDefined();
    expect(internalText('RuntimeError: internal: einsum label lost')).toBeDefined();
    expect(internalText('MemoryError: Invalid count value: -1')).toBeDefined();
    expect(internalText("NameError: name 'undefined' is not defined")).toBeUndefined();
    expect(internalText('MemoryError: Invalid array length')).toBeUndefined();
    expect(internalText('RecursionError: maximum recursion depth exceeded')).toBeUndefined();
    // and a report with such a diagnostic fails the case
    const report = run({ kind: 'python', cells: [{ source: 'x = 1' }] });
    report.diagnostics.push({
      severity: 'error',
      code: 'exception',
      message: "TypeError: Cannot read properties of undefined (reading 'shape')",
      span: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } },
    });
    expect(internalText(report.diagnostics[0].message)).toBeDefined();
  });
});
