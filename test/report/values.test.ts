import { afterEach, describe, expect, it } from 'vitest';
import { gradient } from '../../src/engine/autodiff/gradient';
import { GradientTape, resetTapeState } from '../../src/engine/autodiff/tape';
import { ones } from '../../src/engine/ops/array';
import { gather } from '../../src/engine/ops/gather';
import { mul } from '../../src/engine/ops/math';
import { reduceSum } from '../../src/engine/ops/reduce';
import { ReportBuilder } from '../../src/engine/report/builder';
import { globalValue, NDArrayValue, summarize, type ValueAdapter } from '../../src/engine/report/values';
import { session } from '../../src/engine/session';
import { constant } from '../../src/engine/tensor/convert';
import { IndexedSlices } from '../../src/engine/tensor/indexedSlices';
import { Tensor, Variable } from '../../src/engine/tensor/tensor';
import { at, listening, record } from './helpers';

afterEach(() => {
  session.gradientListener = undefined;
  resetTapeState();
});

/** A stand-in for the interpreter's values: tagged objects. */
type Py = {
  py: 'list' | 'tuple' | 'dict' | 'function' | 'wrapped';
  items?: unknown[];
  entries?: [unknown, unknown][];
  name?: string;
  inner?: unknown;
};
const adapter: ValueAdapter = {
  kindOf: (v) => {
    const p = v as Py;
    if (p && typeof p === 'object' && 'py' in p) return p.py === 'wrapped' ? undefined : p.py;
    return undefined;
  },
  repr: (v) => {
    const p = v as Py;
    if (p.py === 'function') return `<function ${p.name} at 0x7f00>`;
    if (p.py === 'dict') return `{${p.entries!.map(([k, x]) => `'${k}': ${String(x)}`).join(', ')}}`;
    return `[${(p.items ?? []).map(String).join(', ')}]`;
  },
  items: (v) => (v as Py).items,
  entries: (v) => (v as Py).entries,
  unwrap: (v) => ((v as Py)?.py === 'wrapped' ? (v as Py).inner : undefined),
  nameOf: (v) => (v as Py).name,
};

