/**
 * Hover Markdown: a value (TF repr, shape, dtype), a gradient with its "Why?" chain-rule explanation in numbers,
 * a tape with what it recorded. Command links name only the commands in `HOVER_COMMANDS`; the hover provider
 * trusts exactly those (`isTrusted.enabledCommands`).
 */
import type {
  ChainStep,
  Explanation,
  GradientRecord,
  GradientSourceResult,
  LoopPosition,
  Span,
  TapeRecord,
  ValueRecord,
} from '../../protocol/report';
import { type FormatOptions, formatPreview, formatShape, formatType } from './format';
import { atIterationText, gradientAtIteration, iterationText, stepIteration, valueAtIteration } from './iterations';
import { resultName, tapeTitle, unknownGradientText, unknownText } from './lensText';
import type { TapeGroup } from './lookup';
import { sparklineMarkdown } from './sparkline';
import { statsLine } from './statsText';
import type { Translate } from './translate';

export const COPY_VALUE = 'gradientLens.copyValue';
export const OPEN_INSPECTOR = 'gradientLens.openInspector';
export const SHOW_ITERATION = 'gradientLens.showIteration';
export const HOVER_COMMANDS = [COPY_VALUE, OPEN_INSPECTOR, SHOW_ITERATION] as const;

/** Arguments of "Show Iteration…": the document, the loop's header span (report coordinates), the iteration. */
export interface ShowIterationArgs {
  uri: string;
  loop: Span;
  /** 1-based; undefined asks (a quick pick); `0` or past the end goes back to the last iteration. */
  iteration?: number;
}

/** Arguments of the hover's command links: the document and the span of the value or tape they refer to. */
export interface CopyValueArgs {
  uri: string;
  span: Span;
  /** Which gradient result (by source index) when the span is a gradient call. */
  result?: number;
}
export interface OpenInspectorArgs {
  uri: string;
  tape?: number;
  node?: number;
}

export interface HoverContext {
  uri: string;
  fmt: FormatOptions;
  t: Translate;
  /** Longest repr shown (characters and lines); the full value is one click away. */
  maxReprChars?: number;
  maxReprLines?: number;
  /** The loops of the report: the iteration chosen for each, and the iterations its records kept. */
  loops?: LoopView;
}

/** What the hover needs to know of a loop (by its report id). */
export interface LoopView {
  chosen(loop: number): number | undefined;
  kept(loop: number): readonly number[];
  span(loop: number): Span | undefined;
}

/**
 * Escapes text from the document so it renders literally in Markdown: no link, image, autolink, HTML, emphasis or
 * theme icon (`$(name)`: hovers render icons) can come out of a user's identifier or string.
 */
