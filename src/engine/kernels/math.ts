import { allocate, type Data, type DType, type NumericData } from '../tensor/dtype';
import { type Shape, sizeOf } from '../tensor/shape';
import type { Tensor } from '../tensor/tensor';
import { binaryWasm, defineBinaryWasmI32, hasBinaryWasm, I32_FLOOR_MOD, WASM_ARITH_MIN } from './arithWasm';
import { broadcastIndex } from './elementwise';
import type { Fn1, Fn2 } from './loops';
import { binaryLoops, defineBinaryLoops, LOOP_MIN } from './loops';

export type { Fn1, Fn2 };

const same: Fn1 = (v) => v;

/**
 * The rounding of one arithmetic step in a dtype. TF's float32 kernels evaluate in float, so a kernel made of
 * several steps rounds after each one; `Math.fround` after each double step reproduces that exactly for + - * /
 * and sqrt (a double result rounded to float is the correctly rounded float result).
 */
export function stepRounding(d: DType): Fn1 {
  return d === 'float32' ? Math.fround : same;
}

/**
 * Eigen's SIMD width in TF's x86 builds (AVX): 8 floats or 4 doubles per packet. Eigen evaluates the bulk of a
 * tensor with the functor's packet form and the last `size % width` elements with its scalar form; the two can
 * associate differently (e.g. `SigmoidGrad`), so kernels that differ say which form applies where.
 */
export function packetWidth(d: DType): number {
  return d === 'float32' ? 8 : 4;
}

/** A same-shape binary kernel with Eigen's packet/scalar split (see `packetWidth`). */
export function mapPacketed(a: Tensor, b: Tensor, dtype: DType, packet: Fn2, scalar: Fn2): Data {
  const ad = a.data as NumericData;
  const bd = b.data as NumericData;
  const n = ad.length;
  if (
    packet === scalar &&
    dtype === 'float32' &&
    n >= WASM_ARITH_MIN &&
    ad instanceof Float32Array &&
    bd instanceof Float32Array &&
    hasBinaryWasm(packet)
  ) {
    const r = binaryWasm(packet, ad, bd, n);
    if (r) return r;
  }
  const out = allocate(dtype, n) as NumericData;
  const fast = packet === scalar && n >= LOOP_MIN ? binaryLoops(packet) : undefined;
  if (fast) {
    fast.vv(ad, bd, out);
    return out;
  }
  const bulk = n - (n % packetWidth(dtype));
  for (let i = 0; i < bulk; i++) out[i] = packet(ad[i], bd[i]);
  for (let i = bulk; i < n; i++) out[i] = scalar(ad[i], bd[i]);
  return out;
}

// ---- rounding -----------------------------------------------------------------------------------------------------

/** C `rint` in the default mode: round half to even, keeping the sign of zero (TF's `Round` and `Rint`). */
export function rint(x: number): number {
  if (!Number.isFinite(x)) return x;
  const f = Math.floor(x);
  const d = x - f;
  const r = d < 0.5 ? f : d > 0.5 ? f + 1 : f % 2 === 0 ? f : f + 1;
  return r === 0 && (x < 0 || Object.is(x, -0)) ? -0 : r;
}

/** Eigen's real `sign`: NaN stays NaN, else (x > 0) - (x < 0), so sign(±0) = +0. */
export function sign(x: number): number {
  return x > 0 ? 1 : x < 0 ? -1 : x === 0 ? 0 : x;
}

// ---- integer division, modulo and power (TF's safe_* functors) ------------------------------------------------

/** Thrown by integer kernels; the op turns it into TF's InvalidArgumentError text. */
export class KernelFault extends Error {}

/** Python floor division on integers (TF `google_floor_div`); `INT_MIN // -1` wraps like TF. */
export function floorDivInt(x: number, y: number): number {
  if (y === 0) throw new KernelFault('Integer division by zero');
  const r = x % y;
  const q = (x - r) / y;
  return r !== 0 && r < 0 !== y < 0 ? q - 1 : q;
}

/** Python modulo on integers (TF `google_floor_mod`): the result has the divisor's sign. */
export function floorModInt(x: number, y: number): number {
  if (y === 0) throw new KernelFault('Integer division by zero');
  const r = x % y;
  return r !== 0 && y < 0 !== r < 0 ? r + y : r;
}

defineBinaryWasmI32(floorModInt, I32_FLOOR_MOD);
defineBinaryLoops(floorModInt, {
  vv(a, b, o) {
    for (let i = 0; i < o.length; i++) o[i] = floorModInt(a[i], b[i]);
  },
  vs(a, y, o) {
    for (let i = 0; i < o.length; i++) o[i] = floorModInt(a[i], y);
  },
  sv(x, b, o) {
    for (let i = 0; i < o.length; i++) o[i] = floorModInt(x, b[i]);
  },
});

/** Python modulo on floats (TF `google_floor_fmod`): fmod, then shifted by y when the signs differ. */
export function floorModFloat(round: Fn1): Fn2 {
  return (x, y) => {
    const r = x % y;
    return r !== 0 && y < 0 !== r < 0 ? round(r + y) : r;
  };
}

