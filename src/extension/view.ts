/** From the report's coordinates to VS Code's: the one place a report `Span` becomes a `vscode.Range`. */
import * as vscode from 'vscode';
import { sameStart } from '../engine/span';
import type { LoopRecord, Position, Span } from '../protocol/report';
import type { GradientLensContext } from './context';
import type { LoopView } from './core/hoverText';
import { clampIteration, keptIterations } from './core/iterations';
import { headerName, type TapeGroup, tapeGroups } from './core/lookup';
import type { DocView, Snapshot } from './core/reportCache';
import { type StaleReason, staleReason } from './core/stale';

/** The report span as a range in the document's current text (edits since the report are replayed). */
export function toRange(span: Span, view: DocView): vscode.Range | undefined {
  const s = view.span(span);
  return s && new vscode.Range(s.start.line, s.start.character, s.end.line, s.end.character);
}

/** A span of a snapshot as a location: in the file, or in the notebook cell the span names. */
export function toLocation(ctx: GradientLensContext, span: Span, snapshot: Snapshot): vscode.Location | undefined {
  const view = ctx.cache.viewOfSpan(snapshot, span);
  const range = view && toRange(span, view);
  return view && range ? new vscode.Location(vscode.Uri.parse(view.doc.uri), range) : undefined;
}

/** What a text document sees of its latest or last good report. */
export function viewOf(
  ctx: GradientLensContext,
  doc: vscode.TextDocument,
  which: 'good' | 'latest',
): DocView | undefined {
  return ctx.cache.view(doc.uri.toString(), which);
}

/** The document's tapes grouped by span, named from their `with … as t:` line when the report has no name. */
export function docTapeGroups(view: DocView, doc: vscode.TextDocument): TapeGroup[] {
  return tapeGroups(view.report, view.owns, (span) => {
    const line = view.span(span)?.start.line;
    return line !== undefined && line < doc.lineCount ? headerName(doc.lineAt(line).text) : undefined;
  });
}

/** How the document's good report relates to its current text: why it is older, and which lines were edited since. */
export interface Freshness {
  stale: StaleReason | undefined;
  edited: (line: number) => boolean;
}

export function freshnessOf(ctx: GradientLensContext, doc: vscode.TextDocument, view: DocView): Freshness {
  const uri = doc.uri.toString();
  const stale = staleReason(view, ctx.cache.entryOf(uri), doc.version, ctx.config.liveMode);
  return { stale, edited: stale ? ctx.cache.journal.changedSince(uri, view.doc.version) : () => false };
}

/** A loop of the report with the document that holds its header and the header's position in the current text. */
export interface LoopHere {
  loop: LoopRecord;
  /** The text document the loop's header is in (a notebook cell's own document for cells). */
  docUri: string;
  at: Position;
}

/** The report loop `id` (or with this header span), located in the current text; undefined when its text is gone. */
export function locateLoop(ctx: GradientLensContext, view: DocView, which: number | Span): LoopHere | undefined {
  const loop = view.report.loops?.find((l) => (typeof which === 'number' ? l.id === which : sameStart(l.span, which)));
  if (!loop) return undefined;
  const lv = view.owns(loop.span) ? view : ctx.cache.viewOfSpan(view.snapshot, loop.span);
  const at = lv?.map(loop.span.start);
  return lv && at ? { loop, docUri: lv.doc.uri, at } : undefined;
}

/** The loops of a document's report as hovers, lenses and hints ask about them: chosen and kept iterations. */
export function loopView(ctx: GradientLensContext, view: DocView): LoopView {
  const kept = new Map<number, number[]>();
  const chosen = new Map<number, number | undefined>();
  return {
    chosen(id) {
      if (!chosen.has(id)) {
        const here = locateLoop(ctx, view, id);
        chosen.set(id, here && clampIteration(here.loop, ctx.iterations.get(here.docUri, here.at)));
      }
      return chosen.get(id);
    },
    kept(id) {
      let k = kept.get(id);
      if (!k) {
        const loop = view.report.loops?.find((l) => l.id === id);
        kept.set(id, (k = loop ? keptIterations(view.report, loop) : []));
      }
      return k;
    },
    span: (id) => view.report.loops?.find((l) => l.id === id)?.span,
  };
}
