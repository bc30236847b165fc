/**
 * Datasets made of other datasets' elements, as TensorFlow's kernels make them: `zip` (`ZipDatasetOp`: one iterator
 * per input, opened together, ending with the first input that ends), `concatenate` (`ConcatenateDatasetOp`: the
 * second input's iterator opened when the first ends) and `unbatch` (`UnbatchDatasetOp`: each element's rows).
 */
import { EngineError } from '../../errors';
import { chargeWork } from '../../limits';
import { pyError, TypeError, ValueError } from '../../python/exceptions';
import type { PyValue } from '../../python/values';
import { Tensor } from '../../tensor/tensor';
import {
  type Dataset,
  type Element,
  INFINITE,
  type LeafSpec,
  leaves,
  mapLeaves,
  row,
  type Spec,
  UNKNOWN,
} from './pipeline';

/** A nest of datasets (`zip`'s argument) or of their elements and specs: tuples and dicts of leaves. */
export type Nest<T> =
  | { kind: 'leaf'; value: T }
  | { kind: 'tuple'; items: Nest<T>[] }
  | { kind: 'dict'; keys: readonly PyValue[]; items: Nest<T>[] };

function flatten<T>(n: Nest<T>): T[] {
  return n.kind === 'leaf' ? [n.value] : n.items.flatMap(flatten);
}

/** The nest with its leaves replaced, in order, by `values`. */
function fill<T, U>(n: Nest<T>, values: U[], at = { i: 0 }): Nest<U> {
  if (n.kind === 'leaf') return { kind: 'leaf', value: values[at.i++] };
  const items = n.items.map((x) => fill(x, values, at));
  return n.kind === 'tuple' ? { kind: 'tuple', items } : { kind: 'dict', keys: n.keys, items };
}

function nestElement(n: Nest<Element>): Element {
  if (n.kind === 'leaf') return n.value;
  const items = n.items.map(nestElement);
  return n.kind === 'tuple' ? { kind: 'tuple', items } : { kind: 'dict', keys: n.keys, items };
}

function nestSpec(n: Nest<Spec>): Spec {
  if (n.kind === 'leaf') return n.value;
  const items = n.items.map(nestSpec);
  return n.kind === 'tuple' ? { kind: 'tuple', items } : { kind: 'dict', keys: n.keys, items };
}

/** `ZipDatasetOp`'s cardinality: unknown if any input's is, else the least finite one (infinite if none is finite). */
function zipCardinality(inputs: Dataset[]): number {
  let out = INFINITE;
  for (const d of inputs) {
    const n = d.cardinality();
    if (n === UNKNOWN) return UNKNOWN;
    if (n !== INFINITE && (out === INFINITE || n < out)) out = n;
  }
  return out;
}

export function zip(nest: Nest<Dataset>): Dataset {
  const inputs = flatten(nest);
  const specs = inputs.map((d) => d.spec);
  return {
    kind: '_ZipDataset',
    spec: specs.every((s) => s !== null) ? nestSpec(fill(nest, specs as Spec[])) : null,
    cardinality: () => zipCardinality(inputs),
    open() {
      const its = inputs.map((d) => d.open());
      return (function* () {
        for (;;) {
          const parts: Element[] = [];
          for (const it of its) {
            const r = it.next();
            if (r.done) return;
            parts.push(r.value);
          }
          yield nestElement(fill(nest, parts));
        }
      })();
    },
  };
}

/** The most specific spec both datasets' elements fit (`most_specific_compatible_type`), or undefined. */
function compatible(a: Spec, b: Spec): Spec | null | undefined {
  if (a.kind === 'leaf' || b.kind === 'leaf') {
    if (a.kind !== 'leaf' || b.kind !== 'leaf' || a.dtype !== b.dtype) return undefined;
    // Ranks that differ give a shape of unknown rank, which the specs here cannot say: the spec is not known.
    if (a.shape.length !== b.shape.length) return null;
    return { kind: 'leaf', dtype: a.dtype, shape: a.shape.map((d, i) => (d === b.shape[i] ? d : null)) } as LeafSpec;
  }
  if (a.kind !== b.kind || a.items.length !== b.items.length) return undefined;
  if (a.kind === 'dict' && b.kind === 'dict' && a.keys.some((k, i) => k !== b.keys[i])) return undefined;
  const items: Spec[] = [];
  let known = true;
  for (let i = 0; i < a.items.length; i++) {
    const s = compatible(a.items[i], b.items[i]);
    if (s === undefined) return undefined;
    if (s === null) known = false;
    else items.push(s);
  }
  if (!known) return null;
  return a.kind === 'dict' ? { kind: 'dict', keys: a.keys, items } : { kind: 'tuple', items };
}

