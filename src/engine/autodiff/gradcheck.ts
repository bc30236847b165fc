import { Tensor } from '../tensor/tensor';
import { toDense } from './backprop';
import { gradient } from './gradient';
import { GradientTape } from './tape';

/**
 * Numeric gradient checking in float64, the way TF's `gradient_checker_v2` and autograd's `check_grads` do:
 * the tape's gradient of `sum(f(xs) * w)` (a fixed random cotangent `w`) against central differences, and for
 * order 2 the same check applied to the gradient function itself (so every VJP's own VJP is exercised).
 */
export type Fn = (xs: Tensor[]) => Tensor;

export interface CheckOptions {
  order?: 1 | 2;
  eps?: number;
  atol?: number;
  rtol?: number;
}

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function cotangentFor(y: Tensor, seed: number): Tensor {
  const r = rng(seed);
  const d = new Float64Array(y.size);
  for (let i = 0; i < d.length; i++) d[i] = 0.5 + r();
  return new Tensor('float64', y.shape, d);
}

function scalarize(f: Fn, seed: number): (xs: Tensor[]) => number {
  let w: Tensor | undefined;
  return (xs) => {
    const y = f(xs);
    w ??= cotangentFor(y, seed);
    let s = 0;
    for (let i = 0; i < y.size; i++) s += y.num(i) * w.num(i);
    return s;
  };
}

/** Central differences of a scalar function of float64 inputs. */
export function numericGradient(g: (xs: Tensor[]) => number, xs: Tensor[], eps = 1e-6): Float64Array[] {
  return xs.map((x, k) => {
    const out = new Float64Array(x.size);
    for (let i = 0; i < x.size; i++) {
      const shifted = (delta: number) => {
        const d = Float64Array.from(x.data as Float64Array);
        d[i] += delta;
        const ys = xs.slice();
        ys[k] = new Tensor('float64', x.shape, d);
        return g(ys);
      };
      out[i] = (shifted(eps) - shifted(-eps)) / (2 * eps);
    }
    return out;
  });
}

/** The tape gradient of `sum(f(xs) * w)` with respect to every input (zeros where unconnected). */
export function tapeGradient(f: Fn, xs: Tensor[], seed: number): Tensor[] {
  const tape = new GradientTape(false);
  tape.enter();
  let y: Tensor;
  try {
    for (const x of xs) tape.watch(x);
    y = f(xs);
  } finally {
    tape.exit();
  }
  const w = cotangentFor(y, seed);
  const gs = gradient(tape, [y], xs, { outputGradients: [w] });
  return gs.map((g, i) => (g ? toDense(g) : zerosOf(xs[i])));
}

function zerosOf(x: Tensor): Tensor {
  return new Tensor('float64', x.shape, new Float64Array(x.size));
}

function compare(name: string, analytic: Tensor[], numeric: Float64Array[], atol: number, rtol: number): void {
  analytic.forEach((a, k) => {
    for (let i = 0; i < a.size; i++) {
      const x = a.num(i);
      const y = numeric[k][i];
      if (!(Math.abs(x - y) <= atol + rtol * Math.abs(y)) && !(Number.isNaN(x) && Number.isNaN(y))) {
        throw new Error(`${name}: input ${k} element ${i}: tape ${x} vs numeric ${y}`);
      }
    }
  });
}

export function checkGrads(f: Fn, xs: Tensor[], opts: CheckOptions = {}): void {
  const { order = 2, eps = 1e-6, atol = 1e-5, rtol = 1e-4 } = opts;
  compare('first order', tapeGradient(f, xs, 1), numericGradient(scalarize(f, 1), xs, eps), atol, rtol);
  if (order >= 2) {
    // The gradient function itself, checked the same way: its VJPs are the second-order rules.
    const grad: Fn = (ys) => {
      const gs = tapeGradient(f, ys, 1);
      const flat = new Float64Array(gs.reduce((n, g) => n + g.size, 0));
      let o = 0;
      for (const g of gs) for (let i = 0; i < g.size; i++) flat[o++] = g.num(i);
      return gs.length === 1 ? gs[0] : new Tensor('float64', [flat.length], flat);
    };
    const secondTape = nestedGradient(f, xs);
    compare('second order', secondTape, numericGradient(scalarize(grad, 2), xs, eps * 10), atol * 100, rtol * 100);
  }
}

/** Gradient of `sum(grad_f(xs) * w2)` with the first gradient computed inside an outer tape (higher order). */
function nestedGradient(f: Fn, xs: Tensor[]): Tensor[] {
  const outer = new GradientTape(false);
  outer.enter();
  let flat: Tensor[];
  try {
    for (const x of xs) outer.watch(x);
    flat = tapeGradient(f, xs, 1);
  } finally {
    outer.exit();
  }
  // Match `grad` above: one output when there is one input, else the concatenation.
  const ws = flat.map(() => undefined as Tensor | undefined);
  const total = flat.reduce((n, g) => n + g.size, 0);
  const w = cotangentFor(new Tensor('float64', [total], new Float64Array(total)), 2);
  let o = 0;
  flat.forEach((g, k) => {
    ws[k] = new Tensor('float64', g.shape, (w.data as Float64Array).slice(o, o + g.size));
    o += g.size;
  });
  const gs = gradient(outer, flat, xs, { outputGradients: ws as Tensor[] });
  return gs.map((g, i) => (g ? toDense(g) : zerosOf(xs[i])));
}
