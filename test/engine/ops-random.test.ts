import { afterEach, describe, expect, it } from 'vitest';
import { gradient } from '../../src/engine/autodiff/gradient';
import { GradientTape } from '../../src/engine/autodiff/tape';
import { Philox, PyRandom, philoxBlock } from '../../src/engine/kernels/random';
import {
  getSeed,
  randomNormal,
  randomUniform,
  resetRandomState,
  setSeed,
  shuffle,
  truncatedNormal,
} from '../../src/engine/ops/random';
import { reduceSum } from '../../src/engine/ops/reduce';
import { constant } from '../../src/engine/tensor/convert';
import type { Tensor } from '../../src/engine/tensor/tensor';

const values = (t: Tensor) => Array.from(t.data as ArrayLike<number>);

/** How NumPy prints a float32 inside an array: the shortest round-trip digits, at most 8 after the point. */
function npText(v: number): string {
  let p = 1;
  while (Math.fround(Number(v.toPrecision(p))) !== v) p++;
  const shortest = String(Number(v.toPrecision(p)));
  const decimals = shortest.split('.')[1]?.length ?? 0;
  return decimals > 8 ? String(Number(v.toFixed(8))) : shortest;
}
/** The tensor's values as NumPy would print them. */
const printed = (t: Tensor) => values(t).map(npText);

afterEach(() => resetRandomState());

describe('Philox4x32-10 and the Mersenne Twister', () => {
  it('matches the Random123 known-answer vectors (kat_vectors, philox4x32 10)', () => {
    const out = new Uint32Array(4);
    const kat: [number[], number[], number[]][] = [
      [
        [0, 0, 0, 0],
        [0, 0],
        [0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8],
      ],
      [
        [0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff],
        [0xffffffff, 0xffffffff],
        [0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd],
      ],
      [
        [0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344],
        [0xa4093822, 0x299f31d0],
        [0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1],
      ],
    ];
    for (const [ctr, key, want] of kat) {
      philoxBlock(ctr, key[0], key[1], out);
      expect(Array.from(out)).toEqual(want);
    }
  });

  it('skip carries through the 128-bit counter', () => {
    const p = new Philox(0, 0);
    p.counter.set([0xffffffff, 0xffffffff, 0xffffffff, 0]);
    p.skip(1);
    expect(Array.from(p.counter)).toEqual([0, 0, 0, 1]);
    p.skip(2 ** 32 + 5);
    expect(Array.from(p.counter)).toEqual([5, 1, 0, 1]);
  });

  it("reproduces CPython's random.Random(seed)", () => {
    // Well-known values: random.Random(0).random() and random.Random(42).random().
    expect(new PyRandom(0).random()).toBe(0.8444218515250481);
    expect(new PyRandom(42).random()).toBe(0.6394267984578837);
  });
});

