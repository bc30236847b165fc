/** The host-object contract: native functions, classes with dunders, modules, EngineError conversion, the session span. */
import { describe, expect, test } from 'vitest';
import { EngineError } from '../../src/engine/errors';
import {
  def,
  defineExceptionClass,
  expectPayload,
  NotImplemented,
  nativeClass,
  nativeModule,
  type PyInstance,
  PyList,
  type PyValue,
  payloadOf,
  pyError,
  pyRepr,
  pyStr,
  toFloat,
  ValueError,
  wrap,
} from '../../src/engine/python';
import { session } from '../../src/engine/session';
import type { Span } from '../../src/engine/span';
import { py, run } from './helpers';

/** A box around a JS number, standing in for a tensor. */
interface Box {
  v: number;
}
const log: string[] = [];
const spans: Span[] = [];

const num = (x: PyValue): number => {
  const p = payloadOf<Box>(x, BoxClass);
  return p ? p.v : toFloat(x);
};
const box = (v: number) => wrap(BoxClass, { v });

const BoxClass = nativeClass({
  name: 'Box',
  module: 'host',
  methods: {
    __init__: def('__init__(self, [v])', ({ self, v }) => {
      (self as PyInstance).payload = { v: v === undefined ? 0 : num(v) };
      return null;
    }),
    __add__: def('__add__(a, b)', ({ a, b }) => {
      if (session.span) spans.push(session.span);
      return box(num(a) + num(b));
    }),
    __radd__: def('__radd__(a, b)', ({ a, b }) => box(num(b) + num(a))),
    __sub__: def('__sub__(a, b)', ({ a, b }) => box(num(a) - num(b))),
    __rsub__: def('__rsub__(a, b)', ({ a, b }) => box(num(b) - num(a))),
    __mul__: def('__mul__(a, b)', ({ a, b }) => (typeof b === 'string' ? NotImplemented : box(num(a) * num(b)))),
    __rmul__: def('__rmul__(a, b)', ({ a, b }) => box(num(b) * num(a))),
    __matmul__: def('__matmul__(a, b)', ({ a, b }) => box(num(a) * num(b) * 10)),
    __neg__: def('__neg__(a)', ({ a }) => box(-num(a))),
    __abs__: def('__abs__(a)', ({ a }) => box(Math.abs(num(a)))),
    __lt__: def('__lt__(a, b)', ({ a, b }) => num(a) < num(b)),
    __gt__: def('__gt__(a, b)', ({ a, b }) => num(a) > num(b)),
    __eq__: def('__eq__(a, b)', ({ a, b }) => num(a) === num(b)),
    __getitem__: def('__getitem__(a, i)', ({ a, i }) => box(num(a) + Number(i))),
    __setitem__: def('__setitem__(a, i, v)', ({ a, i, v }) => {
      log.push(`set ${i} ${num(v)}`);
      (payloadOf<Box>(a) as Box).v = num(v);
      return null;
    }),
    __len__: def('__len__(self)', () => 3n),
    __iter__: def('__iter__(a)', ({ a }) => new PyList([box(num(a)), box(num(a) + 1)])),
    __bool__: def('__bool__(a)', ({ a }) => num(a) !== 0),
    __float__: def('__float__(a)', ({ a }) => num(a)),
    __int__: def('__int__(a)', ({ a }) => BigInt(Math.trunc(num(a)))),
    __index__: def('__index__(a)', ({ a }) => BigInt(Math.trunc(num(a)))),
    __repr__: def('__repr__(a)', ({ a }) => `Box(${num(a)})`),
    __format__: def(
      '__format__(a, spec)',
      ({ a, spec }, ctx) => `<${ctx.call(ctx.getAttr(num(a), '__format__'), [spec])}>`,
    ),
    __enter__: def('__enter__(a)', ({ a }) => {
      log.push('enter');
      if (session.span) spans.push(session.span);
      return a;
    }),
    __exit__: def('__exit__(self, type, value, traceback)', ({ type }) => {
      log.push(`exit ${type === null ? 'clean' : (type as unknown as { name: string }).name}`);
      return false;
    }),
    __call__: def('__call__(a, x)', ({ a, x }) => box(num(a) * num(x))),
    __hash__: def('__hash__(a)', ({ a }) => BigInt(num(a))),
    scaled: def('scaled(self, factor=2.0)', ({ self, factor: f }) => box(num(self) * num(f))),
    apply: def('apply(self, fn)', ({ self, fn }, ctx) => ctx.call(fn, [self])),
    total_params: def('total_params(self)', ({ self }) => {
      const attrs = (self as PyInstance).dict;
      return BigInt([...(attrs?.values() ?? [])].filter((v) => payloadOf(v, BoxClass)).length);
    }),
  },
  getters: {
    value: (self) => num(self),
    double: (self) => box(num(self) * 2),
  },
  setters: {
    value: (self, v) => {
      (payloadOf<Box>(self) as Box).v = num(v);
    },
  },
  staticMethods: { zero: def('zero()', () => box(0)) },
  attrs: { kind: 'box' },
});

