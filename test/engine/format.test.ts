import { describe, expect, it } from 'vitest';
import type { DType } from '../../src/engine/tensor/dtype';
import {
  array2string,
  formatFloat32Shortest,
  formatFloat64Shortest,
  indexedSlicesRepr,
  indexedSlicesStr,
  ndarrayRepr,
  ndarrayStr,
  npDTypeRepr,
  npDTypeStr,
  numpyScalarRepr,
  previewNumber,
  previewValue,
  pyBytesRepr,
  pyFloatRepr,
  shortestDigits,
  tensorRepr,
  tensorShapeRepr,
  tensorStr,
  tfDTypeRepr,
  tfDTypeStr,
  variableRepr,
} from '../../src/engine/tensor/format';
import { IndexedSlices } from '../../src/engine/tensor/indexedSlices';
import { Tensor, Variable } from '../../src/engine/tensor/tensor';

const f32 = (shape: number[], v: number[]) => new Tensor('float32', shape, new Float32Array(v));
const f64 = (shape: number[], v: number[]) => new Tensor('float64', shape, new Float64Array(v));
const i32 = (shape: number[], v: number[]) => new Tensor('int32', shape, new Int32Array(v));
const i64 = (shape: number[], v: number[]) => new Tensor('int64', shape, new Float64Array(v));
const bool = (shape: number[], v: boolean[]) => new Tensor('bool', shape, Uint8Array.from(v, Number));
const str = (shape: number[], v: string[]) => new Tensor('string', shape, v);
const range = (n: number, f: (i: number) => number = (i) => i) => Array.from({ length: n }, (_, i) => f(i));

