/**
 * Commands (category "Gradient Lens"): Compute Gradients, Toggle Live Mode, Copy Value, Show Output, Open Tape
 * Inspector; and the hidden Explain Gradient behind a gradient lens (moves the cursor there and shows the hover).
 */
import * as vscode from 'vscode';
import { isSpan, sameStart } from '../../engine/span';
import type { GradientRecord, Span, ValueRecord, ValueSummary } from '../../protocol/report';
import { type GradientLensContext, SECTION } from '../context';
import { formatPreview, fullValueText } from '../core/format';
import {
  COPY_VALUE,
  type CopyValueArgs,
  OPEN_INSPECTOR,
  type OpenInspectorArgs,
  SHOW_ITERATION,
  type ShowIterationArgs,
} from '../core/hoverText';
import { iterationText, keptIterations, valueAtIteration } from '../core/iterations';
import { blockLines, tapeAtLine, valueAt, wordAt } from '../core/lookup';
import type { DocView } from '../core/reportCache';
import type { Outcome } from '../core/scheduler';
import { counts, countsText, reportLines } from '../core/summaryText';
import { activeTarget, type Target } from '../documents';
import { docTapeGroups, type LoopHere, locateLoop, toRange } from '../view';

export const COMPUTE = 'gradientLens.computeGradients';
export const TOGGLE_LIVE = 'gradientLens.toggleLiveMode';
export const SHOW_OUTPUT = 'gradientLens.showOutput';
export const EXPLAIN_GRADIENT = 'gradientLens.explainGradient';
export { COPY_VALUE, OPEN_INSPECTOR, SHOW_ITERATION };

export interface ExplainGradientArgs {
  uri: string;
  span: Span;
}

