/**
 * Jupyter's traceback text for an exception that ended a cell, as IPython writes it (without colours): a line of
 * dashes, then for each exception of the chain (oldest first, joined by Python's "The above exception was the
 * direct cause …" / "During handling …" lines) a header `Name    Traceback (most recent call last)`, one entry per
 * frame (`Cell In[3], line 2, in f(x)` and the lines around it) and `Name: message`. Frame context follows IPython:
 * the statement being run (all its lines) and two statements before and after it (one for earlier exceptions of a
 * chain), within the running function (or the cell), blank lines dropped, the common indentation removed.
 *
 * Jupyter also shows TensorFlow's and Python's own library frames (`File .../tensorflow/python/...`); the engine has
 * no such files, so only the frames of the notebook's code appear.
 */
import { TRACEBACK_WIDTH, tracebackHeader } from '../../protocol/kernel';
import type { FunctionInfo } from '../python/ast';
import { exceptionState, type Frame, type PyException } from '../python/exceptions';
import { pyStr } from '../python/index';
import type { PyInstance } from '../python/values';
import type { Span } from '../span';

const CAUSE = '\nThe above exception was the direct cause of the following exception:\n';
const CONTEXT = '\nDuring handling of the above exception, another exception occurred:\n';

/** The source lines of each execution, by execution count (the `cell` of its spans). */
export type CellSources = ReadonlyMap<number, readonly string[]>;

export const header = tracebackHeader;

/** `Name: message` (IPython keeps the space after the colon when the message is empty). */
export function lastLine(name: string, message: string): string {
  return `${name}: ${message}`;
}

/** The traceback lines of an uncaught exception and its chain. */
export function tracebackLines(exc: PyException, sources: CellSources): string[] {
  const chain: { value: PyInstance; note?: string }[] = [{ value: exc.value }];
  const seen = new Set<PyInstance>([exc.value]);
  for (;;) {
    const st = exceptionState(chain[0].value);
    const cause = st.cause;
    const next = cause !== null ? cause : st.suppressContext ? null : st.context;
    if (next === null || typeof next !== 'object' || !('cls' in next) || seen.has(next as PyInstance)) break;
    const inst = next as PyInstance;
    if (!inst.cls.isException) break;
    seen.add(inst);
    chain.unshift({ value: inst, note: cause !== null ? CAUSE : CONTEXT });
  }
  const out = ['-'.repeat(TRACEBACK_WIDTH)];
  chain.forEach(({ value, note }, i) => {
    const name = value.cls.name;
    out.push(header(name));
    const around = i === chain.length - 1 ? 2 : 1;
    for (const f of exceptionState(value).frames ?? []) {
      const entry = frameEntry(f, sources, around);
      if (entry !== undefined) out.push(entry);
    }
    out.push(lastLine(name, messageOf(value)));
    if (note !== undefined) out.push(note);
  });
  return out;
}

/** `str(exc)`, or empty when even that fails. */
export function messageOf(value: PyInstance): string {
  try {
    return pyStr(value);
  } catch {
    return '';
  }
}

/** One frame: `Cell In[n], line l[, in f(x)]` and its context lines, ending with a newline. */
function frameEntry(f: Frame, sources: CellSources, around: number): string | undefined {
  const cell = f.span.cell;
  const lines = cell === undefined ? undefined : sources.get(cell);
  if (cell === undefined || lines === undefined) return undefined;
  const line = f.span.start.line;
  const where = `Cell In[${cell}], line ${line + 1}${f.fn ? `, in ${f.fn.qualname}(${argNames(f.fn)})` : ''}\n`;
  return where + contextLines(lines, line, f.fn ? scopeOf(f.fn) : { first: 0, last: lines.length - 1 }, around);
}

/** `inspect.formatargvalues` of a frame: positional names, keyword-only names, `*args`, `**kwargs`. */
function argNames(fn: FunctionInfo): string {
  const p = fn.params;
  const names = [...p.args.map((a) => a.name), ...p.kwOnly.map((a) => a.name)];
  if (p.vararg !== null) names.push(`*${p.vararg}`);
  if (p.kwarg !== null) names.push(`**${p.kwarg}`);
  return names.join(', ');
}

/** The lines of a function: its `def` line to the end of its body. */
function scopeOf(fn: FunctionInfo): { first: number; last: number } {
  const end: Span = fn.body.length ? fn.body[fn.body.length - 1].span : fn.span;
  return { first: fn.span.start.line, last: end.end.line };
}

function contextLines(lines: readonly string[], at: number, scope: { first: number; last: number }, around: number) {
  const all = pieces(lines).filter((p) => p.first >= scope.first && p.last <= scope.last);
  let pos = all.findIndex((p) => p.first <= at && at <= p.last);
  if (pos < 0) {
    all.push({ first: at, last: at });
    all.sort((a, b) => a.first - b.first);
    pos = all.findIndex((p) => p.first === at);
  }
  const shown = all.slice(Math.max(0, pos - around), pos + 1 + around);
  const numbers: number[] = [];
  for (const p of shown) for (let l = p.first; l <= p.last; l++) numbers.push(l);
  const indent = Math.min(
    ...numbers
      .filter((l) => (lines[l] ?? '').trim() !== '')
      .map((l) => /^[ \t]*/.exec(lines[l] ?? '')?.[0].length ?? 0),
  );
  const out = numbers.map((l) => {
    const num = String(l + 1);
    const text = (lines[l] ?? '').slice(Number.isFinite(indent) ? indent : 0);
    // IPython's seven columns of line numbers; the running line's arrow fills what its number leaves.
    const marker = l === at ? `${'-'.repeat(Math.max(0, 5 - num.length))}> ${num}` : num.padStart(7);
    return `${marker} ${text}`;
  });
  return `${out.join('\n')}\n`;
}

/**
 * The source's logical lines (a statement or a compound statement's header, with the lines its brackets, strings
 * and backslashes continue over), blank lines left out.
 */
export function pieces(lines: readonly string[]): { first: number; last: number }[] {
  const out: { first: number; last: number }[] = [];
  let depth = 0;
  let quote = ''; // an open triple-quoted string's delimiter
  let start = -1;
  for (let l = 0; l < lines.length; l++) {
    const text = lines[l];
    if (start < 0) {
      if (text.trim() === '') continue;
      start = l;
    }
    let continued = false;
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      if (quote) {
        if (c === '\\') i++;
        else if (text.startsWith(quote, i)) {
          i += quote.length - 1;
          quote = '';
        }
        continue;
      }
      if (c === '#') break;
      if (c === '"' || c === "'") {
        const triple = text.startsWith(c.repeat(3), i);
        if (triple) {
          quote = c.repeat(3);
          i += 2;
          continue;
        }
        // A one-line string: skip to its end.
        for (i++; i < text.length && text[i] !== c; i++) if (text[i] === '\\') i++;
        continue;
      }
      if (c === '(' || c === '[' || c === '{') depth++;
      else if (c === ')' || c === ']' || c === '}') depth = Math.max(0, depth - 1);
      else if (c === '\\' && i === text.length - 1) continued = true;
    }
    if (depth === 0 && !quote && !continued) {
      let last = l;
      while (last > start && (lines[last] ?? '').trim() === '') last--;
      out.push({ first: start, last });
      start = -1;
    }
  }
  if (start >= 0) out.push({ first: start, last: lines.length - 1 });
  return out;
}
