/**
 * `np.random.default_rng(seed)` and its `Generator`: `random`, `uniform`, `integers`, `standard_normal`, `normal`,
 * `choice`, `permutation` and `shuffle`, drawn from PCG64 as NumPy draws them (`kernels/pcg64.ts`,
 * `numpySampling.ts`). Without a seed the entropy comes from the document's
 * pinned stream and the draws are marked as previews. Other methods are unknown (the class is lenient).
 */
import { Pcg64 } from '../kernels/pcg64';
import { markUnseeded, pinnedRandom53 } from '../ops/random';
import { pyError, TypeError, ValueError } from '../python/exceptions';
import { def, nativeClass } from '../python/native';
import { type PyClass, PyInstance, PyList, type PyValue } from '../python/values';
import { Tensor } from '../tensor/tensor';
import { NdArray, wrapNd } from './boxes';
import { dtypeArg, intArg, numberArg, shapeArg } from './convert';
import { choiceIndices, shuffleList, shuffleOrder, takeRows, tensorOf } from './numpySampling';

class GeneratorState {
  constructor(
    readonly bits: Pcg64,
    readonly unseeded: boolean,
  ) {}
}

let GeneratorClass: PyClass | undefined;

const stateOf = (self: PyValue): GeneratorState => (self as PyInstance).payload as GeneratorState;

/** A result array, marked as a preview when the generator is unseeded. */
function result(g: GeneratorState, t: Tensor, scalar = false): PyValue {
  return wrapNd(new NdArray(g.unseeded ? markUnseeded(t) : t, scalar));
}

const isIndex = (v: PyValue) => typeof v === 'bigint';

/** `n` draws as a Python float (size None) or a float64 array of `size`. */
function floats(
  g: GeneratorState,
  size: PyValue,
  draw: () => number,
  dtype: 'float64' | 'float32' = 'float64',
): PyValue {
  if (size === null) return draw();
  const shape = shapeArg(size);
  const n = shape.reduce((a, b) => a * b, 1);
  const data = dtype === 'float32' ? new Float32Array(n) : new Float64Array(n);
  for (let i = 0; i < n; i++) data[i] = draw();
  const t = new Tensor(dtype, shape, data);
  return wrapNd(new NdArray(g.unseeded ? markUnseeded(t) : t));
}

