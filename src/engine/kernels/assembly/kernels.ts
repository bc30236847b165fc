// AssemblyScript source of the engine's WebAssembly kernels (compiled by scripts/build.mjs with `asc`, embedded in
// the bundles as base64; see ../wasm.ts). Not TypeScript: excluded from tsc, checked by asc.
//
// GEMM: C = op(A) · op(B), op = optional transpose, for float32 or float64 operands. Every output element is
// accumulated in f64, in order p = 0 … k-1, and rounded once when stored: bit for bit the TypeScript reference
// kernel (../matmul.ts). Products of float32 values are exact in f64, and wasm never fuses a multiply and an add,
// so vectorising across output columns (f64x2 lanes) changes nothing but the speed.
//
// Layout: both operands are first packed into f64 panels (transposes are handled by the packing strides, so no
// transposed copy of a tensor is ever made): A into row panels of 4 rows, `Ap[panel][p][r]`; B into column panels
// of 4 columns, `Bp[panel][p][c]`; zero-padded at the edges. The micro-kernel keeps a 4 × 4 block of C in eight
// f64x2 accumulators (V8 gives wasm 16 xmm registers: 8 accumulators, 2 B vectors and the A splats fit) and streams
// both panels once over the whole k. f64x2 mul + add is the ceiling here (about 12 GFLOP/s on this machine).

/** Where JS may start placing operands (after this module's static data). */
export function heapBase(): usize {
  return __heap_base;
}

function loadElem(src: usize, f32: i32, idx: usize): f64 {
  return f32 ? <f64>load<f32>(src + (idx << 2)) : load<f64>(src + (idx << 3));
}

/**
 * Pack op(A), an m × k matrix, into row panels of 4: `dst[((ib * k) + p) * 4 + r] = op(A)[ib * 4 + r, p]`.
 * `trans`: A is stored k × m (row-major), so op(A)[i, p] = src[p * m + i]; else src[i * k + p].
 */
export function packRows(src: usize, f32: i32, trans: i32, m: i32, k: i32, dst: usize): void {
  const panels = (m + 3) >> 2;
  for (let ib = 0; ib < panels; ib++) {
    const base = dst + ((<usize>ib * <usize>k) << 5);
    for (let r = 0; r < 4; r++) {
      const i = ib * 4 + r;
      if (i >= m) {
        for (let p = 0; p < k; p++) store<f64>(base + ((((<usize>p) << 2) + r) << 3), 0);
        continue;
      }
      if (trans) {
        for (let p = 0; p < k; p++) {
          store<f64>(base + ((((<usize>p) << 2) + r) << 3), loadElem(src, f32, <usize>p * <usize>m + i));
        }
      } else {
        const row = <usize>i * <usize>k;
        for (let p = 0; p < k; p++) store<f64>(base + ((((<usize>p) << 2) + r) << 3), loadElem(src, f32, row + p));
      }
    }
  }
}

/**
 * Pack op(B), a k × n matrix, into column panels of 4: `dst[((jb * k) + p) * 4 + c] = op(B)[p, jb * 4 + c]`.
 * `trans`: B is stored n × k, so op(B)[p, j] = src[j * k + p]; else src[p * n + j].
 */
export function packCols(src: usize, f32: i32, trans: i32, k: i32, n: i32, dst: usize): void {
  const panels = (n + 3) >> 2;
  for (let jb = 0; jb < panels; jb++) {
    const base = dst + ((<usize>jb * <usize>k) << 5);
    for (let c = 0; c < 4; c++) {
      const j = jb * 4 + c;
      if (j >= n) {
        for (let p = 0; p < k; p++) store<f64>(base + ((((<usize>p) << 2) + c) << 3), 0);
        continue;
      }
      if (trans) {
        const row = <usize>j * <usize>k;
        for (let p = 0; p < k; p++) store<f64>(base + ((((<usize>p) << 2) + c) << 3), loadElem(src, f32, row + p));
      } else {
        for (let p = 0; p < k; p++) {
          store<f64>(base + ((((<usize>p) << 2) + c) << 3), loadElem(src, f32, <usize>p * <usize>n + j));
        }
      }
    }
  }
}

function storeElem(out: usize, f32: i32, idx: usize, v: f64): void {
  if (f32) store<f32>(out + (idx << 2), <f32>v);
  else store<f64>(out + (idx << 3), v);
}

/** Store lane `c` of a row's two accumulators when column `j0 + c` exists. */
function storeRow(out: usize, f32: i32, row: usize, j0: i32, n: i32, lo: v128, hi: v128): void {
  if (j0 + 3 < n) {
    storeElem(out, f32, row + j0, f64x2.extract_lane(lo, 0));
    storeElem(out, f32, row + j0 + 1, f64x2.extract_lane(lo, 1));
    storeElem(out, f32, row + j0 + 2, f64x2.extract_lane(hi, 0));
    storeElem(out, f32, row + j0 + 3, f64x2.extract_lane(hi, 1));
    return;
  }
  if (j0 < n) storeElem(out, f32, row + j0, f64x2.extract_lane(lo, 0));
  if (j0 + 1 < n) storeElem(out, f32, row + j0 + 1, f64x2.extract_lane(lo, 1));
  if (j0 + 2 < n) storeElem(out, f32, row + j0 + 2, f64x2.extract_lane(hi, 0));
}

/**
 * C (m × n, row-major, float32 when `f32` else float64) = packed A · packed B. Each element sums p = 0 … k-1 in
 * order in f64 and is rounded once when stored.
 */
