/** The `tensorflow` module: namespaces assembled from the op table plus tapes, variables, Module and friends. */

import { recordCustomGradient } from '../autodiff/customGradient';
import { EngineError } from '../errors';
import { registeredOps } from '../ops/registry';
import { dictGet } from '../python/dict';
import { defineExceptionClass, Exception, pyError, TypeError } from '../python/exceptions';
import { pyStr } from '../python/format';
import { def, nativeClass, nativeModule } from '../python/native';
import { runtime } from '../python/runtime';
import {
  type CallContext,
  type PyClass,
  type PyDict,
  PyInstance,
  PyList,
  type PyModule,
  type PyNativeFunction,
  PyTuple,
  PyUnknown,
  type PyValue,
} from '../python/values';
import { DTYPES } from '../tensor/dtype';
import { previewNumber } from '../tensor/format';
import { Tensor, Variable } from '../tensor/tensor';
import { classes, wrapDType, wrapTensor } from './boxes';
import { dtypeArg, toTensor } from './convert';
import { dataModule } from './data/datasetClass';
import { imageModule } from './image';
import { moduleSetattr } from './listWrapper';
import { allClose } from './numpy';
import { randomExtras } from './randomExtras';
import { createTapeClasses } from './tapeClass';
import { tensorArrayClass } from './tensorArray';
import { createTensorClasses } from './tensorClass';
import { configModule } from './tfConfig';
import { executingEagerly, specClass, tfFunction, tfPrintEmit } from './tfFunction';
import { linalgFunctions } from './tfLinalg';
import { manipFunctions, searchFunctions } from './tfManip';
import { OPS } from './tfOps';
import { scatterFunctions } from './tfScatter';
import { segmentFunctions } from './tfSegment';
import { selectFunctions } from './tfSelect';
import { sortFunctions } from './tfSort';
import { stringsModule } from './tfStrings';
import { bindVar, createVariableClasses, makeVariable, moduleVariables } from './variableClass';

/** The ops named in `names`, by name. `OPS` is built once per worker, so each pick is too (callers only read it). */
const pick = (names: string[]): Readonly<Record<string, PyValue>> => {
  const cached = picked.get(names);
  if (cached) return cached;
  const out: Record<string, PyValue> = {};
  for (const n of names) {
    const f = OPS[n];
    if (!f) throw new Error(`tensorflow: no op ${n}`);
    out[n] = f;
  }
  picked.set(names, out);
  return out;
};
const picked = new Map<string[], Record<string, PyValue>>();

/**
 * The functions of a namespace (`tf.math`): every op whose display record names it there (`tf.math.reduce_sum`, or an
 * alias such as `tf.reduce_sum`) and that `OPS` defines, then the compositions (functions made of several ops).
 */
function namespace(path: string, compositions: readonly string[]): string[] {
  const out = new Set<string>();
  for (const op of registeredOps()) {
    if (!op.display) continue;
    for (const p of [op.display.api, ...(op.display.aliases ?? [])]) {
      const dot = p.lastIndexOf('.');
      if (p.slice(0, dot) === path && Object.hasOwn(OPS, p.slice(dot + 1))) out.add(p.slice(dot + 1));
    }
  }
  for (const n of compositions) out.add(n);
  return [...out];
}

const MATH = namespace('tf.math', ['logical_xor', 'reduce_logsumexp', 'reduce_std', 'reduce_variance', 'log_softmax']);
const TOP = namespace('tf', [
  'constant',
  'convert_to_tensor',
  'zeros',
  'ones',
  'zeros_like',
  'ones_like',
  'eye',
  'linspace',
  'unstack',
  'split',
  'reduce_logsumexp',
  'tensordot',
  'einsum',
  'norm',
  'clip_by_value',
  'clip_by_norm',
]);
const NN = namespace('tf.nn', ['gelu', 'sigmoid_cross_entropy_with_logits', 'dropout', 'moments']);
const LINALG = namespace('tf.linalg', ['matvec', 'tensordot', 'einsum', 'norm', 'trace', 'eye']);

/** `tf.errors.*`: TF's exception classes, by the `pyType` names the engine raises. */
export function tfExceptions(): Record<string, PyClass> {
  const M = 'tensorflow.python.framework.errors_impl';
  const OpError = defineExceptionClass('OpError', Exception, M);
  const out: Record<string, PyClass> = { OpError };
  for (const n of [
    'InvalidArgumentError',
    'NotFoundError',
    'ResourceExhaustedError',
    'UnimplementedError',
    'InternalError',
    'FailedPreconditionError',
    'OutOfRangeError',
    'UnknownError',
    'AbortedError',
  ]) {
    out[n] = defineExceptionClass(n, OpError, M);
  }
  return out;
}

