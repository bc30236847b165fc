/** Lezer expression nodes → typed AST expressions, one table entry per Lezer node name. */
import type { SyntaxNode } from '@lezer/common';
import type {
  BinOp,
  CmpOp,
  Comprehension,
  Expr,
  FormattedValue,
  FStringExpr,
  FunctionInfo,
  Keyword,
  NameExpr,
  Param,
  Params,
  Span,
  Target,
  UnaryOp,
} from './ast';
import { bytesData, newBytes } from './bytes';
import { newComplex } from './complex';
import { type LowerContext, SyntaxFail } from './lowerContext';
import { Ellipsis, type PyValue } from './values';

type ExprLowerer = (n: SyntaxNode, L: LowerContext) => Expr;

export function nameExpr(id: string, span: Span): NameExpr {
  return { kind: 'Name', id, scope: 'global', depth: 0, span };
}

/** Lowers one expression node. */
export function lowerExpr(n: SyntaxNode, L: LowerContext): Expr {
  if (n.type.isError) throw L.errorAt(n);
  const f = EXPR[n.name];
  if (!f) throw L.fail(n, `invalid syntax`);
  return f(n, L);
}

/** Splits flat children at top-level `,` tokens. */
export function splitCommas(nodes: SyntaxNode[]): SyntaxNode[][] {
  const groups: SyntaxNode[][] = [[]];
  for (const c of nodes) {
    if (c.name === ',') groups.push([]);
    else groups[groups.length - 1].push(c);
  }
  return groups;
}

/** A comma-separated expression list (`a, *b`): one expression, or a tuple when there is a comma. */
export function lowerExprList(nodes: SyntaxNode[], L: LowerContext, span: Span): Expr {
  const groups = splitCommas(nodes);
  const trailing = groups.length > 1 && groups[groups.length - 1].length === 0;
  if (trailing) groups.pop();
  const elts = groups.map((g) => lowerItem(g, L));
  if (elts.length === 1 && !trailing && elts[0].kind !== 'Starred') return elts[0];
  return { kind: 'Tuple', elts, hasStar: elts.some((e) => e.kind === 'Starred'), span };
}

/** One list item: `expr` or `* expr`. */
function lowerItem(g: SyntaxNode[], L: LowerContext): Expr {
  if (g.length === 0) throw new Error('empty item');
  if (g[0].name === '*' && g.length === 2) {
    const value = lowerExpr(g[1], L);
    return { kind: 'Starred', value, span: L.spanFromTo(g[0].from, g[1].to) };
  }
  if (g.length !== 1) throw L.fail(g[0], 'invalid syntax');
  return lowerExpr(g[0], L);
}

/** Converts an expression to an assignment target, or fails like CPython ("cannot assign to ..."). */
export function toTarget(e: Expr, L: LowerContext, what = 'assign to'): Target {
  switch (e.kind) {
    case 'Name':
    case 'Attribute':
    case 'Subscript':
      return e;
    case 'Starred':
      return { ...e, value: toTarget(e.value, L, what) };
    case 'Tuple':
    case 'List':
      return { ...e, elts: e.elts.map((x) => toTarget(x, L, what)) };
    default: {
      const label: Record<string, string> = {
        Call: 'function call',
        Const: 'literal',
        BinOp: 'expression',
        Compare: 'comparison',
        Lambda: 'lambda',
      };
      throw new SyntaxFail(e.span, `cannot ${what} ${label[e.kind] ?? 'expression'}`);
    }
  }
}

const BIN_OPS = new Set<string>(['+', '-', '*', '/', '//', '%', '**', '@', '<<', '>>', '&', '|', '^']);
const CMP_OPS = new Set<string>(['<', '>', '==', '!=', '<=', '>=', 'in', 'not in', 'is', 'is not', '<>']);

