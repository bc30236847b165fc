/**
 * CodeLenses: above each tape block what it watched and recorded (with an Inspect action), above each
 * `gradient`/`jacobian` call its result, written in `provideCodeLenses` from the cached report. They come from the
 * last good report, moved along with the edits made since, so they stay put while the user types.
 */
import * as vscode from 'vscode';
import type { GradientRecord } from '../../protocol/report';
import type { GradientLensContext } from '../context';
import { OPEN_INSPECTOR, type OpenInspectorArgs } from '../core/hoverText';
import { tapeAtIteration } from '../core/iterations';
import { gradientLensTitles, resultName, tapeLensTitle, tapeTitle } from '../core/lensText';
import type { TapeGroup } from '../core/lookup';
import { editedLensTitle, staleLensTitle } from '../core/stale';
import { targetOf } from '../documents';
import { docTapeGroups, type Freshness, freshnessOf, loopView, toRange, viewOf } from '../view';
import { EXPLAIN_GRADIENT, type ExplainGradientArgs } from './commands';

/**
 * How long `provideCodeLenses` waits for a pending evaluation of the document. VS Code asks for lenses 250 ms after
 * a keystroke (its own debounce); an answer from the report of the text before the keystroke would be replaced only
 * 250 ms after the new report arrives (VS Code debounces `onDidChangeCodeLenses` too), so instead the answer waits
 * for the evaluation the keystroke started (up to this long: a longer run shows the last lenses marked
 * "evaluating…" meanwhile) and shows it when the inlay hints show it.
 */
const WAIT_FOR_RUN_MS = 600;

export function registerCodeLenses(ctx: GradientLensContext): void {
  const changed = new vscode.EventEmitter<void>();
  ctx.subscriptions.push(changed);
  // VS Code asks for lenses again after every edit; `onDidChangeCodeLenses` restarts that wait (250 ms or more).
  // So a new report is announced only for documents whose last lenses were given after their last edit: for the
  // others, VS Code's request is still to come or is waiting for this very report (`settled` below).
  const lastEdit = new Map<string, number>();
  const lastServed = new Map<string, number>();
  const asked = (doc: string) => (lastEdit.get(doc) ?? -1) > (lastServed.get(doc) ?? -1);
  vscode.workspace.onDidChangeTextDocument(
    (e) => e.contentChanges.length && lastEdit.set(e.document.uri.toString(), performance.now()),
    undefined,
    ctx.subscriptions,
  );
  vscode.workspace.onDidCloseTextDocument(
    (d) => {
      lastEdit.delete(d.uri.toString());
      lastServed.delete(d.uri.toString());
    },
    undefined,
    ctx.subscriptions,
  );
  ctx.cache.onDidChange(
    (e) => e.kind === 'report' && !(e.docs.length && e.docs.every(asked)) && changed.fire(),
    undefined,
    ctx.subscriptions,
  );
  ctx.onDidChangeConfig(() => changed.fire(), undefined, ctx.subscriptions);
  ctx.iterations.onDidChange(() => changed.fire(), undefined, ctx.subscriptions);

  const provider: vscode.CodeLensProvider = {
    onDidChangeCodeLenses: changed.event,
    async provideCodeLenses(doc, token) {
      if (!ctx.config.codeLensEnabled) return [];
      const target = targetOf(doc);
      if (target && ctx.config.liveMode) await ctx.runner.settled(target.uri.toString(), WAIT_FOR_RUN_MS, token);
      if (token.isCancellationRequested) return [];
      lastServed.set(doc.uri.toString(), performance.now());
      const view = viewOf(ctx, doc, 'good');
      if (!view) {
        if (target) ctx.runner.ensure(target, 'lenses requested');
        return [];
      }
      ctx.served('lenses', view.snapshot.key);
      const uri = doc.uri.toString();
      const lenses: vscode.CodeLens[] = [];
      // Titles are written here, not in `resolveCodeLens`: VS Code resolves lenses another 250 ms later.
      const fresh = freshnessOf(ctx, doc, view);
      const loops = loopView(ctx, view);
      for (const group of docTapeGroups(view, doc)) {
        const range = toRange(group.span, view);
        const chosen = group.tape.at && loops.chosen(group.tape.at.loop);
        const tape = tapeAtIteration(group.records, chosen) ?? group.tape;
        if (range) lenses.push(tapeLens(ctx, range, uri, { ...group, tape }, fresh));
      }
      for (const g of view.report.gradients) {
        if (!view.owns(g.span)) continue;
        const range = toRange(g.span, view);
        if (!range) continue;
        const n = Math.min(g.results.length, 4) + (g.results.length > 4 ? 1 : 0);
        const chosen = g.at && loops.chosen(g.at.loop);
        const titles = gradientLensTitles(g, ctx.fmt, ctx.t, 4, chosen);
        for (let i = 0; i < n; i++) lenses.push(gradientLens(ctx, range, uri, g, titles, i, fresh));
      }
      return lenses;
    },
  };
  ctx.subscriptions.push(vscode.languages.registerCodeLensProvider({ language: 'python' }, provider));
}

/** From an older report: say so; on a line edited since, show no value. */
function marked(ctx: GradientLensContext, fresh: Freshness, range: vscode.Range, title: string, name: string): string {
  const { stale, edited } = fresh;
  if (!stale) return title;
  return edited(range.start.line) ? editedLensTitle(name, ctx.t) : staleLensTitle(title, stale, ctx.t);
}

function tapeLens(
  ctx: GradientLensContext,
  range: vscode.Range,
  uri: string,
  group: TapeGroup,
  fresh: Freshness,
): vscode.CodeLens {
  const tape = group.tape;
  return new vscode.CodeLens(range, {
    title: marked(ctx, fresh, range, tapeLensTitle(tape, group.runs, ctx.t), tapeTitle(tape.name, ctx.t)),
    command: OPEN_INSPECTOR,
    tooltip: ctx.t('Open the Tape Inspector on this tape'),
    arguments: [{ uri, tape: tape.id } satisfies OpenInspectorArgs],
  });
}

function gradientLens(
  ctx: GradientLensContext,
  range: vscode.Range,
  uri: string,
  g: GradientRecord,
  titles: string[],
  index: number,
  fresh: Freshness,
): vscode.CodeLens {
  const result = g.results[index];
  return new vscode.CodeLens(range, {
    title: marked(ctx, fresh, range, titles[index] ?? titles[0] ?? '', result ? resultName(g, result) : g.target),
    command: EXPLAIN_GRADIENT,
    tooltip: ctx.t('Why? Show how the chain rule produced this gradient'),
    arguments: [{ uri, span: g.span } satisfies ExplainGradientArgs],
  });
}