/** `@tf.custom_gradient`: calls `f`, then records one op whose gradient is the returned `grad_fn`. */
function customGradient(f: PyValue): PyNativeFunction {
  return def('custom_gradient_wrapper(*args, **kwargs)', (a, ctx) => {
    const args = (a.args as PyTuple).items.slice();
    const kwargs = new Map<string, PyValue>();
    for (const e of (a.kwargs as PyDict).map.values()) kwargs.set(e.key as string, e.value);
    const out = ctx.call(f, args, kwargs);
    if (!(out instanceof PyTuple) || out.items.length !== 2) {
      throw pyError(TypeError, 'A function decorated with @tf.custom_gradient must return a tuple (result, grad_fn).');
    }
    const [y, gradFn] = out.items;
    const inputs = args.filter(
      (a) => a instanceof PyInstance && (a.payload instanceof Tensor || a.payload instanceof Variable),
    );
    const tensors = inputs.map((a) => {
      const p = (a as PyInstance).payload;
      return p instanceof Variable ? p.handle : (p as Tensor);
    });
    const yt = toTensor(y);
    const recorded = recordCustomGradient(tensors, yt, (g) => {
      const r = runtime().call(gradFn, [wrapTensor(g)]);
      const list = r instanceof PyList || r instanceof PyTuple ? r.items : [r];
      return list.map((x, i) => (x === null ? null : toTensor(x, tensors[i]?.dtype)));
    });
    return wrapTensor(recorded);
  });
}

/** `@tf.function`, `tf.function(f)` and `@tf.function(...)`: run eagerly. */

/** `tf.print`: TF's summarised formatting (`[1 2 3]`, numbers without trailing zeros). */
function tfPrint(args: PyValue[], ctx: CallContext, sep: string): string {
  return args
    .map((a) => {
      if (a instanceof PyInstance && (a.payload instanceof Tensor || a.payload instanceof Variable)) {
        return tfPrintText(toTensor(a));
      }
      return ctx.str(a);
    })
    .join(sep);
}

function tfPrintText(t: Tensor): string {
  const fmt = (i: number) => (t.dtype === 'string' ? String(t.data[i]) : previewNumber(t.num(i), t.dtype, 6));
  const rec = (dim: number, offset: number): string => {
    if (dim === t.rank) return fmt(offset);
    const n = t.shape[dim];
    const stride = t.shape.slice(dim + 1).reduce((a, b) => a * b, 1);
    const idx = n > 6 ? [0, 1, 2, -1, n - 3, n - 2, n - 1] : [...Array(n).keys()];
    return `[${idx.map((i) => (i < 0 ? '...' : rec(dim + 1, offset + i * stride))).join(dim === t.rank - 1 ? ' ' : '\n ')}]`;
  };
  return rec(0, 0);
}

function assertion(name: string, sig: string, check: (a: Record<string, PyValue>) => string | null): PyNativeFunction {
  return def(`${name}(${sig})`, (a) => {
    const problem = check(a);
    if (problem) {
      const msg = a.message === null || a.message === undefined ? '' : `${pyStr(a.message)}\n`;
      throw new EngineError('InvalidArgumentError', `${msg}${problem}`);
    }
    return null;
  });
}

