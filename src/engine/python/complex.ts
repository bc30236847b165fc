/**
 * Python's `complex`: a native class around `{re, im}` doubles, with CPython's arithmetic (mixed int/float operands
 * become complex first), division (Smith's algorithm, as CPython's `_Py_c_quot`), powers (repeated squaring for
 * small integer exponents, else polar form, as `_Py_c_pow`) and `repr`.
 */
import { OverflowError, pyError, TypeError, ZeroDivisionError } from './exceptions';
import { floatRepr } from './format';
import { def, nativeClass, wrap } from './native';
import { pyHash } from './numbers';
import {
  type CallContext,
  type KwArgs,
  NotImplemented,
  type PyClass,
  PyInstance,
  type PyValue,
  typeName,
} from './values';

export interface Complex {
  readonly re: number;
  readonly im: number;
}

export function isComplex(v: PyValue): v is PyInstance {
  return v instanceof PyInstance && v.cls.isSubclassOf(ComplexType);
}

export function newComplex(re: number, im: number): PyInstance {
  return wrap(ComplexType, { re, im } satisfies Complex);
}

/** The operand as a complex number, or undefined when it is not a number (then the operator gives NotImplemented). */
function asComplex(v: PyValue): Complex | undefined {
  switch (typeof v) {
    case 'number':
      return { re: v, im: 0 };
    case 'bigint': {
      const x = Number(v);
      if (!Number.isFinite(x)) throw pyError(OverflowError, 'int too large to convert to float');
      return { re: x, im: 0 };
    }
    case 'boolean':
      return { re: v ? 1 : 0, im: 0 };
  }
  return isComplex(v) ? (v.payload as Complex) : undefined;
}

function quot(a: Complex, b: Complex): Complex {
  const absRe = Math.abs(b.re);
  const absIm = Math.abs(b.im);
  if (absRe >= absIm) {
    if (absRe === 0) throw pyError(ZeroDivisionError, 'complex division by zero');
    const ratio = b.im / b.re;
    const denom = b.re + b.im * ratio;
    return { re: (a.re + a.im * ratio) / denom, im: (a.im - a.re * ratio) / denom };
  }
  if (absIm >= absRe) {
    const ratio = b.re / b.im;
    const denom = b.re * ratio + b.im;
    return { re: (a.re * ratio + a.im) / denom, im: (a.im * ratio - a.re) / denom };
  }
  return { re: Number.NaN, im: Number.NaN };
}

function mul(a: Complex, b: Complex): Complex {
  return { re: a.re * b.re - a.im * b.im, im: a.re * b.im + a.im * b.re };
}

function powPolar(a: Complex, b: Complex): Complex {
  if (b.re === 0 && b.im === 0) return { re: 1, im: 0 };
  if (a.re === 0 && a.im === 0) {
    if (b.im !== 0 || b.re < 0) throw pyError(ZeroDivisionError, '0.0 to a negative or complex power');
    return { re: 0, im: 0 };
  }
  const vabs = Math.hypot(a.re, a.im);
  let len = vabs ** b.re;
  const at = Math.atan2(a.im, a.re);
  let phase = at * b.re;
  if (b.im !== 0) {
    len /= Math.exp(at * b.im);
    phase += b.im * Math.log(vabs);
  }
  return { re: len * Math.cos(phase), im: len * Math.sin(phase) };
}

function powUnsigned(x: Complex, n: number): Complex {
  let r: Complex = { re: 1, im: 0 };
  let p = x;
  let mask = 1;
  while (mask > 0 && n >= mask) {
    if (n & mask) r = mul(r, p);
    mask <<= 1;
    p = mul(p, p);
  }
  return r;
}

function pow(a: Complex, b: Complex, exponentIsInt: boolean): Complex {
  if (exponentIsInt && b.im === 0 && Math.abs(b.re) <= 100) {
    const n = b.re;
    if (n > 0) return powUnsigned(a, n);
    if (n === 0) return { re: 1, im: 0 };
    return quot({ re: 1, im: 0 }, powUnsigned(a, -n));
  }
  return powPolar(a, b);
}

function arith(op: string, a: Complex, b: Complex, intExponent: boolean): Complex {
  switch (op) {
    case '+':
      return { re: a.re + b.re, im: a.im + b.im };
    case '-':
      return { re: a.re - b.re, im: a.im - b.im };
    case '*':
      return mul(a, b);
    case '/':
      return quot(a, b);
    default:
      return pow(a, b, intExponent);
  }
}

function binary(name: string, op: string, reflected: boolean) {
  const sig = op === '**' ? `${name}(self, value, mod=None, /)` : `${name}(self, value, /)`;
  return def(sig, ({ self, value }) => {
    const other = asComplex(value);
    if (other === undefined) return NotImplemented;
    const me = (self as PyInstance).payload as Complex;
    const [a, b] = reflected ? [other, me] : [me, other];
    const exponent = reflected ? self : value;
    const intExponent = typeof exponent === 'bigint' || typeof exponent === 'boolean';
    const r = arith(op, a, b, intExponent);
    return newComplex(r.re, r.im);
  });
}

