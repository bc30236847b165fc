import { EngineError, opError } from '../errors';
import { shapesEqual, shapeText, sizeOf } from '../tensor/shape';
import type { Tensor } from '../tensor/tensor';
import { reshape } from './array';
import { type TensorLike, toTensor } from './convert';
import { diagPart, matmul } from './linalg';
import { reduceSum } from './reduce';
import { transpose } from './shape';

/**
 * `tf.einsum(equation, *inputs)` composed from the primitives TF's Einsum kernel itself reduces to: diagonals for a
 * label repeated within an operand (`'ii->i'`, `'bxby->bxy'`), sums over labels used nowhere else, and for each
 * pair of operands one (batch) matmul between transposed-and-flattened operands (batch labels, free labels,
 * contracted labels), then a final transpose to the output order. Gradients follow from the pieces. `...`
 * stands for the leading dimensions not named by letters (broadcast like matmul batch dimensions).
 */
export function einsum(equation: string, ...inputs: TensorLike[]): Tensor {
  const ts = inputs.map((x) => toTensor(x));
  const eq = equation.replace(/\s+/g, '');
  const arrow = eq.indexOf('->');
  const lhs = arrow >= 0 ? eq.slice(0, arrow) : eq;
  const specs = lhs.split(',');
  if (specs.length !== ts.length) {
    throw opError('Einsum', `Expecting ${ts.length} input subscripts but got ${specs.length} in equation ${equation}`);
  }
  const ellipsisRank = Math.max(
    0,
    ...ts.map((t, i) => (specs[i].includes('...') ? t.rank - (specs[i].length - 3) : 0)),
  );
  const ellipsisLabels = Array.from({ length: ellipsisRank }, (_, k) => String.fromCharCode(0x100 + k));
  const labelsOf = (spec: string, t: Tensor, i: number): string[] => {
    const dots = spec.indexOf('...');
    const named = spec.replace('...', '');
    for (const c of named) {
      if (!/[a-zA-Z]/.test(c)) throw opError('Einsum', `Invalid character '${c}' in equation ${equation}`);
    }
    const own = dots >= 0 ? t.rank - named.length : 0;
    if (named.length + own !== t.rank || own < 0) {
      throw opError(
        'Einsum',
        `Input ${i} to einsum has ${t.rank} dimensions but the subscript '${spec}' names ${named.length}`,
      );
    }
    const ell = ellipsisLabels.slice(ellipsisRank - own);
    return dots >= 0 ? [...named.slice(0, dots), ...ell, ...named.slice(dots)] : [...named];
  };
  let labels = ts.map((t, i) => labelsOf(specs[i], t, i));

  let out: string[];
  if (arrow >= 0) {
    const rhs = eq.slice(arrow + 2);
    const dots = rhs.indexOf('...');
    const named = [...rhs.replace('...', '')];
    out = dots >= 0 ? [...named.slice(0, dots), ...ellipsisLabels, ...named.slice(dots)] : named;
    if (
      dots < 0 &&
      ellipsisRank > 0 &&
      ts.some((t, i) => labels[i].some((l) => ellipsisLabels.includes(l) && t.shape[labels[i].indexOf(l)] !== 1))
    ) {
      throw opError('Einsum', `Output subscripts must contain an ellipsis when the inputs have one: ${equation}`);
    }
  } else {
    const counts = new Map<string, number>();
    for (const ls of labels)
      for (const l of ls) if (!ellipsisLabels.includes(l)) counts.set(l, (counts.get(l) ?? 0) + 1);
    out = [...ellipsisLabels, ...[...counts.keys()].filter((l) => counts.get(l) === 1).sort()];
  }
  for (const l of out) {
    if (!labels.some((ls) => ls.includes(l)) && !ellipsisLabels.includes(l)) {
      throw opError(
        'Einsum',
        `Output subscript contains a label '${l}' that does not appear in any input: ${equation}`,
      );
    }
  }
  checkSizes(ts, labels);

  // Per operand: diagonals of repeated labels, then sums over labels that no other operand or the output uses.
  let xs = ts.map((t, i) => {
    let [x, ls] = diagonals(t, labels[i]);
    const usedElsewhere = (l: string) => out.includes(l) || labels.some((o, j) => j !== i && o.includes(l));
    const drop = ls.map((l, k) => (usedElsewhere(l) ? -1 : k)).filter((k) => k >= 0);
    if (drop.length) {
      x = reduceSum(x, drop);
      ls = ls.filter((_, k) => !drop.includes(k));
    }
    labels[i] = ls;
    return x;
  });

  // Contract left to right, keeping labels still needed by the operands to come or the output.
  while (xs.length > 1) {
    const rest = labels.slice(2).flat();
    const keep = new Set([...out, ...rest]);
    const [c, lc] = contract(xs[0], labels[0], xs[1], labels[1], keep, out);
    xs = [c, ...xs.slice(2)];
    labels = [lc, ...labels.slice(2)];
  }
  const [x] = xs;
  const ls = labels[0];
  const present = out.filter((l) => ls.includes(l));
  const perm = present.map((l) => ls.indexOf(l));
  let y = perm.every((p, i) => p === i) ? x : transpose(x, perm);
  // Output labels missing from every input can only be broadcast ellipsis dimensions of size 1.
  if (present.length !== out.length)
    y = reshape(
      y,
      out.map((l) => (ls.includes(l) ? y.shape[present.indexOf(l)] : 1)),
    );
  return y;
}

