/**
 * Mutations of Python source: token and line edits (delete, duplicate, swap, replace), truncation, huge numbers,
 * deep nesting, unicode identifiers and strings, random indentation, snippets with runaway loops or huge tensors,
 * and splices from other programs. Each mutation is a pure function of the source and the case's `Rng`.
 */
import type { Rng } from './rng';

const TOKEN =
  /[A-Za-z_\u00a0-\uffff][\w\u00a0-\uffff]*|0[xXoObB][\w]+|\d[\d_]*\.?\d*(?:[eE][+-]?\d+)?[jJ]?|\.\d+(?:[eE][+-]?\d+)?|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|\*\*=?|\/\/=?|[<>=!]=|->|:=|<<|>>|\S/g;

interface Tok {
  start: number;
  end: number;
  text: string;
}

export function tokens(src: string): Tok[] {
  const out: Tok[] = [];
  for (const m of src.matchAll(TOKEN)) out.push({ start: m.index, end: m.index + m[0].length, text: m[0] });
  return out;
}

export const HUGE_NUMBERS = [
  '10**100',
  '2**64',
  '2**1000',
  '1e308',
  '1e309',
  '-1e308',
  '1e-320',
  '99999999999999999999999999999',
  '100000',
  '2147483648',
  '-2147483649',
  '9007199254740993',
  '0.0',
  '-0.0',
  "float('nan')",
  "float('inf')",
  "-float('inf')",
  '10**10',
  '1_000_000_000',
  '0x7fffffff',
  '-1',
  '0',
];

const POOL = [
  '(',
  ')',
  '[',
  ']',
  '{',
  '}',
  ':',
  ',',
  '.',
  '=',
  '==',
  '+',
  '-',
  '*',
  '**',
  '/',
  '//',
  '%',
  '@',
  '<',
  '>',
  'not',
  'and',
  'or',
  'in',
  'is',
  'if',
  'else',
  'elif',
  'for',
  'while',
  'def',
  'class',
  'return',
  'yield',
  'lambda',
  'with',
  'as',
  'import',
  'from',
  'global',
  'nonlocal',
  'del',
  'pass',
  'break',
  'continue',
  'raise',
  'try',
  'except',
  'finally',
  'assert',
  'None',
  'True',
  'False',
  'tf',
  'np',
  'x',
  'y',
  'tape',
  'self',
  '*args',
  '**kw',
  '...',
  '"s"',
  "f'{x}'",
  '0',
  '1',
  '2.5',
  '[]',
  '()',
  '{}',
  'tf.constant(1.0)',
  'tf.Variable(3.0)',
  'tf.ones((2, 3))',
  'tape.gradient(y, x)',
  '\\',
  ';',
  '#',
  '"""',
  "'",
  '"',
  '\t',
  '\n',
  '\n    ',
];

export const UNICODE_IDENTIFIERS = [
  'π',
  'λ_grad',
  'δx',
  'ñame',
  'Ωmega',
  '变量',
  'переменная',
  'ℌ',
  'x̃',
  'ǅ',
  'µ',
  'ａ',
];
export const UNICODE_TEXT = [
  '😀',
  '𝔘𝔫𝔦𝔠𝔬𝔡𝔢',
  '\u0000',
  '\u200b',
  '\u202e',
  '\ufeff',
  '\u2028',
  '\u00a0',
  'é',
  'e\u0301',
  '\ud800',
  '\udfff',
  '\r',
  '\x0c',
  '\x1b[31m',
  '👨‍👩‍👧',
];

