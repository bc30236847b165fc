/**
 * Source spans: the one type every layer uses for a place in the document (the parser's nodes, tape nodes, the
 * report, the editor features, the inspector, the messages), and the helpers that compare, key, copy and check them.
 */

/** A position in the editor's coordinates: 0-based line, UTF-16 character. */
export interface Position {
  line: number;
  character: number;
}
/** A source range plus the notebook cell it lies in (omitted for plain files). */
export interface Span {
  start: Position;
  end: Position;
  cell?: number;
}

/** The empty span at the start of the document, for records that have no place of their own. */
export const NO_SPAN: Span = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/** A span as a fresh plain JSON object (a parser span carries no other fields, but may be shared). */
export function toSpan(s: Span): Span {
  const out: Span = {
    start: { line: s.start.line, character: s.start.character },
    end: { line: s.end.line, character: s.end.character },
  };
  if (s.cell !== undefined) out.cell = s.cell;
  return out;
}

/** A stable map key for a span. */
export function spanKey(s: Span | undefined): string {
  if (!s) return '-';
  return `${s.cell ?? ''}:${s.start.line}:${s.start.character}:${s.end.line}:${s.end.character}`;
}

/** Same cell, same start and same end (false when either is missing). */
export function spansEqual(a: Span | undefined, b: Span | undefined): boolean {
  if (!a || !b) return false;
  return (
    a.start.line === b.start.line &&
    a.start.character === b.start.character &&
    a.end.line === b.end.line &&
    a.end.character === b.end.character &&
    (a.cell ?? 0) === (b.cell ?? 0)
  );
}

/** Same cell and same start: a record found by where it begins (its end may differ between readers). */
export const sameStart = (a: Span, b: Span): boolean =>
  (a.cell ?? 0) === (b.cell ?? 0) && a.start.line === b.start.line && a.start.character === b.start.character;

/** `p` lies in `s` (both ends included); the cell is the caller's business. */
export const spanContains = (s: Span, p: Position): boolean =>
  (s.start.line < p.line || (s.start.line === p.line && s.start.character <= p.character)) &&
  (p.line < s.end.line || (p.line === s.end.line && p.character <= s.end.character));

const isPosition = (p: unknown): p is Position =>
  typeof p === 'object' &&
  p !== null &&
  Number.isInteger((p as { line?: unknown }).line) &&
  Number.isInteger((p as { character?: unknown }).character);

/** `x` has a span's shape (integer lines and characters, an optional integer cell): for untrusted input. */
export function isSpan(x: unknown): x is Span {
  if (typeof x !== 'object' || x === null) return false;
  const s = x as Record<string, unknown>;
  return isPosition(s.start) && isPosition(s.end) && (s.cell === undefined || Number.isInteger(s.cell));
}