describe('value summaries', () => {
  it('tensors: preview, TF repr, full value; NaN and infinities as strings', () => {
    const s = summarize(
      constant([
        [8.0, 8.0],
        [8.0, 8.0],
      ]),
    );
    expect(s).toEqual({
      kind: 'tensor',
      dtype: 'float32',
      shape: [2, 2],
      preview: '[[8, 8], [8, 8]]',
      repr: '<tf.Tensor: shape=(2, 2), dtype=float32, numpy=\narray([[8., 8.],\n       [8., 8.]], dtype=float32)>',
      value: [
        [8, 8],
        [8, 8],
      ],
    });
    expect(summarize(constant(8.0)).repr).toBe('<tf.Tensor: shape=(), dtype=float32, numpy=8.0>');
    expect(summarize(constant(3n)).repr).toBe('<tf.Tensor: shape=(), dtype=int32, numpy=3>');
    const odd = summarize(constant([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 0.5]));
    expect(odd.value).toEqual(['nan', 'inf', '-inf', 0.5]);
    expect(odd.preview).toBe('[nan, inf, -inf, 0.5]');
    expect(summarize(constant([true, false])).value).toEqual([true, false]);
  });

  it('large tensors: short preview with the count, no full value past the limit', () => {
    const big = new Tensor(
      'float32',
      [2000],
      Float32Array.from({ length: 2000 }, (_, i) => i / 8),
    );
    const s = summarize(big, { fullValueLimit: 100 });
    expect(s.preview).toMatch(/^\[0, 0\.125, .*…\] \(2000\)$/);
    expect(s.preview.length).toBeLessThanOrEqual(60);
    expect(s.value).toBeUndefined();
    expect(s.repr).toContain('...');
    expect(summarize(big).value).toHaveLength(2000);
    expect(summarize(big).stats).toBeUndefined();
  });

  it('a tensor over the full-value limit carries its counts and moments', () => {
    // (i % 97 − 48) / 7 as float32 with a NaN and two infinities; expected values from NumPy 2 over the finite
    // elements in float64 (np.min, np.max, np.mean, np.std) and np.isnan / np.isinf counts.
    const data = Float32Array.from({ length: 20000 }, (_, i) => ((i % 97) - 48) / 7);
    data[5] = Number.NaN;
    data[17] = Number.POSITIVE_INFINITY;
    data[19999] = Number.NEGATIVE_INFINITY;
    const s = summarize(new Tensor('float32', [200, 100], data), { fullValueLimit: 10_000 });
    expect(s.value).toBeUndefined();
    const st = s.stats!;
    expect([st.count, st.nan, st.inf]).toEqual([20000, 1, 2]);
    expect(st.min).toBe(-6.857142925262451);
    expect(st.max).toBe(6.857142925262451);
    expect(st.mean).toBeCloseTo(-0.004329220845758089, 12);
    expect(st.std).toBeCloseTo(4.001660574417374, 12);
    // Its heatmap: 200 rows in 32 blocks, 100 columns in 32; the NaN (row 0, column 5) and the Inf (row 0,
    // column 17) mark the blocks of columns 5 and 17 (5·32/100 → block 1, 17·32/100 → block 5) in grid row 0.
    const h = st.heatmap!;
    expect([h.rows, h.cols, h.gridRows, h.gridCols]).toEqual([200, 100, 32, 32]);
    expect(h.nonFinite?.flatMap((b, i) => (b ? [i] : []))).toEqual([1, 5, 32 * 32 - 1]);
    const allNan = summarize(new Tensor('float32', [3], Float32Array.from([Number.NaN, 1 / 0, 0 / 0])), {
      fullValueLimit: 1,
    });
    expect(allNan.stats).toEqual({ count: 3, nan: 2, inf: 1 });
  });

  it('variables, IndexedSlices, ndarrays and tapes', () => {
    const v = new Variable(constant(3.0), true, 'x0:0');
    expect(summarize(v)).toMatchObject({
      kind: 'variable',
      name: 'x0:0',
      trainable: true,
      preview: '3',
      repr: "<tf.Variable 'x0:0' shape=() dtype=float32, numpy=3.0>",
      value: 3,
    });
    const s = new IndexedSlices(
      constant([
        [1.0, 2.0],
        [3.0, 4.0],
      ]),
      constant([2n, 0n]),
      [3, 2],
    );
    expect(summarize(s)).toMatchObject({
      kind: 'indexed_slices',
      shape: [3, 2],
      value: [
        [3, 4],
        [0, 0],
        [1, 2],
      ],
    });
    expect(summarize(new NDArrayValue(constant([1.5, 2.0]))).repr).toBe('array([1.5, 2. ], dtype=float32)');
    expect(summarize(new GradientTape(true), { tapeName: () => 't' })).toMatchObject({ kind: 'tape', name: 't' });
  });

  it('Python values through the adapter', () => {
    const o = { adapter };
    expect(summarize(null, o)).toEqual({ kind: 'none', preview: 'None', repr: 'None' });
    expect(summarize(3n, o)).toMatchObject({ kind: 'int', preview: '3', value: 3 });
    expect(summarize(0.1, o)).toMatchObject({ kind: 'float', preview: '0.1', value: 0.1 });
    expect(summarize(Number.NaN, o).value).toBe('nan');
    expect(summarize(true, o)).toMatchObject({ kind: 'bool', preview: 'True' });
    expect(summarize("it's", o)).toMatchObject({ kind: 'str', repr: '"it\'s"' });
    const list: Py = { py: 'list', items: [1n, constant(2.0), null] };
    expect(summarize(list, o)).toMatchObject({ kind: 'list', preview: '[1, 2, None]' });
    const dict: Py = { py: 'dict', entries: [['a', 1n]] };
    expect(summarize(dict, o)).toMatchObject({ kind: 'dict', keys: ['a'], items: [{ kind: 'int', value: 1 }] });
    expect(summarize({ py: 'function', name: 'f' }, o)).toMatchObject({
      kind: 'function',
      name: 'f',
      preview: '<function f at 0x7f00>',
    });
    expect(summarize({ py: 'wrapped', inner: constant(2.0) }, o)).toMatchObject({ kind: 'tensor', value: 2 });
  });

  it('globals carry full nested values', () => {
    const o = { adapter };
    expect(globalValue(ones([2, 2]), o)).toEqual({
      kind: 'tensor',
      dtype: 'float32',
      shape: [2, 2],
      value: [
        [1, 1],
        [1, 1],
      ],
    });
    expect(globalValue(new Variable(constant([1.0, 2.0]), true, 'v:0'), o)).toEqual({
      kind: 'variable',
      dtype: 'float32',
      shape: [2],
      value: [1, 2],
    });
    expect(globalValue(null, o)).toEqual({ kind: 'none' });
    expect(globalValue(12345678901234567890n, o)).toEqual({ kind: 'int', value: '12345678901234567890' });
    expect(globalValue(7n, o)).toEqual({ kind: 'int', value: 7 });
    expect(globalValue({ py: 'tuple', items: [1n, 2.5, constant([3.0])] }, o)).toEqual({
      kind: 'tuple',
      value: [1, 2.5, [3]],
    });
    expect(globalValue({ py: 'dict', entries: [['w', constant(1.0)]] }, o)).toEqual({ kind: 'dict', value: { w: 1 } });
    expect(globalValue({ py: 'function', name: 'f' }, o)).toEqual({ kind: 'function' });
  });
});

