/**
 * The report cache: the one place features read results from. Keyed by the evaluated document (a file or a
 * notebook); each entry keeps the latest report (diagnostics and status read it) and the last *good* one (lenses,
 * hovers, hints and the inspector read it), so half-typed code with a syntax error, or a run cut short by its budget,
 * does not make the lenses vanish. Positions are mapped through the edits made since the report's version.
 */
import { isGoodReport, type Position, type RunReport, type Span } from '../../protocol/report';
import { EditJournal } from './editJournal';
import { Emitter, type Event } from './event';

/** A text document that took part in a run: the file itself, or one code cell of a notebook. */
export interface DocRef {
  uri: string;
  /** The cell index the report's spans use for this document (`Span.cell`); undefined for plain files. */
  cell?: number;
  version: number;
}

export interface Snapshot {
  /** `uri@version` of the evaluated document. */
  key: string;
  uri: string;
  report: RunReport;
  docs: readonly DocRef[];
  /** Milliseconds from the request to the answer, as the host saw it. */
  elapsedMs: number;
}

export type RunStatus =
  | { kind: 'idle' }
  | { kind: 'running' }
  | { kind: 'timeout'; ms: number }
  | { kind: 'crash'; message: string }
  | { kind: 'failure'; message: string };

export interface CacheEntry {
  uri: string;
  latest?: Snapshot;
  good?: Snapshot;
  status: RunStatus;
}

/** What one text document sees of a snapshot: the report, its cell, and the position mapping. */
export interface DocView {
  snapshot: Snapshot;
  report: RunReport;
  doc: DocRef;
  /** The report position → the position in the current text; `undefined` when its text was replaced. */
  map(pos: Position): Position | undefined;
  /** A report span → the span in the current text (end clamped to start when its text was replaced). */
  span(s: Span): Span | undefined;
  /** True when the span belongs to this document (its cell, or any span of a plain file). */
  owns(span: Span): boolean;
}

export interface CacheChange {
  uri: string;
  /** `report`: a new report was published (or an entry removed); `status`: only the run status changed. */
  kind: 'report' | 'status';
  /** The text documents whose view changed (file, or the notebook's cell documents). */
  docs: string[];
}

export { isGoodReport };

export class ReportCache {
  private readonly entries = new Map<string, CacheEntry>();
  /** text document uri → uri of the entry (file or notebook) it belongs to. */
  private readonly owner = new Map<string, string>();
  private readonly changed = new Emitter<CacheChange>();
  readonly onDidChange: Event<CacheChange> = this.changed.event;
  readonly journal = new EditJournal();

  get(uri: string): CacheEntry | undefined {
    return this.entries.get(uri);
  }

  /** The entry a text document belongs to (itself, or its notebook). */
  entryOf(docUri: string): CacheEntry | undefined {
    const owner = this.owner.get(docUri);
    return owner === undefined ? undefined : this.entries.get(owner);
  }

  publish(snapshot: Snapshot): void {
    const entry = this.entry(snapshot.uri);
    const previous = new Set([...(entry.latest?.docs ?? []), ...(entry.good?.docs ?? [])].map((d) => d.uri));
    entry.latest = snapshot;
    if (isGoodReport(snapshot.report) || !entry.good) entry.good = snapshot;
    entry.status = { kind: 'idle' };
    for (const d of snapshot.docs) this.owner.set(d.uri, snapshot.uri);
    for (const d of [...entry.latest.docs, ...entry.good.docs]) previous.add(d.uri);
    // Forget edits older than both snapshots in use.
    for (const d of snapshot.docs) {
      const good = entry.good.docs.find((g) => g.uri === d.uri);
      this.journal.prune(d.uri, Math.min(d.version, good?.version ?? d.version));
    }
    this.changed.fire({ uri: snapshot.uri, kind: 'report', docs: [...previous] });
  }

  setStatus(uri: string, status: RunStatus): void {
    const entry = this.entry(uri);
    entry.status = status;
    const docs = new Set([...(entry.latest?.docs ?? []), ...(entry.good?.docs ?? [])].map((d) => d.uri));
    this.changed.fire({ uri, kind: 'status', docs: [...docs] });
  }

  /** The view of a text document on the latest (`'latest'`) or the last good (`'good'`) report. */
  view(docUri: string, which: 'good' | 'latest'): DocView | undefined {
    const entry = this.entryOf(docUri);
    const snapshot = which === 'good' ? entry?.good : entry?.latest;
    const doc = snapshot?.docs.find((d) => d.uri === docUri);
    return snapshot && doc ? this.makeView(snapshot, doc) : undefined;
  }

  /** The view of another document of the same snapshot, by the cell index a span names (for related spans). */
  viewOfSpan(snapshot: Snapshot, span: Span): DocView | undefined {
    const doc =
      snapshot.docs.find((d) => d.cell === span.cell) ?? (snapshot.docs.length === 1 ? snapshot.docs[0] : undefined);
    return doc ? this.makeView(snapshot, doc) : undefined;
  }

  delete(uri: string): void {
    const entry = this.entries.get(uri);
    if (!entry) return;
    this.entries.delete(uri);
    const docs = [...(entry.latest?.docs ?? []), ...(entry.good?.docs ?? [])].map((d) => d.uri);
    for (const d of docs) {
      if (this.owner.get(d) === uri) this.owner.delete(d);
      this.journal.forget(d);
    }
    this.changed.fire({ uri, kind: 'report', docs });
  }

  uris(): string[] {
    return [...this.entries.keys()];
  }

  dispose(): void {
    this.changed.dispose();
  }

  private entry(uri: string): CacheEntry {
    let e = this.entries.get(uri);
    if (!e) this.entries.set(uri, (e = { uri, status: { kind: 'idle' } }));
    return e;
  }

  private makeView(snapshot: Snapshot, doc: DocRef): DocView {
    const isCell = doc.cell !== undefined;
    const map = this.journal.mapper(doc.uri, doc.version);
    return {
      snapshot,
      report: snapshot.report,
      doc,
      map,
      span: (s) => {
        const start = map(s.start);
        if (!start) return undefined;
        const end = map(s.end) ?? start;
        return { start, end, cell: s.cell };
      },
      owns: (span) => (isCell ? span.cell === doc.cell : true),
    };
  }
}
