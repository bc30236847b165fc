/** Evaluation of the Python subset: each program's printed output is what CPython 3.12 prints. */
import { describe, expect, test } from 'vitest';
import { output, py } from './helpers';

const cases: [string, string, string][] = [
  // ---- numbers ----
  ['int arithmetic', 'print(7 + 3, 7 - 10, 6 * 7, 2 ** 100)', '10 -3 42 1267650600228229401496703205376\n'],
  ['true division gives float', 'print(7 / 2, 6 / 3, 1 / 3)', '3.5 2.0 0.3333333333333333\n'],
  ['floor division and modulo', 'print(7 // 2, -7 // 2, 7 // -2, 7 % 3, -7 % 3, 7 % -3)', '3 -4 -4 1 2 -2\n'],
  [
    'float floor division and modulo',
    'print(7.5 // 2, -7.5 // 2, 7.5 % 2, -7.5 % 2, 5 % -2.5)',
    '3.0 -4.0 1.5 0.5 -0.0\n',
  ],
  [
    'power with negative exponent',
    'print(2 ** -1, 10 ** -2, (-2) ** 3, 2.0 ** 0.5)',
    '0.5 0.01 -8 1.4142135623730951\n',
  ],
  ['mixed int float bool', 'print(1 + 2.0, True + True, True * 3.5, 3 - False)', '3.0 2 3.5 3\n'],
  ['bitwise', 'print(6 & 3, 6 | 3, 6 ^ 3, ~5, 1 << 10, -16 >> 2, True & False)', '2 7 5 -6 1024 -4 False\n'],
  ['unary', 'x = 5\nprint(-x, +x, -(-x), not x, -True)', '-5 5 5 False -1\n'],
  [
    'big ints exact',
    'print(2 ** 64 - 1, 10 ** 20 // 3, -(10 ** 20) % 7)',
    '18446744073709551615 33333333333333333333 5\n',
  ],
  [
    'float repr',
    'print(0.1 + 0.2, 1e16, 1e-05, 1e15, 123456789.0, 1.5e300, -0.0, 3.0)',
    '0.30000000000000004 1e+16 1e-05 1000000000000000.0 123456789.0 1.5e+300 -0.0 3.0\n',
  ],
  ['inf and nan', "print(float('inf'), -float('inf'), float('nan'), 1e308 * 10)", 'inf -inf nan inf\n'],
  [
    'round banker',
    'print(round(0.5), round(1.5), round(2.5), round(-0.5), round(2.675, 2), round(1234, -2), round(3.14159, 3))',
    '0 2 2 0 2.67 1200 3.142\n',
  ],
  [
    'divmod and pow',
    'print(divmod(7, 2), divmod(-7, 2), divmod(7.5, 2), pow(2, 10), pow(3, 4, 5))',
    '(3, 1) (-4, 1) (3.0, 1.5) 1024 1\n',
  ],
  [
    'int and float conversions',
    "print(int(3.9), int(-3.9), int('42'), int(' 7 '), int('ff', 16), float('1.5'), float(3), int(True))",
    '3 -3 42 7 255 1.5 3.0 1\n',
  ],
  [
    'abs min max',
    'print(abs(-3), abs(-2.5), min(3, 1, 2), max([4, 9, 2]), max("a", "b"), min([], default=0))',
    '3 2.5 1 9 b 0\n',
  ],
  [
    'min max key',
    "print(max(['aa', 'b', 'cccc'], key=len), min({'x': 3, 'y': 1}, key=lambda k: {'x': 3, 'y': 1}[k]))",
    'cccc y\n',
  ],
  [
    'comparison chains',
    'x = 5\nprint(1 < x < 10, 1 < x > 10, x == 5 == 5.0, 1 < 2 < 3 < 2)',
    'True False True False\n',
  ],
  [
    'equality across types',
    "print(1 == 1.0, True == 1, 'a' == 'a', [1, 2] == [1, 2], (1,) == [1], None == 0, {'a': 1} == {'a': 1})",
    'True True True True False False True\n',
  ],
  [
    'is and in',
    "a = [1]\nb = a\nprint(a is b, a is [1], None is None, 2 in [1, 2], 'b' in 'abc', 3 not in {1: 2}, 1 in {1: 2})",
    'True False True True True True True\n',
  ],
  [
    'boolean operators return operands',
    "print(0 or 'x', 3 and 4, [] and 5, None or [], 'a' and '' or 'z')",
    'x 4 [] [] z\n',
  ],
  ['conditional expression', "x = 3\nprint('big' if x > 2 else 'small', 'a' if 0 else 'b')", 'big b\n'],
  [
    'sum is compensated like 3.12',
    'print(sum([0.1] * 10), sum(range(101)), sum([1, 2], 10), sum([0.5, 1]))',
    '1.0 5050 13 1.5\n',
  ],
  // ---- strings ----
  [
    'string methods',
    "s = '  Hello World  '\nprint(s.strip(), s.lower().strip(), s.upper().strip(), s.strip().split(), 'a,b,,c'.split(','))",
    "Hello World hello world HELLO WORLD ['Hello', 'World'] ['a', 'b', '', 'c']\n",
  ],
  [
    'join replace startswith',
    "print('-'.join(['a', 'b', 'c']), 'aXbX'.replace('X', 'y'), 'abc'.startswith('ab'), 'abc'.endswith(('x', 'c')))",
    'a-b-c ayby True True\n',
  ],
  [
    'string slicing',
    "s = 'abcdef'\nprint(s[1], s[-1], s[1:4], s[::-1], s[::2], s[-3:], s[10:])",
    'b f bcd fedcba ace def \n',
  ],
  [
    'string format method',
    "print('{} + {} = {}'.format(1, 2, 3), '{0}{1}{0}'.format('a', 'b'), '{x:>4}|'.format(x=7), '{:.3f}'.format(3.14159))",
    '1 + 2 = 3 aba    7| 3.142\n',
  ],
  [
    'percent formatting',
    "print('%d items' % 3, '%.2f' % 3.14159, '%s-%r' % ('a', 'a'), '%5d|%-5d|' % (42, 42), '%x' % 255)",
    "3 items 3.14 a-'a'    42|42   | ff\n",
  ],
  [
    'string repr quotes',
    "print(repr('a'), repr(\"it's\"), repr('say \"hi\"'), repr('both \\' \"'), repr('tab\\tnew\\n'))",
    "'a' \"it's\" 'say \"hi\"' 'both \\' \"' 'tab\\tnew\\n'\n",
  ],
  [
    'str of containers uses repr of items',
    "print(str(['a', 1.0, None, True]), str(('x',)), str({'k': 'v'}), str({1, 2}), str(set()))",
    "['a', 1.0, None, True] ('x',) {'k': 'v'} {1, 2} set()\n",
  ],
  [
    'str find count index',
    "s = 'banana'\nprint(s.find('an'), s.rfind('an'), s.count('a'), s.index('n'), s.find('z'))",
    '1 3 3 2 -1\n',
  ],
  [
    'str multiply and concat',
    "print('ab' * 3, 3 * 'x', 'a' + 'b', len('hello'), 'abc' < 'abd')",
    'ababab xxx ab 5 True\n',
  ],
  // ---- f-strings ----
  [
    'f-string specs',
    "v = 3.14159\nn = 42\nprint(f'{v:1.2f}|{n:>5}|{n:<5}|{n:^6}|{n:05d}|{v:.3e}|{1234567:,}|{0.25:.1%}')",
    '3.14|   42|42   |  42  |00042|3.142e+00|1,234,567|25.0%\n',
  ],
  [
    'f-string conversions and nesting',
    "x = 'hi'\nw = 6\np = 2\nprint(f'{x!r} {x!s} {x:>{w}} {3.14159:.{p}f} {{literal}}')",
    "'hi' hi     hi 3.14 {literal}\n",
  ],
  ['f-string self documenting', 'x = 3\nprint(f"{x=} {x + 1 = }")', 'x=3 x + 1 = 4\n'],
  [
    'f-string g and default float',
    "print(f'{1e-7:g} {123456789.0:g} {0.1:g} {2.0:} {1/3:.3} {100.0:.3}')",
    '1e-07 1.23457e+08 0.1 2.0 0.333 1e+02\n',
  ],
  [
    'format builtin',
    "print(format(3.5, '08.3f'), format(255, 'x'), format(255, '#b'), format('s', '^5'), format(-1.5, '+.1f'))",
    '0003.500 ff 0b11111111   s   -1.5\n',
  ],
  // ---- containers ----
  [
    'list methods',
    py`
    a = [3, 1, 2]
    a.append(5)
    a.extend([7, 0])
    a.insert(1, 9)
    print(a, a.pop(), a.pop(0), a.index(2), a.count(1))
    a.remove(9)
    a.sort()
    print(a)
    a.reverse()
    print(a, a.copy() is a, len(a))
  `,
    '[9, 1, 2, 5, 7] 0 3 2 1\n[1, 2, 5, 7]\n[7, 5, 2, 1] False 4\n',
  ],
  [
    'list slicing and assignment',
    py`
    a = list(range(10))
    print(a[2:5], a[::3], a[-2:], a[::-2], a[5:2:-1])
    a[1:3] = ['x']
    del a[0]
    a[-1] = 'last'
    print(a)
  `,
    "[2, 3, 4] [0, 3, 6, 9] [8, 9] [9, 7, 5, 3, 1] [5, 4, 3]\n['x', 3, 4, 5, 6, 7, 8, 'last']\n",
  ],
  [
    'tuples',
    't = (1, 2, 3)\nprint(t, t[1:], (1,), (), t + (4,), t * 2, t.index(3), len(t))',
    '(1, 2, 3) (2, 3) (1,) () (1, 2, 3, 4) (1, 2, 3, 1, 2, 3) 2 3\n',
  ],
  [
    'dict methods',
    py`
    d = {'a': 1, 'b': 2}
    d['c'] = 3
    print(d, d.get('z'), d.get('z', 0), list(d.keys()), list(d.values()), list(d.items()))
    print(d.pop('a'), d.setdefault('b', 9), d.setdefault('q', 7), d)
    d.update({'b': 20}, e=5)
    print(d, len(d), 'b' in d, d.keys())
  `,
    "{'a': 1, 'b': 2, 'c': 3} None 0 ['a', 'b', 'c'] [1, 2, 3] [('a', 1), ('b', 2), ('c', 3)]\n1 2 7 {'b': 2, 'c': 3, 'q': 7}\n{'b': 20, 'c': 3, 'q': 7, 'e': 5} 4 True dict_keys(['b', 'c', 'q', 'e'])\n",
  ],
  [
    'dict keys hash by value',
    'd = {1: "int", (1, 2): "tuple", None: "none"}\nd[1.0] = "float"\nd[True] = "bool"\nprint(d, d[(1, 2)], len(d))',
    "{1: 'bool', (1, 2): 'tuple', None: 'none'} tuple 3\n",
  ],
  [
    'sets',
    's = {3, 1, 2}\ns.add(4)\ns.discard(1)\nprint(s, 2 in s, s | {9}, s & {2, 3}, s - {2}, len(s), sorted(s))',
    '{2, 3, 4} True {9, 2, 3, 4} {2, 3} {3, 4} 3 [2, 3, 4]\n',
  ],
  [
    'range',
    'r = range(2, 10, 3)\nprint(r, list(r), len(r), r[1], list(range(5, 0, -2)), 8 in r, range(3))',
    'range(2, 10, 3) [2, 5, 8] 3 5 [5, 3, 1] True range(0, 3)\n',
  ],
  [
    'comprehensions',
    py`
    print([x * x for x in range(5) if x % 2 == 0])
    print({k: v for k, v in zip('ab', [1, 2])})
    print({x % 3 for x in range(10)})
    print([(i, j) for i in range(3) for j in range(i)])
    print(list(x + 1 for x in [1, 2]), sum(x for x in range(4)))
    x = 'outer'
    [x for x in range(3)]
    print(x)
  `,
    "[0, 4, 16]\n{'a': 1, 'b': 2}\n{0, 1, 2}\n[(1, 0), (2, 0), (2, 1)]\n[2, 3] 6\nouter\n",
  ],
  [
    'unpacking',
    py`
    a, b = 1, 2
    a, b = b, a
    first, *rest = [1, 2, 3, 4]
    *init, last = 'abc'
    (p, q), r = [1, 2], 3
    print(a, b, first, rest, init, last, p, q, r)
    for i, (k, v) in enumerate({'x': 1}.items()):
        print(i, k, v)
  `,
    "2 1 1 [2, 3, 4] ['a', 'b'] c 1 2 3\n0 x 1\n",
  ],
  [
    'builtins on iterables',
    py`
    print(list(enumerate('ab', 1)), list(zip([1, 2, 3], 'ab')), list(map(str, [1, 2])))
    print(list(filter(None, [0, 1, '', 'a'])), list(reversed([1, 2, 3])), sorted('bca'), any([0, 1]), all([]))
    print(sorted([(2, 'b'), (1, 'z'), (2, 'a')]), sorted(['bb', 'a', 'ccc'], key=len, reverse=True))
    it = iter([10, 20])
    print(next(it), next(it), next(it, 'done'))
  `,
    "[(1, 'a'), (2, 'b')] [(1, 'a'), (2, 'b')] ['1', '2']\n[1, 'a'] [3, 2, 1] ['a', 'b', 'c'] True True\n[(1, 'z'), (2, 'a'), (2, 'b')] ['ccc', 'bb', 'a']\n10 20 done\n",
  ],
  [
    'isinstance and type',
    py`
    print(isinstance(1, int), isinstance(True, int), isinstance(1.0, (int, float)), isinstance('s', list))
    print(type(1), type(1.5), type('s'), type([]), type(None), type(len), type(int))
    print(type(3).__name__, issubclass(bool, int), callable(len), callable(3))
  `,
    "True True True False\n<class 'int'> <class 'float'> <class 'str'> <class 'list'> <class 'NoneType'> <class 'builtin_function_or_method'> <class 'type'>\nint True True False\n",
  ],
  [
    'misc builtins',
    "print(chr(65), ord('a'), hex(255), bin(5), oct(8), hash(7), bool([]), bool('x'), str(1.0), repr(None), list('ab'))",
    "A 97 0xff 0b101 0o10 7 False True 1.0 None ['a', 'b']\n",
  ],
  [
    'print sep and end',
    "print(1, 2, 3, sep='-', end='!\\n')\nprint('a', end='')\nprint('b')\nprint()",
    '1-2-3!\nab\n\n',
  ],
  // ---- control flow ----
  [
    'if elif else',
    'for x in [1, 5, 10]:\n    if x < 3:\n        print("small")\n    elif x < 8:\n        print("mid")\n    else:\n        print("big")',
    'small\nmid\nbig\n',
  ],
  [
    'for else and break',
    py`
    for i in range(5):
        if i == 3:
            break
    else:
        print('no break')
    print(i)
    for j in range(2):
        pass
    else:
        print('completed', j)
  `,
    '3\ncompleted 1\n',
  ],
  [
    'while else continue',
    py`
    n = 0
    total = 0
    while n < 10:
        n += 1
        if n % 2:
            continue
        total += n
    else:
        print('done', total)
  `,
    'done 30\n',
  ],
  [
    'nested loops break inner only',
    'for i in range(3):\n    for j in range(3):\n        if j == 1:\n            break\n        print(i, j)',
    '0 0\n1 0\n2 0\n',
  ],
  // ---- functions ----
  [
    'defaults evaluated once',
    py`
    def f(x, acc=[]):
        acc.append(x)
        return acc
    f(1)
    print(f(2))
  `,
    '[1, 2]\n',
  ],
  [
    'keyword only and kwargs',
    py`
    def g(a, b=2, *args, c, d=4, **kw):
        return (a, b, args, c, d, kw)
    print(g(1, c=3))
    print(g(1, 5, 6, 7, c=8, e=9))
    print(g(*[1, 2, 3], **{'c': 0, 'z': 1}))
  `,
    "(1, 2, (), 3, 4, {})\n(1, 5, (6, 7), 8, 4, {'e': 9})\n(1, 2, (3,), 0, 4, {'z': 1})\n",
  ],
  [
    'closures and nonlocal',
    py`
    def counter():
        n = 0
        def inc():
            nonlocal n
            n += 1
            return n
        return inc
    c = counter()
    c()
    c()
    print(c())
    fs = [lambda x, i=i: x + i for i in range(3)]
    print([f(10) for f in fs])
    def late():
        return [lambda: i for i in range(3)]
    print([f() for f in late()])
  `,
    '3\n[10, 11, 12]\n[2, 2, 2]\n',
  ],
  [
    'global',
    py`
    count = 0
    def bump():
        global count
        count += 1
    bump()
    bump()
    print(count)
  `,
    '2\n',
  ],
  [
    'recursion',
    'def fact(n):\n    return 1 if n <= 1 else n * fact(n - 1)\nprint(fact(20), fact(25))',
    '2432902008176640000 15511210043330985984000000\n',
  ],
  [
    'lambda and sorted key',
    "pairs = [(1, 'one'), (3, 'three'), (2, 'two')]\nprint(sorted(pairs, key=lambda p: p[1]), (lambda *a, **k: (a, k))(1, x=2))",
    "[(1, 'one'), (3, 'three'), (2, 'two')] ((1,), {'x': 2})\n",
  ],
  [
    'decorators',
    py`
    def twice(f):
        def wrapper(*args, **kwargs):
            return f(*args, **kwargs) * 2
        return wrapper
    def tag(name):
        def deco(f):
            f.tag = name
            return f
        return deco
    @twice
    def three():
        return 3
    @tag('hello')
    def g():
        pass
    print(three(), g.tag, three.__name__)
  `,
    '6 hello wrapper\n',
  ],
  [
    'generators',
    py`
    def gen(n):
        for i in range(n):
            yield i * i
        yield 'end'
    print(list(gen(3)))
    g = gen(2)
    print(next(g), next(g), next(g), next(g, 'stop'))
    def inf():
        i = 0
        while True:
            yield i
            i += 1
    for x in inf():
        if x > 3:
            break
    print(x)
    def delegate():
        yield from [1, 2]
        yield from gen(1)
    print(list(delegate()))
    print(list(zip(inf(), 'ab')))
  `,
    "[0, 1, 4, 'end']\n0 1 end stop\n4\n[1, 2, 0, 'end']\n[(0, 'a'), (1, 'b')]\n",
  ],
  [
    'generator side effects are lazy',
    py`
    def g():
        print('start')
        yield 1
        print('after 1')
        yield 2
    it = g()
    print('created')
    print(next(it))
    print(next(it))
  `,
    'created\nstart\n1\nafter 1\n2\n',
  ],
  // ---- classes ----
  [
    'class basics',
    py`
    class Point:
        dims = 2
        def __init__(self, x, y):
            self.x = x
            self.y = y
        def norm2(self):
            return self.x ** 2 + self.y ** 2
        def __repr__(self):
            return f'Point({self.x}, {self.y})'
    p = Point(3, 4)
    print(p, p.norm2(), Point.dims, p.dims, [p])
    p.x = 0
    print(p.norm2(), str(p))
  `,
    'Point(3, 4) 25 2 2 [Point(3, 4)]\n16 Point(0, 4)\n',
  ],
  [
    'inheritance and super',
    py`
    class Animal:
        def __init__(self, name):
            self.name = name
        def speak(self):
            return f'{self.name} makes a sound'
        def kind(self):
            return 'animal'
    class Dog(Animal):
        def __init__(self, name, breed):
            super().__init__(name)
            self.breed = breed
        def speak(self):
            return super().speak() + ' (woof)'
    d = Dog('Rex', 'lab')
    print(d.speak(), d.kind(), d.breed, isinstance(d, Animal), issubclass(Dog, Animal), Dog.__mro__)
  `,
    "Rex makes a sound (woof) animal lab True True (<class '__main__.Dog'>, <class '__main__.Animal'>, <class 'object'>)\n",
  ],
  [
    'property staticmethod classmethod',
    py`
    class Temp:
        scale = 'C'
        def __init__(self, c):
            self._c = c
        @property
        def f(self):
            return self._c * 9 / 5 + 32
        @f.setter
        def f(self, value):
            self._c = (value - 32) * 5 / 9
        @staticmethod
        def add(a, b):
            return a + b
        @classmethod
        def make(cls, c):
            return cls(c)
        @classmethod
        def name(cls):
            return cls.scale
    t = Temp.make(100)
    print(t.f, Temp.add(1, 2), t.add(3, 4), Temp.name())
    t.f = 32
    print(t._c)
  `,
    '212.0 3 7 C\n0.0\n',
  ],
  [
    'dunder methods',
    py`
    class Vec:
        def __init__(self, *xs):
            self.xs = list(xs)
        def __add__(self, o):
            return Vec(*[a + b for a, b in zip(self.xs, o.xs)])
        def __mul__(self, k):
            return Vec(*[a * k for a in self.xs])
        __rmul__ = __mul__
        def __neg__(self):
            return self * -1
        def __getitem__(self, i):
            return self.xs[i]
        def __setitem__(self, i, v):
            self.xs[i] = v
        def __len__(self):
            return len(self.xs)
        def __iter__(self):
            return iter(self.xs)
        def __eq__(self, o):
            return isinstance(o, Vec) and self.xs == o.xs
        def __lt__(self, o):
            return sum(self.xs) < sum(o.xs)
        def __contains__(self, v):
            return v in self.xs
        def __call__(self, k):
            return self.xs[k] * 100
        def __bool__(self):
            return any(self.xs)
        def __str__(self):
            return 'Vec' + str(tuple(self.xs))
    v = Vec(1, 2) + Vec(3, 4)
    print(v, 2 * v, -v, v[1], len(v), list(v), v == Vec(4, 6), v != Vec(4, 6), 6 in v, v(0), bool(Vec(0)))
    v[0] = 10
    print(v, Vec(1) < Vec(2), max(Vec(5), Vec(1), Vec(3)), sorted([Vec(3), Vec(1)])[0])
  `,
    'Vec(4, 6) Vec(8, 12) Vec(-4, -6) 6 2 [4, 6] True False True 400 False\nVec(10, 6) True Vec(5,) Vec(1,)\n',
  ],
  [
    'context manager',
    py`
    class CM:
        def __init__(self, name):
            self.name = name
        def __enter__(self):
            print('enter', self.name)
            return self.name.upper()
        def __exit__(self, t, v, tb):
            print('exit', self.name, t.__name__ if t else None)
            return self.name == 'b'
    with CM('a') as x, CM('b') as y:
        print(x, y)
        raise ValueError('boom')
    print('after')
  `,
    'enter a\nenter b\nA B\nexit b ValueError\nexit a None\nafter\n',
  ],
  [
    'class attributes and instance dict',
    py`
    class C:
        items = []
        def add(self, x):
            self.items.append(x)
    a, b = C(), C()
    a.add(1)
    b.add(2)
    print(C.items, hasattr(a, 'items'), hasattr(a, 'nope'), getattr(a, 'nope', 'dflt'))
    setattr(a, 'z', 5)
    print(a.z, vars(a))
  `,
    "[1, 2] True False dflt\n5 {'z': 5}\n",
  ],
  [
    'default object repr and eq',
    py`
    class E:
        pass
    e = E()
    print(e == e, e == E(), repr(e).startswith('<__main__.E object at 0x'))
  `,
    'True False True\n',
  ],
  // ---- exceptions ----
  [
    'try except else finally',
    py`
    def f(x):
        try:
            r = 10 / x
        except ZeroDivisionError as e:
            print('error:', e)
            return 'handled'
        else:
            print('ok', r)
        finally:
            print('finally')
        return 'normal'
    print(f(2))
    print(f(0))
  `,
    'ok 5.0\nfinally\nnormal\nerror: division by zero\nfinally\nhandled\n',
  ],
  [
    'exception hierarchy',
    py`
    for exc in [IndexError('i'), KeyError('k'), ZeroDivisionError('z'), ValueError('v')]:
        try:
            raise exc
        except LookupError as e:
            print('lookup', type(e).__name__, e)
        except ArithmeticError as e:
            print('arith', repr(e))
        except Exception as e:
            print('other', e.args)
  `,
    "lookup IndexError i\nlookup KeyError 'k'\narith ZeroDivisionError('z')\nother ('v',)\n",
  ],
  [
    'tuple of classes, bare except, re-raise',
    py`
    try:
        try:
            {}['missing']
        except (TypeError, KeyError) as e:
            print('caught', repr(e))
            raise
    except:
        print('outer')
    try:
        [][1]
    except Exception as e:
        print(type(e).__name__, e)
  `,
    "caught KeyError('missing')\nouter\nIndexError list index out of range\n",
  ],
  [
    'raise from and custom exceptions',
    py`
    class AppError(Exception):
        def __init__(self, msg, code):
            super().__init__(msg)
            self.code = code
    try:
        try:
            int('x')
        except ValueError as e:
            raise AppError('bad input', 42) from e
    except AppError as e:
        print(e, e.code, type(e.__cause__).__name__, isinstance(e, Exception))
  `,
    'bad input 42 ValueError True\n',
  ],
  [
    'finally runs on return and break',
    py`
    def f():
        try:
            return 1
        finally:
            print('cleanup')
    print(f())
    for i in range(3):
        try:
            if i == 1:
                break
        finally:
            print('fin', i)
  `,
    'cleanup\n1\nfin 0\nfin 1\n',
  ],
  [
    'assert with message caught',
    py`
    try:
        assert 1 == 2, 'math is broken'
    except AssertionError as e:
        print('assert:', e)
  `,
    'assert: math is broken\n',
  ],
  [
    'del names, items, attributes',
    py`
    x = 1
    del x
    d = {'a': 1, 'b': 2}
    del d['a']
    class O:
        pass
    o = O()
    o.v = 1
    del o.v
    print(d, hasattr(o, 'v'))
    try:
        print(x)
    except NameError as e:
        print(e)
  `,
    "{'b': 2} False\nname 'x' is not defined\n",
  ],
  [
    'augmented assignment targets',
    py`
    a = [1, 2]
    b = a
    a += [3]
    t = (1,)
    u = t
    t += (2,)
    d = {'k': 1}
    d['k'] += 10
    class O:
        pass
    o = O()
    o.n = 5
    o.n *= 3
    s = 'a'
    s += 'b'
    print(a is b, b, t, u, d, o.n, s)
  `,
    "True [1, 2, 3] (1, 2) (1,) {'k': 11} 15 ab\n",
  ],
  [
    'walrus',
    'data = [1, 2, 3, 4]\nif (n := len(data)) > 3:\n    print(n)\nprint([y for x in data if (y := x * 2) > 4], y)',
    '4\n[6, 8] 8\n',
  ],
  [
    'math module',
    py`
    import math
    print(math.sqrt(16), math.pi, math.floor(-2.5), math.ceil(2.1), math.exp(0), math.log(math.e), math.log(8, 2))
    print(math.isclose(0.1 + 0.2, 0.3), math.inf > 1e308, math.isnan(math.nan), math.fabs(-2), math.tanh(0.0), math.pow(2, 3))
    from math import sin, cos
    print(round(sin(math.pi / 2), 6), cos(0))
  `,
    '4.0 3.141592653589793 -3 3 1.0 1.0 3.0\nTrue True True 2.0 0.0 8.0\n1.0 1.0\n',
  ],
  ['__name__ main', "if __name__ == '__main__':\n    print('main')", 'main\n'],
  [
    'string iteration and dict iteration order',
    "for ch in 'hi':\n    print(ch)\nfor k in {'b': 1, 'a': 2}:\n    print(k)",
    'h\ni\nb\na\n',
  ],
  [
    'nested data structures repr',
    "x = {'list': [1, (2, 3)], 'nested': {'t': (1,)}, 'f': 0.5}\nprint(x)",
    "{'list': [1, (2, 3)], 'nested': {'t': (1,)}, 'f': 0.5}\n",
  ],
  ['recursive list repr', 'a = [1]\na.append(a)\nprint(a)', '[1, [...]]\n'],
];

describe('evaluation matches CPython output', () => {
  test.each(cases)('%s', (_name, src, expected) => {
    expect(output(src)).toBe(expected);
  });
});
