/**
 * The as-built state of host module objects, and putting it back. What user code can change on them: a module's
 * attributes, the attributes of a host instance (`tf.float32.x = 1`), a host instance's payload (a native
 * `__init__` called on it) and a mutable class's attributes. Native classes are immutable and native functions take
 * no attributes, so those are all the places a run can leave a mark.
 */
import { PyClass, PyDict, PyInstance, PyList, PyModule, PySet, PyTuple, type PyValue } from '../python/values';

type Attrs = Map<string, PyValue>;

export class Pristine {
  /** Each recorded map and its entries as built, flattened `[k0, v0, k1, v1, ...]`. */
  private readonly maps: { map: Attrs; entries: unknown[] }[] = [];
  /** Host instances that had no `__dict__` as built. */
  private readonly bare: PyInstance[] = [];
  /**
   * Every host instance and its payload as built: a native `__init__` called on a host object
   * (`tf.Module.__init__(tf.float32, 'x')`) replaces the payload of the shared object.
   */
  private readonly payloads: { inst: PyInstance; payload: unknown }[] = [];
  private readonly seen = new Set<unknown>();

  /** Records everything reachable from `root` through attributes. */
  record(root: PyValue): void {
    const stack: PyValue[] = [root];
    while (stack.length) {
      const v = stack.pop() as PyValue;
      if (typeof v !== 'object' || v === null || this.seen.has(v)) continue;
      this.seen.add(v);
      if (v instanceof PyModule) this.recordMap(v.dict, stack);
      else if (v instanceof PyClass) {
        if (v.immutable) for (const x of v.dict.values()) stack.push(x);
        else this.recordMap(v.dict, stack);
      } else if (v instanceof PyInstance) {
        this.payloads.push({ inst: v, payload: v.payload });
        if (v.dict === null) this.bare.push(v);
        else this.recordMap(v.dict, stack);
      } else if (v instanceof PyTuple) {
        for (const x of v.items) stack.push(x);
      } else if (v instanceof PyList || v instanceof PyDict || v instanceof PySet) {
        throw new Error('a host module holds a mutable container: record it before sharing modules between runs');
      }
    }
  }

  /** Puts every recorded map and instance back as built; cheap when nothing changed. */
  restore(): void {
    for (const { map, entries } of this.maps) if (!unchanged(map, entries)) refill(map, entries);
    for (const inst of this.bare) if (inst.dict !== null) inst.dict = null;
    for (const p of this.payloads) if (p.inst.payload !== p.payload) p.inst.payload = p.payload;
  }

  private recordMap(map: Attrs, stack: PyValue[]): void {
    const entries: unknown[] = [];
    for (const [k, x] of map) {
      entries.push(k, x);
      stack.push(x);
    }
    this.maps.push({ map, entries });
  }
}

function unchanged(map: Attrs, entries: unknown[]): boolean {
  if (map.size * 2 !== entries.length) return false;
  let i = 0;
  for (const [k, v] of map) {
    if (entries[i] !== k || !Object.is(entries[i + 1], v)) return false; // `np.nan` is NaN
    i += 2;
  }
  return true;
}

function refill(map: Attrs, entries: unknown[]): void {
  map.clear();
  for (let i = 0; i < entries.length; i += 2) map.set(entries[i] as string, entries[i + 1] as PyValue);
}
