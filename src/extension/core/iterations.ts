/**
 * Loop iterations in the editor: which iteration of each loop the user chose to see (per document, kept across
 * re-evaluations while the loop's header stays where it is), and what a record shows at that iteration — a sample
 * of its history, or why there is none.
 */
import type {
  GradientRecord,
  LoopPosition,
  LoopRecord,
  Position,
  RunReport,
  Span,
  TapeRecord,
  ValueRecord,
  ValueSummary,
} from '../../protocol/report';
import { mapPosition, type TextChange } from './editJournal';
import { Emitter } from './event';
import type { Translate } from './translate';

/** `iteration 100 of 100`. */
export const iterationText = (iteration: number, of: number, t: Translate): string =>
  t('iteration {0} of {1}', iteration, of);

const sameStart = (a: Position, b: Position): boolean => a.line === b.line && a.character === b.character;

/**
 * The iteration chosen for each loop, by document and the position of the loop's header in the current text (moved
 * along with the edits, so a re-evaluation finds its loop again). No entry means the last iteration.
 */
export class IterationSelections {
  private readonly byDoc = new Map<string, { at: Position; iteration: number }[]>();
  private readonly changed = new Emitter<string>();
  /** Fires with the document URI whose selection changed. */
  readonly onDidChange = this.changed.event;

  /** The iteration chosen for the loop whose header starts at `at` (current text), or undefined: the last. */
  get(doc: string, at: Position): number | undefined {
    return this.byDoc.get(doc)?.find((e) => sameStart(e.at, at))?.iteration;
  }

  /** Choose `iteration` for the loop at `at`; undefined goes back to the last iteration. */
  set(doc: string, at: Position, iteration: number | undefined): void {
    const list = (this.byDoc.get(doc) ?? []).filter((e) => !sameStart(e.at, at));
    if (iteration !== undefined) list.push({ at, iteration });
    if (list.length) this.byDoc.set(doc, list);
    else this.byDoc.delete(doc);
    this.changed.fire(doc);
  }

  /** The document changed: headers move with the text; a header whose text was replaced loses its choice. */
  edit(doc: string, changes: readonly TextChange[]): void {
    const list = this.byDoc.get(doc);
    if (!list) return;
    const moved: { at: Position; iteration: number }[] = [];
    for (const e of list) {
      let p: Position | undefined = e.at;
      for (const c of changes) if (p) p = mapPosition(p, c);
      if (p) moved.push({ at: p, iteration: e.iteration });
    }
    if (moved.length) this.byDoc.set(doc, moved);
    else this.byDoc.delete(doc);
  }

