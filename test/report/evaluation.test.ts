/**
 * The bounded report and the evaluation the worker keeps: the report's size follows the lines, not the recorded ops;
 * what it leaves out (tape graphs, explanations, globals, full values) comes from the kept evaluation on request,
 * equal to what the full report of the same run holds, and unaffected by later runs.
 */
import { describe, expect, it } from 'vitest';
import { evaluate, run } from '../../src/engine/run';
import type { DetailAnswer, RunInput, Span } from '../../src/protocol/report';

const program = (steps: number): RunInput => ({
  kind: 'python',
  cells: [
    {
      source: `import tensorflow as tf

x = tf.constant(0.5)
with tf.GradientTape() as t:
    t.watch(x)
    y = x
    for i in range(${steps}):
        y = y * x + 0.001
dy_dx = t.gradient(y, x)
`,
    },
  ],
});

const SMALL = `import tensorflow as tf

x = tf.constant([1.0, 2.0, 3.0])
w = tf.Variable(tf.range(2000, dtype=tf.float32))
with tf.GradientTape() as tape:
    tape.watch(x)
    y = x * x
    z = tf.reduce_sum(y * 3.0)
dz_dx = tape.gradient(z, x)
big = tf.range(1500)
w.assign_add(tf.ones([2000]))
label = "text"
`;

const at = (line: number, character = 0): Span => ({
  start: { line, character },
  end: { line, character: character + 1 },
});

/**
 * Engine ids (tensors, ops, tapes) count up over the whole process, so two runs of one program differ in them: they
 * are renumbered in order of first appearance, per kind.
 */
function canonical(x: unknown): unknown {
  const maps = { tensor: new Map<number, number>(), op: new Map<number, number>(), tape: new Map<number, number>() };
  const id = (kind: keyof typeof maps, n: number) => {
    const m = maps[kind];
    if (!m.has(n)) m.set(n, m.size);
    return m.get(n);
  };
  const walk = (v: unknown, parent: string): unknown => {
    if (Array.isArray(v)) return v.map((e) => walk(e, parent));
    if (typeof v !== 'object' || v === null) return v;
    const out: Record<string, unknown> = {};
    for (const [k, e] of Object.entries(v)) {
      if (typeof e === 'number' && k === 'id')
        out[k] = id(parent === 'ops' ? 'op' : parent === 'values' || parent === 'watched' ? 'tensor' : 'tape', e);
      else if (typeof e === 'number' && (k === 'output' || k === 'tape' || k === 'parent'))
        out[k] = id(k === 'output' ? 'tensor' : 'tape', e);
      else if (k === 'inputs' && Array.isArray(e)) out[k] = e.map((n) => id('tensor', n as number));
      else out[k] = walk(e, k);
    }
    return out;
  };
  return walk(x, '');
}

function value(ans: DetailAnswer) {
  if (ans.kind !== 'value') throw new Error(`expected a value answer, got ${ans.kind}`);
  return ans;
}

describe('the bounded report', () => {
  it('does not grow with the recorded ops (the full report does)', () => {
    const size = (steps: number, bounded: boolean) =>
      JSON.stringify(run(program(steps), { bounded, maxTapeOps: 20_000 })).length;
    // Both loops run past the loop history's cap (64 samples): only run counts and digits differ.
    expect(Math.abs(size(2000, true) - size(500, true))).toBeLessThan(200);
    expect(size(2000, false)).toBeGreaterThan(3 * size(500, false));
  });

  it('leaves out op lists, explanations and globals, and says so', () => {
    const r = run(program(20), { bounded: true });
    expect(r.bounded).toBe(true);
    expect(r.globals).toEqual({});
    expect(r.tapes).toHaveLength(1);
    const tape = r.tapes[0];
    expect(tape).toMatchObject({ omitted: true, ops: [], values: [], opCount: 40, name: 't' });
    // `y * x + 0.001`: Mul, AddV2, Mul, AddV2, … (the first thirteen).
    expect(tape.head?.map((o) => o.op)).toEqual(Array.from({ length: 13 }, (_, i) => (i % 2 ? 'AddV2' : 'Mul')));
    expect(tape.watched).toHaveLength(1);
    expect(r.gradients[0].results[0].explanation).toBeUndefined();
    expect(r.gradients[0].results[0].result).toBeDefined();
  });

  it('keeps the values the editor shows (same as the full report)', () => {
    const full = run({ kind: 'python', cells: [{ source: SMALL }] });
    const bounded = run({ kind: 'python', cells: [{ source: SMALL }] }, { bounded: true });
    expect(bounded.values).toEqual(full.values);
    expect(bounded.gradients.map((g) => g.results.map((r) => r.result))).toEqual(
      full.gradients.map((g) => g.results.map((r) => r.result)),
    );
    expect(bounded.diagnostics).toEqual(full.diagnostics);
  });
});