function binary(n: SyntaxNode, L: LowerContext): Expr {
  const k = L.kids(n);
  const leftNode = k[0];
  const rightNode = k[k.length - 1];
  const op = k
    .slice(1, -1)
    .map((t) => L.text(t))
    .join(' ');
  const span = L.span(n);
  const left = lowerExpr(leftNode, L);
  const right = lowerExpr(rightNode, L);
  if (op === 'and' || op === 'or') {
    if (left.kind === 'BoolOp' && left.op === op && leftNode.name === 'BinaryExpression') {
      return { kind: 'BoolOp', op, values: [...left.values, right], span };
    }
    return { kind: 'BoolOp', op, values: [left, right], span };
  }
  if (CMP_OPS.has(op)) {
    const cmp = (op === '<>' ? '!=' : op) as CmpOp;
    if (left.kind === 'Compare' && leftNode.name === 'BinaryExpression') {
      return {
        kind: 'Compare',
        left: left.left,
        ops: [...left.ops, cmp],
        comparators: [...left.comparators, right],
        span,
      };
    }
    return { kind: 'Compare', left, ops: [cmp], comparators: [right], span };
  }
  if (!BIN_OPS.has(op)) throw L.fail(n, 'invalid syntax');
  return { kind: 'BinOp', op: op as BinOp, left, right, span };
}

/** The `and`/`or` of a BinaryExpression node, or null. */
function boolOperator(n: SyntaxNode, L: LowerContext): 'and' | 'or' | null {
  if (n.name !== 'BinaryExpression') return null;
  const k = L.kids(n);
  const op = k.length === 3 ? L.text(k[1]) : '';
  return op === 'and' || op === 'or' ? op : null;
}

/**
 * `not` applied `nots` times to the first operand of the and/or chain `n`. Lezer parses `not a and b` as
 * `not (a and b)`; in Python `not` binds tighter than `and` and `or`: `(not a) and b`.
 */
function notChain(n: SyntaxNode, nots: number, from: number, L: LowerContext): Expr {
  const op = boolOperator(n, L);
  if (op) {
    const k = L.kids(n);
    const left = notChain(k[0], nots, from, L);
    const right = lowerExpr(k[2], L);
    const whole = L.spanFromTo(from, n.to);
    if (left.kind === 'BoolOp' && left.op === op && boolOperator(k[0], L) === op) {
      return { kind: 'BoolOp', op, values: [...left.values, right], span: whole };
    }
    return { kind: 'BoolOp', op, values: [left, right], span: whole };
  }
  if (n.name === 'UnaryExpression') {
    const k = L.kids(n);
    if (L.text(k[0]) === 'not') return notChain(k[1], nots + 1, from, L);
  }
  let e = lowerExpr(n, L);
  for (let i = 0; i < nots; i++) e = { kind: 'Unary', op: 'not', operand: e, span: L.spanFromTo(from, n.to) };
  return e;
}

function unary(n: SyntaxNode, L: LowerContext): Expr {
  const k = L.kids(n);
  const op = L.text(k[0]) as UnaryOp;
  if (op === 'not') return notChain(k[1], 1, n.from, L);
  const operand = lowerExpr(k[1], L);
  if (op === '-' && operand.kind === 'Const') {
    const v = operand.value;
    if (typeof v === 'bigint') return { kind: 'Const', value: -v, span: L.span(n) };
    if (typeof v === 'number') return { kind: 'Const', value: -v, span: L.span(n) };
  }
  return { kind: 'Unary', op, operand, span: L.span(n) };
}

function parseNumber(n: SyntaxNode, L: LowerContext): Expr {
  const raw = L.text(n).replace(/_/g, '');
  const span = L.span(n);
  if (/[jJ]$/.test(raw)) return { kind: 'Const', value: newComplex(0, Number(raw.slice(0, -1))), span };
  if (/^0[xXoObB]/.test(raw)) return { kind: 'Const', value: BigInt(raw.toLowerCase()), span };
  if (/[.eE]/.test(raw) || L.floatEnds.has(n.to)) return { kind: 'Const', value: Number(raw), span };
  if (/^0+\d/.test(raw)) {
    throw L.fail(n, 'leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers');
  }
  return { kind: 'Const', value: BigInt(raw), span };
}

const SIMPLE_ESCAPES: Record<string, string> = {
  '\\': '\\',
  "'": "'",
  '"': '"',
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\n': '',
};

