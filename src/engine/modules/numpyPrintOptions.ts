/**
 * `np.set_printoptions`, `np.get_printoptions` and `with np.printoptions(...)`: the run's print options, which
 * `str`/`repr` of NumPy arrays and of TF tensors (TF prints through NumPy) follow. Options the formatter does not
 * implement (`formatter`, `legacy`, `override_repr`) are not supported: the call is unknown and the options stay.
 */

import { dictSet } from '../python/dict';
import { pyError, TypeError, ValueError } from '../python/exceptions';
import { def, nativeClass } from '../python/native';
import { type CallContext, type PyClass, PyDict, PyInstance, type PyValue } from '../python/values';
import {
  DEFAULT_PRINT_OPTIONS,
  type FloatMode,
  type PrintOptions,
  printOptions,
  setPrintOptions,
} from '../tensor/formatArray';

const SIGNATURE =
  'set_printoptions(precision=None, threshold=None, edgeitems=None, linewidth=None, suppress=None, nanstr=None, infstr=None, formatter=None, sign=None, floatmode=None, *, legacy=None, override_repr=None)';

const FLOAT_MODES: readonly FloatMode[] = ['fixed', 'unique', 'maxprec', 'maxprec_equal'];

type Args = Record<string, PyValue>;

const isInt = (v: PyValue): v is bigint | boolean => typeof v === 'bigint' || typeof v === 'boolean';

function numeric(v: PyValue, name: string): number {
  if (typeof v === 'number') return v;
  if (isInt(v)) return Number(v);
  throw pyError(TypeError, `${name} must be numeric`);
}

/** The options after applying the given arguments (None leaves an option as it is), as NumPy validates them. */
function merged(a: Args, ctx: CallContext, what: string): PrintOptions | undefined {
  for (const k of ['formatter', 'legacy', 'override_repr']) {
    if (a[k] !== null && !(k === 'legacy' && a[k] === false)) {
      ctx.unsupported(`${what}(${k}=...)`);
      return undefined;
    }
  }
  const o: PrintOptions = { ...printOptions() };
  if (a.precision !== null) {
    if (!isInt(a.precision)) throw pyError(TypeError, 'precision must be an integer');
    o.precision = Number(a.precision);
  }
  if (a.threshold !== null) o.threshold = numeric(a.threshold, 'threshold');
  if (a.edgeitems !== null) o.edgeitems = numeric(a.edgeitems, 'edgeitems');
  if (a.linewidth !== null) o.linewidth = numeric(a.linewidth, 'linewidth');
  if (a.suppress !== null) o.suppress = ctx.truthy(a.suppress);
  if (a.nanstr !== null) o.nanstr = String(a.nanstr);
  if (a.infstr !== null) o.infstr = String(a.infstr);
  if (a.sign !== null) {
    if (a.sign !== '-' && a.sign !== '+' && a.sign !== ' ') {
      throw pyError(ValueError, "sign option must be one of ' ', '+', or '-'");
    }
    o.sign = a.sign;
  }
  if (a.floatmode !== null) {
    if (!FLOAT_MODES.includes(a.floatmode as FloatMode)) {
      throw pyError(ValueError, 'floatmode option must be one of "fixed", "unique", "maxprec", "maxprec_equal"');
    }
    o.floatmode = a.floatmode as FloatMode;
  }
  return o;
}

function asDict(o: Readonly<PrintOptions>): PyDict {
  const d = new PyDict();
  const entries: [string, PyValue][] = [
    ['edgeitems', BigInt(o.edgeitems)],
    ['threshold', Number.isInteger(o.threshold) ? BigInt(o.threshold) : o.threshold],
    ['floatmode', o.floatmode],
    ['precision', BigInt(o.precision)],
    ['suppress', o.suppress],
    ['linewidth', Number.isInteger(o.linewidth) ? BigInt(o.linewidth) : o.linewidth],
    ['nanstr', o.nanstr],
    ['infstr', o.infstr],
    ['sign', o.sign],
    ['formatter', null],
    ['legacy', false],
    ['override_repr', null],
  ];
  for (const [k, v] of entries) dictSet(d, k, v);
  return d;
}

let PrintOptionsContext: PyClass | undefined;

interface ContextState {
  options: Readonly<PrintOptions>;
  saved: Readonly<PrintOptions>[];
}

function contextClass(): PyClass {
  PrintOptionsContext ??= nativeClass({
    name: '_GeneratorContextManager',
    module: 'contextlib',
    methods: {
      __enter__: def('__enter__(self)', ({ self }) => {
        const st = (self as PyInstance).payload as ContextState;
        st.saved.push(printOptions());
        setPrintOptions(st.options);
        return asDict(st.options);
      }),
      __exit__: def('__exit__(self, *args)', ({ self }) => {
        const st = (self as PyInstance).payload as ContextState;
        const saved = st.saved.pop();
        if (saved) setPrintOptions(saved);
        return false;
      }),
    },
  });
  return PrintOptionsContext;
}

export function printOptionFunctions(): Record<string, PyValue> {
  return {
    set_printoptions: def(SIGNATURE, (a, ctx) => {
      const o = merged(a, ctx, 'np.set_printoptions');
      if (o === undefined) return null;
      setPrintOptions(o);
      return null;
    }),
    get_printoptions: def('get_printoptions()', () => asDict(printOptions())),
    printoptions: def(SIGNATURE.replace('set_printoptions', 'printoptions'), (a, ctx) => {
      const o = merged(a, ctx, 'np.printoptions');
      if (o === undefined) return null;
      return new PyInstance(contextClass(), { options: o, saved: [] } satisfies ContextState);
    }),
  };
}

/** NumPy's defaults again (a new run is a new Python process). */
export function resetPrintOptions(): void {
  setPrintOptions(DEFAULT_PRINT_OPTIONS);
}
