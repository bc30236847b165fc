/**
 * Quick fixes (code actions) on our tape diagnostics: the edits come from `core/quickFixes.ts`. Applying one is an
 * ordinary edit, so live mode evaluates the fixed text as it would any keystroke.
 */
import * as vscode from 'vscode';
import type { GradientLensContext } from '../context';
import { quickFixes } from '../core/quickFixes';

export function registerQuickFixes(ctx: GradientLensContext): void {
  const provider: vscode.CodeActionProvider = {
    provideCodeActions(doc, _range, context) {
      const lines = doc.getText().split(/\r?\n/);
      const actions: vscode.CodeAction[] = [];
      for (const d of context.diagnostics) {
        if (d.source !== 'Gradient Lens' || typeof d.code !== 'string') continue;
        const fixable = {
          code: d.code,
          message: d.message,
          line: d.range.start.line,
          endLine: d.range.end.line,
          related: (d.relatedInformation ?? []).map((r) => r.message),
        };
        for (const fix of quickFixes(fixable, lines, ctx.t)) {
          const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
          action.diagnostics = [d];
          action.isPreferred = fix.preferred;
          action.edit = new vscode.WorkspaceEdit();
          for (const e of fix.edits) {
            const range = new vscode.Range(
              e.range.start.line,
              e.range.start.character,
              e.range.end.line,
              e.range.end.character,
            );
            action.edit.replace(doc.uri, range, e.text);
          }
          actions.push(action);
        }
      }
      return actions;
    },
  };
  ctx.subscriptions.push(
    vscode.languages.registerCodeActionsProvider({ language: 'python' }, provider, {
      providedCodeActionKinds: [vscode.CodeActionKind.QuickFix],
    }),
  );
}
