import { EngineError, opError } from '../errors';
import {
  fillRandom,
  fillUniformInt32,
  fillUniformInt64,
  NumpyLegacy,
  Philox,
  PyRandom,
  type RandomKind,
  shufflePermutation,
  statelessPhilox,
  words64,
} from '../kernels/random';
import { chargeAllocation, chargeWork } from '../limits';
import { allocate, type DType, isFloat, isInt, type NumericData, tfEnumName } from '../tensor/dtype';
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
  /**
   * Where unseeded randomness comes from: TF (and NumPy) seed it from the operating system, so every run of a
   * Python process differs. Here it is pinned per document, so an edit does not redraw every value on the screen.
   */
  pinned: PyRandom;
  /**
   * Python's global `random.Random` (the `random` module's functions; Keras draws its default seeds from it); null
   * until first use, then seeded from the pinned stream unless `random.seed(n)` came first.
   */
  python: PyRandom | null;
  pythonPinned: boolean;
  /** NumPy's global legacy `RandomState`; null until first use (then seeded from the pinned stream). */
  numpy: NumpyLegacy | null;
  numpySeeded: boolean;
}
const state: RandomState = {
  global: null,
  rng: null,
  kernels: new Map(),
  pinned: new PyRandom(0),
  python: null,
  pythonPinned: false,
  numpy: null,
  numpySeeded: false,
};

/** Tensors drawn from the pinned seed (their values are previews, not what an unseeded TF run would draw). */
const unseeded = new WeakSet<Tensor>();

/** Whether `t` was drawn without any seed (from the document's pinned seed). */
export function isUnseeded(t: Tensor): boolean {
  return unseeded.has(t);
}

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

/**
 * A fresh program: no global seed, no cached kernels (what a new Python process starts with), and unseeded draws
 * from `pinnedSeed` (derived from the document's name by `documentSeed`, so it is stable across edits and runs).
 */
export function resetRandomState(pinnedSeed: bigint = 0n): void {
  setSeed(null);
  state.pinned = new PyRandom(pinnedSeed);
  state.python = null;
  state.pythonPinned = false;
  state.numpy = null;
  state.numpySeeded = false;
  globalGenerator = undefined;
}

/** `np.random.seed(seed)`: an int in [0, 2**32) seeds MT19937 by `init_genrand`; None reseeds from the pinned stream. */
export function numpySeed(seed: bigint | null): void {
  if (seed === null) {
    state.numpy = null;
    state.numpySeeded = false;
    return;
  }
  if (seed < 0n || seed > 0xffffffffn) throw new EngineError('ValueError', 'Seed must be between 0 and 2**32 - 1');
  state.numpy = NumpyLegacy.seeded(Number(seed));
  state.numpySeeded = true;
}

/**
 * `n` draws of NumPy's global legacy generator: `random_sample` doubles or `legacy_gauss` normals. `unseeded`: the
 * generator was never seeded, so these are preview values from the document's pinned stream.
 */
export function numpyDraws(kind: 'double' | 'normal', n: number): { data: Float64Array; unseeded: boolean } {
  state.numpy ??= new NumpyLegacy(new PyRandom(BigInt(state.pinned.uint32())));
  const g = state.numpy;
  chargeAllocation(n, 8, 'np.random');
  const data = new Float64Array(n);
  for (let i = 0; i < n; i += CHUNK) {
    chargeWork(Math.min(CHUNK, n - i) * 20);
    const end = Math.min(n, i + CHUNK);
    for (let j = i; j < end; j++) data[j] = kind === 'double' ? g.double() : g.normal();
  }
  return { data, unseeded: !state.numpySeeded };
}

/** Draws between two budget polls. */
const CHUNK = 65536;

/** Marks an array computed from unseeded draws (the report shows it as a preview from the pinned seed). */
export function markUnseeded(t: Tensor): Tensor {
  unseeded.add(t);
  return t;
}

/** `random.seed(n)` (`null`: `random.seed()`, which CPython seeds from entropy: here the pinned stream). */
export function seedPythonRandom(seed: bigint | null): void {
  state.python = seed === null ? null : new PyRandom(seed);
  state.pythonPinned = false;
}

