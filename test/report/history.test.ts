/**
 * Loop history: values, gradients and tapes recorded inside loops say their iteration and keep evenly thinned
 * samples. Expected values are closed forms of the programs' recurrences, computed here in doubles.
 */
import { describe, expect, it } from 'vitest';
import { HISTORY_SAMPLES, TAPE_HISTORY, Thinned } from '../../src/engine/report/history';
import { run } from '../../src/engine/run';
import type { RunReport } from '../../src/protocol/report';

const py = (source: string): RunReport => run({ kind: 'python', cells: [{ source }] });
const valueOn = (r: RunReport, line: number) => {
  const v = r.values.find((x) => x.span.start.line === line);
  if (!v) throw new Error(`no value on line ${line}`);
  return v;
};
const scalar = (s: { value?: unknown }): number => s.value as number;

/** The ordinals `Thinned` keeps of n samples, by its rule: multiples of the smallest power-of-two stride that fits. */
function expectedOrdinals(n: number, cap: number): number[] {
  let stride = 1;
  // All ordinals but the last that are multiples of the stride must number at most cap - 1.
  while (Math.ceil((n - 1) / stride) > cap - 1) stride *= 2;
  const out: number[] = [];
  for (let i = 0; i < n - 1; i += stride) out.push(i);
  out.push(n - 1);
  return out;
}

describe('Thinned', () => {
  it('keeps at most cap samples, evenly spaced, always the first and the last', () => {
    for (const n of [1, 2, 63, 64, 65, 100, 129, 1000, 10_000]) {
      const h = new Thinned<number>(64);
      for (let i = 0; i < n; i++) h.add(i + 1, i * 10);
      const s = h.samples();
      expect(s.length).toBeLessThanOrEqual(64);
      expect(s[0].iteration).toBe(1);
      expect(s[s.length - 1].iteration).toBe(n);
      expect(s.map((x) => x.ordinal)).toEqual(expectedOrdinals(n, 64));
      expect(s.map((x) => x.value)).toEqual(s.map((x) => x.ordinal * 10));
      expect(h.count).toBe(n);
    }
  });

  it('keeps the later of two samples in one iteration', () => {
    const h = new Thinned<string>(4);
    h.add(1, 'a');
    h.add(1, 'b');
    h.add(2, 'c');
    expect(h.samples().map((s) => [s.iteration, s.value])).toEqual([
      [1, 'b'],
      [2, 'c'],
    ]);
    expect(h.count).toBe(2);
  });
});

/** The training loop below in float32 by hand: loss = (x − 3)², its gradient 2(x − 3), x ← x − 0.1·g. */
const f = Math.fround;
const float32Steps: { loss: number; grad: number }[] = [];
for (let k = 0, x = f(1); k < 100; k++) {
  const d = f(x - 3);
  const grad = f(2 * d);
  float32Steps.push({ loss: f(d * d), grad });
  x = f(x - f(f(0.1) * grad));
}

