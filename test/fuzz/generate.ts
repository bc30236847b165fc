/**
 * Small generated programs: tensors of random shapes and dtypes, random calls of every function the engine's
 * `tensorflow` and `numpy` modules export (with plausible and implausible arguments), tapes, gradients, Python
 * control flow and containers. They reach op argument checks that the hand-written programs never do.
 */
import { hostModules } from '../../src/engine/modules/index';
import { PyClass, PyModule, PyNativeFunction } from '../../src/engine/python/values';
import type { Rng } from './rng';

let apiCache: string[] | undefined;

/** `tf.reduce_sum`, `tf.math.log`, `np.mean`, `tf.Variable` ...: every callable the host modules export. */
export function hostCallables(): string[] {
  if (apiCache) return apiCache;
  const out: string[] = [];
  const m = hostModules();
  const walk = (mod: PyModule, prefix: string, depth: number) => {
    for (const [k, v] of mod.dict) {
      if (k.startsWith('_')) continue;
      if (v instanceof PyModule && depth < 2) walk(v, `${prefix}.${k}`, depth + 1);
      else if (v instanceof PyNativeFunction || v instanceof PyClass) out.push(`${prefix}.${k}`);
    }
  };
  walk(m.modules.tensorflow() as PyModule, 'tf', 0);
  walk(m.modules.numpy() as PyModule, 'np', 0);
  apiCache = out.sort();
  return apiCache;
}

const DTYPES = ['tf.float32', 'tf.float64', 'tf.int32', 'tf.int64', 'tf.bool', 'tf.string', 'tf.float16', "'float32'"];
const NAMES = ['a', 'b', 'c', 'x', 'y', 'w', 'v'];

function shape(rng: Rng): number[] {
  const rank = rng.pick([0, 1, 1, 2, 2, 2, 3, 4]);
  return Array.from({ length: rank }, () => rng.pick([0, 1, 1, 2, 2, 3, 4, 5]));
}

function nestedList(shape: number[], rng: Rng, float: boolean): string {
  if (shape.length === 0) {
    const n = rng.chance(0.1) ? rng.pick(['-1e30', '0.0', "float('nan')", '1e-30']) : String(rng.range(-4, 4));
    return float && !n.includes('.') && !n.includes('e') && !n.includes('(') ? `${n}.0` : n;
  }
  const [d, ...rest] = shape;
  return `[${Array.from({ length: d }, () => nestedList(rest, rng, float)).join(', ')}]`;
}

function tensorLiteral(rng: Rng): string {
  const s = shape(rng);
  const float = rng.chance(0.8);
  switch (rng.int(6)) {
    case 0:
      return `tf.constant(${nestedList(s, rng, float)})`;
    case 1:
      return `tf.Variable(${nestedList(s, rng, true)})`;
    case 2:
      return `tf.ones(${JSON.stringify(s)}${rng.chance(0.3) ? `, dtype=${rng.pick(DTYPES)}` : ''})`;
    case 3:
      return `np.array(${nestedList(s, rng, float)})`;
    case 4:
      return `tf.random.normal(${JSON.stringify(s)}, seed=${rng.int(100)})`;
    default:
      return nestedList(s, rng, float);
  }
}

function arg(rng: Rng, depth: number): string {
  const r = rng.int(14);
  if (r < 4) return rng.pick(NAMES);
  if (r < 6) return tensorLiteral(rng);
  if (r === 6) return String(rng.range(-3, 5));
  if (r === 7) return rng.pick(['0.5', '-1.0', '1e10', '0.0', 'None', 'True', "'x'", "'ij,jk->ik'"]);
  if (r === 8) return `[${Array.from({ length: rng.range(0, 3) }, () => arg(rng, depth + 1)).join(', ')}]`;
  if (r === 9) return rng.pick(DTYPES);
  if (r === 10) return `(${rng.range(-1, 4)}, ${rng.range(-1, 4)})`;
  if (depth < 3) return expr(rng, depth + 1);
  return rng.pick(NAMES);
}

function call(rng: Rng, depth: number): string {
  const fn = rng.pick(hostCallables());
  const n = rng.pick([0, 1, 1, 2, 2, 3]);
  const args = Array.from({ length: n }, () => arg(rng, depth));
  if (rng.chance(0.3))
    args.push(`${rng.pick(['axis', 'keepdims', 'dtype', 'name', 'shape', 'perm', 'transpose_a'])}=${arg(rng, depth)}`);
  return `${fn}(${args.join(', ')})`;
}

