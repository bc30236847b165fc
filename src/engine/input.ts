/** Turning a file's text into a `RunInput`: plain Python, a Jupyter notebook's code cells, or Markdown fences. */
import type { RunInput } from '../protocol/report';

export class InputError extends Error {}

/** Code cells of an `.ipynb`, in order; `cell` is the index among all cells (what editors show). */
export function notebookInput(json: string): RunInput {
  let nb: { cells?: { cell_type?: string; source?: string | string[] }[] };
  try {
    nb = JSON.parse(json);
  } catch (e) {
    throw new InputError(`not a Jupyter notebook: ${(e as Error).message}`);
  }
  if (!nb || !Array.isArray(nb.cells)) throw new InputError('not a Jupyter notebook: no "cells" list');
  const cells: RunInput['cells'] = [];
  nb.cells.forEach((c, i) => {
    if (c.cell_type !== 'code') return;
    const src = Array.isArray(c.source) ? c.source.join('') : (c.source ?? '');
    cells.push({ source: src, cell: i });
  });
  return { kind: 'notebook', cells };
}

/** ```` ```python ```` fences of a Markdown file; spans stay in file coordinates through `lineOffset`. */
export function markdownInput(text: string): RunInput {
  const lines = text.split(/\r\n|\r|\n/);
  const cells: RunInput['cells'] = [];
  let start = -1;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i].trim();
    if (start < 0 && /^(```|~~~)\s*(python|py|python3)\b/.test(l)) start = i + 1;
    else if (start >= 0 && /^(```|~~~)\s*$/.test(l)) {
      cells.push({ source: lines.slice(start, i).join('\n'), lineOffset: start });
      start = -1;
    }
  }
  return { kind: 'markdown', cells };
}

export function inputFor(fileName: string, text: string): RunInput {
  const input: RunInput = /\.ipynb$/i.test(fileName)
    ? notebookInput(text)
    : /\.(md|markdown)$/i.test(fileName)
      ? markdownInput(text)
      : { kind: 'python', cells: [{ source: text }] };
  input.document = fileName;
  return input;
}
