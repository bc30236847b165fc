/**
 * `shortestDigits` takes fast paths in double arithmetic (previews format thousands of numbers per report); they
 * must give exactly dragon4's digits, which `shortestDigitsExact` computes in BigInt.
 */
import { describe, expect, it } from 'vitest';
import {
  type FloatKind,
  positional,
  scientific,
  setFastDigits,
  shortestDigits,
  shortestDigitsExact,
} from '../../src/engine/tensor/formatFloat';
import { xorshift32 } from '../xorshift';

const f = new Float32Array(1);
const u = new Uint32Array(f.buffer);

function mismatches(values: Iterable<number>, kind: FloatKind): string[] {
  const bad: string[] = [];
  for (const v of values) {
    const a = shortestDigits(v, kind);
    const b = shortestDigitsExact(v, kind);
    if (a.digits !== b.digits || a.exp !== b.exp) bad.push(`${v}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
    if (bad.length >= 5) break;
  }
  return bad;
}

function* randomFloat32(n: number, seed: number): Generator<number> {
  const next = xorshift32(seed);
  for (let i = 0; i < n; i++) {
    u[0] = next();
    if (Number.isFinite(f[0])) yield f[0];
  }
}

function* float32Around(center: number, span: number): Generator<number> {
  f[0] = center;
  const b0 = u[0];
  for (let k = -span; k <= span; k++) {
    u[0] = b0 + k;
    if (Number.isFinite(f[0]) && f[0] > 0) yield f[0];
  }
}

/** The texts `print` makes with the fast paths, and with dragon4 alone. */
function fastAndExact(print: () => string[]): { fast: string[]; exact: string[] } {
  const fast = print();
  setFastDigits(false);
  try {
    return { fast, exact: print() };
  } finally {
    setFastDigits(true);
  }
}

describe('shortest digits: fast paths equal dragon4', () => {
  it('random float32 bit patterns (normals, subnormals, both signs)', () => {
    expect(mismatches(randomFloat32(80_000, 987654321), 'float32')).toEqual([]);
  });

  it('float32 near powers of ten and of two, and decimal-looking values', () => {
    const vals: number[] = [];
    for (let e = -45; e <= 38; e++) vals.push(...float32Around(10 ** e, 40));
    for (let e = -149; e < 128; e++) vals.push(...float32Around(2 ** e, 3));
    for (let i = 0; i < 8_000; i++) {
      for (const v of [i, i / 1000, i * 0.1, 1 / (i + 1), 108 + i / 7]) {
        f[0] = v;
        vals.push(f[0]);
      }
    }
    expect(mismatches(vals, 'float32')).toEqual([]);
  });

  it('float32 integers: every one below 2^11, powers of two and their neighbours, and a sweep up to 2^24', () => {
    const vals: number[] = [];
    for (let i = 1; i < 2048; i++) vals.push(i);
    for (let e = 0; e <= 24; e++) for (const d of [-2, -1, 0, 1, 2]) if (2 ** e + d >= 1) vals.push(2 ** e + d);
    for (let i = 1; i < 16_777_216; i += 4093) vals.push(i, i * 10 > 16_777_215 ? i : i * 10);
    for (const v of [10, 100, 1000, 10_000, 100_000, 1_000_000, 10_000_000, 16_777_215, 16_777_216, 16_777_218])
      vals.push(v);
    expect(mismatches(vals, 'float32')).toEqual([]);
    expect(
      mismatches(
        vals.map((v) => -v),
        'float32',
      ),
    ).toEqual([]);
  });

  it('float64: random bit patterns and decimal-looking values', () => {
    const dv = new DataView(new ArrayBuffer(8));
    const next = xorshift32(12345);
    const vals: number[] = [];
    for (let i = 0; i < 40_000; i++) {
      const s = next();
      dv.setUint32(0, s);
      dv.setUint32(4, Math.imul(s, 2654435761) >>> 0);
      const v = dv.getFloat64(0);
      if (Number.isFinite(v)) vals.push(v);
      vals.push(i / 1000, i * 0.1, 1 / (i + 1));
    }
    for (let e = -1074; e < 1024; e++) vals.push(2 ** e, 2 ** e * (1 + 2 ** -52));
    expect(mismatches(vals, 'float64')).toEqual([]);
  });
});

describe('positional and scientific: the shortest-digits shortcut prints what dragon4 prints', () => {
  it('every precision, trim and minimum, for float32 and float64 values of every size', () => {
    const values: [number, FloatKind][] = [];
    for (const v of randomFloat32(3_000, 424242)) values.push([v, 'float32']);
    for (let i = 1; i < 400; i++) {
      for (const v of [i, i / 8, i / 1000, 1 / i, i * 1e6, 2 ** (i % 60) / 3, -i / 7]) {
        f[0] = v;
        values.push([f[0], 'float32'], [v, 'float64']);
      }
    }
    const options = [
      {},
      { precision: 0 },
      { precision: 1 },
      { precision: 3, trim: '-' as const },
      { precision: 4, trim: '0' as const },
      { precision: 8 },
      { precision: 8, trim: '.' as const, sign: true },
      { precision: 17 },
      { precision: 5, minDigits: 3 },
      { precision: 6, unique: false },
      { padLeft: 4, padRight: 6, precision: 8 },
    ];
    const print = () =>
      values.flatMap(([v, kind]) =>
        options.flatMap((o) => [
          positional(v, kind, o),
          positional(v, kind, { ...o, fractional: false }),
          scientific(v, kind, o),
        ]),
      );
    const { fast, exact } = fastAndExact(print);
    const bad = fast.map((t, i) => [t, exact[i]]).filter(([a, b]) => a !== b);
    expect(bad.slice(0, 5)).toEqual([]);
    expect(fast.length).toBeGreaterThan(50_000);
  });
});

describe('digits past the cutoff or short of the minimum: rounded in double arithmetic as dragon4 rounds', () => {
  /**
   * Positional with every fractional cutoff 0–13, and positional and scientific with every precision 0–10 and
   * minimum up to it (as array printing's second pass asks), fast paths against dragon4 alone.
   */
  const OPTIONS = [
    ...Array.from({ length: 14 }, (_, k) => ({ sci: false, o: { precision: k, trim: '-' as const } })),
    ...Array.from({ length: 11 }, (_, p) =>
      Array.from({ length: p + 1 }, (_, m) => [
        { sci: false, o: { precision: p, minDigits: m, trim: 'k' as const } },
        { sci: true, o: { precision: p, minDigits: m, trim: 'k' as const } },
      ]).flat(),
    ).flat(),
  ];
  function differences(values: readonly number[]): string[][] {
    const print = () =>
      values.flatMap((v) =>
        OPTIONS.map(({ sci, o }) => (sci ? scientific(v, 'float32', o) : positional(v, 'float32', o))),
      );
    const { fast, exact } = fastAndExact(print);
    return fast
      .map((t, i) => [
        String(values[Math.floor(i / OPTIONS.length)]),
        JSON.stringify(OPTIONS[i % OPTIONS.length]),
        t,
        exact[i],
      ])
      .filter(([, , a, b]) => a !== b);
  }

  it('ties go to an even digit, and a carry drops its zeros', () => {
    // Dyadic values are exact halves at some cutoff: 0.125 at 2 digits, 2.5 at 0, 0.0625 at 3; 1 − 2⁻¹¹ =
    // 0.99951171875 carries at 3.
    const vals = [0.125, 0.375, 0.625, 0.875, 2.5, 3.5, 0.0625, 0.1875, 1.03125, 9.5, 99.5, 1 - 1 / 2048, 1 / 3];
    for (let i = 1; i < 400; i++) vals.push(i / 1024, i / 64 + 0.5, 1 - i / 65536);
    const values = vals.flatMap((v) => [Math.fround(v), -Math.fround(v)]);
    expect(positional(0.125, 'float32', { precision: 2 })).toBe('0.12');
    expect(positional(0.375, 'float32', { precision: 2 })).toBe('0.38');
    expect(positional(1 - 1 / 2048, 'float32', { precision: 3, trim: '-' })).toBe('1');
    // Past the shortest digits (`0.05`), down to the minimum: the exact value's digits.
    expect(scientific(Math.fround(0.05), 'float32', { precision: 8, minDigits: 8 })).toBe('5.00000007e-02');
    expect(differences(values).slice(0, 5)).toEqual([]);
  });

  it('random float32 values of every size, and the values array printing meets', () => {
    const values = [...randomFloat32(1_200, 13579)];
    for (let i = 1; i < 300; i++) {
      for (const v of [((i * 61) % 997) / 997 - 0.5, i * 1e-6, i / 7, i * 1e5, 10 ** ((i % 40) - 20)]) {
        values.push(Math.fround(v));
      }
    }
    expect(differences(values).slice(0, 5)).toEqual([]);
  });
});
