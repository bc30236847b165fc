/**
 * An op as text in an explanation, read from its display record (`ops/display.ts`): its result as a formula over
 * its inputs' names, and its local derivative w.r.t. the inputs on a path.
 */
import type { TapeNode } from '../../autodiff/tape';
import { atom, type Expr, type FormulaContext } from '../../ops/display';
import { type OpDef, opName } from '../../ops/registry';
import { sizeOf } from '../../tensor/shape';
import { dName, numText } from '../text';

/** Passes its input through unchanged: transparent in names, derivative 1, left out of summaries. */
export const isIdentity = (op: OpDef<any>): boolean => op.display?.identity === true;

/** The op's result over its inputs' texts: the record's formula (`x·y`), else `reduce_sum(x)`. */
export function expressionOf(op: OpDef<any>, args: readonly Expr[]): Expr {
  const d = op.display;
  if (d && args.length > 0) {
    if (d.identity) return args[0];
    if (d.expr) return d.expr(args);
  }
  return atom(`${opName(op)}(${args.map((x) => x.text).join(', ')})`);
}

/** The local derivative of the node's op w.r.t. the merged input `slots`, as a formula over the inputs' names. */
export function localFormula(node: TapeNode, slots: readonly number[], args: readonly Expr[]): string {
  const d = node.op.display;
  if (d?.sameInput && slots.length === 2 && slots[0] === 0 && slots[1] === 1) return d.sameInput(args);
  const ctx: FormulaContext = { node, num: (v) => numText(v) };
  const one = (slot: number): string => {
    if (d?.identity) return '1';
    return d?.derivative?.(slot, args, ctx) ?? `∂${opName(node.op)}/∂${dName(args[slot]?.text ?? `input${slot}`)}`;
  };
  const summed = (slot: number): string => {
    const f = one(slot);
    // A broadcast input: its local derivative is summed over the copies (`y = w * x` with a scalar w: `Σ x`).
    if (!d?.broadcasts || sizeOf(node.inputs[slot].shape) >= sizeOf(node.output.shape)) return f;
    return /^[\p{L}\p{N}_.]+$/u.test(f) ? `Σ ${f}` : `Σ(${f})`;
  };
  return slots.map(summed).join(' + ');
}