const InvalidArgumentError = defineExceptionClass(
  'InvalidArgumentError',
  defineExceptionClass('OpError'),
  'host.errors',
);

const modules = {
  host: () =>
    nativeModule('host', {
      Box: BoxClass,
      InvalidArgumentError,
      boom: def('boom()', () => {
        throw new EngineError('InvalidArgumentError', 'shapes do not match [Op:AddV2]');
      }),
      bad_value: def('bad_value()', () => {
        throw pyError(ValueError, 'host says no');
      }),
      lookup_fail: def('lookup_fail()', () => {
        throw new EngineError('NotFoundError', 'no such thing');
      }),
      buggy: def('buggy()', () => {
        const o = undefined as unknown as { x: number };
        return o.x;
      }),
      reduce_sum: def(
        'reduce_sum(input_tensor, axis=None, keepdims=False, name=None)',
        ({ input_tensor: x, axis, keepdims: keep }) =>
          `sum(${pyRepr(x)}, axis=${pyRepr(axis)}, keepdims=${pyRepr(keep)})`,
      ),
      where: def('where(*args, **kwargs)', (_a, ctx) => {
        spans.push(ctx.span);
        return ctx.unsupported('host.where');
      }),
      tape: nativeClass({ name: 'Tape', construct: () => box(42) }),
      Lenient: nativeClass({ name: 'Lenient', lenientAttributes: true }),
    }),
};
const exceptionClasses = { InvalidArgumentError };

function go(src: string) {
  log.length = 0;
  spans.length = 0;
  return run(src, { modules, exceptionClasses });
}

describe('native classes dispatch Python operators to host code', () => {
  test('arithmetic with reflected operands', () => {
    const r = go(py`
      from host import Box
      x = Box(3)
      print(x + x, 2.0 + x, x - 1, 10 - x, x * x, 2 * x, x @ x, -x, abs(Box(-2)))
    `);
    expect(r.errors).toEqual([]);
    expect(r.out).toBe('Box(6) Box(5) Box(2) Box(7) Box(9) Box(6) Box(90) Box(-3) Box(2)\n');
  });

  test('NotImplemented falls through to the TypeError', () => {
    expect(go("from host import Box\nBox(1) * 'a'").errors[0].message).toBe(
      "TypeError: unsupported operand type(s) for *: 'Box' and 'str'",
    );
  });

  test('subscripts, truthiness, conversions, comparisons, iteration, formatting', () => {
    const r = go(py`
      from host import Box
      x = Box(3)
      print(x[0][1], float(x), int(Box(2.7)), len(x), bool(Box(0)), [1, 2, 3, 4][Box(1)])
      if x > 0:
          print('positive', x < 1, x == 3, max(Box(1), Box(5)))
      print(list(x), [b for b in x], f"{x:.2f}", str(x), repr([x]))
      x[0] = 7
      print(x.value, {x: 'hashable'}[Box(7)], x(2), sum([Box(1), Box(2)]))
    `);
    expect(r.errors).toEqual([]);
    expect(r.out).toBe(
      'Box(4) 3.0 2 3 False 2\npositive False True Box(5)\n[Box(3), Box(4)] [Box(3), Box(4)] <3.00> Box(3) [Box(3)]\n7.0 hashable Box(14) Box(3)\n',
    );
    expect(log).toEqual(['set 0 7']);
  });

  test('with statements call __enter__ and __exit__, also on exceptions', () => {
    const r = go(py`
      from host import Box
      with Box(1) as b:
          print('inside', b)
      try:
          with Box(2):
              raise KeyError('k')
      except KeyError:
          print('propagated')
    `);
    expect(r.out).toBe('inside Box(1)\npropagated\n');
    expect(log).toEqual(['enter', 'exit clean', 'enter', 'exit KeyError']);
    expect(spans[0]).toEqual({ start: { line: 1, character: 0 }, end: { line: 1, character: 16 } });
  });

  test('methods with Python signatures, getters, setters, static methods, class attributes', () => {
    const r = go(py`
      from host import Box
      b = Box(2)
      print(b.scaled(), b.scaled(factor=3), b.value, b.double, Box.zero(), b.kind, b.apply(lambda v: v + 100))
      b.value = 9
      print(b.value)
      b.scaled(1, 2, 3)
    `);
    expect(r.out).toBe('Box(4) Box(6) 2.0 Box(4) Box(0) box Box(102)\n9.0\n');
    expect(r.errors[0].message).toBe('TypeError: scaled() takes from 1 to 2 positional arguments but 4 were given');
  });

  test('native functions bind Python signatures with CPython-like errors', () => {
    const r = go('import host\nprint(host.reduce_sum([1], keepdims=True))\nhost.reduce_sum(axis=0)');
    expect(r.out).toBe('sum([1], axis=None, keepdims=True)\n');
    expect(r.errors[0].message).toBe("TypeError: reduce_sum() missing 1 required positional argument: 'input_tensor'");
  });

  test('session.span is the span of the operator or call evaluating native code', () => {
    const r = go('from host import Box\nx = Box(1)\ny = x + x\nimport host\nz = host.where(x)');
    expect(r.errors).toEqual([]);
    expect(spans[0]).toEqual({ start: { line: 2, character: 4 }, end: { line: 2, character: 9 } });
    expect(spans[1]).toEqual({ start: { line: 4, character: 4 }, end: { line: 4, character: 17 } });
    expect(r.diagnostics.map((d) => [d.code, d.message])).toEqual([
      ['unsupported', '`host.where` is not supported by Gradient Lens; values that depend on it are unknown'],
    ]);
    expect(session.span).toBeUndefined();
  });

  test('a Python class can subclass a native class and the base sees its attributes', () => {
    const r = go(py`
      from host import Box
      class Model(Box):
          def __init__(self):
              super().__init__(5)
              self.w = Box(1)
              self.b = Box(2)
              self.name = 'm'
          def forward(self, x):
              return self.w * x + self.b
      m = Model()
      print(m.forward(3), m.total_params(), m + 1, isinstance(m, Box), m.value)
    `);
    expect(r.errors).toEqual([]);
    expect(r.out).toBe('Box(5) 2 Box(6) True 5.0\n');
  });

  test('a construct hook replaces instantiation; lenient classes give Unknown attributes', () => {
    const r = go('import host\nt = host.tape()\nl = host.Lenient()\nv = l.anything(1)\nprint(t, v)');
    expect(r.out).toBe('Box(42) <unknown>\n');
    expect(r.diagnostics.map((d) => d.message)).toEqual([
      '`Lenient.anything` is not supported by Gradient Lens; values that depend on it are unknown',
    ]);
  });
});

