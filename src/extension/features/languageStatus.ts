/** The language status item for Python: what the last run found and how long it took, or that it is running. */
import * as vscode from 'vscode';
import type { GradientLensContext } from '../context';
import { counts, countsText } from '../core/summaryText';
import { SHOW_OUTPUT } from './commands';

export function registerLanguageStatus(ctx: GradientLensContext): void {
  const item = vscode.languages.createLanguageStatusItem('gradientLens.status', { language: 'python' });
  ctx.subscriptions.push(item);
  item.name = 'Gradient Lens';
  item.command = { title: ctx.t('Show Output'), command: SHOW_OUTPUT };
  const { t } = ctx;

  const update = () => {
    const doc = vscode.window.activeTextEditor?.document;
    const entry = doc && ctx.cache.entryOf(doc.uri.toString());
    const live = ctx.config.liveMode ? t('live') : t('live mode off');
    item.busy = entry?.status.kind === 'running';
    item.severity = vscode.LanguageStatusSeverity.Information;
    if (!entry?.latest) {
      item.text = '$(symbol-function) Gradient Lens';
      item.detail = item.busy ? t('evaluating…') : live;
      return;
    }
    const { report, elapsedMs } = entry.latest;
    item.text = `$(symbol-function) ${countsText(counts(report), t)}`;
    item.detail = `${t('{0} ms', Math.round(elapsedMs))} · ${live}`;
    const s = entry.status;
    if (s.kind === 'timeout' || s.kind === 'crash' || s.kind === 'failure') {
      item.severity = vscode.LanguageStatusSeverity.Warning;
      item.detail =
        s.kind === 'timeout'
          ? t('the last edit did not finish within its time budget; showing the last result')
          : t('the engine stopped unexpectedly; showing the last result');
    }
  };
  ctx.cache.onDidChange(update, undefined, ctx.subscriptions);
  ctx.onDidChangeConfig(update, undefined, ctx.subscriptions);
  vscode.window.onDidChangeActiveTextEditor(update, undefined, ctx.subscriptions);
  update();
}