export function gemm(ap: usize, bp: usize, out: usize, f32: i32, m: i32, k: i32, n: i32): void {
  const mp = (m + 3) >> 2;
  const np = (n + 3) >> 2;
  const panelBytes = (<usize>k) << 5;
  for (let jb = 0; jb < np; jb++) {
    const bPanel = bp + <usize>jb * panelBytes;
    const j0 = jb * 4;
    for (let ib = 0; ib < mp; ib++) {
      let a = ap + <usize>ib * panelBytes;
      let b = bPanel;
      let c00 = f64x2.splat(0);
      let c01 = f64x2.splat(0);
      let c10 = f64x2.splat(0);
      let c11 = f64x2.splat(0);
      let c20 = f64x2.splat(0);
      let c21 = f64x2.splat(0);
      let c30 = f64x2.splat(0);
      let c31 = f64x2.splat(0);
      for (let p = 0; p < k; p++) {
        const b0 = v128.load(b);
        const b1 = v128.load(b, 16);
        const a0 = f64x2.splat(load<f64>(a));
        const a1 = f64x2.splat(load<f64>(a, 8));
        const a2 = f64x2.splat(load<f64>(a, 16));
        const a3 = f64x2.splat(load<f64>(a, 24));
        c00 = f64x2.add(c00, f64x2.mul(a0, b0));
        c01 = f64x2.add(c01, f64x2.mul(a0, b1));
        c10 = f64x2.add(c10, f64x2.mul(a1, b0));
        c11 = f64x2.add(c11, f64x2.mul(a1, b1));
        c20 = f64x2.add(c20, f64x2.mul(a2, b0));
        c21 = f64x2.add(c21, f64x2.mul(a2, b1));
        c30 = f64x2.add(c30, f64x2.mul(a3, b0));
        c31 = f64x2.add(c31, f64x2.mul(a3, b1));
        a += 32;
        b += 32;
      }
      const i0 = ib * 4;
      storeRow(out, f32, <usize>i0 * <usize>n, j0, n, c00, c01);
      if (i0 + 1 < m) storeRow(out, f32, <usize>(i0 + 1) * <usize>n, j0, n, c10, c11);
      if (i0 + 2 < m) storeRow(out, f32, <usize>(i0 + 2) * <usize>n, j0, n, c20, c21);
      if (i0 + 3 < m) storeRow(out, f32, <usize>(i0 + 3) * <usize>n, j0, n, c30, c31);
    }
  }
}

// ---- float32 GEMM, float32 accumulation ------------------------------------------------------------------------
//
// C = op(A) · op(B) for large float32 products, accumulated in f32 as TF's CPU kernels do: each element sums its
// products p = p0 … p1-1 in order in f32 (wasm's f32x4 mul then add, each rounded; no fused multiply-add), and a
// product with k > one block adds the block sums to C in block order (the caller runs the blocks). A is packed into
// row panels of 4 (`Ap[panel][p][r]`), B into column panels of 8 (`Bp[panel][p][c]`), zero-padded; the
// micro-kernel keeps a 4 × 8 block of C in eight f32x4 accumulators. C is a padded scratch matrix of
// `4·⌈m/4⌉` rows with leading dimension `8·⌈n/8⌉`, so the kernel never checks an edge.

/**
 * Pack op(A) (m × k, f32) into row panels of 4: `dst[(ib·k + p)·4 + r] = op(A)[4·ib + r, p]`. A transposed A is
 * read with leading dimension `ld` (`op(A)[i, p] = src[p·ld + i]`; `ld` = m for a whole matrix, more for a slice
 * of its rows).
 */
export function packRowsF32(src: usize, trans: i32, m: i32, k: i32, ld: i32, dst: usize): void {
  const panels = (m + 3) >> 2;
  for (let ib = 0; ib < panels; ib++) {
    const base = dst + ((<usize>ib * <usize>k) << 4);
    const i0 = ib * 4;
    if (trans && i0 + 3 < m) {
      // op(A)[i, p] = src[p·ld + i]: the panel's four values of column p are contiguous.
      for (let p = 0; p < k; p++)
        v128.store(base + ((<usize>p) << 4), v128.load(src + ((<usize>p * <usize>ld + i0) << 2)));
      continue;
    }
    for (let r = 0; r < 4; r++) {
      const i = i0 + r;
      const at = base + ((<usize>r) << 2);
      if (i >= m) {
        for (let p = 0; p < k; p++) store<f32>(at + ((<usize>p) << 4), 0);
      } else if (trans) {
        for (let p = 0; p < k; p++)
          store<f32>(at + ((<usize>p) << 4), load<f32>(src + ((<usize>p * <usize>ld + i) << 2)));
      } else {
        const row = src + ((<usize>i * <usize>k) << 2);
        for (let p = 0; p < k; p++) store<f32>(at + ((<usize>p) << 4), load<f32>(row + ((<usize>p) << 2)));
      }
    }
  }
}

/** Pack op(B) (k × n, f32) into column panels of 8: `dst[(jb·k + p)·8 + c] = op(B)[p, 8·jb + c]`. */
export function packColsF32(src: usize, trans: i32, k: i32, n: i32, dst: usize): void {
  const panels = (n + 7) >> 3;
  for (let jb = 0; jb < panels; jb++) {
    const base = dst + ((<usize>jb * <usize>k) << 5);
    const j0 = jb * 8;
    if (!trans && j0 + 7 < n) {
      // op(B)[p, j] = src[p·n + j]: the panel's eight values of row p are contiguous.
      for (let p = 0; p < k; p++) {
        const s = src + ((<usize>p * <usize>n + j0) << 2);
        const d = base + ((<usize>p) << 5);
        v128.store(d, v128.load(s));
        v128.store(d, v128.load(s, 16), 16);
      }
      continue;
    }
    for (let c = 0; c < 8; c++) {
      const j = j0 + c;
      const at = base + ((<usize>c) << 2);
      if (j >= n) {
        for (let p = 0; p < k; p++) store<f32>(at + ((<usize>p) << 5), 0);
      } else if (trans) {
        const row = src + ((<usize>j * <usize>k) << 2);
        for (let p = 0; p < k; p++) store<f32>(at + ((<usize>p) << 5), load<f32>(row + ((<usize>p) << 2)));
      } else {
        for (let p = 0; p < k; p++)
          store<f32>(at + ((<usize>p) << 5), load<f32>(src + ((<usize>p * <usize>n + j) << 2)));
      }
    }
  }
}