describe('the report builder', () => {
  it('values by span: run counts, last value, variable snapshots', () => {
    const b = new ReportBuilder();
    const v = new Variable(constant(1.0), true, 'v:0');
    for (let i = 0; i < 3; i++) {
      v.value = constant(i + 1.0);
      b.value(at(2), 'v', v);
    }
    v.value = constant(10.0);
    const r = b.finish();
    expect(r.values).toHaveLength(1);
    expect(r.values[0]).toMatchObject({ label: 'v', runs: 3, value: { kind: 'variable', preview: '3' } });
    expect(r.values[0].value.repr).toBe("<tf.Variable 'v:0' shape=() dtype=float32, numpy=3.0>");
  });

  it('asserts, prints, diagnostics, globals, stopped; JSON round trip keeps NaN', () => {
    const b = new ReportBuilder({ source: { kind: 'notebook', cells: 2 }, maxPrints: 2 });
    b.assert(at(1), true);
    b.assert(at(1), false, '8.0 == 9.0');
    b.assert(at(1), true);
    b.print(at(2), 'a');
    b.print(at(2), 'b');
    b.print(at(2), 'c');
    b.diagnostic({ severity: 'error', code: 'syntax', message: 'invalid syntax', span: at(3) });
    b.diagnostic({ severity: 'error', code: 'syntax', message: 'invalid syntax', span: at(3) });
    b.value(at(4), 'n', constant(Number.NaN));
    b.globals(
      new Map<string, unknown>([
        ['n', constant([Number.NaN, 1.0])],
        ['f', Number.POSITIVE_INFINITY],
      ]),
    );
    b.stopped('steps', 'step budget exceeded', at(5));
    const r = b.finish({ parseMs: 1, runMs: 2, totalMs: 3 });
    expect(r.version).toBe(1);
    expect(r.source).toEqual({ kind: 'notebook', cells: 2 });
    expect(r.asserts).toEqual([{ span: at(1), runs: 3, failures: 1, passed: false, message: '8.0 == 9.0' }]);
    expect(r.prints.map((p) => p.text)).toEqual(['a', 'b', '… 1 more prints not shown']);
    expect(r.diagnostics).toHaveLength(1);
    expect(r.stopped).toEqual({ reason: 'steps', message: 'step budget exceeded', span: at(5) });
    const back = JSON.parse(JSON.stringify(r));
    expect(back).toEqual(r);
    expect(back.values[0].value.value).toBe('nan');
    expect(back.globals).toEqual({
      n: { kind: 'tensor', dtype: 'float32', shape: [2], value: ['nan', 1] },
      f: { kind: 'float', value: 'inf' },
    });
  });

  it('tuple assignments teach names: `a, b = ...`', () => {
    const b = listening();
    const x = constant(2.0);
    b.value(at(0), 'x', x);
    let z!: Tensor;
    const t = record((tp) => {
      tp.watch(x);
      const p = mul(x, 3.0);
      const q = mul(p, p);
      b.value(at(2), 'p, q', [p, q]);
      z = reduceSum(q);
    });
    b.gradientStarting(t, at(3), 'z', ['x']);
    gradient(t, [z], [x]);
    const r = b.finish();
    expect(r.tapes[0].values.filter((v) => !v.role.includes('constant')).map((v) => v.name)).toEqual([
      'x',
      'p',
      'q',
      undefined,
    ]);
    expect(r.gradients[0].results[0].explanation?.summary).toBe(
      'dz/dx = dz/dq · dq/dp · dp/dx = 1 · (2·p = 12) · 3 = 36',
    );
  });

  it('tape mistakes: a second gradient() on a non-persistent tape; gradient() inside a persistent tape', () => {
    const b = listening();
    const x = constant(2.0);
    let y!: Tensor;
    const t = record((tp) => {
      tp.watch(x);
      y = mul(x, x);
    });
    b.tapeCreated(t, at(1), 't');
    b.gradientStarting(t, at(3), 'y', ['x']);
    gradient(t, [y], [x]);
    b.gradientStarting(t, at(4), 'y', ['x']);
    try {
      gradient(t, [y], [x]);
    } catch (e) {
      b.gradientError(t, at(4), e);
    }
    const p = new GradientTape(true).enter();
    b.tapeCreated(p, at(6), 'p');
    p.watch(x);
    const y2 = mul(x, x);
    b.gradientStarting(p, at(8), 'y', ['x']);
    gradient(p, [y2], [x]);
    p.exit();
    const r = b.finish();
    const codes = r.diagnostics.map((d) => d.code);
    expect(codes).toEqual(['tape-not-persistent', 'tape-gradient-in-context']);
    expect(r.diagnostics[0].message).toContain('t is not persistent');
    expect(r.diagnostics[0].related?.[0].span).toEqual(at(3));
    expect(r.diagnostics[1].span).toEqual(at(8));
  });

  it('sparse gradients (gather) are summarised densely and explained', () => {
    const b = listening();
    const w = new Variable(constant([1.0, 2.0, 3.0]), true, 'w:0');
    b.value(at(0), 'w', w);
    let y!: Tensor;
    const t = record(() => {
      y = reduceSum(gather(w, constant([0n, 2n])));
      b.value(at(2), 'y', y);
    });
    b.gradientStarting(t, at(3), 'y', ['w']);
    const [g] = gradient(t, [y], [w]);
    expect(g).toBeInstanceOf(IndexedSlices);
    const res = b.finish().gradients[0].results[0];
    expect(res.result).toMatchObject({ kind: 'indexed_slices', value: [1, 0, 1] });
    expect(res.explanation?.summary).toBe(
      'dy/dw = dy/d(w[…]) · d(w[…])/dw = 1 · ([i gathered] = [1, 0, 1]) = [1, 0, 1]',
    );
  });
});
