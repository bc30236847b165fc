/**
 * Inlay hints after assignments inside tape blocks: `y = tf.reduce_sum(x)  ▸ 4.0 ()`, and after each `print` /
 * `tf.print` statement the last line it printed. One per line, at the end of the code (before a trailing comment),
 * with the repr (or everything printed) in the tooltip.
 */
import * as vscode from 'vscode';
import type { GradientLensContext } from '../context';
import { atIterationText, valueAtIteration } from '../core/iterations';
import { hintAtIteration, unknownText } from '../core/lensText';
import { blockLines, codeEnd, isAssignment } from '../core/lookup';
import { printGroups, printHintLabel, printHover, printLoop } from '../core/printText';
import { staleHintLabel } from '../core/stale';
import { docTapeGroups, freshnessOf, loopView, viewOf } from '../view';

export function registerInlayHints(ctx: GradientLensContext): void {
  const changed = new vscode.EventEmitter<void>();
  ctx.subscriptions.push(changed);
  ctx.cache.onDidChange((e) => e.kind === 'report' && changed.fire(), undefined, ctx.subscriptions);
  ctx.onDidChangeConfig(() => changed.fire(), undefined, ctx.subscriptions);
  ctx.iterations.onDidChange(() => changed.fire(), undefined, ctx.subscriptions);

  const provider: vscode.InlayHintsProvider = {
    onDidChangeInlayHints: changed.event,
    provideInlayHints(doc, range) {
      if (!ctx.config.inlayHintsEnabled) return [];
      const view = viewOf(ctx, doc, 'good');
      if (!view) return [];
      const lines = doc.getText().split(/\r?\n/);
      const blocks: [number, number][] = [];
      for (const g of docTapeGroups(view, doc)) {
        const span = view.span(g.span);
        if (span) blocks.push(blockLines(lines, span));
      }
      const inBlock = (line: number) => blocks.some(([from, to]) => line > from && line <= to);
      const byLine = new Map<number, vscode.InlayHint>();
      // From an older report: each hint says so, and a line edited since shows none.
      const { stale, edited } = freshnessOf(ctx, doc, view);
      const label = (text: string) => (stale ? staleHintLabel(text, stale, ctx.t) : text);
      const loops = loopView(ctx, view);
      for (const v of view.report.values) {
        if (!view.owns(v.span)) continue;
        const span = view.span(v.span);
        if (!span || !inBlock(span.start.line) || byLine.has(span.end.line)) continue;
        if (span.end.line < range.start.line || span.start.line > range.end.line) continue;
        if (!isAssignment({ ...v, span }, lines) || edited(span.end.line)) continue;
        const line = span.end.line;
        const chosen = v.at && loops.chosen(v.at.loop);
        const hint = new vscode.InlayHint(
          new vscode.Position(line, codeEnd(lines[line] ?? '')),
          label(hintAtIteration(v, chosen, ctx.fmt, ctx.t)),
        );
        hint.paddingLeft = true;
        const tip = new vscode.MarkdownString();
        const a = valueAtIteration(v, chosen);
        const shown = a?.kind === 'shown' ? a.value : v.value;
        if (a && a.kind !== 'shown') tip.appendText(atIterationText(a, ctx.t));
        else if (shown.kind === 'unknown') tip.appendText(unknownText(shown.unknown, ctx.t));
        else tip.appendCodeblock(shown.repr || shown.preview, 'python');
        hint.tooltip = tip;
        byLine.set(line, hint);
      }
      for (const g of printGroups(view.report.prints, view.owns)) {
        const span = view.span(g.span);
        if (!span || byLine.has(span.end.line) || edited(span.end.line)) continue;
        if (span.end.line < range.start.line || span.start.line > range.end.line) continue;
        const line = span.end.line;
        const hint = new vscode.InlayHint(
          new vscode.Position(line, codeEnd(lines[line] ?? '')),
          label(printHintLabel(g, ctx.t, 60, printLoop(g) && loops.chosen(printLoop(g)?.loop ?? 0))),
        );
        hint.paddingLeft = true;
        hint.tooltip = new vscode.MarkdownString(printHover(g, ctx.t));
        byLine.set(line, hint);
      }
      return [...byLine.values()];
    },
  };
  ctx.subscriptions.push(vscode.languages.registerInlayHintsProvider({ language: 'python' }, provider));
}
