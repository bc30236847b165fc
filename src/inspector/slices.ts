/**
 * The slice viewer's data: one index fixed on one axis of a ≥ 2-D value, the rest shown as a table (rows = all
 * remaining axes but the last, columns = the last), capped. Where the values come from is `nodeValue`, the one
 * place the details pane reads a node's full value: today the report's embedded value (tensors up to the report's
 * node limit); a request to the worker can take its place.
 */
import type { NestedValue } from '../protocol/report';
import type { ValueNode } from './model';

/** A node's full value, when it can be had (undefined: only its preview and statistics are known). */
export async function nodeValue(node: ValueNode): Promise<NestedValue | undefined> {
  return node.value;
}

export interface SliceTable {
  /** Shape of the slice (the value's shape without `axis`). */
  shape: number[];
  /** At most `maxRows × maxCols` cells, row-major; `rows`/`cols` are the full table's size. */
  cells: NestedValue[][];
  rows: number;
  cols: number;
}

/** The element at flat row-major index `i` of a nested value of `shape`. */
function elementAt(v: NestedValue, shape: readonly number[], i: number): NestedValue {
  let x = v;
  let rest = i;
  let stride = shape.reduce((a, b) => a * b, 1);
  for (const n of shape) {
    stride /= n;
    const k = Math.floor(rest / stride);
    rest -= k * stride;
    x = Array.isArray(x) ? x[k] : x;
  }
  return x;
}

/** `value[…, index, …]` (index on `axis`) as a table, or undefined when the value is not ≥ 2-D or out of range. */
export function sliceTable(
  value: NestedValue,
  shape: readonly number[],
  axis: number,
  index: number,
  maxRows = 50,
  maxCols = 20,
): SliceTable | undefined {
  if (shape.length < 2 || axis < 0 || axis >= shape.length || index < 0 || index >= shape[axis]) return undefined;
  const out = shape.filter((_, a) => a !== axis);
  const cols = out[out.length - 1];
  const rows = out.slice(0, -1).reduce((a, b) => a * b, 1);
  const cells: NestedValue[][] = [];
  // Strides of the full value, to map a slice position back to a flat index.
  const strides = shape.map((_, a) => shape.slice(a + 1).reduce((x, y) => x * y, 1));
  const outAxes = shape.map((_, a) => a).filter((a) => a !== axis);
  for (let r = 0; r < Math.min(rows, maxRows); r++) {
    const row: NestedValue[] = [];
    for (let c = 0; c < Math.min(cols, maxCols); c++) {
      // Position in the slice: r over the leading axes (row-major), c on the last.
      let flat = index * strides[axis];
      let rest = r;
      for (let k = outAxes.length - 2; k >= 0; k--) {
        const n = out[k];
        flat += (rest % n) * strides[outAxes[k]];
        rest = Math.floor(rest / n);
      }
      flat += c * strides[outAxes[outAxes.length - 1]];
      row.push(elementAt(value, shape, flat));
    }
    cells.push(row);
  }
  return { shape: out, cells, rows, cols };
}
