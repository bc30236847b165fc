/**
 * Random-number kernels that reproduce TensorFlow's CPU streams:
 * - Philox4x32-10 (Salmon et al., Random123), with TF's key/counter layout (`PhiloxRandom(seed, seed2)`: key = seed,
 *   counter words 2..3 = seed2) and its 128-bit `Skip`;
 * - TF's conversions (`Uint32ToFloat`, `Uint64ToDouble`, `BoxMullerFloat`/`BoxMullerDouble`, the truncated-normal
 *   rejection loop over a `SingleSampleAdapter`) and `FillPhiloxRandomTask`'s group layout;
 * - CPython's Mersenne Twister (`random.Random(seed)`), which TF's eager context uses to pick operation seeds.
 */

const M_A = 0xd2511f53;
const M_B = 0xcd9e8d57;
const W_A = 0x9e3779b9;
const W_B = 0xbb67ae85;

/** High 32 bits of the 64-bit product of two uint32s. */
function mulhi(a: number, b: number): number {
  const aLo = a & 0xffff;
  const aHi = a >>> 16;
  const bLo = b & 0xffff;
  const bHi = b >>> 16;
  const loLo = aLo * bLo;
  const hiLo = aHi * bLo;
  const loHi = aLo * bHi;
  const cross = (loLo >>> 16) + (hiLo & 0xffff) + loHi;
  return (aHi * bHi + (hiLo >>> 16) + Math.floor(cross / 65536)) >>> 0;
}

/** One Philox4x32-10 block: `ctr` (4 words) under `key` (2 words) into `out` (4 words). */
export function philoxBlock(ctr: ArrayLike<number>, k0: number, k1: number, out: Uint32Array): void {
  let c0 = ctr[0] >>> 0;
  let c1 = ctr[1] >>> 0;
  let c2 = ctr[2] >>> 0;
  let c3 = ctr[3] >>> 0;
  for (let r = 0; r < 10; r++) {
    if (r > 0) {
      k0 = (k0 + W_A) >>> 0;
      k1 = (k1 + W_B) >>> 0;
    }
    const hi0 = mulhi(M_A, c0);
    const lo0 = Math.imul(M_A, c0) >>> 0;
    const hi1 = mulhi(M_B, c2);
    const lo1 = Math.imul(M_B, c2) >>> 0;
    c0 = (hi1 ^ c1 ^ k0) >>> 0;
    c1 = lo1;
    c2 = (hi0 ^ c3 ^ k1) >>> 0;
    c3 = lo0;
  }
  out[0] = c0;
  out[1] = c1;
  out[2] = c2;
  out[3] = c3;
}

/** TF's `random::PhiloxRandom`: a 128-bit counter and a 64-bit key; each call yields 4 uint32s. */
export class Philox {
  readonly counter = new Uint32Array(4);
  private readonly block = new Uint32Array(4);
  constructor(
    readonly k0: number,
    readonly k1: number,
  ) {}

  /** `PhiloxRandom(seed_lo, seed_hi)`: key from `seed`, counter words 2..3 from `seed2` (both taken as uint64). */
  static fromSeeds(seed: number, seed2: number): Philox {
    const [s0, s1] = split64(seed);
    const [t0, t1] = split64(seed2);
    const p = new Philox(s0, s1);
    p.counter[2] = t0;
    p.counter[3] = t1;
    return p;
  }

  clone(): Philox {
    const p = new Philox(this.k0, this.k1);
    p.counter.set(this.counter);
    return p;
  }

  /** The next 4 uint32s (the returned array is reused by the next call). */
  next(): Uint32Array {
    philoxBlock(this.counter, this.k0, this.k1, this.block);
    this.skip(1);
    return this.block;
  }

  /** Advance the 128-bit counter by `count` blocks (TF `Skip`: carries from the low 64 bits into the high 64). */
  skip(count: number): void {
    const c = this.counter;
    const lo = count % 4294967296;
    let hi = Math.floor(count / 4294967296);
    const s0 = c[0] + lo;
    c[0] = s0 >>> 0;
    if (s0 > 0xffffffff) hi++;
    const s1 = c[1] + hi;
    c[1] = s1 >>> 0;
    if (s1 > 0xffffffff) {
      c[2] = (c[2] + 1) >>> 0;
      if (c[2] === 0) c[3] = (c[3] + 1) >>> 0;
    }
  }
}

/** A non-negative integer below 2^64 (exact below 2^53) as two uint32 words, low first. */
function split64(v: number): [number, number] {
  return [(v % 4294967296) >>> 0, Math.floor(v / 4294967296) >>> 0];
}

