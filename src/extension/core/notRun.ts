/**
 * Code that did not run: an uncaught exception ends its file (or its notebook cell, as "Run All" goes on with the
 * next cell), so every top-level statement after the one that raised did not run. The diagnostics feature fades
 * those lines (a hint with `DiagnosticTag.Unnecessary`: "not run: RuntimeError at line 22").
 */
import type { DiagnosticRecord, RunReport, Span } from '../../protocol/report';
import type { Translate } from './translate';

/** An uncaught exception: where it was raised, and the top-level (`<module>`) statement it ended. */
export interface Uncaught {
  type: string;
  /** Where it was raised (the diagnostic's span). */
  raised: Span;
  /** The module-level statement that was running: the first traceback frame, else the raise itself. */
  top: Span;
}

/** The report's uncaught exceptions (at most one per cell). */
export function uncaughtExceptions(report: RunReport): Uncaught[] {
  return report.diagnostics
    .filter((d: DiagnosticRecord) => d.code === 'exception' && d.severity === 'error')
    .map((d) => {
      const module = d.related?.find((r) => r.message.startsWith('in <module>'));
      const type = /^[A-Za-z_][\w.]*/.exec(d.message)?.[0] ?? 'exception';
      return { type, raised: d.span, top: module?.span ?? d.span };
    });
}

/** The hint's text: `not run: RuntimeError at line 22` (1-based line of the raise). */
export const notRunMessage = (u: Uncaught, t: Translate): string =>
  t('not run: {0} at line {1}', u.type, u.raised.start.line + 1);

const indentOf = (s: string): number => s.length - s.trimStart().length;
const isBlankOrComment = (s: string): boolean => /^\s*(#.*)?$/.test(s);
/** Clauses that continue a compound statement at its own indentation. */
const CONTINUES = /^(else|elif|except|finally)\b/;

/** Open brackets after a line (outside strings and comments), from `depth` before it. */
function bracketDepth(line: string, depth: number): number {
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quote) {
      if (ch === '\\') i++;
      else if (ch === quote) quote = undefined;
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '#') break;
    else if (ch === '(' || ch === '[' || ch === '{') depth++;
    else if (ch === ')' || ch === ']' || ch === '}') depth = Math.max(0, depth - 1);
  }
  return depth;
}

/**
 * The lines (first, last; 0-based, inclusive) that did not run after an exception ended the top-level statement
 * that starts at or contains `line`: from the next top-level statement to the last line of code. `undefined` when
 * nothing follows.
 */
export function notRunLines(lines: readonly string[], line: number): [number, number] | undefined {
  // The top-level statement holding `line`: back to the nearest line at column 0 that is code.
  let start = Math.min(line, lines.length - 1);
  while (start > 0 && (indentOf(lines[start]) > 0 || isBlankOrComment(lines[start]))) start--;
  let depth = 0;
  let next = -1;
  for (let i = start; i < lines.length; i++) {
    const text = lines[i];
    const continued = depth > 0 || (i > start && /\\\s*$/.test(lines[i - 1] ?? ''));
    if (
      i > line &&
      !continued &&
      !isBlankOrComment(text) &&
      indentOf(text) === 0 &&
      !CONTINUES.test(text.trimStart())
    ) {
      next = i;
      break;
    }
    depth = bracketDepth(text, depth);
  }
  if (next < 0) return undefined;
  let last = lines.length - 1;
  while (last > next && isBlankOrComment(lines[last])) last--;
  return [next, last];
}
