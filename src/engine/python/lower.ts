/**
 * Lowering: Lezer tree → typed AST, once per cell. Error-tolerant: a statement containing a syntax error becomes a
 * diagnostic and is skipped; the rest of the cell still lowers. IPython magics are blanked out beforehand.
 */
import type { SyntaxNode } from '@lezer/common';
import { parser } from '@lezer/python';
import type {
  BinOp,
  ExceptHandler,
  Expr,
  ImportAlias,
  ImportFromName,
  Keyword,
  Module,
  Span,
  Stmt,
  Target,
  WithItem,
} from './ast';
import { LowerContext, SyntaxFail } from './lowerContext';
import {
  lowerArgs,
  lowerExpr,
  lowerExprList,
  lowerParams,
  nameExpr,
  splitCommas,
  toTarget,
  withFunctionScope,
} from './lowerExpr';
import { resolveModule } from './resolve';
import { blankMagics, type Diagnostic, LineIndex } from './source';
import { PyUnknown } from './values';

export interface LoweredCell {
  module: Module;
  lines: LineIndex;
  /** Lowering ran past the run's deadline (a huge source on a small time budget): nothing of the cell is lowered. */
  timedOut?: boolean;
}

/** Thrown inside lowering once the deadline has passed. */
class LowerTimeout {}

/** The deadline of the `lowerCell` call in progress (`performance.now()` time). */
let lowerDeadline = Number.POSITIVE_INFINITY;

function checkDeadline(): void {
  if (performance.now() > lowerDeadline) throw new LowerTimeout();
}

/** `parser.parse`, checking the deadline as it goes (parsing a megabyte takes a few hundred ms). */
function parse(src: string): ReturnType<typeof parser.parse> {
  if (lowerDeadline === Number.POSITIVE_INFINITY) return parser.parse(src);
  const p = parser.startParse(src);
  for (let n = 0; ; n++) {
    const tree = p.advance();
    if (tree) return tree;
    if ((n & 255) === 0) checkDeadline();
  }
}

/** Parses and lowers one cell; syntax errors and skipped magics are appended to `diagnostics`. */
export function lowerCell(
  source: string,
  cell: number | undefined,
  diagnostics: Diagnostic[],
  deadline = Number.POSITIVE_INFINITY,
): LoweredCell {
  const key = `${cell ?? ''}\u0000${source}`;
  const hit = loweredCache.get(key);
  if (hit) {
    // Most recently used last.
    loweredCache.delete(key);
    loweredCache.set(key, hit);
    for (const d of hit.diagnostics) diagnostics.push({ ...d });
    return hit.lowered;
  }
  const found: Diagnostic[] = [];
  const lowered = lowerCellUncached(source, cell, found, deadline);
  diagnostics.push(...found);
  if (!lowered.timedOut && source.length <= CACHE_MAX_SOURCE) {
    loweredCache.set(key, { lowered, diagnostics: found.map((d) => ({ ...d })) });
    if (loweredCache.size > CACHE_CELLS) loweredCache.delete(loweredCache.keys().next().value as string);
  }
  return lowered;
}

/**
 * Lowered cells by (cell, source text), per worker, least recently used first: re-running a notebook after an edit
 * re-lowers only the edited cell. Lowering is pure (the evaluator never mutates the AST), so a cached module is
 * reused as is; its diagnostics are replayed as copies.
 */
const loweredCache = new Map<string, { lowered: LoweredCell; diagnostics: Diagnostic[] }>();
const CACHE_CELLS = 16;
const CACHE_MAX_SOURCE = 256 * 1024;
/** Empties the lowered-cell cache (tests; the worker after its warm-up). */
export function clearLoweredCache(): void {
  loweredCache.clear();
}
/** Drops one cell's lowering from the cache (the worker's warm-up, so its texts never push out a user's cells). */
export function forgetLoweredCell(source: string, cell?: number): void {
  loweredCache.delete(`${cell ?? ''}\u0000${source}`);
}
/** How many lowered cells the cache holds (tests). */
export const loweredCacheSize = (): number => loweredCache.size;

function lowerCellUncached(
  source: string,
  cell: number | undefined,
  diagnostics: Diagnostic[],
  deadline: number,
): LoweredCell {
  const lines = new LineIndex(source, cell);
  const saved = lowerDeadline;
  lowerDeadline = deadline;
  const found: Diagnostic[] = [];
  try {
    const lowered = lowerCellText(source, cell, lines, found);
    diagnostics.push(...found);
    return lowered;
  } catch (e) {
    if (!(e instanceof LowerTimeout)) throw e;
    return { module: { body: [], cell, source }, lines, timedOut: true };
  } finally {
    lowerDeadline = saved;
  }
}

