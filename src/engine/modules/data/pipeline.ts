/**
 * `tf.data` pipelines on in-memory data, as TensorFlow's dataset kernels run them: each dataset is a node that
 * opens a fresh iterator per iteration (`iter(ds)`, an epoch of `fit`, a repetition of `repeat`), its cardinality is
 * the kernel's (`INFINITE` = -1, `UNKNOWN` = -2), and `shuffle` is `ShuffleDatasetOp`'s buffer algorithm with its
 * Philox draws: a seed generator per dataset (`RandomSeedGenerator`: two words of Philox(seed, seed2) per new
 * iterator; `FixedSeedGenerator` when `reshuffle_each_iteration=False`), and per iterator a Philox stream whose next
 * word, modulo the filled part of the buffer, picks the element to emit, whose slot the oldest element fills.
 */

import { EngineError, opError } from '../../errors';
import { Philox, SingleSample } from '../../kernels/random';
import { chargeWork } from '../../limits';
import { markUnseeded } from '../../ops/random';
import type { PyValue } from '../../python/values';
import { allocate, type DType } from '../../tensor/dtype';
import { shapeText } from '../../tensor/shape';
import { Tensor } from '../../tensor/tensor';

export const INFINITE = -1;
export const UNKNOWN = -2;

/** An element: a tensor, a tuple of elements, or a dict of elements (keys in insertion order). */
export type Element = Tensor | TupleElement | DictElement;
export interface TupleElement {
  readonly kind: 'tuple';
  readonly items: readonly Element[];
}
export interface DictElement {
  readonly kind: 'dict';
  readonly keys: readonly PyValue[];
  readonly items: readonly Element[];
}

/** What `element_spec` describes: the same structure with a shape (None for a dimension not known) and dtype. */
export type Spec =
  | LeafSpec
  | { kind: 'tuple'; items: Spec[] }
  | { kind: 'dict'; keys: readonly PyValue[]; items: Spec[] };
export interface LeafSpec {
  readonly kind: 'leaf';
  readonly shape: (number | null)[];
  readonly dtype: DType;
}

/** The element's leaves in order (tuple items, dict values). */
export function leaves(e: Element): Tensor[] {
  return e instanceof Tensor ? [e] : e.items.flatMap(leaves);
}

/** The element with each leaf replaced by `f(leaf, index)`, in `leaves` order. */
export function mapLeaves(e: Element, f: (t: Tensor, i: number) => Tensor, counter = { i: 0 }): Element {
  if (e instanceof Tensor) return f(e, counter.i++);
  const items = e.items.map((x) => mapLeaves(x, f, counter));
  return e.kind === 'tuple' ? { kind: 'tuple', items } : { kind: 'dict', keys: e.keys, items };
}

/** The spec of one element (every dimension known). */
export function specOf(e: Element): Spec {
  if (e instanceof Tensor) return { kind: 'leaf', shape: [...e.shape], dtype: e.dtype };
  const items = e.items.map(specOf);
  return e.kind === 'tuple' ? { kind: 'tuple', items } : { kind: 'dict', keys: e.keys, items };
}

function mapSpec(s: Spec, f: (l: LeafSpec) => LeafSpec): Spec {
  if (s.kind === 'leaf') return f(s);
  const items = s.items.map((x) => mapSpec(x, f));
  return s.kind === 'tuple' ? { kind: 'tuple', items } : { kind: 'dict', keys: s.keys, items };
}

/** Whether every dimension of every leaf is known. */
export function fullyDefined(s: Spec): boolean {
  return s.kind === 'leaf' ? s.shape.every((d) => d !== null) : s.items.every(fullyDefined);
}

/** Runs Python code (a `map` function) for the pipeline: the interpreter's call, bound to the iterating call. */
export type Mapper = (e: Element) => Element;

export interface Dataset {
  /** TensorFlow's Python class name (`_RangeDataset`), shown by `repr`. */
  readonly kind: string;
  /** null when the structure is not known here (a `map` over elements of partly unknown shape). */
  readonly spec: Spec | null;
  cardinality(): number;
  /** A new iterator: one iteration over the dataset. */
  open(): Iterator<Element>;
}

// ---- sources ------------------------------------------------------------------------------------------------------

/** Row `i` of `t` along its first axis, as a new tensor. */
export function row(t: Tensor, i: number): Tensor {
  const inner = t.shape.slice(1);
  const n = t.shape[0] === 0 ? 0 : t.size / t.shape[0];
  return new Tensor(t.dtype, inner, t.data.slice(i * n, (i + 1) * n) as Tensor['data']);
}

