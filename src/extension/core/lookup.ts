/**
 * Questions features ask of a report about one document: what is at this position, which lines a tape block covers,
 * which records are assignments. Positions here are the report's (features map them to the current text).
 */
import { spanContains } from '../../engine/span';
import type { GradientRecord, Position, RunReport, Span, TapeRecord, ValueRecord } from '../../protocol/report';

const size = (s: Span): number => (s.end.line - s.start.line) * 100_000 + (s.end.character - s.start.character);

const spanKey = (s: Span): string => `${s.cell ?? ''}:${s.start.line}:${s.start.character}`;

/** A word at a position (`[A-Za-z_][A-Za-z0-9_]*`) and its character range on the line. */
export function wordAt(line: string, character: number): { word: string; start: number; end: number } | undefined {
  const re = /[A-Za-z_][A-Za-z0-9_]*/g;
  for (let m = re.exec(line); m; m = re.exec(line)) {
    if (m.index <= character && character <= m.index + m[0].length) {
      return { word: m[0], start: m.index, end: m.index + m[0].length };
    }
  }
  return undefined;
}

/** The names an assignment label binds: `a, b` → [a, b]; `self.w` → [self.w]. */
const labelNames = (label: string): string[] =>
  label
    .replace(/[()[\]]/g, ' ')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/**
 * The value to show at a position. Among the records whose span contains it, one that binds the hovered word wins.
 * Otherwise, for a name, the latest binding of that name before the position (hovering `x` in `tf.reduce_sum(x)`);
 * else the smallest containing record when the word is what it computes (the callee of a call, or no word at all).
 */
export function valueAt(
  values: readonly ValueRecord[],
  pos: Position,
  word: string | undefined,
  owns: (s: Span) => boolean = () => true,
): ValueRecord | undefined {
  const here = values
    .filter((v) => owns(v.span) && spanContains(v.span, pos))
    .sort((a, b) => size(a.span) - size(b.span));
  if (word === undefined) return here[0];
  const named = here.find((v) => v.label === word || labelNames(v.label).includes(word));
  if (named) return named;
  let binding: ValueRecord | undefined;
  for (const v of values) {
    if (!owns(v.span) || !labelNames(v.label).includes(word) || compare(v.span.start, pos) > 0) continue;
    if (!binding || compare(v.span.start, binding.span.start) >= 0) binding = v;
  }
  if (binding) return binding;
  const callee = new RegExp(`(^|[^\\w])${word}\\s*\\(`);
  return here.find((v) => callee.test(v.label));
}

const compare = (a: Position, b: Position): number => a.line - b.line || a.character - b.character;

/** Gradient calls whose span contains the position, or that lie inside `within` (the hovered assignment). */
export function gradientsAt(
  gradients: readonly GradientRecord[],
  pos: Position,
  within: Span | undefined,
  owns: (s: Span) => boolean = () => true,
): GradientRecord[] {
  return gradients.filter(
    (g) =>
      owns(g.span) &&
      (spanContains(g.span, pos) ||
        (within !== undefined && spanContains(within, g.span.start) && spanContains(within, g.span.end))),
  );
}

/** Tapes grouped by the span of their `with` statement: a tape in a function called 3 times is 3 records. */
export interface TapeGroup {
  span: Span;
  /** The last tape created at this span. */
  tape: TapeRecord;
  runs: number;
  /** Every tape the report has at this span, in order (a loop's kept iterations); the last is `tape`. */
  records: TapeRecord[];
}

/** The name a `with tf.GradientTape(...) as t:` header binds: `t`. */
export function headerName(line: string): string | undefined {
  return /\bas\s+([A-Za-z_]\w*)\s*:/.exec(line)?.[1];
}

/**
 * Tapes by span. `nameAt` names a tape the report left unnamed (from its `with … as t:` header line).
 */
export function tapeGroups(
  report: RunReport,
  owns: (s: Span) => boolean = () => true,
  nameAt?: (span: Span) => string | undefined,
): TapeGroup[] {
  const groups = new Map<string, TapeGroup>();
  for (const recorded of report.tapes) {
    if (!recorded.span || !owns(recorded.span)) continue;
    const fallback = recorded.name === undefined ? nameAt?.(recorded.span) : undefined;
    const tape = fallback ? { ...recorded, name: fallback } : recorded;
    const key = spanKey(recorded.span);
    const g = groups.get(key);
    if (g) {
      g.tape = tape;
      g.runs++;
      g.records.push(tape);
    } else groups.set(key, { span: recorded.span, tape, runs: 1, records: [tape] });
  }
  return [...groups.values()];
}

/** The tape whose `with` header is on this line, or whose block contains the line (innermost). */
export function tapeAtLine(
  groups: readonly TapeGroup[],
  lines: readonly string[],
  line: number,
): TapeGroup | undefined {
  let best: TapeGroup | undefined;
  for (const g of groups) {
    const [from, to] = blockLines(lines, g.span);
    if (line >= from && line <= to && (!best || g.span.start.line > best.span.start.line)) best = g;
  }
  return best;
}

const indentOf = (s: string): number => s.length - s.trimStart().length;
const isBlankOrComment = (s: string): boolean => /^\s*(#.*)?$/.test(s);

/**
 * The lines a `with` block covers: the span's own lines when it covers the body, else the header line plus the
 * following lines indented deeper than the header (blank and comment lines inside do not end it).
 */
export function blockLines(lines: readonly string[], span: Span): [number, number] {
  const from = span.start.line;
  if (span.end.line > from) return [from, span.end.line];
  const header = lines[from] ?? '';
  const indent = indentOf(header);
  let last = from;
  let open = 0;
  for (const ch of header)
    open += ch === '(' || ch === '[' || ch === '{' ? 1 : ch === ')' || ch === ']' || ch === '}' ? -1 : 0;
  for (let i = from + 1; i < lines.length; i++) {
    const text = lines[i];
    if (open > 0) {
      // still inside the header's parentheses
      for (const ch of text)
        open += ch === '(' || ch === '[' || ch === '{' ? 1 : ch === ')' || ch === ']' || ch === '}' ? -1 : 0;
      last = i;
      continue;
    }
    if (isBlankOrComment(text)) continue;
    if (indentOf(text) <= indent) break;
    last = i;
  }
  return [from, last];
}

/** The column where a line's code ends: before a trailing `# comment` (outside strings) and trailing spaces. */
export function codeEnd(line: string): number {
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quote) {
      if (ch === '\\') i++;
      else if (ch === quote) quote = undefined;
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '#') return line.slice(0, i).trimEnd().length;
  }
  return line.trimEnd().length;
}

const ASSIGN =
  /^\s*([A-Za-z_][\w.]*(?:\s*\[[^\]]*\])?(?:\s*,\s*[A-Za-z_][\w.]*)*)\s*(?:[-+*/%@&|^]|\/\/|\*\*|<<|>>)?=(?!=)/;

/** True when the record is an assignment statement: its line starts (at the span) with its label and `=`. */
export function isAssignment(v: ValueRecord, lines: readonly string[]): boolean {
  const text = lines[v.span.start.line];
  if (text === undefined) return false;
  const m = ASSIGN.exec(text);
  if (!m) return false;
  const target = m[1].replace(/\s+/g, '');
  const label = v.label.replace(/\s+/g, '');
  return target === label || labelNames(label).join(',') === target || target.startsWith(`${label}[`);
}
