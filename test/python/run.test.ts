/** The run as the report sees it: cells, the observer, globals, and the seed program's shape. */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { namesBoundTo, PyList, PyUnknown, type PyValue, runProgram } from '../../src/engine/python';
import { run as engineRun } from '../../src/engine/run';
import type { Span } from '../../src/engine/span';
import { py, run } from './helpers';

describe('cells and globals', () => {
  test('cells run in order in one global scope; spans carry the cell index', () => {
    const r = run(['x = 2', 'def sq(v):\n    return v * v', 'y = sq(x)\nprint(y)']);
    expect(r.out).toBe('4\n');
    expect([...r.result.globals.keys()]).toEqual(['x', 'sq', 'y']);
    expect(r.values.map((v) => v.span.cell)).toEqual([0, 2, 2]);
  });

  test('globals map module-level names to values; names bound to a value can be found', () => {
    const r = run('a = [1, 2]\nb = a\nc = 3.5\ndel c\n_private = None');
    const g = r.result.globals;
    expect(g.has('c')).toBe(false);
    expect(g.get('_private')).toBeNull();
    expect(namesBoundTo(g, g.get('a') as PyValue)).toEqual(['a', 'b']);
    expect(r.result.repr(g.get('a') as PyValue)).toBe('[1, 2]');
  });

  test('a syntax error in one cell does not stop the other cells', () => {
    const r = run(['a = 1', 'b = (a +', 'print(a)']);
    expect(r.out).toBe('1\n');
    expect(r.errors.map((e) => [e.code, e.span.cell])).toEqual([['syntax-error', 1]]);
  });
});

describe('observer', () => {
  test('onValue fires for every assignment and expression statement, each time it runs', () => {
    const seen: [number, string][] = [];
    runProgram([{ source: 'total = 0\nfor i in range(3):\n    total += i\nx, y = 1, 2\ntotal' }], {
      observer: { onValue: (span: Span, v: PyValue) => seen.push([span.start.line, String(v)]) },
    });
    expect(seen).toEqual([
      [0, '0'],
      [2, '0'],
      [2, '1'],
      [2, '3'],
      [3, '[object Object]'],
      [4, '3'],
    ]);
  });

  test('onPrint receives exactly what print writes, with the call span', () => {
    const prints: [string, number][] = [];
    runProgram([{ source: "print('a', 1, sep=',')\nprint('no newline', end='')" }], {
      observer: { onPrint: (t, s) => prints.push([t, s.start.line]) },
    });
    expect(prints).toEqual([
      ['a,1\n', 0],
      ['no newline', 1],
    ]);
  });

  test('onAssert reports passed and failed asserts', () => {
    const asserts: [number, boolean, PyValue | undefined][] = [];
    runProgram([{ source: 'for v in [1, 2]:\n    assert v == 1, "v must be 1"' }], {
      observer: { onAssert: (s, passed, msg) => asserts.push([s.start.line, passed, msg]) },
    });
    expect(asserts).toEqual([
      [1, true, undefined],
      [1, false, 'v must be 1'],
    ]);
  });

  test('diagnostics are also streamed to onDiagnostic', () => {
    const codes: string[] = [];
    const r = runProgram([{ source: '%time\nimport nothing_here\n1/0' }], {
      observer: { onDiagnostic: (d) => codes.push(d.code) },
    });
    expect(codes).toEqual(['ipython-magic', 'unsupported', 'exception']);
    expect(r.diagnostics.map((d) => d.code)).toEqual(codes);
  });
});

describe('the seed program', () => {
  const seed = readFileSync('/work/shared/seed/autodiff_tutorial.py', 'utf8');

  test('without a tensorflow module everything tf is Unknown and nothing fails', () => {
    const r = run(seed);
    expect(r.errors).toEqual([]);
    expect(r.asserts).toEqual([]);
    expect(r.diagnostics.filter((d) => d.code === 'ipython-magic')).toHaveLength(1);
    expect(r.result.globals.get('dz_dx')).toBeInstanceOf(PyUnknown);
    expect(r.result.globals.get('f')).toBeDefined();
  });

  test('helper functions of the seed run with plain numbers', () => {
    const r = run(py`
      def f(x, y):
        output = 1.0
        for i in range(y):
          if i > 1 and i < 5:
            output = output * x
        return output
      print(f(2.0, 6), f(2.0, 4), [f(3, n) for n in range(7)])
    `);
    expect(r.out).toBe('8.0 4.0 [1.0, 1.0, 1.0, 3.0, 9.0, 27.0, 27.0]\n');
  });

  test('list values from observer are live objects', () => {
    const values: PyValue[] = [];
    runProgram([{ source: 'a = []\na.append(1)' }], { observer: { onValue: (_s, v) => values.push(v) } });
    expect(values[0]).toBeInstanceOf(PyList);
    expect((values[0] as PyList).items).toEqual([1n]);
  });
});

describe('timing', () => {
  test('the report splits its time into reading the source, evaluating it, and the whole run', () => {
    // A source no earlier run has seen (lowered cells are cached by text), with a loop that takes measurable time.
    const lines = Array.from({ length: 300 }, (_, i) => `v${i} = ${i} * 2 + ${Date.now() % 1000}`);
    const report = engineRun({
      kind: 'python',
      cells: [{ source: `${lines.join('\n')}\ntotal = 0\nfor i in range(20000):\n    total += i\n` }],
    });
    const { parseMs, runMs, totalMs } = report.timing;
    expect(parseMs).toBeGreaterThan(0);
    expect(runMs).toBeGreaterThan(0);
    expect(totalMs).toBeGreaterThanOrEqual(parseMs + runMs);
    const r = run('x = 1');
    expect(r.result.parseMs).toBeGreaterThan(0);
    expect(r.result.parseMs).toBeLessThanOrEqual(r.result.elapsedMs);
  });
});