/** Decodes backslash escapes of a non-raw string body. */
export function decodeEscapes(s: string): string {
  if (!s.includes('\\')) return s;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c !== '\\' || i + 1 >= s.length) {
      out += c;
      continue;
    }
    const d = s[i + 1];
    if (d in SIMPLE_ESCAPES) {
      out += SIMPLE_ESCAPES[d];
      i++;
    } else if (d === '\r') {
      i += s[i + 2] === '\n' ? 2 : 1;
    } else if (d >= '0' && d <= '7') {
      const m = /^[0-7]{1,3}/.exec(s.slice(i + 1)) as RegExpExecArray;
      out += String.fromCodePoint(Number.parseInt(m[0], 8));
      i += m[0].length;
    } else if (d === 'x' || d === 'u' || d === 'U') {
      const len = d === 'x' ? 2 : d === 'u' ? 4 : 8;
      const hex = s.slice(i + 2, i + 2 + len);
      if (hex.length === len && /^[0-9a-fA-F]+$/.test(hex)) {
        out += String.fromCodePoint(Number.parseInt(hex, 16));
        i += 1 + len;
      } else out += c;
    } else out += c;
  }
  return out;
}

interface StringParts {
  prefix: string;
  quoteLen: number;
}

function stringParts(text: string): StringParts {
  const m = /^[a-zA-Z]*/.exec(text) as RegExpExecArray;
  const prefix = m[0].toLowerCase();
  const rest = text.slice(m[0].length);
  const quoteLen = rest.startsWith('"""') || rest.startsWith("'''") ? 3 : 1;
  return { prefix, quoteLen };
}

function stringValue(n: SyntaxNode, L: LowerContext): string {
  const text = L.text(n);
  const { prefix, quoteLen } = stringParts(text);
  const body = text.slice(prefix.length + quoteLen, text.length - quoteLen);
  return prefix.includes('r') ? body : decodeEscapes(body);
}

function literalText(raw: string, isRaw: boolean): string {
  const t = raw.replace(/\{\{/g, '{').replace(/\}\}/g, '}');
  return isRaw ? t : decodeEscapes(t);
}

function formatString(n: SyntaxNode, L: LowerContext): FStringExpr {
  const text = L.text(n);
  const { prefix, quoteLen } = stringParts(text);
  const isRaw = prefix.includes('r');
  const bodyFrom = n.from + prefix.length + quoteLen;
  const bodyTo = n.to - quoteLen;
  const parts: (string | FormattedValue)[] = [];
  let pos = bodyFrom;
  for (const c of L.kids(n)) {
    if (c.name !== 'FormatReplacement') continue;
    if (c.from > pos) parts.push(literalText(L.src.slice(pos, c.from), isRaw));
    parts.push(...replacement(c, L, isRaw));
    pos = c.to;
  }
  if (bodyTo > pos) parts.push(literalText(L.src.slice(pos, bodyTo), isRaw));
  return { kind: 'FString', parts, span: L.span(n) };
}

function replacement(n: SyntaxNode, L: LowerContext, isRaw: boolean): (string | FormattedValue)[] {
  const k = L.kids(n);
  let conversion: FormattedValue['conversion'] = null;
  let spec: FStringExpr | null = null;
  let selfDoc: string | null = null;
  const exprNodes: SyntaxNode[] = [];
  for (let i = 0; i < k.length; i++) {
    const c = k[i];
    if (c.name === '{' || c.name === '}') continue;
    if (c.name === 'FormatConversion') conversion = L.text(c).slice(1) as 's' | 'r' | 'a';
    else if (c.name === 'FormatSelfDoc') selfDoc = L.src.slice(n.from + 1, k[i + 1]?.from ?? c.to);
    else if (c.name === 'FormatSpec') spec = formatSpec(c, L, isRaw);
    else exprNodes.push(c);
  }
  if (exprNodes.length === 0) throw L.fail(n, "f-string: valid expression required before '}'");
  const value = lowerExprList(exprNodes, L, L.spanFromTo(exprNodes[0].from, exprNodes[exprNodes.length - 1].to));
  if (selfDoc !== null && conversion === null && spec === null) conversion = 'r';
  const fv: FormattedValue = { kind: 'FormattedValue', value, conversion, spec, span: L.span(n) };
  return selfDoc !== null ? [selfDoc, fv] : [fv];
}

