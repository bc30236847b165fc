/**
 * `tf.data`: `Dataset` (the sources `from_tensor_slices`, `from_tensors`, `range`, `zip`; the transformations
 * `batch`, `unbatch`, `shuffle`, `map`, `filter`, `take`, `skip`, `repeat`, `concatenate`, `enumerate`, `prefetch`,
 * `cache`; `element_spec`, `cardinality` (also `tf.data.experimental.cardinality`),
 * `len`, iteration and `as_numpy_iterator`) over the pipelines of `pipeline.ts`. A `map` function runs as TF runs it:
 * traced once when `map` is called (its `print`s happen then, its arguments print as symbolic tensors), then run
 * per element with Python's `print` silenced.
 */
import { EngineError } from '../../errors';
import { datasetSeeds } from '../../ops/random';
import { printGate } from '../../python/builtins';
import { dictEntries, newDict } from '../../python/dict';
import { AttributeError, pyError, TypeError, ValueError } from '../../python/exceptions';
import { iteratorOf } from '../../python/iteration';
import { def, nativeClass, nativeModule, wrap } from '../../python/native';
import {
  type CallContext,
  type PyClass,
  PyDict,
  PyInstance,
  PyList,
  type PyModule,
  PyTuple,
  type PyValue,
  typeOf,
} from '../../python/values';
import type { DType } from '../../tensor/dtype';
import { tfDTypeRepr } from '../../tensor/format';
import { Tensor } from '../../tensor/tensor';
import { wrapTensor } from '../boxes';
import { dtypeArg, intArg, toTensor } from '../convert';
import { markSymbolic } from '../symbolic';
import { toNumpy } from '../tensorClass';
import { specClass, tensorSpecRepr } from '../tfFunction';
import { concatenate, countFrom, type Nest, unbatch, zip } from './combine';
import * as P from './pipeline';

const MODULE = 'tensorflow.python.data.ops.dataset_ops';

let DatasetClass: PyClass | undefined;
const kinds = new Map<string, PyClass>();

/** The pipeline behind a `Dataset` instance. */
export function pipelineOf(v: PyValue): P.Dataset | undefined {
  return v instanceof PyInstance && DatasetClass && v.cls.isSubclassOf(DatasetClass)
    ? (v.payload as P.Dataset)
    : undefined;
}

export function isDataset(v: PyValue): boolean {
  return pipelineOf(v) !== undefined;
}

function wrapDataset(d: P.Dataset): PyInstance {
  let cls = kinds.get(d.kind);
  if (!cls) {
    cls = nativeClass({ name: d.kind, module: MODULE, bases: [datasetClass()] });
    kinds.set(d.kind, cls);
  }
  return wrap(cls, d);
}

// ---- Python values ↔ elements ------------------------------------------------------------------------------------

/**
 * A structure given to `from_tensor_slices` / `from_tensors` or returned by a `map` function: tuples and dicts are
 * structure; anything else (a list too) becomes one tensor, except the list a `map` function returns, which is a
 * tuple (`listsAreTuples`), as TF converts it.
 */
export function toElement(v: PyValue, listsAreTuples = false): P.Element {
  if (v instanceof PyTuple || (listsAreTuples && v instanceof PyList)) {
    return { kind: 'tuple', items: v.items.map((x) => toElement(x)) };
  }
  if (v instanceof PyDict) {
    const entries = [...dictEntries(v)];
    return {
      kind: 'dict',
      keys: entries.map((e) => e.key),
      items: entries.map((e) => toElement(e.value)),
    };
  }
  return toTensor(v);
}

/** An element as Python values: tensors (iteration) or NumPy values (`as_numpy_iterator`). */
export function fromElement(e: P.Element, leaf: (t: Tensor) => PyValue = wrapTensor): PyValue {
  if (e instanceof Tensor) return leaf(e);
  const items = e.items.map((x) => fromElement(x, leaf));
  if (e.kind === 'tuple') return new PyTuple(items);
  return newDict(e.keys.map((k, i) => [k, items[i]]));
}

function specValue(s: P.Spec): PyValue {
  if (s.kind === 'leaf') return new PyInstance(specClass(), { shape: s.shape, dtype: s.dtype, name: null });
  const items = s.items.map(specValue);
  if (s.kind === 'tuple') return new PyTuple(items);
  return newDict(s.keys.map((k, i) => [k, items[i]]));
}

