/** The `itertools` module: CPython's iterators, lazily, with CPython's argument errors. */
import { pyError, TypeError, ValueError } from './exceptions';
import { getIter, iterate, iteratorOf } from './iteration';
import { def, nativeClass, nativeModule } from './native';
import { toIndex } from './numbers';
import { binaryOp, eqOp } from './operators';
import { runtime } from './runtime';
import { type CallContext, PyIterator, type PyModule, PyTuple, type PyValue } from './values';

const items = (t: PyValue): PyValue[] => (t as PyTuple).items.slice();

/** An optional non-negative count (`r=`, `times=`): CPython's texts for a negative one. */
function count(v: PyValue, what: string): number {
  const n = Number(toIndex(v));
  if (n < 0) throw pyError(ValueError, `${what} must be non-negative`);
  return n;
}

/** Index tuples of `r`-permutations of `n` items, in CPython's order. */
function* permutationIndices(n: number, r: number): Generator<number[]> {
  if (r > n) return;
  const indices = Array.from({ length: n }, (_, i) => i);
  const cycles = Array.from({ length: r }, (_, i) => n - i);
  yield indices.slice(0, r);
  for (;;) {
    let i = r - 1;
    for (; i >= 0; i--) {
      cycles[i]--;
      if (cycles[i] === 0) {
        indices.push(...indices.splice(i, 1));
        cycles[i] = n - i;
      } else {
        const j = cycles[i];
        [indices[i], indices[n - j]] = [indices[n - j], indices[i]];
        yield indices.slice(0, r);
        break;
      }
    }
    if (i < 0) return;
  }
}

/** Index tuples of `r`-combinations of `n` items (with replacement: non-decreasing), in CPython's order. */
function* combinationIndices(n: number, r: number, replace: boolean): Generator<number[]> {
  if (!replace && r > n) return;
  if (replace && n === 0 && r > 0) return;
  const indices = replace ? new Array<number>(r).fill(0) : Array.from({ length: r }, (_, i) => i);
  yield indices.slice();
  for (;;) {
    let i = r - 1;
    while (i >= 0 && indices[i] === (replace ? n - 1 : i + n - r)) i--;
    if (i < 0) return;
    if (replace) indices.fill(indices[i] + 1, i);
    else {
      indices[i]++;
      for (let j = i + 1; j < r; j++) indices[j] = indices[j - 1] + 1;
    }
    yield indices.slice();
  }
}

const pick = (pool: PyValue[], idx: number[]) => new PyTuple(idx.map((i) => pool[i]));

function islice(it: PyValue, args: PyValue[]): PyValue {
  const arg = (v: PyValue, name: string, min: number): number | null => {
    if (v === null) return null;
    if (typeof v !== 'bigint' && typeof v !== 'boolean') {
      throw pyError(ValueError, `${name} for islice() must be None or an integer: 0 <= x <= sys.maxsize.`);
    }
    const n = Number(v);
    if (n < min)
      throw pyError(ValueError, `${name} for islice() must be None or an integer: ${min} <= x <= sys.maxsize.`);
    return n;
  };
  let start = 0;
  let stop: number | null;
  let step = 1;
  if (args.length === 1) stop = arg(args[0], 'Stop argument', 0);
  else if (args.length === 2 || args.length === 3) {
    start = arg(args[0], 'Indices', 0) ?? 0;
    stop = arg(args[1], 'Stop argument', 0);
    if (args.length === 3) step = arg(args[2], 'Step', 1) ?? 1;
  } else throw pyError(TypeError, `islice expected at most 4 arguments, got ${args.length + 1}`);
  const source = getIter(it);
  return iteratorOf(
    (function* () {
      let next = start;
      for (let i = 0; stop === null || i < stop; i++) {
        const x = source.next();
        if (x === undefined) return;
        if (i === next) {
          yield x;
          next += step;
        }
      }
    })(),
    'islice',
  );
}

const chained = (iterables: readonly PyValue[]) =>
  iteratorOf(
    (function* () {
      for (const it of iterables) yield* iterate(it);
    })(),
    'chain',
  );

