/**
 * Stale results: lenses and hints come from the last good report, which may be older than the text (a syntax error
 * since, live mode off, or the next evaluation still on its way). Then they say so, and on the lines edited since
 * that report they show no value at all.
 */
import type { CacheEntry, DocView } from './reportCache';
import type { Translate } from './translate';

export type StaleReason = 'evaluating' | 'syntax' | 'stopped' | 'timeout' | 'failed' | 'liveOff';

/** Why the view's report is older than the document's current version, or `undefined` when it is current. */
export function staleReason(
  view: Pick<DocView, 'doc' | 'snapshot'>,
  entry: Pick<CacheEntry, 'latest' | 'status'> | undefined,
  docVersion: number,
  liveMode: boolean,
): StaleReason | undefined {
  if (view.doc.version === docVersion) return undefined;
  const latest = entry?.latest;
  const latestDoc = latest?.docs.find((d) => d.uri === view.doc.uri);
  if (latest && latest !== view.snapshot && latestDoc?.version === docVersion) {
    return latest.report.stopped ? 'stopped' : 'syntax';
  }
  const status = entry?.status.kind;
  if (status === 'running') return 'evaluating';
  if (status === 'timeout') return 'timeout';
  if (status === 'crash' || status === 'failure') return 'failed';
  return liveMode ? 'evaluating' : 'liveOff';
}

/** The note a stale lens or hint carries: `stale: syntax error`, `evaluating…`. */
export function staleNote(reason: StaleReason, t: Translate): string {
  switch (reason) {
    case 'evaluating':
      return t('evaluating…');
    case 'syntax':
      return t('stale: syntax error');
    case 'stopped':
      return t('stale: run stopped');
    case 'timeout':
      return t('stale: evaluation timed out');
    case 'failed':
      return t('stale: evaluation failed');
    case 'liveOff':
      return t('stale: live mode off');
  }
}

/** A lens title from an older report: `dy/dx = 6.0 · () float32 · $(history) stale: syntax error`. */
export function staleLensTitle(title: string, reason: StaleReason, t: Translate): string {
  const note = ` · $(history) ${staleNote(reason, t)}`;
  // The tape lens keeps its Inspect action last.
  const action = title.lastIndexOf(' · $(type-hierarchy) ');
  return action < 0 ? `${title}${note}` : `${title.slice(0, action)}${note}${title.slice(action)}`;
}

/** A lens on a line edited since its report: the name only, no value (`dy/dx · $(history) edited`). */
export const editedLensTitle = (name: string, t: Translate): string =>
  `${name} · $(history) ${t('edited, not evaluated yet')}`;

/** A hint from an older report: `▸ 6.0 () · stale: live mode off`. */
export const staleHintLabel = (label: string, reason: StaleReason, t: Translate): string =>
  `${label} · ${staleNote(reason, t)}`;
