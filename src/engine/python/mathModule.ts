/** The `math` module (a strict module: missing names raise AttributeError like CPython). */
import { MemoryError, OverflowError, pyError, TypeError, ValueError, ZeroDivisionError } from './exceptions';
import { iterate } from './iteration';
import { def, nativeModule } from './native';
import { floatToInt, toFloat, toIndex } from './numbers';
import { binaryOp } from './operators';
import { runtime } from './runtime';
import { PyInstance, type PyModule, type PyNativeFunction, PyTuple, type PyValue, typeName } from './values';

const domain = () => pyError(ValueError, 'math domain error');
const range = () => pyError(OverflowError, 'math range error');

/** A one-argument float function with CPython's domain and range errors. */
function unary(
  name: string,
  f: (x: number) => number,
  inDomain: (x: number) => boolean = () => true,
): PyNativeFunction {
  return def(`${name}(x, /)`, ({ x: v }) => {
    const x = toFloat(v);
    if (!inDomain(x)) throw domain();
    const r = f(x);
    if (Number.isNaN(r) && !Number.isNaN(x)) throw domain();
    if (!Number.isFinite(r) && Number.isFinite(x)) throw range();
    return r;
  });
}

function rounding(name: 'floor' | 'ceil' | 'trunc', f: (x: number) => number): PyNativeFunction {
  return def(`${name}(x, /)`, ({ x: v }) => {
    if (typeof v === 'bigint') return v;
    if (typeof v === 'boolean') return v ? 1n : 0n;
    if (v instanceof PyInstance) {
      const m = v.cls.lookup(`__${name}__`);
      if (m !== undefined && m !== null) return runtime().call(m, [v]);
    }
    return floatToInt(f(toFloat(v)));
  });
}

function erf(x: number): number {
  if (Number.isNaN(x)) return x;
  const ax = Math.abs(x);
  if (ax < 2.5) {
    let sum = x;
    let term = x;
    const x2 = x * x;
    for (let n = 1; n < 100; n++) {
      term *= -x2 / n;
      const add = term / (2 * n + 1);
      sum += add;
      if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
    }
    return (2 / Math.sqrt(Math.PI)) * sum;
  }
  const r = 1 - erfcLarge(ax);
  return x < 0 ? -r : r;
}

/** erfc(x) for x >= 2.5 by its continued fraction (modified Lentz). */
function erfcLarge(x: number): number {
  if (x > 27) return 0;
  const tiny = 1e-300;
  let f = x;
  let c = x;
  let d = 0;
  for (let n = 1; n < 200; n++) {
    const a = n / 2;
    d = x + a * d;
    d = d === 0 ? tiny : d;
    c = x + a / c;
    c = c === 0 ? tiny : c;
    d = 1 / d;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(-x * x) / (f * Math.sqrt(Math.PI));
}

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

function lgammaPos(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lgammaPos(1 - x);
  const z = x - 1;
  let a = LANCZOS[0];
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += LANCZOS[i] / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

function gamma(x: number): number {
  if (Number.isInteger(x)) {
    if (x <= 0) throw domain();
    if (x <= 171) {
      let r = 1;
      for (let i = 2; i < x; i++) r *= i;
      return r;
    }
    throw range();
  }
  if (x < 0.5) return Math.PI / (Math.sin(Math.PI * x) * gamma(1 - x));
  const r = Math.exp(lgammaPos(x));
  if (!Number.isFinite(r)) throw range();
  return r;
}

/** Shewchuk's exact summation (what `math.fsum` does). */
function fsum(values: number[]): number {
  const partials: number[] = [];
  for (let x of values) {
    let i = 0;
    for (let y of partials) {
      if (Math.abs(x) < Math.abs(y)) [x, y] = [y, x];
      const hi = x + y;
      const lo = y - (hi - x);
      if (lo) partials[i++] = lo;
      x = hi;
    }
    partials.length = i;
    partials.push(x);
  }
  let hi = 0;
  let n = partials.length;
  if (n > 0) {
    hi = partials[--n];
    let lo = 0;
    while (n > 0) {
      const x = hi;
      const y = partials[--n];
      hi = x + y;
      const yr = hi - x;
      lo = y - yr;
      if (lo) break;
    }
    if (n > 0 && ((lo < 0 && partials[n - 1] < 0) || (lo > 0 && partials[n - 1] > 0))) {
      const y = lo * 2;
      const x = hi + y;
      if (y === x - hi) hi = x;
    }
  }
  return hi;
}

function intArg(v: PyValue, fname: string): bigint {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'boolean') return v ? 1n : 0n;
  if (typeof v === 'number') throw pyError(TypeError, `'float' object cannot be interpreted as an integer`);
  return BigInt(toIndex(v, () => `${fname}() argument must be an integer, not '${typeName(v)}'`));
}

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y) [x, y] = [y, x % y];
  return x;
}