function generatorClass(): PyClass {
  GeneratorClass ??= nativeClass({
    name: 'Generator',
    module: 'numpy.random._generator',
    lenientAttributes: true,
    methods: {
      __repr__: def('__repr__(self)', () => 'Generator(PCG64)'),
      random: def('random(self, size=None, dtype=None, out=None)', ({ self, size, dtype }) => {
        const g = stateOf(self);
        const d = dtypeArg(dtype) ?? 'float64';
        if (d === 'float32') return floats(g, size, () => g.bits.float(), 'float32');
        if (d !== 'float64') throw pyError(TypeError, `Unsupported dtype dtype('${d}') for random`);
        return floats(g, size, () => g.bits.double());
      }),
      uniform: def('uniform(self, low=0.0, high=1.0, size=None)', ({ self, low, high, size }) => {
        const g = stateOf(self);
        const lo = numberArg(low);
        const range = numberArg(high) - lo;
        return floats(g, size, () => lo + range * g.bits.double());
      }),
      standard_normal: def('standard_normal(self, size=None, dtype=None, out=None)', ({ self, size, dtype }, ctx) => {
        const g = stateOf(self);
        const d = dtypeArg(dtype) ?? 'float64';
        if (d !== 'float64') return ctx.unsupported(`Generator.standard_normal(dtype=${d})`);
        return floats(g, size, () => g.bits.normal());
      }),
      normal: def('normal(self, loc=0.0, scale=1.0, size=None)', ({ self, loc, scale, size }) => {
        const g = stateOf(self);
        const m = numberArg(loc);
        const s = numberArg(scale);
        return floats(g, size, () => m + s * g.bits.normal());
      }),
      integers: def(
        'integers(self, low, high=None, size=None, dtype=None, endpoint=False)',
        ({ self, low, high, size, dtype, endpoint }, ctx) => {
          const g = stateOf(self);
          const d = dtypeArg(dtype) ?? 'int64';
          if (d !== 'int64' && d !== 'int32') return ctx.unsupported(`Generator.integers(dtype=${d})`);
          let lo = BigInt(intArg(low, 'low'));
          let hi = high === null ? lo : BigInt(intArg(high, 'high'));
          if (high === null) lo = 0n;
          if (endpoint !== true) hi -= 1n;
          if (hi < lo) throw pyError(ValueError, endpoint === true ? 'low > high' : 'high <= low');
          const draw = () => Number(g.bits.bounded(lo, hi - lo));
          const shape = size === null ? [] : shapeArg(size);
          const n = shape.reduce((a, b) => a * b, 1);
          const data = d === 'int32' ? new Int32Array(n) : new Float64Array(n);
          for (let i = 0; i < n; i++) data[i] = draw();
          const t = new Tensor(d, shape, data);
          return wrapNd(new NdArray(g.unseeded ? markUnseeded(t) : t, size === null));
        },
      ),
      choice: def(
        'choice(self, a, size=None, replace=True, p=None, axis=0, shuffle=True)',
        ({ self, a, size, replace, p, axis, shuffle }, ctx) => {
          const g = stateOf(self);
          if (intArg(axis, 'axis') !== 0) return ctx.unsupported('Generator.choice(axis != 0)');
          const pool = isIndex(a) ? null : tensorOf(a);
          if (pool && pool.rank === 0) throw pyError(ValueError, 'a must be a sequence or an integer, not 0-d array');
          const pop = pool ? pool.shape[0] : Number(a as bigint);
          if (!pool && pop < 0) throw pyError(ValueError, 'a must be a positive integer unless no samples are taken');
          const shape = size === null ? [] : shapeArg(size);
          const n = shape.reduce((x, y) => x * y, 1);
          if (pop === 0 && n > 0) throw pyError(ValueError, 'a cannot be empty unless no samples are taken');
          const idx = choiceIndices(g.bits, pop, n, replace !== false, p, shuffle !== false);
          if (!pool && size === null) return BigInt(idx[0]);
          const t = pool ? takeRows(pool, idx, shape) : new Tensor('int64', shape, Float64Array.from(idx));
          return result(g, t, size === null && t.rank === 0);
        },
      ),
      permutation: def('permutation(self, x, axis=0)', ({ self, x, axis }, ctx) => {
        const g = stateOf(self);
        if (intArg(axis, 'axis') !== 0) return ctx.unsupported('Generator.permutation(axis != 0)');
        if (isIndex(x)) {
          const n = Number(x as bigint);
          const all = new Tensor(
            'int64',
            [n],
            Float64Array.from({ length: n }, (_, i) => i),
          );
          return result(g, takeRows(all, shuffleOrder(g.bits, n), [n]));
        }
        const t = tensorOf(x);
        if (t.rank === 0) throw pyError(ValueError, 'x must be an integer or at least 1-dimensional');
        return result(g, takeRows(t, shuffleOrder(g.bits, t.shape[0]), [t.shape[0]]));
      }),
      shuffle: def('shuffle(self, x, axis=0)', ({ self, x, axis }, ctx) => {
        const g = stateOf(self);
        if (intArg(axis, 'axis') !== 0) return ctx.unsupported('Generator.shuffle(axis != 0)');
        if (x instanceof PyList) {
          shuffleList(g.bits, x);
          return null;
        }
        const arr = x instanceof PyInstance && x.payload instanceof NdArray ? x.payload : undefined;
        if (!arr) return ctx.unsupported('Generator.shuffle of a value that is not a NumPy array or a list');
        const t = arr.t;
        if (t.rank === 0) throw pyError(ValueError, 'array is 0-dimensional');
        arr.write(takeRows(t, shuffleOrder(g.bits, t.shape[0]), [t.shape[0]]).data);
        return null;
      }),
    },
  });
  return GeneratorClass;
}

/** `np.random.default_rng(seed=None)`. */
export const defaultRng = def('default_rng(seed=None)', ({ seed }) => {
  if (seed instanceof PyInstance && seed.payload instanceof GeneratorState) return seed;
  let entropy: bigint;
  let unseeded = false;
  if (seed === null) {
    entropy = (BigInt(pinnedRandom53()) << 53n) | BigInt(pinnedRandom53());
    unseeded = true;
  } else {
    entropy = BigInt(intArg(seed, 'seed'));
    if (entropy < 0n) throw pyError(ValueError, 'expected non-negative integer');
  }
  return new PyInstance(generatorClass(), new GeneratorState(new Pcg64(entropy), unseeded));
});
