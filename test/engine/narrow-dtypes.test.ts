/**
 * float16, int8, int16, uint8 and uint16: casts, wraparound, half rounding per op, Eigen's float16 sums, TF's kernel
 * errors, printing and gradients, each program's printed text against real TF 2.21's (committed fixture, generated
 * by bench/tf_narrow_fixture.py), and the half rounding against NumPy's conversion and every half value.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../../src/engine/run';
import { f16round } from '../../src/engine/tensor/dtype';
import { previewNumber } from '../../src/engine/tensor/format';

const fixture = JSON.parse(readFileSync(path.join(__dirname, 'fixtures', 'tf-narrow-dtypes.json'), 'utf8')) as {
  prelude: string;
  cases: { code: string; out: string }[];
  f16round: { f32: number[]; f16: number[] };
};

/** A half's value from its 16 bits, decoded field by field. */
function halfValue(bits: number): number {
  const sign = bits >> 15 ? -1 : 1;
  const e = (bits >> 10) & 0x1f;
  const f = bits & 0x3ff;
  if (e === 0x1f) return f ? Number.NaN : sign * Number.POSITIVE_INFINITY;
  return e === 0 ? sign * f * 2 ** -24 : sign * (1 + f / 1024) * 2 ** (e - 15);
}

describe('f16round', () => {
  it('keeps every one of the 65536 half values', () => {
    for (let b = 0; b < 0x10000; b++) {
      const v = halfValue(b);
      if (Number.isNaN(v)) expect(f16round(v)).toBeNaN();
      else expect(Object.is(f16round(v), v)).toBe(true);
    }
  });

  it('rounds each midpoint between neighbouring halves to the even one, and points beside it to the nearer', () => {
    for (let b = 0; b < 0x7bff; b++) {
      const lo = halfValue(b);
      const hi = halfValue(b + 1);
      const mid = (lo + hi) / 2;
      expect(f16round(mid)).toBe(b % 2 === 0 ? lo : hi);
      expect(f16round(-mid)).toBe(b % 2 === 0 ? -lo : -hi);
      const nudge = (hi - lo) * 2 ** -20;
      expect(f16round(mid - nudge)).toBe(lo);
      expect(f16round(mid + nudge)).toBe(hi);
    }
    expect(f16round(65519.99)).toBe(65504);
    expect(f16round(65520)).toBe(Number.POSITIVE_INFINITY);
    expect(f16round(-1e6)).toBe(Number.NEGATIVE_INFINITY);
  });

  it("equals NumPy's float32 → float16 conversion on random bit patterns", () => {
    const f32 = new Float32Array(Uint32Array.from(fixture.f16round.f32).buffer);
    f32.forEach((x, i) => {
      const want = halfValue(fixture.f16round.f16[i]);
      if (Number.isNaN(x)) expect(f16round(x)).toBeNaN();
      else expect(Object.is(f16round(x), want)).toBe(true);
    });
  });
});

describe('narrow dtypes print what TF 2.21 prints', () => {
  // The snippets run in order in one program, as in the generator; each case checks its own lines.
  const lines: string[] = [fixture.prelude];
  fixture.cases.forEach((c, i) => {
    lines.push(`print('@@case ${i}@@')`, c.code);
  });
  const r = run({ kind: 'python', cells: [{ source: lines.join('\n') }] });
  const parts = r.prints
    .map((p) => p.text)
    .join('')
    .split(/@@case \d+@@\n/)
    .slice(1);
  fixture.cases.forEach((c, i) => {
    it(c.code.split('\n').slice(-1)[0], () => {
      expect(parts[i]).toBe(c.out);
    });
  });
  it('runs without error diagnostics', () => {
    expect(r.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message)).toEqual([]);
  });
});

describe('lens previews', () => {
  it("start from the digits NumPy prints for the dtype (str(np.float16(0.1)) is '0.1')", () => {
    expect(previewNumber(f16round(0.1), 'float16')).toBe('0.1');
    expect(previewNumber(f16round(1 / 3), 'float16')).toBe('0.3333');
    expect(previewNumber(200, 'uint8')).toBe('200');
    expect(previewNumber(-128, 'int8')).toBe('-128');
  });
});
