/** More evaluation semantics (scoping corners, generators with try/with, iterator protocol), CPython output. */
import { describe, expect, test } from 'vitest';
import { errorOf, output, py } from './helpers';

const cases: [string, string, string][] = [
  [
    'class body names are not visible in methods',
    py`
    x = 'global'
    class C:
        x = 'class'
        def m(self):
            return x
        y = [x for _ in range(1)]
    print(C().m(), C.x, C.y)
  `,
    "global class ['global']\n",
  ],
  [
    'nested nonlocal two levels',
    py`
    def a():
        v = 1
        def b():
            def c():
                nonlocal v
                v += 10
            c()
            return v
        return b()
    print(a())
  `,
    '11\n',
  ],
  [
    'closure sees later rebinding',
    py`
    def make():
        x = 1
        def get():
            return x
        x = 2
        return get
    print(make()())
  `,
    '2\n',
  ],
  [
    'generator with try/finally and with',
    py`
    class CM:
        def __enter__(self):
            print('enter')
        def __exit__(self, *a):
            print('exit')
    def g():
        with CM():
            try:
                yield 1
                yield 2
            finally:
                print('finally')
    for v in g():
        print(v)
  `,
    'enter\n1\n2\nfinally\nexit\n',
  ],
  [
    'generator return stops iteration',
    py`
    def g(n):
        i = 0
        while True:
            if i >= n:
                return
            yield i
            i += 1
    print(list(g(3)), sum(g(5)))
  `,
    '[0, 1, 2] 10\n',
  ],
  [
    'user iterator protocol',
    py`
    class Countdown:
        def __init__(self, n):
            self.n = n
        def __iter__(self):
            return self
        def __next__(self):
            if self.n <= 0:
                raise StopIteration
            self.n -= 1
            return self.n + 1
    print(list(Countdown(3)), [x * 2 for x in Countdown(2)])
    it = iter(Countdown(1))
    print(next(it), next(it, 'empty'))
  `,
    '[3, 2, 1] [4, 2]\n1 empty\n',
  ],
  [
    '__getitem__ sequence protocol',
    py`
    class Seq:
        def __getitem__(self, i):
            if i >= 3:
                raise IndexError
            return i * 10
    print(list(Seq()), 20 in Seq())
  `,
    '[0, 10, 20] True\n',
  ],
  [
    'exception in generator propagates to the consumer',
    py`
    def g():
        yield 1
        raise ValueError('inside')
    try:
        for x in g():
            print(x)
    except ValueError as e:
        print('caught', e)
  `,
    '1\ncaught inside\n',
  ],
  [
    'exception variable is unbound after except',
    py`
    try:
        1 / 0
    except ZeroDivisionError as err:
        pass
    print('err' in globals())
  `,
    'False\n',
  ],
  [
    'finally overrides return',
    py`
    def f():
        try:
            return 'try'
        finally:
            return 'finally'
    print(f())
  `,
    'finally\n',
  ],
  [
    'exception raised in except has context',
    py`
    try:
        try:
            {}['a']
        except KeyError:
            raise ValueError('second')
    except ValueError as e:
        print(type(e.__context__).__name__, e.__cause__)
  `,
    'KeyError None\n',
  ],
  [
    'nested functions and recursion via closures',
    py`
    def fib():
        memo = {}
        def f(n):
            if n in memo:
                return memo[n]
            r = n if n < 2 else f(n - 1) + f(n - 2)
            memo[n] = r
            return r
        return f
    print(fib()(80))
  `,
    '23416728348467685\n',
  ],
  [
    'star expressions in displays and calls',
    py`
    a = [1, 2]
    b = (3,)
    print([*a, *b, 4], (*a,), {*a}, {**{'x': 1}, 'y': 2}, max(*a, *b))
  `,
    "[1, 2, 3, 4] (1, 2) {1, 2} {'x': 1, 'y': 2} 3\n",
  ],
  [
    'string methods 2',
    py`
    s = 'Hello, World'
    print(s.title(), s.swapcase(), s.center(16, '*'), s.ljust(14, '.'), s.rjust(14), s.zfill(14))
    print('a b  c'.split(' '), 'a b  c'.split(), 'x=1=2'.split('=', 1), 'x=1=2'.rsplit('=', 1), 'line1\nline2\n'.splitlines())
    print('abc'.partition('b'), ' x '.isspace(), '123'.isdigit(), 'abC'.islower(), 'Ab Cd'.istitle(), 'tEST'.capitalize())
  `,
    "Hello, World hELLO, wORLD **Hello, World** Hello, World..   Hello, World 00Hello, World\n['a', 'b', '', 'c'] ['a', 'b', 'c'] ['x', '1=2'] ['x=1', '2'] ['line1', 'line2']\n('a', 'b', 'c') False True False True Test\n",
  ],
  [
    'dict iteration helpers',
    py`
    d = dict(a=1, b=2)
    d2 = dict([('x', 1)], y=2)
    print(d, d2, {k: v * 10 for k, v in d.items()}, list(reversed(d)), dict.fromkeys('ab', 0))
    print(sorted(d.items(), key=lambda kv: -kv[1]), d.popitem(), d)
  `,
    "{'a': 1, 'b': 2} {'x': 1, 'y': 2} {'a': 10, 'b': 20} ['b', 'a'] {'a': 0, 'b': 0}\n[('b', 2), ('a', 1)] ('b', 2) {'a': 1}\n",
  ],
  [
    'integer and float formatting corners',
    py`
    print(10 ** 21, 1e21, 2 ** 53 + 1, float(2 ** 53 + 1), 7 // 2.0, -7 // 2.0, 2 ** 0.5 == 2 ** 0.5)
    print(round(-2.5), round(3.5), round(1.25, 1), round(1.35, 1), int(-0.9), abs(-7 // 2))
  `,
    '1000000000000000000000 1e+21 9007199254740993 9007199254740992.0 3.0 -4.0 True\n-2 4 1.2 1.4 0 4\n',
  ],
  [
    'truthiness of containers and objects',
    py`
    class Empty:
        def __len__(self):
            return 0
    print(bool(Empty()), bool(object()), not [], not {}, bool(0.0), bool(float('nan')), bool(range(0)))
  `,
    'False True True True False True False\n',
  ],
  [
    'print with objects with __str__ and __repr__',
    py`
    class A:
        def __str__(self):
            return 'str-A'
        def __repr__(self):
            return 'repr-A'
    a = A()
    print(a, [a], f'{a}', f'{a!r}', str(a), repr(a), '%s %r' % (a, a))
  `,
    'str-A [repr-A] str-A repr-A str-A repr-A str-A repr-A\n',
  ],
  [
    'static and class methods via instances and inheritance',
    py`
    class Base:
        count = 0
        @classmethod
        def create(cls):
            cls.count += 1
            return cls()
        @staticmethod
        def helper(x):
            return x * 2
    class Child(Base):
        pass
    c = Child.create()
    print(type(c).__name__, Child.count, Base.count, c.helper(4), Child.helper(5))
  `,
    'Child 1 0 8 10\n',
  ],
  [
    'super in multiple inheritance follows the MRO',
    py`
    class A:
        def hi(self):
            return ['A']
    class B(A):
        def hi(self):
            return ['B'] + super().hi()
    class C(A):
        def hi(self):
            return ['C'] + super().hi()
    class D(B, C):
        def hi(self):
            return ['D'] + super().hi()
    print(D().hi(), [k.__name__ for k in D.__mro__])
  `,
    "['D', 'B', 'C', 'A'] ['D', 'B', 'C', 'A', 'object']\n",
  ],
  [
    '__eq__ without __hash__ makes instances unhashable',
    py`
    class P:
        def __init__(self, v):
            self.v = v
        def __eq__(self, o):
            return self.v == o.v
    try:
        {P(1)}
    except TypeError as e:
        print(e)
    class H(P):
        def __hash__(self):
            return hash(self.v)
    print(len({H(1), H(1), H(2)}))
  `,
    "unhashable type: 'P'\n2\n",
  ],
  [
    'enumerate zip map filter are lazy iterators',
    py`
    e = enumerate(['a', 'b'])
    print(next(e), list(e), list(map(lambda a, b: a + b, [1, 2], [10, 20])))
    z = zip([1, 2, 3], [4, 5])
    print(list(z), list(z))
  `,
    "(0, 'a') [(1, 'b')] [11, 22]\n[(1, 4), (2, 5)] []\n",
  ],
  [
    'slicing with negative steps and out of range',
    py`
    a = [0, 1, 2, 3, 4, 5]
    print(a[-1:-4:-1], a[4:1:-2], a[100:], a[-100:2], a[::-1][:2], 'hello'[::-1], (1, 2, 3)[::-2])
    a[::2] = ['x', 'y', 'z']
    del a[1::2]
    print(a)
  `,
    "[5, 4, 3] [4, 2] [] [0, 1] [5, 4] olleh (3, 1)\n['x', 'y', 'z']\n",
  ],
];