/**
 * The padded C (`4·⌈m/4⌉` rows × `8·⌈n/8⌉`) = (`acc` ? C + : ) Σ_{p0 ≤ p < p1} op(A)[:, p] · op(B)[p, :], each
 * element summed in order in f32, for the packed panels `ap` (rows `rowPanel0 …` of A's panels, `rowPanels` of
 * them) and `bp`.
 */
export function gemmF32(
  ap: usize,
  bp: usize,
  c: usize,
  rowPanels: i32,
  k: i32,
  n: i32,
  p0: i32,
  p1: i32,
  acc: i32,
): void {
  const np = (n + 7) >> 3;
  const ldc = (<usize>np) << 5;
  for (let jb = 0; jb < np; jb++) {
    const bStart = bp + ((<usize>jb * <usize>k + <usize>p0) << 5);
    for (let ib = 0; ib < rowPanels; ib++) {
      let a = ap + ((<usize>ib * <usize>k + <usize>p0) << 4);
      let b = bStart;
      let c00 = f32x4.splat(0);
      let c01 = f32x4.splat(0);
      let c10 = f32x4.splat(0);
      let c11 = f32x4.splat(0);
      let c20 = f32x4.splat(0);
      let c21 = f32x4.splat(0);
      let c30 = f32x4.splat(0);
      let c31 = f32x4.splat(0);
      for (let p = p0; p < p1; p++) {
        const b0 = v128.load(b);
        const b1 = v128.load(b, 16);
        const a0 = v128.load32_splat(a);
        const a1 = v128.load32_splat(a, 4);
        const a2 = v128.load32_splat(a, 8);
        const a3 = v128.load32_splat(a, 12);
        c00 = f32x4.add(c00, f32x4.mul(a0, b0));
        c01 = f32x4.add(c01, f32x4.mul(a0, b1));
        c10 = f32x4.add(c10, f32x4.mul(a1, b0));
        c11 = f32x4.add(c11, f32x4.mul(a1, b1));
        c20 = f32x4.add(c20, f32x4.mul(a2, b0));
        c21 = f32x4.add(c21, f32x4.mul(a2, b1));
        c30 = f32x4.add(c30, f32x4.mul(a3, b0));
        c31 = f32x4.add(c31, f32x4.mul(a3, b1));
        a += 16;
        b += 32;
      }
      const r0 = c + ((<usize>ib) << 2) * ldc + ((<usize>jb) << 5);
      const r1 = r0 + ldc;
      const r2 = r1 + ldc;
      const r3 = r2 + ldc;
      if (acc) {
        c00 = f32x4.add(v128.load(r0), c00);
        c01 = f32x4.add(v128.load(r0, 16), c01);
        c10 = f32x4.add(v128.load(r1), c10);
        c11 = f32x4.add(v128.load(r1, 16), c11);
        c20 = f32x4.add(v128.load(r2), c20);
        c21 = f32x4.add(v128.load(r2, 16), c21);
        c30 = f32x4.add(v128.load(r3), c30);
        c31 = f32x4.add(v128.load(r3, 16), c31);
      }
      v128.store(r0, c00);
      v128.store(r0, c01, 16);
      v128.store(r1, c10);
      v128.store(r1, c11, 16);
      v128.store(r2, c20);
      v128.store(r2, c21, 16);
      v128.store(r3, c30);
      v128.store(r3, c31, 16);
    }
  }
}

// ---- float32 transcendental functions, as TF's CPU kernels compute them -----------------------------------------
//
// TF's CPU kernels evaluate exp, tanh, sin and cos of float32 tensors with Eigen's packet functions, compiled
// without fused multiply-add (TF's release build targets AVX), on threads that flush subnormals to zero (FTZ) and
// read subnormal inputs as zero (DAZ). The kernels below follow the same algorithms step for step in f32x4 lanes —
// range reduction, clamping, the minimax coefficients, every multiply and add rounded separately — so their results
// are TF's bit for bit (bench/elementwise-bits measures the share against real TF; ../eigenF32.ts is the same
// algorithms in TypeScript, and the kernel tests compare the two). `op`: 0 exp, 1 tanh, 2 sin, 3 cos, 4 log,
// 5 sigmoid, 6 log1p, 7 expm1, 8 softplus.

const SIGN: i32 = 0x80000000;
const FLT_MIN: f32 = 1.17549435e-38;

function madd(a: v128, b: v128, c: v128): v128 {
  return f32x4.add(f32x4.mul(a, b), c);
}

function cst(v: f32): v128 {
  return f32x4.splat(v);
}

/** Subnormal lanes read as signed zero (DAZ): their magnitude bits cleared (NaN compares false and stays). */
function daz(x: v128): v128 {
  const tiny = f32x4.lt(f32x4.abs(x), cst(FLT_MIN));
  return v128.andnot(x, v128.and(tiny, i32x4.splat(0x7fffffff)));
}

/** Subnormal results become signed zero (FTZ). */
function ftz(x: v128): v128 {
  return daz(x);
}

/** 2^e for integer lanes e in [-126, 127] (0 below). */
function pow2(e: v128): v128 {
  const biased = i32x4.max_s(i32x4.add(e, i32x4.splat(127)), i32x4.splat(0));
  return i32x4.shl(biased, 23);
}

