/**
 * Keeps report positions attached to their code while the user types. A report describes the document as it was
 * when it was evaluated (version v); until the next report arrives, the edits made since v are replayed on each span
 * position, so lenses, hints and hovers move with their lines instead of sliding onto the wrong ones.
 */
import type { Position } from '../../protocol/report';

/** One text change as VS Code reports it: a replaced range and the inserted text. */
export interface TextChange {
  range: { start: Position; end: Position };
  text: string;
}

interface Entry {
  version: number;
  changes: readonly TextChange[];
}

const before = (a: Position, b: Position) => a.line < b.line || (a.line === b.line && a.character < b.character);

/**
 * Where `pos` is after one change: unchanged before it, shifted after it, `undefined` inside a replaced range
 * (an insertion exactly at `pos` shifts it).
 */
export function mapPosition(pos: Position, change: TextChange): Position | undefined {
  const { start, end } = change.range;
  if (before(pos, start)) return pos;
  const isInsertion = start.line === end.line && start.character === end.character;
  if (!isInsertion && before(pos, end)) return undefined;
  const lines = change.text.split(/\r\n|\r|\n/);
  const added = lines.length - 1;
  const lastLen = lines[lines.length - 1].length;
  const line = pos.line - (end.line - start.line) + added;
  if (pos.line !== end.line) return { line, character: pos.character };
  const tail = pos.character - end.character;
  return { line, character: (added === 0 ? start.character : 0) + lastLen + tail };
}

/**
 * The lines of the current text that the changes touched, as inclusive `[first, last]` ranges: each change's
 * inserted lines, with the ranges of earlier changes moved (or merged) by the later ones.
 */
export function changedLineRanges(changes: readonly TextChange[]): [number, number][] {
  let ranges: [number, number][] = [];
  for (const c of changes) {
    const { start, end } = c.range;
    const added = c.text.split(/\r\n|\r|\n/).length - 1;
    const shift = added - (end.line - start.line);
    const inserted: [number, number] = [start.line, start.line + added];
    const next: [number, number][] = [];
    for (const [a, b] of ranges) {
      if (b < start.line) next.push([a, b]);
      else if (a > end.line) next.push([a + shift, b + shift]);
      else {
        // Overlaps the replaced lines: it becomes part of the change's lines.
        inserted[0] = Math.min(inserted[0], a);
        inserted[1] = Math.max(inserted[1], b > end.line ? b + shift : inserted[1]);
      }
    }
    next.push(inserted);
    ranges = next;
  }
  return ranges.sort((x, y) => x[0] - y[0]);
}

export class EditJournal {
  private readonly byDoc = new Map<string, Entry[]>();
  constructor(private readonly maxEntries = 2000) {}

  /** Record the changes that produced `version` of the document `uri`. */
  record(uri: string, version: number, changes: readonly TextChange[]): void {
    if (changes.length === 0) return;
    let list = this.byDoc.get(uri);
    if (!list) this.byDoc.set(uri, (list = []));
    list.push({ version, changes });
    if (list.length > this.maxEntries) list.splice(0, list.length - this.maxEntries);
  }

  /** Maps a position of version `since` to the latest version; identity when nothing changed since. */
  mapper(uri: string, since: number): (pos: Position) => Position | undefined {
    const entries = (this.byDoc.get(uri) ?? []).filter((e) => e.version > since);
    if (entries.length === 0) return (pos) => pos;
    return (pos) => {
      let p: Position | undefined = pos;
      for (const e of entries) for (const c of e.changes) if (p) p = mapPosition(p, c);
      return p;
    };
  }

  /** Whether a line of the current text was touched by an edit made after version `since`. */
  changedSince(uri: string, since: number): (line: number) => boolean {
    const changes = (this.byDoc.get(uri) ?? []).filter((e) => e.version > since).flatMap((e) => e.changes);
    if (changes.length === 0) return () => false;
    const ranges = changedLineRanges(changes);
    return (line) => ranges.some(([a, b]) => line >= a && line <= b);
  }

  /** Forget the changes up to `version` (no report older than it is in use any more). */
  prune(uri: string, version: number): void {
    const list = this.byDoc.get(uri);
    if (!list) return;
    const keep = list.filter((e) => e.version > version);
    if (keep.length) this.byDoc.set(uri, keep);
    else this.byDoc.delete(uri);
  }

  forget(uri: string): void {
    this.byDoc.delete(uri);
  }
}