/** TF `SingleSampleAdapter<PhiloxRandom>`: the generator's words one at a time. */
export class SingleSample {
  private buf: Uint32Array = new Uint32Array(0);
  private used = 4;
  constructor(private readonly gen: Philox) {}
  /** Forget buffered words (after the generator was repositioned). */
  reset(): void {
    this.used = 4;
  }
  next(): number {
    if (this.used === 4) {
      this.buf = this.gen.next();
      this.used = 0;
    }
    return this.buf[this.used++];
  }
}

// ---- conversions (TF random_distributions.h) -----------------------------------------------------------------------

/** `Uint32ToFloat`: 23 random mantissa bits as a float in [0, 1) (exact). */
export const uint32ToFloat = (x: number): number => (x & 0x7fffff) / 8388608;
/** `Uint64ToDouble`: 52 random mantissa bits (20 from `x0`, 32 from `x1`) as a double in [0, 1) (exact). */
export const uint64ToDouble = (x0: number, x1: number): number => ((x0 & 0xfffff) * 4294967296 + x1) / 4503599627370496;

const F32_EPS = Math.fround(1e-7);
const TWO_PI = 2 * Math.PI;

/** `BoxMullerFloat`: two float32 normals from two uint32s, each step rounded as the float32 C code rounds it. */
function boxMullerFloat(x0: number, x1: number, out: Float64Array, at: number): void {
  let u1 = uint32ToFloat(x0);
  if (u1 < F32_EPS) u1 = F32_EPS;
  const v1 = Math.fround(TWO_PI * uint32ToFloat(x1));
  const u2 = Math.fround(Math.sqrt(Math.fround(-2 * Math.fround(Math.log(u1)))));
  out[at] = Math.fround(Math.fround(Math.sin(v1)) * u2);
  out[at + 1] = Math.fround(Math.fround(Math.cos(v1)) * u2);
}

/** `BoxMullerDouble`: two float64 normals from four uint32s. */
function boxMullerDouble(x0: number, x1: number, x2: number, x3: number, out: Float64Array, at: number): void {
  let u1 = uint64ToDouble(x0, x1);
  if (u1 < 1e-7) u1 = 1e-7;
  const v1 = TWO_PI * uint64ToDouble(x2, x3);
  const u2 = Math.sqrt(-2 * Math.log(u1));
  out[at] = Math.sin(v1) * u2;
  out[at + 1] = Math.cos(v1) * u2;
}

// ---- fills (TF random_op_cpu.h FillPhiloxRandomTask) -----------------------------------------------------------------

/** A distribution: how many outputs one group yields, and how to draw a group. */
interface Dist {
  group: number;
  draw(gen: Philox, out: Float64Array): void;
}

const uniformF32: Dist = {
  group: 4,
  draw(gen, out) {
    const s = gen.next();
    for (let i = 0; i < 4; i++) out[i] = uint32ToFloat(s[i]);
  },
};
const uniformF64: Dist = {
  group: 2,
  draw(gen, out) {
    const s = gen.next();
    out[0] = uint64ToDouble(s[0], s[1]);
    out[1] = uint64ToDouble(s[2], s[3]);
  },
};
const normalF32: Dist = {
  group: 4,
  draw(gen, out) {
    const s = gen.next();
    boxMullerFloat(s[0], s[1], out, 0);
    boxMullerFloat(s[2], s[3], out, 2);
  },
};
const normalF64: Dist = {
  group: 2,
  draw(gen, out) {
    const s = gen.next();
    boxMullerDouble(s[0], s[1], s[2], s[3], out, 0);
  },
};

/** Fixed samples per output: group g consumes block g of the reserved range. */
function fillFixed(gen: Philox, n: number, dist: Dist, out: { [i: number]: number }): void {
  const g = gen.clone();
  const buf = new Float64Array(dist.group);
  for (let off = 0; off < n; off += dist.group) {
    dist.draw(g, buf);
    const m = Math.min(dist.group, n - off);
    for (let i = 0; i < m; i++) out[off + i] = buf[i];
  }
}