/**
 * exp: x = m·ln 2 + r with m = ⌊x·log₂e + ½⌋ (x clamped to 88.723 above), r by two-part Cody–Waite reduction,
 * exp(r) by a degree-6 polynomial (even and odd parts), then scaled by 2^m; below -104 the result is 0.
 */
function expV(x0: v128): v128 {
  // pmin (one instruction; min is several for NaN): a NaN lane's result is replaced by x0 at the end.
  const x = f32x4.pmin(daz(x0), cst(88.723));
  const m = f32x4.floor(madd(x, cst(<f32>Math.LOG2E), cst(0.5)));
  let r = madd(m, cst(-0.693359375), x);
  r = madd(m, cst(2.1219444e-4), r);
  const r2 = f32x4.mul(r, r);
  let pe = madd(r2, cst(0.001374496379867196), cst(0.04166965186595917));
  const po = madd(r2, cst(0.008368944749236107), cst(0.166665181517601));
  pe = madd(r2, pe, cst(0.49999988079071045));
  const pl = f32x4.add(r, cst(1));
  let y = madd(r, po, pe);
  y = madd(r2, y, pl);
  // y · 2^m rounded once: m ≤ 128, so at most two exact scalings (m < -126 gives a subnormal, flushed anyway).
  // m is an integer (or −∞, or NaN from a NaN lane, whose result is x0): clamped at −200, where the result is 0
  // either way, it converts exactly through the 1.5·2^23 bias, two instructions where a saturating convert is many.
  const mi = i32x4.sub(f32x4.add(f32x4.pmax(m, cst(-200)), cst(12582912)), i32x4.splat(0x4b400000));
  const m1 = i32x4.max_s(i32x4.min_s(mi, i32x4.splat(127)), i32x4.splat(-127));
  const m2 = i32x4.max_s(i32x4.sub(mi, m1), i32x4.splat(-126));
  y = f32x4.mul(f32x4.mul(y, pow2(m1)), pow2(m2));
  y = ftz(y);
  y = v128.bitselect(f32x4.splat(0), y, f32x4.lt(x0, cst(-104)));
  return v128.bitselect(x0, y, f32x4.ne(x0, x0));
}

/** tanh: x clamped to ±7.90738964, then a [9/8] odd/even rational function of x (numerator as x + x³·p(x²)). */
function tanhV(x0: v128): v128 {
  // pmin/pmax (one instruction each; min/max are several for NaN): a NaN lane's result is x0, set at the end.
  const x = f32x4.pmax(f32x4.pmin(daz(x0), cst(7.9073896408081055)), cst(-7.9073896408081055));
  const x2 = f32x4.mul(x, x);
  const x3 = f32x4.mul(x2, x);
  let p = madd(cst(1.394553628e-8), x2, cst(2.10273356e-5));
  p = madd(p, x2, cst(3.520756727e-3));
  p = madd(p, x2, cst(1.3402161e-1));
  let q = madd(cst(8.015776984e-7), x2, cst(3.326951409e-4));
  q = madd(q, x2, cst(2.597254514e-2));
  q = madd(q, x2, cst(4.67354834e-1));
  q = madd(q, x2, cst(1));
  p = madd(x3, p, x);
  return v128.bitselect(x0, f32x4.div(p, q), f32x4.ne(x0, x0));
}

// 2/π as 26 overlapping 32-bit words, each shifted 8 bits from the previous (Payne–Hanek reduction table).
const TWO_OVER_PI: StaticArray<u32> = [
  0x00000028, 0x000028be, 0x0028be60, 0x28be60db, 0xbe60db93, 0x60db9391, 0xdb939105, 0x9391054a, 0x91054a7f,
  0x054a7f09, 0x4a7f09d5, 0x7f09d5f4, 0x09d5f47d, 0xd5f47d4d, 0xf47d4d37, 0x7d4d3770, 0x4d377036, 0x377036d8,
  0x7036d8a5, 0x36d8a566, 0xd8a5664f, 0xa5664f10, 0x664f10e4, 0x4f10e410, 0x10e41000, 0xe4100000,
];

let hugeQuadrant: i32 = 0;
const LANES: usize = memory.data(48, 16);

/**
 * |x| reduced modulo π/2 for large finite |x| (≥ 18838): x·2/π in 2.62 fixed point from 96 bits of 2/π, rounded to
 * the nearest quadrant (left in `hugeQuadrant`); returns the remainder times π/2.
 */
function reduceHuge(xf: f32): f32 {
  let xi = reinterpret<u32>(xf);
  const e = (xi >> 23) - 118;
  xi = ((xi & 0x007fffff) | 0x00800000) << (e & 7);
  const i = e >> 3;
  const t1 = unchecked(TWO_OVER_PI[i - 1]);
  const t2 = unchecked(TWO_OVER_PI[i + 3]);
  const t3 = unchecked(TWO_OVER_PI[i + 7]);
  let p: u64 = <u64>xi * <u64>t3;
  p = <u64>xi * <u64>t2 + (p >> 32);
  p = ((<u64>(xi * t1)) << 32) + p;
  const q = (p + ((<u64>1) << 61)) >> 62;
  hugeQuadrant = <i32>q;
  p -= q << 62;
  return <f32>(<f64>(<i64>p) * 3.4061215800865545e-19);
}

/**
 * sin (`sine`) or cos: y = nearest integer to |x|·2/π, |x| − y·π/2 in four parts (no FMA), both polynomials on
 * [−π/4, π/4], the one the quadrant needs, and the quadrant's sign; |x| ≥ 25966 (sin) or 18838 (cos) by reduceHuge.
 */