function specText(s: P.Spec): string {
  if (s.kind === 'leaf') return tensorSpecRepr({ shape: s.shape, dtype: s.dtype, name: null });
  const items = s.items.map(specText);
  if (s.kind === 'tuple') return `(${items.join(', ')}${items.length === 1 ? ',' : ''})`;
  return `{${s.keys.map((k, i) => `'${String(k)}': ${items[i]}`).join(', ')}}`;
}

// ---- map and filter functions -------------------------------------------------------------------------------------

/** The arguments a function gets for an element: a tuple's items, else the element itself. */
function argsOf(e: P.Element, leaf: (t: Tensor, i: number) => PyValue): PyValue[] {
  const counter = { i: 0 };
  const conv = (x: P.Element): PyValue => {
    if (x instanceof Tensor) return leaf(x, counter.i++);
    const items = x.items.map(conv);
    if (x.kind === 'tuple') return new PyTuple(items);
    return newDict(x.keys.map((k, i) => [k, items[i]]));
  };
  return !(e instanceof Tensor) && e.kind === 'tuple' ? e.items.map(conv) : [conv(e)];
}

/** Calls `fn` on an element with Python's `print` silenced (a traced function's graph runs no Python). */
function runTraced(fn: PyValue, e: P.Element, ctx: CallContext): PyValue {
  printGate.closed++;
  try {
    return ctx.call(
      fn,
      argsOf(e, (t) => wrapTensor(t)),
    );
  } finally {
    printGate.closed--;
  }
}

/** The trace of a function on the input's first element: its arguments symbolic (`args_0:0`) with the input's spec. */
function trace(fn: PyValue, input: P.Dataset, ctx: CallContext): PyValue | undefined {
  const first = P.peekFirst(input);
  if (first === undefined) return undefined;
  const specs = input.spec ? specLeaves(input.spec) : [];
  return ctx.call(
    fn,
    argsOf(first, (t, i) => {
      const w = wrapTensor(t);
      markSymbolic(w, { name: `args_${i}:0`, shape: specs[i]?.shape ?? [...t.shape] });
      return w;
    }),
  );
}

function specLeaves(s: P.Spec): P.LeafSpec[] {
  return s.kind === 'leaf' ? [s] : s.items.flatMap(specLeaves);
}

function mapDataset(input: P.Dataset, fn: PyValue, ctx: CallContext): P.Dataset {
  const out = trace(fn, input, ctx);
  const known = out !== undefined && input.spec !== null && P.fullyDefined(input.spec);
  const spec = known ? P.specOf(toElement(out, true)) : null;
  return P.map(input, spec, (e) => toElement(runTraced(fn, e, ctx), true));
}

function filterDataset(input: P.Dataset, fn: PyValue, ctx: CallContext): P.Dataset {
  const check = (v: PyValue): boolean => {
    const t = toTensor(v);
    if (t.dtype !== 'bool' || t.rank !== 0) {
      throw pyError(
        ValueError,
        `Invalid \`predicate\`. \`predicate\` must return a \`tf.bool\` scalar tensor, but its return type is ${tfDTypeRepr(t.dtype)}.`,
      );
    }
    return t.num(0) !== 0;
  };
  const out = trace(fn, input, ctx);
  if (out !== undefined) check(out);
  return P.filter(input, (e) => check(runTraced(fn, e, ctx)));
}

// ---- zip ----------------------------------------------------------------------------------------------------------

/** `zip`'s argument as a nest of pipelines: tuples and dicts are structure (tf.data's nest takes lists as leaves). */
function datasetNest(v: PyValue, ctx: CallContext): Nest<P.Dataset> {
  if (v instanceof PyTuple) return { kind: 'tuple', items: v.items.map((x) => datasetNest(x, ctx)) };
  if (v instanceof PyDict) {
    const entries = [...dictEntries(v)];
    return { kind: 'dict', keys: entries.map((e) => e.key), items: entries.map((e) => datasetNest(e.value, ctx)) };
  }
  const d = pipelineOf(v);
  if (d) return { kind: 'leaf', value: d };
  if (v instanceof PyList) {
    throw pyError(
      TypeError,
      'Invalid input to `zip`. Inputs are expected to be (nested) structures of `tf.data.Dataset` objects. Python `list` is not supported and you should use `tuple` instead.',
    );
  }
  throw pyError(
    TypeError,
    `Invalid input to \`zip\`. Inputs are expected to be (nested) structures of \`tf.data.Dataset\` objects but encountered object of type ${ctx.repr(typeOf(v))}.`,
  );
}