export function fromTensorSlices(e: Element): Dataset {
  const ls = leaves(e);
  const n = ls[0].shape[0];
  for (const t of ls) {
    if (t.rank === 0) throw opError('TensorSliceDataset', 'Unbatching a tensor is only supported for rank >= 1');
    if (t.shape[0] !== n) {
      throw opError('TensorSliceDataset', `Dimensions ${n} and ${t.shape[0]} are not compatible`, 'ValueError');
    }
  }
  return {
    kind: '_TensorSliceDataset',
    spec: specOf(mapLeaves(e, (t) => row(t, 0))),
    cardinality: () => n,
    *open() {
      for (let i = 0; i < n; i++) {
        chargeWork(ls.length);
        yield mapLeaves(e, (t) => row(t, i));
      }
    },
  };
}

export function fromTensors(e: Element): Dataset {
  return {
    kind: '_TensorDataset',
    spec: specOf(e),
    cardinality: () => 1,
    *open() {
      yield e;
    },
  };
}

export function range(start: number, stop: number, step: number, dtype: DType): Dataset {
  if (step === 0) throw opError('RangeDataset', 'step must be a non-zero integer.');
  const n = Math.max(0, Math.ceil((stop - start) / step));
  const data = (v: number): Tensor['data'] =>
    dtype === 'int32' ? Int32Array.of(v) : dtype === 'float32' ? Float32Array.of(v) : Float64Array.of(v);
  return {
    kind: '_RangeDataset',
    spec: { kind: 'leaf', shape: [], dtype },
    cardinality: () => n,
    *open() {
      for (let i = 0; i < n; i++) {
        chargeWork(1);
        yield new Tensor(dtype, [], data(start + i * step));
      }
    },
  };
}

// ---- transformations ----------------------------------------------------------------------------------------------

/** Same elements, same cardinality (`prefetch`, `cache`): the order and values do not change. */
export function identity(input: Dataset, kind: string): Dataset {
  return { kind, spec: input.spec, cardinality: () => input.cardinality(), open: () => input.open() };
}

export function take(input: Dataset, count: number): Dataset {
  return {
    kind: '_TakeDataset',
    spec: input.spec,
    cardinality: () => {
      const c = input.cardinality();
      if (count < 0) return c;
      if (c === INFINITE) return count;
      return c === UNKNOWN ? UNKNOWN : Math.min(c, count);
    },
    open() {
      const it = input.open();
      return (function* () {
        for (let i = 0; count < 0 || i < count; i++) {
          const r = it.next();
          if (r.done) return;
          yield r.value;
        }
      })();
    },
  };
}

export function skip(input: Dataset, count: number): Dataset {
  return {
    kind: '_SkipDataset',
    spec: input.spec,
    cardinality: () => {
      const c = input.cardinality();
      if (c < 0) return c;
      return count < 0 ? 0 : Math.max(0, c - count);
    },
    open() {
      const it = input.open();
      return (function* () {
        for (let i = 0; count < 0 || i < count; i++) if (it.next().done) return;
        for (let r = it.next(); !r.done; r = it.next()) yield r.value;
      })();
    },
  };
}

export function repeat(input: Dataset, count: number): Dataset {
  return {
    kind: '_RepeatDataset',
    spec: input.spec,
    cardinality: () => {
      const c = input.cardinality();
      if (count === 0 || c === 0) return 0;
      if (c === UNKNOWN) return UNKNOWN;
      if (count < 0 || c === INFINITE) return INFINITE;
      return c * count;
    },
    open() {
      // TF opens the input's iterator when the repetition starts: the first at once, the next when one ends.
      let it: Iterator<Element> | null = count === 0 ? null : input.open();
      return (function* () {
        for (let k = 1; it; k++) {
          let any = false;
          for (let r = it.next(); !r.done; r = it.next()) {
            any = true;
            yield r.value;
          }
          it = any && (count < 0 || k < count) ? input.open() : null;
        }
      })();
    },
  };
}

function stackLeaves(parts: Tensor[], component: number): Tensor {
  const first = parts[0];
  const inner = first.size;
  const data = allocate(first.dtype, inner * parts.length) as unknown[] & Tensor['data'];
  parts.forEach((t, i) => {
    if (t.shape.length !== first.shape.length || t.shape.some((d, k) => d !== first.shape[k])) {
      throw new EngineError(
        'InvalidArgumentError',
        `Cannot batch tensors with different shapes in component ${component}. First element had shape ${shapeText(first.shape)} and element ${i} had shape ${shapeText(t.shape)}.`,
      );
    }
    for (let k = 0; k < inner; k++) data[i * inner + k] = t.data[k];
  });
  return new Tensor(first.dtype, [parts.length, ...first.shape], data);
}

