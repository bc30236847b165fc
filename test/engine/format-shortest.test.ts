/**
 * `shortestDigits` takes fast paths in double arithmetic (previews format thousands of numbers per report); they
 * must give exactly dragon4's digits, which `shortestDigitsExact` computes in BigInt.
 */
import { describe, expect, it } from 'vitest';
import { type FloatKind, shortestDigits, shortestDigitsExact } from '../../src/engine/tensor/formatFloat';

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
  let s = seed;
  for (let i = 0; i < n; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    u[0] = s >>> 0;
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

  it('float64: random bit patterns and decimal-looking values', () => {
    const dv = new DataView(new ArrayBuffer(8));
    let s = 12345;
    const vals: number[] = [];
    for (let i = 0; i < 40_000; i++) {
      s ^= s << 13;
      s ^= s >>> 17;
      s ^= s << 5;
      dv.setUint32(0, s >>> 0);
      dv.setUint32(4, Math.imul(s, 2654435761) >>> 0);
      const v = dv.getFloat64(0);
      if (Number.isFinite(v)) vals.push(v);
      vals.push(i / 1000, i * 0.1, 1 / (i + 1));
    }
    for (let e = -1074; e < 1024; e++) vals.push(2 ** e, 2 ** e * (1 + 2 ** -52));
    expect(mismatches(vals, 'float64')).toEqual([]);
  });
});
