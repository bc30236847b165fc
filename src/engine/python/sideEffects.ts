/**
 * Undoing Python side effects. A `tf.function` call that reuses a trace runs its Python body again for the values,
 * but in TF that call runs only the graph: the body's changes to lists, dicts and object attributes that existed
 * before the call (`calls.append(1)`, `self.count += 1`) must not happen. While `withoutSideEffects` runs, every
 * such object is copied before its first change and put back afterwards; objects made during the call are left
 * alone, and so are tensors and variables (a variable's `assign` is part of the graph).
 */
import { objectsMade, PyDict, type PyInstance, PyList } from './values';

interface Journal {
  /** Objects made after this count were made during the call. */
  since: number;
  undo: Map<object, () => void>;
}

let journal: Journal | null = null;

/** Called before a list, dict or instance changes in place. */
export function beforeMutation(obj: PyList | PyDict | PyInstance): void {
  const j = journal;
  if (j === null || obj.made > j.since || j.undo.has(obj)) return;
  if (obj instanceof PyList) {
    const items = obj.items.slice();
    j.undo.set(obj, () => {
      obj.items.length = 0;
      for (const x of items) obj.items.push(x);
    });
  } else if (obj instanceof PyDict) {
    const entries = [...obj.map].map(([k, e]) => [k, { key: e.key, value: e.value }] as const);
    j.undo.set(obj, () => {
      obj.map.clear();
      for (const [k, e] of entries) obj.map.set(k, e);
    });
  } else {
    const attrs = obj.dict === null ? null : new Map(obj.dict);
    j.undo.set(obj, () => {
      obj.dict = attrs;
    });
  }
}

/** Runs `f`, then undoes what it changed in lists, dicts and instances that existed before. */
export function withoutSideEffects<T>(f: () => T): T {
  const outer = journal;
  const mine: Journal = { since: objectsMade(), undo: new Map() };
  journal = mine;
  try {
    return f();
  } finally {
    journal = outer;
    for (const undo of [...mine.undo.values()].reverse()) undo();
  }
}