function formatSpec(n: SyntaxNode, L: LowerContext, isRaw: boolean): FStringExpr {
  const parts: (string | FormattedValue)[] = [];
  let pos = n.from + 1; // after ':'
  for (const c of L.kids(n)) {
    if (c.name !== 'FormatReplacement') continue;
    if (c.from > pos) parts.push(literalText(L.src.slice(pos, c.from), isRaw));
    parts.push(...replacement(c, L, isRaw));
    pos = c.to;
  }
  if (n.to > pos) parts.push(literalText(L.src.slice(pos, n.to), isRaw));
  return { kind: 'FString', parts, span: L.span(n) };
}

function isBytesLiteral(n: SyntaxNode, L: LowerContext): boolean {
  return n.name === 'String' && /^[a-zA-Z]*[bB]/.test(L.text(n));
}

/** The value of a `b'...'` literal: ASCII characters and escapes (`\u` is not an escape in bytes). */
function bytesValue(n: SyntaxNode, L: LowerContext): PyValue {
  const text = L.text(n);
  const { prefix, quoteLen } = stringParts(text);
  const body = text.slice(prefix.length + quoteLen, text.length - quoteLen);
  if ([...body].some((c) => c.charCodeAt(0) > 0x7f)) throw L.fail(n, 'bytes can only contain ASCII literal characters');
  const decoded = prefix.includes('r')
    ? body
    : decodeEscapes(body.replace(/\\(\\|[uUN])/g, (m, c) => (c === '\\' ? m : `\\${m}`)));
  return newBytes(Uint8Array.from(decoded, (c) => c.charCodeAt(0)));
}

function continuedString(n: SyntaxNode, L: LowerContext): Expr {
  const kids = L.kids(n);
  const span = L.span(n);
  const bytesParts = kids.filter((c) => isBytesLiteral(c, L)).length;
  if (bytesParts > 0) {
    if (bytesParts < kids.length) throw L.fail(n, 'cannot mix bytes and nonbytes literals');
    const chunks = kids.map((c) => bytesData(bytesValue(c, L)));
    const all = new Uint8Array(chunks.reduce((m, c) => m + c.length, 0));
    let at = 0;
    for (const c of chunks) {
      all.set(c, at);
      at += c.length;
    }
    return { kind: 'Const', value: newBytes(all), span };
  }
  const pieces = kids.map((c) => lowerExpr(c, L));
  if (pieces.every((p) => p.kind === 'Const')) {
    return { kind: 'Const', value: pieces.map((p) => (p as { value: string }).value).join(''), span };
  }
  const parts: (string | FormattedValue)[] = [];
  for (const p of pieces) {
    if (p.kind === 'Const') parts.push(p.value as string);
    else parts.push(...(p as FStringExpr).parts);
  }
  return { kind: 'FString', parts, span };
}

/** Parses `for ... in ... if ...` clauses starting at `k[i]`. */
function comprehensions(k: SyntaxNode[], i: number, end: number, L: LowerContext): Comprehension[] {
  const out: Comprehension[] = [];
  while (i < end) {
    if (k[i].name === 'async') throw L.unsupported(k[i], 'async comprehensions');
    if (k[i].name !== 'for') throw L.fail(k[i], 'invalid syntax');
    const forNode = k[i];
    let j = i + 1;
    const targetNodes: SyntaxNode[] = [];
    while (j < end && k[j].name !== 'in') targetNodes.push(k[j++]);
    if (j >= end - 1) throw L.fail(forNode, 'invalid syntax');
    const targetExpr = lowerExprList(
      targetNodes,
      L,
      L.spanFromTo(targetNodes[0].from, targetNodes[targetNodes.length - 1].to),
    );
    const target = toTarget(targetExpr, L);
    const iter = lowerExpr(k[j + 1], L);
    j += 2;
    const ifs: Expr[] = [];
    while (j < end && k[j].name === 'if') {
      ifs.push(lowerExpr(k[j + 1], L));
      j += 2;
    }
    out.push({ target, iter, ifs, span: L.spanFromTo(forNode.from, k[j - 1].to) });
    i = j;
  }
  return out;
}

