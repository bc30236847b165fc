/** The notebook cell status bar: each cell's gradients in one line (`dz/dx = [[8, 8], [8, 8]]`), and its errors. */
import * as vscode from 'vscode';
import type { GradientLensContext } from '../context';
import { problems } from '../core/diagnosticText';
import { formatPreview, formatType } from '../core/format';
import { cellGradientText, resultName } from '../core/lensText';
import { EXPLAIN_GRADIENT, type ExplainGradientArgs } from './commands';

export function registerNotebookStatus(ctx: GradientLensContext): void {
  const changed = new vscode.EventEmitter<void>();
  ctx.subscriptions.push(changed);
  ctx.cache.onDidChange((e) => e.kind === 'report' && changed.fire(), undefined, ctx.subscriptions);

  const provider: vscode.NotebookCellStatusBarItemProvider = {
    onDidChangeCellStatusBarItems: changed.event,
    provideCellStatusBarItems(cell) {
      const uri = cell.document.uri.toString();
      const items: vscode.NotebookCellStatusBarItem[] = [];
      const good = ctx.cache.view(uri, 'good');
      const gradients = good ? good.report.gradients.filter((g) => good.owns(g.span)) : [];
      if (gradients.length) {
        const item = new vscode.NotebookCellStatusBarItem(
          cellGradientText(gradients, ctx.fmt, ctx.t),
          vscode.NotebookCellStatusBarAlignment.Left,
        );
        item.tooltip = gradients
          .flatMap((g) =>
            g.results.map((r) =>
              r.result && r.result.kind !== 'none'
                ? `${resultName(g, r)} = ${formatPreview(r.result, ctx.fmt)} · ${formatType(r.result)}`
                : `${resultName(g, r)} = None`,
            ),
          )
          .join('\n');
        item.command = {
          title: ctx.t('Why?'),
          command: EXPLAIN_GRADIENT,
          arguments: [{ uri, span: gradients[0].span } satisfies ExplainGradientArgs],
        };
        items.push(item);
      }
      const latest = ctx.cache.view(uri, 'latest');
      const errors = latest
        ? problems(latest.report, ctx.t).filter((p) => p.severity === 'error' && latest.owns(p.span))
        : [];
      if (errors.length) {
        const first = errors[0].message.split('\n')[0];
        const item = new vscode.NotebookCellStatusBarItem(
          `$(error) ${first.length > 60 ? `${first.slice(0, 59)}…` : first}`,
          vscode.NotebookCellStatusBarAlignment.Left,
        );
        item.tooltip = errors.map((e) => e.message).join('\n');
        items.push(item);
      }
      return items;
    },
  };
  ctx.subscriptions.push(vscode.notebooks.registerNotebookCellStatusBarItemProvider('jupyter-notebook', provider));
}
