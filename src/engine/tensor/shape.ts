import { opError } from '../errors';

export type Shape = readonly number[];

export function sizeOf(shape: Shape): number {
  let n = 1;
  for (let i = 0; i < shape.length; i++) n *= shape[i];
  return n;
}

export function stridesOf(shape: Shape): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    s[i] = acc;
    acc *= shape[i];
  }
  return s;
}

export function shapesEqual(a: Shape, b: Shape): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** TF's bracketed shape text used in error messages: `[2,3]`. */
export function shapeText(s: Shape): string {
  return `[${s.join(',')}]`;
}
/** Python tuple text used in reprs: `(2, 3)`, `(2,)`, `()`. */
export function shapeTuple(s: Shape): string {
  return s.length === 1 ? `(${s[0]},)` : `(${s.join(', ')})`;
}

/** NumPy broadcasting; raises TF's `Incompatible shapes` error naming the op. */
export function broadcastShapes(a: Shape, b: Shape, op: string): number[] {
  const n = Math.max(a.length, b.length);
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const da = i < n - a.length ? 1 : a[i - (n - a.length)];
    const db = i < n - b.length ? 1 : b[i - (n - b.length)];
    if (da === db || db === 1) out[i] = da;
    else if (da === 1) out[i] = db;
    else throw opError(op, `Incompatible shapes: ${shapeText(a)} vs. ${shapeText(b)}`);
  }
  return out;
}

/**
 * `broadcastShapes` for op shape inference, with fast paths that return one of the input shapes itself (shapes are
 * immutable, so tensors may share them): equal shapes, or a scalar operand.
 */
export function broadcastShape(a: Shape, b: Shape, op: string): Shape {
  if (a === b || b.length === 0) return a;
  if (a.length === 0) return b;
  if (shapesEqual(a, b)) return a;
  return broadcastShapes(a, b, op);
}

/** The shape of every scalar the engine creates (frozen: shapes are never mutated). */
export const SCALAR_SHAPE: Shape = Object.freeze([]) as Shape;

/** Normalise a possibly negative axis for a tensor of `rank`; TF's error on out-of-range axes. */
export function normAxis(axis: number, rank: number, op: string): number {
  const a = axis < 0 ? axis + rank : axis;
  if (a < 0 || a >= Math.max(rank, 1)) {
    throw opError(op, `Invalid reduction dimension (${axis} for input with ${rank} dimension(s)`);
  }
  return a;
}

/** The axes over which a gradient of shape `from` must be summed to get shape `to` (un-broadcast). */
export function reductionAxes(from: Shape, to: Shape): { axes: number[]; keep: boolean } {
  const axes: number[] = [];
  const lead = from.length - to.length;
  for (let i = 0; i < from.length; i++) {
    if (i < lead || (to[i - lead] === 1 && from[i] !== 1)) axes.push(i);
  }
  return { axes, keep: false };
}