/** Integer power by squaring with two's-complement wrap (TF `safe_pow`: negative exponents are an error). */
export function powInt32(x: number, y: number): number {
  if (y < 0) throw new KernelFault('Integers to negative integer powers are not allowed');
  let result = 1;
  let base = x | 0;
  let e = y;
  while (e > 0) {
    if (e & 1) result = Math.imul(result, base);
    base = Math.imul(base, base);
    e >>>= 1;
  }
  return result;
}

export function powInt64(x: number, y: number): number {
  if (y < 0) throw new KernelFault('Integers to negative integer powers are not allowed');
  let result = 1n;
  let base = BigInt(x);
  let e = BigInt(y);
  while (e > 0n) {
    if (e & 1n) result = BigInt.asIntN(64, result * base);
    base = BigInt.asIntN(64, base * base);
    e >>= 1n;
  }
  return Number(result);
}

/** C `pow` (JS `**` differs: 1 ** NaN and (-1) ** ±Infinity are NaN in JS, 1 in C). */
export function powFloat(x: number, y: number): number {
  if (x === 1 || y === 0) return 1;
  if (x === -1 && (y === Infinity || y === -Infinity)) return 1;
  return x ** y;
}

// ---- erf --------------------------------------------------------------------------------------------------------

// Coefficients of Sun's fdlibm s_erf.c (glibc's double `erf` derives from it; TF's float64 Erf calls std::erf).
const ERX = 0.8450629115104675;
const EFX = 0.1283791670955126;
const EFX8 = 1.0270333367641007;
// The rational approximations of each interval, written out (each a Horner scheme, as in fdlibm).
const erfSmall = (z: number): number =>
  (0.12837916709551256 +
    z *
      (-0.3250421072470015 + z * (-0.02848174957559851 + z * (-0.005770270296489442 + z * -0.000023763016656650163)))) /
  (1 +
    z *
      (0.39791722395915535 +
        z *
          (0.0650222499887673 +
            z * (0.005081306281875766 + z * (0.00013249473800432164 + z * -0.000003960228278775368)))));
const erfMid = (s: number): number =>
  (-0.0023621185607526594 +
    s *
      (0.41485611868374833 +
        s *
          (-0.3722078760357013 +
            s *
              (0.31834661990116175 +
                s * (-0.11089469428239668 + s * (0.035478304325618236 + s * -0.002166375594868791)))))) /
  (1 +
    s *
      (0.10642088040084423 +
        s *
          (0.540397917702171 +
            s *
              (0.07182865441419627 +
                s * (0.12617121980876164 + s * (0.01363708391202905 + s * 0.011984499846799107))))));
const erfcTailA = (s: number): number =>
  (-0.009864944034847148 +
    s *
      (-0.6938585727071818 +
        s *
          (-10.558626225323291 +
            s *
              (-62.375332450326006 +
                s *
                  (-162.39666946257347 +
                    s * (-184.60509290671104 + s * (-81.2874355063066 + s * -9.814329344169145))))))) /
  (1 +
    s *
      (19.651271667439257 +
        s *
          (137.65775414351904 +
            s *
              (434.56587747522923 +
                s *
                  (645.3872717332679 +
                    s *
                      (429.00814002756783 +
                        s * (108.63500554177944 + s * (6.570249770319282 + s * -0.0604244152148581))))))));
const erfcTailB = (s: number): number =>
  (-0.0098649429247001 +
    s *
      (-0.799283237680523 +
        s *
          (-17.757954917754752 +
            s *
              (-160.63638485582192 + s * (-637.5664433683896 + s * (-1025.0951316110772 + s * -483.5191916086514)))))) /
  (1 +
    s *
      (30.33806074348246 +
        s *
          (325.7925129965739 +
            s *
              (1536.729586084437 +
                s *
                  (3199.8582195085955 +
                    s * (2553.0504064331644 + s * (474.52854120695537 + s * -22.44095244658582)))))));

/**
 * The error function, fdlibm's algorithm (< 1 ulp in double). fdlibm branches on the high word of x; each
 * threshold below is that high word with a zero low word, so `|x| < T` is the same test.
 */
export function erf(x: number): number {
  const ax = Math.abs(x);
  if (!(ax < Infinity)) return Number.isNaN(x) ? x : x > 0 ? 1 : -1;
  if (ax < 0.84375) {
    if (ax < 3.725290298461914e-9) return ax < 2.848094538889218e-306 ? 0.125 * (8 * x + EFX8 * x) : x + EFX * x;
    const z = x * x;
    return x + x * erfSmall(z);
  }
  if (ax < 1.25) {
    const s = ax - 1;
    const q = erfMid(s);
    return x >= 0 ? ERX + q : -ERX - q;
  }
  if (ax >= 6) return x >= 0 ? 1 - 1e-300 : 1e-300 - 1;
  const s = 1 / (ax * ax);
  const ratio = ax < 2.8571434020996094 ? erfcTailA(s) : erfcTailB(s);
  // fdlibm: z = |x| with the low 32 bits of its significand cleared (so z*z is exact). Here 1.25 <= |x| < 6, so
  // that keeps 20 fraction bits after the leading bit: truncate at 2^-20, 2^-19 or 2^-18 by exponent.
  const scale = ax < 2 ? 1048576 : ax < 4 ? 524288 : 262144;
  const z = Math.floor(ax * scale) / scale;
  const r = Math.exp(-z * z - 0.5625) * Math.exp((z - ax) * (z + ax) + ratio);
  return x >= 0 ? 1 - r / ax : r / ax - 1;
}

