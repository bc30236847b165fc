/** Uncaught exceptions: CPython's messages, the span of what raised, and the traceback as related spans. */
import { describe, expect, test } from 'vitest';
import { errorOf, py, run } from './helpers';

const messages: [string, string][] = [
  ['x = undefined_thing', "NameError: name 'undefined_thing' is not defined"],
  ["1 + 'a'", "TypeError: unsupported operand type(s) for +: 'int' and 'str'"],
  ["'a' + 1", 'TypeError: can only concatenate str (not "int") to str'],
  ['[1] + (2,)', 'TypeError: can only concatenate list (not "tuple") to list'],
  ['x = 5\nx()', "TypeError: 'int' object is not callable"],
  ['def f(x, y):\n    pass\nf(1)', "TypeError: f() missing 1 required positional argument: 'y'"],
  ['def f(x, y, z):\n    pass\nf()', "TypeError: f() missing 3 required positional arguments: 'x', 'y', and 'z'"],
  ['def f(x, y):\n    pass\nf(1, 2, 3)', 'TypeError: f() takes 2 positional arguments but 3 were given'],
  ['def f(x, y=1):\n    pass\nf(1, 2, 3)', 'TypeError: f() takes from 1 to 2 positional arguments but 3 were given'],
  ['def f(x):\n    pass\nf(1, x=2)', "TypeError: f() got multiple values for argument 'x'"],
  ['def f(x):\n    pass\nf(y=2)', "TypeError: f() got an unexpected keyword argument 'y'"],
  ['def f(*, k):\n    pass\nf()', "TypeError: f() missing 1 required keyword-only argument: 'k'"],
  [
    'class C:\n    def m(self, a):\n        pass\nC().m()',
    "TypeError: C.m() missing 1 required positional argument: 'a'",
  ],
  ['x = 3\nx[0]', "TypeError: 'int' object is not subscriptable"],
  ['x = None\nx.foo', "AttributeError: 'NoneType' object has no attribute 'foo'"],
  ['class Foo:\n    pass\nFoo().bar', "AttributeError: 'Foo' object has no attribute 'bar'"],
  ['[1, 2][5]', 'IndexError: list index out of range'],
  ['(1,)[3]', 'IndexError: tuple index out of range'],
  ["'abc'[10]", 'IndexError: string index out of range'],
  ["{'a': 1}['b']", "KeyError: 'b'"],
  ['{1: 2}[3]', 'KeyError: 3'],
  ['1 / 0', 'ZeroDivisionError: division by zero'],
  ['1 // 0', 'ZeroDivisionError: integer division or modulo by zero'],
  ['5 % 0', 'ZeroDivisionError: integer division or modulo by zero'],
  ['1.0 / 0', 'ZeroDivisionError: float division by zero'],
  ["assert 1 > 2, 'one is not greater'", 'AssertionError: one is not greater'],
  ['assert False', 'AssertionError'],
  ["int('abc')", "ValueError: invalid literal for int() with base 10: 'abc'"],
  ["float('x')", "ValueError: could not convert string to float: 'x'"],
  ['a, b = [1, 2, 3]', 'ValueError: too many values to unpack (expected 2)'],
  ['a, b, c = [1, 2]', 'ValueError: not enough values to unpack (expected 3, got 2)'],
  ['a, b = 5', 'TypeError: cannot unpack non-iterable int object'],
  ['for x in 5:\n    pass', "TypeError: 'int' object is not iterable"],
  ['len(5)', "TypeError: object of type 'int' has no len()"],
  ['[1, 2].index(3)', 'ValueError: 3 is not in list'],
  ['[].pop()', 'IndexError: pop from empty list'],
  ["'a' < 1", "TypeError: '<' not supported between instances of 'str' and 'int'"],
  ['{[1]: 2}', "TypeError: unhashable type: 'list'"],
  ['raise ValueError("bad value")', 'ValueError: bad value'],
  ['raise RuntimeError', 'RuntimeError'],
  ['class MyError(Exception):\n    pass\nraise MyError("custom", 1)', "MyError: ('custom', 1)"],
  [
    'def f():\n    x += 1\nf()',
    "UnboundLocalError: cannot access local variable 'x' where it is not associated with a value",
  ],
  ['max([])', 'ValueError: max() iterable argument is empty'],
  ['next(iter([]))', 'StopIteration'],
  ['import math\nmath.sqrt(-1)', 'ValueError: math domain error'],
  ['import math\nmath.nope', "AttributeError: module 'math' has no attribute 'nope'"],
  ['(1).x = 2', "AttributeError: 'int' object has no attribute 'x'"],
  ['with 5:\n    pass', "TypeError: 'int' object does not support the context manager protocol"],
];

