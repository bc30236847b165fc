/**
 * Shrinks a failing input while it keeps failing the same way (delta debugging over cells, lines, then tokens),
 * so a crash becomes a short regression program.
 */
import type { RunInput } from '../../src/protocol/report';
import { tokens } from './mutate';

/** What kind of failure a problem list shows (the minimized input must show the same). */
export function signature(problems: string[]): string {
  const p = problems[0] ?? '';
  const internal = /internal error \(([^)]*)\)/.exec(p);
  if (internal) return `internal:${(/"([^"]{0,60})/.exec(p)?.[1] ?? '').replace(/\d+/g, 'N')}`;
  if (p.startsWith('run() threw')) return `threw:${p.split('\n')[0].replace(/\d+/g, 'N')}`;
  if (p.includes(' ms with a budget')) return 'overrun';
  return p.replace(/\d+/g, 'N').slice(0, 60);
}

function ddmin<T>(items: T[], fails: (subset: T[]) => boolean, deadline: number): T[] {
  let cur = items;
  let n = 2;
  while (cur.length >= 2 && Date.now() < deadline) {
    const chunk = Math.ceil(cur.length / n);
    let reduced = false;
    for (let i = 0; i < cur.length && Date.now() < deadline; i += chunk) {
      const complement = [...cur.slice(0, i), ...cur.slice(i + chunk)];
      if (complement.length && fails(complement)) {
        cur = complement;
        n = Math.max(n - 1, 2);
        reduced = true;
        break;
      }
    }
    if (!reduced) {
      if (n >= cur.length) break;
      n = Math.min(cur.length, n * 2);
    }
  }
  return cur;
}

/** The smallest input found within `timeMs` for which `fails` still holds. */
export function minimize(input: RunInput, fails: (input: RunInput) => boolean, timeMs = 60_000): RunInput {
  const deadline = Date.now() + timeMs;
  // 1. cells
  let cells = input.cells;
  if (cells.length > 1) cells = ddmin(cells, (cs) => fails({ ...input, cells: cs }), deadline);
  // 2. lines, over all cells
  type Line = { cell: number; text: string };
  let lines: Line[] = cells.flatMap((c, i) => c.source.split('\n').map((text) => ({ cell: i, text })));
  const build = (ls: Line[]): RunInput => ({
    ...input,
    cells: cells.map((c, i) => ({
      ...c,
      source: ls
        .filter((l) => l.cell === i)
        .map((l) => l.text)
        .join('\n'),
    })),
  });
  lines = ddmin(lines, (ls) => fails(build(ls)), deadline);
  // 3. tokens, line by line
  for (let li = 0; li < lines.length && Date.now() < deadline; li++) {
    const toks = tokens(lines[li].text);
    if (toks.length < 2) continue;
    const kept = ddmin(
      toks.map((_, k) => k),
      (keep) => {
        const text = keep.map((k) => toks[k].text).join(' ');
        const ls = lines.map((l, j) => (j === li ? { ...l, text: indent(lines[li].text) + text } : l));
        return fails(build(ls));
      },
      deadline,
    );
    if (kept.length < toks.length)
      lines[li] = { ...lines[li], text: indent(lines[li].text) + kept.map((k) => toks[k].text).join(' ') };
  }
  return build(lines);
}

const indent = (line: string): string => /^[ \t]*/.exec(line)?.[0] ?? '';