describe('loop history in the report', () => {
  // x ← x − 0.1·2(x − 3), from 1: x_k = 3 − 2·0.8^k before step k; loss = 4·0.64^k, g = −4·0.8^k.
  const training = [
    'import tensorflow as tf',
    'x = tf.Variable(1.0)',
    'for step in range(100):',
    '    with tf.GradientTape() as tape:',
    '        loss = (x - 3.0) ** 2',
    '    g = tape.gradient(loss, x)',
    '    x.assign_sub(0.1 * g)',
    'print(float(x))',
  ].join('\n');

  it('records which iteration each value shows, and the loop', () => {
    const r = py(training);
    expect(r.loops).toEqual([
      { id: 1, span: expect.objectContaining({ start: { line: 2, character: 0 } }), iterations: 100 },
    ]);
    const loss = valueOn(r, 4);
    expect(loss.at).toEqual({ loop: 1, iteration: 100, of: 100 });
    expect(scalar(loss.value)).toBeCloseTo(4 * 0.64 ** 99, 10);
    const top = valueOn(r, 1);
    expect(top.at).toBeUndefined();
    expect(top.history).toBeUndefined();
  });

  it('keeps an evenly thinned history of a scalar: iterations 1, 3, …, 99 and 100', () => {
    const r = py(training);
    const h = valueOn(r, 4).history;
    expect(h).toBeDefined();
    expect(h?.count).toBe(100);
    const iterations = [...expectedOrdinals(100, HISTORY_SAMPLES).map((o) => o + 1)];
    expect(h?.iterations).toEqual(iterations);
    expect(iterations.slice(0, 3)).toEqual([1, 3, 5]);
    expect(iterations.slice(-2)).toEqual([99, 100]);
    h?.values.forEach((v, i) => {
      const k = h.iterations[i] - 1;
      expect(scalar(v)).toBeCloseTo(4 * 0.64 ** k, 5);
      expect(scalar(v)).toBe(float32Steps[k].loss);
    });
  });

  it('keeps the gradient call’s results per iteration (dloss/dx = −4·0.8^k)', () => {
    const r = py(training);
    const g = r.gradients.find((x) => x.span.start.line === 5);
    expect(g?.at).toEqual({ loop: 1, iteration: 100, of: 100 });
    expect(g?.history?.count).toBe(100);
    g?.history?.results.forEach((rs, i) => {
      const k = (g.history?.iterations[i] ?? 0) - 1;
      expect(scalar(rs[0] ?? {})).toBeCloseTo(-4 * 0.8 ** k, 5);
      expect(scalar(rs[0] ?? {})).toBe(float32Steps[k].grad);
    });
    // The last sample is the call's own result.
    expect(g?.history?.results.at(-1)?.[0]?.value).toEqual(g?.results[0].result?.value);
  });

  it('lists one tape per kept iteration (evenly thinned, the last one included)', () => {
    const r = py(training);
    const tapes = r.tapes.filter((t) => t.span?.start.line === 3);
    expect(tapes.length).toBeLessThanOrEqual(TAPE_HISTORY);
    expect(tapes.map((t) => t.at?.iteration)).toEqual(expectedOrdinals(100, TAPE_HISTORY).map((o) => o + 1));
    for (const t of tapes) expect(t.at).toMatchObject({ loop: 1, of: 100 });
    // Each tape recorded its own iteration's ops: (x − 3)² from the value x had then.
    const first = tapes[0];
    const read = first.values.find((v) => v.role.includes('variable'));
    expect(read?.value).toBe(1);
  });

  it('counts a nested loop’s iterations across the outer loop', () => {
    const r = py(
      ['total = 0', 'for i in range(3):', '    for j in range(4):', '        total = total + i * 4 + j'].join('\n'),
    );
    const v = valueOn(r, 3);
    const inner = r.loops?.find((l) => l.span.start.line === 2);
    expect(inner?.iterations).toBe(12);
    expect(v.at).toEqual({ loop: inner?.id, iteration: 12, of: 12 });
    // total after iteration n = 0 + 1 + … + (n − 1) = n(n − 1)/2
    expect(v.history?.iterations).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(v.history?.values.map((s) => s.value)).toEqual(v.history?.iterations.map((n) => (n * (n - 1)) / 2));
  });

  it('gives a function called from a loop body the caller’s loop', () => {
    const r = py(['def f(a):', '    b = a * a', '    return b', 'for k in range(5):', '    f(k)'].join('\n'));
    const b = valueOn(r, 1);
    expect(b.at?.of).toBe(5);
    expect(b.history?.values.map((s) => s.value)).toEqual([0, 1, 4, 9, 16]);
  });

  it('keeps no history of big tensors, only their iteration', () => {
    const r = py(['import tensorflow as tf', 'for k in range(3):', '    big = tf.ones([100]) * k'].join('\n'));
    const big = valueOn(r, 2);
    expect(big.at).toEqual({ loop: 1, iteration: 3, of: 3 });
    expect(big.history).toBeUndefined();
  });

  it('stays bounded for a 10,000-iteration loop', () => {
    const r = py(['s = 0.0', 'for k in range(10000):', '    s = s + 0.5'].join('\n'));
    const s = valueOn(r, 2);
    expect(s.history?.count).toBe(10_000);
    expect(s.history?.values.length).toBeLessThanOrEqual(HISTORY_SAMPLES);
    expect(s.history?.iterations.at(-1)).toBe(10_000);
    s.history?.values.forEach((v, i) => {
      expect(v.value).toBe(0.5 * (s.history?.iterations[i] ?? 0));
    });
    expect(JSON.stringify(r).length).toBeLessThan(20_000);
  });
});
