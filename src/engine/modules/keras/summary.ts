/** `model.summary()`: Keras 3's table (layer, output shape, parameter count) and the parameter totals with sizes. */
import { type PyInstance, PyList, PyTuple, type PyValue } from '../../python/values';
import type { DType } from '../../tensor/dtype';
import type { Variable } from '../../tensor/tensor';
import { layerVariables, stateOf, sublayers } from './layer';
import type { OptimizerState } from './optimizers';

const WIDTHS = [33, 24, 15];
const bytesPer = (d: DType): number => (d === 'float64' || d === 'int64' ? 8 : d === 'bool' ? 1 : 4);

function shapeText(v: PyValue): string {
  if (v instanceof PyTuple) {
    const items = v.items.map((d) => (d === null ? 'None' : String(d)));
    return `(${items.join(', ')}${items.length === 1 ? ',' : ''})`;
  }
  if (v instanceof PyList) return `[${v.items.map(shapeText).join(', ')}]`;
  return '?';
}

/** Keras's `readable_memory_size`: bytes in B/KB/MB/GB with two decimals. */
function memory(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB'];
  let v = bytes;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(2)} ${units[i]}`;
}

const count = (vs: readonly Variable[]): number => vs.reduce((n, v) => n + v.value.size, 0);
const size = (vs: readonly Variable[]): number => vs.reduce((n, v) => n + v.value.size * bytesPer(v.dtype), 0);
const withCommas = (n: number): string => n.toLocaleString('en-US');

/** Words wrapped to `width` (a word longer than the width is cut), as the table's cells wrap. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (let word of text.split(' ')) {
    while (word.length > width) {
      if (line) lines.push(line);
      lines.push(word.slice(0, width));
      word = word.slice(width);
      line = '';
    }
    if (!line) line = word;
    else if (line.length + 1 + word.length <= width) line += ` ${word}`;
    else {
      lines.push(line);
      line = word;
    }
  }
  lines.push(line);
  return lines;
}

function row(cells: string[], sep: string, right: boolean[]): string {
  const wrapped = cells.map((c, i) => wrap(c, WIDTHS[i] - 2));
  const height = Math.max(...wrapped.map((w) => w.length));
  const out: string[] = [];
  for (let k = 0; k < height; k++) {
    const parts = wrapped.map((w, i) => {
      const text = w[k] ?? '';
      const width = WIDTHS[i] - 2;
      return ` ${right[i] ? text.padStart(width) : text.padEnd(width)} `;
    });
    out.push(`${sep}${parts.join(sep)}${sep}`);
  }
  return out.join('\n');
}

const rule = (l: string, fill: string, mid: string, r: string): string =>
  `${l}${WIDTHS.map((w) => fill.repeat(w)).join(mid)}${r}`;

export function summaryText(model: PyInstance, optimizer: OptimizerState | null): string {
  const st = stateOf(model);
  const layers = sublayers(model);
  const lines = [`Model: "${st.name}"`, rule('┏', '━', '┳', '┓')];
  lines.push(row(['Layer (type)', 'Output Shape', 'Param #'], '┃', [false, false, true]));
  lines.push(rule('┡', '━', '╇', '┩'));
  layers.forEach((layer, i) => {
    const ls = stateOf(layer);
    const weights = [
      ...ls.ownTrainable,
      ...ls.ownNonTrainable,
      ...sublayers(layer).flatMap((s) => layerVariables(s, true).concat(layerVariables(s, false))),
    ];
    const params = count(weights.map((w) => w.payload as Variable));
    const built = ls.built;
    lines.push(
      row(
        [
          `${ls.name} (${layer.cls.name})`,
          built ? shapeText(ls.lastOutputShape) : '?',
          built ? withCommas(params) : '0 (unbuilt)',
        ],
        '│',
        [false, false, true],
      ),
    );
    if (i < layers.length - 1) lines.push(rule('├', '─', '┼', '┤'));
  });
  lines.push(rule('└', '─', '┴', '┘'));
  const trainable = layerVariables(model, true).map((w) => w.payload as Variable);
  const frozen = layerVariables(model, false).map((w) => w.payload as Variable);
  const opt: Variable[] = [];
  if (optimizer && (optimizer.order.length > 0 || optimizer.step > 0)) {
    opt.push(optimizer.iterations.payload as Variable);
    if (optimizer.lr) opt.push(optimizer.lr.payload as Variable);
    for (const v of optimizer.order)
      for (const s of Object.values(optimizer.slots.get(v) ?? {})) opt.push(s as Variable);
  }
  const all = [...trainable, ...frozen, ...opt];
  lines.push(` Total params: ${withCommas(count(all))} (${memory(size(all))})`);
  lines.push(` Trainable params: ${withCommas(count(trainable))} (${memory(size(trainable))})`);
  lines.push(` Non-trainable params: ${withCommas(count(frozen))} (${memory(size(frozen))})`);
  if (opt.length) lines.push(` Optimizer params: ${withCommas(count(opt))} (${memory(size(opt))})`);
  return lines.join('\n');
}