/** The truncated normal: rejection beyond 2 stddev; group g restarts at block g * 256 * group / 4 of the range. */
function fillTruncated(gen: Philox, n: number, double: boolean, out: { [i: number]: number }): void {
  const group = double ? 2 : 4;
  const skipPerGroup = (group * 256) / 4;
  const pair = new Float64Array(2);
  const g = gen.clone();
  const single = new SingleSample(g);
  for (let gi = 0, off = 0; off < n; gi++, off += group) {
    g.counter.set(gen.counter);
    g.skip(gi * skipPerGroup);
    single.reset();
    let k = 0;
    while (k < group) {
      if (double) boxMullerDouble(single.next(), single.next(), single.next(), single.next(), pair, 0);
      else boxMullerFloat(single.next(), single.next(), pair, 0);
      for (let i = 0; i < 2 && k < group; i++) {
        if (Math.abs(pair[i]) < 2) {
          if (off + k < n) out[off + k] = pair[i];
          k++;
        }
      }
    }
  }
}

export type RandomKind = 'uniform' | 'normal' | 'truncated';

/** Fill `out` (length n) from the reserved generator state `gen` (not advanced here). */
export function fillRandom(
  kind: RandomKind,
  gen: Philox,
  double: boolean,
  n: number,
  out: { [i: number]: number },
): void {
  if (kind === 'truncated') fillTruncated(gen, n, double, out);
  else if (kind === 'uniform') fillFixed(gen, n, double ? uniformF64 : uniformF32, out);
  else fillFixed(gen, n, double ? normalF64 : normalF32, out);
}

/** `UniformDistribution<int32>`: `lo + sample % range` (range as uint32), 4 per block. */
export function fillUniformInt32(gen: Philox, n: number, lo: number, hi: number, out: Int32Array): void {
  const g = gen.clone();
  const range = (hi - lo) >>> 0;
  for (let off = 0; off < n; off += 4) {
    const s = g.next();
    for (let i = 0; i < 4 && off + i < n; i++) out[off + i] = (lo + (s[i] % range)) | 0;
  }
}

/** `UniformDistribution<int64>`: 64-bit samples (low word first), `lo + bits % range`, 2 per block. */
export function fillUniformInt64(gen: Philox, n: number, lo: number, hi: number, out: Float64Array): void {
  const g = gen.clone();
  const range = BigInt(hi) - BigInt(lo);
  const lob = BigInt(lo);
  for (let off = 0; off < n; off += 2) {
    const s = g.next();
    for (let i = 0; i < 2 && off + i < n; i++) {
      const bits = (BigInt(s[2 * i + 1]) << 32n) | BigInt(s[2 * i]);
      out[off + i] = Number(lob + (bits % range));
    }
  }
}

/** `RandomShuffle`'s permutation: Fisher-Yates forwards, `j = i + single() % (n - i)`. */
export function shufflePermutation(gen: Philox, n: number): Int32Array {
  const perm = new Int32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  const single = new SingleSample(gen.clone());
  for (let i = 0; i < n - 1; i++) {
    const j = i + (single.next() % (n - i));
    const t = perm[i];
    perm[i] = perm[j];
    perm[j] = t;
  }
  return perm;
}

// ---- CPython's random.Random (MT19937 with init_by_array) -----------------------------------------------------------

const N = 624;

/** CPython's `random.Random(seed)` for an int seed: its integer draws and `random()`. */
export class PyRandom {
  private readonly mt = new Uint32Array(N);
  private mti = N + 1;

  constructor(seed: number | bigint) {
    let v = BigInt(seed);
    if (v < 0n) v = -v;
    const key: number[] = [];
    do {
      key.push(Number(v & 0xffffffffn));
      v >>= 32n;
    } while (v > 0n);
    this.initByArray(key);
  }

  /** MT19937 seeded with `init_genrand(seed)` (NumPy's legacy `RandomState.seed(int)`), not CPython's array seeding. */
  static fromGenrand(seed: number): PyRandom {
    const r = new PyRandom(0);
    r.initGenrand(seed);
    return r;
  }

  private initGenrand(s: number): void {
    const mt = this.mt;
    mt[0] = s >>> 0;
    for (let i = 1; i < N; i++) {
      const p = mt[i - 1] ^ (mt[i - 1] >>> 30);
      mt[i] = (Math.imul(1812433253, p) + i) >>> 0;
    }
    this.mti = N;
  }

