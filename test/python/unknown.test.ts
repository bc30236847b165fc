/** Unknown values: unsupported imports and host attributes, one diagnostic each, propagation, control flow. */
import { describe, expect, test } from 'vitest';
import { def, nativeModule, PyUnknown, type PyValue } from '../../src/engine/python';
import { py, run } from './helpers';

let calls = 0;
const modules = {
  tf: () =>
    nativeModule('tf', {
      double: def('double(x)', ({ x }) => {
        calls++;
        return (x as bigint) * 2n;
      }),
    }),
};

describe('unknown values', () => {
  test('an unsupported import is Unknown with one information diagnostic; the rest still runs', () => {
    const r = run(py`
      import matplotlib.pyplot as plt
      plt.plot([1, 2, 3])
      plt.title('x')
      plt.show()
      print('still running')
    `);
    expect(r.out).toBe('still running\n');
    expect(r.diagnostics).toEqual([
      {
        severity: 'information',
        code: 'unsupported',
        message: '`matplotlib.pyplot` is not supported by Gradient Lens; values that depend on it are unknown',
        span: { start: { line: 0, character: 7 }, end: { line: 0, character: 31 } },
      },
    ]);
    expect(r.result.globals.get('plt')).toBeInstanceOf(PyUnknown);
  });

  test('a class that subclasses a builtin data type is unknown, with its instances; the rest of the cell runs', () => {
    const r = run(py`
      class D(dict):
          def __missing__(self, k):
              return 0
      d = D()
      n = d['a'] + 1
      print('still running')
    `);
    expect(r.out).toBe('still running\n');
    expect(r.diagnostics.map((d) => [d.severity, d.message])).toEqual([
      ['information', "`subclassing 'dict'` is not supported by Gradient Lens; values that depend on it are unknown"],
    ]);
    for (const name of ['D', 'd', 'n']) expect(r.result.globals.get(name)).toBeInstanceOf(PyUnknown);
  });

  test('a host module attribute the host does not provide names the source text', () => {
    const r = run('import tf\nds = tf.data.Dataset.from_tensor_slices([1, 2])\nfor i in range(3):\n    y = tf.data\n', {
      modules,
    });
    const infos = r.diagnostics.filter((d) => d.code === 'unsupported');
    expect(infos.map((d) => [d.message, d.span.start.line, d.span.start.character, d.span.end.character])).toEqual([
      ['`tf.data` is not supported by Gradient Lens; values that depend on it are unknown', 1, 5, 12],
      ['`tf.data` is not supported by Gradient Lens; values that depend on it are unknown', 3, 8, 15],
    ]);
    expect(r.result.globals.get('ds')).toBeInstanceOf(PyUnknown);
  });

  test('an unsupported attribute in a function from an earlier cell is named from that cell', () => {
    const r = run(
      [
        'import tf\ndef make():\n    return tf.keras.optimizers.SGD(0.1)\n',
        '# a longer cell, so that offsets differ\nhistory_sgd = 3\nopt = make()\n',
      ],
      { modules },
    );
    const infos = r.diagnostics.filter((d) => d.code === 'unsupported');
    expect(infos.map((d) => [d.message, d.span.cell, d.span.start.line])).toEqual([
      ['`tf.keras` is not supported by Gradient Lens; values that depend on it are unknown', 0, 2],
    ]);
  });

  test('from-imports of missing names are Unknown', () => {
    const r = run('from tf import keras, double\nprint(double(4), keras)', { modules });
    expect(r.out).toBe('8 <unknown>\n');
    expect(r.diagnostics.map((d) => d.message)).toEqual([
      '`tf.keras` is not supported by Gradient Lens; values that depend on it are unknown',
    ]);
  });

  test('every operation on Unknown is Unknown, without further diagnostics', () => {
    const r = run(py`
      import mystery
      a = mystery.value
      b = a + 1
      c = 2 * a
      d = a[0].attr(3, k=4)
      e = -a
      f = a < 3
      g = [a, 1]
      h = f"{a:.2f}"
      i = len(a)
      j = float(a)
      k = a if a else 0
      l = a and 1
      m = not a
      n = {a: 1} if False else 'skip'
      print(b, g, h)
    `);
    expect(r.errors).toEqual([]);
    expect(r.diagnostics).toHaveLength(1);
    expect(r.out).toBe('<unknown> [<unknown>, 1] <unknown>\n');
    for (const name of 'abcdefhijklm') expect(r.result.globals.get(name), name).toBeInstanceOf(PyUnknown);
  });

  test('native functions are not called with Unknown arguments', () => {
    calls = 0;
    const r = run('import tf, mystery\nx = tf.double(mystery.v)\ny = tf.double(2)', { modules });
    expect(calls).toBe(1);
    expect(r.result.globals.get('x')).toBeInstanceOf(PyUnknown);
    expect(r.result.globals.get('y')).toBe(4n);
  });

  test('if on Unknown skips both branches and makes their names Unknown', () => {
    const r = run(py`
      import mystery
      x = 1
      if mystery.flag:
          x = 2
          print('then')
      else:
          y = 3
          print('else')
      print('after')
    `);
    expect(r.out).toBe('after\n');
    expect(r.result.globals.get('x')).toBeInstanceOf(PyUnknown);
    expect(r.result.globals.get('y')).toBeInstanceOf(PyUnknown);
  });

  test('for over Unknown skips the body; while on Unknown stops the loop', () => {
    const r = run(py`
      import mystery
      total = 0
      for item in mystery.items():
          total += item
          print('body')
      n = 0
      while n < mystery.limit:
          n += 1
      print('done')
    `);
    expect(r.out).toBe('done\n');
    expect(r.result.globals.get('item')).toBeInstanceOf(PyUnknown);
    expect(r.result.globals.get('total')).toBeInstanceOf(PyUnknown);
    expect(r.result.globals.get('n')).toBeInstanceOf(PyUnknown);
  });

  test('with on Unknown runs the body with the target Unknown', () => {
    const r = run('import mystery\nwith mystery.scope() as s:\n    z = 5\nprint(z, s)');
    expect(r.out).toBe('5 <unknown>\n');
  });

  test('assert on Unknown is skipped; raise of Unknown is skipped', () => {
    const seen: boolean[] = [];
    const r = run('import mystery\nassert mystery.ok\nraise mystery.Error("x")\nprint("fine")', {
      observer: { onAssert: (_s, p) => seen.push(p) },
    });
    expect(seen).toEqual([]);
    expect(r.out).toBe('fine\n');
  });

  test('a class with an Unknown base is Unknown; except with an Unknown class does not match', () => {
    const r = run(py`
      import mystery
      class Layer(mystery.Base):
          pass
      try:
          raise ValueError('v')
      except mystery.SpecialError:
          print('special')
      except ValueError:
          print('value error')
    `);
    expect(r.out).toBe('value error\n');
    expect(r.result.globals.get('Layer')).toBeInstanceOf(PyUnknown);
  });

  test('the observer sees Unknown values; unsupported builtins are Unknown', () => {
    const values: PyValue[] = [];
    const r = run('import mystery\nv = mystery.x\nw = input("name? ")', {
      observer: { onValue: (_s, v) => values.push(v as PyValue) },
    });
    expect(values.every((v) => v instanceof PyUnknown)).toBe(true);
    expect(r.diagnostics.map((d) => d.message)).toEqual([
      '`mystery` is not supported by Gradient Lens; values that depend on it are unknown',
      '`input()` is not supported by Gradient Lens; values that depend on it are unknown',
    ]);
  });

  test('comprehensions over Unknown are Unknown', () => {
    const r = run('import mystery\nxs = [x * 2 for x in mystery.data]\nys = [y for y in [1, 2] if y > mystery.t]');
    expect(r.result.globals.get('xs')).toBeInstanceOf(PyUnknown);
    expect(r.result.globals.get('ys')).toBeInstanceOf(PyUnknown);
  });
});
