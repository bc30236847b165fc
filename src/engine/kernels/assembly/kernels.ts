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

/** Pack op(A) (m × k, f32) into row panels of 4: `dst[(ib·k + p)·4 + r] = op(A)[4·ib + r, p]`. */
export function packRowsF32(src: usize, trans: i32, m: i32, k: i32, dst: usize): void {
  const panels = (m + 3) >> 2;
  for (let ib = 0; ib < panels; ib++) {
    const base = dst + ((<usize>ib * <usize>k) << 4);
    const i0 = ib * 4;
    if (trans && i0 + 3 < m) {
      // op(A)[i, p] = src[p·m + i]: the panel's four values of column p are contiguous.
      for (let p = 0; p < k; p++)
        v128.store(base + ((<usize>p) << 4), v128.load(src + ((<usize>p * <usize>m + i0) << 2)));
      continue;
    }
    for (let r = 0; r < 4; r++) {
      const i = i0 + r;
      const at = base + ((<usize>r) << 2);
      if (i >= m) {
        for (let p = 0; p < k; p++) store<f32>(at + ((<usize>p) << 4), 0);
      } else if (trans) {
        for (let p = 0; p < k; p++)
          store<f32>(at + ((<usize>p) << 4), load<f32>(src + ((<usize>p * <usize>m + i) << 2)));
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