// ---- n-ary and selection kernels ----------------------------------------------------------------------------------

/**
 * `AddN` the way TF's kernel associates it: the first `n % 8` inputs (8 or 9 when that is 0 or 1) are summed left
 * to right, then each further group of 8 is summed and added to the result. The typed arrays round every step.
 */
export function addN(xs: readonly Tensor[], dtype: DType, n: number): Data {
  const out = allocate(dtype, n) as NumericData;
  const group = allocate(dtype, n) as NumericData;
  const sumInto = (dst: NumericData, from: number, to: number): void => {
    dst.set(xs[from].data as NumericData);
    for (let k = from + 1; k < to; k++) {
      const src = xs[k].data as NumericData;
      for (let i = 0; i < n; i++) dst[i] += src[i];
    }
  };
  let first = xs.length % 8;
  if (first < 2) first += 8;
  sumInto(out, 0, Math.min(first, xs.length));
  for (let k = first; k < xs.length; k += 8) {
    sumInto(group, k, k + 8);
    for (let i = 0; i < n; i++) out[i] += group[i];
  }
  return out;
}

type Items = ArrayLike<number | string>;

/** `SelectV2`: out[i] = cond[i] ? x[i] : y[i] with broadcasting (any dtype, strings included). */
export function select(c: Tensor, x: Tensor, y: Tensor, shape: Shape, dtype: DType): Data {
  const n = sizeOf(shape);
  const out = allocate(dtype, n) as unknown as (number | string)[];
  const cd = c.data as Uint8Array;
  const xd = x.data as Items;
  const yd = y.data as Items;
  const flat = (len: number) => len === n || len === 1;
  if (flat(cd.length) && flat(xd.length) && flat(yd.length)) {
    // Every operand is full-size or a scalar: stride 1 or 0, no index arrays.
    const sc = cd.length === n ? 1 : 0;
    const sx = xd.length === n ? 1 : 0;
    const sy = yd.length === n ? 1 : 0;
    for (let i = 0; i < n; i++) out[i] = cd[i * sc] ? xd[i * sx] : yd[i * sy];
  } else {
    const ic = broadcastIndex(c.shape, shape);
    const ix = broadcastIndex(x.shape, shape);
    const iy = broadcastIndex(y.shape, shape);
    for (let i = 0; i < n; i++) out[i] = cd[ic[i]] ? xd[ix[i]] : yd[iy[i]];
  }
  return out as unknown as Data;
}

/** How many elements are non-zero (true); NaN counts, as in TF's `x != 0`. */
export function countNonZero(c: Tensor): number {
  const d = c.data as NumericData;
  let k = 0;
  for (let i = 0; i < d.length; i++) if (d[i] !== 0) k++;
  return k;
}

/** `Where(condition)`: the coordinates of the non-zero elements, row-major, as an int64 [count, rank] block. */
export function nonZeroCoordinates(c: Tensor, count: number): Float64Array {
  const d = c.data as NumericData;
  const rank = c.rank;
  const out = new Float64Array(count * rank);
  const coord = new Array<number>(rank).fill(0);
  let k = 0;
  for (let i = 0; i < d.length; i++) {
    if (d[i] !== 0) for (let a = 0; a < rank; a++) out[k++] = coord[a];
    for (let a = rank - 1; a >= 0; a--) {
      if (++coord[a] < c.shape[a]) break;
      coord[a] = 0;
    }
  }
  return out;
}

/** A broadcast comparison into a bool (0/1) array; works for numbers and strings. */
export function compare(a: Tensor, b: Tensor, shape: Shape, test: (x: never, y: never) => boolean): Uint8Array {
  const n = sizeOf(shape);
  const out = new Uint8Array(n);
  const ad = a.data as Items;
  const bd = b.data as Items;
  const t = test as (x: number | string, y: number | string) => boolean;
  if ((ad.length === n || ad.length === 1) && (bd.length === n || bd.length === 1)) {
    const sa = ad.length === n ? 1 : 0;
    const sb = bd.length === n ? 1 : 0;
    for (let i = 0; i < n; i++) out[i] = t(ad[i * sa], bd[i * sb]) ? 1 : 0;
  } else {
    const ia = broadcastIndex(a.shape, shape);
    const ib = broadcastIndex(b.shape, shape);
    for (let i = 0; i < n; i++) out[i] = t(ad[ia[i]], bd[ib[i]]) ? 1 : 0;
  }
  return out;
}