describe('exceptions from host code', () => {
  test('an EngineError becomes a catchable Python exception of its pyType class, at the call span', () => {
    const r = go(py`
      import host
      try:
          host.boom()
      except host.InvalidArgumentError as e:
          print('caught', type(e).__name__, e)
      try:
          host.boom()
      except Exception as e:
          print('as Exception too')
      host.boom()
    `);
    expect(r.out).toBe('caught InvalidArgumentError shapes do not match [Op:AddV2]\nas Exception too\n');
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0].message).toBe('InvalidArgumentError: shapes do not match [Op:AddV2]');
    expect(r.errors[0].span).toEqual({ start: { line: 9, character: 0 }, end: { line: 9, character: 11 } });
  });

  test('unknown pyType names get a generic Exception subclass of that name', () => {
    const r = go('import host\ntry:\n    host.lookup_fail()\nexcept Exception as e:\n    print(type(e).__name__, e)');
    expect(r.out).toBe('NotFoundError no such thing\n');
  });

  test('host code can raise Python exceptions by class', () => {
    const r = go('import host\ntry:\n    host.bad_value()\nexcept ValueError as e:\n    print(repr(e))');
    expect(r.out).toBe("ValueError('host says no')\n");
  });

  test('a bug in host code is an internal-error exception, not a crash', () => {
    const r = go('import host\nhost.buggy()\n');
    expect(r.errors[0].message).toMatch(/^SystemError: internal error: /);
  });
});

describe('formatting and payload helpers', () => {
  test('pyRepr/pyStr work outside a run, for host and user objects', () => {
    const r = go('class P:\n    def __repr__(self):\n        return "P!"\np = P()');
    expect(pyRepr(r.result.globals.get('p') as PyValue)).toBe('P!');
    expect(pyStr(box(1.5))).toBe('Box(1.5)');
    expect(r.result.repr(new PyList([box(2), 'a']))).toBe("[Box(2), 'a']");
  });

  test('expectPayload raises a TypeError naming the class', () => {
    expect(() => expectPayload(3n, BoxClass)).toThrow("expected Box, got 'int'");
  });
});

describe('module registry', () => {
  const layers = nativeModule('tensorflow.keras.layers', { Dense: def('Dense(*args, **kwargs)', () => 'dense') });
  const keras = nativeModule('tensorflow.keras', { layers, version: '2.x' });
  let built = 0;
  const registry = {
    tensorflow: () => {
      built++;
      return nativeModule('tensorflow', { keras, constant: def('constant(value)', ({ value }) => value) });
    },
  };

  test('dotted imports are looked up progressively; factories run once per run', () => {
    built = 0;
    const r = run(
      py`
        import tensorflow as tf
        import tensorflow.keras.layers as L
        from tensorflow.keras import layers, version
        from tensorflow import keras
        import tensorflow.keras
        print(L.Dense(), layers is L, version, keras.layers.Dense(), tensorflow.constant(3))
        from tensorflow.keras.layers import *
        print(Dense())
      `,
      { modules: registry },
    );
    expect(r.errors).toEqual([]);
    expect(r.out).toBe('dense True 2.x dense 3\ndense\n');
    expect(built).toBe(1);
  });

  test('a missing submodule of a host module is Unknown with one diagnostic', () => {
    const r = run('import tensorflow.compat.v1 as v1\nv1.disable_eager_execution()', { modules: registry });
    expect(r.diagnostics.map((d) => d.message)).toEqual([
      '`tensorflow.compat` is not supported by Gradient Lens; values that depend on it are unknown',
    ]);
  });
});
