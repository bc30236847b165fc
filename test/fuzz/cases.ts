/**
 * Fuzz cases: the corpus (the seed notebook and script, examples/, the golden programs and error programs, the
 * regression inputs) and case `i` of a campaign — a corpus program, a generated program or a small snippet, with a
 * few mutations, run as a file, a notebook (split into cells) or Markdown fences. `caseFor(seed, i)` is a pure
 * function, so a failing case is replayed from its seed and index alone.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { notebookInput } from '../../src/engine/input';
import type { RunInput } from '../../src/protocol/report';
import { generateProgram } from './generate';
import { type MutationName, mutate, pickMutation, SNIPPETS } from './mutate';
import { caseSeed, Rng } from './rng';

export const ROOT = resolve(__dirname, '../..');

function pyFiles(dir: string): string[] {
  const abs = join(ROOT, dir);
  if (!existsSync(abs)) return [];
  return readdirSync(abs)
    .filter((f) => f.endsWith('.py'))
    .sort()
    .map((f) => join(dir, f));
}

export interface CorpusEntry {
  name: string;
  source: string;
}

let corpusCache: CorpusEntry[] | undefined;

/** Every program the fuzzer starts from, in a stable order (file names sorted). */
export function corpus(): CorpusEntry[] {
  if (corpusCache) return corpusCache;
  const out: CorpusEntry[] = [];
  const files = [
    ...pyFiles('test/fixtures/seed'),
    ...pyFiles('examples'),
    ...pyFiles('test/golden/programs'),
    ...pyFiles('test/golden/errors'),
    ...pyFiles('test/fuzz/regressions'),
  ];
  for (const f of files) {
    try {
      out.push({ name: f, source: readFileSync(join(ROOT, f), 'utf8') });
    } catch {
      // a file another engineer is rewriting right now: skip it
    }
  }
  for (const nb of ['test/fixtures/seed/autodiff_tutorial.ipynb']) {
    try {
      const input = notebookInput(readFileSync(join(ROOT, nb), 'utf8'));
      out.push({ name: nb, source: input.cells.map((c) => c.source).join('\n\n') });
    } catch {
      // ignore
    }
  }
  corpusCache = out;
  return out;
}

export interface FuzzCase {
  seed: number;
  index: number;
  /** Where the program came from and what was done to it. */
  origin: string;
  input: RunInput;
}

/** Splits a program into notebook cells at random lines (cell indices skip, like markdown cells in between). */
function asNotebook(src: string, rng: Rng): RunInput {
  const lines = src.split('\n');
  const cells: RunInput['cells'] = [];
  let start = 0;
  let index = rng.int(3);
  while (start < lines.length) {
    const len = rng.range(1, Math.max(1, Math.ceil(lines.length / 3)));
    cells.push({ source: lines.slice(start, start + len).join('\n'), cell: index });
    index += rng.range(1, 3);
    start += len;
  }
  return { kind: 'notebook', cells };
}

/** A Markdown file with the program in a python fence after a few lines of prose (spans keep file lines). */
function asMarkdown(src: string, rng: Rng): RunInput {
  return { kind: 'markdown', cells: [{ source: src, lineOffset: rng.range(1, 6) }] };
}

export function caseFor(seed: number, index: number): FuzzCase {
  const rng = new Rng(caseSeed(seed, index));
  const programs = corpus();
  const sources = programs.map((p) => p.source);
  let src: string;
  let origin: string;
  const r = rng.next();
  if (r < 0.45 && programs.length) {
    const p = rng.pick(programs);
    src = p.source;
    origin = p.name;
  } else if (r < 0.85) {
    src = generateProgram(rng);
    origin = 'generated';
  } else {
    src = `import tensorflow as tf\nimport numpy as np\nx = tf.Variable(2.0)\n${rng.pick(SNIPPETS)}\n`;
    origin = 'snippet';
  }
  const steps: MutationName[] = [];
  const count = origin === 'generated' && rng.chance(0.4) ? 0 : rng.range(1, 4);
  for (let k = 0; k < count; k++) {
    const m = pickMutation(rng);
    steps.push(m);
    src = mutate(src, rng, sources, m);
  }
  const kind = rng.next();
  const input: RunInput =
    kind < 0.12
      ? asNotebook(src, rng)
      : kind < 0.16
        ? asMarkdown(src, rng)
        : { kind: 'python', cells: [{ source: src }] };
  return { seed, index, origin: `${origin}${steps.length ? ` + ${steps.join(', ')}` : ''} (${input.kind})`, input };
}

/** The whole text of a case, for regression files and artifacts. */
export function caseText(c: FuzzCase): string {
  if (c.input.kind === 'python') return c.input.cells[0].source;
  return c.input.cells.map((cell) => `# %% cell ${cell.cell ?? ''}\n${cell.source}`).join('\n');
}
