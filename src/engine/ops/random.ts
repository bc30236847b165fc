import { EngineError, opError } from '../errors';
import {
  fillRandom,
  fillUniformInt32,
  fillUniformInt64,
  Philox,
  PyRandom,
  type RandomKind,
  shufflePermutation,
} from '../kernels/random';
import { allocate, type DType, isFloat, isInt, type NumericData } from '../tensor/dtype';
import { type Shape, shapeText, sizeOf } from '../tensor/shape';
import { Tensor } from '../tensor/tensor';
import { type TensorLike, toTensor } from './convert';
import type { OpDisplay } from './display';
import { add, mul, sub } from './math';
import { apply, defineOp } from './registry';

/**
 * TF's stateful random ops in eager mode, number for number (verified against TF's published outputs):
 * - seeds as `random_seed.get_seed`: global seed + op seed; with only a global seed the op seed is drawn from
 *   `random.Random(global_seed).randint(0, 2**31 - 1)` (the eager context's `internal_operation_seed`); with only an
 *   op seed the global seed is `DEFAULT_GRAPH_SEED`; `(0, 0)` becomes `(0, 2**31 - 1)`; `(None, None)` is a random seed;
 * - eager kernel caching: ops with the same type, dtype and seeds share one Philox generator that advances
 *   `256 * n` blocks per call (so `uniform([1], seed=1)` twice gives two different values); `setSeed` resets it.
 */

const MAXINT32 = 2147483647n;
const DEFAULT_GRAPH_SEED = 87654321n;

interface RandomState {
  global: bigint | null;
  rng: PyRandom | null;
  /** The eager kernel cache: one generator per (op, dtype, seed, seed2). */
  kernels: Map<string, Philox>;
}
const state: RandomState = { global: null, rng: null, kernels: new Map() };

type Seed = number | bigint | null | undefined;

function seedInt(s: number | bigint, arg: string): bigint {
  if (typeof s === 'number' && !Number.isInteger(s)) {
    throw new EngineError('TypeError', `Expected int for argument '${arg}' not ${s}.`);
  }
  return BigInt(s);
}

const truncate = (s: bigint): bigint => ((s % MAXINT32) + MAXINT32) % MAXINT32;

/** `tf.random.set_seed(seed)`: sets the global seed, restarts the op-seed stream and clears every kernel's counter. */
export function setSeed(seed: Seed): void {
  state.kernels.clear();
  if (seed === null || seed === undefined) {
    state.global = null;
    state.rng = null;
    return;
  }
  state.global = seedInt(seed, 'seed');
  state.rng = new PyRandom(state.global);
}

/** A fresh program: no global seed, no cached kernels (what a new Python process starts with). */
export function resetRandomState(): void {
  setSeed(null);
}

/** `random_seed.get_seed(op_seed)` → `[seed, seed2]` attrs; `[0, 0]` means "pick random seeds" (TF's None, None). */
export function getSeed(opSeed?: Seed): [number, number] {
  let seeds: [bigint, bigint];
  if (state.global !== null && state.rng) {
    const op = opSeed === null || opSeed === undefined ? BigInt(state.rng.randint31()) : seedInt(opSeed, 'seed');
    seeds = [truncate(state.global), truncate(op)];
  } else if (opSeed !== null && opSeed !== undefined) {
    seeds = [DEFAULT_GRAPH_SEED, truncate(seedInt(opSeed, 'seed'))];
  } else return [0, 0];
  if (seeds[0] === 0n && seeds[1] === 0n) return [0, Number(MAXINT32)];
  return [Number(seeds[0]), Number(seeds[1])];
}

const random53 = (): number => Math.floor(Math.random() * 2 ** 53);

/** The cached kernel's generator for these attrs: returns its current state and skips `blocks` past it. */
function reserve(op: string, dtype: DType, seed: number, seed2: number, blocks: number): Philox {
  const key = `${op}|${dtype}|${seed}|${seed2}`;
  let gen = state.kernels.get(key);
  if (!gen) {
    gen = seed === 0 && seed2 === 0 ? Philox.fromSeeds(random53(), random53()) : Philox.fromSeeds(seed, seed2);
    state.kernels.set(key, gen);
  }
  const local = gen.clone();
  gen.skip(blocks);
  return local;
}