// Expected texts are NumPy 1.26 / TF 2.15 output with default print options (the NumPy parts were cross-checked
// against NumPy 2.4 run with `np.set_printoptions(legacy='1.25')`, which restores the 1.x scalar reprs).
const cases: [string, () => string, string][] = [
  // ---- TF tensors (TF-SEMANTICS §1.2, the seed tutorial, the autodiff guide)
  [
    'seed dz_dx repr',
    () => tensorRepr(f32([2, 2], [8, 8, 8, 8])),
    '<tf.Tensor: shape=(2, 2), dtype=float32, numpy=\narray([[8., 8.],\n       [8., 8.]], dtype=float32)>',
  ],
  ['scalar str', () => tensorStr(f32([], [6])), 'tf.Tensor(6.0, shape=(), dtype=float32)'],
  ['vector str', () => tensorStr(f32([2], [0, 0])), 'tf.Tensor([0. 0.], shape=(2,), dtype=float32)'],
  [
    'matrix str gets a leading newline',
    () => tensorStr(f32([2, 2], [1, 2, 3, 4])),
    'tf.Tensor(\n[[1. 2.]\n [3. 4.]], shape=(2, 2), dtype=float32)',
  ],
  ['scalar repr', () => tensorRepr(f32([], [36])), '<tf.Tensor: shape=(), dtype=float32, numpy=36.0>'],
  [
    'GAD 1-D repr with float32 shortest digits',
    () => tensorRepr(f32([2], [-2.9555566, -0.3094782])),
    '<tf.Tensor: shape=(2,), dtype=float32, numpy=array([-2.9555566, -0.3094782], dtype=float32)>',
  ],
  ['int32 scalar repr', () => tensorRepr(i32([], [4])), '<tf.Tensor: shape=(), dtype=int32, numpy=4>'],
  ['bool scalar repr', () => tensorRepr(bool([], [true])), '<tf.Tensor: shape=(), dtype=bool, numpy=True>'],
  ['string scalar repr', () => tensorRepr(str([], ['abc'])), "<tf.Tensor: shape=(), dtype=string, numpy=b'abc'>"],
  ['string scalar str', () => tensorStr(str([], ['hello'])), "tf.Tensor(b'hello', shape=(), dtype=string)"],
  [
    'string vector repr is an object array of bytes',
    () => tensorRepr(str([2], ['a', 'bc'])),
    "<tf.Tensor: shape=(2,), dtype=string, numpy=array([b'a', b'bc'], dtype=object)>",
  ],
  ['string vector str', () => tensorStr(str([2], ['a', 'bc'])), "tf.Tensor([b'a' b'bc'], shape=(2,), dtype=string)"],
  [
    'float64 repr omits dtype',
    () => tensorRepr(f64([2], [1, 2])),
    '<tf.Tensor: shape=(2,), dtype=float64, numpy=array([1., 2.])>',
  ],
  ['float64 scalar', () => tensorRepr(f64([], [0.1])), '<tf.Tensor: shape=(), dtype=float64, numpy=0.1>'],
  [
    'int64 repr omits dtype',
    () => tensorRepr(i64([3], [1, 2, 3])),
    '<tf.Tensor: shape=(3,), dtype=int64, numpy=array([1, 2, 3])>',
  ],
  [
    'int32 repr keeps dtype',
    () => tensorRepr(i32([3], [1, 2, 3])),
    '<tf.Tensor: shape=(3,), dtype=int32, numpy=array([1, 2, 3], dtype=int32)>',
  ],
  [
    'bool vector repr',
    () => tensorRepr(bool([2], [true, false])),
    '<tf.Tensor: shape=(2,), dtype=bool, numpy=array([ True, False])>',
  ],
  [
    'empty matrix repr shows its shape',
    () => tensorRepr(f32([0, 2], [])),
    '<tf.Tensor: shape=(0, 2), dtype=float32, numpy=array([], shape=(0, 2), dtype=float32)>',
  ],
  ['empty vector str', () => tensorStr(f32([0], [])), 'tf.Tensor([], shape=(0,), dtype=float32)'],
  [
    'variable repr',
    () => variableRepr(new Variable(f32([], [3]), true, 'x0')),
    "<tf.Variable 'x0:0' shape=() dtype=float32, numpy=3.0>",
  ],
  [
    'variable repr keeps an explicit :0 and breaks before a multi-line array',
    () => variableRepr(new Variable(f32([2, 2], [1, 2, 3, 4]), true, 'Variable:0')),
    "<tf.Variable 'Variable:0' shape=(2, 2) dtype=float32, numpy=\narray([[1., 2.],\n       [3., 4.]], dtype=float32)>",
  ],
  [
    'IndexedSlices str',
    () => indexedSlicesStr(new IndexedSlices(f32([2, 3], [1, 1, 1, 1, 1, 1]), i32([2], [1, 3]), [4, 3])),
    'IndexedSlices(indices=tf.Tensor([1 3], shape=(2,), dtype=int32), values=tf.Tensor(\n[[1. 1. 1.]\n [1. 1. 1.]], shape=(2, 3), dtype=float32), dense_shape=tf.Tensor([4 3], shape=(2,), dtype=int32))',
  ],

  // ---- NumPy float arrays
  ['trailing-zero padding', () => ndarrayStr(f32([2], [1.5, 2])), '[1.5 2. ]'],
  ['negative alignment', () => ndarrayStr(f32([2], [-1, 2])), '[-1.  2.]'],
  ['GAD print(g.numpy())', () => ndarrayStr(f32([2], [4, 108])), '[  4. 108.]'],
  ['float32 1/3 at precision 8', () => ndarrayStr(f32([2], [1 / 3, 2 / 3])), '[0.33333334 0.6666667 ]'],
  ['float64 1/3 at precision 8', () => ndarrayStr(f64([2], [1 / 3, 2 / 3])), '[0.33333333 0.66666667]'],
  [
    'float64 rounding pads to 8 digits',
    () => ndarrayRepr(f64([2], [0.123456789, 1])),
    'array([0.12345679, 1.        ])',
  ],
  ['exact tie rounds half to even', () => ndarrayStr(f64([2], [1 / 512, 1])), '[0.00195312 1.        ]'],
  ['float32 0.1 stays 0.1', () => ndarrayRepr(f32([3], [0.1, 0.2, 0.3])), 'array([0.1, 0.2, 0.3], dtype=float32)'],
  ['negative zero', () => ndarrayStr(f64([2], [-0, 1])), '[-0.  1.]'],
  ['scientific: min < 1e-4', () => ndarrayStr(f64([2], [1e-5, 1])), '[1.e-05 1.e+00]'],
  [
    'scientific: max >= 1e8, sign padding',
    () => ndarrayRepr(f32([4], [1e8, 1, 0.5, -3])),
    'array([ 1.e+08,  1.e+00,  5.e-01, -3.e+00], dtype=float32)',
  ],
  ['scientific: ratio > 1e3 keeps equal digits', () => ndarrayRepr(f64([2], [1.5, 2000])), 'array([1.5e+00, 2.0e+03])'],
  [
    'scientific at precision 8 with wrapping',
    () => ndarrayRepr(f64([12], range(12, Math.exp))),
    'array([1.00000000e+00, 2.71828183e+00, 7.38905610e+00, 2.00855369e+01,\n' +
      '       5.45981500e+01, 1.48413159e+02, 4.03428793e+02, 1.09663316e+03,\n' +
      '       2.98095799e+03, 8.10308393e+03, 2.20264658e+04, 5.98741417e+04])',
  ],
  ['three-digit exponents', () => ndarrayStr(f64([2], [1e-100, 1])), '[1.e-100 1.e+000]'],
  ['nan pads the column', () => ndarrayStr(f64([2], [Number.NaN, 1])), '[nan  1.]'],
  ['nan and -inf', () => ndarrayStr(f64([3], [Number.NaN, Number.NEGATIVE_INFINITY, 1.5])), '[ nan -inf  1.5]'],
  [
    'only non-finite',
    () => ndarrayRepr(f32([2], [Number.NaN, Number.POSITIVE_INFINITY])),
    'array([nan, inf], dtype=float32)',
  ],
  ['all zeros', () => ndarrayStr(f32([2], [0, 0])), '[0. 0.]'],

  // ---- ints, bools, strings
  ['ints', () => ndarrayStr(i32([3], [1, 2, 3])), '[1 2 3]'],
  ['padded ints', () => ndarrayStr(i32([2], [1, 10])), '[ 1 10]'],
  ['negative ints', () => ndarrayRepr(i64([3], [-1, 10, 5])), 'array([-1, 10,  5])'],
  ['bools', () => ndarrayStr(bool([2], [true, false])), '[ True False]'],
  ['all-true bools keep the pad', () => ndarrayRepr(bool([2], [true, true])), 'array([ True,  True])'],
  ['bytes are not padded', () => ndarrayStr(str([3], ['a', 'bc', "it's"])), `[b'a' b'bc' b"it's"]`],

  // ---- 0-d and empty arrays
  ['0-d repr', () => ndarrayRepr(f32([], [3])), 'array(3., dtype=float32)'],
  ['0-d float64 repr', () => ndarrayRepr(f64([], [2.5])), 'array(2.5)'],
  ['0-d bool repr', () => ndarrayRepr(bool([], [true])), 'array(True)'],
  ['0-d str is the scalar', () => ndarrayStr(f32([], [6])), '6.0'],
  ['empty vector repr', () => ndarrayRepr(f32([0], [])), 'array([], dtype=float32)'],
  ['empty float64 repr keeps dtype', () => ndarrayRepr(f64([0], [])), 'array([], dtype=float64)'],
  ['empty str', () => ndarrayStr(f32([2, 0], [])), '[]'],

  // ---- layout: 3-D, wrapping, dtype placement
  ['3-D str', () => ndarrayStr(i32([2, 2, 2], range(8))), '[[[0 1]\n  [2 3]]\n\n [[4 5]\n  [6 7]]]'],
  [
    '3-D repr',
    () => ndarrayRepr(f32([2, 2, 2], range(8))),
    'array([[[0., 1.],\n        [2., 3.]],\n\n       [[4., 5.],\n        [6., 7.]]], dtype=float32)',
  ],
  [
    'str wraps at 75 columns',
    () => ndarrayStr(f64([30], range(30))),
    '[ 0.  1.  2.  3.  4.  5.  6.  7.  8.  9. 10. 11. 12. 13. 14. 15. 16. 17.\n 18. 19. 20. 21. 22. 23. 24. 25. 26. 27. 28. 29.]',
  ],
  [
    'repr wraps with the array( indent',
    () => ndarrayRepr(f64([30], range(30))),
    'array([ 0.,  1.,  2.,  3.,  4.,  5.,  6.,  7.,  8.,  9., 10., 11., 12.,\n' +
      '       13., 14., 15., 16., 17., 18., 19., 20., 21., 22., 23., 24., 25.,\n' +
      '       26., 27., 28., 29.])',
  ],
  [
    'int64 arange(100)',
    () => ndarrayRepr(i64([100], range(100))),
    'array([ 0,  1,  2,  3,  4,  5,  6,  7,  8,  9, 10, 11, 12, 13, 14, 15, 16,\n' +
      '       17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33,\n' +
      '       34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50,\n' +
      '       51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63, 64, 65, 66, 67,\n' +
      '       68, 69, 70, 71, 72, 73, 74, 75, 76, 77, 78, 79, 80, 81, 82, 83, 84,\n' +
      '       85, 86, 87, 88, 89, 90, 91, 92, 93, 94, 95, 96, 97, 98, 99])',
  ],
  [
    'dtype moves to its own line past 75 columns',
    () => ndarrayRepr(f32([12], range(12))),
    'array([ 0.,  1.,  2.,  3.,  4.,  5.,  6.,  7.,  8.,  9., 10., 11.],\n      dtype=float32)',
  ],
  [
    'rows of a matrix wrap under their bracket',
    () =>
      ndarrayStr(
        f32(
          [2, 30],
          range(60, () => 1),
        ),
      ),
    `[[${Array(24).fill('1.').join(' ')}\n  ${Array(6).fill('1.').join(' ')}]\n [${Array(24).fill('1.').join(' ')}\n  ${Array(6).fill('1.').join(' ')}]]`,
  ],

  // ---- summarisation (> 1000 elements, 3 edge items per axis)
  [
    '2000-vector int32 repr',
    () => ndarrayRepr(i32([2000], range(2000))),
    'array([   0,    1,    2, ..., 1997, 1998, 1999], dtype=int32)',
  ],
  [
    '2000-vector float64 str (format decided on the edge items)',
    () => ndarrayStr(f64([2000], range(2000))),
    '[0.000e+00 1.000e+00 2.000e+00 ... 1.997e+03 1.998e+03 1.999e+03]',
  ],
  [
    '2000-vector tensor str',
    () =>
      tensorStr(
        f32(
          [2000],
          range(2000, () => 0.5),
        ),
      ),
    'tf.Tensor([0.5 0.5 0.5 ... 0.5 0.5 0.5], shape=(2000,), dtype=float32)',
  ],
  [
    '(3, 400) int32 str',
    () => ndarrayStr(i32([3, 400], range(1200))),
    '[[   0    1    2 ...  397  398  399]\n [ 400  401  402 ...  797  798  799]\n [ 800  801  802 ... 1197 1198 1199]]',
  ],
  [
    '(3, 400) int32 repr',
    () => ndarrayRepr(i32([3, 400], range(1200))),
    'array([[   0,    1,    2, ...,  397,  398,  399],\n' +
      '       [ 400,  401,  402, ...,  797,  798,  799],\n' +
      '       [ 800,  801,  802, ..., 1197, 1198, 1199]], dtype=int32)',
  ],
  [
    '(3, 400) ones float32 str',
    () =>
      ndarrayStr(
        f32(
          [3, 400],
          range(1200, () => 1),
        ),
      ),
    '[[1. 1. 1. ... 1. 1. 1.]\n [1. 1. 1. ... 1. 1. 1.]\n [1. 1. 1. ... 1. 1. 1.]]',
  ],
  [
    '(11, 11, 11) summarises every axis',
    () =>
      ndarrayStr(
        i32(
          [11, 11, 11],
          range(1331, () => 0),
        ),
      ),
    '[[[0 0 0 ... 0 0 0]\n  [0 0 0 ... 0 0 0]\n  [0 0 0 ... 0 0 0]\n  ...\n  [0 0 0 ... 0 0 0]\n  [0 0 0 ... 0 0 0]\n  [0 0 0 ... 0 0 0]]\n\n' +
      ' [[0 0 0 ... 0 0 0]\n  [0 0 0 ... 0 0 0]\n  [0 0 0 ... 0 0 0]\n  ...\n  [0 0 0 ... 0 0 0]\n  [0 0 0 ... 0 0 0]\n  [0 0 0 ... 0 0 0]]\n\n' +
      ' [[0 0 0 ... 0 0 0]\n  [0 0 0 ... 0 0 0]\n  [0 0 0 ... 0 0 0]\n  ...\n  [0 0 0 ... 0 0 0]\n  [0 0 0 ... 0 0 0]\n  [0 0 0 ... 0 0 0]]\n\n' +
      ' ...\n\n' +
      ' [[0 0 0 ... 0 0 0]\n  [0 0 0 ... 0 0 0]\n  [0 0 0 ... 0 0 0]\n  ...\n  [0 0 0 ... 0 0 0]\n  [0 0 0 ... 0 0 0]\n  [0 0 0 ... 0 0 0]]\n\n' +
      ' [[0 0 0 ... 0 0 0]\n  [0 0 0 ... 0 0 0]\n  [0 0 0 ... 0 0 0]\n  ...\n  [0 0 0 ... 0 0 0]\n  [0 0 0 ... 0 0 0]\n  [0 0 0 ... 0 0 0]]\n\n' +
      ' [[0 0 0 ... 0 0 0]\n  [0 0 0 ... 0 0 0]\n  [0 0 0 ... 0 0 0]\n  ...\n  [0 0 0 ... 0 0 0]\n  [0 0 0 ... 0 0 0]\n  [0 0 0 ... 0 0 0]]]',
  ],
  ['array2string separator', () => array2string(f32([3], [1, 2, 3]), { separator: ',' }), '[1.,2.,3.]'],

  // ---- scalars: Python float repr and NumPy scalar reprs
  ['float32 nearest 0.1', () => formatFloat32Shortest(Math.fround(0.1)), '0.1'],
  ['float32 1/3', () => formatFloat32Shortest(Math.fround(1 / 3)), '0.33333334'],
  ['float32 -2.9555566', () => formatFloat32Shortest(-2.9555566), '-2.9555566'],
  ['float32 integral', () => formatFloat32Shortest(3), '3.0'],
  ['float32 small is scientific', () => formatFloat32Shortest(1e-5), '1e-05'],
  ['float32 1e-4 rounds below 1e-4', () => formatFloat32Shortest(1e-4), '1e-04'],
  ['float32 huge', () => formatFloat32Shortest(3.4e38), '3.4e+38'],
  ['float32 -0', () => formatFloat32Shortest(-0), '-0.0'],
  ['float64 scalar 1/3', () => formatFloat64Shortest(1 / 3), '0.3333333333333333'],
  ['numpy float32 scalar', () => numpyScalarRepr(3, 'float32'), '3.0'],
  ['numpy int scalar', () => numpyScalarRepr(4, 'int64'), '4'],
  ['numpy bool scalar', () => numpyScalarRepr(0, 'bool'), 'False'],
  ['bytes repr escapes', () => pyBytesRepr('a\nb\\é'), "b'a\\nb\\\\\\xc3\\xa9'"],

  // ---- dtype and shape reprs
  ['tf dtype repr', () => tfDTypeRepr('float32'), 'tf.float32'],
  ['tf dtype str', () => tfDTypeStr('int32'), "<dtype: 'int32'>"],
  ['numpy dtype repr', () => npDTypeRepr('float32'), "dtype('float32')"],
  ['numpy dtype of strings', () => `${npDTypeRepr('string')} ${npDTypeStr('string')}`, "dtype('O') object"],
  [
    'TensorShape repr',
    () => `${tensorShapeRepr([7, 10])} ${tensorShapeRepr([])}`,
    'TensorShape([7, 10]) TensorShape([])',
  ],
];

