/**
 * Printed output at its statement: the report's prints grouped by the `print`/`tf.print` call that wrote them, the
 * inlay hint after the statement (the last line printed, `(+N lines)` when it printed more) and the hover (every
 * line, per run, capped).
 */
import type { LoopPosition, PrintRecord, Span } from '../../protocol/report';
import { code, escapeMd, fence } from './hoverText';
import { iterationText } from './iterations';
import type { Translate } from './translate';

/** The output of one print statement: its span and the text of each run, in order. */
export interface PrintGroup {
  span: Span;
  runs: string[];
  /** Per run, for a print inside a loop: the iteration it printed in. */
  at?: (LoopPosition | undefined)[];
}

const spanKey = (s: Span): string => `${s.cell ?? ''}:${s.start.line}:${s.start.character}`;

/** The report's prints grouped by statement span, in the order they first printed. */
export function printGroups(prints: readonly PrintRecord[], owns: (s: Span) => boolean = () => true): PrintGroup[] {
  const groups = new Map<string, PrintGroup>();
  for (const p of prints) {
    if (!owns(p.span)) continue;
    const key = spanKey(p.span);
    let g = groups.get(key);
    if (g) g.runs.push(p.text);
    else groups.set(key, (g = { span: p.span, runs: [p.text] }));
    if (p.at || g.at) {
      g.at ??= Array(g.runs.length - 1).fill(undefined);
      g.at.push(p.at);
    }
  }
  return [...groups.values()];
}

/** The lines a print wrote (its trailing newline does not make an empty last line). */
export const printedLines = (text: string): string[] => {
  const lines = text.split(/\r?\n/);
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines;
};

/** The loop a print group ran in (from its last run), when it printed inside one. */
export const printLoop = (g: PrintGroup): LoopPosition | undefined => g.at?.[g.at.length - 1];

/**
 * The hint after a print statement: `▸ loss 0.25`, `▸ loss 0.25 (+9 lines)`; the last line, shortened. Inside a
 * loop, as of the chosen iteration (undefined: the last), which it names: `▸ loss 0.5 (+2 lines) · iteration 3 of 100`.
 */
export function printHintLabel(g: PrintGroup, t: Translate, maxChars = 60, chosen?: number): string {
  const loop = printLoop(g);
  let runs = g.runs;
  if (loop && chosen !== undefined) {
    runs = g.runs.filter((_, i) => (g.at?.[i]?.iteration ?? 0) <= chosen);
    if (runs.length === 0) return `▸ ${t('not run by iteration {0} of {1}', chosen, loop.of)}`;
  }
  const lines = runs.flatMap(printedLines);
  let last = lines[lines.length - 1] ?? '';
  if (last.length > maxChars) last = `${last.slice(0, maxChars - 1)}…`;
  const more = lines.length - 1;
  const extra = more === 0 ? '' : ` ${more === 1 ? t('(+1 line)') : t('(+{0} lines)', more)}`;
  const at = loop && g.at?.[runs.length - 1];
  return `▸ ${last}${extra}${at ? ` · ${iterationText(at.iteration, at.of, t)}` : ''}`;
}

/**
 * The hover of a print statement: what it printed, one block per run (the last `maxRuns` runs, the last
 * `maxLinesPerRun` lines of each), with how many it ran and how many are left out.
 */
export function printHover(g: PrintGroup, t: Translate, maxRuns = 8, maxLinesPerRun = 12): string {
  const n = g.runs.length;
  const out = [`**${escapeMd(t('Printed'))}** ${n === 1 ? '' : escapeMd(t('({0} runs)', n))}`.trim()];
  const shown = g.runs.slice(-maxRuns);
  if (n > shown.length) out.push(escapeMd(t('The first {0} runs are not shown.', n - shown.length)));
  shown.forEach((text, i) => {
    const lines = printedLines(text);
    const cut = lines.length > maxLinesPerRun ? [`… ${lines.length - maxLinesPerRun} more lines`] : [];
    const body = [...cut, ...lines.slice(-maxLinesPerRun)].join('\n');
    const at = g.at?.[n - shown.length + i];
    const head = at
      ? `${code(t('iteration {0}', at.iteration))}\n`
      : n > 1
        ? `${code(t('run {0}', n - shown.length + i + 1))}\n`
        : '';
    out.push(`${head}${fence(body, 'text')}`);
  });
  return out.join('\n\n');
}