export const SNIPPETS = [
  'while True: pass',
  'while True:\n    x = tf.ones((1000, 1000))',
  'def f(n):\n    return f(n + 1)\nf(0)',
  'x = tf.ones((100000, 100000))',
  'x = tf.zeros([2**31, 2**31])',
  'xs = [tf.ones((500, 500)) for _ in range(100000)]',
  'for i in range(10**9): pass',
  'x = [0] * 10**10',
  "s = 'a' * 10**10",
  'n = 10**10**10',
  'import numpy as np\nz = np.ones((10**5, 10**5))',
  'with tf.GradientTape() as tape:\n    y = x * x',
  'g = tape.gradient(y, x)',
  'del x',
  'raise ValueError("boom")',
  'assert False, "nope"',
  'yield 1',
  'return 1',
  'global x',
  'nonlocal x',
  'class C:\n    pass',
  'lambda: (yield)',
  'x = x[...]',
  'x = x[::-1]',
  'x = x[None, :, tf.newaxis]',
  'print(x, sep=None, end=None)',
  'import os\nos.system("rm -rf /")',
  '__import__("os")',
  'eval("1+1")',
  'exec("x = 1")',
  'open("/etc/passwd").read()',
  'x = tf.Variable(x)\nx.assign(x + 1)',
  'tape.watch(x)',
  'try:\n    pass\nexcept:\n    pass',
  'x = tf.reshape(x, (-1, -1))',
  'x = tf.matmul(x, x)',
  'x = x @ x',
  'x = tf.reduce_sum(x, axis=99)',
  'x = tf.cast(x, tf.string)',
  "x = tf.constant(['a', 'b'])",
  'x = tf.constant([[1, 2], [3]])',
  'x = np.array([[1, 2], [3]])',
  'x = tf.range(10**9)',
  'x = tf.einsum("ij,jk->ik", x, x)',
  'x = tf.gather(x, [100])',
  'import tensorflow as tf',
  '%timeit x',
  '!pip install tensorflow',
  'x = y = z = None',
  'async def f():\n    await g()',
  'match x:\n    case 1:\n        pass',
  'x: int = 1',
  'print(*[1] * 100000)',
  'f"{x!r:>{10**9}}"',
  "'%*d' % (10**9, 1)",
  'format(1.5, ".100000f")',
  'round(1.5, 10**9)',
  'range(10**30)[10**29]',
  'x = 1 << 10**9',
  'x = 10 ** -10**9',
  'divmod(1, 0)',
  'int("9" * 100000)',
  'str(10**100000)',
  'hash(tf.constant(1.0))',
  '{tf.constant(1.0): 1}',
  'sorted([tf.constant(1.0), tf.constant(2.0)])',
  'list(map(lambda v: v, range(10**9)))',
];

const indentOf = (line: string): string => /^[ \t]*/.exec(line)?.[0] ?? '';

function mutateTokens(src: string, rng: Rng): string {
  const toks = tokens(src);
  if (toks.length === 0) return rng.pick(POOL) + src;
  const a = toks[rng.int(toks.length)];
  const op = rng.int(5);
  switch (op) {
    case 0: // delete
      return src.slice(0, a.start) + src.slice(a.end);
    case 1: // duplicate
      return src.slice(0, a.end) + (rng.chance(0.5) ? ' ' : '') + a.text + src.slice(a.end);
    case 2: {
      // swap with another token
      const b = toks[rng.int(toks.length)];
      if (a === b) return src;
      const [x, y] = a.start < b.start ? [a, b] : [b, a];
      return src.slice(0, x.start) + y.text + src.slice(x.end, y.start) + x.text + src.slice(y.end);
    }
    case 3: // replace with a token from the pool or from the program
      return src.slice(0, a.start) + (rng.chance(0.6) ? rng.pick(POOL) : rng.pick(toks).text) + src.slice(a.end);
    default: // insert
      return `${src.slice(0, a.start)}${rng.pick(POOL)}${rng.chance(0.5) ? ' ' : ''}${src.slice(a.start)}`;
  }
}

function mutateLines(src: string, rng: Rng): string {
  const lines = src.split('\n');
  const i = rng.int(lines.length);
  const j = rng.int(lines.length);
  switch (rng.int(5)) {
    case 0:
      lines.splice(i, 1);
      break;
    case 1:
      lines.splice(i, 0, ...lines.slice(i, i + rng.range(1, 4)));
      break;
    case 2:
      [lines[i], lines[j]] = [lines[j], lines[i]];
      break;
    case 3: {
      const [moved] = lines.splice(i, 1);
      lines.splice(j, 0, moved);
      break;
    }
    default:
      lines.splice(i, 0, ...lines.slice(j, j + rng.range(1, 6)));
  }
  return lines.join('\n');
}

function reindent(src: string, rng: Rng): string {
  const lines = src.split('\n');
  const count = rng.range(1, 3);
  for (let k = 0; k < count; k++) {
    const i = rng.int(lines.length);
    const body = lines[i].trimStart();
    const choices = ['', ' ', '  ', '   ', '    ', '     ', '        ', '\t', '\t    ', '    \t', ' \t '];
    lines[i] = rng.pick(choices) + (rng.chance(0.2) ? indentOf(lines[i]) : '') + body;
  }
  return lines.join('\n');
}

function truncate(src: string, rng: Rng): string {
  return src.slice(0, rng.int(src.length + 1));
}

function hugeNumber(src: string, rng: Rng): string {
  const toks = tokens(src).filter((t) => /^[\d.]/.test(t.text));
  const huge = rng.pick(HUGE_NUMBERS);
  if (toks.length === 0 || rng.chance(0.2)) return `${src}\nx = ${huge}\n`;
  const t = rng.pick(toks);
  return src.slice(0, t.start) + huge + src.slice(t.end);
}