describe('format: NumPy 1.26 / TF 2.15 texts', () => {
  it.each(cases)('%s', (_name, fn, expected) => {
    expect(fn()).toBe(expected);
  });
  it('has a broad table', () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
  });
});

describe('pyFloatRepr (CPython repr(float))', () => {
  const table: [number, string][] = [
    [0.1, '0.1'],
    [0.1 + 0.2, '0.30000000000000004'],
    [3, '3.0'],
    [-0, '-0.0'],
    [1e-5, '1e-05'],
    [1.5e-7, '1.5e-07'],
    [0.0001, '0.0001'],
    [1e16, '1e+16'],
    [1e15, '1000000000000000.0'],
    [123456789.125, '123456789.125'],
    [Number.POSITIVE_INFINITY, 'inf'],
    [Number.NEGATIVE_INFINITY, '-inf'],
    [Number.NaN, 'nan'],
    [5e-324, '5e-324'],
    [1.7976931348623157e308, '1.7976931348623157e+308'],
  ];
  it.each(table)('%d', (v, expected) => {
    expect(pyFloatRepr(v)).toBe(expected);
  });

  it('round-trips and matches the JS shortest digits', () => {
    let seed = 12345;
    const rnd = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    for (let i = 0; i < 2000; i++) {
      const v = Math.exp((rnd() - 0.5) * 150) * (rnd() < 0.5 ? -1 : 1);
      const r = pyFloatRepr(v);
      expect(Number(r)).toBe(v);
      expect(shortestDigits(v, 'float64').digits).toBe(
        Math.abs(v).toExponential().replace(/e.*$/, '').replace('.', ''),
      );
      // float32: the shortest text reads back as the same float32, and one digit fewer does not.
      const f = Math.fround(v);
      expect(Math.fround(Number(formatFloat32Shortest(f)))).toBe(f);
      const n = shortestDigits(f, 'float32').digits.length;
      if (n > 1) expect(Math.fround(Number(f.toPrecision(n - 1)))).not.toBe(f);
    }
  });
});