function sinCosV(x0: v128, sine: bool): v128 {
  const xin = daz(x0);
  let x = f32x4.abs(xin);
  const yr = f32x4.add(f32x4.mul(x, cst(0.6366197466850281)), cst(12582912));
  let yInt = yr;
  const y = f32x4.sub(yr, cst(12582912));
  x = madd(y, cst(-1.5703125), x);
  x = madd(y, cst(-0.0004839897155761719), x);
  x = madd(y, cst(1.628650352358818e-7), x);
  x = madd(y, cst(5.564431554416771e-11), x);
  const th: f32 = sine ? 25966 : 18838;
  const absIn = f32x4.abs(xin);
  if (v128.any_true(f32x4.ge(absIn, cst(th)))) {
    // Lane by lane through scratch memory: the huge lanes get the exact reduction.
    v128.store(LANES, absIn);
    v128.store(LANES, x, 16);
    v128.store(LANES, yInt, 32);
    for (let l: usize = 0; l < 16; l += 4) {
      const v = load<f32>(LANES + l);
      if (v >= th && v - v === 0) {
        store<f32>(LANES + l, reduceHuge(v), 16);
        store<i32>(LANES + l, hugeQuadrant, 32);
      }
    }
    x = v128.load(LANES, 16);
    yInt = v128.load(LANES, 32);
  }
  const signBit = v128.and(
    sine ? v128.xor(xin, i32x4.shl(yInt, 30)) : i32x4.shl(i32x4.add(yInt, i32x4.splat(1)), 30),
    i32x4.splat(SIGN),
  );
  const even = i32x4.eq(v128.and(yInt, i32x4.splat(1)), i32x4.splat(0));
  const x2 = f32x4.mul(x, x);
  let c = madd(cst(0.000024372266125283204), x2, cst(-0.001388652017340064));
  c = madd(c, x2, cst(0.04166661947965622));
  c = madd(c, x2, cst(-0.5));
  c = madd(c, x2, cst(1));
  let s = madd(cst(-0.0001959234114083703), x2, cst(0.008332687365561685));
  s = madd(s, x2, cst(-0.16666662039822983));
  s = f32x4.mul(s, x2);
  s = madd(s, x, x);
  const r = sine ? v128.bitselect(s, c, even) : v128.bitselect(c, s, even);
  return v128.xor(r, signBit);
}

/**
 * log (Eigen's `plog` for float): x = m·2^e with m in [½, 1), shifted to [√½, √2) − 1, log(1 + x) by the rational
 * function x·p(x)/q(x) (p of degree 2, q of degree 3, Horner), plus e·ln 2; −∞ at ±0 (and subnormals), NaN below
 * zero and for NaN, +∞ at +∞.
 */
function logV(x0: v128): v128 {
  const x = daz(x0);
  let e = f32x4.convert_i32x4_s(i32x4.sub(i32x4.shr_u(x, 23), i32x4.splat(126)));
  const m = v128.or(v128.and(x, i32x4.splat(0x807fffff)), i32x4.splat(0x3f000000));
  const below = f32x4.lt(m, cst(0.7071067690849304));
  e = f32x4.sub(e, v128.and(cst(1), below));
  const t = f32x4.add(f32x4.sub(m, cst(1)), v128.and(m, below));
  let p = madd(cst(0.1825629621744156), t, cst(1)); // coefficients as float: the linear ones round to 1
  p = f32x4.mul(t, madd(p, t, cst(1)));
  let q = madd(cst(0.0496162474155426), t, cst(0.5992324948310852));
  q = madd(q, t, cst(1.5));
  q = madd(q, t, cst(1));
  let r = madd(e, cst(<f32>Math.LN2), f32x4.div(p, q));
  r = v128.bitselect(x, r, f32x4.eq(x, cst(Infinity)));
  r = v128.or(r, v128.or(f32x4.lt(x, cst(0)), f32x4.ne(x, x)));
  return v128.bitselect(cst(-Infinity), r, f32x4.eq(x, cst(0)));
}

/**
 * sigmoid (Eigen's logistic packet function for float): 0 below −104; x clamped to 16.6355324 above and halved,
 * exp(x/2) as in expV but with a degree-5 polynomial and one 2^m scaling (biased exponent clamped to [0, 255]),
 * squared, then e/(1 + e).
 */
function sigmoidV(x0: v128): v128 {
  const x = f32x4.mul(f32x4.min(daz(x0), cst(16.6355324)), cst(0.5));
  const m = f32x4.floor(madd(x, cst(1.4426950216293335), cst(0.5)));
  let r = madd(m, cst(-0.693359375), x);
  r = madd(m, cst(2.1219444e-4), r);
  const r2 = f32x4.mul(r, r);
  const pe = madd(r2, cst(0.04189866781234741), cst(0.49999141693115234));
  const po = madd(r2, cst(0.00833471305668354), cst(0.16666877269744873));
  const pl = f32x4.add(r, cst(1));
  let p = madd(r, po, pe);
  p = madd(r2, p, pl);
  const biased = i32x4.trunc_sat_f32x4_s(f32x4.min(f32x4.max(f32x4.add(m, cst(127)), cst(0)), cst(255)));
  let e = f32x4.mul(p, i32x4.shl(biased, 23));
  e = ftz(f32x4.mul(e, e));
  const y = v128.bitselect(cst(0), ftz(f32x4.div(e, f32x4.add(cst(1), e))), f32x4.lt(x0, cst(-104)));
  return v128.bitselect(x0, y, f32x4.ne(x0, x0));
}

/**
 * log1p (Eigen's generic form, Kahan's): x where 1 + x rounds to 1 or log overflows, else x·log(u)/(u − 1). TF
 * returns a subnormal x as signed zero here (measured; its expm1 returns a subnormal x unchanged).
 */
function log1pV(x: v128): v128 {
  const u = f32x4.add(x, cst(1));
  const lu = logV(u);
  const large = f32x4.mul(x, f32x4.div(lu, f32x4.sub(u, cst(1))));
  return v128.bitselect(daz(x), large, v128.or(f32x4.eq(u, cst(1)), f32x4.eq(u, lu)));
}

