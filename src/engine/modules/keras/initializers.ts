/**
 * `keras.initializers`: each initializer is a Python object holding its parameters and, for the random ones, an
 * int seed (drawn from Python's `random` at construction when none is given, as Keras 3 does) or a SeedGenerator.
 * Calling it gives `tf.random.stateless_*` values for that seed, so seeded values equal TensorFlow's.
 */

import { fill } from '../../ops/array';
import { cast } from '../../ops/math';
import { NotImplementedError, pyError, ValueError } from '../../python/exceptions';
import { def, nativeClass, nativeModule } from '../../python/native';
import { type CallContext, type PyClass, PyInstance, type PyModule, PyTuple, type PyValue } from '../../python/values';
import type { DType } from '../../tensor/dtype';
import { Tensor, Variable } from '../../tensor/tensor';
import { NdArray, wrapTensor } from '../boxes';
import { toTensor } from '../convert';
import { drawSeed, makeDefaultSeed, SeedGenerator, statelessNormal, statelessUniform } from './random';

type Dist = 'uniform' | 'truncated_normal' | 'untruncated_normal';
type Mode = 'fan_in' | 'fan_out' | 'fan_avg';

export type InitSpec =
  | { kind: 'constant'; value: PyValue }
  | { kind: 'random_normal' | 'truncated_normal'; mean: number; stddev: number; seed: number | SeedGenerator }
  | { kind: 'random_uniform'; minval: number; maxval: number; seed: number | SeedGenerator }
  | { kind: 'variance_scaling'; scale: number; mode: Mode; distribution: Dist; seed: number | SeedGenerator };

/** `compute_fans`: rank 0 → 1, 1; rank 1 → n, n; rank 2 → in, out; else times the receptive field. */
function fans(shape: number[]): [number, number] {
  if (shape.length < 1) return [1, 1];
  if (shape.length === 1) return [shape[0], shape[0]];
  if (shape.length === 2) return [shape[0], shape[1]];
  const receptive = shape.slice(0, -2).reduce((a, b) => a * b, 1);
  return [shape[shape.length - 2] * receptive, shape[shape.length - 1] * receptive];
}

export function runInitializer(spec: InitSpec, shape: number[], dtype: DType): Tensor {
  switch (spec.kind) {
    case 'constant': {
      const v = spec.value;
      if (v instanceof PyInstance) {
        const t = toTensor(v);
        return t.dtype === dtype ? t : cast(t, dtype);
      }
      return fill(shape, Number(v), dtype);
    }
    case 'random_normal':
      return statelessNormal(shape, spec.mean, spec.stddev, dtype, drawSeed(spec.seed));
    case 'truncated_normal':
      return statelessNormal(shape, spec.mean, spec.stddev, dtype, drawSeed(spec.seed), true);
    case 'random_uniform':
      return statelessUniform(shape, spec.minval, spec.maxval, dtype, drawSeed(spec.seed));
    case 'variance_scaling': {
      const [fanIn, fanOut] = fans(shape);
      let scale = spec.scale;
      if (spec.mode === 'fan_in') scale /= Math.max(1, fanIn);
      else if (spec.mode === 'fan_out') scale /= Math.max(1, fanOut);
      else scale /= Math.max(1, (fanIn + fanOut) / 2);
      if (spec.distribution === 'truncated_normal') {
        return statelessNormal(shape, 0, Math.sqrt(scale) / 0.8796256610342398, dtype, drawSeed(spec.seed), true);
      }
      if (spec.distribution === 'untruncated_normal') {
        return statelessNormal(shape, 0, Math.sqrt(scale), dtype, drawSeed(spec.seed));
      }
      const limit = Math.sqrt(3 * scale);
      return statelessUniform(shape, -limit, limit, dtype, drawSeed(spec.seed));
    }
  }
}

const initClasses = {} as Record<string, PyClass>;
const Initializer = (): PyClass => initClasses.Initializer;

function seedArg(seed: PyValue): number | SeedGenerator {
  if (seed === null) return makeDefaultSeed();
  if (typeof seed === 'bigint') return Number(seed);
  if (seed instanceof PyInstance && seed.payload instanceof SeedGenerator) return seed.payload;
  throw pyError(
    ValueError,
    `\`seed\` argument should be an instance of \`keras.random.SeedGenerator()\` or an integer. Received: seed=${String(seed)}`,
  );
}

const num = (v: PyValue): number => Number(v);