describe('previewValue', () => {
  it('prints small tensors whole, integral floats without .0', () => {
    expect(previewValue(f32([2, 2], [8, 8, 8, 8]))).toBe('[[8, 8], [8, 8]]');
    expect(previewValue(f32([], [8]))).toBe('8');
    expect(previewValue(f32([3], [0.5, -1.25, 2]))).toBe('[0.5, -1.25, 2]');
    expect(previewValue(bool([2], [true, false]))).toBe('[True, False]');
    expect(previewValue(i32([2], [1, -7]))).toBe('[1, -7]');
    expect(previewValue(str([1], ['hi']))).toBe("[b'hi']");
  });

  it('trims digits to the precision', () => {
    expect(previewNumber(Math.fround(0.1), 'float32', 4)).toBe('0.1');
    expect(previewNumber(1 / 3, 'float64', 3)).toBe('0.333');
    expect(previewNumber(123456, 'float64', 4)).toBe('1.235e+05');
    expect(previewNumber(1.5e-7, 'float32', 4)).toBe('1.5e-07');
    expect(previewNumber(Number.NaN, 'float32', 4)).toBe('nan');
  });

  it('truncates long tensors with an ellipsis and the element count', () => {
    const t = f32(
      [1000],
      range(1000, (i) => (i + 1) / 7),
    );
    expect(previewValue(t, { maxChars: 30, precision: 2 })).toBe('[0.14, 0.29, 0.43, …] (1000)');
    expect(
      previewValue(
        f32(
          [3, 400],
          range(1200, () => 1),
        ),
        { maxChars: 40 },
      ),
    ).toBe('[[1, 1, …], [1, 1, …], …] (1200)');
  });

  it('never exceeds maxChars', () => {
    const shapes = [[], [5], [1000], [3, 400], [10, 10, 10], [2, 3, 4, 5]];
    const dtypes: DType[] = ['float32', 'float64', 'int32', 'bool', 'string'];
    for (const shape of shapes) {
      const n = shape.reduce((a, b) => a * b, 1);
      for (const dtype of dtypes) {
        const t =
          dtype === 'string'
            ? str(
                shape,
                Array.from({ length: n }, (_, i) => `s${i}`),
              )
            : dtype === 'bool'
              ? bool(
                  shape,
                  range(n, (i) => i % 2).map((x) => x === 1),
                )
              : dtype === 'int32'
                ? i32(
                    shape,
                    range(n, (i) => i * 37),
                  )
                : dtype === 'float32'
                  ? f32(
                      shape,
                      range(n, (i) => Math.sin(i) * 1e3),
                    )
                  : f64(
                      shape,
                      range(n, (i) => Math.cos(i) / 7),
                    );
        for (const maxChars of [1, 5, 12, 20, 40, 80]) {
          const p = previewValue(t, { maxChars, precision: 3 });
          expect(p.length).toBeLessThanOrEqual(maxChars);
          expect(p.length).toBeGreaterThan(0);
        }
      }
    }
  });
});

