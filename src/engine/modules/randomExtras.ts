/**
 * `tf.random.Generator` and the stateless random ops (`tf.random.stateless_normal`, `stateless_uniform`,
 * `stateless_truncated_normal`): thin adapters over `ops/random.ts`, which reproduces TF's Philox streams.
 */

import type { RandomKind } from '../kernels/random';
import { getGlobalGenerator, RandomGenerator, statelessRandom } from '../ops/random';
import { pyError, TypeError, ValueError } from '../python/exceptions';
import { type Args, def, nativeClass } from '../python/native';
import { type PyClass, PyInstance, PyList, PyTuple, type PyValue } from '../python/values';
import type { DType } from '../tensor/dtype';
import type { Tensor } from '../tensor/tensor';
import { wrapTensor } from './boxes';
import { dtypeArg, intArg, shapeArg, toTensor } from './convert';

const genOf = (self: PyValue): RandomGenerator => {
  const g = self instanceof PyInstance ? self.payload : undefined;
  if (!(g instanceof RandomGenerator)) throw pyError(TypeError, 'expected a tf.random.Generator');
  return g;
};

/** A `seed=` of a stateless op: a pair of ints (list, tuple or tensor). */
function seedPair(v: PyValue): (number | bigint)[] {
  if (v instanceof PyList || v instanceof PyTuple) return v.items.map((x) => BigInt(intArg(x, 'seed')));
  const t = toTensor(v);
  return Array.from(t.data as ArrayLike<number>, (x) => BigInt(x));
}

const dtypeOf = (v: PyValue): DType => dtypeArg(v) ?? 'float32';
/** A bound or moment as a tensor of the draw's dtype (`maxval=None`: 1, or an error for integers). */
const operand = (v: PyValue, d: DType): Tensor | null => (v === null ? null : toTensor(v, d));
const lowOf = (a: Args, d: DType) => operand(a.minval, d) ?? toTensor(0n, d);
const highOf = (a: Args, d: DType) => operand(a.maxval, d);

function statelessDef(name: string, kind: RandomKind, sig: string) {
  return def(`${name}(${sig})`, (a) => {
    const d = dtypeOf(a.dtype);
    if (kind === 'uniform')
      return wrapTensor(statelessRandom(kind, shapeArg(a.shape), seedPair(a.seed), d, lowOf(a, d), highOf(a, d)));
    return wrapTensor(
      statelessRandom(kind, shapeArg(a.shape), seedPair(a.seed), d, toTensor(a.mean, d), toTensor(a.stddev, d)),
    );
  });
}

let GeneratorClass: PyClass | undefined;

function wrapGenerator(g: RandomGenerator): PyInstance {
  return new PyInstance(GeneratorClass as PyClass, g);
}

export function randomExtras(): Record<string, PyValue> {
  GeneratorClass = nativeClass({
    name: 'Generator',
    module: 'tensorflow.python.ops.stateful_random_ops',
    methods: {
      __init__: def('__init__(self, copy_from=None, state=None, alg=None)', () => {
        throw pyError(
          ValueError,
          'Gradient Lens creates tf.random.Generator only with Generator.from_seed(...) or from_non_deterministic_state()',
        );
      }),
      normal: def("normal(self, shape, mean=0.0, stddev=1.0, dtype='float32', name=None)", (a) => {
        const d = dtypeOf(a.dtype);
        return wrapTensor(
          genOf(a.self).sample('normal', shapeArg(a.shape), d, toTensor(a.mean, d), toTensor(a.stddev, d)),
        );
      }),
      truncated_normal: def("truncated_normal(self, shape, mean=0.0, stddev=1.0, dtype='float32', name=None)", (a) => {
        const d = dtypeOf(a.dtype);
        return wrapTensor(
          genOf(a.self).sample('truncated', shapeArg(a.shape), d, toTensor(a.mean, d), toTensor(a.stddev, d)),
        );
      }),
      uniform: def("uniform(self, shape, minval=0, maxval=None, dtype='float32', name=None)", (a) => {
        const d = dtypeOf(a.dtype);
        return wrapTensor(genOf(a.self).sample('uniform', shapeArg(a.shape), d, lowOf(a, d), highOf(a, d)));
      }),
      split: def('split(self, count=1)', (a) => {
        const n = intArg(a.count, 'count');
        return new PyList(genOf(a.self).split(n).map(wrapGenerator));
      }),
    },
    classMethods: {
      from_seed: def('from_seed(cls, seed, alg=None)', (a) =>
        wrapGenerator(RandomGenerator.fromSeed(BigInt(intArg(a.seed, 'seed')))),
      ),
      from_non_deterministic_state: def('from_non_deterministic_state(cls, alg=None)', () =>
        wrapGenerator(RandomGenerator.pinnedState()),
      ),
    },
  });
  const SIG = "shape, seed, mean=0.0, stddev=1.0, dtype='float32', name=None, alg='auto_select'";
  return {
    Generator: GeneratorClass,
    get_global_generator: def('get_global_generator()', () => wrapGenerator(getGlobalGenerator())),
    stateless_normal: statelessDef('stateless_normal', 'normal', SIG),
    stateless_truncated_normal: statelessDef('stateless_truncated_normal', 'truncated', SIG),
    stateless_uniform: statelessDef(
      'stateless_uniform',
      'uniform',
      "shape, seed, minval=0, maxval=None, dtype='float32', name=None, alg='auto_select'",
    ),
  };
}