function checkSizes(ts: Tensor[], labels: string[][]): void {
  const size = new Map<string, number>();
  ts.forEach((t, i) => {
    labels[i].forEach((l, k) => {
      const d = t.shape[k];
      const s = size.get(l);
      if (s === undefined || s === 1) size.set(l, d);
      else if (d !== s && d !== 1) {
        throw opError(
          'Einsum',
          `Expected dimension ${s} at axis ${k} of the input shaped ${shapeText(t.shape)} but got dimension ${d}`,
        );
      }
    });
  });
}

/** Take the diagonal over every label repeated within one operand: both axes moved last, then `diag_part`. */
function diagonals(x: Tensor, labels: string[]): [Tensor, string[]] {
  let ls = [...labels];
  for (;;) {
    const q = ls.findIndex((l, k) => ls.indexOf(l) !== k);
    if (q < 0) return [x, ls];
    const p = ls.indexOf(ls[q]);
    const others = ls.map((_, k) => k).filter((k) => k !== p && k !== q);
    x = diagPart(transpose(x, [...others, p, q]));
    ls = [...others.map((k) => ls[k]), ls[p]];
  }
}

/** One pairwise contraction as a batch matmul: [batch, freeA, contracted] · [batch, contracted, freeB]. */
function contract(
  a: Tensor,
  la: string[],
  b: Tensor,
  lb: string[],
  keep: Set<string>,
  out: string[],
): [Tensor, string[]] {
  const inB = new Set(lb);
  const inA = new Set(la);
  const order = (ls: string[]) => [...ls].sort((x, y) => rank(x) - rank(y));
  const rank = (l: string) => {
    const i = out.indexOf(l);
    return i >= 0 ? i : out.length + la.indexOf(l) + lb.indexOf(l) + 2;
  };
  const batch = order(la.filter((l) => inB.has(l) && keep.has(l)));
  const contracted = la.filter((l) => inB.has(l) && !keep.has(l));
  const freeA = la.filter((l) => !inB.has(l));
  const freeB = lb.filter((l) => !inA.has(l));
  const dimA = (l: string) => a.shape[la.indexOf(l)];
  const dimB = (l: string) => b.shape[lb.indexOf(l)];
  const prod = (ls: string[], dim: (l: string) => number) => sizeOf(ls.map(dim));
  const ma = arrange(
    a,
    la,
    [...batch, ...freeA, ...contracted],
    [...batch.map(dimA), prod(freeA, dimA), prod(contracted, dimA)],
  );
  const mb = arrange(
    b,
    lb,
    [...batch, ...contracted, ...freeB],
    [...batch.map(dimB), prod(contracted, dimB), prod(freeB, dimB)],
  );
  const c = matmul(ma, mb);
  const batchDims = c.shape.slice(0, batch.length);
  const shape = [...batchDims, ...freeA.map(dimA), ...freeB.map(dimB)];
  return [shapesEqual(c.shape, shape) ? c : reshape(c, shape), [...batch, ...freeA, ...freeB]];
}

/** Transpose `x` (labelled `ls`) to the label order `to` and reshape to `shape`, skipping no-op steps. */
function arrange(x: Tensor, ls: string[], to: string[], shape: number[]): Tensor {
  const perm = to.map((l) => ls.indexOf(l));
  if (perm.some((p) => p < 0)) throw new EngineError('RuntimeError', 'internal: einsum label lost');
  const t = perm.every((p, i) => p === i) ? x : transpose(x, perm);
  return shapesEqual(t.shape, shape) ? t : reshape(t, shape);
}