/** expm1 (Eigen's generic form, Kahan's): x where e^x rounds to 1, −1 where e^x − 1 does, else (u − 1)·x/log(u). */
function expm1V(x: v128): v128 {
  const u = expV(x);
  const um1 = f32x4.sub(u, cst(1));
  const lu = logV(u);
  const r = v128.bitselect(u, f32x4.mul(um1, f32x4.div(x, lu)), f32x4.eq(lu, u));
  return v128.bitselect(x, v128.bitselect(cst(-1), r, f32x4.eq(um1, cst(-1))), f32x4.eq(u, cst(1)));
}

/** TF's Softplus threshold in float, log(ε) + 2. */
const SOFTPLUS_T: f32 = -13.942384719848633;

/** softplus (TF's kernel): x above −threshold, exp(x) below threshold, log1p(exp(x)) between. */
function softplusV(x: v128): v128 {
  const e = expV(x);
  const mid = v128.bitselect(e, log1pV(e), f32x4.lt(x, cst(SOFTPLUS_T)));
  return v128.bitselect(x, mid, f32x4.gt(x, cst(-SOFTPLUS_T)));
}

function unaryV(op: i32, v: v128): v128 {
  if (op === 0) return expV(v);
  if (op === 1) return tanhV(v);
  if (op === 2) return sinCosV(v, true);
  if (op === 3) return sinCosV(v, false);
  if (op === 4) return logV(v);
  if (op === 5) return sigmoidV(v);
  if (op === 6) return log1pV(v);
  if (op === 7) return expm1V(v);
  return softplusV(v);
}

/**
 * dst[i] = f(src[i]) for n float32 values (`op`: 0 exp, 1 tanh, 2 sin, 3 cos, 4 log, 5 sigmoid, 6 log1p, 7 expm1,
 * 8 softplus). Each op has its own loop, so the function is inlined in it.
 */
export function unaryF32(op: i32, src: usize, dst: usize, n: i32): void {
  const whole = <usize>n & ~3;
  const end = src + (whole << 2);
  let s = src;
  let d = dst;
  if (op === 0) for (; s < end; s += 16, d += 16) v128.store(d, expV(v128.load(s)));
  else if (op === 1) for (; s < end; s += 16, d += 16) v128.store(d, tanhV(v128.load(s)));
  else if (op === 2) for (; s < end; s += 16, d += 16) v128.store(d, sinCosV(v128.load(s), true));
  else if (op === 3) for (; s < end; s += 16, d += 16) v128.store(d, sinCosV(v128.load(s), false));
  else if (op === 4) for (; s < end; s += 16, d += 16) v128.store(d, logV(v128.load(s)));
  else if (op === 5) for (; s < end; s += 16, d += 16) v128.store(d, sigmoidV(v128.load(s)));
  else if (op === 6) for (; s < end; s += 16, d += 16) v128.store(d, log1pV(v128.load(s)));
  else if (op === 7) for (; s < end; s += 16, d += 16) v128.store(d, expm1V(v128.load(s)));
  else for (; s < end; s += 16, d += 16) v128.store(d, softplusV(v128.load(s)));
  const left = n & 3;
  if (left === 0) return;
  // The last 1–3 values through one vector (the lanes past the end are zeros, computed and not stored).
  v128.store(LANES, f32x4.splat(0));
  memory.copy(LANES, end, (<usize>left) << 2);
  v128.store(LANES, unaryV(op, v128.load(LANES)));
  memory.copy(dst + (whole << 2), LANES, (<usize>left) << 2);
}

// ---- float32 elementwise arithmetic ----------------------------------------------------------------------------
//
// One rounding per element, as JavaScript's float64 arithmetic stored into a Float32Array gives it (a float32 sum,
// difference, product or quotient computed in float64 and rounded once is the correctly rounded float32 result:
// float64 has more than 2·24 + 2 bits), so these return the bits of the TypeScript loops (../loops.ts): the kernel
// tests compare them on random, special and subnormal inputs. Binary ops: 0 add, 1 sub, 2 mul, 3 div,
// 4 TanhGrad(y, g) = g·(1 − y·y) (each step rounded), 5 ReluGrad(g, f) = g·(f > 0). Unary ops: 0 neg, 1 square,
// 2 relu (NaN passes through unchanged), 3 abs.

@inline
function binaryV(op: i32, x: v128, y: v128): v128 {
  if (op === 0) return f32x4.add(x, y);
  if (op === 1) return f32x4.sub(x, y);
  if (op === 2) return f32x4.mul(x, y);
  if (op === 3) return f32x4.div(x, y);
  if (op === 4) return f32x4.mul(y, f32x4.sub(f32x4.splat(1), f32x4.mul(x, x)));
  return f32x4.mul(x, v128.and(f32x4.gt(y, f32x4.splat(0)), f32x4.splat(1)));
}

@inline
function binaryLoop(op: i32, mode: i32, a: usize, b: usize, sv: v128, dst: usize, bytes: usize): void {
  for (let i: usize = 0; i < bytes; i += 16) {
    const x = mode === 2 ? sv : v128.load(a + i);
    const y = mode === 1 ? sv : v128.load(b + i);
    v128.store(dst + i, binaryV(op, x, y));
  }
}

/**
 * `dst[i] = a[i] op b[i]` over `n` floats; `mode` 1: `b` is the scalar `s` (`a[i] op s`), 2: `a` is (`s op b[i]`).
 * The last 1–3 elements go through one vector of the scratch lanes.
 */
