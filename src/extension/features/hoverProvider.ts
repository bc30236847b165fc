/**
 * Hover on names and calls: the value (TF repr, shape, dtype, "Copy full value"); on a gradient call or the name it
 * is assigned to, the result and "Why?" — the chain rule along the recorded path, in numbers; on a tape, what it
 * recorded. Command links are limited to `HOVER_COMMANDS` through `isTrusted.enabledCommands`.
 */
import * as vscode from 'vscode';
import { spanContains } from '../../engine/span';
import type { GradientRecord, LoopPosition, ValueRecord } from '../../protocol/report';
import type { GradientLensContext } from '../context';
import {
  type CopyValueArgs,
  gradientHover,
  HOVER_COMMANDS,
  type HoverContext,
  iterationLinks,
  linksLine,
  type OpenInspectorArgs,
  tapeHover,
  valueHover,
} from '../core/hoverText';
import { gradientAtIteration, tapeAtIteration, valueAtIteration } from '../core/iterations';
import { blockLines, gradientsAt, valueAt, wordAt } from '../core/lookup';
import { printGroups, printHover } from '../core/printText';
import type { DocView } from '../core/reportCache';
import { docTapeGroups, loopView, toRange, viewOf } from '../view';

export function hoverMarkdown(ctx: GradientLensContext, doc: vscode.TextDocument, pos: vscode.Position, view: DocView) {
  const p = { line: pos.line, character: pos.character };
  const lineText = doc.lineAt(pos.line).text;
  const word = wordAt(lineText, pos.character);
  const hctx: HoverContext = { uri: doc.uri.toString(), fmt: ctx.fmt, t: ctx.t, loops: loopView(ctx, view) };
  // One ◀ ▶ line per loop: the first record of a loop in the hover gets it.
  const navigated = new Set<number>();
  const withNav = (text: string, at: LoopPosition | undefined): string => {
    if (!at || navigated.has(at.loop)) return text;
    navigated.add(at.loop);
    const nav = iterationLinks(hctx, at);
    return nav ? `${text}\n\n${nav}` : text;
  };
  // Look records up with their spans moved to the current text; render the originals (links name report spans).
  const original = new Map<object, ValueRecord | GradientRecord>();
  const values: ValueRecord[] = [];
  for (const v of view.report.values) {
    const span = view.owns(v.span) ? view.span(v.span) : undefined;
    if (span) values.push(remember(original, v, { ...v, span }));
  }
  const gradients: GradientRecord[] = [];
  for (const g of view.report.gradients) {
    const span = view.owns(g.span) ? view.span(g.span) : undefined;
    if (span) gradients.push(remember(original, g, { ...g, span }));
  }
  // On a print statement: everything it printed (instead of the call's value, None).
  let printed: string | undefined;
  for (const g of printGroups(view.report.prints, view.owns)) {
    const span = view.span(g.span);
    if (span && spanContains(span, p)) {
      printed = printHover(g, ctx.t);
      break;
    }
  }
  const found = valueAt(values, p, word?.word);
  const value = printed && found?.value.kind === 'none' ? undefined : found;
  const sections: string[] = [];
  let range: vscode.Range | undefined;
  let copy: CopyValueArgs | undefined;
  let inspect: OpenInspectorArgs | undefined;
  if (value) {
    const v = original.get(value) as ValueRecord;
    sections.push(withNav(valueHover(v, hctx), v.at));
    range = toRange(v.span, view);
    // "Copy full value" copies the last value: offered only while the hover shows it.
    const shown = valueAtIteration(v, v.at && hctx.loops?.chosen(v.at.loop));
    if (!shown || (shown.kind === 'shown' && shown.last)) copy = { uri: hctx.uri, span: v.span };
  }
  for (const moved of gradientsAt(gradients, p, value?.span)) {
    const g = original.get(moved) as GradientRecord;
    sections.push(withNav(gradientHover(g, hctx), g.at));
    inspect ??= { uri: hctx.uri, tape: g.tape };
    const shownG = gradientAtIteration(g, g.at && hctx.loops?.chosen(g.at.loop));
    const lastShown = !shownG || (shownG.kind === 'shown' && shownG.last);
    if (!copy && lastShown && g.results.length === 1 && g.results[0].result)
      copy = { uri: hctx.uri, span: g.span, result: 0 };
  }
  // On a `with tf.GradientTape() as t:` header (or the tape's name inside its block): what the tape recorded.
  const lines = doc.getText().split(/\r?\n/);
  for (const group of docTapeGroups(view, doc)) {
    const span = view.span(group.span);
    if (!span) continue;
    const onHeader = span.start.line === pos.line || spanContains(span, p);
    const [from, to] = blockLines(lines, span);
    const onName = word?.word === group.tape.name && pos.line >= from && pos.line <= to && !value;
    if (onHeader || onName) {
      const chosen = group.tape.at && hctx.loops?.chosen(group.tape.at.loop);
      const tape = tapeAtIteration(group.records, chosen) ?? group.tape;
      sections.push(withNav(tapeHover({ ...group, tape }, hctx), tape.at));
      inspect ??= { uri: hctx.uri, tape: tape.id };
      break;
    }
  }
  if (printed) sections.push(printed);
  const links = linksLine(hctx, copy, inspect);
  if (sections.length && links) sections.push(links);
  return { sections, range: range ?? (word && new vscode.Range(pos.line, word.start, pos.line, word.end)) };
}

function remember<T extends object>(map: Map<object, ValueRecord | GradientRecord>, orig: T, moved: T): T {
  map.set(moved, orig as unknown as ValueRecord | GradientRecord);
  return moved;
}

export function registerHover(ctx: GradientLensContext): void {
  const provider: vscode.HoverProvider = {
    provideHover(doc, pos) {
      if (!ctx.config.hoverEnabled) return undefined;
      const view = viewOf(ctx, doc, 'good');
      if (!view) return undefined;
      const { sections, range } = hoverMarkdown(ctx, doc, pos, view);
      if (!sections.length) return undefined;
      const md = new vscode.MarkdownString(sections.join('\n\n---\n\n'), true);
      md.isTrusted = { enabledCommands: [...HOVER_COMMANDS] };
      return new vscode.Hover(md, range);
    },
  };
  ctx.subscriptions.push(vscode.languages.registerHoverProvider({ language: 'python' }, provider));
}