/** `depth` levels of one nesting form around `inner`. */
export function nest(kind: number, depth: number, inner: string): string {
  const forms: [string, string][] = [
    ['(', ')'],
    ['[', ']'],
    ['f(', ')'],
    ['-', ''],
    ['not ', ''],
    ['{1: ', '}'],
    ['(lambda: ', ')()'],
    ['tf.identity(', ')'],
    ['[', ', 1]'],
    ['(', ',)'],
    ['x[', ']'],
    ['', ' + 1'],
    ['', '.real'],
    ['f"{', '}"'],
  ];
  const [open, close] = forms[kind % forms.length];
  return open.repeat(depth) + inner + close.repeat(depth);
}

function deepNesting(src: string, rng: Rng): string {
  const depth = rng.pick([10, 50, 100, 300, 1000, 3000, 10000]);
  const kind = rng.int(14);
  const expr = nest(kind, depth, rng.pick(['1', 'x', 'None', '2.5', 'tf.constant(1.0)']));
  if (rng.chance(0.3)) {
    // deep statement nesting
    const form = rng.pick(['if True:', 'for _ in range(1):', 'while False:', 'def f():', 'with tape:', 'try:']);
    const d = Math.min(depth, 200);
    let out = '';
    for (let k = 0; k < d; k++) out += `${' '.repeat(k)}${form}\n`;
    return `${src}\n${out}${' '.repeat(d)}pass\n`;
  }
  const lines = src.split('\n');
  const i = rng.int(lines.length + 1);
  lines.splice(i, 0, `${indentOf(lines[i] ?? '')}x = ${expr}`);
  return lines.join('\n');
}

function unicode(src: string, rng: Rng): string {
  const toks = tokens(src);
  if (rng.chance(0.5)) {
    const names = toks.filter((t) => /^[A-Za-z_]\w*$/.test(t.text));
    if (names.length) {
      // rename one identifier everywhere (keeps the program valid) or once (breaks it)
      const victim = rng.pick(names).text;
      const name = rng.pick(UNICODE_IDENTIFIERS);
      if (rng.chance(0.7)) return src.replace(new RegExp(`\\b${victim}\\b`, 'g'), name);
      const t = rng.pick(names);
      return src.slice(0, t.start) + name + src.slice(t.end);
    }
  }
  const text = Array.from({ length: rng.range(1, 4) }, () => rng.pick(UNICODE_TEXT)).join('');
  if (rng.chance(0.5)) {
    const strs = toks.filter((t) => /^['"]/.test(t.text) && t.text.length >= 2);
    if (strs.length) {
      const t = rng.pick(strs);
      return `${src.slice(0, t.start + 1)}${text}${src.slice(t.start + 1)}`;
    }
  }
  const at = rng.int(src.length + 1);
  return src.slice(0, at) + (rng.chance(0.5) ? `print(${JSON.stringify(text)})\n` : text) + src.slice(at);
}

function snippet(src: string, rng: Rng): string {
  const lines = src.split('\n');
  const i = rng.int(lines.length + 1);
  const indent = indentOf(lines[i] ?? '');
  const s = rng
    .pick(SNIPPETS)
    .split('\n')
    .map((l) => indent + l);
  lines.splice(i, 0, ...s);
  return lines.join('\n');
}

function splice(src: string, rng: Rng, corpus: readonly string[]): string {
  const other = rng.pick(corpus).split('\n');
  const from = rng.int(other.length);
  const piece = other.slice(from, from + rng.range(1, 12));
  const lines = src.split('\n');
  lines.splice(rng.int(lines.length + 1), 0, ...piece);
  return lines.join('\n');
}

export type MutationName =
  | 'tokens'
  | 'lines'
  | 'indent'
  | 'truncate'
  | 'huge'
  | 'nesting'
  | 'unicode'
  | 'snippet'
  | 'splice';

const WEIGHTS: [MutationName, number][] = [
  ['tokens', 30],
  ['lines', 18],
  ['indent', 8],
  ['truncate', 5],
  ['huge', 10],
  ['nesting', 5],
  ['unicode', 8],
  ['snippet', 10],
  ['splice', 6],
];
const TOTAL = WEIGHTS.reduce((s, [, w]) => s + w, 0);

export function pickMutation(rng: Rng): MutationName {
  let r = rng.int(TOTAL);
  for (const [name, w] of WEIGHTS) {
    if (r < w) return name;
    r -= w;
  }
  return 'tokens';
}

export function mutate(src: string, rng: Rng, corpus: readonly string[], name = pickMutation(rng)): string {
  switch (name) {
    case 'tokens':
      return mutateTokens(src, rng);
    case 'lines':
      return mutateLines(src, rng);
    case 'indent':
      return reindent(src, rng);
    case 'truncate':
      return truncate(src, rng);
    case 'huge':
      return hugeNumber(src, rng);
    case 'nesting':
      return deepNesting(src, rng);
    case 'unicode':
      return unicode(src, rng);
    case 'snippet':
      return snippet(src, rng);
    case 'splice':
      return splice(src, rng, corpus);
  }
}