export function binaryF32(op: i32, mode: i32, a: usize, b: usize, s: f32, dst: usize, n: i32): void {
  const whole = <usize>n & ~3;
  const sv = f32x4.splat(s);
  const bytes = whole << 2;
  // One loop per (op, mode), the constants inlined: a branch on either inside the loop costs as much as a product.
  if (mode === 0) {
    if (op === 0) binaryLoop(0, 0, a, b, sv, dst, bytes);
    else if (op === 1) binaryLoop(1, 0, a, b, sv, dst, bytes);
    else if (op === 2) binaryLoop(2, 0, a, b, sv, dst, bytes);
    else if (op === 3) binaryLoop(3, 0, a, b, sv, dst, bytes);
    else if (op === 4) binaryLoop(4, 0, a, b, sv, dst, bytes);
    else binaryLoop(5, 0, a, b, sv, dst, bytes);
  } else if (mode === 1) {
    if (op === 0) binaryLoop(0, 1, a, b, sv, dst, bytes);
    else if (op === 1) binaryLoop(1, 1, a, b, sv, dst, bytes);
    else if (op === 2) binaryLoop(2, 1, a, b, sv, dst, bytes);
    else if (op === 3) binaryLoop(3, 1, a, b, sv, dst, bytes);
    else if (op === 4) binaryLoop(4, 1, a, b, sv, dst, bytes);
    else binaryLoop(5, 1, a, b, sv, dst, bytes);
  } else {
    if (op === 0) binaryLoop(0, 2, a, b, sv, dst, bytes);
    else if (op === 1) binaryLoop(1, 2, a, b, sv, dst, bytes);
    else if (op === 2) binaryLoop(2, 2, a, b, sv, dst, bytes);
    else if (op === 3) binaryLoop(3, 2, a, b, sv, dst, bytes);
    else if (op === 4) binaryLoop(4, 2, a, b, sv, dst, bytes);
    else binaryLoop(5, 2, a, b, sv, dst, bytes);
  }
  const left = (<usize>n & 3) << 2;
  if (left === 0) return;
  const at = whole << 2;
  v128.store(LANES, f32x4.splat(0));
  v128.store(LANES, f32x4.splat(0), 16);
  if (mode !== 2) memory.copy(LANES, a + at, left);
  if (mode !== 1) memory.copy(LANES + 16, b + at, left);
  const x = mode === 2 ? sv : v128.load(LANES);
  const y = mode === 1 ? sv : v128.load(LANES, 16);
  v128.store(LANES, binaryV(op, x, y));
  memory.copy(dst + at, LANES, left);
}

@inline
function simpleV(op: i32, x: v128): v128 {
  if (op === 0) return f32x4.neg(x);
  if (op === 1) return f32x4.mul(x, x);
  if (op === 2) return v128.and(x, v128.or(f32x4.gt(x, f32x4.splat(0)), f32x4.ne(x, x)));
  return f32x4.abs(x);
}

@inline
function simpleLoop(op: i32, src: usize, dst: usize, bytes: usize): void {
  for (let i: usize = 0; i < bytes; i += 16) v128.store(dst + i, simpleV(op, v128.load(src + i)));
}

/** `dst[i] = op(src[i])` over `n` floats (neg, square, relu, abs), one loop per op. */
export function simpleF32(op: i32, src: usize, dst: usize, n: i32): void {
  const whole = <usize>n & ~3;
  const bytes = whole << 2;
  if (op === 0) simpleLoop(0, src, dst, bytes);
  else if (op === 1) simpleLoop(1, src, dst, bytes);
  else if (op === 2) simpleLoop(2, src, dst, bytes);
  else simpleLoop(3, src, dst, bytes);
  const left = (<usize>n & 3) << 2;
  if (left === 0) return;
  const at = whole << 2;
  v128.store(LANES, f32x4.splat(0));
  memory.copy(LANES, src + at, left);
  v128.store(LANES, simpleV(op, v128.load(LANES)));
  memory.copy(dst + at, LANES, left);
}

// ---- int32 elementwise arithmetic ------------------------------------------------------------------------------
//
// Ops: 0 multiply, wrapping as Math.imul and TF's int32 do; 1 floor modulo (Python's `%`, TF's FloorMod: the
// result has the divisor's sign). For int32 operands the float64 quotient's floor is exact (|x| < 2^53, so its
// rounding error is below 1/|y|), and x − q·y is exact; the caller makes sure no divisor is 0. Modes as `binaryF32`.

@inline
function floorModHalf(x: v128, y: v128): v128 {
  const q = f64x2.floor(f64x2.div(x, y));
  const r = f64x2.sub(x, f64x2.mul(q, y));
  // A remainder with the dividend's sign where it should have the divisor's (never for int32, kept as a guard).
  const neg = f64x2.lt(y, f64x2.splat(0));
  const bad = v128.or(
    v128.andnot(f64x2.lt(r, f64x2.splat(0)), neg),
    v128.and(f64x2.gt(r, f64x2.splat(0)), neg),
  );
  return f64x2.add(r, v128.and(bad, y));
}

@inline
function binaryI32V(op: i32, x: v128, y: v128): v128 {
  if (op === 0) return i32x4.mul(x, y);
  const lo = i32x4.trunc_sat_f64x2_s_zero(
    floorModHalf(f64x2.convert_low_i32x4_s(x), f64x2.convert_low_i32x4_s(y)),
  );
  const hi = i32x4.trunc_sat_f64x2_s_zero(
    floorModHalf(
      f64x2.convert_low_i32x4_s(i32x4.shuffle(x, x, 2, 3, 0, 1)),
      f64x2.convert_low_i32x4_s(i32x4.shuffle(y, y, 2, 3, 0, 1)),
    ),
  );
  return i32x4.shuffle(lo, hi, 0, 1, 4, 5);
}

@inline
function binaryI32Loop(op: i32, mode: i32, a: usize, b: usize, sv: v128, dst: usize, bytes: usize): void {
  for (let i: usize = 0; i < bytes; i += 16) {
    const x = mode === 2 ? sv : v128.load(a + i);
    const y = mode === 1 ? sv : v128.load(b + i);
    v128.store(dst + i, binaryI32V(op, x, y));
  }
}