// ---- primitives ---------------------------------------------------------------------------------------------------

interface RandomAttrs {
  shape: Shape;
  dtype: DType;
  seed: number;
  seed2: number;
}

const TF_TYPE: Record<DType, string> = {
  float32: 'DT_FLOAT',
  float64: 'DT_DOUBLE',
  int32: 'DT_INT32',
  int64: 'DT_INT64',
  bool: 'DT_BOOL',
  string: 'DT_STRING',
};

function checkShape(op: string, shape: Shape): void {
  for (const d of shape) {
    if (!Number.isInteger(d) || d < 0) throw opError(op, `Dimension ${d} must be >= 0`);
  }
}

function randomOp(name: string, display: OpDisplay, kind: RandomKind) {
  return defineOp<RandomAttrs>({
    name,
    display,
    infer: (_i, { shape, dtype, seed, seed2 }) => {
      checkShape(name, shape);
      if (!isFloat(dtype)) {
        throw opError(
          name,
          `Could not find device for node: {{node ${name}}} = ${name}[T=DT_INT32, dtype=${TF_TYPE[dtype]}, seed=${seed}, seed2=${seed2}]`,
          'NotFoundError',
        );
      }
      return { shape, dtype };
    },
    kernel: (_i, { seed, seed2 }, shape, dtype) => {
      const n = sizeOf(shape);
      const out = allocate(dtype, n) as NumericData;
      fillRandom(kind, reserve(name, dtype, seed, seed2, n * 256), dtype === 'float64', n, out);
      return out;
    },
    vjp: 'none',
  });
}

export const RandomUniform = randomOp('RandomUniform', { api: 'tf.random.uniform' }, 'uniform');
export const RandomStandardNormal = randomOp('RandomStandardNormal', { api: 'tf.random.normal' }, 'normal');
export const TruncatedNormal = randomOp('TruncatedNormal', { api: 'tf.random.truncated_normal' }, 'truncated');

/** `RandomUniformInt(shape, minval, maxval)`: `minval + bits % (maxval - minval)`. */
export const RandomUniformInt = defineOp<RandomAttrs>({
  name: 'RandomUniformInt',
  display: { api: 'tf.random.uniform' },
  infer: ([lo, hi], { shape, dtype }) => {
    checkShape('RandomUniformInt', shape);
    if (lo.rank !== 0) throw opError('RandomUniformInt', `minval must be 0-D, got shape ${shapeText(lo.shape)}`);
    if (hi.rank !== 0) throw opError('RandomUniformInt', `maxval must be 0-D, got shape ${shapeText(hi.shape)}`);
    if (sizeOf(shape) > 0 && !(lo.num() < hi.num())) {
      throw opError('RandomUniformInt', `Need minval < maxval: ${lo.num()} >= ${hi.num()}`);
    }
    return { shape, dtype };
  },
  kernel: ([lo, hi], { seed, seed2 }, shape, dtype) => {
    const n = sizeOf(shape);
    const out = allocate(dtype, n);
    if (n === 0) return out;
    const gen = reserve('RandomUniformInt', dtype, seed, seed2, n * 256);
    if (dtype === 'int32') fillUniformInt32(gen, n, lo.num(), hi.num(), out as Int32Array);
    else fillUniformInt64(gen, n, lo.num(), hi.num(), out as Float64Array);
    return out;
  },
  vjp: 'none',
});

/** `RandomShuffle`: permutes the first axis. TF registers no gradient for it (LookupError when differentiated). */
export const RandomShuffle = defineOp<{ seed: number; seed2: number }>({
  name: 'RandomShuffle',
  display: { api: 'tf.random.shuffle' },
  infer: ([x]) => {
    if (x.rank < 1) throw opError('RandomShuffle', `input must be at least 1-D, got shape ${shapeText(x.shape)}`);
    return { shape: x.shape, dtype: x.dtype };
  },
  kernel: ([x], { seed, seed2 }, shape, dtype) => {
    const n = shape[0];
    if (x.size <= 1 || n <= 1) return x.data;
    const perm = shufflePermutation(reserve('RandomShuffle', dtype, seed, seed2, Math.floor((n - 1 + 3) / 4)), n);
    const inner = x.size / n;
    const src = x.data as ArrayLike<number | string>;
    const out = allocate(dtype, x.size) as (number | string)[];
    for (let i = 0; i < n; i++) {
      const from = perm[i] * inner;
      for (let k = 0; k < inner; k++) out[i * inner + k] = src[from + k];
    }
    return out as unknown as NumericData;
  },
});

