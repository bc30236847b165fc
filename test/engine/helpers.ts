import { Tensor } from '../../src/engine/tensor/tensor';

/** Deterministic float64 test inputs away from 0 (so division is smooth). */
export function f64(shape: number[], seed = 1, lo = 0.5, hi = 1.5): Tensor {
  let s = seed;
  const n = shape.reduce((a, b) => a * b, 1);
  const d = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    s = (s * 16807) % 2147483647;
    d[i] = lo + ((s % 10000) / 10000) * (hi - lo);
  }
  return new Tensor('float64', shape, d);
}
