/**
 * float32 exp, tanh, sin, cos, log and sigmoid as TF's CPU kernels compute them, in TypeScript: Eigen's packet
 * algorithms step for step (every multiply and add rounded to float separately, no fused multiply-add, subnormal
 * inputs read as zero and subnormal results flushed, as on TF's threads), and Eigen's scalar forms for the elements
 * TF leaves out of its 8-float packets. The WebAssembly kernels (`assembly/kernels.ts`, `unaryF32`) compute the same
 * packet algorithms at SIMD speed and must return these bits; `unaryWasm.ts` uses them for larger tensors.
 *
 * Which element takes which form (measured with real TF 2.21 at sizes 1–33, 255–263): Eigen evaluates the first
 * `n − n mod 8` elements with the packet function and the last `n mod 8` with the scalar one, whatever `n` is.
 */
import type { Fn1 } from './loops';

const f = Math.fround;
const FLT_MIN = 1.1754943508222875e-38;

/** Eigen's width of a float packet in TF's x86 build (AVX). */
export const PACKET = 8;

/** A subnormal input read as signed zero (DAZ). */
const daz = (x: number): number => (Math.abs(x) < FLT_MIN ? (x < 0 || Object.is(x, -0) ? -0 : 0) : x);
/** A subnormal result flushed to signed zero (FTZ). */
const ftz = daz;

/** 2^e for e in [−127, 128] as the packet code builds it from exponent bits: 0 at −127, +∞ at 128. */
const POW2 = Float64Array.from({ length: 256 }, (_, i) => (i === 0 ? 0 : i === 255 ? Infinity : 2 ** (i - 127)));
const pow2 = (e: number): number => POW2[Math.max(Math.min(e, 128), -127) + 127];

// ---- exp ----------------------------------------------------------------------------------------------------------

const EXP_HI = f(88.723);
const LOG2E = f(Math.LOG2E);
const C1 = f(-0.693359375);
const C2 = f(2.1219444e-4);
const E0 = f(0.001374496379867196);
const E1 = f(0.04166965186595917);
const E2 = f(0.008368944749236107);
const E3 = f(0.166665181517601);
const E4 = f(0.49999988079071045);

/**
 * Eigen's float `pexp`: x = m·ln 2 + r with m = ⌊x·log₂e + ½⌋ (x clamped to 88.723 above), r by two-part Cody–Waite
 * reduction, exp(r) by a degree-6 polynomial (even and odd parts), scaled by 2^m in two exact steps; 0 below −104.
 */
export function expPacket(x0: number): number {
  if (Number.isNaN(x0)) return x0;
  if (x0 < -104) return 0;
  const x = Math.min(daz(x0), EXP_HI);
  const m = Math.floor(f(f(x * LOG2E) + 0.5));
  let r = f(f(m * C1) + x);
  r = f(f(m * C2) + r);
  const r2 = f(r * r);
  let pe = f(f(r2 * E0) + E1);
  const po = f(f(r2 * E2) + E3);
  pe = f(f(r2 * pe) + E4);
  const pl = f(r + 1);
  let y = f(f(r * po) + pe);
  y = f(f(r2 * y) + pl);
  const m1 = Math.max(Math.min(m, 127), -127);
  const m2 = Math.max(m - m1, -126);
  return ftz(f(f(y * pow2(m1)) * pow2(m2)));
}

/** The scalar `std::exp` of TF's tail elements (glibc's `expf`: correctly rounded on the tested inputs). */
export const expScalar: Fn1 = (x) => ftz(f(Math.exp(daz(x))));

// ---- tanh ---------------------------------------------------------------------------------------------------------

const TANH_CLAMP = f(7.9073896408081055);
const TA = [f(1.394553628e-8), f(2.10273356e-5), f(3.520756727e-3), f(1.3402161e-1)];
const TB = [f(8.015776984e-7), f(3.326951409e-4), f(2.597254514e-2), f(4.67354834e-1)];

/** Eigen's float tanh (packet and scalar form alike): x clamped to ±7.90738964, a [9/8] odd/even rational function. */
export function tanhPacket(x0: number): number {
  if (Number.isNaN(x0)) return x0;
  const x = Math.max(Math.min(daz(x0), TANH_CLAMP), -TANH_CLAMP);
  const x2 = f(x * x);
  const x3 = f(x2 * x);
  let p = f(f(TA[0] * x2) + TA[1]);
  p = f(f(p * x2) + TA[2]);
  p = f(f(p * x2) + TA[3]);
  let q = f(f(TB[0] * x2) + TB[1]);
  q = f(f(q * x2) + TB[2]);
  q = f(f(q * x2) + TB[3]);
  q = f(f(q * x2) + 1);
  p = f(f(x3 * p) + x);
  return f(p / q);
}

