/**
 * How every view writes a derivative's numerator and denominator: a plain name stands alone (`dz/dx`, `dx₁`);
 * anything else — an expression (`x·y`), a name with `_` or `.` (`dy_dx`, `model.w`), a list (`[z, q]`), or a
 * name starting with `d` or `∂` that would read as a second `d` — goes in parentheses: `d(x·y)/dx`,
 * `d(dy_dx)/dx`. The engine's explanations, the lenses, hovers, diagnostics, the CLI and the inspector all use it.
 */

const NUMBERED_GROUP = /^\([^()]*\)[\u2080-\u2089]+$/;
const PLAIN_NAME = /^\p{L}[\p{L}\p{N}\u2080-\u2089]*$/u;

/** `y` stays `y`; `x·x` becomes `(x·x)`, `dy_dx` becomes `(dy_dx)`. */
export function dName(s: string): string {
  // An expression the explanation numbered to tell it from another written the same way is already grouped: `(x·3)₂`.
  if (NUMBERED_GROUP.test(s)) return s;
  const plain = PLAIN_NAME.test(s);
  return plain && !(s.length > 1 && /^[d∂]/.test(s)) ? s : `(${s})`;
}

/** `dz/dx`, `d(x·y)/dx`, `d(dy_dx)/dx`. */
export function derivativeLabel(target: string, source: string): string {
  return `d${dName(target)}/d${dName(source)}`;
}

/** The partial `∂z/∂(x·y)`. */
export function partialLabel(output: string, input: string): string {
  return `∂${dName(output)}/∂${dName(input)}`;
}