describe('details from the kept evaluation', () => {
  it('tape graphs and explanations equal the full report of the same program', () => {
    const full = run({ kind: 'python', cells: [{ source: SMALL }] });
    const ev = evaluate({ kind: 'python', cells: [{ source: SMALL }] }, { bounded: true });
    const graphs = ev.answer({ kind: 'tapes' });
    if (graphs.kind !== 'tapes') throw new Error('tapes');
    expect(canonical(graphs.tapes)).toEqual(canonical(full.tapes));
    expect(canonical(graphs.gradients)).toEqual(canonical(full.gradients));
    const ex = ev.answer({ kind: 'explanation', span: ev.report.gradients[0].span });
    expect(ex).toMatchObject({ kind: 'explanation', found: true });
    if (ex.kind !== 'explanation') throw new Error('explanation');
    // dz/dx = 3·2x = [6, 12, 18]
    expect(ex.explanations[0]?.summary).toMatch(/6, 12, 18/);
  });

  it('answers from its own run after other programs ran', () => {
    const ev = evaluate({ kind: 'python', cells: [{ source: SMALL }] }, { bounded: true });
    const before = JSON.stringify(ev.answer({ kind: 'tapes' }));
    const span = ev.report.gradients[0].span;
    evaluate(program(50), { bounded: true });
    evaluate(
      { kind: 'python', cells: [{ source: 'import tensorflow as tf\nw = tf.Variable(1.0)\n' }] },
      { bounded: true },
    );
    const ex = ev.answer({ kind: 'explanation', span });
    if (ex.kind !== 'explanation') throw new Error('explanation');
    expect(ex.explanations[0]?.summary).toMatch(/6, 12, 18/);
    expect(JSON.stringify(ev.answer({ kind: 'tapes' }))).toBe(before);
    const dz = value(ev.answer({ kind: 'value', span, result: 0, format: 'json' }));
    expect(JSON.parse(dz.text ?? '')).toEqual({ dtype: 'float32', shape: [3], data: [6, 12, 18] });
    expect(dz.label).toBe('dz/dx');
  });

  it('full values beyond the report limit, as JSON and NumPy text', () => {
    const ev = evaluate({ kind: 'python', cells: [{ source: SMALL }] }, { bounded: true, fullValueLimit: 1000 });
    const bigRecord = ev.report.values.find((v) => v.label === 'big');
    expect(bigRecord?.value.value).toBeUndefined(); // 1500 elements: not in the report
    const big = value(ev.answer({ kind: 'value', span: bigRecord?.span ?? at(0), format: 'json' }));
    expect(big).toMatchObject({ found: true, array: true, label: 'big' });
    expect(JSON.parse(big.text ?? '')).toEqual({
      dtype: 'int32',
      shape: [1500],
      data: Array.from({ length: 1500 }, (_, i) => i),
    });
    const text = value(ev.answer({ kind: 'value', span: bigRecord?.span ?? at(0), format: 'numpy' })).text ?? '';
    expect(text.startsWith('np.array([   0,    1,    2,')).toBe(true);
    expect(text.endsWith('1497, 1498, 1499], dtype=int32)')).toBe(true);
    expect(text).not.toContain('...');
    // A variable: its value when the line ran (before `assign_add`).
    const wRecord = ev.report.values.find((v) => v.label === 'w');
    const w = JSON.parse(value(ev.answer({ kind: 'value', span: wRecord?.span ?? at(0), format: 'json' })).text ?? '');
    expect(w.data.slice(0, 3)).toEqual([0, 1, 2]);
    expect(w.data[1999]).toBe(1999);
    // A str: its repr.
    const label = ev.report.values.find((v) => v.label === 'label');
    expect(value(ev.answer({ kind: 'value', span: label?.span ?? at(0), format: 'numpy' }))).toMatchObject({
      found: true,
      array: false,
      text: "'text'",
    });
  });

  it('nothing recorded at a span: found false', () => {
    const ev = evaluate({ kind: 'python', cells: [{ source: SMALL }] }, { bounded: true });
    expect(ev.answer({ kind: 'value', span: at(40), format: 'json' })).toEqual({ kind: 'value', found: false });
    expect(ev.answer({ kind: 'explanation', span: at(40) })).toEqual({
      kind: 'explanation',
      found: false,
      explanations: [],
    });
  });
});

describe('one summary per tensor', () => {
  const source = `import tensorflow as tf

x = tf.reshape(tf.range(20000.0), [100, 200])
w = tf.Variable(tf.ones([300]))
with tf.GradientTape() as t:
    t.watch(x)
    y = tf.reduce_sum(tf.sin(x)) + tf.reduce_sum(w * w)
dx = t.gradient(y, x)
same = dx
pair = (dx, dx)
n = dx.numpy()
`;

  it('shares the summary of a tensor that is a gradient result, assigned values and a tuple item', () => {
    const r = evaluate({ kind: 'python', cells: [{ source }] }, { bounded: true }).report;
    const value = (label: string) => r.values.find((v) => v.label === label)?.value;
    const result = r.gradients[0].results[0].result;
    expect(value('dx')?.stats?.count).toBe(20000);
    expect(value('dx')).toBe(result);
    expect(value('same')).toBe(result);
    expect(value('pair')?.items?.[0]).toBe(result);
    // The same data as a NumPy array is an ndarray, summarised as one.
    expect(value('n')?.kind).toBe('ndarray');
    expect(value('n')?.repr.startsWith('array(')).toBe(true);
    // A variable's summary shows the variable's repr.
    expect(value('w')?.repr.startsWith("<tf.Variable 'Variable:0' shape=(300,) dtype=float32, numpy=")).toBe(true);
  });
});