export function registerCommands(ctx: GradientLensContext): void {
  const { t, log } = ctx;
  const register = (id: string, fn: (...args: any[]) => unknown) =>
    ctx.subscriptions.push(
      vscode.commands.registerCommand(id, async (...args: unknown[]) => {
        try {
          return await fn(...args);
        } catch (e) {
          log.error(`${id} failed: ${e instanceof Error ? e.stack : String(e)}`);
          void vscode.window.showErrorMessage(t('Gradient Lens: {0} failed. See the output for details.', id));
        }
      }),
    );

  register(COMPUTE, async () => {
    const target = activeTarget();
    if (!target) {
      void vscode.window.showInformationMessage(
        t('Gradient Lens: open a Python file or a Jupyter notebook to compute its gradients.'),
      );
      return undefined;
    }
    const outcome = await computeNow(ctx, target);
    const name = vscode.workspace.asRelativePath(target.uri, false);
    const showOutput = t('Show Output');
    if (outcome.kind !== 'report') {
      const why =
        outcome.kind === 'timeout'
          ? t('it did not finish within the time budget (setting gradientLens.timeBudgetMs)')
          : outcome.kind === 'superseded'
            ? t('the document changed while it ran')
            : t('the engine stopped unexpectedly: {0}', outcome.message);
      const choice = await vscode.window.showWarningMessage(
        t('Gradient Lens: {0} was not evaluated: {1}.', name, why),
        showOutput,
      );
      if (choice === showOutput) log.show(true);
      return outcome.kind;
    }
    const { report } = outcome;
    log.info(`Compute Gradients: ${name}`);
    for (const line of reportLines(report, { precision: ctx.config.numberPrecision, maxChars: 200 }, t))
      log.info(`  ${line}`);
    const c = counts(report);
    const text = t('Gradient Lens: {0} — {1} ({2} ms)', name, countsText(c, t), Math.round(outcome.elapsedMs));
    const show = c.errors || c.assertsFailed ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
    void Promise.resolve(show(text, showOutput)).then((choice) => choice === showOutput && log.show(true));
    return 'report';
  });

  register(TOGGLE_LIVE, async () => {
    const config = vscode.workspace.getConfiguration(SECTION);
    const inspect = config.inspect<boolean>('liveMode');
    const target =
      inspect?.workspaceFolderValue !== undefined
        ? vscode.ConfigurationTarget.WorkspaceFolder
        : inspect?.workspaceValue !== undefined
          ? vscode.ConfigurationTarget.Workspace
          : vscode.ConfigurationTarget.Global;
    const next = !ctx.config.liveMode;
    await config.update('liveMode', next, target);
    vscode.window.setStatusBarMessage(
      next
        ? t('Gradient Lens: live mode on')
        : t('Gradient Lens: live mode off (evaluates on open, save and Compute Gradients)'),
      4000,
    );
    return next;
  });

  register(SHOW_OUTPUT, () => log.show(true));

  register(COPY_VALUE, async (args?: CopyValueArgs) => {
    const found = args ? valueBySpan(ctx, args) : valueAtCursor(ctx);
    if (!found) {
      void vscode.window.showInformationMessage(t('Gradient Lens: no value at the cursor to copy.'));
      return undefined;
    }
    const text = fullValueText(found.value);
    await vscode.env.clipboard.writeText(text);
    vscode.window.setStatusBarMessage(t('Gradient Lens: copied {0}', found.label), 3000);
    return text;
  });

  register(OPEN_INSPECTOR, async (args?: OpenInspectorArgs) => {
    const target = args ?? inspectorTargetAtCursor(ctx);
    if (!ctx.inspectorPanel) {
      log.info(
        `Open Tape Inspector: the tape inspector is not available in this build (target ${JSON.stringify(target)})`,
      );
      return false;
    }
    if (!target) {
      void vscode.window.showInformationMessage(
        t('Gradient Lens: open a Python file or notebook with a GradientTape first.'),
      );
      return false;
    }
    await ctx.inspectorPanel.show(target);
    return true;
  });

  register(SHOW_ITERATION, async (args?: ShowIterationArgs) => {
    if (args !== undefined && !isShowIterationArgs(args)) {
      log.warn(`Show Iteration: ignored malformed arguments ${JSON.stringify(args)}`);
      return undefined;
    }
    const found = args ? loopBySpan(ctx, args) : await loopAtCursor(ctx);
    if (!found) {
      if (!args)
        void vscode.window.showInformationMessage(
          t('Gradient Lens: put the cursor in a loop that ran (for or while).'),
        );
      return undefined;
    }
    const { here, view } = found;
    const { loop } = here;
    let iteration = args?.iteration;
    if (iteration === undefined) {
      const current = ctx.iterations.get(here.docUri, here.at) ?? loop.iterations;
      const shown = describeLoop(view, loop.id, vscode.window.activeTextEditor?.selection.active.line);
      const items = keptIterations(view.report, loop, view.owns).map((i) => {
        const sample = shown && valueAtIteration(shown, i);
        return {
          label: iterationText(i, loop.iterations, t),
          description: [
            i === current ? t('shown') : '',
            sample?.kind === 'shown' && sample.iteration === i
              ? `${shown?.label} = ${formatPreview(sample.value, ctx.fmt)}`
              : '',
          ]
            .filter(Boolean)
            .join(' · '),
          iteration: i,
        };
      });
      const pick = await vscode.window.showQuickPick(items, {
        title: t('Gradient Lens: Show Iteration of the loop at line {0}', loop.span.start.line + 1),
        placeHolder: t('The iterations the loop kept ({0} of {1})', items.length, loop.iterations),
        matchOnDescription: true,
      });
      if (!pick) return undefined;
      iteration = pick.iteration;
    }
    const chosen = iteration <= 0 || iteration >= loop.iterations ? undefined : Math.floor(iteration);
    ctx.iterations.set(here.docUri, here.at, chosen);
    return chosen ?? loop.iterations;
  });

  register(EXPLAIN_GRADIENT, async (args?: ExplainGradientArgs) => {
    const target = args ?? gradientAtCursor(ctx);
    const view = target && ctx.cache.view(target.uri, 'good');
    const range = target && view && toRange(target.span, view);
    if (!target || !view || !range) {
      void vscode.window.showInformationMessage(t('Gradient Lens: put the cursor on a gradient() or jacobian() call.'));
      return false;
    }
    const editor = await vscode.window.showTextDocument(vscode.Uri.parse(target.uri), { preserveFocus: false });
    // Hover on the method name (`gradient` in `t.gradient(z, x)`): it shows the call's value and its "Why?".
    const text = editor.document.lineAt(range.start.line).text;
    const g = view.report.gradients.find((x) => sameStart(x.span, target.span));
    const at = g ? text.indexOf(`${g.kind}(`, range.start.character) : -1;
    const pos = at >= 0 ? new vscode.Position(range.start.line, at + 1) : range.start;
    editor.selection = new vscode.Selection(pos, pos);
    editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    await vscode.commands.executeCommand('editor.action.showHover');
    return true;
  });
}

/** The gradient call on the cursor's line in the active editor. */
function gradientAtCursor(ctx: GradientLensContext): ExplainGradientArgs | undefined {
  const cv = cursorView(ctx);
  if (!cv) return undefined;
  const { view, editor } = cv;
  const line = editor.selection.active.line;
  const g = view.report.gradients.find((x) => {
    const span = view.owns(x.span) ? view.span(x.span) : undefined;
    return span && span.start.line <= line && line <= span.end.line;
  });
  return g && { uri: editor.document.uri.toString(), span: g.span };
}

/** Evaluate now (even with live mode off); if an edit supersedes the run, wait for the newer one. */
async function computeNow(ctx: GradientLensContext, target: Target): Promise<Outcome> {
  let outcome = await ctx.runner.run(target, 'Compute Gradients', true);
  for (let i = 0; i < 3 && outcome.kind === 'superseded'; i++) {
    const next = target.kind === 'file' ? activeTarget() : target;
    if (!next) break;
    outcome = await ctx.runner.run(next, 'Compute Gradients (again)', true);
  }
  return outcome;
}