function zipDataset(args: PyValue[], datasets: PyValue, ctx: CallContext): P.Dataset {
  if (args.length === 0 && datasets === null) throw pyError(TypeError, 'Must pass at least one dataset to `zip`.');
  if (args.length && datasets !== null) throw pyError(TypeError, 'Both `*args` and `datasets` cannot be set.');
  const given = args.length === 1 ? args[0] : args.length > 1 ? new PyTuple(args) : datasets;
  return zip(datasetNest(given, ctx));
}

// ---- the class ----------------------------------------------------------------------------------------------------

const pipe = (v: PyValue): P.Dataset => (v as PyInstance).payload as P.Dataset;

function cardinalityText(c: number): string {
  return c === P.INFINITE ? 'The dataset is infinite.' : 'The dataset length is unknown.';
}

/** A count (`take`, `skip`, `repeat`): None and -1 mean all. */
const countArg = (v: PyValue): number => (v === null ? -1 : Number(toTensor(v, 'int64').num(0)));

function rangeDataset(args: PyValue[], dtype: DType): P.Dataset {
  const n = args.map((a) => Number(toTensor(a, 'int64').num(0)));
  if (n.length === 0 || n.length > 3) {
    throw pyError(
      ValueError,
      `Invalid \`args\`. The length of \`args\` should be between 1 and 3 but was ${n.length}.`,
    );
  }
  const [start, stop, step] = n.length === 1 ? [0, n[0], 1] : [n[0], n[1], n[2] ?? 1];
  return P.range(start, stop, step, dtype);
}