/** `[elt for ...]`, `{elt for ...}`, `(elt for ...)`, `{k: v for ...}`. */
function comprehension(kind: 'ListComp' | 'SetComp' | 'GeneratorExp' | 'DictComp'): ExprLowerer {
  return (n, L) => {
    const k = L.kids(n);
    const inner = k.slice(1, -1);
    const span = L.span(n);
    const forAt = inner.findIndex((c) => c.name === 'for' || c.name === 'async');
    if (kind === 'DictComp') {
      if (inner[0].name === '**') throw L.fail(inner[0], 'dict unpacking cannot be used in dict comprehension');
      const key = lowerExpr(inner[0], L);
      const value = lowerExpr(inner[2], L);
      return { kind, key, value, generators: comprehensions(inner, forAt, inner.length, L), span };
    }
    const elt = lowerItem(inner.slice(0, forAt), L);
    if (elt.kind === 'Starred') throw L.fail(inner[0], 'iterable unpacking cannot be used in comprehension');
    return { kind, elt, generators: comprehensions(inner, forAt, inner.length, L), span };
  };
}

function sequence(kind: 'Tuple' | 'List' | 'Set'): ExprLowerer {
  return (n, L) => {
    const k = L.kids(n);
    const groups = splitCommas(k.slice(1, -1)).filter((g) => g.length > 0);
    const elts = groups.map((g) => lowerItem(g, L));
    return { kind, elts, hasStar: elts.some((e) => e.kind === 'Starred'), span: L.span(n) };
  };
}

function dict(n: SyntaxNode, L: LowerContext): Expr {
  const k = L.kids(n);
  const keys: (Expr | null)[] = [];
  const values: Expr[] = [];
  for (const g of splitCommas(k.slice(1, -1))) {
    if (g.length === 0) continue;
    if (g[0].name === '**') {
      keys.push(null);
      values.push(lowerExpr(g[1], L));
    } else {
      if (g.length !== 3 || g[1].name !== ':') throw L.fail(g[0], 'invalid syntax');
      keys.push(lowerExpr(g[0], L));
      values.push(lowerExpr(g[2], L));
    }
  }
  return { kind: 'Dict', keys, values, span: L.span(n) };
}

function parenthesized(n: SyntaxNode, L: LowerContext): Expr {
  const k = L.kids(n);
  const inner = k.slice(1, -1);
  if (inner.length === 1) return lowerExpr(inner[0], L);
  if (inner.length === 2 && inner[0].name === '*') throw L.fail(n, 'cannot use starred expression here');
  throw L.fail(n, 'invalid syntax');
}

/** Subscript contents `[a, b:c, ::d]` → index expression. */
function subscriptIndex(nodes: SyntaxNode[], L: LowerContext, span: Span): Expr {
  const groups = splitCommas(nodes);
  const trailing = groups.length > 1 && groups[groups.length - 1].length === 0;
  if (trailing) groups.pop();
  const items = groups.map((g) => {
    if (!g.some((c) => c.name === ':')) return lowerItem(g, L);
    const parts: (Expr | null)[] = [null, null, null];
    let slot = 0;
    for (const c of g) {
      if (c.name === ':') slot++;
      else parts[slot] = lowerExpr(c, L);
    }
    const s: Expr = {
      kind: 'Slice',
      lower: parts[0],
      upper: parts[1],
      step: parts[2],
      span: L.spanFromTo(g[0].from, g[g.length - 1].to),
    };
    return s;
  });
  if (items.length === 1 && !trailing) return items[0];
  return { kind: 'Tuple', elts: items, hasStar: items.some((e) => e.kind === 'Starred'), span };
}

function member(n: SyntaxNode, L: LowerContext): Expr {
  const k = L.kids(n);
  const value = lowerExpr(k[0], L);
  const span = L.span(n);
  if (k[1].name === '.') {
    if (!k[2]) throw L.fail(n, 'invalid syntax');
    return { kind: 'Attribute', value, attr: L.text(k[2]), span };
  }
  const inner = k.slice(2, -1);
  if (inner.length === 0) throw L.fail(n, 'invalid syntax');
  const index = subscriptIndex(inner, L, L.spanFromTo(inner[0].from, inner[inner.length - 1].to));
  return { kind: 'Subscript', value, index, span };
}

