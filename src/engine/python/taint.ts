/**
 * Values an unknown call may have changed. A call the engine cannot evaluate (an unsupported module or API) that
 * receives a list, a dict, a set, an object or a `tf.Variable` may have changed it in place, so after the call the
 * object, everything reachable from it, and everything later computed from it is unknown: reading such an object
 * through a name, an attribute, a subscript, a conversion to a tensor or a variable read gives the `PyUnknown`
 * that tainted it. Immutable values (numbers, strings, tensors) and modules, classes and functions are never
 * tainted. See README.md, "Unknown values".
 */
import {
  PyClass,
  PyDict,
  PyFunction,
  PyInstance,
  PyList,
  PyModule,
  PyNativeFunction,
  PySet,
  PyTuple,
  PyUnknown,
  type PyValue,
} from './values';

/** Modules that never change the values given to them (plots, logs, progress bars, timing, printing). */
const PURE_MODULES = new Set([
  'matplotlib',
  'seaborn',
  'plotly',
  'logging',
  'tqdm',
  'IPython',
  'time',
  'timeit',
  'os',
  'pprint',
  'warnings',
  'datetime',
  'json',
  'pathlib',
  'platform',
  'sys',
  'textwrap',
  'PIL',
  'absl',
]);

/** Whether an unsupported `what` (a dotted path such as `matplotlib.pyplot` or `os.path`) changes no argument. */
export function isPureOrigin(what: string): boolean {
  const root = what.split('.', 1)[0];
  return PURE_MODULES.has(root);
}

/**
 * Which native payloads can change in place (the host says: `tf.Variable`, NumPy arrays); tensors cannot. `shared`
 * names the object that carries a mutable payload's taint: payloads that share their data (a NumPy array and its
 * views) answer the same object, so a change through one taints them all.
 */
export const taintHooks = {
  mutablePayload: (_p: object): boolean => false,
  shared: (p: object): object => p,
};

let marks = new WeakMap<object, PyUnknown>();
/** Fast path: nothing was tainted in this run, so the checks on every read cost one property read. */
export const taints = { any: false };

/** A fresh program: nothing tainted. */
export function resetTaints(): void {
  marks = new WeakMap();
  taints.any = false;
}

/** The Unknown that tainted `v` (a Python object or the engine object it wraps), if any. */
export function taintOf(v: PyValue | object): PyUnknown | undefined {
  if (!taints.any || typeof v !== 'object' || v === null) return undefined;
  const m = marks.get(v);
  if (m !== undefined) return m;
  if (v instanceof PyInstance) {
    const p = v.payload;
    if (typeof p === 'object' && p !== null) return marks.get(p) ?? marks.get(taintHooks.shared(p));
  }
  return undefined;
}

/** `v`, or the Unknown that tainted it. */
export function untainted(v: PyValue): PyValue {
  if (!taints.any) return v;
  return taintOf(v) ?? v;
}

function mark(o: object, u: PyUnknown): void {
  if (!marks.has(o)) marks.set(o, u);
  taints.any = true;
}

/** Marks `v` and every mutable object reachable from it (container items, instance attributes) as changed by `u`. */
export function taintReachable(v: PyValue, u: PyUnknown, seen: Set<object> = new Set()): void {
  if (typeof v !== 'object' || v === null || seen.has(v)) return;
  seen.add(v);
  if (
    v instanceof PyUnknown ||
    v instanceof PyModule ||
    v instanceof PyClass ||
    v instanceof PyFunction ||
    v instanceof PyNativeFunction
  ) {
    return;
  }
  if (v instanceof PyList) {
    mark(v, u);
    for (const x of v.items) taintReachable(x, u, seen);
  } else if (v instanceof PySet) {
    mark(v, u);
  } else if (v instanceof PyDict) {
    mark(v, u);
    for (const e of v.map.values()) taintReachable(e.value, u, seen);
  } else if (v instanceof PyTuple) {
    for (const x of v.items) taintReachable(x, u, seen);
  } else if (v instanceof PyInstance) {
    const p = v.payload;
    if (typeof p === 'object' && p !== null && taintHooks.mutablePayload(p)) {
      mark(v, u);
      mark(p, u);
      mark(taintHooks.shared(p), u);
    } else if (p === undefined || p === null || v.dict !== null) {
      // A user object: its attributes may be reassigned.
      mark(v, u);
    }
    if (v.dict !== null) for (const x of v.dict.values()) taintReachable(x, u, seen);
  }
}

/** Whether a call on `v` could change it in place (the receiver of a method whose call was skipped). */
export function isMutable(v: PyValue): boolean {
  if (v instanceof PyList || v instanceof PySet || v instanceof PyDict) return true;
  if (v instanceof PyInstance) {
    const p = v.payload;
    return p === undefined || p === null || v.dict !== null || (typeof p === 'object' && taintHooks.mutablePayload(p));
  }
  return false;
}