describe("TF's seeds and streams (values published by TF's docs and notebooks run on TF 2.x)", () => {
  it('tf.random.set_seed(5); tf.random.normal([2,2], 0, 1, tf.float32, seed=1) (tf.random.normal docs)', () => {
    setSeed(5);
    const t = randomNormal([2, 2], 0.0, 1.0, 'float32', 1n);
    expect(t.shape).toEqual([2, 2]);
    expect(printed(t)).toEqual(['-1.3768897', '-0.01258316', '-0.169515', '1.0824056']);
  });

  it('global seed only: op seeds come from random.Random(1234).randint (A1, A2), and set_seed restarts them', () => {
    setSeed(1234);
    expect(printed(randomUniform([1]))).toEqual(['0.5380393']);
    expect(printed(randomUniform([1]))).toEqual(['0.3253647']);
    setSeed(1234);
    expect(printed(randomUniform([1]))).toEqual(['0.5380393']);
  });

  it('same op seed twice: the cached kernel advances; set_seed resets the counter', () => {
    setSeed(1234);
    expect(printed(randomUniform([1], 0n, null, 'float32', 1n))).toEqual(['0.1689806']);
    expect(printed(randomUniform([1], 0n, null, 'float32', 1n))).toEqual(['0.7539084']);
    setSeed(1234);
    expect(printed(randomUniform([1], 0n, null, 'float32', 1n))).toEqual(['0.1689806']);
  });

  it('op seed only: the default global seed 87654321', () => {
    expect(printed(randomUniform([1], 0n, null, 'float32', 1n))).toEqual(['0.2390374']);
    expect(printed(randomUniform([1], 0n, null, 'float32', 1n))).toEqual(['0.22267115']);
  });

  it('seeds (0, 0) become (0, 2**31 - 1); no seed at all is random', () => {
    setSeed(0);
    expect(getSeed(0n)).toEqual([0, 2147483647]);
    resetRandomState();
    expect(getSeed()).toEqual([0, 0]);
    const a = values(randomUniform([4]));
    const b = values(randomUniform([4]));
    expect(a).not.toEqual(b);
  });

  it('tf.random.shuffle([1..6], seed=567436) after set_seed(123456) is [6, 4, 2, 1, 5, 3]', () => {
    setSeed(123456);
    const t = shuffle(constant([1n, 2n, 3n, 4n, 5n, 6n]), 567436n);
    expect(t.dtype).toBe('int32');
    expect(values(t)).toEqual([6, 4, 2, 1, 5, 3]);
  });

  it('shuffle permutes rows of a matrix together', () => {
    const t = shuffle(
      constant([
        [1, 10],
        [2, 20],
        [3, 30],
      ]),
      7n,
    );
    const v = values(t);
    for (let i = 0; i < 3; i++) expect(v[2 * i + 1]).toBe(v[2 * i] * 10);
    expect([v[0], v[2], v[4]].sort()).toEqual([1, 2, 3]);
  });

  it('same seeds give the same streams, different seeds different ones', () => {
    setSeed(7);
    const a = values(randomNormal([50], 0.0, 1.0, 'float32', 3n));
    setSeed(7);
    const b = values(randomNormal([50], 0.0, 1.0, 'float32', 3n));
    setSeed(8);
    const c = values(randomNormal([50], 0.0, 1.0, 'float32', 3n));
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });
});

/** Sample mean and standard deviation. */
function stats(xs: ArrayLike<number>): { mean: number; std: number; min: number; max: number } {
  let s = 0;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < xs.length; i++) {
    s += xs[i];
    min = Math.min(min, xs[i]);
    max = Math.max(max, xs[i]);
  }
  const mean = s / xs.length;
  let v = 0;
  for (let i = 0; i < xs.length; i++) v += (xs[i] - mean) ** 2;
  return { mean, std: Math.sqrt(v / xs.length), min, max };
}

// Standard deviation of a standard normal truncated at ±2: sqrt(1 - 2·φ(2)·2 / (Φ(2) - Φ(-2))) ≈ 0.8796.
const TRUNC_STD = 0.8796;