describe('CPython error messages', () => {
  test.each(messages)('%s', (src, message) => {
    expect(errorOf(src)).toBe(message);
  });
});

describe('error spans and tracebacks', () => {
  test('the span is the expression that raised', () => {
    const r = run('x = 1\ny = [1, 2, 3]\nz = x + y[10] * 2\n');
    expect(r.errors).toHaveLength(1);
    const e = r.errors[0];
    expect(e.code).toBe('exception');
    expect(e.exception).toEqual({ type: 'IndexError', message: 'list index out of range' });
    expect(e.span).toEqual({ start: { line: 2, character: 8 }, end: { line: 2, character: 13 } });
  });

  test('a binary operation error spans the operation', () => {
    const r = run("a = 1\nb = 'x'\nc = (a + b)\n");
    expect(r.errors[0].span).toEqual({ start: { line: 2, character: 5 }, end: { line: 2, character: 10 } });
  });

  test('traceback frames: <module> first, innermost last, as related spans', () => {
    const src = py`
      def inner(v):
          return v / 0

      def outer(v):
          return inner(v) + 1

      outer(3)
    `;
    const r = run(src);
    const e = r.errors[0];
    expect(e.message).toBe('ZeroDivisionError: division by zero');
    expect(e.span).toEqual({ start: { line: 1, character: 11 }, end: { line: 1, character: 16 } });
    expect(e.related?.map((x) => [x.span.start.line, x.span.start.character, x.message])).toEqual([
      [6, 0, 'in <module>: called outer()'],
      [4, 11, 'in outer: called inner()'],
    ]);
  });

  test('an exception ends its statement; later statements of the cell do not run', () => {
    const r = run('print(1)\nx = 1 / 0\nprint(2)\n');
    expect(r.out).toBe('1\n');
    expect(r.errors).toHaveLength(1);
  });

  test('an exception in one cell stops that cell only; the next cell runs with shared globals', () => {
    const r = run(['a = 10\nb = a / 0\nprint("not reached")', 'print(a, "b" in globals())']);
    expect(r.out).toBe('10 False\n');
    expect(r.errors[0].span.cell).toBe(0);
    expect(r.errors[0].span.start.line).toBe(1);
  });

  test('errors raised inside methods locate in the method', () => {
    const r = run(py`
      class Model:
          def __init__(self):
              self.w = 2
          def forward(self, x):
              return x * self.missing
      m = Model()
      m.forward(1)
    `);
    expect(r.errors[0].message).toBe("AttributeError: 'Model' object has no attribute 'missing'");
    expect(r.errors[0].span.start).toEqual({ line: 4, character: 19 });
    expect(r.errors[0].related?.[0].span.start).toEqual({ line: 6, character: 0 });
  });

  test('deep recursion is a RecursionError, catchable', () => {
    const src = py`
      def down(n):
          return down(n + 1)
      try:
          down(0)
      except RecursionError as e:
          print('caught', e)
      down(0)
    `;
    const r = run(src);
    expect(r.out).toBe('caught maximum recursion depth exceeded\n');
    expect(r.errors[0].message).toBe('RecursionError: maximum recursion depth exceeded');
  });

  test('recursion limit is configurable', () => {
    const r = run('def f(n):\n    return 0 if n == 0 else f(n - 1)\nprint(f(50))\nprint(f(200))', {
      recursionLimit: 100,
    });
    expect(r.out).toBe('0\n');
    expect(r.errors[0].message).toBe('RecursionError: maximum recursion depth exceeded');
  });

  test('a failed assert reports the message value to the observer and raises AssertionError', () => {
    let seen: unknown;
    const r = run('x = 3\nassert x == 4, f"x is {x}"\n', {
      observer: {
        onAssert: (_s, passed, msg) => {
          seen = [passed, msg];
        },
      },
    });
    expect(seen).toEqual([false, 'x is 3']);
    expect(r.errors[0].message).toBe('AssertionError: x is 3');
    expect(r.errors[0].span.start).toEqual({ line: 1, character: 7 });
  });
});

describe('tracebacks', () => {
  test('collapse repeated frames the way CPython does', async () => {
    const { collapseRepeats } = await import('../../src/engine/python/interpreter');
    const span = { start: { line: 1, character: 4 }, end: { line: 1, character: 9 } };
    const frames = Array.from({ length: 10 }, () => ({ span, message: 'in f: called f()' }));
    const out = collapseRepeats([{ span, message: 'in <module>: called f()' }, ...frames]);
    expect(out.map((f) => f.message)).toEqual([
      'in <module>: called f()',
      'in f: called f()',
      'in f: called f()',
      'in f: called f()',
      '[Previous line repeated 7 more times]',
    ]);
  });
});
