/**
 * The `for` and `while` statements of Python source, found from its indentation: each header's line, the last line
 * of its body, and the header's text. Lines inside brackets or triple-quoted strings, and after a backslash, continue their statement; blank
 * and comment lines do not end a block. The inspector names a loop group after the innermost header whose body holds
 * the group's lines. Pure text work: a file that does not parse still gets the loops its indentation shows.
 */
export interface LoopHeader {
  /** Cell index (notebooks), as in `Span.cell`. */
  cell?: number;
  /** 0-based line of the header and the last line of its body. */
  line: number;
  end: number;
  /** The header as written, trimmed, without a comment after its colon (`for step in range(100):`), ≤ 80 characters. */
  text: string;
}

const HEADER = /^(async\s+)?(for|while)\b/;

/** The loops of one cell's (or file's) text. */
export function loopHeaders(text: string, cell?: number): LoopHeader[] {
  const lines = text.split(/\r?\n/);
  // Logical lines: the first physical line of each statement, with its indentation.
  const starts: { line: number; indent: number; text: string; last: number }[] = [];
  let depth = 0;
  let triple: string | undefined;
  let backslash = false;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i];
    const continuing = depth > 0 || triple !== undefined || backslash;
    const trimmed = raw.trim();
    if (!continuing && (trimmed === '' || trimmed.startsWith('#'))) continue;
    if (!continuing) starts.push({ line: i, indent: raw.length - raw.trimStart().length, text: trimmed, last: i });
    else if (starts.length) starts[starts.length - 1].last = i;
    // Bracket depth and triple-quoted strings, skipping ordinary strings and comments.
    for (let k = 0; k < raw.length; k++) {
      const c = raw[k];
      if (triple !== undefined) {
        if (raw.startsWith(triple, k)) {
          triple = undefined;
          k += 2;
        }
        continue;
      }
      if (c === '#') break;
      if (c === '"' || c === "'") {
        if (raw.startsWith(c.repeat(3), k)) {
          triple = c.repeat(3);
          k += 2;
          continue;
        }
        const close = raw.indexOf(c, k + 1);
        k = close < 0 ? raw.length : close;
        continue;
      }
      if (c === '(' || c === '[' || c === '{') depth++;
      else if ((c === ')' || c === ']' || c === '}') && depth > 0) depth--;
    }
    backslash = triple === undefined && raw.trimEnd().endsWith('\\');
  }
  const out: LoopHeader[] = [];
  starts.forEach((s, i) => {
    if (!HEADER.test(s.text)) return;
    let end = s.last;
    for (let j = i + 1; j < starts.length && starts[j].indent > s.indent; j++) end = starts[j].last;
    if (end === s.last && !/:\s*\S/.test(s.text.replace(/#.*$/, ''))) return;
    const bare = s.text.replace(/:\s*#.*$/, ':');
    const header = bare.length > 80 ? `${bare.slice(0, 79)}…` : bare;
    out.push({ ...(cell !== undefined ? { cell } : {}), line: s.line, end, text: header });
  });
  return out;
}

/** The innermost loop whose header or body holds every one of `lines` (0-based) of `cell`. */
export function enclosingLoop(
  loops: readonly LoopHeader[],
  cell: number | undefined,
  lines: readonly number[],
): LoopHeader | undefined {
  let best: LoopHeader | undefined;
  for (const l of loops) {
    if (l.cell !== cell) continue;
    if (!lines.every((n) => n >= l.line && n <= l.end)) continue;
    if (!best || l.line > best.line) best = l;
  }
  return best;
}