// ---- sin, cos -----------------------------------------------------------------------------------------------------

const TWO_OVER_PI_F = f(0.6366197466850281);
const ROUNDER = 12582912;
const PIO2 = [f(-1.5703125), f(-0.0004839897155761719), f(1.628650352358818e-7), f(5.564431554416771e-11)];
const CP = [f(0.000024372266125283204), f(-0.001388652017340064), f(0.04166661947965622)];
const SP = [f(-0.0001959234114083703), f(0.008332687365561685), f(-0.16666662039822983)];

// 2/π as 26 overlapping 32-bit words, each shifted 8 bits from the previous (Payne–Hanek reduction table).
const TWO_OVER_PI = [
  0x00000028, 0x000028be, 0x0028be60, 0x28be60db, 0xbe60db93, 0x60db9391, 0xdb939105, 0x9391054a, 0x91054a7f,
  0x054a7f09, 0x4a7f09d5, 0x7f09d5f4, 0x09d5f47d, 0xd5f47d4d, 0xf47d4d37, 0x7d4d3770, 0x4d377036, 0x377036d8,
  0x7036d8a5, 0x36d8a566, 0xd8a5664f, 0xa5664f10, 0x664f10e4, 0x4f10e410, 0x10e41000, 0xe4100000,
].map(BigInt);

const bits = new Float32Array(1);
const ibits = new Uint32Array(bits.buffer);
const M64 = (1n << 64n) - 1n;

/**
 * |x| reduced modulo π/2 for large finite |x|: x·2/π in 2.62 fixed point from 96 bits of 2/π, rounded to the
 * nearest quadrant; returns [remainder times π/2, quadrant].
 */
function reduceHuge(ax: number): [number, number] {
  bits[0] = ax;
  let xi = ibits[0];
  const e = (xi >>> 23) - 118;
  xi = (((xi & 0x007fffff) | 0x00800000) << (e & 7)) >>> 0;
  const i = e >> 3;
  const x = BigInt(xi);
  let p = x * TWO_OVER_PI[i + 7];
  p = x * TWO_OVER_PI[i + 3] + (p >> 32n);
  p = ((((x * TWO_OVER_PI[i - 1]) & 0xffffffffn) << 32n) + p) & M64;
  const q = ((p + (1n << 61n)) & M64) >> 62n;
  p = (p - (q << 62n)) & M64;
  return [f(Number(BigInt.asIntN(64, p)) * 3.4061215800865545e-19), Number(q)];
}

/**
 * Eigen's float sin (`sine`) or cos: y = nearest integer to |x|·2/π, |x| − y·π/2 in four parts, both polynomials on
 * [−π/4, π/4], the one the quadrant needs and the quadrant's sign; |x| ≥ 25966 (sin) or 18838 (cos) by Payne–Hanek.
 */
function sinCos(x0: number, sine: boolean): number {
  const xin = daz(x0);
  const ax = Math.abs(xin);
  const yr = f(f(ax * TWO_OVER_PI_F) + ROUNDER);
  const y = f(yr - ROUNDER);
  let x = f(f(y * PIO2[0]) + ax);
  x = f(f(y * PIO2[1]) + x);
  x = f(f(y * PIO2[2]) + x);
  x = f(f(y * PIO2[3]) + x);
  // The low bits of yr's bit pattern are the quadrant's (yr = 1.5·2^23 + y).
  bits[0] = yr;
  let q = ibits[0];
  if (ax >= (sine ? 25966 : 18838) && ax - ax === 0) [x, q] = reduceHuge(ax);
  const flip = sine ? (xin < 0 || Object.is(xin, -0)) !== ((q & 2) !== 0) : ((q + 1) & 2) !== 0;
  const x2 = f(x * x);
  let c = f(f(CP[0] * x2) + CP[1]);
  c = f(f(c * x2) + CP[2]);
  c = f(f(c * x2) - 0.5);
  c = f(f(c * x2) + 1);
  let s = f(f(SP[0] * x2) + SP[1]);
  s = f(f(s * x2) + SP[2]);
  s = f(s * x2);
  s = f(f(s * x) + x);
  const even = (q & 1) === 0;
  const r = sine === even ? s : c;
  return flip ? -r : r;
}

