/**
 * Dedicated loops for the hottest elementwise kernels. The generic maps (`mapUnary`, `mapBinary`, `mapPacketed`)
 * call their scalar function through one shared, megamorphic call site, which V8 cannot inline: ~3–10 ns per
 * element. Each loop here is its own function literal, so V8 compiles it with the arithmetic or `Math.*` call
 * inlined. The maps look a loop up by the identity of the scalar function they were given, so an op opts in by
 * using one of the scalar functions exported here; the numbers are the same either way (same double arithmetic,
 * same rounding on store), which the kernel tests check element by element.
 */
import type { NumericData } from '../tensor/dtype';

export type Fn1 = (v: number) => number;
export type Fn2 = (x: number, y: number) => number;
type Arr = NumericData;

// ---- scalar functions with a dedicated loop ------------------------------------------------------------------------

export const addF: Fn2 = (x, y) => x + y;
export const subF: Fn2 = (x, y) => x - y;
export const mulF: Fn2 = (x, y) => x * y;
export const divF: Fn2 = (x, y) => x / y;
export const negF: Fn1 = (x) => -x;
export const squareF: Fn1 = (x) => x * x;
/** `Relu` (NaN propagates). */
export const reluF: Fn1 = (x) => (x > 0 || Number.isNaN(x) ? x : 0);
/** `ReluGrad(g, f)` = g * (f > 0). */
export const reluGradF: Fn2 = (g, f) => g * (f > 0 ? 1 : 0);
/** float32 `TanhGrad(y, g)` = g * (1 - y*y), each step rounded to float. */
export const tanhGradF32: Fn2 = (y, g) => g * Math.fround(1 - Math.fround(y * y));
/** float64 `TanhGrad(y, g)`. */
export const tanhGradF64: Fn2 = (y, g) => g * (1 - y * y);

// ---- unary loops ----------------------------------------------------------------------------------------------------

export type Loop1 = (x: Arr, out: Arr) => void;

const UNARY = new Map<Fn1, Loop1>([
  [
    Math.sin,
    (x, o) => {
      for (let i = 0; i < x.length; i++) o[i] = Math.sin(x[i]);
    },
  ],
  [
    Math.cos,
    (x, o) => {
      for (let i = 0; i < x.length; i++) o[i] = Math.cos(x[i]);
    },
  ],
  [
    Math.exp,
    (x, o) => {
      for (let i = 0; i < x.length; i++) o[i] = Math.exp(x[i]);
    },
  ],
  [
    Math.tanh,
    (x, o) => {
      for (let i = 0; i < x.length; i++) o[i] = Math.tanh(x[i]);
    },
  ],
  [
    Math.log,
    (x, o) => {
      for (let i = 0; i < x.length; i++) o[i] = Math.log(x[i]);
    },
  ],
  [
    Math.sqrt,
    (x, o) => {
      for (let i = 0; i < x.length; i++) o[i] = Math.sqrt(x[i]);
    },
  ],
  [
    Math.abs,
    (x, o) => {
      for (let i = 0; i < x.length; i++) o[i] = Math.abs(x[i]);
    },
  ],
  [
    negF,
    (x, o) => {
      for (let i = 0; i < x.length; i++) o[i] = -x[i];
    },
  ],
  [
    squareF,
    (x, o) => {
      for (let i = 0; i < x.length; i++) {
        const v = x[i];
        o[i] = v * v;
      }
    },
  ],
  [
    reluF,
    (x, o) => {
      for (let i = 0; i < x.length; i++) {
        const v = x[i];
        o[i] = v > 0 || Number.isNaN(v) ? v : 0;
      }
    },
  ],
]);

/** The dedicated loop for `f`, if there is one. */
export function unaryLoop(f: Fn1): Loop1 | undefined {
  return UNARY.get(f);
}

// ---- binary loops: both full size (vv), scalar second (vs), scalar first (sv) ------------------------------------

export interface Loops2 {
  vv(a: Arr, b: Arr, out: Arr): void;
  vs(a: Arr, y: number, out: Arr): void;
  sv(x: number, b: Arr, out: Arr): void;
}