function valueBySpan(
  ctx: GradientLensContext,
  args: CopyValueArgs,
): { label: string; value: ValueSummary } | undefined {
  const view = ctx.cache.view(args.uri, 'good');
  if (!view) return undefined;
  if (args.result !== undefined) {
    const g: GradientRecord | undefined = view.report.gradients.find((x) => sameStart(x.span, args.span));
    const r = g?.results[args.result];
    if (g && r?.result) return { label: `d${g.target}/d${r.label}`, value: r.result };
  }
  const v = view.report.values.find((x) => view.owns(x.span) && sameStart(x.span, args.span));
  return v && { label: v.label, value: v.value };
}

function cursorView(ctx: GradientLensContext): { view: DocView; editor: vscode.TextEditor } | undefined {
  const editor = vscode.window.activeTextEditor;
  const view = editor && ctx.cache.view(editor.document.uri.toString(), 'good');
  return editor && view ? { view, editor } : undefined;
}

function valueAtCursor(ctx: GradientLensContext): { label: string; value: ValueSummary } | undefined {
  const cv = cursorView(ctx);
  if (!cv) return undefined;
  const { view, editor } = cv;
  const pos = editor.selection.active;
  const word = wordAt(editor.document.lineAt(pos.line).text, pos.character)?.word;
  const moved = view.report.values.flatMap((v) => {
    const span = view.owns(v.span) ? view.span(v.span) : undefined;
    return span ? [{ ...v, span }] : [];
  });
  const v = valueAt(moved, { line: pos.line, character: pos.character }, word);
  return v && { label: v.label, value: v.value };
}

function inspectorTargetAtCursor(ctx: GradientLensContext): OpenInspectorArgs | undefined {
  const cv = cursorView(ctx);
  if (!cv) return undefined;
  const { view, editor } = cv;
  const lines = editor.document.getText().split(/\r?\n/);
  const groups = docTapeGroups(view, editor.document).flatMap((g) => {
    const span = view.span(g.span);
    return span ? [{ ...g, span }] : [];
  });
  const group = tapeAtLine(groups, lines, editor.selection.active.line) ?? groups[0];
  return { uri: editor.document.uri.toString(), tape: group?.tape.id };
}

/** Arguments as the hover's links write them (a link can be followed from anywhere: check them). */
function isShowIterationArgs(a: unknown): a is ShowIterationArgs {
  const x = a as Partial<ShowIterationArgs> | null;
  return (
    typeof x === 'object' &&
    x !== null &&
    typeof x.uri === 'string' &&
    isSpan(x.loop) &&
    (x.iteration === undefined || (typeof x.iteration === 'number' && Number.isFinite(x.iteration)))
  );
}

/** The loop a "Show Iteration…" link names (by its header span in the document's good report). */
function loopBySpan(ctx: GradientLensContext, args: ShowIterationArgs): { here: LoopHere; view: DocView } | undefined {
  const view = ctx.cache.view(args.uri, 'good');
  const here = view && locateLoop(ctx, view, args.loop);
  return view && here ? { here, view } : undefined;
}

/** The innermost loop around the cursor; else the document's only loop, or the one the user picks. */
async function loopAtCursor(ctx: GradientLensContext): Promise<{ here: LoopHere; view: DocView } | undefined> {
  const cv = cursorView(ctx);
  if (!cv) return undefined;
  const { view, editor } = cv;
  const lines = editor.document.getText().split(/\r?\n/);
  const line = editor.selection.active.line;
  const loops = (view.report.loops ?? []).flatMap((l) => {
    const span = view.owns(l.span) ? view.span(l.span) : undefined;
    const here = span && locateLoop(ctx, view, l.id);
    return span && here ? [{ here, span }] : [];
  });
  let best: (typeof loops)[number] | undefined;
  for (const l of loops) {
    const [from, to] = blockLines(lines, l.span);
    if (line >= from && line <= to && (!best || l.span.start.line > best.span.start.line)) best = l;
  }
  if (!best && loops.length === 1) best = loops[0];
  if (!best && loops.length > 1) {
    const pick = await vscode.window.showQuickPick(
      loops.map((l) => ({
        label: lines[l.span.start.line]?.trim() ?? '',
        description: ctx.t('line {0} · {1} iterations', l.span.start.line + 1, l.here.loop.iterations),
        l,
      })),
      { title: ctx.t('Gradient Lens: Show Iteration of which loop?') },
    );
    best = pick?.l;
  }
  return best && { here: best.here, view };
}

/** The value the iteration picker describes: the loop's record on the cursor's line, else its first scalar one. */
function describeLoop(view: DocView, loop: number, line: number | undefined): ValueRecord | undefined {
  const inLoop = view.report.values.filter((v) => v.at?.loop === loop && v.history && view.owns(v.span));
  return (
    inLoop.find((v) => view.span(v.span)?.start.line === line) ??
    inLoop.find((v) => v.value.shape?.length === 0 || v.value.kind === 'float' || v.value.kind === 'int')
  );
}