/** Lowers an `ArgList` into positional and keyword arguments (a lone generator argument included). */
export function lowerArgs(argList: SyntaxNode, L: LowerContext): { args: Expr[]; keywords: Keyword[] } {
  const k = L.kids(argList);
  const inner = k.slice(1, -1);
  const args: Expr[] = [];
  const keywords: Keyword[] = [];
  const genAt = inner.findIndex((c) => c.name === 'for' || c.name === 'async');
  if (genAt > 0) {
    // A bare generator is the only argument, and its target may hold commas: `sum(a * b for a, b in pairs)`.
    const comma = inner.findIndex((c) => c.name === ',');
    if (comma >= 0 && comma < genAt) throw L.fail(inner[0], 'Generator expression must be parenthesized');
    const elt = lowerItem(inner.slice(0, genAt), L);
    const span = L.spanFromTo(inner[0].from, inner[inner.length - 1].to);
    args.push({ kind: 'GeneratorExp', elt, generators: comprehensions(inner, genAt, inner.length, L), span });
    return { args, keywords };
  }
  for (const g of splitCommas(inner)) {
    if (g.length === 0) continue;
    const span = L.spanFromTo(g[0].from, g[g.length - 1].to);
    if (g[0].name === '**') keywords.push({ name: null, value: lowerExpr(g[1], L), span });
    else if (g[0].name === '*') args.push({ kind: 'Starred', value: lowerExpr(g[1], L), span });
    else if (g.length >= 3 && g[1].name === 'AssignOp') {
      if (L.text(g[1]) !== '=') throw L.unsupported(g[1], 'Assignment expressions as arguments');
      if (keywords.some((kw) => kw.name === L.text(g[0]))) {
        throw L.fail(g[0], `keyword argument repeated: ${L.text(g[0])}`);
      }
      keywords.push({ name: L.text(g[0]), value: lowerExpr(g[2], L), span });
    } else {
      if (keywords.length > 0) throw L.fail(g[0], 'positional argument follows keyword argument');
      args.push(lowerItem(g, L));
    }
  }
  return { args, keywords };
}

function call(n: SyntaxNode, L: LowerContext): Expr {
  const k = L.kids(n);
  const func = lowerExpr(k[0], L);
  const { args, keywords } = lowerArgs(k[1], L);
  const simple = keywords.length === 0 && !args.some((a) => a.kind === 'Starred');
  return { kind: 'Call', func, args, keywords, simple, span: L.span(n) };
}

function conditional(n: SyntaxNode, L: LowerContext): Expr {
  const k = L.kids(n);
  return {
    kind: 'IfExp',
    body: lowerExpr(k[0], L),
    test: lowerExpr(k[2], L),
    orelse: lowerExpr(k[4], L),
    span: L.span(n),
  };
}

/** Parameters of `def` (`(a, b=1, *args, c, **kw)`) or `lambda` (no parentheses). */
export function lowerParams(nodes: SyntaxNode[], L: LowerContext): Params {
  const params: Params = { args: [], posOnly: 0, vararg: null, kwOnly: [], kwarg: null, numDefaults: 0 };
  let afterStar = false;
  const seen = new Set<string>();
  const check = (nameNode: SyntaxNode) => {
    const name = L.text(nameNode);
    if (seen.has(name)) throw L.fail(nameNode, `duplicate argument '${name}' in function definition`);
    seen.add(name);
    return name;
  };
  for (const g of splitCommas(nodes)) {
    if (g.length === 0) continue;
    const head = g[0];
    if (head.name === '/') {
      params.posOnly = params.args.length;
    } else if (head.name === '*') {
      afterStar = true;
      if (g[1] && g[1].name === 'VariableName') params.vararg = check(g[1]);
    } else if (head.name === '**') {
      params.kwarg = check(g[1]);
    } else if (head.name === 'VariableName') {
      const name = check(head);
      const eq = g.findIndex((c) => c.name === 'AssignOp');
      const def = eq >= 0 ? lowerExpr(g[eq + 1], L) : null;
      const p: Param = { name, default: def, span: L.span(head) };
      if (afterStar) params.kwOnly.push(p);
      else {
        if (def === null && params.numDefaults > 0) {
          throw L.fail(head, 'parameter without a default follows parameter with a default');
        }
        if (def !== null) params.numDefaults++;
        params.args.push(p);
      }
    } else throw L.fail(head, 'invalid syntax');
  }
  return params;
}