// ---- tf.random.* ----------------------------------------------------------------------------------------------------

/** A shape argument: a JS list of ints, or an int tensor. */
export type ShapeLike = readonly number[] | Tensor;

function shapeOf(s: ShapeLike): number[] {
  if (s instanceof Tensor) return Array.from(s.data as NumericData, Number);
  return [...s];
}

function generate(op: typeof RandomUniform, shape: ShapeLike, dtype: DType, seed: Seed): Tensor {
  const [s1, s2] = getSeed(seed);
  return apply(op, [], { shape: shapeOf(shape), dtype, seed: s1, seed2: s2 });
}

/** `tf.random.normal(shape, mean=0.0, stddev=1.0, dtype=tf.float32, seed=None)`: `rnd * stddev + mean`. */
export function randomNormal(
  shape: ShapeLike,
  mean: TensorLike = 0.0,
  stddev: TensorLike = 1.0,
  dtype: DType = 'float32',
  seed?: Seed,
): Tensor {
  const m = toTensor(mean, dtype);
  const s = toTensor(stddev, dtype);
  return add(mul(generate(RandomStandardNormal, shape, dtype, seed), s), m);
}

/** `tf.random.truncated_normal(shape, mean=0.0, stddev=1.0, dtype=tf.float32, seed=None)`: redraws beyond 2 stddev. */
export function truncatedNormal(
  shape: ShapeLike,
  mean: TensorLike = 0.0,
  stddev: TensorLike = 1.0,
  dtype: DType = 'float32',
  seed?: Seed,
): Tensor {
  const m = toTensor(mean, dtype);
  const s = toTensor(stddev, dtype);
  return add(mul(generate(TruncatedNormal, shape, dtype, seed), s), m);
}

const ACCEPTED = '(tf.float16, tf.bfloat16, tf.float32, tf.float64, tf.int32, tf.int64)';

/**
 * `tf.random.uniform(shape, minval=0, maxval=None, dtype=tf.float32, seed=None)`. JS `bigint` is a Python int:
 * the default `0` / `1` bounds skip the scaling exactly as TF's `minval_is_zero` / `maxval_is_one` tests do.
 */
export function randomUniform(
  shape: ShapeLike,
  minval: TensorLike = 0n,
  maxval: TensorLike | null = null,
  dtype: DType = 'float32',
  seed?: Seed,
): Tensor {
  if (!isFloat(dtype) && !isInt(dtype)) {
    throw new EngineError(
      'ValueError',
      `Argument \`dtype\` got invalid value <dtype: '${dtype}'>. Accepted dtypes are ${ACCEPTED}.`,
    );
  }
  if (maxval === null) {
    if (isInt(dtype)) throw new EngineError('ValueError', `Must specify maxval for integer dtype tf.${dtype}`);
    maxval = 1n;
  }
  const minIsZero = minval === 0n || minval === false;
  const maxIsOne = maxval === 1n || maxval === true;
  let lo: Tensor | undefined;
  let hi: Tensor | undefined;
  if (!minIsZero || !maxIsOne || isInt(dtype)) {
    lo = toTensor(minval, dtype);
    hi = toTensor(maxval, dtype);
  }
  if (isInt(dtype)) {
    const [s1, s2] = getSeed(seed);
    return apply(RandomUniformInt, [lo!, hi!], { shape: shapeOf(shape), dtype, seed: s1, seed2: s2 });
  }
  const result = generate(RandomUniform, shape, dtype, seed);
  if (minIsZero) return maxIsOne ? result : mul(result, hi!);
  return add(mul(result, sub(hi!, lo!)), lo!);
}

/** `tf.random.shuffle(value, seed=None)`: shuffles along the first dimension. */
export function shuffle(value: TensorLike, seed?: Seed): Tensor {
  const t = toTensor(value);
  const [s1, s2] = getSeed(seed);
  return apply(RandomShuffle, [t], { seed: s1, seed2: s2 });
}