function lowerCellText(
  source: string,
  cell: number | undefined,
  lines: LineIndex,
  diagnostics: Diagnostic[],
): LoweredCell {
  const { text, magics } = blankMagics(source);
  for (const m of magics) {
    const shell = m.text.includes('!') && !m.text.startsWith('%');
    diagnostics.push({
      severity: 'hint',
      code: 'ipython-magic',
      message: `${shell ? 'Shell command' : 'IPython magic'} \`${m.text}\` is skipped: Gradient Lens does not run magics or shell commands`,
      span: lines.span(m.from, m.to),
    });
  }
  const dropped = new Set(magics.map((m) => m.from));
  replacedAssignments = new Map();
  let floats: ReturnType<typeof trailingDotFloats>;
  let parsed: ReturnType<typeof parseRecovering>;
  try {
    floats = trailingDotFloats(blankDeepBrackets(text, lines, diagnostics));
    parsed = parseRecovering(floats.text, lines, diagnostics, dropped, floats.tree);
  } catch (e) {
    // The parser builds its tree recursively: a cell nested deeper than it can follow is not run at all.
    if (!isStackOverflow(e)) throw e;
    diagnostics.push({
      severity: 'error',
      code: 'syntax-error',
      message: `SyntaxError: ${TOO_DEEP}`,
      span: lines.span(0, 0),
    });
    return { module: { body: [], cell, source }, lines };
  }
  const { tree, text: repaired } = parsed;
  const L = new LowerContext(repaired, lines, diagnostics, dropped, floats.ends);
  const body = lowerStatements(tree.topNode, L, 0);
  for (const s of resolveModule(body)) {
    // Too deep for the resolver (it recurses like the lowering): skipped like a statement that failed to lower.
    L.report(new SyntaxFail(s.span, TOO_DEEP));
    body.splice(body.indexOf(s), 1);
  }
  return { module: { body, cell, source }, lines };
}

/** CPython's compile-time error for nesting too deep to compile (10,000 parentheses, `not not … x`). */
const TOO_DEEP = 'too many nested parentheses (maximum recursion depth exceeded during compilation)';

/** CPython's tokenizer limit on nested brackets (MAXLEVEL): deeper is "too many nested parentheses". */
const MAX_BRACKET_DEPTH = 200;

/**
 * Blanks (same length, so spans stay exact) every line where brackets nest deeper than CPython allows, with one
 * syntax error each: the parser, the lowering and the evaluator all recurse on nesting, and such a line is a
 * syntax error in Python anyway. Strings and comments are skipped; other lines are left as they are.
 */
function blankDeepBrackets(text: string, lines: LineIndex, diagnostics: Diagnostic[]): string {
  let openers = 0;
  for (let i = 0; i < text.length && openers <= MAX_BRACKET_DEPTH; i++) {
    const c = text.charCodeAt(i);
    if (c === 40 || c === 91 || c === 123) openers++;
  }
  if (openers <= MAX_BRACKET_DEPTH) return text;
  const blanked: [number, number][] = [];
  let depth = 0;
  let lineStart = 0;
  let depthAtLine = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text[i];
    if (c === '\n') {
      lineStart = i + 1;
      // A statement at column 0 starts afresh: a bracket left open above (half-typed code) is the parser's business.
      if (/[A-Za-z_@]/.test(text[lineStart] ?? '')) depth = 0;
      depthAtLine = depth;
    } else if (c === '#') {
      while (i + 1 < n && text[i + 1] !== '\n') i++;
    } else if (c === '"' || c === "'") {
      const triple = text.startsWith(c.repeat(3), i);
      const close = triple ? c.repeat(3) : c;
      let j = i + close.length;
      while (j < n && !text.startsWith(close, j) && (triple || text[j] !== '\n')) j += text[j] === '\\' ? 2 : 1;
      i = j < n && text[j] === '\n' && !triple ? j - 1 : Math.min(n, j + close.length) - 1;
    } else if (c === '(' || c === '[' || c === '{') {
      if (++depth > MAX_BRACKET_DEPTH) {
        diagnostics.push({
          severity: 'error',
          code: 'syntax-error',
          message: 'SyntaxError: too many nested parentheses',
          span: lines.span(i, i + 1),
        });
        let end = text.indexOf('\n', i);
        if (end < 0) end = n;
        blanked.push([lineStart, end]);
        depth = depthAtLine;
        i = end - 1;
      }
    } else if ((c === ')' || c === ']' || c === '}') && depth > 0) depth--;
  }
  if (!blanked.length) return text;
  const parts: string[] = [];
  let at = 0;
  for (const [from, to] of blanked) {
    parts.push(text.slice(at, from), text.slice(from, to).replace(/[^\r]/g, ' '));
    at = to;
  }
  parts.push(text.slice(at));
  return parts.join('');
}

