import { allocate, type Data, type DType, type NumericData } from '../tensor/dtype';
import { type Shape, sizeOf, stridesOf } from '../tensor/shape';
import type { Tensor } from '../tensor/tensor';
import {
  binaryWasm,
  binaryWasmI32,
  hasBinaryWasm,
  hasBinaryWasmI32,
  hasSimpleWasm,
  simpleWasm,
  WASM_ARITH_MIN,
} from './arithWasm';
import { binaryLoops, LOOP_MIN, unaryLoop } from './loops';
import { unaryEigen } from './unaryWasm';

/** Apply `f` to every element. Storage into the output's typed array does the dtype's rounding (float32, int32). */
export function mapUnary(x: Tensor, dtype: DType, f: (v: number) => number): Data {
  const src = x.data as NumericData;
  if (dtype === 'float32' && src instanceof Float32Array) {
    const r = unaryEigen(f, src);
    if (r) return r;
  }
  if (dtype === 'float32' && src instanceof Float32Array && src.length >= WASM_ARITH_MIN && hasSimpleWasm(f)) {
    const r = simpleWasm(f, src);
    if (r) return r;
  }
  const out = allocate(dtype, src.length) as NumericData;
  if (src.length >= LOOP_MIN) {
    const loop = unaryLoop(f);
    if (loop) {
      loop(src, out);
      return out;
    }
  }
  for (let i = 0; i < src.length; i++) out[i] = f(src[i]);
  return out;
}

/**
 * For each output element of a broadcast binary op, the flat index into `a` and into `b`.
 * Fast paths for equal shapes and scalar operands keep the common cases a single loop.
 */
export function mapBinary(a: Tensor, b: Tensor, shape: Shape, dtype: DType, f: (x: number, y: number) => number): Data {
  const n = sizeOf(shape);
  const ad = a.data as NumericData;
  const bd = b.data as NumericData;
  if (
    dtype === 'float32' &&
    n >= WASM_ARITH_MIN &&
    ad instanceof Float32Array &&
    bd instanceof Float32Array &&
    hasBinaryWasm(f)
  ) {
    const periodic = (ad.length === n && isTrailing(b.shape, shape)) || (bd.length === n && isTrailing(a.shape, shape));
    const r = binaryWasm(f, ad, bd, n, periodic);
    if (r) return r;
  }
  if (
    dtype === 'int32' &&
    n >= WASM_ARITH_MIN &&
    ad instanceof Int32Array &&
    bd instanceof Int32Array &&
    hasBinaryWasmI32(f)
  ) {
    const r = binaryWasmI32(f, ad, bd, n);
    if (r) return r;
  }
  const out = allocate(dtype, n) as NumericData;
  if (n === 1 && ad.length === 1 && bd.length === 1) {
    out[0] = f(ad[0], bd[0]);
    return out;
  }
  const fast = n >= LOOP_MIN ? binaryLoops(f) : undefined;
  if (fast) {
    if (ad.length === n && bd.length === n) {
      fast.vv(ad, bd, out);
      return out;
    }
    if (bd.length === 1 && ad.length === n) {
      fast.vs(ad, bd[0], out);
      return out;
    }
    if (ad.length === 1 && bd.length === n) {
      fast.sv(ad[0], bd, out);
      return out;
    }
  }
  if (ad.length === n && bd.length === n) {
    for (let i = 0; i < n; i++) out[i] = f(ad[i], bd[i]);
  } else if (bd.length === 1 && ad.length === n) {
    const y = bd[0];
    for (let i = 0; i < n; i++) out[i] = f(ad[i], y);
  } else if (ad.length === 1 && bd.length === n) {
    const x = ad[0];
    for (let i = 0; i < n; i++) out[i] = f(x, bd[i]);
  } else if (ad.length === n && isTrailing(b.shape, shape)) {
    // A row vector (bias) added to every row: no index arrays.
    const m = bd.length;
    if (fast && m >= LOOP_MIN) {
      for (let r = 0; r < n; r += m) fast.vv(ad.subarray(r, r + m), bd, out.subarray(r, r + m));
    } else {
      for (let r = 0; r < n; r += m) for (let j = 0; j < m; j++) out[r + j] = f(ad[r + j], bd[j]);
    }
  } else if (bd.length === n && isTrailing(a.shape, shape)) {
    const m = ad.length;
    if (fast && m >= LOOP_MIN) {
      for (let r = 0; r < n; r += m) fast.vv(ad, bd.subarray(r, r + m), out.subarray(r, r + m));
    } else {
      for (let r = 0; r < n; r += m) for (let j = 0; j < m; j++) out[r + j] = f(ad[j], bd[r + j]);
    }
  } else {
    const ia = broadcastIndex(a.shape, shape);
    const ib = broadcastIndex(b.shape, shape);
    for (let i = 0; i < n; i++) out[i] = f(ad[ia[i]], bd[ib[i]]);
  }
  return out;
}

/** Whether `s` (leading 1s aside) equals the trailing dimensions of `to`, so it repeats once per leading index. */
function isTrailing(s: Shape, to: Shape): boolean {
  let lead = 0;
  while (lead < s.length && s[lead] === 1) lead++;
  const k = s.length - lead;
  if (k === 0 || k > to.length) return false;
  for (let i = 0; i < k; i++) if (s[lead + i] !== to[to.length - k + i]) return false;
  return true;
}

/** Flat source index for every element of `to` when `from` is broadcast to it. */
export function broadcastIndex(from: Shape, to: Shape): Int32Array {
  const n = sizeOf(to);
  const idx = new Int32Array(n);
  const rank = to.length;
  const lead = rank - from.length;
  const fromStrides = stridesOf(from);
  // stride of each output axis in the source (0 where broadcast)
  const s = new Array<number>(rank).fill(0);
  for (let i = 0; i < from.length; i++) s[i + lead] = from[i] === 1 ? 0 : fromStrides[i];
  const counter = new Array<number>(rank).fill(0);
  let src = 0;
  for (let i = 0; i < n; i++) {
    idx[i] = src;
    for (let ax = rank - 1; ax >= 0; ax--) {
      counter[ax]++;
      src += s[ax];
      if (counter[ax] < to[ax]) break;
      src -= s[ax] * to[ax];
      counter[ax] = 0;
    }
  }
  return idx;
}

/** Map over three broadcast operands (used by `where` / select). */
export function mapTernary(
  a: Tensor,
  b: Tensor,
  c: Tensor,
  shape: Shape,
  dtype: DType,
  f: (x: number, y: number, z: number) => number,
): Data {
  const n = sizeOf(shape);
  const out = allocate(dtype, n) as NumericData;
  const ia = broadcastIndex(a.shape, shape);
  const ib = broadcastIndex(b.shape, shape);
  const ic = broadcastIndex(c.shape, shape);
  const ad = a.data as NumericData;
  const bd = b.data as NumericData;
  const cd = c.data as NumericData;
  for (let i = 0; i < n; i++) out[i] = f(ad[ia[i]], bd[ib[i]], cd[ic[i]]);
  return out;
}