export const escapeMd = (s: string): string => s.replace(/[\\`*_{}[\]<>|#!$~]/g, (c) => `\\${c}`);

/** The longest run of `ch` in `s`. */
function longestRun(s: string, ch: string): number {
  let best = 0;
  let run = 0;
  for (const c of s) {
    run = c === ch ? run + 1 : 0;
    if (run > best) best = run;
  }
  return best;
}

/**
 * Inline code that nothing in `s` can close: a backtick fence longer than any backtick run inside, and no line
 * break (a blank line would end the code span and let the rest render as Markdown).
 */
export const code = (s: string): string => {
  const flat = s.replace(/\s*[\r\n]+\s*/g, ' ');
  const ticks = '`'.repeat(longestRun(flat, '`') + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') || ticks.length > 1 ? ' ' : '';
  return `${ticks}${pad}${flat}${pad}${ticks}`;
};

export const commandLink = (label: string, command: string, args: unknown): string =>
  `[${label}](command:${command}?${encodeURIComponent(JSON.stringify([args])).replace(/[()]/g, (c) => (c === '(' ? '%28' : '%29'))})`;

/** A fenced code block that no line of `text` can close: backticks, longer than any backtick run inside. */
export function fence(text: string, lang = 'python'): string {
  const f = '`'.repeat(Math.max(3, longestRun(text, '`') + 1));
  return `${f}${lang}\n${text}\n${f}`;
}

function truncateRepr(repr: string, maxChars: number, maxLines: number): string {
  let text = repr;
  const lines = text.split('\n');
  if (lines.length > maxLines) text = `${lines.slice(0, maxLines).join('\n')}\n…`;
  if (text.length > maxChars) text = `${text.slice(0, maxChars)}…`;
  return text;
}

export function valueHover(v: ValueRecord, ctx: HoverContext): string {
  const { t } = ctx;
  const chosen = v.at && ctx.loops?.chosen(v.at.loop);
  const a = valueAtIteration(v, chosen);
  const value = a?.kind === 'shown' ? a.value : v.value;
  const type = formatType(value);
  const out = [`${code(v.label)} · ${escapeMd(type)}`];
  if (a && a.kind !== 'shown') {
    // No value at the chosen iteration: say why, and show the last one as such.
    out.push(escapeMd(`${atIterationText(a, t)}.`));
    out.push(escapeMd(t('Last value ({0}):', iterationText(v.at?.iteration ?? 0, a.of, t))));
  } else if (a) out.push(escapeMd(atIterationText(a, t)));
  if (value.kind === 'unknown') {
    out.push(escapeMd(unknownText(value.unknown, t)));
    if (v.runs > 1 && !a) out.push(escapeMd(t('Ran {0} times; the last value is shown.', v.runs)));
    return out.join('\n\n');
  }
  if (value.stats) out.push(escapeMd(statsLine(value.stats, ctx.fmt, t)));
  out.push(fence(truncateRepr(value.repr || value.preview, ctx.maxReprChars ?? 2000, ctx.maxReprLines ?? 24)));
  if (value.unseeded) out.push(escapeMd(t('unseeded: preview values from a pinned seed')));
  if (a) {
    const spark = sparklineMarkdown(v, a.kind === 'shown' ? a.iteration : undefined, ctx.fmt, t);
    if (spark) out.push(spark);
  } else if (v.runs > 1) out.push(escapeMd(t('Ran {0} times; the last value is shown.', v.runs)));
  return out.join('\n\n');
}

/**
 * The loop navigation line of a record at `at`: `◀ ▶ · Show Iteration…` (links to the kept iteration before and
 * after the one shown; an end has no link), or undefined outside loops.
 */
export function iterationLinks(ctx: HoverContext, at: LoopPosition | undefined): string | undefined {
  const loops = ctx.loops;
  const span = at && loops?.span(at.loop);
  if (!at || !loops || !span) return undefined;
  const kept = loops.kept(at.loop);
  const chosen = loops.chosen(at.loop);
  const link = (label: string, iteration: number | undefined, title: string) =>
    iteration === undefined
      ? label
      : commandLink(label, SHOW_ITERATION, { uri: ctx.uri, loop: span, iteration } satisfies ShowIterationArgs).replace(
          /\)$/,
          ` "${title.replace(/"/g, '')}")`,
        );
  const prev = stepIteration(kept, chosen, -1);
  const next = stepIteration(kept, chosen, 1);
  return [
    link('◀', prev, prev === undefined ? '' : ctx.t('Show iteration {0}', prev)),
    link('▶', next, next === undefined ? '' : ctx.t('Show iteration {0}', next)),
    commandLink(ctx.t('Show Iteration…'), SHOW_ITERATION, { uri: ctx.uri, loop: span } satisfies ShowIterationArgs),
  ].join(' ');
}

/** The hover's last line: `Copy full value · Open in Tape Inspector`, for whichever applies. */
export function linksLine(ctx: HoverContext, copy?: CopyValueArgs, inspect?: OpenInspectorArgs): string {
  const links: string[] = [];
  if (copy) links.push(commandLink(`$(copy) ${ctx.t('Copy full value')}`, COPY_VALUE, copy));
  if (inspect) links.push(commandLink(`$(type-hierarchy) ${ctx.t('Open in Tape Inspector')}`, OPEN_INSPECTOR, inspect));
  return links.join(' · ');
}

const stepLine = (s: ChainStep, target: string, t: Translate): string => {
  const local = `∂${s.output}/∂${s.input}`;
  const formula =
    s.localFormula && s.localFormula !== s.localValue ? `${s.localFormula} = ${s.localValue}` : s.localValue;
  const where = s.span ? ` (${t('line {0}', s.span.start.line + 1)})` : '';
  const down = `d${target}/d${s.input} = ${s.upstream} · ${s.localValue} = ${s.downstream}`;
  return `- ${code(s.name)} ${escapeMd(`${s.output} ← ${s.input}`)}${where}: ${escapeMd(`${local} = ${formula}`)}, ${t('so')} **${escapeMd(down)}**`;
};