describe('distributions (100k samples)', () => {
  const n = 100_000;
  for (const dtype of ['float32', 'float64'] as const) {
    it(`normal ${dtype}: mean 3, stddev 2`, () => {
      const t = randomNormal([n], 3.0, 2.0, dtype, 11n);
      expect(t.dtype).toBe(dtype);
      const s = stats(t.data as ArrayLike<number>);
      expect(Math.abs(s.mean - 3)).toBeLessThan(0.03);
      expect(Math.abs(s.std - 2)).toBeLessThan(0.03);
    });

    it(`uniform ${dtype}: [0, 1) and [-2, 6)`, () => {
      const u = stats(randomUniform([n], 0n, null, dtype, 12n).data as ArrayLike<number>);
      expect(u.min).toBeGreaterThanOrEqual(0);
      expect(u.max).toBeLessThan(1);
      expect(Math.abs(u.mean - 0.5)).toBeLessThan(0.01);
      expect(Math.abs(u.std - Math.sqrt(1 / 12))).toBeLessThan(0.01);
      const w = stats(randomUniform([n], -2.0, 6.0, dtype, 13n).data as ArrayLike<number>);
      expect(w.min).toBeGreaterThanOrEqual(-2);
      expect(w.max).toBeLessThan(6);
      expect(Math.abs(w.mean - 2)).toBeLessThan(0.05);
    });

    it(`truncated normal ${dtype}: within 2 stddev of the mean, truncated-normal moments`, () => {
      const t = truncatedNormal([n], 1.0, 0.5, dtype, 14n);
      const s = stats(t.data as ArrayLike<number>);
      expect(s.min).toBeGreaterThan(0);
      expect(s.max).toBeLessThan(2);
      expect(Math.abs(s.mean - 1)).toBeLessThan(0.01);
      expect(Math.abs(s.std - 0.5 * TRUNC_STD)).toBeLessThan(0.01);
    });
  }

  it('uniform int32 / int64: every value in [lo, hi), roughly even counts', () => {
    for (const dtype of ['int32', 'int64'] as const) {
      const t = randomUniform([30_000], -3n, 3n, dtype, 15n);
      expect(t.dtype).toBe(dtype);
      const counts = new Map<number, number>();
      for (const v of values(t)) counts.set(v, (counts.get(v) ?? 0) + 1);
      expect([...counts.keys()].sort((a, b) => a - b)).toEqual([-3, -2, -1, 0, 1, 2]);
      for (const c of counts.values()) expect(Math.abs(c - 5000)).toBeLessThan(400);
    }
  });

  it('shapes, including empty ones', () => {
    expect(randomNormal([2, 0, 3]).shape).toEqual([2, 0, 3]);
    expect(randomUniform([], 0n, 5n, 'int32').shape).toEqual([]);
  });
});

describe('random op errors (TF texts)', () => {
  it('integer uniform needs maxval, and minval < maxval', () => {
    expect(() => randomUniform([2], 0n, null, 'int32')).toThrow('Must specify maxval for integer dtype tf.int32');
    expect(() => randomUniform([2], 5n, 3n, 'int32')).toThrow('Need minval < maxval: 5 >= 3 [Op:RandomUniformInt]');
    expect(() => randomUniform([2], 0n, null, 'bool')).toThrow(
      "Argument `dtype` got invalid value <dtype: 'bool'>. Accepted dtypes are (tf.float16, tf.bfloat16, tf.float32, tf.float64, tf.int32, tf.int64).",
    );
  });

  it('normal of an int dtype has no kernel', () => {
    expect(() => randomNormal([2], 0n, 1n, 'int32')).toThrow(
      /Could not find device for node: \{\{node RandomStandardNormal\}\}/,
    );
  });
});

describe('gradients through the random compositions', () => {
  it('normal(mean, stddev): d/dmean = n, d/dstddev = sum of the standard draws (reparameterisation)', () => {
    const mu = constant(0.5);
    const sigma = constant(2.0);
    setSeed(3);
    const t = new GradientTape().enter();
    t.watch(mu);
    t.watch(sigma);
    const y = reduceSum(randomNormal([5], mu, sigma, 'float32', 9n));
    t.exit();
    const [gm, gs] = gradient(t, [y], [mu, sigma]) as Tensor[];
    setSeed(3);
    const z = values(randomNormal([5], 0.0, 1.0, 'float32', 9n));
    expect(values(gm)).toEqual([5]);
    expect(values(gs)[0]).toBeCloseTo(
      z.reduce((a, b) => a + b, 0),
      5,
    );
  });

  it('shuffle has no registered gradient (LookupError)', () => {
    const x = constant([1.0, 2.0, 3.0]);
    const t = new GradientTape().enter();
    t.watch(x);
    const y = shuffle(x, 1n);
    t.exit();
    expect(() => gradient(t, [y], [x])).toThrow('gradient registry has no entry for: RandomShuffle');
  });
});
