/**
 * Python's `random` module, number for number with CPython 3.11 for int seeds: `seed`, `random`, `uniform`,
 * `getrandbits`, `randrange`, `randint`, `choice`, `choices`, `shuffle`, `sample`, and `random.Random` instances.
 * The module's functions share one global generator with Keras's default seeds (as in CPython, where Keras calls
 * `random.randint`); unseeded, it starts from the document's pinned stream. Draws that need the platform's `log`,
 * `cos` and `sin` (`gauss`, `normalvariate`, ...) and seeds CPython hashes (str, bytes, non-integral floats) are not
 * supported: their values would not be Python's to the last bit.
 */
import { PyRandom } from '../kernels/random';
import { pinnedRandom53, pythonRandom, seedPythonRandom } from '../ops/random';
import { pyLen } from '../python/builtins';
import { IndexError, pyError, TypeError, ValueError } from '../python/exceptions';
import { def, nativeClass, nativeModule } from '../python/native';
import { toFloat } from '../python/numbers';
import { intFloorDiv } from '../python/operators';
import {
  type CallContext,
  type PyInstance,
  PyList,
  type PyModule,
  PyRange,
  PyTuple,
  PyUnknown,
  type PyValue,
} from '../python/values';

/** A sequence the draws can index: its length and its item at an index. */
interface Seq {
  length: number;
  at: (i: number) => PyValue;
}

function sequence(v: PyValue): Seq | undefined {
  if (v instanceof PyList || v instanceof PyTuple) return { length: v.items.length, at: (i) => v.items[i] };
  if (typeof v === 'string') {
    const chars = Array.from(v);
    return { length: chars.length, at: (i) => chars[i] };
  }
  if (v instanceof PyRange) {
    return { length: pyLen(v), at: (i) => v.start + v.step * BigInt(i) };
  }
  return undefined;
}

/** An int argument as `operator.index` takes it (bool included); undefined for anything else. */
const index = (v: PyValue): bigint | undefined =>
  typeof v === 'bigint' ? v : typeof v === 'boolean' ? (v ? 1n : 0n) : undefined;

/** `random.seed(a)`'s value for the generator: the int, or null for None; undefined when not supported here. */
function seedOf(a: PyValue): bigint | null | undefined {
  if (a === null) return null;
  const i = index(a);
  if (i !== undefined) return i < 0n ? -i : i;
  if (typeof a === 'number') return Number.isInteger(a) ? (a < 0 ? BigInt(-a) : BigInt(a)) : undefined;
  if (typeof a === 'string' || a instanceof PyUnknown) return undefined;
  throw pyError(TypeError, 'The only supported seed types are: None,\nint, float, str, bytes, and bytearray.');
}

function randrange(g: PyRandom, start: PyValue, stop: PyValue, step: PyValue): bigint {
  const istart = index(start);
  if (istart === undefined) throw pyError(ValueError, 'non-integer arg 1 for randrange()');
  if (stop === null) {
    if (step !== 1n) throw pyError(TypeError, 'Missing a non-None stop argument');
    if (istart > 0n) return g.randbelow(istart);
    throw pyError(ValueError, 'empty range for randrange()');
  }
  const istop = index(stop);
  if (istop === undefined) throw pyError(ValueError, 'non-integer stop for randrange()');
  const width = istop - istart;
  const istep = index(step);
  if (istep === undefined) throw pyError(ValueError, 'non-integer step for randrange()');
  if (istep === 1n) {
    if (width > 0n) return istart + g.randbelow(width);
    throw pyError(ValueError, `empty range for randrange() (${istart}, ${istop}, ${width})`);
  }
  if (istep === 0n) throw pyError(ValueError, 'zero step for randrange()');
  const n = istep > 0n ? intFloorDiv(width + istep - 1n, istep) : intFloorDiv(width + istep + 1n, istep);
  if (n <= 0n) throw pyError(ValueError, 'empty range for randrange()');
  return istart + istep * g.randbelow(n);
}

function sample(g: PyRandom, population: PyValue, kv: PyValue): PyValue {
  const seq = sequence(population);
  if (seq === undefined) throw pyError(TypeError, 'Population must be a sequence.  For dicts or sets, use sorted(d).');
  const n = seq.length;
  const k = index(kv);
  if (k === undefined)
    throw pyError(
      TypeError,
      `'${typeof kv === 'number' ? 'float' : 'object'}' object cannot be interpreted as an integer`,
    );
  if (k < 0n || k > BigInt(n)) throw pyError(ValueError, 'Sample larger than population or is negative');
  const kn = Number(k);
  const result: PyValue[] = new Array(kn);
  let setsize = 21;
  if (kn > 5) setsize += 4 ** Math.ceil(Math.log(kn * 3) / Math.log(4));
  if (n <= setsize) {
    const pool = Array.from({ length: n }, (_, i) => seq.at(i));
    for (let i = 0; i < kn; i++) {
      const j = Number(g.randbelow(BigInt(n - i)));
      result[i] = pool[j];
      pool[j] = pool[n - i - 1];
    }
  } else {
    const selected = new Set<number>();
    for (let i = 0; i < kn; i++) {
      let j = Number(g.randbelow(BigInt(n)));
      while (selected.has(j)) j = Number(g.randbelow(BigInt(n)));
      selected.add(j);
      result[i] = seq.at(j);
    }
  }
  return new PyList(result);
}