/** A JS stack overflow (V8: `RangeError: Maximum call stack size exceeded`). */
export const isStackOverflow = (e: unknown): boolean => e instanceof RangeError && /call stack/i.test(e.message);

const OPENERS: Record<string, string> = { '(': ')', '[': ']', '{': '}' };

const KEYWORDS = new Set(['and', 'or', 'not', 'in', 'is', 'if', 'else', 'for', 'async', 'lambda']);

/**
 * Lezer's Python grammar has no `2.` literal (it parses `Number . <error>`). Each such dot is blanked (same length,
 * so spans stay exact) and the number's end offset is returned: `parseNumber` makes those numbers floats. Repeated
 * until no new one appears, since one misread literal can hide the next (`3.if c else 2.`).
 */
function trailingDotFloats(text: string): {
  text: string;
  ends: Set<number>;
  /** The parse of the returned `text`, when one was made (reused by `parseRecovering`). */
  tree?: ReturnType<typeof parser.parse>;
} {
  const ends = new Set<number>();
  // Cheap pre-check: a number token (not the end of a name like `x1`) followed by a dot and no digit.
  if (!/(^|[^\w.])\d[\d_]*\.(?!\d)/m.test(text)) return { text, ends };
  let src = text;
  for (let round = 0; round < 8; round++) {
    const found: number[] = [];
    const tree = parse(src);
    tree.iterate({
      enter(n) {
        if (n.name !== 'MemberExpression') return;
        const num = n.node.firstChild;
        const dot = num?.nextSibling;
        if (!num || !dot || num.name !== 'Number' || dot.name !== '.' || num.to !== dot.from) return;
        if (!/^\d[\d_]*$/.test(src.slice(num.from, num.to))) return;
        // Lezer reads what follows as the attribute name: nothing, a comment, a keyword (`2. and x`, `3.if c`) or
        // a name after a space (`2. x`, a syntax error that the re-parse reports) all mean the dot ends a float.
        const after = dot.nextSibling;
        const name = after?.name === 'PropertyName' ? src.slice(after.from, after.to) : '';
        const floatDot =
          !after ||
          (after.type.isError && after.from === after.to) ||
          after.name === 'Comment' ||
          (name !== '' && (after.from > dot.to || KEYWORDS.has(name)));
        if (floatDot) found.push(num.to);
      },
    });
    // Nothing (more) to blank: this tree is the parse of the final text.
    if (found.length === 0) return { text: src, ends, tree };
    const chars = src.split('');
    for (const e of found) {
      chars[e] = ' ';
      ends.add(e);
    }
    src = chars.join('');
  }
  return { text: src, ends };
}

/** The bracket that a statement's error leaves unclosed, when that is the error. */
function unclosedBracket(stmt: SyntaxNode, text: string, L: LowerContext): SyntaxNode | null {
  const err = L.findError(stmt, true);
  const parent = err?.parent;
  if (!parent) return null;
  const close = OPENERS[text[parent.from]];
  return close && text[parent.to - 1] !== close ? parent : null;
}

/**
 * Parses, and when a statement is broken by an unclosed bracket that swallowed the lines after it (a half-typed
 * `y = f(x,` while editing), replaces that statement by `pass` and re-parses, so the following lines still run.
 */
function parseRecovering(
  text: string,
  lines: LineIndex,
  diagnostics: Diagnostic[],
  dropped: Set<number>,
  /** A parse of `text` already made, used for the first round. */
  parsedText?: ReturnType<typeof parser.parse>,
): { tree: ReturnType<typeof parser.parse>; text: string } {
  let src = text;
  for (let round = 0; round < 50; round++) {
    const tree = round === 0 && parsedText ? parsedText : parse(src);
    const L = new LowerContext(src, lines, [], dropped);
    const fix = findSwallowingStatement(tree.topNode, src, L);
    if (!fix) return { tree, text: src };
    const { stmt, bracket, resumeAt } = fix;
    const unknown = unknownAssignment(stmt, L);
    if (unknown) replacedAssignments.set(stmt.from, unknown);
    diagnostics.push({
      severity: 'error',
      code: 'syntax-error',
      message: `SyntaxError: '${src[bracket.from]}' was never closed`,
      span: lines.span(bracket.from, bracket.from + 1),
    });
    const chars = src.split('');
    const filler = resumeAt - stmt.from >= 4 ? 'pass' : '0';
    for (let i = stmt.from; i < resumeAt; i++) if (chars[i] !== '\n' && chars[i] !== '\r') chars[i] = ' ';
    for (let i = 0; i < filler.length; i++) chars[stmt.from + i] = filler[i];
    dropped.add(stmt.from);
    src = chars.join('');
  }
  return { tree: parse(src), text: src };
}

