# itertools, functools and operator as notebooks use them; docstrings of functions and classes.
# %%
import itertools, functools, operator
from itertools import product, combinations, permutations, chain, islice, accumulate, groupby, count, zip_longest, repeat, cycle, starmap, compress, takewhile, dropwhile, filterfalse, pairwise, combinations_with_replacement
print(list(product([1, 2], "ab")), list(product(range(2), repeat=2)))
print(list(combinations(range(4), 2)), list(permutations("abc", 2)), list(permutations(range(3))))
print(list(combinations_with_replacement("ab", 2)), list(combinations(range(2), 3)))
print(list(chain([1], (2, 3))), list(chain.from_iterable([[1], [2]])) if hasattr(chain, "from_iterable") else None)
print(list(islice(count(5, 2), 3)), list(islice("abcdefg", 1, 6, 2)), list(accumulate([1, 2, 3])), list(accumulate([1, 2, 3], max, initial=0)))
print([(k, list(g)) for k, g in groupby("aabccc")], [(k, len(list(g))) for k, g in groupby([1, 3, 2, 4], key=lambda x: x % 2)])
gs = list(groupby("aabb")); print([list(g) for k, g in gs])
print(list(zip_longest([1, 2, 3], "ab", fillvalue="-")), list(repeat(7, 3)), list(islice(cycle("ab"), 5)))
print(list(starmap(pow, [(2, 3), (3, 2)])), list(compress("abcd", [1, 0, 1, 0])), list(takewhile(lambda x: x < 3, [1, 2, 5, 1])), list(dropwhile(lambda x: x < 3, [1, 2, 5, 1])), list(filterfalse(None, [0, 1, 2])), list(pairwise("abc")))
print(functools.reduce(lambda a, b: a * b, [1, 2, 3, 4]), functools.reduce(operator.add, [], 10))
p = functools.partial(pow, 2); print(p(5), p.args)
# %%
calls = []
@functools.lru_cache(maxsize=None)
def fib(n):
    calls.append(n)
    return n if n < 2 else fib(n - 1) + fib(n - 2)
print(fib(20), len(calls))
@functools.cache
def sq(x):
    calls.append(x)
    return x * x
print(sq(3), sq(3), len(calls))
def deco(f):
    @functools.wraps(f)
    def w(*a):
        return f(*a)
    return w
@deco
def named(x):
    "doc"
    return x
class Doc:
    "class doc"
docs = [named.__doc__, Doc.__doc__, (lambda: 1).__doc__]
# %%
functools.reduce(operator.add, [])
# %%
list(permutations([1], -1))
# %%
list(product([1], repeat=-1))
# %%
sorted([(1, 'b'), (0, 'a')], key=operator.itemgetter(1))