/** Lowers a function body in a fresh function context (yield tracking and qualname). */
export function withFunctionScope<T>(
  L: LowerContext,
  name: string,
  body: () => T,
): { result: T; isGenerator: boolean } {
  const savedYield = L.yieldCount;
  const savedPrefix = L.qualPrefix;
  const savedIn = L.inFunction;
  L.yieldCount = 0;
  L.qualPrefix = `${savedPrefix}${name}.<locals>.`;
  L.inFunction = true;
  try {
    const result = body();
    return { result, isGenerator: L.yieldCount > 0 };
  } finally {
    L.yieldCount = savedYield;
    L.qualPrefix = savedPrefix;
    L.inFunction = savedIn;
  }
}

function lambda(n: SyntaxNode, L: LowerContext): Expr {
  const k = L.kids(n);
  const paramList = k.find((c) => c.name === 'ParamList');
  const bodyNode = k[k.length - 1];
  const span = L.span(n);
  const qualname = `${L.qualPrefix}<lambda>`;
  const params = paramList ? lowerParams(L.kids(paramList), L) : lowerParams([], L);
  const { result: bodyExpr, isGenerator } = withFunctionScope(L, '<lambda>', () => lowerExpr(bodyNode, L));
  const fn: FunctionInfo = {
    name: '<lambda>',
    qualname,
    params,
    body: [{ kind: 'Return', value: bodyExpr, span: bodyExpr.span }],
    isLambda: true,
    isGenerator,
    span,
  };
  return { kind: 'Lambda', fn, span };
}

function named(n: SyntaxNode, L: LowerContext): Expr {
  const k = L.kids(n);
  const target = lowerExpr(k[0], L);
  if (target.kind !== 'Name') throw L.fail(k[0], `cannot use assignment expressions with ${target.kind.toLowerCase()}`);
  return { kind: 'NamedExpr', target, value: lowerExpr(k[2], L), span: L.span(n) };
}

function yieldExpr(n: SyntaxNode, L: LowerContext): Expr {
  const k = L.kids(n);
  const span = L.span(n);
  if (!L.inFunction) throw L.fail(n, "'yield' outside function");
  L.yieldCount++;
  if (k[1] && k[1].name === 'from') return { kind: 'YieldFrom', value: lowerExpr(k[2], L), span };
  const rest = k.slice(1);
  return { kind: 'Yield', value: rest.length ? lowerExprList(rest, L, span) : null, span };
}

const EXPR: Record<string, ExprLowerer> = {
  __proto__: null as never,
  VariableName: (n, L) => nameExpr(L.text(n), L.span(n)),
  Number: parseNumber,
  String: (n, L) => ({
    kind: 'Const',
    value: isBytesLiteral(n, L) ? bytesValue(n, L) : stringValue(n, L),
    span: L.span(n),
  }),
  FormatString: formatString,
  ContinuedString: continuedString,
  Boolean: (n, L) => ({ kind: 'Const', value: L.text(n) === 'True', span: L.span(n) }),
  None: (n, L) => ({ kind: 'Const', value: null, span: L.span(n) }),
  Ellipsis: (n, L) => ({ kind: 'Const', value: Ellipsis, span: L.span(n) }),
  BinaryExpression: binary,
  UnaryExpression: unary,
  ParenthesizedExpression: parenthesized,
  TupleExpression: sequence('Tuple'),
  ArrayExpression: sequence('List'),
  SetExpression: sequence('Set'),
  DictionaryExpression: dict,
  ComprehensionExpression: comprehension('GeneratorExp'),
  ArrayComprehensionExpression: comprehension('ListComp'),
  SetComprehensionExpression: comprehension('SetComp'),
  DictionaryComprehensionExpression: comprehension('DictComp'),
  CallExpression: call,
  MemberExpression: member,
  ConditionalExpression: conditional,
  LambdaExpression: lambda,
  NamedExpression: named,
  YieldExpression: yieldExpr,
  YieldStatement: yieldExpr,
  AwaitExpression: (n, L) => {
    throw L.unsupported(n, '`await`');
  },
};