function indentOf(src: string, lineStart: number): number {
  let i = lineStart;
  while (src[i] === ' ' || src[i] === '\t') i++;
  return i - lineStart;
}

function findSwallowingStatement(
  parent: SyntaxNode,
  src: string,
  L: LowerContext,
): { stmt: SyntaxNode; bracket: SyntaxNode; resumeAt: number } | null {
  for (let c = parent.firstChild; c; c = c.nextSibling) {
    if (c.type.isError || c.name === ':' || c.name === 'Comment') continue;
    if (c.name === 'Body' || c.name === 'StatementGroup') {
      const inner = findSwallowingStatement(c, src, L);
      if (inner) return inner;
      continue;
    }
    for (let b = c.firstChild; b; b = b.nextSibling) {
      if (b.name !== 'Body') continue;
      const inner = findSwallowingStatement(b, src, L);
      if (inner) return inner;
    }
    const bracket = unclosedBracket(c, src, L);
    if (!bracket) continue;
    const stmtLineStart = src.lastIndexOf('\n', c.from - 1) + 1;
    const indent = indentOf(src, stmtLineStart);
    let pos = src.indexOf('\n', bracket.from);
    while (pos >= 0 && pos < c.to) {
      const lineStart = pos + 1;
      const ind = indentOf(src, lineStart);
      const ch = src[lineStart + ind];
      if (ch !== undefined && ch !== '\n' && ch !== '\r' && ch !== '#' && ind <= indent && lineStart < c.to) {
        return { stmt: c, bracket, resumeAt: lineStart };
      }
      pos = src.indexOf('\n', lineStart);
    }
  }
  return null;
}

type StmtLowerer = (n: SyntaxNode, L: LowerContext) => Stmt | Stmt[] | null;

/** Lowers the statements among `parent`'s children from index `from`, skipping broken ones. */
function lowerStatements(parent: SyntaxNode, L: LowerContext, from: number): Stmt[] {
  const out: Stmt[] = [];
  let i = 0;
  /** Where the last statement that failed to lower ends. */
  let failedTo = -1;
  for (let c = parent.firstChild; c; c = c.nextSibling, i++) {
    if (i < from) continue;
    if ((i & 63) === 0) checkDeadline();
    if (c.type.isError) {
      // Lezer sometimes marks the bare newline after a comment line as an error in long files (the 7th copy of the
      // seed notebook, at the same place whatever comes before): a blank line is never a syntax error. An empty
      // error right after a broken statement (the newline an unclosed bracket left unexpected) is that statement's
      // error, already reported: one mistake, one error, as in CPython.
      const empty = c.from === c.to && c.from === failedTo;
      if (!empty && !/^(\r?\n)+$/.test(L.src.slice(c.from, c.to))) L.report(L.errorAt(c));
      continue;
    }
    if (c.name === ':' || c.name === ';' || c.name === 'Comment') continue;
    const replaced = replacedAssignments.get(c.from);
    if (replaced) {
      out.push(replaced);
      continue;
    }
    try {
      const r = lowerStmt(c, L);
      if (Array.isArray(r)) out.push(...r);
      else if (r) out.push(r);
    } catch (e) {
      if (e instanceof SyntaxFail) L.report(e);
      else if (isStackOverflow(e)) L.report(L.fail(c, TOO_DEEP));
      else throw e;
      failedTo = c.to;
      const unknown = unknownAssignment(c, L);
      if (unknown) out.push(unknown);
    }
  }
  return out;
}

/**
 * A broken `name = …` (`x = tf.constant(1.0` while typing) still binds its names, to an unknown value: the lines
 * after it use them without a NameError for each use, the syntax error being the one mistake.
 */