describe('evaluation corners match CPython', () => {
  test.each(cases)('%s', (_name, src, expected) => {
    expect(output(src)).toBe(expected);
  });

  test('len() of a range is exact beyond 2^53 and raises past a C ssize_t, as in CPython', () => {
    // 3·10^17 is not a double: the length must stay an exact int.
    expect(output('print(len(range(300000000000000001)))')).toBe('300000000000000001\n');
    expect(output('print(len(range(0, 2**63 - 1, 1)))')).toBe('9223372036854775807\n');
    expect(errorOf('len(range(10**30))')).toBe('OverflowError: Python int too large to convert to C ssize_t');
    expect(errorOf('len(range(2**63))')).toBe('OverflowError: Python int too large to convert to C ssize_t');
  });

  test('indexing a range longer than 2^53 is exact', () => {
    expect(output('r = range(2**60)\nprint(r[-1], r[2**53 + 1], r[-2**60])')).toBe(
      '1152921504606846975 9007199254740993 0\n',
    );
    expect(output('print(range(0, 3 * 2**55, 3)[2**55 - 1])')).toBe('108086391056891901\n');
    expect(errorOf('range(2**60)[2**60]')).toBe('IndexError: range object index out of range');
    expect(errorOf('range(5)[-6]')).toBe('IndexError: range object index out of range');
  });

  test('errors inside generators and comprehensions keep their messages', () => {
    expect(errorOf('[1 / x for x in [1, 0]]')).toBe('ZeroDivisionError: division by zero');
    expect(errorOf('def g():\n    yield 1 / 0\nlist(g())')).toBe('ZeroDivisionError: division by zero');
    expect(errorOf('class A:\n    pass\nclass B(A, A):\n    pass\nsuper(1, 2)')).toMatch(/TypeError/);
  });
});

test('yield inside elif and else branches', () => {
  const src = py`
    def g(n):
        for i in range(n):
            if i == 0:
                yield 'zero'
            elif i == 1:
                yield 'one'
            else:
                yield i
    print(list(g(4)))
  `;
  expect(output(src)).toBe("['zero', 'one', 2, 3]\n");
});