export function expr(rng: Rng, depth = 0): string {
  if (depth > 3) return rng.pick(NAMES);
  switch (rng.int(7)) {
    case 0:
    case 1:
      return call(rng, depth);
    case 2:
      return `${expr(rng, depth + 1)} ${rng.pick(['+', '-', '*', '/', '**', '@', '//', '%', '<', '==', 'and', 'or'])} ${expr(rng, depth + 1)}`;
    case 3:
      return `${rng.pick(NAMES)}[${rng.pick(['0', '-1', ':', '1:', '::2', '..., 0', 'None', '0, 0', '[0, 1]', 'tf.newaxis'])}]`;
    case 4:
      return `${rng.pick(NAMES)}.${rng.pick(['shape', 'numpy()', 'dtype', 'T', 'assign(1.0)', 'assign_add(x)', 'ndim', 'read_value()', 'value()', 'reshape(-1)', 'sum()', 'mean(axis=0)', 'tolist()', 'astype(np.float32)'])}`;
    case 5:
      return tensorLiteral(rng);
    default:
      return `${rng.pick(['-', 'abs', 'float', 'len', 'list', 'int', 'str', 'repr', 'sum', 'max', 'tuple'])}(${expr(rng, depth + 1)})`;
  }
}

function statement(rng: Rng, indent: string, depth: number): string[] {
  const name = rng.pick(NAMES);
  switch (rng.int(10)) {
    case 0:
    case 1:
    case 2:
      return [`${indent}${name} = ${expr(rng)}`];
    case 3:
      return [`${indent}print(${expr(rng)})`];
    case 4: {
      if (depth > 2) return [`${indent}${name} = ${expr(rng)}`];
      const tape = rng.pick(['tape', 't', 'g']);
      const persistent = rng.chance(0.3) ? 'persistent=True' : '';
      return [
        `${indent}with tf.GradientTape(${persistent}) as ${tape}:`,
        ...(rng.chance(0.5) ? [`${indent}    ${tape}.watch(${rng.pick(NAMES)})`] : []),
        ...block(rng, `${indent}    `, depth + 1, 1, 4),
        `${indent}${rng.pick(NAMES)} = ${tape}.${rng.pick(['gradient', 'gradient', 'jacobian', 'batch_jacobian'])}(${rng.pick(NAMES)}, ${rng.chance(0.5) ? rng.pick(NAMES) : `[${rng.pick(NAMES)}, ${rng.pick(NAMES)}]`})`,
      ];
    }
    case 5:
      if (depth > 2) return [`${indent}pass`];
      return [`${indent}for i in range(${rng.range(0, 5)}):`, ...block(rng, `${indent}    `, depth + 1, 1, 3)];
    case 6:
      if (depth > 2) return [`${indent}pass`];
      return [
        `${indent}if ${expr(rng, 2)}:`,
        ...block(rng, `${indent}    `, depth + 1, 1, 2),
        `${indent}else:`,
        ...block(rng, `${indent}    `, depth + 1, 1, 2),
      ];
    case 7:
      if (depth > 2) return [`${indent}pass`];
      return [
        `${indent}def f${rng.int(3)}(${rng.pick(['x', 'x, y=2', '*args', 'x, **kw', ''])}):`,
        ...block(rng, `${indent}    `, depth + 1, 1, 3),
        `${indent}    return ${expr(rng, 2)}`,
      ];
    case 8:
      return [
        `${indent}try:`,
        ...block(rng, `${indent}    `, depth + 1, 1, 2),
        `${indent}except ${rng.pick(['Exception', 'ValueError', 'tf.errors.InvalidArgumentError', 'BaseException'])} as e:`,
        `${indent}    print(type(e).__name__)`,
      ];
    default:
      return [`${indent}assert ${expr(rng, 2)}`];
  }
}

function block(rng: Rng, indent: string, depth: number, min: number, max: number): string[] {
  const n = rng.range(min, max);
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(...statement(rng, indent, depth));
  return out;
}

/** A program of a few statements over tensors named a, b, c, x, y, w, v. */
export function generateProgram(rng: Rng): string {
  const lines = ['import tensorflow as tf', 'import numpy as np'];
  for (const n of NAMES) if (rng.chance(0.7)) lines.push(`${n} = ${tensorLiteral(rng)}`);
  lines.push(...block(rng, '', 0, 2, 8));
  return `${lines.join('\n')}\n`;
}
