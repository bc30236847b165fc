/** The `functools` module: `reduce`, `partial`, `lru_cache`/`cache` (cached calls run once) and `wraps`. */
import { getAttr, setAttr } from './attributes';
import { dictSet } from './dict';
import { pyError, TypeError } from './exceptions';
import { getIter } from './iteration';
import { def, nativeClass, nativeModule } from './native';
import { hashKey } from './numbers';
import {
  PyBoundMethod,
  type PyClass,
  PyDict,
  PyFunction,
  PyInstance,
  type PyModule,
  PyNativeFunction,
  PyTuple,
  type PyValue,
} from './values';

interface Partial {
  func: PyValue;
  args: PyValue[];
  keywords: Map<string, PyValue>;
}

const partialOf = (self: PyValue): Partial => (self as PyInstance).payload as Partial;

function partialClass(): PyClass {
  return nativeClass({
    name: 'partial',
    module: 'functools',
    methods: {
      __call__: def('__call__(self, /, *args, **kwargs)', ({ self, args, kwargs }, ctx) => {
        const p = partialOf(self);
        const kw = new Map<string, PyValue>(p.keywords);
        for (const e of (kwargs as PyDict).map.values()) kw.set(e.key as string, e.value);
        return ctx.call(p.func, [...p.args, ...(args as PyTuple).items], kw);
      }),
      __repr__: def('__repr__(self)', ({ self }, ctx) => {
        const p = partialOf(self);
        const parts = [ctx.repr(p.func), ...p.args.map((a) => ctx.repr(a))];
        for (const [k, v] of p.keywords) parts.push(`${k}=${ctx.repr(v)}`);
        return `functools.partial(${parts.join(', ')})`;
      }),
    },
    getters: {
      func: (s) => partialOf(s).func,
      args: (s) => new PyTuple(partialOf(s).args),
      keywords: (s) => {
        const d = new PyDict();
        for (const [k, v] of partialOf(s).keywords) dictSet(d, k, v);
        return d;
      },
    },
  });
}

/**
 * A cached function: calls with equal (hashable) arguments run the function once; `maxsize` keeps that many
 * results, least recently used first out. Unhashable arguments raise CPython's TypeError.
 */
function cached(fn: PyValue, maxsize: number): PyValue {
  const cache = new Map<unknown, PyValue>();
  const name = (() => {
    try {
      return String(getAttr(fn, '__name__'));
    } catch {
      return 'wrapper';
    }
  })();
  const wrapper = new PyNativeFunction(name, (args, kwargs, callCtx) => {
    const key = hashKey(new PyTuple([...args, ...[...kwargs].flat()]));
    if (cache.has(key)) {
      const v = cache.get(key) as PyValue;
      cache.delete(key);
      cache.set(key, v);
      return v;
    }
    const v = callCtx.call(fn, args, kwargs);
    if (maxsize > 0) {
      cache.set(key, v);
      if (cache.size > maxsize) cache.delete(cache.keys().next().value);
    }
    return v;
  });
  return wrapper;
}

const isFunction = (v: PyValue): boolean =>
  v instanceof PyFunction || v instanceof PyNativeFunction || v instanceof PyBoundMethod || v instanceof PyInstance;

export function makeFunctoolsModule(): PyModule {
  const Partial = partialClass();
  return nativeModule(
    'functools',
    {
      reduce: def('reduce(function, iterable, /, *initial)', (a, ctx) => {
        const rest = (a.initial as PyTuple).items;
        if (rest.length > 1) throw pyError(TypeError, `reduce expected at most 3 arguments, got ${rest.length + 2}`);
        const it = getIter(a.iterable);
        let acc: PyValue | undefined = rest[0];
        if (acc === undefined) {
          acc = it.next();
          if (acc === undefined) throw pyError(TypeError, 'reduce() of empty iterable with no initial value');
        }
        for (let x = it.next(); x !== undefined; x = it.next()) acc = ctx.call(a.function, [acc, x]);
        return acc;
      }),
      partial: def('partial(func, /, *args, **keywords)', ({ func, args, keywords }) => {
        const kw = new Map<string, PyValue>();
        for (const e of (keywords as PyDict).map.values()) kw.set(e.key as string, e.value);
        const p: Partial = { func, args: [...(args as PyTuple).items], keywords: kw };
        return new PyInstance(Partial, p);
      }),
      cache: def('cache(user_function, /)', ({ user_function }) => cached(user_function, Number.POSITIVE_INFINITY)),
      lru_cache: def('lru_cache(maxsize=128, typed=False)', ({ maxsize }) => {
        let size: number;
        if (maxsize === null) size = Number.POSITIVE_INFINITY;
        else if (typeof maxsize === 'bigint') size = Math.max(0, Number(maxsize));
        else if (isFunction(maxsize))
          return cached(maxsize, 128); // `@lru_cache` without parentheses
        else throw pyError(TypeError, 'Expected first argument to be an integer, a callable, or None');
        return new PyNativeFunction('decorating_function', (args) => cached(args[0], size));
      }),
      wraps: def(
        'wraps(wrapped, assigned=None, updated=None)',
        ({ wrapped }) =>
          new PyNativeFunction('decorator', (args) => {
            const wrapper = args[0];
            for (const attr of ['__module__', '__name__', '__qualname__', '__doc__']) {
              try {
                setAttr(wrapper, attr, getAttr(wrapped, attr));
              } catch {
                // CPython skips attributes the wrapped object does not have.
              }
            }
            setAttr(wrapper, '__wrapped__', wrapped);
            return wrapper;
          }),
      ),
    },
    { strict: true },
  );
}