function unknownAssignment(n: SyntaxNode, L: LowerContext): Stmt | null {
  if (n.name !== 'AssignStatement') return null;
  const kids: SyntaxNode[] = [];
  for (let c = n.firstChild; c; c = c.nextSibling) kids.push(c);
  const names = splitAssign(kids).slice(0, -1);
  if (!names.length || names.some((g) => g.length !== 1 || g[0].name !== 'VariableName')) return null;
  const span = L.span(n);
  const value: Expr = { kind: 'Const', value: new PyUnknown('a line with a syntax error'), span };
  return { kind: 'Assign', targets: names.map(([v]) => nameExpr(L.text(v), L.span(v))), value, span };
}

/** The unknown assignments of the broken statements `parseRecovering` replaced, by the offset of their `pass`. */
let replacedAssignments = new Map<number, Stmt>();

function lowerStmt(n: SyntaxNode, L: LowerContext): Stmt | Stmt[] | null {
  if (L.magicOffsets.has(n.from)) return null;
  const f = STMT[n.name];
  if (!f) throw L.fail(n, 'invalid syntax');
  const err = L.findError(n, true);
  if (err) throw L.errorAt(err);
  const before = L.yieldCount;
  const r = f(n, L);
  if (L.yieldCount > before && r && !Array.isArray(r)) r.hasYield = true;
  return r;
}

function body(n: SyntaxNode | undefined, L: LowerContext): Stmt[] {
  if (n?.name !== 'Body') throw new SyntaxFail(L.spanFromTo(0, 0), "expected ':'");
  return lowerStatements(n, L, 0);
}

/** The span from a compound statement's keyword to just before its body's ':'. */
function headerSpan(from: SyntaxNode, bodyNode: SyntaxNode | undefined, L: LowerContext): Span {
  return L.spanFromTo(from.from, bodyNode ? bodyNode.from : from.to);
}

/** Splits flat children at `AssignOp` tokens. */
function splitAssign(nodes: SyntaxNode[]): SyntaxNode[][] {
  const groups: SyntaxNode[][] = [[]];
  for (const c of nodes) {
    if (c.name === 'AssignOp') groups.push([]);
    else groups[groups.length - 1].push(c);
  }
  return groups;
}

function exprOf(nodes: SyntaxNode[], L: LowerContext): Expr {
  if (nodes.length === 0) throw new SyntaxFail(L.spanFromTo(0, 0), 'invalid syntax');
  return lowerExprList(nodes, L, L.spanFromTo(nodes[0].from, nodes[nodes.length - 1].to));
}

function assign(n: SyntaxNode, L: LowerContext): Stmt {
  const k = L.kids(n);
  const span = L.span(n);
  const typeDefAt = k.findIndex((c) => c.name === 'TypeDef');
  if (typeDefAt >= 0) {
    const target = toTarget(exprOf(k.slice(0, typeDefAt), L), L);
    const rest = k.slice(typeDefAt + 1).filter((c) => c.name !== 'AssignOp');
    return { kind: 'AnnAssign', target, value: rest.length ? exprOf(rest, L) : null, span };
  }
  const groups = splitAssign(k);
  const value = exprOf(groups[groups.length - 1], L);
  const targets: Target[] = groups.slice(0, -1).map((g) => toTarget(exprOf(g, L), L));
  return { kind: 'Assign', targets, value, span };
}

function update(n: SyntaxNode, L: LowerContext): Stmt {
  const k = L.kids(n);
  const opAt = k.findIndex((c) => c.name === 'UpdateOp');
  const target = toTarget(exprOf(k.slice(0, opAt), L), L, 'assign to');
  if (target.kind === 'Tuple' || target.kind === 'List' || target.kind === 'Starred') {
    throw L.fail(k[0], "'tuple' is an illegal expression for augmented assignment");
  }
  const op = L.text(k[opAt]).slice(0, -1) as BinOp;
  return { kind: 'AugAssign', target, op, value: exprOf(k.slice(opAt + 1), L), span: L.span(n) };
}

function ifStmt(n: SyntaxNode, L: LowerContext): Stmt {
  const k = L.kids(n);
  // Clauses: [keyword, test?, Body] for if/elif, [else, Body].
  type Clause = { kw: SyntaxNode; test: SyntaxNode | null; body: SyntaxNode };
  const clauses: Clause[] = [];
  for (let i = 0; i < k.length; ) {
    const kw = k[i];
    if (kw.name === 'else') {
      clauses.push({ kw, test: null, body: k[i + 1] });
      i += 2;
    } else {
      if (k[i + 1]?.name === 'Body') throw L.fail(kw, 'invalid syntax');
      clauses.push({ kw, test: k[i + 1], body: k[i + 2] });
      i += 3;
    }
  }
  let orelse: Stmt[] = [];
  const yieldsBefore = L.yieldCount;
  for (let i = clauses.length - 1; i >= 0; i--) {
    const c = clauses[i];
    if (!c.test) {
      orelse = body(c.body, L);
      continue;
    }
    const stmt: Stmt = {
      kind: 'If',
      test: lowerExpr(c.test, L),
      body: body(c.body, L),
      orelse,
      header: headerSpan(c.kw, c.body, L),
      span: i === 0 ? L.span(n) : L.spanFromTo(c.kw.from, n.to),
    };
    // The elif links are built here, not by lowerStmt: mark the ones whose clauses (or later ones) yield.
    if (L.yieldCount > yieldsBefore) stmt.hasYield = true;
    orelse = [stmt];
  }
  return orelse[0];
}

