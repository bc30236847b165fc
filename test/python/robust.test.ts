/** Robustness: mutated programs never make `runProgram` throw or hang, and never produce internal errors. */
import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { runProgram } from '../../src/engine/python';

const seed = readFileSync('/work/shared/seed/autodiff_tutorial.py', 'utf8');
const extra = readFileSync(new URL('./eval.test.ts', import.meta.url), 'utf8');

function rng(seedValue: number): () => number {
  let s = seedValue >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const pieces = [
  '(',
  ')',
  ':',
  '\n',
  '    ',
  'for ',
  'x',
  '=',
  ',',
  '[',
  ']',
  'lambda',
  'yield',
  '*',
  '"',
  "'",
  '.',
  'if ',
  'else',
  'def f():',
];

test('mutated programs: no throw, no hang, no internal error', () => {
  const random = rng(42);
  const sources = [seed, extra.slice(0, 4000), extra.slice(4000, 9000)];
  for (let i = 0; i < 150; i++) {
    let src = sources[i % sources.length];
    const edits = 1 + Math.floor(random() * 6);
    for (let e = 0; e < edits; e++) {
      const at = Math.floor(random() * src.length);
      const r = random();
      if (r < 0.4) src = src.slice(0, at) + src.slice(at + 1 + Math.floor(random() * 5));
      else if (r < 0.8) src = src.slice(0, at) + pieces[Math.floor(random() * pieces.length)] + src.slice(at);
      else src = src.slice(0, at) + src.slice(at).split('\n').slice(1).join('\n');
    }
    const t0 = performance.now();
    const result = runProgram([{ source: src }], { timeBudgetMs: 500 });
    // A hang guard (seconds past the budget), not a measure of promptness: see test/limits for the deadline.
    expect(performance.now() - t0).toBeLessThan(500 + 10_000);
    const internal = result.diagnostics.filter((d) => d.message.includes('internal error'));
    expect(internal, src).toEqual([]);
  }
});