/** Python's global `random.Random`, and whether it draws from the pinned stream (its numbers are previews). */
export function pythonRandom(): { rng: PyRandom; pinned: boolean } {
  if (state.python === null) {
    state.python = new PyRandom(BigInt(pinnedRandom53()));
    state.pythonPinned = true;
  }
  return { rng: state.python, pinned: state.pythonPinned };
}

/** `keras.utils.set_random_seed(seed)`: Python's `random`, NumPy's and TensorFlow's global seeds at once. */
export function setAllSeeds(seed: bigint): void {
  seedPythonRandom(seed);
  numpySeed(seed);
  setSeed(seed);
}

/** The seed of a document's unseeded randomness: FNV-1a (64-bit) of its file name, without folders. */
export function documentSeed(document: string | undefined): bigint {
  const name = (document ?? '').split(/[\\/:]/).pop() ?? '';
  let h = 0xcbf29ce484222325n;
  for (let i = 0; i < name.length; i++) {
    h ^= BigInt(name.charCodeAt(i));
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return h;
}

/** 53 random bits from the pinned stream (what TF's `random::New64()` is for an unseeded kernel). */
export function pinnedRandom53(): number {
  return Math.floor(state.pinned.random() * 2 ** 53);
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

/** The cached kernel's generator for these attrs: returns its current state and skips `blocks` past it. */
export function reserve(op: string, dtype: DType, seed: number, seed2: number, blocks: number): Philox {
  const key = `${op}|${dtype}|${seed}|${seed2}`;
  let gen = state.kernels.get(key);
  if (!gen) {
    gen =
      seed === 0 && seed2 === 0 ? Philox.fromSeeds(pinnedRandom53(), pinnedRandom53()) : Philox.fromSeeds(seed, seed2);
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

const TF_TYPE = (d: DType): string => tfEnumName(d);

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
          `Could not find device for node: {{node ${name}}} = ${name}[T=DT_INT32, dtype=${TF_TYPE(dtype)}, seed=${seed}, seed2=${seed2}]`,
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

/** Marks a result drawn with seeds (0, 0), i.e. from the pinned stream. */
function marked(t: Tensor, seeds: readonly [number, number]): Tensor {
  if (seeds[0] === 0 && seeds[1] === 0) unseeded.add(t);
  return t;
}

/** The op's draw and its seeds (for `marked`). */
function generate(op: typeof RandomUniform, shape: ShapeLike, dtype: DType, seed: Seed): [Tensor, [number, number]] {
  const seeds = getSeed(seed);
  return [apply(op, [], { shape: shapeOf(shape), dtype, seed: seeds[0], seed2: seeds[1] }), seeds];
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
  const [r, seeds] = generate(RandomStandardNormal, shape, dtype, seed);
  return marked(add(mul(r, s), m), seeds);
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
  const [r, seeds] = generate(TruncatedNormal, shape, dtype, seed);
  return marked(add(mul(r, s), m), seeds);
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
    const seeds = getSeed(seed);
    const attrs = { shape: shapeOf(shape), dtype, seed: seeds[0], seed2: seeds[1] };
    return marked(apply(RandomUniformInt, [lo!, hi!], attrs), seeds);
  }
  const [result, seeds] = generate(RandomUniform, shape, dtype, seed);
  if (minIsZero) return marked(maxIsOne ? result : mul(result, hi!), seeds);
  return marked(add(mul(result, sub(hi!, lo!)), lo!), seeds);
}

/** `tf.random.shuffle(value, seed=None)`: shuffles along the first dimension. */
export function shuffle(value: TensorLike, seed?: Seed): Tensor {
  const t = toTensor(value);
  const seeds = getSeed(seed);
  return marked(apply(RandomShuffle, [t], { seed: seeds[0], seed2: seeds[1] }), seeds);
}

// ---- stateless ops and tf.random.Generator ------------------------------------------------------------------------

/** The distribution of a draw from an explicit Philox state, as TF's `*_v2` kernels fill it. */
function draw(
  kind: RandomKind | 'int',
  gen: Philox,
  shape: Shape,
  dtype: DType,
  lo: number | undefined,
  hi: number | undefined,
): Tensor {
  const n = sizeOf(shape);
  chargeAllocation(n, dtype === 'float64' || dtype === 'int64' ? 8 : 4, 'StatelessRandom');
  chargeWork(n * 20);
  const out = allocate(dtype, n) as NumericData;
  if (kind === 'int') {
    if (dtype === 'int32') fillUniformInt32(gen, n, lo as number, hi as number, out as Int32Array);
    else fillUniformInt64(gen, n, lo as number, hi as number, out as Float64Array);
  } else fillRandom(kind, gen, dtype === 'float64', n, out);
  return new Tensor(dtype, shape, out);
}

/** Scales a draw like the `tf.random.*` wrappers: `normal * stddev + mean`, `uniform * (hi - lo) + lo`. */
function scaled(
  kind: RandomKind | 'int',
  gen: Philox,
  shape: ShapeLike,
  dtype: DType,
  a: TensorLike,
  b: TensorLike | null,
): Tensor {
  const sh = shapeOf(shape);
  if (kind === 'int') {
    if (b === null) throw new EngineError('ValueError', `Must specify maxval for integer dtype tf.${dtype}`);
    const lo = Number(toTensor(a, dtype).data[0]);
    const hi = Number(toTensor(b, dtype).data[0]);
    if (!(lo < hi)) throw opError('StatelessRandomUniformIntV2', `Need minval < maxval: ${lo} >= ${hi}`);
    return draw('int', gen, sh, dtype, lo, hi);
  }
  const r = draw(kind, gen, sh, dtype, undefined, undefined);
  if (kind === 'uniform') {
    const lo = toTensor(a, dtype);
    const hi = toTensor(b ?? 1.0, dtype);
    return add(mul(r, sub(hi, lo)), lo);
  }
  return add(mul(r, toTensor(b ?? 1.0, dtype)), toTensor(a, dtype));
}

/** The kind of a `uniform` call: integer dtypes draw integers. */
const uniformKind = (dtype: DType): RandomKind | 'int' => (isInt(dtype) ? 'int' : 'uniform');

/**
 * `tf.random.stateless_normal` / `stateless_uniform` / `stateless_truncated_normal(shape, seed=[s0, s1], ...)`:
 * the same values for the same seed, whatever ran before (Philox keyed by `statelessPhilox`).
 */
export function statelessRandom(
  kind: RandomKind,
  shape: ShapeLike,
  seed: readonly (number | bigint)[],
  dtype: DType,
  a: TensorLike,
  b: TensorLike | null,
): Tensor {
  if (seed.length !== 2) throw new EngineError('ValueError', `seed must have shape [2], not [${seed.length}]`);
  const gen = statelessPhilox(seed[0], seed[1]);
  return scaled(kind === 'uniform' ? uniformKind(dtype) : kind, gen, shape, dtype, a, b);
}

/**
 * `tf.random.Generator` with the Philox algorithm: state `[counter_lo, counter_hi, key]` (uint64s). Each draw of
 * `n` elements reads the state, then advances the 128-bit counter by `256 * n` (TF's `UpdateVariableAndFill`).
 */
export class RandomGenerator {
  /** Drawn from the pinned stream (`from_non_deterministic_state`, the global generator): previews only. */
  readonly pinned: boolean;
  private readonly state: [bigint, bigint, bigint];

  constructor(state: readonly [bigint, bigint, bigint], pinned = false) {
    this.state = [state[0], state[1], state[2]];
    this.pinned = pinned;
  }

  /** `Generator.from_seed(seed)`: the state `[seed, 0, 0]` (the seed as a uint64). */
  static fromSeed(seed: number | bigint): RandomGenerator {
    return new RandomGenerator([BigInt.asUintN(64, BigInt(seed)), 0n, 0n]);
  }

  /** `from_non_deterministic_state()`: here a state from the document's pinned stream. */
  static pinnedState(): RandomGenerator {
    const w = () => (BigInt(state.pinned.uint32()) << 32n) | BigInt(state.pinned.uint32());
    return new RandomGenerator([w(), w(), w()], true);
  }

  /** The Philox generator at the current state, and the state advanced past `n` elements. */
  private take(n: number): Philox {
    const [c0, c1, key] = this.state;
    const k = words64(key);
    const p = new Philox(k[0], k[1]);
    const lo = words64(c0);
    const hi = words64(c1);
    p.counter[0] = lo[0];
    p.counter[1] = lo[1];
    p.counter[2] = hi[0];
    p.counter[3] = hi[1];
    const counter = ((c1 << 64n) | c0) + BigInt(n) * 256n;
    this.state[0] = BigInt.asUintN(64, counter);
    this.state[1] = BigInt.asUintN(64, counter >> 64n);
    return p;
  }

  private mark(t: Tensor): Tensor {
    if (this.pinned) unseeded.add(t);
    return t;
  }

  /** `normal`, `uniform` (integers for integer dtypes) and `truncated_normal`, scaled as `tf.random.*`. */
  sample(kind: RandomKind, shape: ShapeLike, dtype: DType, a: TensorLike, b: TensorLike | null): Tensor {
    const k = kind === 'uniform' ? uniformKind(dtype) : kind;
    return this.mark(scaled(k, this.take(sizeOf(shapeOf(shape))), shape, dtype, a, b));
  }

  /** `split(count)`: `count` int64 keys from `uniform_full_int`, each the key of a new generator `[0, 0, key]`. */
  split(count: number): RandomGenerator[] {
    const gen = this.take(count);
    const out: RandomGenerator[] = [];
    for (let i = 0; i < count; i += 2) {
      const s = gen.next();
      for (let j = 0; j < 2 && i + j < count; j++) {
        const key = (BigInt(s[2 * j + 1]) << 32n) | BigInt(s[2 * j]);
        out.push(new RandomGenerator([0n, 0n, key], this.pinned));
      }
    }
    return out;
  }
}

let globalGenerator: RandomGenerator | undefined;
/** `tf.random.get_global_generator()`: created from the pinned stream on first use in a run. */
export function getGlobalGenerator(): RandomGenerator {
  globalGenerator ??= RandomGenerator.pinnedState();
  return globalGenerator;
}

// ---- seeds of tf.data and of function graphs ----------------------------------------------------------------------

/**
 * The seeds of a stateful random op in a function graph traced afresh (a `tf.data` map function, instantiated anew
 * for each iterator): with a global seed, op seed 0 (a new graph's first op); without one, a draw from the pinned
 * stream. `unseeded` marks the latter.
 */
export function freshGraphSeeds(): { seed: number; seed2: number; unseeded: boolean } {
  if (state.global === null) return { seed: pinnedRandom53(), seed2: pinnedRandom53(), unseeded: true };
  const g = Number(truncate(state.global));
  return g === 0 ? { seed: 0, seed2: Number(MAXINT32), unseeded: false } : { seed: g, seed2: 0, unseeded: false };
}

/** `tf.random.shuffle(tf.range(n))` in a freshly traced function graph (Keras's data adapter, once per epoch). */
export function freshShufflePermutation(n: number): { perm: Int32Array; unseeded: boolean } {
  const s = freshGraphSeeds();
  chargeWork(n * 4);
  return { perm: shufflePermutation(Philox.fromSeeds(s.seed, s.seed2), n), unseeded: s.unseeded };
}

/**
 * The `(seed, seed2)` a `tf.data` op is built with (`tf.data`'s `get_seed`): `random_seed.get_seed(seed)`, with
 * `(None, None)` as `(0, 0)`, which the kernel replaces by random seeds (here: from the pinned stream).
 */
export function datasetSeeds(opSeed: Seed): { seed: number; seed2: number; unseeded: boolean } {
  const [seed, seed2] = getSeed(opSeed);
  if (seed === 0 && seed2 === 0) return { seed: pinnedRandom53(), seed2: pinnedRandom53(), unseeded: true };
  return { seed, seed2, unseeded: false };
}