/** CPython's `repr(complex)`: `1j`, `(1+2j)`, `(-0-1j)`, `(nan+infj)`. */
export function complexRepr(c: Complex): string {
  const part = (x: number) => {
    const s = floatRepr(x);
    return s.endsWith('.0') ? s.slice(0, -2) : s;
  };
  if (c.re === 0 && !Object.is(c.re, -0)) return `${part(c.im)}j`;
  const im = part(c.im);
  const sign = im.startsWith('-') ? '' : '+';
  return `(${part(c.re)}${sign}${im}j)`;
}

function selfOf(v: PyValue): Complex {
  return (v as PyInstance).payload as Complex;
}

function unorderable(method: string, name: string) {
  return def(`${method}(self, value, /)`, ({ self, value }) => {
    if (asComplex(value) === undefined) return NotImplemented;
    throw pyError(
      TypeError,
      `'${name}' not supported between instances of '${typeName(self)}' and '${typeName(value)}'`,
    );
  });
}

function construct(_cls: PyClass, args: PyValue[], kwargs: KwArgs, _ctx: CallContext): PyValue {
  const real = args[0] ?? kwargs.get('real') ?? 0n;
  const imag = args[1] ?? kwargs.get('imag') ?? 0n;
  if (args.length > 2) throw pyError(TypeError, `complex() takes at most 2 arguments (${args.length} given)`);
  const a = asComplex(real);
  const b = asComplex(imag);
  if (a === undefined) {
    throw pyError(TypeError, `complex() first argument must be a string or a number, not '${typeName(real)}'`);
  }
  if (b === undefined) throw pyError(TypeError, `complex() second argument must be a number, not '${typeName(imag)}'`);
  return newComplex(a.re - b.im, a.im + b.re);
}

export const ComplexType: PyClass = nativeClass({
  name: 'complex',
  construct,
  methods: {
    __add__: binary('__add__', '+', false),
    __radd__: binary('__radd__', '+', true),
    __sub__: binary('__sub__', '-', false),
    __rsub__: binary('__rsub__', '-', true),
    __mul__: binary('__mul__', '*', false),
    __rmul__: binary('__rmul__', '*', true),
    __truediv__: binary('__truediv__', '/', false),
    __rtruediv__: binary('__rtruediv__', '/', true),
    __pow__: binary('__pow__', '**', false),
    __rpow__: binary('__rpow__', '**', true),
    __neg__: def('__neg__(self)', ({ self: s }) => newComplex(-selfOf(s).re, -selfOf(s).im)),
    __pos__: def('__pos__(self)', ({ self: s }) => s),
    __abs__: def('__abs__(self)', ({ self: s }) => {
      const c = selfOf(s);
      const r = Math.hypot(c.re, c.im);
      if (!Number.isFinite(r) && Number.isFinite(c.re) && Number.isFinite(c.im)) {
        throw pyError(OverflowError, 'absolute value too large');
      }
      return r;
    }),
    __bool__: def('__bool__(self)', ({ self: s }) => selfOf(s).re !== 0 || selfOf(s).im !== 0),
    __eq__: def('__eq__(self, value, /)', ({ self: s, value: o }) => {
      const b = asComplex(o);
      if (b === undefined) return NotImplemented;
      const a = selfOf(s);
      return a.re === b.re && a.im === b.im;
    }),
    __ne__: def('__ne__(self, value, /)', ({ self: s, value: o }) => {
      const b = asComplex(o);
      if (b === undefined) return NotImplemented;
      const a = selfOf(s);
      return a.re !== b.re || a.im !== b.im;
    }),
    __lt__: unorderable('__lt__', '<'),
    __le__: unorderable('__le__', '<='),
    __gt__: unorderable('__gt__', '>'),
    __ge__: unorderable('__ge__', '>='),
    __hash__: def('__hash__(self)', ({ self: s }) => {
      const c = selfOf(s);
      const h = BigInt.asIntN(64, pyHash(c.re) + 1000003n * pyHash(c.im));
      return h === -1n ? -2n : h;
    }),
    __repr__: def('__repr__(self)', ({ self: s }) => complexRepr(selfOf(s))),
    __format__: def('__format__(self, format_spec, /)', ({ self: s, format_spec: spec }, ctx) =>
      spec === '' ? complexRepr(selfOf(s)) : ctx.unsupported('format(complex, spec)'),
    ),
    conjugate: def('conjugate(self)', ({ self: s }) => newComplex(selfOf(s).re, -selfOf(s).im)),
  },
  getters: {
    real: (s) => selfOf(s).re,
    imag: (s) => selfOf(s).im,
  },
});