/** Stacks elements of one structure into a batch. */
export function stackElements(batch: Element[]): Element {
  const first = batch[0];
  const columns = leaves(first).map((_, i) => batch.map((e) => leaves(e)[i]));
  const stacked = columns.map((c, i) => stackLeaves(c, i));
  return mapLeaves(first, (_t, i) => stacked[i]);
}

export function batch(input: Dataset, size: number, dropRemainder: boolean): Dataset {
  if (size <= 0) throw opError('BatchDataset', 'Batch size must be greater than zero.');
  return {
    kind: '_BatchDataset',
    spec: input.spec && mapSpec(input.spec, (l) => ({ ...l, shape: [dropRemainder ? size : null, ...l.shape] })),
    cardinality: () => {
      const c = input.cardinality();
      if (c < 0) return c;
      return dropRemainder ? Math.floor(c / size) : Math.ceil(c / size);
    },
    open() {
      const it = input.open();
      return (function* () {
        for (;;) {
          const part: Element[] = [];
          for (let r = it.next(); !r.done; r = it.next()) {
            part.push(r.value);
            if (part.length === size) break;
          }
          if (part.length === 0 || (dropRemainder && part.length < size)) return;
          yield stackElements(part);
          if (part.length < size) return;
        }
      })();
    },
  };
}

export function map(input: Dataset, spec: Spec | null, f: Mapper): Dataset {
  return {
    kind: '_MapDataset',
    spec,
    cardinality: () => input.cardinality(),
    open() {
      const it = input.open();
      return (function* () {
        for (let r = it.next(); !r.done; r = it.next()) yield f(r.value);
      })();
    },
  };
}

export function filter(input: Dataset, keep: (e: Element) => boolean): Dataset {
  return {
    kind: '_FilterDataset',
    spec: input.spec,
    cardinality: () => (input.cardinality() === INFINITE ? INFINITE : UNKNOWN),
    open() {
      const it = input.open();
      return (function* () {
        for (let r = it.next(); !r.done; r = it.next()) if (keep(r.value)) yield r.value;
      })();
    },
  };
}

// ---- shuffle ------------------------------------------------------------------------------------------------------

/** While > 0, iterators are opened only to look at a first element: seed generators do not advance. */
let peeking = 0;

export function peekFirst(d: Dataset): Element | undefined {
  peeking++;
  try {
    const r = d.open().next();
    return r.done ? undefined : r.value;
  } finally {
    peeking--;
  }
}

/** Word `w` of the Philox stream keyed by (seed, seed2), as `SingleSampleAdapter` hands them out. */
function philoxWord(seed: number, seed2: number, w: number): number {
  const p = Philox.fromSeeds(seed, seed2);
  p.skip(Math.floor(w / 4));
  return p.next()[w % 4];
}

export function shuffle(
  input: Dataset,
  bufferSize: number,
  seeds: { seed: number; seed2: number; unseeded: boolean },
  reshuffle: boolean,
): Dataset {
  if (bufferSize <= 0) throw opError('ShuffleDatasetV3', 'buffer_size must be greater than zero.');
  let draws = 0;
  /** The seeds of the next iterator: `RandomSeedGenerator::GenerateSeeds` or the fixed seeds. */
  const iteratorSeeds = (): [number, number] => {
    if (!reshuffle) return [seeds.seed, seeds.seed2];
    const s: [number, number] = [
      philoxWord(seeds.seed, seeds.seed2, draws),
      philoxWord(seeds.seed, seeds.seed2, draws + 1),
    ];
    if (peeking === 0) draws += 2;
    return s;
  };
  return {
    kind: '_ShuffleDataset',
    spec: input.spec,
    cardinality: () => input.cardinality(),
    open() {
      // The seeds are drawn when the iterator is made (`Initialize`), the input's iterator at the first element.
      const [s1, s2] = iteratorSeeds();
      const rng = new SingleSample(Philox.fromSeeds(s1, s2));
      return (function* () {
        const buffer: Element[] = [];
        const slot = (i: number) => i % bufferSize;
        let it: Iterator<Element> | null = input.open();
        let start = 0;
        let end = 0;
        for (;;) {
          while (it && end - start < bufferSize) {
            const r = it.next();
            if (r.done) it = null;
            else buffer[slot(end++)] = r.value;
          }
          if (end === start) return;
          const index = slot(start + (rng.next() % (end - start)));
          const out = buffer[index];
          buffer[index] = buffer[slot(start)];
          start++;
          yield seeds.unseeded ? mapLeaves(out, (t) => markUnseeded(new Tensor(t.dtype, t.shape, t.data))) : out;
        }
      })();
    },
  };
}
