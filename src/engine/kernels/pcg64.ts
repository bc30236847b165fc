/**
 * NumPy's `np.random.default_rng(seed)`: `SeedSequence` (its hash-mixed entropy pool of four words), the PCG64 bit
 * generator (a 128-bit LCG with the XSL-RR output) seeded from it, and the `Generator` algorithms on its words:
 * `random` (53 bits), `integers` (Lemire's bounded method: on buffered 32-bit halves below 2^32, on 64-bit words
 * above) and `standard_normal` (the 256-layer ziggurat on NumPy's own tables, `zigguratTables.ts`).
 */
import { FI_DOUBLE as fi, KI_DOUBLE as ki, WI_DOUBLE as wi } from './zigguratTables';

const MASK64 = (1n << 64n) - 1n;
const MASK128 = (1n << 128n) - 1n;
const PCG_MULT = (0x2360ed051fc65da4n << 64n) | 0x4385df649fccf645n;

const INIT_A = 0x43b0d7e5;
const MULT_A = 0x931e8875;
const INIT_B = 0x8b51f9dd;
const MULT_B = 0x58f38ded;
const MIX_L = 0xca01f9dd;
const MIX_R = 0x4973f715;

/** `SeedSequence(entropy).generate_state(n64, np.uint64)` for a non-negative integer entropy. */
export function seedSequenceState(entropy: bigint, n64: number): bigint[] {
  const words: number[] = [];
  for (let e = entropy; e > 0n; e >>= 32n) words.push(Number(e & 0xffffffffn));
  if (words.length === 0) words.push(0);
  let hashA = INIT_A;
  const hashmix = (v: number): number => {
    let x = (v ^ hashA) >>> 0;
    hashA = Math.imul(hashA, MULT_A) >>> 0;
    x = Math.imul(x, hashA) >>> 0;
    return (x ^ (x >>> 16)) >>> 0;
  };
  const mix = (x: number, y: number): number => {
    const r = (Math.imul(MIX_L, x) - Math.imul(MIX_R, y)) >>> 0;
    return (r ^ (r >>> 16)) >>> 0;
  };
  const pool = [0, 0, 0, 0];
  for (let i = 0; i < 4; i++) pool[i] = hashmix(i < words.length ? words[i] : 0);
  for (let s = 0; s < 4; s++) {
    for (let d = 0; d < 4; d++) if (s !== d) pool[d] = mix(pool[d], hashmix(pool[s]));
  }
  for (let s = 4; s < words.length; s++) for (let d = 0; d < 4; d++) pool[d] = mix(pool[d], hashmix(words[s]));
  let hashB = INIT_B;
  const out32: number[] = [];
  for (let i = 0; i < 2 * n64; i++) {
    let v = (pool[i % 4] ^ hashB) >>> 0;
    hashB = Math.imul(hashB, MULT_B) >>> 0;
    v = Math.imul(v, hashB) >>> 0;
    out32.push((v ^ (v >>> 16)) >>> 0);
  }
  const out: bigint[] = [];
  for (let i = 0; i < n64; i++) out.push(BigInt(out32[2 * i]) | (BigInt(out32[2 * i + 1]) << 32n));
  return out;
}

/** The ziggurat's tail: its base strip starts at R. */
const ZIG_R = 3.6541528853610088;
const ZIG_INV_R = 0.2736612373297583;

export class Pcg64 {
  private state = 0n;
  private readonly inc: bigint;
  private buffered: number | null = null;

  /** `PCG64(SeedSequence(entropy))`. */
  constructor(entropy: bigint) {
    const [s0, s1, i0, i1] = seedSequenceState(entropy, 4);
    this.inc = ((((i0 << 64n) | i1) << 1n) | 1n) & MASK128;
    this.step();
    this.state = (this.state + ((s0 << 64n) | s1)) & MASK128;
    this.step();
  }

  private step(): void {
    this.state = (this.state * PCG_MULT + this.inc) & MASK128;
  }

  /** `next_uint64`: step, then XSL-RR of the new state. */
  next64(): bigint {
    this.step();
    const s = this.state;
    const x = ((s >> 64n) ^ s) & MASK64;
    const rot = s >> 122n;
    return ((x >> rot) | (x << ((64n - rot) & 63n))) & MASK64;
  }

  /** `next_uint32`: the low half of a word, the high half kept for the next call. */
  next32(): number {
    if (this.buffered !== null) {
      const b = this.buffered;
      this.buffered = null;
      return b;
    }
    const w = this.next64();
    this.buffered = Number(w >> 32n);
    return Number(w & 0xffffffffn);
  }

  /** `next_double`: the top 53 bits of a word in [0, 1). */
  double(): number {
    return Number(this.next64() >> 11n) / 9007199254740992;
  }

  /** `next_float`: the top 24 bits of a 32-bit draw in [0, 1). */
  float(): number {
    return (this.next32() >>> 8) / 16777216;
  }

  /** `off + bounded(rng)`: an integer in [off, off + rng], NumPy's `random_bounded_uint64` without masking. */
  bounded(off: bigint, rng: bigint): bigint {
    if (rng === 0n) return off;
    if (rng < 0xffffffffn) {
      const excl = Number(rng) + 1;
      let m = BigInt(this.next32()) * BigInt(excl);
      let left = Number(m & 0xffffffffn);
      if (left < excl) {
        const threshold = (0xffffffff - Number(rng)) % excl;
        while (left < threshold) {
          m = BigInt(this.next32()) * BigInt(excl);
          left = Number(m & 0xffffffffn);
        }
      }
      return off + (m >> 32n);
    }
    if (rng === 0xffffffffn) return off + BigInt(this.next32());
    if (rng === MASK64) return off + this.next64();
    const excl = rng + 1n;
    let m = this.next64() * excl;
    let left = m & MASK64;
    if (left < excl) {
      const threshold = (MASK64 - rng) % excl;
      while (left < threshold) {
        m = this.next64() * excl;
        left = m & MASK64;
      }
    }
    return off + (m >> 64n);
  }

  /** `random_interval(max)`: masked rejection in [0, max] (32-bit words up to 2^32 - 1, 64-bit above). */
  interval(max: number): number {
    if (max === 0) return 0;
    if (max <= 0xffffffff) {
      let mask = max;
      for (let k = 1; k <= 16; k *= 2) mask |= mask >>> k;
      mask >>>= 0;
      for (;;) {
        const v = (this.next32() & mask) >>> 0;
        if (v <= max) return v;
      }
    }
    const m = BigInt(max);
    let mask = m;
    for (let k = 1n; k <= 32n; k *= 2n) mask |= mask >> k;
    for (;;) {
      const v = this.next64() & mask;
      if (v <= m) return Number(v);
    }
  }

  /** `random_standard_normal`: the ziggurat. */
  normal(): number {
    for (;;) {
      let r = this.next64();
      const idx = Number(r & 0xffn);
      r >>= 8n;
      const sign = r & 1n;
      const rabs = Number((r >> 1n) & 0xfffffffffffffn);
      let x = rabs * wi[idx];
      if (sign) x = -x;
      if (rabs < ki[idx]) return x;
      if (idx === 0) {
        for (;;) {
          const xx = -ZIG_INV_R * Math.log1p(-this.double());
          const yy = -Math.log1p(-this.double());
          if (yy + yy > xx * xx) return Math.floor(rabs / 256) % 2 ? -(ZIG_R + xx) : ZIG_R + xx;
        }
      }
      if ((fi[idx - 1] - fi[idx]) * this.double() + fi[idx] < Math.exp(-0.5 * x * x)) return x;
    }
  }
}
