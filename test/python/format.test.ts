/** repr/str of builtin values and the format-spec mini-language, against what CPython prints. */
import { describe, expect, test } from 'vitest';
import {
  floatRepr,
  formatValue,
  newDict,
  PyList,
  PyTuple,
  type PyValue,
  pyRepr,
  strRepr,
} from '../../src/engine/python';

describe('float repr: shortest round-trip, CPython exponent rules', () => {
  const cases: [number, string][] = [
    [3, '3.0'],
    [0.1, '0.1'],
    [1 / 3, '0.3333333333333333'],
    [1e-5, '1e-05'],
    [0.0001, '0.0001'],
    [1e16, '1e+16'],
    [1e15, '1000000000000000.0'],
    [1.5e16, '1.5e+16'],
    [123456789012345680, '1.2345678901234568e+17'],
    [2.5e-7, '2.5e-07'],
    [-0, '-0.0'],
    [Infinity, 'inf'],
    [-Infinity, '-inf'],
    [Number.NaN, 'nan'],
    [1e308, '1e+308'],
    [5e-324, '5e-324'],
    [100, '100.0'],
    [0.5, '0.5'],
  ];
  test.each(cases)('%d → %s', (x, s) => expect(floatRepr(x)).toBe(s));
});

describe('repr of builtin values', () => {
  const cases: [string, PyValue, string][] = [
    ['str', 'hello', "'hello'"],
    ['str with quote', "it's", '"it\'s"'],
    ['str with both quotes', `a'b"c`, `'a\\'b"c'`],
    ['str escapes', 'a\nb\tc\\', "'a\\nb\\tc\\\\'"],
    ['str control char', '\x00\x7f', "'\\x00\\x7f'"],
    ['str non-ascii printable', 'é😀', "'é😀'"],
    ['int', 12345678901234567890n, '12345678901234567890'],
    ['bool', true, 'True'],
    ['None', null, 'None'],
    ['list', new PyList([1n, 'a', 2.5]), "[1, 'a', 2.5]"],
    ['empty list', new PyList([]), '[]'],
    ['tuple of one', new PyTuple([1n]), '(1,)'],
    ['empty tuple', new PyTuple([]), '()'],
    [
      'dict',
      newDict([
        ['a', 1n],
        [2n, new PyTuple([])],
      ]),
      "{'a': 1, 2: ()}",
    ],
  ];
  test.each(cases)('%s', (_n, v, s) => expect(pyRepr(v)).toBe(s));

  test('strRepr picks the quote like CPython', () => {
    expect(strRepr('"')).toBe(`'"'`);
    expect(strRepr("'")).toBe(`"'"`);
  });
});

describe('format spec mini-language', () => {
  const cases: [PyValue, string, string][] = [
    [3.14158, '.2f', '3.14'],
    [3.14158, '1.2f', '3.14'],
    [2.5, '.0f', '2'],
    [3.5, '.0f', '4'],
    [0.125, '.2f', '0.12'],
    [0.375, '.2f', '0.38'],
    [1.005, '.2f', '1.00'],
    [1e22, '.1f', '10000000000000000000000.0'],
    [-1.5, '+.1f', '-1.5'],
    [1.5, '+.1f', '+1.5'],
    [1.5, ' .1f', ' 1.5'],
    [1234.5678, ',.2f', '1,234.57'],
    [1234567n, '_', '1_234_567'],
    [42n, '>5', '   42'],
    [42n, '<5', '42   '],
    [42n, '^6', '  42  '],
    [42n, '*^7', '**42***'],
    [-42n, '=6', '-   42'],
    [42n, '05d', '00042'],
    [-42n, '05d', '-0042'],
    [255n, 'x', 'ff'],
    [255n, '#X', '0XFF'],
    [5n, '#010b', '0b00000101'],
    [65n, 'c', 'A'],
    [3n, '.2f', '3.00'],
    [0.000012345, 'e', '1.234500e-05'],
    [12345.678, '.3e', '1.235e+04'],
    [12345.678, 'g', '12345.7'],
    [123456789.0, 'g', '1.23457e+08'],
    [0.0001, 'g', '0.0001'],
    [0.00001, 'g', '1e-05'],
    [100.0, '.3', '1e+02'],
    [1.0, '.3', '1.0'],
    [0.1, '', '0.1'],
    [2.0, '', '2.0'],
    [0.25, '.0%', '25%'],
    [0.5, '%', '50.000000%'],
    [Infinity, '.2f', 'inf'],
    [Number.NaN, 'F', 'NAN'],
    [-0.0, '.1f', '-0.0'],
    [-0.0, 'z.1f', '0.0'],
    ['abc', '>6', '   abc'],
    ['abc', '.2', 'ab'],
    ['abc', '^7', '  abc  '],
    [true, '', 'True'],
    [true, 'd', '1'],
    [null, '', 'None'],
  ];
  test.each(cases)('format(%s, %j) → %j', (v, spec, out) => expect(formatValue(v, spec)).toBe(out));

  test('invalid specs raise CPython errors', () => {
    expect(() => formatValue(3n, '.2d')).toThrow('Precision not allowed in integer format specifier');
    expect(() => formatValue('s', 'd')).toThrow("Unknown format code 'd' for object of type 'str'");
    expect(() => formatValue(null, '>5')).toThrow('unsupported format string passed to NoneType.__format__');
  });
});
