/**
 * How an op reads to a person: the TensorFlow function that makes it (one name, used by the tape inspector, the
 * hover and the chain-rule explanation), its result as a formula over its inputs, and its local derivative as text.
 * Every op carries one of these in its definition (`defineOp({..., display})`).
 */
import type { NodeView } from './registry';

/** Text with a precedence: 0 atom, 1 power, 2 product, 3 sum. */
export interface Expr {
  readonly text: string;
  readonly prec: number;
}

export const atom = (text: string): Expr => ({ text, prec: 0 });

/** `e` as an operand of an operator binding at `prec` (wrapped when it binds more loosely). */
export const wrap = (e: Expr, prec: number): string => (e.prec > prec ? `(${e.text})` : e.text);

/** What a derivative's text may read besides its operands: the recorded node (for shapes) and number text. */
export interface FormulaContext {
  readonly node: NodeView<unknown>;
  num(v: number): string;
}

export interface OpDisplay {
  /**
   * The TensorFlow function a learner writes for this op, dotted from `tf` (`tf.math.reduce_sum`); ops with no
   * public function are named as `tf.raw_ops` names them. Its last segment is the op's name wherever it is shown.
   */
  readonly api: string;
  /** Further paths TF exports the same function under (`tf.reduce_sum`); the `tf` namespaces are built from these. */
  readonly aliases?: readonly string[];
  /** The op's result as a formula over its inputs (`a·b`, `x²`); by default `name(inputs)`. */
  readonly expr?: (args: readonly Expr[]) => Expr;
  /** The local derivative w.r.t. input `slot` as a formula over the inputs; undefined: `∂name/∂input`. */
  readonly derivative?: (slot: number, args: readonly Expr[], ctx: FormulaContext) => string | undefined;
  /** The local derivative when one tensor fills inputs 0 and 1 (`x*x`: `2·x`), when it is simpler than the sum. */
  readonly sameInput?: (args: readonly Expr[]) => string;
  /** Inputs broadcast against each other: a smaller input's derivative is summed over its copies (`Σ x`). */
  readonly broadcasts?: boolean;
  /** Passes its input through unchanged: derivative 1, transparent in names, left out of summaries. */
  readonly identity?: boolean;
}

/** The name an op is shown by: the last segment of its API path (`reduce_sum`). */
export function apiName(display: OpDisplay): string {
  return display.api.slice(display.api.lastIndexOf('.') + 1);
}

// ---- building blocks for the records ----------------------------------------------------------------------------

/** `a ∘ b` with the operator binding at `prec`, its left operand at `left` and its right one at `right`. */
export const infix =
  (symbol: string, prec: number, left: number, right: number) =>
  ([a, b]: readonly Expr[]): Expr => ({ text: `${wrap(a, left)}${symbol}${wrap(b, right)}`, prec });

/** A function of the first input only (`σ(x)`). */
export const call =
  (fn: string) =>
  ([a]: readonly Expr[]): Expr =>
    atom(`${fn}(${a.text})`);

/** A derivative that reads only the first input (unary ops). */
export const unaryDerivative =
  (f: (a: Expr) => string) =>
  (_slot: number, [a]: readonly Expr[]): string =>
    f(a);

/** The derivative `1` (reductions by sum, reshapes, broadcasts). */
export const one = (): string => '1';