export function tensorflowModule(exceptions: Record<string, PyClass>): PyModule {
  createTensorClasses();
  createVariableClasses();
  const tapes = createTapeClasses();

  classes.Variable.dict.set(
    '__init__',
    def(
      '__init__(self, initial_value=None, trainable=None, validate_shape=True, caching_device=None, name=None, variable_def=None, dtype=None, import_scope=None, constraint=None, synchronization=None, aggregation=None, shape=None)',
      (a) => {
        bindVar(a.self as PyInstance, makeVariable(a.initial_value, a.trainable, a.name, a.dtype));
        return null;
      },
    ),
  );

  const Module = nativeClass({
    name: 'Module',
    module: 'tensorflow.python.module.module',
    methods: {
      __init__: def('__init__(self, name=None)', ({ self, name }) => {
        (self as PyInstance).payload = name;
        return null;
      }),
      __setattr__: moduleSetattr,
    },
    getters: {
      variables: (s) => moduleVariables(s, isModule, false),
      trainable_variables: (s) => moduleVariables(s, isModule, true),
      name: (s) =>
        typeof s.payload === 'string' ? s.payload : s.cls.name.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase(),
      submodules: (s) => new PyTuple([...(s.dict?.values() ?? [])].filter(isModule)),
    },
  });
  const isModule = (v: PyValue) => v instanceof PyInstance && v.cls.isSubclassOf(Module);

  const dtypes: Record<string, PyValue> = {};
  for (const d of DTYPES) dtypes[d] = wrapDType(d);
  dtypes.double = dtypes.float64;
  dtypes.half = dtypes.float16;
  const dtypesModule = nativeModule('tensorflow.dtypes', {
    ...dtypes,
    DType: classes.DType,
    as_dtype: def('as_dtype(type_value)', (a) => wrapDType(dtypeArg(a.type_value) ?? 'float32')),
  });

  const errors = nativeModule('tensorflow.errors', exceptions);
  const select = selectFunctions();
  const sorting = sortFunctions();
  const manip = manipFunctions();
  const search = searchFunctions();
  const linalgExtra = linalgFunctions();
  const l2_normalize = linalgExtra.l2_normalize;
  const math = nativeModule('tensorflow.math', {
    ...pick(MATH),
    ...select.math,
    l2_normalize,
    ...sorting.math,
    ...segmentFunctions(),
    ...search.math,
  });
  const nn = nativeModule('tensorflow.nn', { ...pick(NN), l2_normalize, ...sorting.nn });
  const linalg = nativeModule('tensorflow.linalg', { ...pick(LINALG), ...linalgExtra, ...manip.linalg });
  const random = nativeModule('tensorflow.random', {
    normal: OPS.normal,
    uniform: OPS.uniform,
    truncated_normal: OPS.truncated_normal,
    shuffle: OPS.shuffle,
    set_seed: OPS.set_seed,
    ...select.random,
    ...randomExtras(),
  });
  const autodiff = nativeModule('tensorflow.autodiff', { ForwardAccumulator: tapes.ForwardAccumulator });

  const debugging = nativeModule('tensorflow.debugging', {
    assert_equal: assertion('assert_equal', 'x, y, message=None, summarize=None, name=None', (a) =>
      allClose(toTensor(a.x), toTensor(a.y), 0, 0) ? null : 'Condition x == y did not hold.',
    ),
    assert_near: assertion('assert_near', 'x, y, rtol=None, atol=None, message=None, summarize=None, name=None', (a) =>
      allClose(
        toTensor(a.x),
        toTensor(a.y),
        a.rtol === null ? 1e-6 : Number(a.rtol),
        a.atol === null ? 1e-6 : Number(a.atol),
      )
        ? null
        : 'x and y not equal to tolerance rtol = 1e-06, atol = 1e-06',
    ),
    assert_all_finite: assertion('assert_all_finite', 't, msg, name=None', (a) => {
      const t = toTensor(a.t);
      for (let i = 0; i < t.size; i++) if (!Number.isFinite(t.num(i))) return `${pyStr(a.msg)} : Tensor had NaN values`;
      return null;
    }),
    check_numerics: def('check_numerics(tensor, message, name=None)', (a) => {
      const t = toTensor(a.tensor);
      for (let i = 0; i < t.size; i++) {
        if (!Number.isFinite(t.num(i))) {
          throw new EngineError(
            'InvalidArgumentError',
            `${pyStr(a.message)} : Tensor had ${Number.isNaN(t.num(i)) ? 'NaN' : 'Inf'} values`,
          );
        }
      }
      return a.tensor;
    }),
  });

  const tf: Record<string, PyValue> = {
    ...pick(TOP),
    ...scatterFunctions(),
    ...select.top,
    ...sorting.top,
    ...manip.top,
    ...search.top,
    ...dtypes,
    Tensor: classes.Tensor,
    Variable: classes.Variable,
    IndexedSlices: classes.IndexedSlices,
    TensorShape: classes.TensorShape,
    DType: classes.DType,
    GradientTape: tapes.GradientTape,
    UnconnectedGradients: tapes.UnconnectedGradients,
    Module,
    newaxis: null,
    math,
    nn,
    linalg,
    random,
    autodiff,
    image: imageModule(),
    data: dataModule(),
    strings: stringsModule(),
    dtypes: dtypesModule,
    errors,
    debugging,
    custom_gradient: def('custom_gradient(f=None)', (a) => customGradient(a.f)),
    function: tfFunction,
    TensorSpec: specClass(),
    TensorArray: tensorArrayClass(),
    config: configModule(),
    executing_eagerly: def('executing_eagerly()', () => executingEagerly()),
    print: def(
      'print(*inputs, **kwargs)',
      ({ inputs, kwargs }, ctx) => {
        // `output_stream` (sys.stderr by default) and `summarize` do not change the text shown here.
        const items = (inputs as PyTuple).items;
        const unknown = items.find((a) => a instanceof PyUnknown);
        if (unknown !== undefined) return unknown;
        const kw = kwargs as PyDict;
        const sep = dictGet(kw, 'sep');
        const end = dictGet(kw, 'end');
        tfPrintEmit(
          tfPrint(items.slice(), ctx, typeof sep === 'string' ? sep : ' '),
          typeof end === 'string' ? end : '\n',
          ctx,
        );
        return null;
      },
      { acceptsUnknown: true },
    ),
    is_tensor: def(
      'is_tensor(x)',
      (a) => a.x instanceof PyInstance && (a.x.payload instanceof Tensor || a.x.payload instanceof Variable),
    ),
    __version__: '2.21.0',
  };
  return nativeModule('tensorflow', tf);
}