export function makeItertoolsModule(): PyModule {
  const rt = () => runtime();
  return nativeModule(
    'itertools',
    {
      count: def('count(start=0, step=1)', ({ start, step }) =>
        iteratorOf(
          (function* () {
            for (let x = start; ; x = binaryOp('+', x, step)) yield x;
          })(),
          'count',
        ),
      ),
      repeat: def('repeat(object, times=None)', ({ object, times }) => {
        const n = times === null ? Number.POSITIVE_INFINITY : Math.max(0, Number(toIndex(times)));
        return iteratorOf(
          (function* () {
            for (let i = 0; i < n; i++) yield object;
          })(),
          'repeat',
        );
      }),
      cycle: def('cycle(iterable, /)', ({ iterable }) => {
        const source = getIter(iterable);
        return iteratorOf(
          (function* () {
            const seen: PyValue[] = [];
            for (let x = source.next(); x !== undefined; x = source.next()) {
              seen.push(x);
              yield x;
            }
            if (seen.length === 0) return;
            for (;;) yield* seen;
          })(),
          'cycle',
        );
      }),
      accumulate: def('accumulate(iterable, func=None, *, initial=None)', ({ iterable, func, initial }, ctx) => {
        const source = getIter(iterable);
        return iteratorOf(
          (function* () {
            let acc = initial;
            if (acc !== null) yield acc;
            for (let x = source.next(); x !== undefined; x = source.next()) {
              acc = acc === null ? x : func === null ? binaryOp('+', acc, x) : ctx.call(func, [acc, x]);
              yield acc;
            }
          })(),
          'accumulate',
        );
      }),
      chain: nativeClass({
        name: 'chain',
        module: 'itertools',
        construct: (_cls, args) => chained(args),
        classMethods: {
          from_iterable: def('from_iterable(cls, iterable, /)', ({ iterable }) => {
            const outer = getIter(iterable);
            return iteratorOf(
              (function* () {
                for (let it = outer.next(); it !== undefined; it = outer.next()) yield* iterate(it);
              })(),
              'chain',
            );
          }),
        },
      }),
      compress: def('compress(data, selectors)', ({ data, selectors }, ctx) => {
        const d = getIter(data);
        const s = getIter(selectors);
        return iteratorOf(
          (function* () {
            for (;;) {
              const x = d.next();
              const keep = s.next();
              if (x === undefined || keep === undefined) return;
              if (ctx.truthy(keep)) yield x;
            }
          })(),
          'compress',
        );
      }),
      dropwhile: def('dropwhile(predicate, iterable, /)', ({ predicate, iterable }, ctx) => {
        const source = getIter(iterable);
        return iteratorOf(
          (function* () {
            let dropping = true;
            for (let x = source.next(); x !== undefined; x = source.next()) {
              if (dropping && ctx.truthy(ctx.call(predicate, [x]))) continue;
              dropping = false;
              yield x;
            }
          })(),
          'dropwhile',
        );
      }),
      takewhile: def('takewhile(predicate, iterable, /)', ({ predicate, iterable }, ctx) => {
        const source = getIter(iterable);
        return iteratorOf(
          (function* () {
            for (let x = source.next(); x !== undefined; x = source.next()) {
              if (!ctx.truthy(ctx.call(predicate, [x]))) return;
              yield x;
            }
          })(),
          'takewhile',
        );
      }),
      filterfalse: def('filterfalse(function, iterable, /)', ({ function: f, iterable }, ctx) => {
        const source = getIter(iterable);
        return iteratorOf(
          (function* () {
            for (let x = source.next(); x !== undefined; x = source.next()) {
              if (!ctx.truthy(f === null ? x : ctx.call(f, [x]))) yield x;
            }
          })(),
          'filterfalse',
        );
      }),
      starmap: def('starmap(function, iterable, /)', ({ function: f, iterable }, ctx) => {
        const source = getIter(iterable);
        return iteratorOf(
          (function* () {
            for (let x = source.next(); x !== undefined; x = source.next()) yield ctx.call(f, ctx.toArray(x));
          })(),
          'starmap',
        );
      }),
      pairwise: def('pairwise(iterable, /)', ({ iterable }) => {
        const source = getIter(iterable);
        return iteratorOf(
          (function* () {
            let prev = source.next();
            if (prev === undefined) return;
            for (let x = source.next(); x !== undefined; x = source.next()) {
              yield new PyTuple([prev, x]);
              prev = x;
            }
          })(),
          'pairwise',
        );
      }),
      groupby: def('groupby(iterable, key=None)', ({ iterable, key }, ctx) => groupby(iterable, key, ctx)),
      islice: def('islice(iterable, /, *args)', ({ iterable, args }) => islice(iterable, items(args))),
      zip_longest: def('zip_longest(*iterables, fillvalue=None)', ({ iterables, fillvalue }) => {
        const iters: (ReturnType<typeof getIter> | null)[] = items(iterables).map((x) => getIter(x));
        return iteratorOf(
          (function* () {
            if (iters.length === 0) return;
            for (;;) {
              let live = 0;
              const row = iters.map((it, i) => {
                const x = it?.next();
                if (x === undefined) {
                  iters[i] = null;
                  return fillvalue;
                }
                live++;
                return x;
              });
              if (live === 0) return;
              rt().tick();
              yield new PyTuple(row);
            }
          })(),
          'zip_longest',
        );
      }),
      product: def('product(*iterables, repeat=1)', ({ iterables, repeat }) => {
        const pools = items(iterables).map((x) => [...iterate(x)]);
        const r = Number(toIndex(repeat));
        if (r < 0) throw pyError(ValueError, 'repeat argument cannot be negative');
        const all = Array.from({ length: r }, () => pools).flat();
        return iteratorOf(
          (function* () {
            if (all.some((p) => p.length === 0)) return;
            const idx = new Array<number>(all.length).fill(0);
            for (;;) {
              yield new PyTuple(idx.map((k, i) => all[i][k]));
              let i = idx.length - 1;
              for (; i >= 0; i--) {
                idx[i]++;
                if (idx[i] < all[i].length) break;
                idx[i] = 0;
              }
              if (i < 0) return;
            }
          })(),
          'product',
        );
      }),
      permutations: def('permutations(iterable, r=None)', ({ iterable, r }) => {
        const pool = [...iterate(iterable)];
        const n = r === null ? pool.length : count(r, 'r');
        return iteratorOf(
          (function* () {
            for (const idx of permutationIndices(pool.length, n)) yield pick(pool, idx);
          })(),
          'permutations',
        );
      }),
      combinations: def('combinations(iterable, r)', ({ iterable, r }) => {
        const pool = [...iterate(iterable)];
        const n = count(r, 'r');
        return iteratorOf(
          (function* () {
            for (const idx of combinationIndices(pool.length, n, false)) yield pick(pool, idx);
          })(),
          'combinations',
        );
      }),
      combinations_with_replacement: def('combinations_with_replacement(iterable, r)', ({ iterable, r }) => {
        const pool = [...iterate(iterable)];
        const n = count(r, 'r');
        return iteratorOf(
          (function* () {
            for (const idx of combinationIndices(pool.length, n, true)) yield pick(pool, idx);
          })(),
          'combinations_with_replacement',
        );
      }),
    },
    { strict: true },
  );
}

/** `groupby`: (key, group) pairs of consecutive items with equal keys; each group is a list-backed iterator. */
function groupby(iterable: PyValue, key: PyValue, ctx: CallContext): PyValue {
  const source = getIter(iterable);
  return iteratorOf(
    (function* () {
      let x = source.next();
      // As in CPython, a group is over once the next one is asked for: what was not read of it is gone.
      let current = { live: false };
      while (x !== undefined) {
        current.live = false;
        const k = key === null ? x : ctx.call(key, [x]);
        const group: PyValue[] = [x];
        for (x = source.next(); x !== undefined; x = source.next()) {
          const kx = key === null ? x : ctx.call(key, [x]);
          if (!ctx.truthy(eqOp(kx, k))) break;
          group.push(x);
        }
        const state = { live: true };
        current = state;
        let i = 0;
        yield new PyTuple([
          k,
          new PyIterator(() => (state.live && i < group.length ? group[i++] : undefined), '_grouper'),
        ]);
      }
      current.live = false;
    })(),
    'groupby',
  );
}