function elseOf(k: SyntaxNode[], L: LowerContext): Stmt[] {
  const at = k.findIndex((c) => c.name === 'else');
  return at >= 0 ? body(k[at + 1], L) : [];
}

function whileStmt(n: SyntaxNode, L: LowerContext): Stmt {
  const k = L.kids(n);
  return {
    kind: 'While',
    test: lowerExpr(k[1], L),
    body: body(k[2], L),
    orelse: elseOf(k, L),
    header: headerSpan(k[0], k[2], L),
    span: L.span(n),
  };
}

function forStmt(n: SyntaxNode, L: LowerContext): Stmt {
  const k = L.kids(n);
  if (k[0].name === 'async') throw L.unsupported(k[0], '`async for`');
  const inAt = k.findIndex((c) => c.name === 'in');
  const bodyAt = k.findIndex((c) => c.name === 'Body');
  const target = toTarget(exprOf(k.slice(1, inAt), L), L);
  const iter = exprOf(k.slice(inAt + 1, bodyAt), L);
  return {
    kind: 'For',
    target,
    iter,
    body: body(k[bodyAt], L),
    orelse: elseOf(k.slice(bodyAt + 1), L),
    header: headerSpan(k[0], k[bodyAt], L),
    span: L.span(n),
  };
}

function tryStmt(n: SyntaxNode, L: LowerContext): Stmt {
  const k = L.kids(n);
  const handlers: ExceptHandler[] = [];
  let orelse: Stmt[] = [];
  let finalbody: Stmt[] = [];
  const tryBody = body(k[1], L);
  for (let i = 2; i < k.length; ) {
    const kw = k[i];
    if (kw.name === 'except') {
      let j = i + 1;
      if (k[j]?.name === '*') throw L.unsupported(k[j], '`except*`');
      let type: Expr | null = null;
      let name = null;
      if (k[j].name !== 'Body') {
        type = lowerExpr(k[j], L);
        j++;
        if (k[j].name === ',') throw L.fail(k[j], 'multiple exception types must be parenthesized');
        if (k[j].name === 'as') {
          name = nameExpr(L.text(k[j + 1]), L.span(k[j + 1]));
          j += 2;
        }
      }
      handlers.push({ type, name, body: body(k[j], L), span: headerSpan(kw, k[j], L) });
      i = j + 1;
    } else if (kw.name === 'else') {
      orelse = body(k[i + 1], L);
      i += 2;
    } else if (kw.name === 'finally') {
      finalbody = body(k[i + 1], L);
      i += 2;
    } else throw L.fail(kw, 'invalid syntax');
  }
  if (handlers.length === 0 && finalbody.length === 0 && !k.some((c) => c.name === 'finally')) {
    throw L.fail(k[0], "expected 'except' or 'finally' block");
  }
  return {
    kind: 'Try',
    body: tryBody,
    handlers,
    orelse,
    finalbody,
    header: headerSpan(k[0], k[1], L),
    span: L.span(n),
  };
}

function withStmt(n: SyntaxNode, L: LowerContext): Stmt {
  const k = L.kids(n);
  if (k[0].name === 'async') throw L.unsupported(k[0], '`async with`');
  const bodyAt = k.findIndex((c) => c.name === 'Body');
  const items: WithItem[] = [];
  for (const g of splitCommas(k.slice(1, bodyAt))) {
    if (g.length === 0) continue;
    const context = lowerExpr(g[0], L);
    let target: Target | null = null;
    if (g.length === 3 && g[1].name === 'as') target = toTarget(lowerExpr(g[2], L), L);
    else if (g.length !== 1) throw L.fail(g[0], 'invalid syntax');
    items.push({ context, target, span: L.spanFromTo(g[0].from, g[g.length - 1].to) });
  }
  return { kind: 'With', items, body: body(k[bodyAt], L), header: headerSpan(k[0], k[bodyAt], L), span: L.span(n) };
}