function choices(
  g: PyRandom,
  population: PyValue,
  weights: PyValue,
  cumWeights: PyValue,
  k: PyValue,
  ctx: CallContext,
): PyValue {
  const seq = sequence(population);
  if (seq === undefined) return ctx.unsupported('random.choices of this population');
  const n = seq.length;
  const count = index(k);
  if (count === undefined)
    throw pyError(
      TypeError,
      `'${typeof k === 'number' ? 'float' : 'object'}' object cannot be interpreted as an integer`,
    );
  const out: PyValue[] = [];
  if (cumWeights === null && weights === null) {
    for (let i = 0n; i < count; i++) out.push(seq.at(Math.floor(g.random() * n)));
    return new PyList(out);
  }
  if (cumWeights !== null && weights !== null) {
    throw pyError(TypeError, 'Cannot specify both weights and cumulative weights');
  }
  let cum: number[];
  if (cumWeights === null) {
    let acc = 0;
    cum = ctx.toArray(weights).map((w) => (acc += toFloat(w)));
  } else cum = ctx.toArray(cumWeights).map(toFloat);
  if (cum.length !== n) throw pyError(ValueError, 'The number of weights does not match the population');
  const total = cum[n - 1] + 0.0;
  if (total <= 0) throw pyError(ValueError, 'Total of weights must be greater than zero');
  if (!Number.isFinite(total)) throw pyError(ValueError, 'Total of weights must be finite');
  for (let i = 0n; i < count; i++) out.push(seq.at(bisectRight(cum, g.random() * total, 0, n - 1)));
  return new PyList(out);
}

/** Python's `bisect.bisect_right(a, x, lo, hi)` on numbers. */
function bisectRight(a: readonly number[], x: number, lo: number, hi: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (x < a[mid]) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** The draws of one generator (`g()`: the module's global one, or a `Random` instance's). */
function draws(g: (self: PyValue) => PyRandom, reseed: (self: PyValue, seed: bigint | null) => void, method: boolean) {
  const self = method ? 'self, ' : '';
  return {
    seed: def(`seed(${self}a=None, version=2)`, (a, ctx) => {
      const s = seedOf(a.a);
      if (s === undefined) return ctx.unsupported('random.seed of a str, bytes or non-integral float');
      reseed(a.self, s);
      return null;
    }),
    random: def(`random(${self.replace(', ', '')})`, (a) => g(a.self).random()),
    uniform: def(`uniform(${self}a, b)`, (a) => {
      const lo = toFloat(a.a);
      return lo + (toFloat(a.b) - lo) * g(a.self).random();
    }),
    getrandbits: def(`getrandbits(${self}k, /)`, (a) => {
      const k = index(a.k);
      if (k === undefined)
        throw pyError(
          TypeError,
          `'${typeof a.k === 'number' ? 'float' : 'object'}' object cannot be interpreted as an integer`,
        );
      if (k < 0n) throw pyError(ValueError, 'number of bits must be non-negative');
      return g(a.self).getrandbits(Number(k));
    }),
    randrange: def(`randrange(${self}start, stop=None, step=1)`, (a) => randrange(g(a.self), a.start, a.stop, a.step)),
    randint: def(`randint(${self}a, b)`, (a) => {
      const b = index(a.b);
      return randrange(g(a.self), a.a, b === undefined ? a.b : b + 1n, 1n);
    }),
    choice: def(`choice(${self}seq)`, (a, ctx) => {
      const seq = sequence(a.seq);
      if (seq === undefined) return ctx.unsupported('random.choice of this sequence');
      if (seq.length === 0) throw pyError(IndexError, 'Cannot choose from an empty sequence');
      return seq.at(Number(g(a.self).randbelow(BigInt(seq.length))));
    }),
    choices: def(`choices(${self}population, weights=None, *, cum_weights=None, k=1)`, (a, ctx) =>
      choices(g(a.self), a.population, a.weights, a.cum_weights, a.k, ctx),
    ),
    shuffle: def(`shuffle(${self}x)`, (a, ctx) => {
      if (!(a.x instanceof PyList)) return ctx.unsupported('random.shuffle of anything but a list');
      const items = a.x.items;
      const r = g(a.self);
      for (let i = items.length - 1; i >= 1; i--) {
        const j = Number(r.randbelow(BigInt(i + 1)));
        [items[i], items[j]] = [items[j], items[i]];
      }
      return null;
    }),
    sample: def(`sample(${self}population, k, *, counts=None)`, (a, ctx) =>
      a.counts === null ? sample(g(a.self), a.population, a.k) : ctx.unsupported('random.sample with counts'),
    ),
  };
}

function generatorOf(self: PyValue): PyRandom {
  const g = (self as PyInstance).payload;
  if (g instanceof PyUnknown) throw g;
  return g as PyRandom;
}

export function pyRandomModule(): PyModule {
  const global = () => pythonRandom().rng;
  const RandomClass = nativeClass({
    name: 'Random',
    module: 'random',
    methods: {
      __init__: def('__init__(self, x=None)', ({ self, x }, ctx) => {
        const s = seedOf(x);
        // Seeded in a way not supported here: every draw of the instance is unknown.
        (self as PyInstance).payload =
          s === undefined
            ? ctx.unsupported('random.Random seeded with a str, bytes or non-integral float')
            : new PyRandom(s ?? BigInt(pinnedRandom53()));
        return null;
      }),
      ...draws(
        generatorOf,
        (self, seed) => {
          (self as PyInstance).payload = new PyRandom(seed ?? BigInt(pinnedRandom53()));
        },
        true,
      ),
    },
  });
  return nativeModule('random', {
    Random: RandomClass,
    ...draws(global, (_self, seed) => seedPythonRandom(seed), false),
  });
}
