/**
 * The benchmark's inputs: one deterministic fill, computed identically in JavaScript (for the tfjs peers and our
 * TypeScript API) and in Python with tf ops (for the interpreter), so every peer sees bit-identical float32 data.
 *
 * fill(n, a, scale)[i] = ((float32((i·a) mod 997) / 997) − 0.5) · scale, each step rounded to float32.
 */

export function fill(n: number, a: number, scale: number): Float32Array {
  const out = new Float32Array(n);
  const s = Math.fround(scale);
  for (let i = 0; i < n; i++) {
    const k = (i * a) % 997;
    out[i] = Math.fround(Math.fround(Math.fround(k / 997) - 0.5) * s);
  }
  return out;
}

/** The same fill as a Python expression (int32 range, then float32 steps). `n·a` must stay below 2^31. */
export function pyFill(n: number, a: number, scale: number, shape: readonly number[]): string {
  const flat = `(tf.cast(tf.range(${n}) * ${a} % 997, tf.float32) / 997.0 - 0.5) * ${pyFloat(scale)}`;
  return shape.length === 1 ? flat : `tf.reshape(${flat}, [${shape.join(', ')}])`;
}

function pyFloat(v: number): string {
  return Number.isInteger(v) ? `${v}.0` : String(v);
}

/** One-hot labels: row i has class i mod classes. */
export function oneHotRows(rows: number, classes: number): Float32Array {
  const out = new Float32Array(rows * classes);
  for (let i = 0; i < rows; i++) out[i * classes + (i % classes)] = 1;
  return out;
}

// ---- workload sizes and fills (the definitions) ------------------------------------------------------

export const W2_STEPS = 5000;
export const W2_X = 0.9;

export const W3 = {
  batch: 256,
  inputs: 784,
  hidden: 256,
  classes: 10,
  fills: {
    X: { a: 37, scale: 1 },
    W1: { a: 53, scale: 0.1 },
    b1: { a: 61, scale: 0.1 },
    W2: { a: 71, scale: 0.2 },
    b2: { a: 79, scale: 0.1 },
  },
} as const;

export const W4 = { n: 512, A: { a: 37, scale: 1 }, B: { a: 53, scale: 1 } } as const;

export const W5 = { n: 1_000_000, x: { a: 37, scale: 4 } } as const;

export const W6 = { n: 100, x: { a: 37, scale: 1 }, A: { a: 53, scale: 1 } } as const;

/** The inputs of every workload as float32 arrays, built once and shared (read-only) by the JS peers. */
export interface Inputs {
  w3: { X: Float32Array; W1: Float32Array; b1: Float32Array; W2: Float32Array; b2: Float32Array; Y: Float32Array };
  w4: { A: Float32Array; B: Float32Array };
  w5: { x: Float32Array };
  w6: { x: Float32Array; A: Float32Array };
}

export function makeInputs(): Inputs {
  const f = W3.fills;
  return {
    w3: {
      X: fill(W3.batch * W3.inputs, f.X.a, f.X.scale),
      W1: fill(W3.inputs * W3.hidden, f.W1.a, f.W1.scale),
      b1: fill(W3.hidden, f.b1.a, f.b1.scale),
      W2: fill(W3.hidden * W3.classes, f.W2.a, f.W2.scale),
      b2: fill(W3.classes, f.b2.a, f.b2.scale),
      Y: oneHotRows(W3.batch, W3.classes),
    },
    w4: { A: fill(W4.n * W4.n, W4.A.a, W4.A.scale), B: fill(W4.n * W4.n, W4.B.a, W4.B.scale) },
    w5: { x: fill(W5.n, W5.x.a, W5.x.scale) },
    w6: { x: fill(W6.n, W6.x.a, W6.x.scale), A: fill(W6.n * W6.n, W6.A.a, W6.A.scale) },
  };
}