function functionDef(n: SyntaxNode, L: LowerContext, decorators: Expr[] = []): Stmt {
  const k = L.kids(n);
  if (k[0].name === 'async') throw L.unsupported(k[0], '`async def`');
  if (k.some((c) => c.name === 'TypeParamList')) throw L.unsupported(n, 'Type parameter lists');
  const nameNode = k[1];
  const name = L.text(nameNode);
  const paramList = k.find((c) => c.name === 'ParamList') as SyntaxNode;
  const bodyNode = k.find((c) => c.name === 'Body');
  const params = lowerParams(L.kids(paramList).slice(1, -1), L);
  const qualname = `${L.qualPrefix}${name}`;
  const { result: stmts, isGenerator } = withFunctionScope(L, name, () => body(bodyNode, L));
  return {
    kind: 'FunctionDef',
    target: nameExpr(name, L.span(nameNode)),
    fn: { name, qualname, params, body: stmts, isLambda: false, isGenerator, span: headerSpan(n, bodyNode, L) },
    decorators,
    header: headerSpan(n, bodyNode, L),
    span: L.span(n),
  };
}

function classDef(n: SyntaxNode, L: LowerContext, decorators: Expr[] = []): Stmt {
  const k = L.kids(n);
  if (k.some((c) => c.name === 'TypeParamList')) throw L.unsupported(n, 'Type parameter lists');
  const nameNode = k[1];
  const name = L.text(nameNode);
  const argList = k.find((c) => c.name === 'ArgList');
  const bodyNode = k.find((c) => c.name === 'Body');
  let bases: Expr[] = [];
  let keywords: Keyword[] = [];
  if (argList) ({ args: bases, keywords } = lowerArgs(argList, L));
  const qualname = `${L.qualPrefix}${name}`;
  const savedPrefix = L.qualPrefix;
  const savedIn = L.inFunction;
  const savedYield = L.yieldCount;
  L.qualPrefix = `${qualname}.`;
  L.inFunction = false;
  let stmts: Stmt[];
  try {
    stmts = body(bodyNode, L);
  } finally {
    L.qualPrefix = savedPrefix;
    L.inFunction = savedIn;
    L.yieldCount = savedYield;
  }
  return {
    kind: 'ClassDef',
    name,
    qualname,
    target: nameExpr(name, L.span(nameNode)),
    bases,
    keywords,
    body: stmts,
    decorators,
    header: headerSpan(n, bodyNode, L),
    span: L.span(n),
  };
}

function decorated(n: SyntaxNode, L: LowerContext): Stmt {
  const k = L.kids(n);
  const decorators: Expr[] = [];
  for (const d of k.slice(0, -1)) {
    const parts = L.kids(d);
    let expr: Expr | null = null;
    for (const p of parts) {
      if (p.name === 'VariableName') {
        expr = expr
          ? { kind: 'Attribute', value: expr, attr: L.text(p), span: L.spanFromTo(parts[1].from, p.to) }
          : lowerExpr(p, L);
      } else if (p.name === 'ArgList' && expr) {
        const { args, keywords } = lowerArgs(p, L);
        const simple = keywords.length === 0 && !args.some((a) => a.kind === 'Starred');
        expr = { kind: 'Call', func: expr, args, keywords, simple, span: L.spanFromTo(parts[1].from, p.to) };
      }
    }
    if (!expr) throw L.fail(d, 'invalid syntax');
    decorators.push(expr);
  }
  const def = k[k.length - 1];
  const stmt = def.name === 'ClassDefinition' ? classDef(def, L, decorators) : functionDef(def, L, decorators);
  stmt.span = L.span(n);
  return stmt;
}

