/**
 * Source text utilities: offset → position conversion, diagnostics, and the IPython pre-pass that blanks out
 * magics (`%timeit`, `%%capture`) and shell lines (`!pip install x`) so Lezer sees plain Python.
 */
import type { Position, Span } from '../span';

export type Severity = 'error' | 'warning' | 'information' | 'hint';

export interface RelatedInfo {
  span: Span;
  message: string;
}

export interface Diagnostic {
  severity: Severity;
  /** Stable identifier: `syntax-error`, `ipython-magic`, `unsupported`, `exception`, `budget`, ... */
  code: string;
  message: string;
  span: Span;
  related?: RelatedInfo[];
  /** For `code: 'exception'`: the Python class name and message, e.g. {type: 'ValueError', message: '...'}. */
  exception?: { type: string; message: string };
}

/** Converts string offsets (UTF-16) of one cell's source into positions and spans. */
export class LineIndex {
  private readonly starts: number[] = [0];
  constructor(
    readonly text: string,
    readonly cell?: number,
  ) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.starts.push(i + 1);
  }
  position(offset: number): Position {
    const starts = this.starts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: offset - starts[lo] };
  }
  span(from: number, to: number): Span {
    const s: Span = { start: this.position(from), end: this.position(to) };
    if (this.cell !== undefined) s.cell = this.cell;
    return s;
  }
  offset(p: Position): number {
    const start = this.starts[Math.min(p.line, this.starts.length - 1)] ?? 0;
    return start + p.character;
  }
  lineEnd(line: number): number {
    const next = this.starts[line + 1];
    return next === undefined ? this.text.length : next - 1;
  }
  /** The source text a span covers. */
  slice(s: Span): string {
    return this.text.slice(this.offset(s.start), this.offset(s.end));
  }
}

export interface MagicLine {
  /** Offset of the first character of the magic (after indentation). */
  from: number;
  to: number;
  text: string;
}

/**
 * Replaces IPython magic and shell lines by `pass` (or `0`) padded with spaces, keeping every offset, and returns
 * where they were. Lines inside brackets, strings or after a backslash continuation are left alone.
 */
/** Cell magics whose body is still Python (`%%time` runs the cell); any other `%%magic` makes the cell non-Python. */
const PYTHON_CELL_MAGICS = new Set(['time', 'timeit', 'capture', 'prun', 'python', 'python3', 'debug', 'autoreload']);

export function blankMagics(src: string): { text: string; magics: MagicLine[] } {
  const cellMagic = /^\s*%%(\w+)[^\n]*/.exec(src);
  if (cellMagic && !PYTHON_CELL_MAGICS.has(cellMagic[1])) {
    const from = cellMagic[0].length - cellMagic[0].trimStart().length;
    return {
      text: src.replace(/[^\n\r]/g, ' '),
      magics: [{ from, to: cellMagic[0].length, text: cellMagic[0].trim() }],
    };
  }
  const magics: MagicLine[] = [];
  let depth = 0;
  let quote = '';
  let triple = false;
  let continued = false;
  let out: string[] | null = null;
  let i = 0;
  const n = src.length;
  while (i < n) {
    // At a line start.
    if (depth === 0 && quote === '' && !continued) {
      let j = i;
      while (j < n && (src[j] === ' ' || src[j] === '\t')) j++;
      const c = src[j];
      const eol = src.indexOf('\n', j);
      const end = eol < 0 ? n : eol;
      const lineText = src.slice(j, end).replace(/\r$/, '');
      if ((c === '%' || c === '!') && !lineText.startsWith('!=')) {
        magics.push({ from: j, to: j + lineText.length, text: lineText });
      } else if (/^[A-Za-z_][\w.]*(\s*,\s*[A-Za-z_][\w.]*)*\s*=\s*[%!][A-Za-z]/.test(lineText)) {
        magics.push({ from: j, to: j + lineText.length, text: lineText });
      } else {
        i = scanLine(src, i, end);
        continue;
      }
      out ??= src.split('');
      const len = lineText.length;
      const fill = len >= 4 ? `pass${' '.repeat(len - 4)}` : `0${' '.repeat(len - 1)}`;
      for (let k = 0; k < len; k++) out[j + k] = fill[k];
      i = end + 1;
      continue;
    }
    const end = src.indexOf('\n', i);
    i = scanLine(src, i, end < 0 ? n : end);
  }

  function scanLine(s: string, from: number, end: number): number {
    continued = false;
    let k = from;
    while (k < end) {
      const ch = s[k];
      if (quote !== '') {
        if (ch === '\\') {
          k += 2;
          continue;
        }
        if (ch === quote && (!triple || s.startsWith(quote.repeat(3), k))) {
          k += triple ? 3 : 1;
          quote = '';
          triple = false;
          continue;
        }
        k++;
        continue;
      }
      if (ch === '#') break;
      if (ch === '"' || ch === "'") {
        triple = s.startsWith(ch.repeat(3), k);
        quote = ch;
        k += triple ? 3 : 1;
        continue;
      }
      if (ch === '(' || ch === '[' || ch === '{') depth++;
      else if ((ch === ')' || ch === ']' || ch === '}') && depth > 0) depth--;
      else if (ch === '\\' && (k + 1 === end || (s[k + 1] === '\r' && k + 2 === end))) continued = true;
      k++;
    }
    // An unterminated single-quoted string ends at the line end.
    if (quote !== '' && !triple) quote = '';
    return end + 1;
  }

  return { text: out ? out.join('') : src, magics };
}
