/**
 * CodeLenses: above each tape block what it watched and recorded (with an Inspect action), above each
 * `gradient`/`jacobian` call its result. `provideCodeLenses` only places them (cheap, from the cached report);
 * `resolveCodeLens` writes their text. They come from the last good report, moved along with the edits made since,
 * so they stay put while the user types.
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

class TapeLens extends vscode.CodeLens {
  constructor(
    range: vscode.Range,
    readonly uri: string,
    readonly group: TapeGroup,
    readonly fresh: Freshness,
  ) {
    super(range);
  }
}

class GradientLens extends vscode.CodeLens {
  constructor(
    range: vscode.Range,
    readonly uri: string,
    readonly gradient: GradientRecord,
    readonly index: number,
    readonly fresh: Freshness,
    readonly iteration: number | undefined,
  ) {
    super(range);
  }
}

export function registerCodeLenses(ctx: GradientLensContext): void {
  const changed = new vscode.EventEmitter<void>();
  ctx.subscriptions.push(changed);
  ctx.cache.onDidChange((e) => e.kind === 'report' && changed.fire(), undefined, ctx.subscriptions);
  ctx.onDidChangeConfig(() => changed.fire(), undefined, ctx.subscriptions);
  ctx.iterations.onDidChange(() => changed.fire(), undefined, ctx.subscriptions);

  const provider: vscode.CodeLensProvider<TapeLens | GradientLens> = {
    onDidChangeCodeLenses: changed.event,
    provideCodeLenses(doc) {
      if (!ctx.config.codeLensEnabled) return [];
      const view = viewOf(ctx, doc, 'good');
      if (!view) {
        const target = targetOf(doc);
        if (target) ctx.runner.ensure(target, 'lenses requested');
        return [];
      }
      const uri = doc.uri.toString();
      const lenses: (TapeLens | GradientLens)[] = [];
      const fresh = freshnessOf(ctx, doc, view);
      const loops = loopView(ctx, view);
      for (const group of docTapeGroups(view, doc)) {
        const range = toRange(group.span, view);
        const chosen = group.tape.at && loops.chosen(group.tape.at.loop);
        const tape = tapeAtIteration(group.records, chosen) ?? group.tape;
        if (range) lenses.push(new TapeLens(range, uri, { ...group, tape }, fresh));
      }
      for (const g of view.report.gradients) {
        if (!view.owns(g.span)) continue;
        const range = toRange(g.span, view);
        if (!range) continue;
        const n = Math.min(g.results.length, 4) + (g.results.length > 4 ? 1 : 0);
        const chosen = g.at && loops.chosen(g.at.loop);
        for (let i = 0; i < n; i++) lenses.push(new GradientLens(range, uri, g, i, fresh, chosen));
      }
      return lenses;
    },
    resolveCodeLens(lens) {
      // From an older report: say so; on a line edited since, show no value.
      const { stale, edited } = lens.fresh;
      const mark = (title: string, name: string) =>
        !stale
          ? title
          : edited(lens.range.start.line)
            ? editedLensTitle(name, ctx.t)
            : staleLensTitle(title, stale, ctx.t);
      if (lens instanceof TapeLens) {
        const tape = lens.group.tape;
        lens.command = {
          title: mark(tapeLensTitle(tape, lens.group.runs, ctx.t), tapeTitle(tape.name, ctx.t)),
          command: OPEN_INSPECTOR,
          tooltip: ctx.t('Open the Tape Inspector on this tape'),
          arguments: [{ uri: lens.uri, tape: lens.group.tape.id } satisfies OpenInspectorArgs],
        };
      } else {
        const g = lens.gradient;
        const titles = gradientLensTitles(g, ctx.fmt, ctx.t, 4, lens.iteration);
        const result = g.results[lens.index];
        lens.command = {
          title: mark(titles[lens.index] ?? titles[0] ?? '', result ? resultName(g, result) : g.target),
          command: EXPLAIN_GRADIENT,
          tooltip: ctx.t('Why? Show how the chain rule produced this gradient'),
          arguments: [{ uri: lens.uri, span: lens.gradient.span } satisfies ExplainGradientArgs],
        };
      }
      return lens;
    },
  };
  ctx.subscriptions.push(vscode.languages.registerCodeLensProvider({ language: 'python' }, provider));
}
