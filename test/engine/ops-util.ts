import { expect } from 'vitest';
import { toDense } from '../../src/engine/autodiff/backprop';
import { gradient } from '../../src/engine/autodiff/gradient';
import { GradientTape } from '../../src/engine/autodiff/tape';
import { constant, type Nested } from '../../src/engine/tensor/convert';
import type { DType } from '../../src/engine/tensor/dtype';
import { IndexedSlices } from '../../src/engine/tensor/indexedSlices';
import type { Tensor } from '../../src/engine/tensor/tensor';

/** The elements of a tensor as plain JS numbers. */
export const vals = (t: Tensor): number[] => Array.from(t.data as ArrayLike<number>);

/** A constant from nested JS numbers (Python floats) in the given dtype. */
export const c = (v: Nested, dtype: DType = 'float32'): Tensor => constant(v, dtype);

/** `tape.gradient(f(xs), xs)` with every input watched; IndexedSlices are densified unless `raw`. */
export function grads(f: (...xs: Tensor[]) => Tensor, xs: Tensor[], raw = false): (Tensor | IndexedSlices | null)[] {
  const tape = new GradientTape().enter();
  let y: Tensor;
  try {
    for (const x of xs) tape.watch(x);
    y = f(...xs);
  } finally {
    tape.exit();
  }
  const gs = gradient(tape, [y], xs);
  return raw ? gs : gs.map((g) => (g instanceof IndexedSlices ? toDense(g) : g));
}

/** The dense gradient values of `f` with respect to its single input. */
export function grad1(f: (x: Tensor) => Tensor, x: Tensor): number[] {
  const [g] = grads(f, [x]);
  expect(g).not.toBeNull();
  return vals(g as Tensor);
}

/** Expect an engine error with this Python type and exact message. */
export function expectError(f: () => unknown, pyType: string, message: string | RegExp): void {
  let err: unknown;
  try {
    f();
  } catch (e) {
    err = e;
  }
  expect(err, 'expected an error').toBeDefined();
  const e = err as { pyType?: string; message: string };
  expect(e.pyType).toBe(pyType);
  if (typeof message === 'string') expect(e.message).toBe(message);
  else expect(e.message).toMatch(message);
}

/** Element-wise `toBeCloseTo` against plain numbers. */
export function expectClose(actual: Tensor | number[], expected: ArrayLike<number>, digits = 12): void {
  const a = Array.isArray(actual) ? actual : vals(actual);
  expect(a.length).toBe(expected.length);
  for (let i = 0; i < a.length; i++) expect(a[i]).toBeCloseTo(expected[i], digits);
}