describe('indexedSlicesRepr', () => {
  it('is Python default object repr', () => {
    const s = new IndexedSlices(f32([1], [1]), i32([1], [0]), [3]);
    expect(indexedSlicesRepr(s)).toMatch(
      /^<tensorflow\.python\.framework\.indexed_slices\.IndexedSlices object at 0x[0-9a-f]+>$/,
    );
  });
});

describe('printing the same small values again (texts are remembered by dtype, shape and values)', () => {
  const t = (dtype: DType, shape: number[], values: number[]) =>
    new Tensor(dtype, shape, dtype === 'float64' ? Float64Array.from(values) : Float32Array.from(values));

  it('zero and negative zero, shapes, dtypes, str and repr each keep their own text', () => {
    const texts = () => [
      tensorRepr(t('float32', [], [0])),
      tensorRepr(t('float32', [], [-0])),
      tensorStr(t('float32', [2], [-0, 0])),
      tensorStr(t('float32', [2], [0, -0])),
      tensorRepr(t('float32', [4], [8, 8, 8, 8])),
      tensorRepr(t('float32', [2, 2], [8, 8, 8, 8])),
      tensorRepr(t('float64', [2, 2], [8, 8, 8, 8])),
      tensorStr(t('float64', [2, 2], [8, 8, 8, 8])),
      tensorStr(t('float32', [], [Number.NaN])),
      tensorStr(t('float32', [], [0.1])),
    ];
    const first = texts();
    expect(first).toEqual([
      '<tf.Tensor: shape=(), dtype=float32, numpy=0.0>',
      '<tf.Tensor: shape=(), dtype=float32, numpy=-0.0>',
      'tf.Tensor([-0.  0.], shape=(2,), dtype=float32)',
      'tf.Tensor([ 0. -0.], shape=(2,), dtype=float32)',
      '<tf.Tensor: shape=(4,), dtype=float32, numpy=array([8., 8., 8., 8.], dtype=float32)>',
      '<tf.Tensor: shape=(2, 2), dtype=float32, numpy=\narray([[8., 8.],\n       [8., 8.]], dtype=float32)>',
      '<tf.Tensor: shape=(2, 2), dtype=float64, numpy=\narray([[8., 8.],\n       [8., 8.]])>',
      'tf.Tensor(\n[[8. 8.]\n [8. 8.]], shape=(2, 2), dtype=float64)',
      'tf.Tensor(nan, shape=(), dtype=float32)',
      'tf.Tensor(0.1, shape=(), dtype=float32)',
    ]);
    // The second time comes from memory, and must read the same.
    expect(texts()).toEqual(first);
  });
});
