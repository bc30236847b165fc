/**
 * Keras 3's random numbers on the TensorFlow backend: every draw is a `tf.random.stateless_*` op whose seed is
 * `[seed, 0]` for an int seed, or the state of a `SeedGenerator`; unseeded initializers and generators take a
 * default seed from Python's `random.randint(1, 10**9)`, which `keras.utils.set_random_seed(n)` seeds (else the
 * document's pinned stream does).
 */
import { fillRandom, Philox, philoxBlock, type RandomKind } from '../../kernels/random';
import { add, mul } from '../../ops/math';
import { markUnseeded, pythonRandom } from '../../ops/random';
import { allocate, type DType, type NumericData } from '../../tensor/dtype';
import { type Shape, sizeOf } from '../../tensor/shape';
import { Tensor, type Variable } from '../../tensor/tensor';

/** Default seeds drawn while Python's `random` was unseeded (from the pinned stream): what they seed is a preview. */
const pinnedSeeds = new Set<number>();

/** A fresh program. */
export function resetKerasRandom(): void {
  pinnedSeeds.clear();
}

/** `random.randint(1, int(1e9))` on Python's global `random`: `1 + _randbelow(10**9)` with 30-bit draws. */
export function makeDefaultSeed(): number {
  const { rng, pinned } = pythonRandom();
  const n = 1e9;
  for (;;) {
    const r = rng.uint32() >>> 2;
    if (r < n) {
      if (pinned) pinnedSeeds.add(1 + r);
      return 1 + r;
    }
  }
}

/** A draw whose seed came from the unseeded (pinned) Python stream is a preview. */
function marked(t: Tensor, seed: [number, number]): Tensor {
  return pinnedSeeds.has(seed[0]) ? markUnseeded(t) : t;
}

/**
 * TF's `GenerateKey` for a stateless seed pair: the seeds form a counter under a fixed key, and one Philox block of
 * it gives the generator's key (words 0–1) and the high half of its counter (words 2–3).
 */
function statelessGenerator(seed0: number, seed1: number): Philox {
  const ctr = [seed0 >>> 0, Math.floor(seed0 / 4294967296) >>> 0, seed1 >>> 0, Math.floor(seed1 / 4294967296) >>> 0];
  if (seed0 < 0) ctr[1] = 0xffffffff;
  if (seed1 < 0) ctr[3] = 0xffffffff;
  const mix = new Uint32Array(4);
  philoxBlock(ctr, 0x3ec8f720, 0x02461e29, mix);
  const gen = new Philox(mix[0], mix[1]);
  gen.counter[2] = mix[2];
  gen.counter[3] = mix[3];
  return gen;
}

/** The raw samples of `tf.random.stateless_{uniform,normal,truncated_normal}` in [0, 1) or N(0, 1). */
function statelessRaw(kind: RandomKind, shape: Shape, dtype: DType, seed: [number, number]): Tensor {
  const n = sizeOf(shape);
  const out = allocate(dtype, n) as NumericData;
  fillRandom(kind, statelessGenerator(seed[0], seed[1]), dtype === 'float64', n, out);
  return new Tensor(dtype, shape, out);
}

/** `tf.random.stateless_uniform(shape, seed, minval, maxval)`: `rnd * (maxval - minval) + minval`. */
export function statelessUniform(shape: Shape, lo: number, hi: number, dtype: DType, seed: [number, number]): Tensor {
  const f = dtype === 'float32' ? Math.fround : (x: number) => x;
  const [l, h] = [f(lo), f(hi)];
  return marked(add(mul(statelessRaw('uniform', shape, dtype, seed), f(h - l)), l), seed);
}

/** `tf.random.stateless_normal` / `stateless_truncated_normal`: `rnd * stddev + mean`. */
export function statelessNormal(
  shape: Shape,
  mean: number,
  stddev: number,
  dtype: DType,
  seed: [number, number],
  truncated = false,
): Tensor {
  return marked(add(mul(statelessRaw(truncated ? 'truncated' : 'normal', shape, dtype, seed), stddev), mean), seed);
}

/**
 * `keras.random.SeedGenerator(seed)`: a state `[seed, 0]`; each draw uses the current state and then adds
 * `[0, 1]` to it.
 */
export class SeedGenerator {
  state: [number, number];
  /** The int64 `seed_generator_state` variable that shows the state to Python (set by its owner). */
  variable: Variable | null = null;
  /** Its Python object (a `keras.Variable`). */
  pyVariable: unknown = null;
  constructor(seed: number | null) {
    this.state = [seed ?? makeDefaultSeed(), 0];
  }
  next(): [number, number] {
    const s: [number, number] = [this.state[0], this.state[1]];
    this.state = [s[0], s[1] + 1];
    if (this.variable) this.variable.value = new Tensor('int64', [2], Float64Array.from(this.state));
    return s;
  }
}

/** Keras's `draw_seed` then `_cast_seed`: an int seed is `[seed, 0]`; int64 states are taken mod 2^31 - 2. */
export function drawSeed(seed: number | SeedGenerator): [number, number] {
  const s: [number, number] = seed instanceof SeedGenerator ? seed.next() : [seed, 0];
  const m = 2147483646;
  return [((s[0] % m) + m) % m, ((s[1] % m) + m) % m];
}