  private initByArray(key: number[]): void {
    const mt = this.mt;
    this.initGenrand(19650218);
    let i = 1;
    let j = 0;
    for (let k = Math.max(N, key.length); k > 0; k--) {
      const p = mt[i - 1] ^ (mt[i - 1] >>> 30);
      mt[i] = ((mt[i] ^ Math.imul(p, 1664525)) + key[j] + j) >>> 0;
      i++;
      j++;
      if (i >= N) {
        mt[0] = mt[N - 1];
        i = 1;
      }
      if (j >= key.length) j = 0;
    }
    for (let k = N - 1; k > 0; k--) {
      const p = mt[i - 1] ^ (mt[i - 1] >>> 30);
      mt[i] = ((mt[i] ^ Math.imul(p, 1566083941)) - i) >>> 0;
      i++;
      if (i >= N) {
        mt[0] = mt[N - 1];
        i = 1;
      }
    }
    mt[0] = 0x80000000;
  }

  /** `genrand_uint32`. */
  uint32(): number {
    const mt = this.mt;
    if (this.mti >= N) {
      for (let kk = 0; kk < N; kk++) {
        const y = (mt[kk] & 0x80000000) | (mt[(kk + 1) % N] & 0x7fffffff);
        mt[kk] = mt[(kk + 397) % N] ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0);
      }
      this.mti = 0;
    }
    let y = mt[this.mti++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** `random()`: 53 random bits in [0, 1). */
  random(): number {
    const a = this.uint32() >>> 5;
    const b = this.uint32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  /** `getrandbits(k)`: 32-bit words, least significant first; the last word keeps its top bits. */
  getrandbits(k: number): bigint {
    if (k <= 32) return k === 0 ? 0n : BigInt(this.uint32() >>> (32 - k));
    let r = 0n;
    for (let shift = 0n; k > 0; k -= 32, shift += 32n) {
      const w = k < 32 ? this.uint32() >>> (32 - k) : this.uint32();
      r |= BigInt(w) << shift;
    }
    return r;
  }

  /** `_randbelow(n)` for n ≥ 1: `getrandbits(n.bit_length())` until it is below n. */
  randbelow(n: bigint): bigint {
    const k = n.toString(2).length;
    for (;;) {
      const r = this.getrandbits(k);
      if (r < n) return r;
    }
  }

  /** `randint(0, 2**31 - 1)`: `_randbelow(2**31)` draws 32 bits and rejects values >= 2**31. */
  randint31(): number {
    for (;;) {
      const r = this.uint32();
      if (r < 0x80000000) return r;
    }
  }
}

/** A uint64 given as a JS integer or bigint (negative int64 values wrap, as TF casts seeds) → two uint32 words. */
export function words64(v: number | bigint): [number, number] {
  const u = BigInt.asUintN(64, BigInt(v));
  return [Number(u & 0xffffffffn), Number(u >> 32n)];
}

/**
 * TF's `GetKeyCounterFromOldSeeds` / `StatelessRandomGetKeyCounter` for a stateless `seed=[s0, s1]`: one Philox
 * block of the counter (s0, s1) under a fixed key scrambles the seed; its first two words are the key, its last
 * two the high half of the counter.
 */
export function statelessPhilox(s0: number | bigint, s1: number | bigint): Philox {
  const [a0, a1] = words64(s0);
  const [b0, b1] = words64(s1);
  const mix = new Uint32Array(4);
  philoxBlock([a0, a1, b0, b1], 0x3ec8f720, 0x02461e29, mix);
  const p = new Philox(mix[0], mix[1]);
  p.counter[2] = mix[2];
  p.counter[3] = mix[3];
  return p;
}

/**
 * NumPy's legacy `RandomState` (`np.random.seed`, `rand`, `randn`, `normal`, `uniform`): MT19937, doubles from two
 * words (`random_sample`), and normals by the polar Box–Muller method keeping the second value (`legacy_gauss`).
 */
export class NumpyLegacy {
  private gauss: number | undefined;
  constructor(private readonly mt: PyRandom) {}

  static seeded(seed: number): NumpyLegacy {
    return new NumpyLegacy(PyRandom.fromGenrand(seed));
  }

  /** `random_sample()`: 53 bits in [0, 1). */
  double(): number {
    return this.mt.random();
  }

  /** `legacy_gauss()`. */
  normal(): number {
    if (this.gauss !== undefined) {
      const g = this.gauss;
      this.gauss = undefined;
      return g;
    }
    let x1: number;
    let x2: number;
    let r2: number;
    do {
      x1 = 2.0 * this.double() - 1.0;
      x2 = 2.0 * this.double() - 1.0;
      r2 = x1 * x1 + x2 * x2;
    } while (r2 >= 1.0 || r2 === 0.0);
    const f = Math.sqrt((-2.0 * Math.log(r2)) / r2);
    this.gauss = f * x1;
    return f * x2;
  }
}