function importStmt(n: SyntaxNode, L: LowerContext): Stmt {
  const k = L.kids(n);
  const span = L.span(n);
  if (k[0].name === 'import') {
    const names: ImportAlias[] = [];
    for (const g of splitCommas(k.slice(1))) {
      const asAt = g.findIndex((c) => c.name === 'as');
      const pathNodes = (asAt >= 0 ? g.slice(0, asAt) : g).filter((c) => c.name === 'VariableName');
      const path = pathNodes.map((c) => L.text(c));
      const aliasNode = asAt >= 0 ? g[asAt + 1] : pathNodes[0];
      const target = nameExpr(asAt >= 0 ? L.text(aliasNode) : path[0], L.span(aliasNode));
      names.push({ path, target, hasAlias: asAt >= 0, span: L.spanFromTo(g[0].from, g[g.length - 1].to) });
    }
    return { kind: 'Import', names, span };
  }
  const importAt = k.findIndex((c) => c.name === 'import');
  let level = 0;
  const module: string[] = [];
  for (const c of k.slice(1, importAt)) {
    if (c.name === '.') level += module.length === 0 ? 1 : 0;
    else if (c.name === 'Ellipsis' || L.text(c) === '...') level += 3;
    else if (c.name === 'VariableName') module.push(L.text(c));
  }
  const rest = k.slice(importAt + 1).filter((c) => c.name !== '(' && c.name !== ')');
  if (rest.length === 1 && rest[0].name === '*') return { kind: 'ImportFrom', module, level, names: null, span };
  const names: ImportFromName[] = [];
  for (const g of splitCommas(rest)) {
    if (g.length === 0) continue;
    const name = L.text(g[0]);
    const alias = g.length === 3 && g[1].name === 'as' ? g[2] : g[0];
    names.push({
      name,
      target: nameExpr(L.text(alias), L.span(alias)),
      span: L.spanFromTo(g[0].from, g[g.length - 1].to),
    });
  }
  return { kind: 'ImportFrom', module, level, names, span };
}

function raiseStmt(n: SyntaxNode, L: LowerContext): Stmt {
  const k = L.kids(n);
  if (k.some((c) => c.name === ',')) throw L.fail(n, 'invalid syntax');
  const fromAt = k.findIndex((c) => c.name === 'from');
  return {
    kind: 'Raise',
    exc: k[1] && k[1].name !== 'from' ? lowerExpr(k[1], L) : null,
    cause: fromAt >= 0 ? lowerExpr(k[fromAt + 1], L) : null,
    span: L.span(n),
  };
}

function assertStmt(n: SyntaxNode, L: LowerContext): Stmt {
  const groups = splitCommas(L.kids(n).slice(1));
  if (groups.length > 2 || groups[0].length !== 1) throw L.fail(n, 'invalid syntax');
  return {
    kind: 'Assert',
    test: lowerExpr(groups[0][0], L),
    msg: groups[1] ? exprOf(groups[1], L) : null,
    span: L.span(n),
  };
}

const STMT: Record<string, StmtLowerer> = {
  __proto__: null as never,
  ExpressionStatement: (n, L) => ({ kind: 'Expr', value: exprOf(L.kids(n), L), span: L.span(n) }),
  AssignStatement: assign,
  UpdateStatement: update,
  PassStatement: (n, L) => ({ kind: 'Pass', span: L.span(n) }),
  BreakStatement: (n, L) => ({ kind: 'Break', span: L.span(n) }),
  ContinueStatement: (n, L) => ({ kind: 'Continue', span: L.span(n) }),
  ReturnStatement: (n, L) => {
    if (!L.inFunction) throw L.fail(n, "'return' outside function");
    const k = L.kids(n);
    return { kind: 'Return', value: k.length > 1 ? exprOf(k.slice(1), L) : null, span: L.span(n) };
  },
  DeleteStatement: (n, L) => ({
    kind: 'Delete',
    targets: splitCommas(L.kids(n).slice(1))
      .filter((g) => g.length > 0)
      .map((g) => toTarget(exprOf(g, L), L, 'delete')),
    span: L.span(n),
  }),
  ScopeStatement: (n, L) => {
    const k = L.kids(n);
    const names = k.filter((c) => c.name === 'VariableName').map((c) => L.text(c));
    return { kind: k[0].name === 'global' ? 'Global' : 'Nonlocal', names, span: L.span(n) };
  },
  YieldStatement: (n, L) => {
    const span = L.span(n);
    const value = lowerExpr(n, L);
    return { kind: 'Expr', value, span };
  },
  PrintStatement: (n, L) => {
    throw L.fail(n, "Missing parentheses in call to 'print'. Did you mean print(...)?");
  },
  RaiseStatement: raiseStmt,
  AssertStatement: assertStmt,
  ImportStatement: importStmt,
  IfStatement: ifStmt,
  WhileStatement: whileStmt,
  ForStatement: forStmt,
  TryStatement: tryStmt,
  WithStatement: withStmt,
  FunctionDefinition: (n, L) => functionDef(n, L),
  ClassDefinition: (n, L) => classDef(n, L),
  DecoratedStatement: decorated,
  StatementGroup: (n, L) => lowerStatements(n, L, 0),
  MatchStatement: (n, L) => {
    throw L.unsupported(n, '`match` statements');
  },
  TypeDefinition: (n, L) => {
    throw L.unsupported(n, '`type` statements');
  },
};