export function makeMathModule(): PyModule {
  const attrs: Record<string, PyValue> = {
    pi: Math.PI,
    e: Math.E,
    tau: 2 * Math.PI,
    inf: Infinity,
    nan: Number.NaN,
    sqrt: unary('sqrt', Math.sqrt, (x) => x >= 0 || Number.isNaN(x)),
    exp: unary('exp', Math.exp),
    exp2: unary('exp2', (x) => 2 ** x),
    expm1: unary('expm1', Math.expm1),
    log2: unary('log2', Math.log2, (x) => x > 0 || Number.isNaN(x)),
    log10: unary('log10', Math.log10, (x) => x > 0 || Number.isNaN(x)),
    log1p: unary('log1p', Math.log1p, (x) => x > -1 || Number.isNaN(x)),
    sin: unary('sin', Math.sin, Number.isFinite),
    cos: unary('cos', Math.cos, Number.isFinite),
    tan: unary('tan', Math.tan, Number.isFinite),
    asin: unary('asin', Math.asin, (x) => Math.abs(x) <= 1),
    acos: unary('acos', Math.acos, (x) => Math.abs(x) <= 1),
    atan: unary('atan', Math.atan),
    sinh: unary('sinh', Math.sinh),
    cosh: unary('cosh', Math.cosh),
    tanh: unary('tanh', Math.tanh),
    asinh: unary('asinh', Math.asinh),
    acosh: unary('acosh', Math.acosh, (x) => x >= 1),
    atanh: unary('atanh', Math.atanh, (x) => Math.abs(x) < 1),
    fabs: unary('fabs', Math.abs),
    degrees: unary('degrees', (x) => (x * 180) / Math.PI),
    radians: unary('radians', (x) => (x * Math.PI) / 180),
    erf: unary('erf', erf),
    erfc: unary('erfc', (x) => (x >= 2.5 ? erfcLarge(x) : 1 - erf(x))),
    gamma: unary('gamma', gamma),
    lgamma: unary('lgamma', (x) => {
      if (Number.isInteger(x) && x <= 0) throw domain();
      return x > 0 && x < 172 ? Math.log(Math.abs(gamma(x))) : lgammaPos(x);
    }),
    floor: rounding('floor', Math.floor),
    ceil: rounding('ceil', Math.ceil),
    trunc: rounding('trunc', Math.trunc),
    log: def('log(x, base=None, /)', ({ x: xv, base: bv }) => {
      const x = toFloat(xv);
      if (!(x > 0)) {
        if (Number.isNaN(x)) return x;
        throw domain();
      }
      const lx = typeof xv === 'bigint' && !Number.isFinite(Number(xv)) ? bigLog(xv) : Math.log(x);
      if (bv === null) return lx;
      const b = toFloat(bv);
      if (!(b > 0)) throw domain();
      const lb = Math.log(b);
      if (lb === 0) throw pyError(ZeroDivisionError, 'float division by zero');
      return lx / lb;
    }),
    pow: def('pow(x, y, /)', ({ x: xv, y: yv }) => {
      const x = toFloat(xv);
      const y = toFloat(yv);
      if (x === 0 && y < 0) throw domain();
      if (x < 0 && !Number.isInteger(y) && Number.isFinite(y)) throw domain();
      const r = x ** y;
      if (x === 1 || y === 0) return 1;
      if (!Number.isFinite(r) && Number.isFinite(x) && Number.isFinite(y)) throw range();
      return r;
    }),
    atan2: def('atan2(y, x, /)', ({ y, x }) => Math.atan2(toFloat(y), toFloat(x))),
    hypot: def('hypot(*coordinates)', ({ coordinates: cs }) => Math.hypot(...(cs as PyTuple).items.map(toFloat))),
    copysign: def('copysign(x, y, /)', ({ x, y }) => {
      const a = Math.abs(toFloat(x));
      const b = toFloat(y);
      return b < 0 || Object.is(b, -0) ? -a : a;
    }),
    fmod: def('fmod(x, y, /)', ({ x, y }) => {
      const b = toFloat(y);
      if (b === 0 || !Number.isFinite(toFloat(x))) throw domain();
      return toFloat(x) % b;
    }),
    modf: def('modf(x, /)', ({ x }) => {
      const v = toFloat(x);
      const i = Math.trunc(v);
      return new PyTuple([Number.isFinite(v) ? v - i : 0 * Math.sign(v), i]);
    }),
    isclose: def('isclose(a, b, *, rel_tol=1e-09, abs_tol=0.0)', ({ a, b, rel_tol: rt, abs_tol: at }) => {
      const x = toFloat(a);
      const y = toFloat(b);
      const rel = toFloat(rt);
      const abs = toFloat(at);
      if (rel < 0 || abs < 0) throw pyError(ValueError, 'tolerances must be non-negative');
      if (x === y) return true;
      if (!Number.isFinite(x) || !Number.isFinite(y)) return false;
      const diff = Math.abs(y - x);
      return diff <= Math.abs(rel * y) || diff <= Math.abs(rel * x) || diff <= abs;
    }),
    isnan: def('isnan(x, /)', ({ x }) => Number.isNaN(toFloat(x))),
    isinf: def('isinf(x, /)', ({ x }) => {
      const v = toFloat(x);
      return v === Infinity || v === -Infinity;
    }),
    isfinite: def('isfinite(x, /)', ({ x }) => Number.isFinite(toFloat(x))),
    factorial: def('factorial(n, /)', ({ n: nv }) => {
      const n = intArg(nv, 'factorial');
      if (n < 0n) throw pyError(ValueError, 'factorial() not defined for negative values');
      if (n > 20000n) throw pyError(MemoryError, 'factorial argument too large for Gradient Lens');
      let r = 1n;
      for (let i = 2n; i <= n; i++) r *= i;
      return r;
    }),
    gcd: def('gcd(*integers)', ({ integers: xs }) => {
      let g = 0n;
      for (const x of (xs as PyTuple).items) g = gcd(g, intArg(x, 'gcd'));
      return g;
    }),
    lcm: def('lcm(*integers)', ({ integers: xs }) => {
      let l = 1n;
      for (const x of (xs as PyTuple).items) {
        const v = intArg(x, 'lcm');
        if (v === 0n) return 0n;
        l = (l * (v < 0n ? -v : v)) / gcd(l, v);
      }
      return l;
    }),
    isqrt: def('isqrt(n, /)', ({ n: nv }) => {
      const n = intArg(nv, 'isqrt');
      if (n < 0n) throw pyError(ValueError, 'isqrt() argument must be nonnegative');
      if (n < 2n) return n;
      let x = BigInt(Math.floor(Math.sqrt(Number(n))));
      while (x * x > n) x--;
      while ((x + 1n) * (x + 1n) <= n) x++;
      return x;
    }),
    comb: def('comb(n, k, /)', ({ n: nv, k: kv }) => {
      const n = intArg(nv, 'comb');
      let k = intArg(kv, 'comb');
      if (n < 0n || k < 0n) throw pyError(ValueError, `${n < 0n ? 'n' : 'k'} must be a non-negative integer`);
      if (k > n) return 0n;
      if (k > n - k) k = n - k;
      let r = 1n;
      for (let i = 1n; i <= k; i++) r = (r * (n - k + i)) / i;
      return r;
    }),
    perm: def('perm(n, k=None, /)', ({ n: nv, k: kv }) => {
      const n = intArg(nv, 'perm');
      const k = kv === null ? n : intArg(kv, 'perm');
      if (n < 0n || k < 0n) throw pyError(ValueError, `${n < 0n ? 'n' : 'k'} must be a non-negative integer`);
      if (k > n) return 0n;
      let r = 1n;
      for (let i = n - k + 1n; i <= n; i++) r *= i;
      return r;
    }),
    prod: def('prod(iterable, /, *, start=1)', ({ iterable: it, start }) => {
      let acc = start;
      for (const x of iterate(it)) acc = binaryOp('*', acc, x);
      return acc;
    }),
    fsum: def('fsum(seq, /)', ({ seq: it }) => fsum([...iterate(it)].map(toFloat))),
    dist: def('dist(p, q, /)', ({ p, q }) => {
      const a = [...iterate(p)].map(toFloat);
      const b = [...iterate(q)].map(toFloat);
      if (a.length !== b.length) throw pyError(ValueError, 'both points must have the same number of dimensions');
      return Math.hypot(...a.map((x, i) => x - b[i]));
    }),
  };
  return nativeModule('math', attrs, { strict: true });
}

function bigLog(n: bigint): number {
  const s = n.toString(2);
  const top = Number.parseInt(s.slice(0, 53), 2);
  return Math.log(top) + (s.length - 53) * Math.LN2;
}
