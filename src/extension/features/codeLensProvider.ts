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
import { gradientLensTitles, tapeLensTitle } from '../core/lensText';
import type { TapeGroup } from '../core/lookup';
import { targetOf } from '../documents';
import { docTapeGroups, toRange, viewOf } from '../view';
import { EXPLAIN_GRADIENT, type ExplainGradientArgs } from './commands';

class TapeLens extends vscode.CodeLens {
  constructor(
    range: vscode.Range,
    readonly uri: string,
    readonly group: TapeGroup,
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
  ) {
    super(range);
  }
}

export function registerCodeLenses(ctx: GradientLensContext): void {
  const changed = new vscode.EventEmitter<void>();
  ctx.subscriptions.push(changed);
  ctx.cache.onDidChange((e) => e.kind === 'report' && changed.fire(), undefined, ctx.subscriptions);
  ctx.onDidChangeConfig(() => changed.fire(), undefined, ctx.subscriptions);

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
      for (const group of docTapeGroups(view, doc)) {
        const range = toRange(group.span, view);
        if (range) lenses.push(new TapeLens(range, uri, group));
      }
      for (const g of view.report.gradients) {
        if (!view.owns(g.span)) continue;
        const range = toRange(g.span, view);
        if (!range) continue;
        const n = Math.min(g.results.length, 4) + (g.results.length > 4 ? 1 : 0);
        for (let i = 0; i < n; i++) lenses.push(new GradientLens(range, uri, g, i));
      }
      return lenses;
    },
    resolveCodeLens(lens) {
      if (lens instanceof TapeLens) {
        lens.command = {
          title: tapeLensTitle(lens.group.tape, lens.group.runs, ctx.t),
          command: OPEN_INSPECTOR,
          tooltip: ctx.t('Open the Tape Inspector on this tape'),
          arguments: [{ uri: lens.uri, tape: lens.group.tape.id } satisfies OpenInspectorArgs],
        };
      } else {
        const titles = gradientLensTitles(lens.gradient, ctx.fmt, ctx.t);
        lens.command = {
          title: titles[lens.index] ?? titles[0] ?? '',
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
