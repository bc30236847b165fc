/**
 * Dicts and sets: entries stored under `hashKey(key)` (numbers.ts), insertion ordered; set iteration in CPython's
 * order for small ints.
 */

import { KeyError, pyError } from './exceptions';
import { pyRepr } from './format';
import { hashKey } from './numbers';
import { beforeMutation } from './sideEffects';
import { type DictEntry, PyDict, PySet, type PyValue } from './values';

export function dictGet(d: PyDict, key: PyValue): PyValue | undefined {
  return d.map.get(hashKey(key))?.value;
}

export function dictSet(d: PyDict, key: PyValue, value: PyValue): void {
  beforeMutation(d);
  const k = hashKey(key);
  const e = d.map.get(k);
  if (e) e.value = value;
  else d.map.set(k, { key, value });
}

export function dictDelete(d: PyDict, key: PyValue): boolean {
  beforeMutation(d);
  return d.map.delete(hashKey(key));
}

/** `d[key]`, raising KeyError(key). */
export function dictGetItem(d: PyDict, key: PyValue): PyValue {
  const e = d.map.get(hashKey(key));
  if (e === undefined) throw keyError(key);
  return e.value;
}

export function keyError(key: PyValue): Error {
  const e = pyError(KeyError);
  e.state.args = [key];
  e.message = pyRepr(key);
  return e;
}

export function newDict(entries: Iterable<[PyValue, PyValue]> = []): PyDict {
  const d = new PyDict();
  for (const [k, v] of entries) dictSet(d, k, v);
  return d;
}

/** A dict with string keys from a JS record or map (handy for host code). */
export function dictFromRecord(rec: Record<string, PyValue> | ReadonlyMap<string, PyValue>): PyDict {
  const d = new PyDict();
  const it = rec instanceof Map ? rec.entries() : Object.entries(rec as Record<string, PyValue>);
  for (const [k, v] of it) d.map.set(k, { key: k, value: v });
  return d;
}

export function dictEntries(d: PyDict): IterableIterator<DictEntry> {
  return d.map.values();
}

export function setAdd(s: PySet, v: PyValue): void {
  const k = hashKey(v);
  if (!s.map.has(k)) s.map.set(k, v);
}

export function setHas(s: PySet, v: PyValue): boolean {
  return s.map.has(hashKey(v));
}

export function newSet(items: Iterable<PyValue> = []): PySet {
  const s = new PySet();
  for (const v of items) setAdd(s, v);
  return s;
}

/** CPython's table size for a set that received `n` insertions (starts at 8, grows ×4 at 60% fill). */
function setTableSize(n: number): number {
  let size = 8;
  for (let used = 1; used <= n; used++) {
    if (used * 5 >= (size - 1) * 3) {
      const want = used > 50000 ? used * 2 : used * 4;
      while (size <= want) size *= 2;
    }
  }
  return size;
}

/**
 * A set's members in iteration order. CPython orders a set by hash-table slot; for int members (whose hash is the
 * value) that is what we reproduce, so `{3, 1, 2}` prints `{1, 2, 3}`. Other members keep insertion order (string
 * hashes are randomised per process in CPython anyway).
 */
export function setItems(s: PySet): PyValue[] {
  const items = [...s.map.values()];
  if (items.length < 2 || !items.every((v) => typeof v === 'bigint' || typeof v === 'boolean')) return items;
  const mask = BigInt(setTableSize(items.length) - 1);
  const slot = (v: PyValue) => {
    const n = typeof v === 'bigint' ? v : v ? 1n : 0n;
    const h = n === -1n ? -2n : n;
    return Number(BigInt.asUintN(64, h) & mask);
  };
  return items
    .map((v, i) => [slot(v), i, v] as const)
    .sort((a, b) => a[0] - b[0] || a[1] - b[1])
    .map((e) => e[2]);
}
