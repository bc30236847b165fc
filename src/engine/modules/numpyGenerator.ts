/**
 * `np.random.default_rng(seed)` and its `Generator`: `random`, `uniform`, `integers`, `standard_normal`, `normal`,
 * drawn from PCG64 as NumPy draws them (`kernels/pcg64.ts`). Without a seed the entropy comes from the document's
 * pinned stream and the draws are marked as previews. Other methods are unknown (the class is lenient).
 */
import { Pcg64 } from '../kernels/pcg64';
import { markUnseeded, pinnedRandom53 } from '../ops/random';
import { pyError, ValueError } from '../python/exceptions';
import { def, nativeClass } from '../python/native';
import { type PyClass, PyInstance, type PyValue } from '../python/values';
import { Tensor } from '../tensor/tensor';
import { NdArray, wrapNd } from './boxes';
import { dtypeArg, intArg, numberArg, shapeArg } from './convert';

class GeneratorState {
  constructor(
    readonly bits: Pcg64,
    readonly unseeded: boolean,
  ) {}
}

let GeneratorClass: PyClass | undefined;

const stateOf = (self: PyValue): GeneratorState => (self as PyInstance).payload as GeneratorState;

/** `n` draws as a Python float (size None) or a float64 array of `size`. */
function floats(g: GeneratorState, size: PyValue, draw: () => number): PyValue {
  if (size === null) return draw();
  const shape = shapeArg(size);
  const n = shape.reduce((a, b) => a * b, 1);
  const data = new Float64Array(n);
  for (let i = 0; i < n; i++) data[i] = draw();
  const t = new Tensor('float64', shape, data);
  return wrapNd(new NdArray(g.unseeded ? markUnseeded(t) : t));
}

function generatorClass(): PyClass {
  GeneratorClass ??= nativeClass({
    name: 'Generator',
    module: 'numpy.random._generator',
    lenientAttributes: true,
    methods: {
      __repr__: def('__repr__(self)', () => 'Generator(PCG64)'),
      random: def('random(self, size=None, dtype=None, out=None)', ({ self, size }) => {
        const g = stateOf(self);
        return floats(g, size, () => g.bits.double());
      }),
      uniform: def('uniform(self, low=0.0, high=1.0, size=None)', ({ self, low, high, size }) => {
        const g = stateOf(self);
        const lo = numberArg(low);
        const range = numberArg(high) - lo;
        return floats(g, size, () => lo + range * g.bits.double());
      }),
      standard_normal: def('standard_normal(self, size=None, dtype=None, out=None)', ({ self, size }) => {
        const g = stateOf(self);
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