export const sinPacket: Fn1 = (x) => sinCos(x, true);
export const cosPacket: Fn1 = (x) => sinCos(x, false);
/**
 * The scalar `std::sin`/`std::cos` of TF's tail elements (correctly rounded on the tested inputs; glibc's `sinf`
 * returns a subnormal x unchanged, measured).
 */
export const sinScalar: Fn1 = (x) => (Math.abs(x) < FLT_MIN ? x : f(Math.sin(x)));
export const cosScalar: Fn1 = (x) => f(Math.cos(daz(x)));

// ---- log ----------------------------------------------------------------------------------------------------------

const SQRTHF = f(0.7071067690849304);
// The coefficients as float (the two linear ones round to 1).
const LA = [f(0.1825629621744156), 1, 1];
const LB = [f(0.0496162474155426), f(0.5992324948310852), f(1.5), 1];
const LN2 = f(Math.LN2);

/**
 * Eigen's float `plog`: x = m·2^e with m in [½, 1), shifted to [√½, √2) − 1, log(1 + x) by a [3/3] rational
 * function x·p(x)/q(x), plus e·ln 2; −∞ at zero (and subnormals), NaN below zero, +∞ at +∞.
 */
export function logPacket(x0: number): number {
  const x = daz(x0);
  if (Number.isNaN(x) || x < 0) return Number.NaN;
  if (x === 0) return -Infinity;
  if (x === Infinity) return x;
  bits[0] = x;
  const b = ibits[0];
  let e = ((b >>> 23) & 0xff) - 126;
  ibits[0] = (b & 0x807fffff) | 0x3f000000;
  const m = bits[0];
  const below = m < SQRTHF;
  let t = f(m - 1);
  if (below) {
    e -= 1;
    t = f(t + m);
  }
  let p = f(f(LA[0] * t) + LA[1]);
  p = f(f(p * t) + LA[2]);
  p = f(t * p);
  let q = f(f(LB[0] * t) + LB[1]);
  q = f(f(q * t) + LB[2]);
  q = f(f(q * t) + LB[3]);
  return f(f(e * LN2) + f(p / q));
}

/** log(2^−150), what glibc's `logf` returns for every positive subnormal on TF's threads (measured). */
const LOG_SUBNORMAL = f(-150 * Math.LN2);

/**
 * The scalar `std::log` of TF's tail elements (glibc's `logf`, correctly rounded). It scales a subnormal x by 2^23
 * before reducing it, which DAZ reads as zero: every positive subnormal gives log(2^−150), a negative one NaN.
 */
export const logScalar: Fn1 = (x) =>
  x !== 0 && Math.abs(x) < FLT_MIN ? (x > 0 ? LOG_SUBNORMAL : Number.NaN) : f(Math.log(x));

// ---- sigmoid ------------------------------------------------------------------------------------------------------

const SIG_HI = f(16.6355324);
const S_LOG2E = f(1.4426950216293335);
const SP2 = f(0.49999141693115234);
const SP3 = f(0.16666877269744873);
const SP4 = f(0.04189866781234741);
const SP5 = f(0.00833471305668354);

/**
 * Eigen's float logistic packet function: 0 below −104; x clamped to 16.6355324 above and halved, exp(x/2) as in
 * `pexp` with a degree-5 polynomial and a one-step 2^m scaling, squared, then e/(1 + e).
 */
export function sigmoidPacket(x0: number): number {
  if (Number.isNaN(x0)) return x0;
  if (x0 < -104) return 0;
  const x = f(Math.min(daz(x0), SIG_HI) * 0.5);
  const m = Math.floor(f(f(x * S_LOG2E) + 0.5));
  let r = f(f(m * C1) + x);
  r = f(f(m * C2) + r);
  const r2 = f(r * r);
  const pe = f(f(r2 * SP4) + SP2);
  const po = f(f(r2 * SP5) + SP3);
  const pl = f(r + 1);
  let p = f(f(r * po) + pe);
  p = f(f(r2 * p) + pl);
  let e = f(p * pow2(Math.max(Math.min(m, 128), -127)));
  e = ftz(f(e * e));
  return ftz(f(e / f(1 + e)));
}

/** Eigen's scalar logistic for float: e = std::exp(min(x, 16.6355324)), then e/(1 + e), each rounded to float. */
export const sigmoidScalar: Fn1 = (x0) => {
  const e = expScalar(Math.min(x0, SIG_HI));
  return ftz(f(e / f(1 + e)));
};