const BINARY = new Map<Fn2, Loops2>([
  [
    addF,
    {
      vv(a, b, o) {
        for (let i = 0; i < o.length; i++) o[i] = a[i] + b[i];
      },
      vs(a, y, o) {
        for (let i = 0; i < o.length; i++) o[i] = a[i] + y;
      },
      sv(x, b, o) {
        for (let i = 0; i < o.length; i++) o[i] = x + b[i];
      },
    },
  ],
  [
    subF,
    {
      vv(a, b, o) {
        for (let i = 0; i < o.length; i++) o[i] = a[i] - b[i];
      },
      vs(a, y, o) {
        for (let i = 0; i < o.length; i++) o[i] = a[i] - y;
      },
      sv(x, b, o) {
        for (let i = 0; i < o.length; i++) o[i] = x - b[i];
      },
    },
  ],
  [
    mulF,
    {
      vv(a, b, o) {
        for (let i = 0; i < o.length; i++) o[i] = a[i] * b[i];
      },
      vs(a, y, o) {
        for (let i = 0; i < o.length; i++) o[i] = a[i] * y;
      },
      sv(x, b, o) {
        for (let i = 0; i < o.length; i++) o[i] = x * b[i];
      },
    },
  ],
  [
    divF,
    {
      vv(a, b, o) {
        for (let i = 0; i < o.length; i++) o[i] = a[i] / b[i];
      },
      vs(a, y, o) {
        for (let i = 0; i < o.length; i++) o[i] = a[i] / y;
      },
      sv(x, b, o) {
        for (let i = 0; i < o.length; i++) o[i] = x / b[i];
      },
    },
  ],
  [
    reluGradF,
    {
      vv(g, f, o) {
        for (let i = 0; i < o.length; i++) o[i] = g[i] * (f[i] > 0 ? 1 : 0);
      },
      vs(g, f, o) {
        const s = f > 0 ? 1 : 0;
        for (let i = 0; i < o.length; i++) o[i] = g[i] * s;
      },
      sv(g, f, o) {
        for (let i = 0; i < o.length; i++) o[i] = g * (f[i] > 0 ? 1 : 0);
      },
    },
  ],
  [
    tanhGradF32,
    {
      vv(y, g, o) {
        for (let i = 0; i < o.length; i++) {
          const v = y[i];
          o[i] = g[i] * Math.fround(1 - Math.fround(v * v));
        }
      },
      vs(y, g, o) {
        for (let i = 0; i < o.length; i++) {
          const v = y[i];
          o[i] = g * Math.fround(1 - Math.fround(v * v));
        }
      },
      sv(y, g, o) {
        const t = Math.fround(1 - Math.fround(y * y));
        for (let i = 0; i < o.length; i++) o[i] = g[i] * t;
      },
    },
  ],
  [
    tanhGradF64,
    {
      vv(y, g, o) {
        for (let i = 0; i < o.length; i++) {
          const v = y[i];
          o[i] = g[i] * (1 - v * v);
        }
      },
      vs(y, g, o) {
        for (let i = 0; i < o.length; i++) {
          const v = y[i];
          o[i] = g * (1 - v * v);
        }
      },
      sv(y, g, o) {
        const t = 1 - y * y;
        for (let i = 0; i < o.length; i++) o[i] = g[i] * t;
      },
    },
  ],
]);

/** The dedicated loops for `f`, if there are. */
export function binaryLoops(f: Fn2): Loops2 | undefined {
  return BINARY.get(f);
}

/** Register dedicated loops for a scalar function defined elsewhere in the kernel layer. */
export function defineBinaryLoops(f: Fn2, loops: Loops2): void {
  BINARY.set(f, loops);
}

// int32 products wrap like C.
defineBinaryLoops(Math.imul, {
  vv(a, b, o) {
    for (let i = 0; i < o.length; i++) o[i] = Math.imul(a[i], b[i]);
  },
  vs(a, y, o) {
    for (let i = 0; i < o.length; i++) o[i] = Math.imul(a[i], y);
  },
  sv(x, b, o) {
    for (let i = 0; i < o.length; i++) o[i] = Math.imul(x, b[i]);
  },
});

/** Below this many elements the generic loop is as fast as a lookup plus a call. */
export const LOOP_MIN = 64;
