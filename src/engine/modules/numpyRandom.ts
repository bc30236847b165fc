/**
 * `np.random`: NumPy's legacy global `RandomState` (`seed`, `rand`, `randn`, `random`, `random_sample`,
 * `standard_normal`, `normal`, `uniform`), number for number (MT19937, `random_sample`, `legacy_gauss`; see
 * `kernels/random.ts`). Unseeded draws come from the document's pinned stream and are marked as previews.
 */
import { markUnseeded, numpyDraws, numpySeed } from '../ops/random';
import { def, nativeModule } from '../python/native';
import type { PyModule, PyTuple, PyValue } from '../python/values';
import { Tensor } from '../tensor/tensor';
import { NdArray, wrapNd } from './boxes';
import { intArg, numberArg, shapeArg } from './convert';
import { defaultRng } from './numpyGenerator';

/** The `size=` of a draw: None is one Python float, an int or a tuple a shape. */
function sizeShape(v: PyValue): number[] | null {
  return v === null ? null : shapeArg(v);
}

/** `n` draws mapped through `f`, as a float or an array of `shape`. */
function drawn(kind: 'double' | 'normal', shape: number[] | null, f: (x: number) => number): PyValue {
  const n = shape === null ? 1 : shape.reduce((a, b) => a * b, 1);
  const { data, unseeded } = numpyDraws(kind, n);
  for (let i = 0; i < n; i++) data[i] = f(data[i]);
  if (shape === null) return data[0];
  const t = new Tensor('float64', shape, data);
  return wrapNd(new NdArray(unseeded ? markUnseeded(t) : t));
}

const same = (x: number) => x;
/** `rand(d0, d1, ...)` / `randn(d0, ...)`: the dimensions as separate arguments; none is a float. */
const dims = (args: PyValue): number[] | null => {
  const items = (args as PyTuple).items;
  return items.length === 0 ? null : items.map((d) => intArg(d, 'd'));
};

export function numpyRandomModule(): PyModule {
  return nativeModule('numpy.random', {
    default_rng: defaultRng,
    seed: def('seed(seed=None)', (a) => {
      numpySeed(a.seed === null ? null : BigInt(intArg(a.seed, 'seed')));
      return null;
    }),
    rand: def('rand(*args)', (a) => drawn('double', dims(a.args), same)),
    randn: def('randn(*args)', (a) => drawn('normal', dims(a.args), same)),
    random: def('random(size=None)', (a) => drawn('double', sizeShape(a.size), same)),
    random_sample: def('random_sample(size=None)', (a) => drawn('double', sizeShape(a.size), same)),
    standard_normal: def('standard_normal(size=None)', (a) => drawn('normal', sizeShape(a.size), same)),
    normal: def('normal(loc=0.0, scale=1.0, size=None)', (a) => {
      const loc = numberArg(a.loc);
      const scale = numberArg(a.scale);
      return drawn('normal', sizeShape(a.size), (x) => loc + scale * x);
    }),
    uniform: def('uniform(low=0.0, high=1.0, size=None)', (a) => {
      const low = numberArg(a.low);
      const range = numberArg(a.high) - low;
      return drawn('double', sizeShape(a.size), (x) => low + range * x);
    }),
  });
}
