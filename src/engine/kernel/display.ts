/**
 * The `text/plain` a Jupyter kernel shows for the last expression's value: IPython's display formatter. Containers
 * (list, tuple, dict, set) are laid out by IPython's pretty printer: on one line when they fit in 79 columns, else
 * every item of the outermost group that does not fit on a line of its own, nested groups indented by their
 * brackets; a sequence shows its first 1,000 items and `...`. Functions show as `<function __main__.f(x, y=2)>`,
 * classes as `__main__.A`, objects with the default repr as `<__main__.A at 0x7f...>`; everything else is `repr()`.
 */

import { setItems } from '../python/dict';
import { address, defaultObjectRepr } from '../python/format';
import { pyRepr } from '../python/index';
import {
  ObjectType,
  PyClass,
  PyDict,
  PyFunction,
  PyInstance,
  PyList,
  PySet,
  PyTuple,
  type PyValue,
} from '../python/values';

const MAX_WIDTH = 79;
const MAX_SEQ_LENGTH = 1000;

/** A layout: text, or a group that is flat or broken as a whole. */
type Doc = string | Group | Doc[];
interface Group {
  open: string;
  close: string;
  /** Items between the brackets, separated by `,` and a break. */
  items: Doc[];
  /** Text after the last item when the items were cut (`...`). */
  more: boolean;
  /** A one-item tuple's trailing comma. */
  trailingComma?: boolean;
}

/** What Jupyter shows for `value`, or undefined for None (no output). */
export function displayText(value: PyValue): string | undefined {
  if (value === null) return undefined;
  return render(toDoc(value, new Set()), 0, 0, 0);
}

function toDoc(v: PyValue, active: Set<object>): Doc {
  const container = v instanceof PyList || v instanceof PyTuple || v instanceof PyDict || v instanceof PySet;
  if (container && active.has(v)) return cycle(v);
  if (v instanceof PyList) return seq(v.items, '[', ']', active, v);
  if (v instanceof PyTuple) return seq(v.items, '(', ')', active, v, v.items.length === 1);
  if (v instanceof PySet) {
    if (v.map.size === 0) return 'set()';
    return seq(sortedForDisplay(setItems(v)), '{', '}', active, v);
  }
  if (v instanceof PyDict) {
    active.add(v);
    try {
      const items: Doc[] = [];
      for (const e of v.map.values()) {
        if (items.length >= MAX_SEQ_LENGTH) break;
        items.push([toDoc(e.key, active), ': ', toDoc(e.value, active)]);
      }
      return { open: '{', close: '}', items, more: v.map.size > MAX_SEQ_LENGTH };
    } finally {
      active.delete(v);
    }
  }
  if (v instanceof PyFunction) return `<function ${qualified('__main__', v.qualname)}${signature(v)}>`;
  if (v instanceof PyClass) return qualified(v.module, v.qualname);
  if (v instanceof PyInstance && v.cls.lookup('__repr__') === ObjectType.lookup('__repr__')) {
    const text = pyRepr(v);
    if (text === defaultObjectRepr(v)) return `<${qualified(v.cls.module, v.cls.qualname)} at ${address(v)}>`;
    return text;
  }
  return pyRepr(v);
}

function cycle(v: PyValue): string {
  return v instanceof PyList ? '[...]' : v instanceof PyTuple ? '(...)' : '{...}';
}

function seq(
  items: readonly PyValue[],
  open: string,
  close: string,
  active: Set<object>,
  self: object,
  trailingComma = false,
): Group {
  active.add(self);
  try {
    const docs = items.slice(0, MAX_SEQ_LENGTH).map((x) => toDoc(x, active));
    return { open, close, items: docs, more: items.length > MAX_SEQ_LENGTH, trailingComma };
  } finally {
    active.delete(self);
  }
}

/** IPython sorts a set's items for display when they can be sorted (numbers, or strings). */
function sortedForDisplay(items: PyValue[]): PyValue[] {
  if (items.every((x) => typeof x === 'number' || typeof x === 'bigint' || typeof x === 'boolean')) {
    return [...items].sort((a, b) => {
      const x = typeof a === 'boolean' ? Number(a) : a;
      const y = typeof b === 'boolean' ? Number(b) : b;
      return x < y ? -1 : x > y ? 1 : 0;
    });
  }
  if (items.every((x) => typeof x === 'string')) {
    return [...(items as string[])].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  }
  return items;
}

function qualified(module: string, qualname: string): string {
  return module === 'builtins' ? qualname : `${module}.${qualname}`;
}

/** `inspect.signature(f)` as text: `(a, /, b=2, *args, c=1, **kw)`. */
function signature(f: PyFunction): string {
  const p = f.info.params;
  const parts: string[] = [];
  const firstDefault = p.args.length - f.defaults.length;
  p.args.forEach((a, i) => {
    parts.push(i >= firstDefault ? `${a.name}=${pyRepr(f.defaults[i - firstDefault])}` : a.name);
    if (p.posOnly > 0 && i === p.posOnly - 1) parts.push('/');
  });
  if (p.vararg !== null) parts.push(`*${p.vararg}`);
  else if (p.kwOnly.length) parts.push('*');
  for (const k of p.kwOnly) {
    const d = f.kwDefaults?.get(k.name);
    parts.push(d === undefined ? k.name : `${k.name}=${pyRepr(d)}`);
  }
  if (p.kwarg !== null) parts.push(`**${p.kwarg}`);
  return `(${parts.join(', ')})`;
}

/** The flat text of a layout. */
function flat(d: Doc): string {
  if (typeof d === 'string') return d;
  if (Array.isArray(d)) return d.map(flat).join('');
  const body = d.items.map(flat);
  if (d.more) body.push('...');
  return `${d.open}${body.join(', ')}${d.trailingComma ? ',' : ''}${d.close}`;
}

/**
 * Lays `d` out from column `col` with `indent` (the indentation a break inside it returns to) and `trail`
 * characters that must follow it on the same line (closing brackets and the comma after it).
 */
function render(d: Doc, col: number, indent: number, trail: number): string {
  const text = flat(d);
  if (!text.includes('\n') && col + text.length + trail <= MAX_WIDTH) return text;
  if (typeof d === 'string') return d;
  if (Array.isArray(d)) {
    let out = '';
    let c = col;
    d.forEach((part, i) => {
      const rest = d.slice(i + 1).reduce<number>((n, p) => n + flat(p).length, 0);
      const s = render(part, c, indent, i === d.length - 1 ? trail : rest + trail);
      out += s;
      c = s.includes('\n') ? s.length - s.lastIndexOf('\n') - 1 : c + s.length;
    });
    return out;
  }
  const inner = indent + d.open.length;
  const pad = `\n${' '.repeat(inner)}`;
  let out = d.open;
  let c = col + d.open.length;
  d.items.forEach((item, i) => {
    const last = i === d.items.length - 1 && !d.more;
    const after = last ? d.close.length + trail + (d.trailingComma ? 1 : 0) : 1;
    const s = render(item, c, inner, after);
    out += s;
    if (!last) {
      out += `,${pad}`;
      c = inner;
    }
  });
  if (d.more) out += '...';
  if (d.trailingComma) out += ',';
  return out + d.close;
}
