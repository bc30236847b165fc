/** State shared by statement and expression lowering: spans, children, syntax failures, qualnames. */
import type { SyntaxNode } from '@lezer/common';
import type { Span } from './ast';
import type { Diagnostic, LineIndex } from './source';

/** Thrown while lowering a statement that cannot be lowered; the statement is skipped with a diagnostic. */
export class SyntaxFail {
  constructor(
    readonly span: Span,
    readonly message: string,
    readonly code: 'syntax-error' | 'unsupported-syntax' = 'syntax-error',
  ) {}
}

/** Lezer marks the missing operand of a bare `yield` with an empty error node; Python allows it. */
function bareYieldGap(c: SyntaxNode): boolean {
  const p = c.parent;
  return (
    c.from === c.to &&
    c.prevSibling?.name === 'yield' &&
    (p?.name === 'YieldExpression' || p?.name === 'YieldStatement')
  );
}

const CLOSERS: Record<string, string> = { '(': ')', '[': ']', '{': '}' };

export class LowerContext {
  /** Incremented for each `yield`, so a statement knows whether it contains one. */
  yieldCount = 0;
  /** Qualified-name prefix of the enclosing scope (`f.<locals>.`, `C.`). */
  qualPrefix = '';
  inFunction = false;
  constructor(
    readonly src: string,
    readonly lines: LineIndex,
    readonly diagnostics: Diagnostic[],
    /** Offsets of blanked IPython lines: statements starting there are dropped. */
    readonly magicOffsets: ReadonlySet<number>,
    /** End offsets of integer-looking numbers written with a trailing dot (`2.`): they are floats. */
    readonly floatEnds: ReadonlySet<number> = new Set(),
  ) {}

  /** The node's span, without the trailing newline and blank lines Lezer includes in compound statements. */
  span(n: SyntaxNode): Span {
    let to = n.to;
    const src = this.src;
    for (;;) {
      const c = src.charCodeAt(to - 1);
      if (to > n.from && (c === 10 || c === 13 || c === 32 || c === 9)) to--;
      else break;
    }
    return this.lines.span(n.from, to);
  }
  spanFromTo(from: number, to: number): Span {
    return this.lines.span(from, to);
  }
  text(n: SyntaxNode): string {
    return this.src.slice(n.from, n.to);
  }
  /** All children (named and anonymous tokens) but comments (a bracketed expression may hold them); fails on an error node. */
  kids(n: SyntaxNode): SyntaxNode[] {
    const out: SyntaxNode[] = [];
    for (let c = n.firstChild; c; c = c.nextSibling) {
      if (c.type.isError) {
        if (bareYieldGap(c)) continue;
        throw this.errorAt(c);
      }
      if (c.name !== 'Comment') out.push(c);
    }
    return out;
  }
  fail(n: SyntaxNode, message: string, code: 'syntax-error' | 'unsupported-syntax' = 'syntax-error'): SyntaxFail {
    return new SyntaxFail(this.span(n), message, code);
  }
  unsupported(n: SyntaxNode, what: string): SyntaxFail {
    return new SyntaxFail(
      this.span(n),
      `${what} is not supported by Gradient Lens; this statement is skipped`,
      'unsupported-syntax',
    );
  }
  /** A syntax error at an error node; zero-width errors are shown on their parent construct. */
  errorAt(err: SyntaxNode): SyntaxFail {
    const parent = err.parent;
    if (parent) {
      const open = this.src[parent.from];
      const close = CLOSERS[open];
      if (close && parent.name !== 'Script' && this.src[parent.to - 1] !== close) {
        return new SyntaxFail(this.spanFromTo(parent.from, parent.from + 1), `'${open}' was never closed`);
      }
    }
    if (err.from < err.to) return new SyntaxFail(this.span(err), 'invalid syntax');
    if (parent && parent.name !== 'Script' && parent.name !== 'Body') {
      return new SyntaxFail(this.span(parent), 'invalid syntax');
    }
    const pos = this.lines.position(err.from);
    const end = Math.max(err.from, this.lines.lineEnd(pos.line));
    const from = end > err.from ? err.from : Math.max(0, err.from - 1);
    return new SyntaxFail(this.spanFromTo(from, Math.max(end, from + 1)), 'invalid syntax');
  }
  /** The first error node inside `n`, not descending into nested `Body` nodes when `skipBodies`. */
  findError(n: SyntaxNode, skipBodies: boolean): SyntaxNode | null {
    for (let c = n.firstChild; c; c = c.nextSibling) {
      if (c.type.isError && !bareYieldGap(c)) return c;
      if (skipBodies && c.name === 'Body') continue;
      const inner = this.findError(c, skipBodies);
      if (inner) return inner;
    }
    return null;
  }
  /** Syntax errors reported, by line: one per line and message (a line of 10,000 `)` is one error, not 10,000). */
  private readonly reported = new Set<string>();
  report(f: SyntaxFail): void {
    const key = `${f.span.start.line}|${f.message}`;
    if (this.reported.has(key)) return;
    this.reported.add(key);
    this.diagnostics.push({
      severity: f.code === 'syntax-error' ? 'error' : 'warning',
      code: f.code,
      message: f.code === 'syntax-error' ? `SyntaxError: ${f.message}` : f.message,
      span: f.span,
    });
  }
}
