import { describe, expect, test } from 'vitest';
import { gradientHealth, nonFinite } from '../../src/extension/core/gradientHealth';
import { formatMessage as t } from '../../src/extension/core/translate';
import type { GradientRecord, RunReport } from '../../src/protocol/report';
import { seedReport, span } from './fixtures';

const withGradients = (gradients: GradientRecord[]): RunReport => ({ ...seedReport(), gradients });
const grad = (line: number, value: unknown, runs = 1, shape = [3]): GradientRecord => ({
  span: span(line, 4, 20),
  tape: 0,
  kind: 'gradient',
  target: 'y',
  results: [
    {
      label: 'x',
      result: { kind: 'tensor', dtype: 'float32', shape, preview: '', repr: '', value: value as never },
    },
  ],
  runs,
});

describe('gradient health', () => {
  test('counts NaN and Inf, as numbers or as the report writes them', () => {
    // tf.sqrt([0., 4., -1.]) has the gradient [inf, 0.25, nan] in TensorFlow 2.21.
    expect(nonFinite(['inf', 0.25, 'nan'])).toEqual({ nan: 1, inf: 1, total: 3 });
    expect(
      nonFinite([
        [Number.NaN, 1],
        [Number.NEGATIVE_INFINITY, '-inf'],
      ]),
    ).toEqual({ nan: 1, inf: 2, total: 4 });
    expect(nonFinite(undefined)).toEqual({ nan: 0, inf: 0, total: 0 });
  });

  test('a warning at each gradient call with non-finite values, in line order', () => {
    const report = withGradients([grad(9, [1, 2, 3]), grad(7, ['inf', 0.25, 'nan'], 5), grad(3, 'nan', 1, [])]);
    const found = gradientHealth(report, t);
    expect(found.map((d) => [d.span.start.line, d.severity, d.code, d.message])).toEqual([
      [3, 'warning', 'gradient-not-finite', 'dy/dx has 1 NaN'],
      [7, 'warning', 'gradient-not-finite', 'dy/dx has 1 NaN and 1 Inf (of 3 elements); the last of 5 runs is shown'],
    ]);
  });

  test('a gradient without its full value (a big tensor) or a None gradient is not judged', () => {
    const big = grad(2, undefined, 1, [1000, 1000]);
    const none: GradientRecord = { ...grad(4, undefined), results: [{ label: 'x' }] };
    expect(gradientHealth(withGradients([big, none]), t)).toEqual([]);
  });
});