  forget(doc: string): void {
    this.byDoc.delete(doc);
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/** The loop a record ran in. */
export const loopOf = (report: RunReport, at: LoopPosition | undefined): LoopRecord | undefined =>
  at === undefined ? undefined : report.loops?.find((l) => l.id === at.loop);

/** A chosen iteration within the loop's range (a loop that now runs fewer iterations shows its last). */
export const clampIteration = (loop: LoopRecord, iteration: number | undefined): number | undefined =>
  iteration === undefined || iteration >= loop.iterations ? undefined : Math.max(1, Math.floor(iteration));

/** The index of the last sample at or before `iteration`, or -1. */
export function sampleIndex(iterations: readonly number[], iteration: number): number {
  let lo = 0;
  let hi = iterations.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (iterations[mid] <= iteration) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/**
 * What a record shows at a chosen iteration (undefined: the last): the sample of the latest iteration at or
 * before it (`shown`, whose `iteration` may be earlier when the statement did not run in every iteration), or why
 * there is none: `not-run` (it had not run yet) or `not-kept` (its values were too big for a history).
 */
export type AtIteration<T> =
  | { kind: 'shown'; value: T; iteration: number; of: number; last: boolean }
  | { kind: 'not-run' | 'not-kept'; iteration: number; of: number };

function atIteration<T>(
  at: LoopPosition,
  history: { iterations: readonly number[] } | undefined,
  last: T,
  sample: (i: number) => T,
  chosen: number | undefined,
): AtIteration<T> {
  const of = at.of;
  if (chosen === undefined || chosen >= at.iteration)
    return { kind: 'shown', value: last, iteration: at.iteration, of, last: true };
  if (!history) return { kind: 'not-kept', iteration: chosen, of };
  const i = sampleIndex(history.iterations, chosen);
  if (i < 0) return { kind: 'not-run', iteration: chosen, of };
  const isLast = i === history.iterations.length - 1;
  return { kind: 'shown', value: isLast ? last : sample(i), iteration: history.iterations[i], of, last: isLast };
}

export function valueAtIteration(v: ValueRecord, chosen: number | undefined): AtIteration<ValueSummary> | undefined {
  if (!v.at) return undefined;
  const h = v.history;
  return atIteration(v.at, h, v.value, (i) => h?.values[i] ?? v.value, chosen);
}

/** A gradient call's results (one per source; null: None) at a chosen iteration. */
export function gradientAtIteration(
  g: GradientRecord,
  chosen: number | undefined,
): AtIteration<(ValueSummary | null)[]> | undefined {
  if (!g.at) return undefined;
  const h = g.history;
  const last = g.results.map((r) => r.result ?? null);
  return atIteration(g.at, h, last, (i) => h?.results[i] ?? last, chosen);
}

/** Among the tapes created at one `with` (in order), the one of the chosen iteration (or the latest before it). */
export function tapeAtIteration(records: readonly TapeRecord[], chosen: number | undefined): TapeRecord | undefined {
  if (records.length === 0) return undefined;
  const last = records[records.length - 1];
  if (chosen === undefined || !last.at) return last;
  let best: TapeRecord | undefined;
  for (const r of records) if (r.at && r.at.iteration <= chosen) best = r;
  return best;
}

/** `iteration 5 of 100`, or for a record without its value there, why: shown after the record's name. */
export function atIterationText<T>(a: AtIteration<T>, t: Translate, short = false): string {
  if (a.kind === 'shown') return iterationText(a.iteration, a.of, t);
  if (a.kind === 'not-run') return t('not run by iteration {0} of {1}', a.iteration, a.of);
  return short
    ? t('iteration {0} of {1} not kept', a.iteration, a.of)
    : t('iteration {0} of {1} not kept (only scalars and small tensors keep a history)', a.iteration, a.of);
}

/** Every iteration some record of the loop kept, ascending, the loop's last included. */
export function keptIterations(report: RunReport, loop: LoopRecord, owns: (s: Span) => boolean = () => true): number[] {
  const set = new Set<number>([loop.iterations]);
  const add = (at: LoopPosition | undefined, span: Span | undefined, iterations?: readonly number[]): void => {
    if (!at || at.loop !== loop.id || (span && !owns(span))) return;
    set.add(at.iteration);
    for (const i of iterations ?? []) set.add(i);
  };
  for (const v of report.values) add(v.at, v.span, v.history?.iterations);
  for (const g of report.gradients) add(g.at, g.span, g.history?.iterations);
  for (const tp of report.tapes) add(tp.at, tp.span);
  // A loop that only printed: every iteration it printed in (prints are not thinned).
  if (set.size === 1) for (const p of report.prints) add(p.at, p.span);
  return [...set].sort((a, b) => a - b);
}

/** The kept iteration before (`-1`) or after (`+1`) `current` (undefined: the last), or undefined at the end. */
export function stepIteration(kept: readonly number[], current: number | undefined, dir: -1 | 1): number | undefined {
  const last = kept[kept.length - 1];
  const cur = current ?? last;
  if (dir < 0) {
    for (let i = kept.length - 1; i >= 0; i--) if (kept[i] < cur) return kept[i];
    return undefined;
  }
  for (const k of kept) if (k > cur) return k;
  return undefined;
}
