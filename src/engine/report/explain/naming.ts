/**
 * Stage 2: names for the tensors on the paths. A Python name (first bound) when there is one, else the call's
 * labels, else a short expression over the inputs' names (`x·x`); one name on several tensors gets subscripts.
 */
import { atom, type Expr } from '../../ops/display';
import { opName } from '../../ops/registry';
import { sizeOf } from '../../tensor/shape';
import type { Tensor } from '../../tensor/tensor';
import { isName, type NameBook } from '../names';
import { numText, tensorText } from '../text';
import { expressionOf } from './formula';
import type { CallGraph } from './graph';
import type { Path } from './paths';

export interface NamingContext {
  graph: CallGraph;
  names: NameBook;
  sourceKey: number;
  /** Text of the source and of the target in the gradient call (`x`, `z`). */
  sourceLabel: string;
  targetLabel: string;
  targetKeys: readonly number[];
}

/** The names of the tensors on `paths`: `exprOf(key)` (at `depth` 2 an unnamed expression is `…`). */
export function nameNodes(ctx: NamingContext, paths: readonly Path[]): (key: number, depth?: number) => Expr {
  const { graph, names, sourceKey, sourceLabel, targetLabel, targetKeys } = ctx;
  const baseName = (key: number): string | undefined => {
    if (key === sourceKey && isName(sourceLabel)) return sourceLabel;
    if (targetKeys.length === 1 && key === targetKeys[0] && isName(targetLabel)) return targetLabel;
    const v = graph.variables.get(key);
    if (v) return names.variableLabel(v, 'first');
    return names.firstName(key);
  };
  const subscript = subscripts(paths, baseName);
  const build = (extra: ReadonlyMap<number, string>) => {
    const cache = new Map<number, Expr>();
    const exprOf = (key: number, depth = 0): Expr => {
      const cached = cache.get(key);
      if (cached) return cached;
      const named = subscript.get(key) ?? extra.get(key) ?? baseName(key);
      let e: Expr;
      if (named) e = atom(named);
      else {
        const k = graph.producer.get(key);
        if (k === undefined) {
          const t = graph.tensors.get(key);
          e = atom((t && names.arrayName(t)) ?? constantText(t));
        } else if (depth >= 2) e = atom('…');
        else {
          const n = graph.nodes[k];
          e = expressionOf(
            n.op,
            n.inputs.map((x) => exprOf(graph.keyOf(x), depth + 1)),
          );
          if (e.text.length > 40) e = atom(`${opName(n.op)}(…)`);
        }
      }
      if (depth === 0 || named) cache.set(key, e);
      return e;
    };
    return exprOf;
  };
  const first = build(new Map());
  // Two tensors on the paths written the same way (`x*3 + x*3`) get subscripts: `(x·3)₁`, `(x·3)₂`.
  const byText = new Map<string, number[]>();
  for (const key of keysOnPaths(paths)) {
    if (subscript.has(key) || baseName(key) || !graph.producer.has(key)) continue;
    const text = first(key).text;
    if (text === '…' || text.endsWith('(…)')) continue;
    const list = byText.get(text);
    if (list) list.push(key);
    else byText.set(text, [key]);
  }
  const extra = new Map<number, string>();
  for (const [text, keys] of byText) {
    if (keys.length < 2) continue;
    keys.sort((a, b) => a - b);
    keys.forEach((k, i) => {
      extra.set(k, `(${text})${toSubscript(i + 1)}`);
    });
  }
  return extra.size ? build(extra) : first;
}

/** The keys of the tensors on the paths: targets and every step's input. */
function keysOnPaths(paths: readonly Path[]): Set<number> {
  const onPaths = new Set<number>();
  for (const p of paths) {
    onPaths.add(p.target);
    for (const s of p.steps) onPaths.add(s.edge.key);
  }
  return onPaths;
}

/** `x₁`, `x₂` … for the keys on the paths that share a base name, numbered in key (creation) order. */
export function subscripts(paths: readonly Path[], baseName: (key: number) => string | undefined): Map<number, string> {
  const onPaths = keysOnPaths(paths);
  const byName = new Map<string, number[]>();
  for (const key of onPaths) {
    const n = baseName(key);
    if (!n) continue;
    const list = byName.get(n);
    if (list) list.push(key);
    else byName.set(n, [key]);
  }
  const out = new Map<number, string>();
  for (const [n, keys] of byName) {
    if (keys.length < 2) continue;
    keys.sort((a, b) => a - b);
    for (let i = 0; i < keys.length; i++) out.set(keys[i], `${n}${toSubscript(i + 1)}`);
  }
  return out;
}

const SUB = '₀₁₂₃₄₅₆₇₈₉';
function toSubscript(n: number): string {
  return String(n)
    .split('')
    .map((d) => SUB[Number(d)])
    .join('');
}

/** A constant operand in a formula: its value when small (`2`, `[1, 2]`), else `c`. */
export function constantText(t: Tensor | undefined): string {
  if (!t || t.dtype === 'string') return 'c';
  if (sizeOf(t.shape) === 1) return numText((t.data as ArrayLike<number>)[0], t.dtype);
  if (t.shape.length > 1) return 'c';
  const s = tensorText(t, 12);
  return s.length <= 12 && !s.includes('…') ? s : 'c';
}
