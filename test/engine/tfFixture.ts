/** Shared by the tests that compare with real-TF fixtures written by scripts/oracle/*_fixture.py. */
import type { Tensor } from '../../src/engine/tensor/tensor';

export type ValueKind = 'narrow' | 'wide' | 'prod';

/** A fixture's inputs, rebuilt: exact in float32 and float64 (see scripts/oracle/reductions_fixture.py). */
export function values(
  n: number,
  seed: number,
  kind: ValueKind,
  dtype: 'float32' | 'float64',
): Float32Array | Float64Array {
  const out = dtype === 'float32' ? new Float32Array(n) : new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const h = (i * 2654435761 + seed) % 2 ** 32;
    const m = (h % 2 ** 24) - 2 ** 23;
    let e = (i % 9) - 27;
    if (kind === 'wide') e += (i % 5) * 3;
    const v = m * 2 ** e;
    out[i] = kind === 'prod' ? 1 + v * 2 ** -6 : v;
  }
  return out;
}

/** Bit patterns as the fixture stores them: uint32 for float32, 16 hex digits for float64. */
export function bits(t: Tensor): (number | string)[] {
  if (t.data instanceof Float32Array) return Array.from(new Uint32Array(t.data.buffer, t.data.byteOffset, t.size));
  const d = t.data as Float64Array;
  const u = new BigUint64Array(d.buffer, d.byteOffset, t.size);
  return Array.from(u, (b) => b.toString(16).padStart(16, '0'));
}
