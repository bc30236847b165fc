import { describe, expect, test } from 'vitest';
import { valueHover } from '../../src/extension/core/hoverText';
import { statsLine } from '../../src/extension/core/statsText';
import { formatMessage as t } from '../../src/extension/core/translate';
import { span } from './fixtures';

describe('big tensor statistics', () => {
  test('element count apart from the shape, then min, max, mean, std and the non-finite counts', () => {
    const fmt = { precision: 4, maxChars: 60 };
    expect(
      statsLine({ count: 1_000_000, nan: 0, inf: 2, min: -4.81234, max: 4.9, mean: 0.00123, std: 1 }, fmt, t),
    ).toBe('1,000,000 elements · min -4.8123 · max 4.9 · mean 0.0012 · std 1 · 0 NaN · 2 Inf');
    expect(statsLine({ count: 3, nan: 3, inf: 0 }, fmt, t)).toBe('3 elements · 3 NaN · 0 Inf');
  });

  test('the value hover shows the statistics line under the shape', () => {
    const v = {
      span: span(1, 0, 5),
      label: 'big',
      runs: 1,
      value: {
        kind: 'tensor' as const,
        dtype: 'float32',
        shape: [1000, 1000],
        preview: '[[-0.6494, 0.1121, …], …] (1000000)',
        repr: '<tf.Tensor: shape=(1000, 1000), dtype=float32, numpy=...>',
        stats: { count: 1_000_000, nan: 1, inf: 0, min: -1, max: 1, mean: 0, std: 0.5 },
      },
    };
    const md = valueHover(v, { uri: 'file:///a.py', fmt: { precision: 4, maxChars: 60 }, t });
    const lines = md.split('\n\n');
    expect(lines[0]).toBe('`big` · (1000, 1000) float32');
    expect(lines[1]).toBe('1,000,000 elements · min -1 · max 1 · mean 0 · std 0.5 · 1 NaN · 0 Inf');
  });
});