/**
 * `a.concatenate(b)`; `specText` writes a spec as TensorFlow's `TypeError` names it. Elements must have the same
 * structure and dtypes; shapes that differ become None.
 */
export function concatenate(a: Dataset, b: Dataset, specText: (s: Spec) => string): Dataset {
  let spec: Spec | null = null;
  if (a.spec && b.spec) {
    const s = compatible(a.spec, b.spec);
    if (s === undefined) {
      throw pyError(TypeError, `Incompatible dataset elements:\n  ${specText(a.spec)} vs.   ${specText(b.spec)}`);
    }
    spec = s;
  }
  return {
    kind: '_ConcatenateDataset',
    spec,
    cardinality: () => {
      const n1 = a.cardinality();
      const n2 = b.cardinality();
      if (n1 === INFINITE || n2 === INFINITE) return INFINITE;
      if (n1 === UNKNOWN || n2 === UNKNOWN) return UNKNOWN;
      return n1 + n2;
    },
    open() {
      const first = a.open();
      return (function* () {
        for (let r = first.next(); !r.done; r = first.next()) yield r.value;
        const second = b.open();
        for (let r = second.next(); !r.done; r = second.next()) yield r.value;
      })();
    },
  };
}

function leafSpecs(s: Spec): LeafSpec[] {
  return s.kind === 'leaf' ? [s] : s.items.flatMap(leafSpecs);
}

function dropFirst(s: Spec): Spec {
  if (s.kind === 'leaf') return { ...s, shape: s.shape.slice(1) };
  const items = s.items.map(dropFirst);
  return s.kind === 'tuple' ? { kind: 'tuple', items } : { kind: 'dict', keys: s.keys, items };
}

export function unbatch(input: Dataset): Dataset {
  let batchSize: number | null = null;
  if (input.spec) {
    const ls = leafSpecs(input.spec);
    if (ls.some((l) => l.shape.length === 0))
      throw pyError(ValueError, 'Cannot unbatch an input with scalar components.');
    const known = ls.map((l) => l.shape[0]).filter((d): d is number => d !== null);
    if (known.some((d) => d !== known[0])) {
      throw pyError(
        ValueError,
        `\`unbatch()\` is only supported for datasets of elements whose components have a matching leading dimension. Encountered both ${known[0]} and ${known.find((d) => d !== known[0])}.`,
      );
    }
    if (known.length === ls.length) batchSize = known[0];
  }
  return {
    kind: '_UnbatchDataset',
    spec: input.spec && dropFirst(input.spec),
    cardinality: () => {
      const n = input.cardinality();
      if (batchSize === null) return UNKNOWN;
      return n < 0 ? n : n * batchSize;
    },
    open() {
      const it = input.open();
      return (function* () {
        for (let r = it.next(); !r.done; r = it.next()) {
          const parts = leaves(r.value);
          const n = parts[0].shape[0];
          parts.forEach((t, i) => {
            if (t.rank === 0 || t.shape[0] !== n) {
              throw new EngineError(
                'InvalidArgumentError',
                `Input element must have the same batch size in each component. Component 0 had size ${n} but component ${i} had size ${t.rank === 0 ? 0 : t.shape[0]}.`,
              );
            }
          });
          for (let i = 0; i < n; i++) {
            chargeWork(parts.length);
            yield mapLeaves(r.value, (t) => row(t, i));
          }
        }
      })();
    },
  };
}

/** An endless count from `start` (int64), the first input of `enumerate`'s zip. */
export function countFrom(start: number): Dataset {
  return {
    kind: '_RangeDataset',
    spec: { kind: 'leaf', shape: [], dtype: 'int64' },
    cardinality: () => INFINITE,
    *open() {
      for (let i = start; ; i++) {
        chargeWork(1);
        yield new Tensor('int64', [], Float64Array.of(i));
      }
    },
  };
}