/** The class table: Python name, snake-case alias, signature, and how its arguments make a spec. */
const TABLE: [string, string, string, (a: Record<string, PyValue>) => InitSpec][] = [
  ['Zeros', 'zeros', '', () => ({ kind: 'constant', value: 0 })],
  ['Ones', 'ones', '', () => ({ kind: 'constant', value: 1 })],
  ['Constant', 'constant', 'value=0.0', (a) => ({ kind: 'constant', value: a.value })],
  [
    'RandomNormal',
    'random_normal',
    'mean=0.0, stddev=0.05, seed=None',
    (a) => ({ kind: 'random_normal', mean: num(a.mean), stddev: num(a.stddev), seed: seedArg(a.seed) }),
  ],
  [
    'TruncatedNormal',
    'truncated_normal',
    'mean=0.0, stddev=0.05, seed=None',
    (a) => ({ kind: 'truncated_normal', mean: num(a.mean), stddev: num(a.stddev), seed: seedArg(a.seed) }),
  ],
  [
    'RandomUniform',
    'random_uniform',
    'minval=-0.05, maxval=0.05, seed=None',
    (a) => ({ kind: 'random_uniform', minval: num(a.minval), maxval: num(a.maxval), seed: seedArg(a.seed) }),
  ],
  [
    'VarianceScaling',
    'variance_scaling',
    'scale=1.0, mode="fan_in", distribution="truncated_normal", seed=None',
    (a) => ({
      kind: 'variance_scaling',
      scale: num(a.scale),
      mode: String(a.mode) as Mode,
      distribution: (a.distribution === 'normal' ? 'truncated_normal' : String(a.distribution)) as Dist,
      seed: seedArg(a.seed),
    }),
  ],
  ...(
    [
      ['GlorotUniform', 'glorot_uniform', 1, 'fan_avg', 'uniform'],
      ['GlorotNormal', 'glorot_normal', 1, 'fan_avg', 'truncated_normal'],
      ['HeUniform', 'he_uniform', 2, 'fan_in', 'uniform'],
      ['HeNormal', 'he_normal', 2, 'fan_in', 'truncated_normal'],
      ['LecunUniform', 'lecun_uniform', 1, 'fan_in', 'uniform'],
      ['LecunNormal', 'lecun_normal', 1, 'fan_in', 'truncated_normal'],
    ] as const
  ).map(
    ([cls, alias, scale, mode, distribution]) =>
      [
        cls,
        alias,
        'seed=None',
        (a: Record<string, PyValue>): InitSpec => ({
          kind: 'variance_scaling',
          scale,
          mode,
          distribution,
          seed: seedArg(a.seed),
        }),
      ] as [string, string, string, (a: Record<string, PyValue>) => InitSpec],
  ),
];

const byAlias = new Map(TABLE.map((r) => [r[1], r] as const));
const byName = new Map(TABLE.map((r) => [r[0], r] as const));
byAlias.set('uniform', byName.get('RandomUniform') as (typeof TABLE)[number]);
byAlias.set('normal', byName.get('RandomNormal') as (typeof TABLE)[number]);

function newInitializer(row: (typeof TABLE)[number], a: Record<string, PyValue>): PyInstance {
  return new PyInstance(initClasses[row[0]], row[3](a));
}

/** `initializers.get(identifier)`: a name (a fresh instance, so a fresh default seed), an instance or a callable. */
export function getInitializer(id: PyValue, ctx: CallContext): PyValue {
  if (typeof id === 'string') {
    const row = byAlias.get(id) ?? byName.get(id);
    if (!row) throw pyError(ValueError, `Could not interpret initializer identifier: ${id}`);
    return newInitializer(row, { seed: null, value: 0, mean: 0, stddev: 0.05, minval: -0.05, maxval: 0.05 });
  }
  void ctx;
  return id;
}

/** The initial value for `shape`/`dtype` from an initializer name, object, callable, or a value. */
export function initialValue(init: PyValue, shape: number[], dtype: DType, ctx: CallContext, infer = false): Tensor {
  const i = typeof init === 'string' ? getInitializer(init, ctx) : init;
  if (i instanceof PyInstance && i.cls.isSubclassOf(Initializer()) && !hasPythonCall(i)) {
    return runInitializer(i.payload as InitSpec, shape, dtype);
  }
  if (!(i instanceof PyInstance) || isTensorPayload(i)) {
    const t = toTensor(i);
    return infer || t.dtype === dtype ? t : cast(t, dtype);
  }
  const out = ctx.call(i, [new PyTuple(shape.map((d) => BigInt(d)))], new Map([['dtype', dtype]]));
  return toTensor(out, dtype);
}

function isTensorPayload(i: PyInstance): boolean {
  return i.payload instanceof Tensor || i.payload instanceof Variable || i.payload instanceof NdArray;
}

/** A user subclass of `Initializer` that defines its own `__call__`. */
function hasPythonCall(i: PyInstance): boolean {
  return i.cls.lookup('__call__') !== Initializer().dict.get('__call__');
}

export function initializersModule(): PyModule {
  const base = nativeClass({
    name: 'Initializer',
    module: 'keras.src.initializers.initializer',
    methods: {
      __init__: def('__init__(self)', () => null),
      __call__: def('__call__(self, shape, dtype=None)', ({ self, shape, dtype }, ctx) => {
        const spec = (self as PyInstance).payload as InitSpec | undefined;
        if (!spec)
          throw pyError(NotImplementedError, `Initializer subclasses must implement the \`__call__()\` method.`);
        const dims = ctx.toArray(shape).map((d) => Number(d));
        return wrapTensor(runInitializer(spec, dims, (dtype === null ? 'float32' : String(dtype)) as DType));
      }),
    },
  });
  initClasses.Initializer = base;
  const attrs: Record<string, PyValue> = { Initializer: base };
  for (const row of TABLE) {
    const [name, alias, sig] = row;
    const cls = nativeClass({
      name,
      module: `keras.src.initializers`,
      bases: [base],
      methods: {
        __init__: def(`__init__(self${sig ? `, ${sig}` : ''})`, (a) => {
          (a.self as PyInstance).payload = row[3](a);
          return null;
        }),
      },
    });
    initClasses[name] = cls;
    attrs[name] = cls;
    attrs[alias] = cls;
  }
  attrs.get = def('get(identifier)', ({ identifier }, ctx) => getInitializer(identifier, ctx));
  return nativeModule('keras.initializers', attrs);
}