export function datasetClass(): PyClass {
  if (DatasetClass) return DatasetClass;
  DatasetClass = nativeClass({
    name: 'DatasetV2',
    module: MODULE,
    methods: {
      __iter__: def('__iter__(self)', ({ self }) => {
        const it = pipe(self).open();
        return iteratorOf(
          (function* () {
            for (let r = it.next(); !r.done; r = it.next()) yield fromElement(r.value);
          })(),
          'OwnedIterator',
        );
      }),
      __len__: def('__len__(self)', ({ self }) => {
        const c = pipe(self).cardinality();
        if (c < 0) throw pyError(TypeError, cardinalityText(c));
        return BigInt(c);
      }),
      __bool__: def('__bool__(self)', () => true),
      __repr__: def('__repr__(self)', ({ self }, ctx) => {
        const d = pipe(self);
        if (!d.spec) return ctx.unsupported(`repr() of a ${d.kind} whose element_spec is not known`);
        return `<${d.kind} element_spec=${specText(d.spec)}>`;
      }),
      as_numpy_iterator: def('as_numpy_iterator(self)', ({ self }) => {
        const it = pipe(self).open();
        return iteratorOf(
          (function* () {
            for (let r = it.next(); !r.done; r = it.next()) yield fromElement(r.value, toNumpy);
          })(),
          'NumpyIterator',
        );
      }),
      cardinality: def('cardinality(self)', ({ self }) =>
        wrapTensor(new Tensor('int64', [], Float64Array.of(pipe(self).cardinality()))),
      ),
      batch: def(
        'batch(self, batch_size, drop_remainder=False, num_parallel_calls=None, deterministic=None, name=None)',
        (a) => wrapDataset(P.batch(pipe(a.self), intArg(a.batch_size, 'batch_size'), a.drop_remainder === true)),
      ),
      shuffle: def('shuffle(self, buffer_size, seed=None, reshuffle_each_iteration=True, name=None)', (a) => {
        const seed = a.seed === null ? null : Number(toTensor(a.seed, 'int64').num(0));
        return wrapDataset(
          P.shuffle(
            pipe(a.self),
            Number(toTensor(a.buffer_size, 'int64').num(0)),
            datasetSeeds(seed),
            a.reshuffle_each_iteration !== false,
          ),
        );
      }),
      map: def(
        'map(self, map_func, num_parallel_calls=None, deterministic=None, synchronous=None, use_unbounded_threadpool=False, name=None)',
        (a, ctx) => wrapDataset(mapDataset(pipe(a.self), a.map_func, ctx)),
      ),
      filter: def('filter(self, predicate, name=None)', (a, ctx) =>
        wrapDataset(filterDataset(pipe(a.self), a.predicate, ctx)),
      ),
      take: def('take(self, count, name=None)', (a) => wrapDataset(P.take(pipe(a.self), countArg(a.count)))),
      skip: def('skip(self, count, name=None)', (a) => wrapDataset(P.skip(pipe(a.self), countArg(a.count)))),
      repeat: def('repeat(self, count=None, name=None)', (a) => wrapDataset(P.repeat(pipe(a.self), countArg(a.count)))),
      concatenate: def('concatenate(self, dataset, name=None)', (a, ctx) => {
        const other = pipelineOf(a.dataset);
        if (!other) return ctx.unsupported('Dataset.concatenate of a value that is not a tf.data.Dataset');
        return wrapDataset(concatenate(pipe(a.self), other, specText));
      }),
      unbatch: def('unbatch(self, name=None)', (a) => wrapDataset(unbatch(pipe(a.self)))),
      enumerate: def('enumerate(self, start=0, name=None)', (a) =>
        wrapDataset(
          zip({
            kind: 'tuple',
            items: [
              { kind: 'leaf', value: countFrom(Number(toTensor(a.start, 'int64').num(0))) },
              { kind: 'leaf', value: pipe(a.self) },
            ],
          }),
        ),
      ),
      prefetch: def('prefetch(self, buffer_size, name=None)', (a) =>
        wrapDataset(P.identity(pipe(a.self), '_PrefetchDataset')),
      ),
      cache: def('cache(self, filename="", name=None)', (a, ctx) =>
        a.filename === ''
          ? wrapDataset(P.identity(pipe(a.self), 'CacheDataset'))
          : ctx.unsupported('Dataset.cache(filename)'),
      ),
    },
    staticMethods: {
      from_tensor_slices: def('from_tensor_slices(tensors, name=None)', (a) =>
        wrapDataset(P.fromTensorSlices(toElement(a.tensors))),
      ),
      from_tensors: def('from_tensors(tensors, name=None)', (a) => wrapDataset(P.fromTensors(toElement(a.tensors)))),
      zip: def('zip(*args, datasets=None, name=None)', (a, ctx) =>
        wrapDataset(zipDataset([...(a.args as PyTuple).items], a.datasets, ctx)),
      ),
      range: def('range(*args, **kwargs)', ({ args, kwargs }) => {
        const kw = kwargs as PyDict;
        // `_RangeDataset` reads `output_type` and `name` and ignores any other keyword.
        let dtype: DType = 'int64';
        for (const e of dictEntries(kw)) if (e.key === 'output_type') dtype = dtypeArg(e.value) ?? 'int64';
        return wrapDataset(rangeDataset([...(args as PyTuple).items], dtype));
      }),
    },
    getters: {
      element_spec: (s, ctx) => {
        const d = pipe(s);
        return d.spec
          ? specValue(d.spec)
          : ctx.unsupported(`element_spec of a ${d.kind} over elements of unknown shape`);
      },
    },
  });
  return DatasetClass;
}

/** The `tf.data` module. */
export function dataModule(): PyModule {
  const Dataset = datasetClass();
  const experimental = nativeModule('tensorflow.data.experimental', {
    cardinality: def('cardinality(dataset)', ({ dataset }, ctx) => {
      const d = pipelineOf(dataset);
      if (!d) {
        throw pyError(AttributeError, `'${typeOf(dataset).name}' object has no attribute '_variant_tensor'`);
      }
      return ctx.call(ctx.getAttr(dataset, 'cardinality'), []);
    }),
    INFINITE_CARDINALITY: BigInt(P.INFINITE),
    UNKNOWN_CARDINALITY: BigInt(P.UNKNOWN),
    AUTOTUNE: -1n,
  });
  return nativeModule('tensorflow.data', {
    Dataset,
    AUTOTUNE: -1n,
    INFINITE_CARDINALITY: BigInt(P.INFINITE),
    UNKNOWN_CARDINALITY: BigInt(P.UNKNOWN),
    experimental,
  });
}

/** A Dataset's elements, one iteration (Keras's epoch), as tensors; errors are TF's. */
export function datasetElements(v: PyValue): Iterator<P.Element> {
  const d = pipelineOf(v);
  if (!d) throw new EngineError('TypeError', 'not a tf.data.Dataset');
  return d.open();
}