// ---- log1p, expm1, softplus: Eigen's generic forms built on the packet exp and log -------------------------------

/**
 * Eigen's generic float `plog1p` (Kahan): x where 1 + x rounds to 1 or log(1 + x) overflows, else x·log(u)/(u − 1).
 * TF returns a subnormal x as signed zero here (measured; its expm1 returns a subnormal x unchanged).
 */
export function log1pPacket(x: number): number {
  const u = f(x + 1);
  const lu = logPacket(u);
  if (u === 1 || u === lu) return daz(x);
  return f(x * f(lu / f(u - 1)));
}

/** Eigen's generic float `pexpm1` (Kahan): x where e^x rounds to 1, −1 where e^x − 1 does, else (u − 1)·x/log(u). */
export function expm1Packet(x: number): number {
  const u = expPacket(x);
  if (u === 1) return x;
  const um1 = f(u - 1);
  if (um1 === -1) return -1;
  const lu = logPacket(u);
  return lu === u ? u : f(um1 * f(x / lu));
}

/**
 * The scalar `std::log1p`/`std::expm1` of TF's tail elements (correctly rounded here; glibc's may differ by an ulp).
 * glibc's `log1pf` returns a subnormal x unchanged, its `expm1f` flushes it (measured).
 */
export const log1pScalar: Fn1 = (x) => (Math.abs(x) < FLT_MIN ? x : f(Math.log1p(x)));
export const expm1Scalar: Fn1 = (x) => ftz(f(Math.expm1(daz(x))));

/** TF's Softplus threshold in float: log(ε) + 2. */
const SOFTPLUS_T = f(f(Math.log(2 ** -23)) + 2);

/** TF's Softplus: x above −threshold, exp(x) below threshold, log1p(exp(x)) between (each in the given forms). */
const softplusWith =
  (exp: Fn1, log1p: Fn1): Fn1 =>
  (x) =>
    x > -SOFTPLUS_T ? x : x < SOFTPLUS_T ? exp(x) : log1p(exp(x));
export const softplusPacket = softplusWith(expPacket, log1pPacket);
export const softplusScalar = softplusWith(expScalar, log1pScalar);

// ---- the ops ------------------------------------------------------------------------------------------------------

/** The engine's float64 kernel of `Sigmoid`, and the key by which the float32 dispatch recognises the op. */
export const sigmoidF: Fn1 = (x) => 1 / (1 + Math.exp(-x));
/** The engine's reference float32 kernel of `Softplus` (correctly rounded steps), and the dispatch's key. */
export const softplusF32: Fn1 = softplusWith(
  (x) => f(Math.exp(x)),
  (x) => Math.log1p(x),
);

/** An op TF computes with an Eigen packet function: the WebAssembly kernel's code, its packet and scalar forms. */
export interface EigenUnary {
  readonly code: number;
  readonly packet: Fn1;
  readonly scalar: Fn1;
}

/** The ops, by the scalar function the engine's op passes to `mapUnary` (codes of `assembly/kernels.ts`). */
export const EIGEN_UNARY = new Map<Fn1, EigenUnary>([
  [Math.exp, { code: 0, packet: expPacket, scalar: expScalar }],
  [Math.tanh, { code: 1, packet: tanhPacket, scalar: tanhPacket }],
  [Math.sin, { code: 2, packet: sinPacket, scalar: sinScalar }],
  [Math.cos, { code: 3, packet: cosPacket, scalar: cosScalar }],
  [Math.log, { code: 4, packet: logPacket, scalar: logScalar }],
  [sigmoidF, { code: 5, packet: sigmoidPacket, scalar: sigmoidScalar }],
  [Math.log1p, { code: 6, packet: log1pPacket, scalar: log1pScalar }],
  [Math.expm1, { code: 7, packet: expm1Packet, scalar: expm1Scalar }],
  [softplusF32, { code: 8, packet: softplusPacket, scalar: softplusScalar }],
]);

/** The elements `[from, to)` of `out` as TF's packet path computes them, in TypeScript. */
export function packetLoop(op: EigenUnary, src: Float32Array, out: Float32Array, from: number, to: number): void {
  const p = op.packet;
  for (let i = from; i < to; i++) out[i] = p(src[i]);
}

/** The last `n mod 8` elements of `out` as TF's scalar path computes them. */
export function scalarTail(op: EigenUnary, src: Float32Array, out: Float32Array): void {
  const s = op.scalar;
  for (let i = src.length - (src.length % PACKET); i < src.length; i++) out[i] = s(src[i]);
}
