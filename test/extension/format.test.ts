import { describe, expect, test } from 'vitest';
import {
  formatNested,
  formatNumber,
  formatPreview,
  formatShape,
  formatType,
  fullValueText,
  truncateNested,
} from '../../src/extension/core/format';
import { tensor } from './fixtures';

const fmt = { precision: 4, maxChars: 60 };

describe('format', () => {
  test.each([
    [8, '8'],
    [0.333333333, '0.3333'],
    [-0.5, '-0.5'],
    [1e-7, '1e-7'],
    [123456789, '123456789'],
    [1e20, '1e+20'],
    [-0.00001, '-1e-5'],
    [Number.NaN, 'nan'],
    [Number.POSITIVE_INFINITY, 'inf'],
    [Number.NEGATIVE_INFINITY, '-inf'],
    [true, 'True'],
    [null, 'None'],
  ] as const)('formatNumber(%s) = %s', (x, s) => expect(formatNumber(x, 4)).toBe(s));

  test('a float scalar keeps its .0, -0 prints as 0', () => {
    expect(formatNumber(4, 4, true)).toBe('4.0');
    expect(formatNumber(-0.00001, 2)).toBe('-1e-5');
    expect(formatNumber(-0.0, 4)).toBe('0');
  });

  test('nested values and truncation close their brackets', () => {
    expect(
      formatNested(
        [
          [8, 8],
          [8, 8],
        ],
        fmt,
      ),
    ).toBe('[[8, 8], [8, 8]]');
    const long = Array.from({ length: 100 }, (_, i) => i / 3);
    const s = formatNested(long, { precision: 2, maxChars: 30 });
    expect(s.length).toBeLessThanOrEqual(32);
    expect(s).toMatch(/^\[0, 0\.33, .*…\]$/);
    expect(truncateNested('[[1, 2, 3], [4, 5, 6]]', 12)).toBe('[[1, 2, …]]');
  });

  test('shapes in Python tuple notation', () => {
    expect(formatShape([2, 2])).toBe('(2, 2)');
    expect(formatShape([3])).toBe('(3,)');
    expect(formatShape([])).toBe('()');
  });

  test('preview and type of a tensor, a variable, a non-tensor', () => {
    expect(formatPreview(tensor(4, []), fmt)).toBe('4.0');
    expect(formatType(tensor(4, []))).toBe('() float32');
    expect(formatType({ ...tensor(4, []), kind: 'variable' })).toBe('() float32 variable');
    expect(formatType({ kind: 'int', preview: '3', repr: '3' })).toBe('int');
    expect(formatPreview({ kind: 'str', preview: "'abc'", repr: "'abc'", value: 'abc' }, fmt)).toBe("'abc'");
    expect(formatPreview({ kind: 'tensor', preview: '[0.1, 0.2, …] (1000)', repr: '', shape: [1000] }, fmt)).toBe(
      '[0.1, 0.2, …] (1000)',
    );
  });

  test('full value text is a Python literal with full precision', () => {
    expect(fullValueText(tensor([[1 / 3, 2]], [1, 2]))).toBe('[[0.3333333333333333, 2]]');
    expect(fullValueText({ kind: 'tensor', preview: '…', repr: '<big>' })).toBe('<big>');
  });
});