/** `dst[i] = a[i] op b[i]` over `n` int32 values; `mode` 1: `b` is the scalar `s`, 2: `a` is. */
export function binaryI32(op: i32, mode: i32, a: usize, b: usize, s: i32, dst: usize, n: i32): void {
  const whole = <usize>n & ~3;
  const sv = i32x4.splat(s);
  const bytes = whole << 2;
  if (op === 0) {
    if (mode === 0) binaryI32Loop(0, 0, a, b, sv, dst, bytes);
    else if (mode === 1) binaryI32Loop(0, 1, a, b, sv, dst, bytes);
    else binaryI32Loop(0, 2, a, b, sv, dst, bytes);
  } else if (mode === 0) binaryI32Loop(1, 0, a, b, sv, dst, bytes);
  else if (mode === 1) binaryI32Loop(1, 1, a, b, sv, dst, bytes);
  else binaryI32Loop(1, 2, a, b, sv, dst, bytes);
  const left = (<usize>n & 3) << 2;
  if (left === 0) return;
  const at = whole << 2;
  // The lanes past the end hold 1s, so a modulo of them divides by 1, not 0.
  v128.store(LANES, i32x4.splat(1));
  v128.store(LANES, i32x4.splat(1), 16);
  if (mode !== 2) memory.copy(LANES, a + at, left);
  if (mode !== 1) memory.copy(LANES + 16, b + at, left);
  const x = mode === 2 ? sv : v128.load(LANES);
  const y = mode === 1 ? sv : v128.load(LANES, 16);
  v128.store(LANES, binaryI32V(op, x, y));
  memory.copy(dst + at, LANES, left);
}

// ---- the report's statistics of a float32 tensor ---------------------------------------------------------------
//
// Moments about a shift k (sums of v − k and (v − k)², in f64: float32 values are exact in f64), min and max, and a
// heatmap's cell sums (of v − k), for `rows` rows of `cols` floats at `src`. Row r adds to the cells that begin at
// index `rowCell[r]` of `cells` (f64), cell c taking the columns `edges[c]` to `edges[c + 1]` (i32). `acc` holds the
// running [Σ(v − k), Σ(v − k)², min, max] (f64) and is updated. A NaN or an infinity shows in the sums: the caller
// then takes the TypeScript path, which counts them.

export function statsF32(
  src: usize,
  rows: i32,
  cols: i32,
  k: f64,
  gridCols: i32,
  edges: usize,
  rowCell: usize,
  cells: usize,
  acc: usize,
): void {
  const kv = f64x2.splat(k);
  // pmin/pmax (one instruction each): a NaN may be lost here, but it makes the sums NaN.
  let mn = f32x4.splat(Infinity);
  let mx = f32x4.splat(-Infinity);
  // Σ(v − k)² needs no cell's share: two lanes of it over the whole call.
  let q0 = f64x2.splat(0);
  let q1 = f64x2.splat(0);
  let s: f64 = 0;
  let q: f64 = 0;
  for (let r = 0; r < rows; r++) {
    const row = src + ((<usize>r * <usize>cols) << 2);
    const cell = cells + (<usize>load<i32>(rowCell + (<usize>r << 2)) << 3);
    for (let c = 0; c < gridCols; c++) {
      const to = <usize>load<i32>(edges + (<usize>(c + 1) << 2));
      let i = <usize>load<i32>(edges + (<usize>c << 2));
      let s0 = f64x2.splat(0);
      let s1 = f64x2.splat(0);
      for (; i + 4 <= to; i += 4) {
        const v = v128.load(row + (i << 2));
        mn = f32x4.pmin(v, mn);
        mx = f32x4.pmax(v, mx);
        const lo = f64x2.sub(f64x2.promote_low_f32x4(v), kv);
        const hi = f64x2.sub(f64x2.promote_low_f32x4(i32x4.shuffle(v, v, 2, 3, 0, 1)), kv);
        s0 = f64x2.add(s0, lo);
        s1 = f64x2.add(s1, hi);
        q0 = f64x2.add(q0, f64x2.mul(lo, lo));
        q1 = f64x2.add(q1, f64x2.mul(hi, hi));
      }
      s0 = f64x2.add(s0, s1);
      let cs = f64x2.extract_lane(s0, 0) + f64x2.extract_lane(s0, 1);
      for (; i < to; i++) {
        const x = load<f32>(row + (i << 2));
        mn = f32x4.pmin(f32x4.splat(x), mn);
        mx = f32x4.pmax(f32x4.splat(x), mx);
        const d = <f64>x - k;
        cs += d;
        q += d * d;
      }
      const at = cell + (<usize>c << 3);
      store<f64>(at, load<f64>(at) + cs);
      s += cs;
    }
  }
  q0 = f64x2.add(q0, q1);
  q += f64x2.extract_lane(q0, 0) + f64x2.extract_lane(q0, 1);
  store<f64>(acc, load<f64>(acc) + s);
  store<f64>(acc, load<f64>(acc, 8) + q, 8);
  mn = f32x4.pmin(i32x4.shuffle(mn, mn, 2, 3, 0, 1), mn);
  mx = f32x4.pmax(i32x4.shuffle(mx, mx, 2, 3, 0, 1), mx);
  const lo = min<f64>(<f64>f32x4.extract_lane(mn, 0), <f64>f32x4.extract_lane(mn, 1));
  const hi = max<f64>(<f64>f32x4.extract_lane(mx, 0), <f64>f32x4.extract_lane(mx, 1));
  store<f64>(acc, min<f64>(load<f64>(acc, 16), lo), 16);
  store<f64>(acc, max<f64>(load<f64>(acc, 24), hi), 24);
}