/** The "Why?" section: the summary, then each path's chain-rule steps from the target back to the source. */
export function explanationMarkdown(e: Explanation, target: string, t: Translate, maxPaths = 3): string {
  const out = [`**${t('Why?')}** ${escapeMd(e.summary)}`];
  const paths = e.paths.slice(0, maxPaths);
  paths.forEach((p, i) => {
    if (e.paths.length > 1)
      out.push(escapeMd(t('Path {0} of {1}, contributes {2}:', i + 1, e.paths.length, p.contribution)));
    out.push(p.steps.map((s) => stepLine(s, target, t)).join('\n'));
  });
  if (e.paths.length > maxPaths || e.truncated) out.push(escapeMd(t('… more paths; the total above counts them all.')));
  return out.join('\n\n');
}

function resultMarkdown(g: GradientRecord, r: GradientSourceResult, index: number, ctx: HoverContext): string {
  const { t } = ctx;
  const name = resultName(g, r);
  const a = gradientAtIteration(g, g.at && ctx.loops?.chosen(g.at.loop));
  const where = a ? ` · ${escapeMd(atIterationText(a, t))}` : '';
  if (a && a.kind !== 'shown') return `**${escapeMd(name)}**${where}`;
  const result = a?.kind === 'shown' && !a.last ? (a.value[index] ?? undefined) : r.result;
  if (!result || result.kind === 'none') {
    const why = r.none && (!a || a.last) ? ` — ${escapeMd(r.none.message)}` : '';
    return `**${escapeMd(name)}** = ${code('None')}${why}${where}`;
  }
  const out = [
    `**${escapeMd(name)}** = ${code(formatPreview(result, ctx.fmt))} · ${escapeMd(formatType(result))}${where}`,
  ];
  if (result.stats) out.push(escapeMd(statsLine(result.stats, ctx.fmt, t)));
  if (a && !a.last) out.push(escapeMd(t('The chain-rule explanation is of the last iteration.')));
  else if (r.explanation) out.push(explanationMarkdown(r.explanation, g.target, t));
  if (g.results.length > 1) out.push(linksLine(ctx, { uri: ctx.uri, span: g.span, result: index }));
  return out.join('\n\n');
}

/** A gradient call: each source's result and its "Why?". The caller adds `linksLine` (copy, inspector). */
export function gradientHover(g: GradientRecord, ctx: HoverContext): string {
  if (g.unknown !== undefined) {
    const earlier = g.results.length ? ` ${ctx.t('An earlier run computed a value; it is not shown as current.')}` : '';
    return escapeMd(`${unknownGradientText(g, ctx.t)}.${earlier}`);
  }
  return g.results
    .slice(0, 4)
    .map((r, i) => resultMarkdown(g, r, i, ctx))
    .join('\n\n---\n\n');
}

export function tapeHover(group: TapeGroup, ctx: HoverContext): string {
  const { t } = ctx;
  const tape: TapeRecord = group.tape;
  const title = tapeTitle(tape.name, t);
  const flags = [
    tape.persistent ? t('persistent') : '',
    tape.watchAccessedVariables ? '' : t('watch_accessed_variables=False'),
  ]
    .filter(Boolean)
    .join(', ');
  const out = [`**${escapeMd(title)}**${flags ? ` (${escapeMd(flags)})` : ''}`];
  const watched = tape.watched.map(
    (w) => `${code(w.name ?? '?')} ${formatShape(w.shape)} ${w.dtype}${w.variable ? ` ${t('variable')}` : ''}`,
  );
  out.push(watched.length ? `${t('Watches')} ${watched.join(', ')}` : t('Watches nothing.'));
  const ops = tape.ops.filter((o) => !o.backward).map((o) => o.op);
  const shown = ops.slice(0, 12).join(' → ');
  const recorded = tape.opCount === 1 ? t('Recorded 1 op') : t('Recorded {0} ops', tape.opCount);
  out.push(ops.length ? `${recorded}: ${escapeMd(shown)}${ops.length > 12 ? ' → …' : ''}` : recorded);
  if (tape.at) out.push(escapeMd(iterationText(tape.at.iteration, tape.at.of, t)));
  else if (group.runs > 1) out.push(escapeMd(t('Created {0} times; the last one is shown.', group.runs)));
  return out.join('\n\n');
}
