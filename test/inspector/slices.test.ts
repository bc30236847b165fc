/**
 * The inspector's big-value views: the slice viewer's tables, statistics from an embedded value, and the chooser of
 * a persistent tape's gradient calls. Slices are worked out by hand from `v[i][j][k] = 100·i + 10·j + k`; the
 * gradients are TensorFlow 2.21's (x = 3: dz/dx = 4x³ = 108, dy/dx = 2x = 6, dz/dy = 2y = 18).
 */
import { describe, expect, it } from 'vitest';
import { run } from '../../src/engine/run';
import { buildGraph } from '../../src/inspector/graphBuilder';
import { callText, type ValueNode } from '../../src/inspector/model';
import { sliceTable } from '../../src/inspector/slices';
import { nodeStats, statsText } from '../../src/inspector/valuePane';

const cube = Array.from({ length: 2 }, (_, i) =>
  Array.from({ length: 3 }, (_, j) => Array.from({ length: 4 }, (_, k) => 100 * i + 10 * j + k)),
);

describe('slice viewer', () => {
  it('fixes one index on any axis and shows the rest as rows × columns', () => {
    expect(sliceTable(cube, [2, 3, 4], 0, 1)?.cells).toEqual([
      [100, 101, 102, 103],
      [110, 111, 112, 113],
      [120, 121, 122, 123],
    ]);
    // v[:, 2, :] → (2, 4).
    expect(sliceTable(cube, [2, 3, 4], 1, 2)).toEqual({
      shape: [2, 4],
      rows: 2,
      cols: 4,
      cells: [
        [20, 21, 22, 23],
        [120, 121, 122, 123],
      ],
    });
    // v[:, :, 3] → (2, 3).
    expect(sliceTable(cube, [2, 3, 4], 2, 3)?.cells).toEqual([
      [3, 13, 23],
      [103, 113, 123],
    ]);
    // A matrix: a row, or a column (a 1-D slice is one row).
    expect(
      sliceTable(
        [
          [1, 2],
          [3, 4],
        ],
        [2, 2],
        1,
        0,
      )?.cells,
    ).toEqual([[1, 3]]);
  });

  it('caps rows and columns, and refuses what is not a slice', () => {
    const s = sliceTable(cube, [2, 3, 4], 0, 0, 2, 3)!;
    expect([s.rows, s.cols]).toEqual([3, 4]);
    expect(s.cells).toEqual([
      [0, 1, 2],
      [10, 11, 12],
    ]);
    expect(sliceTable([1, 2, 3], [3], 0, 0)).toBeUndefined();
    expect(sliceTable(cube, [2, 3, 4], 0, 2)).toBeUndefined();
    expect(sliceTable(cube, [2, 3, 4], 3, 0)).toBeUndefined();
  });

  it('statistics of an embedded value: element count, moments, non-finite counts, heatmap', () => {
    const node = { kind: 'value', shape: [2, 3, 4], dtype: 'float32', value: cube } as unknown as ValueNode;
    const s = nodeStats(node)!;
    // Elements 100i + 10j + k: mean 50 + 10 + 1.5; min 0, max 123.
    expect([s.count, s.min, s.max, s.mean, s.nan, s.inf]).toEqual([24, 0, 123, 61.5, 0, 0]);
    expect([s.heatmap?.rows, s.heatmap?.cols]).toEqual([6, 4]);
    expect(statsText({ count: 1_000_000, nan: 1, inf: 0, min: -4.8, max: 4.9, mean: 0.001, std: 1 })).toBe(
      '1,000,000 elements · min -4.8 · max 4.9 · mean 0.001 · std 1 · 1 NaN · 0 Inf',
    );
    expect(
      nodeStats({
        ...node,
        shape: [2, 2],
        value: [
          [1, 2],
          [3, 4],
        ],
      }),
    ).toBeUndefined();
  });
});

const PERSISTENT = `import tensorflow as tf
x = tf.constant(3.0)
with tf.GradientTape(persistent=True) as tape:
    tape.watch(x)
    y = x * x
    z = y * y
dz_dx = tape.gradient(z, x)
dy_dx = tape.gradient(y, x)
`;

describe('a persistent tape with two gradient calls', () => {
  const report = run({ kind: 'python', cells: [{ source: PERSISTENT }] });
  const tape = report.tapes[0];
  const grad = (call: number | undefined, name: string): string | undefined => {
    const g = buildGraph(tape, report.tapes, report.gradients, { call });
    const node = [...g.nodes.values()].find((n) => n.kind === 'value' && n.name === name) as ValueNode;
    return node.grad?.preview;
  };

  it('lists the calls, and shows the gradients of the one chosen', () => {
    expect(tape.calls?.map(callText)).toEqual(['dz/dx · line 7', 'dy/dx · line 8']);
    // The first call: dz/dx = 108, dz/dy = 18, dz/dz = 1.
    expect([grad(0, 'x'), grad(0, 'y'), grad(0, 'z')]).toEqual(['108', '18', '1']);
    // The second: dy/dx = 6, dy/dy = 1; z is not on its path.
    expect([grad(1, 'x'), grad(1, 'y'), grad(1, 'z')]).toEqual(['6', '1', undefined]);
    // Without a choice: each value's latest call (y and x from the second, z from the first).
    expect([grad(undefined, 'x'), grad(undefined, 'y'), grad(undefined, 'z')]).toEqual(['6', '1', '1']);
    // Without a choice, each value says which call its gradient is from: y's from the second, z's from the first.
    const latest = buildGraph(tape, report.tapes, report.gradients);
    const callOf = (name: string) =>
      ([...latest.nodes.values()].find((n) => n.kind === 'value' && n.name === name) as ValueNode).gradCall;
    expect([callOf('y'), callOf('z')]).toEqual([1, 0]);
    const chosen = buildGraph(tape, report.tapes, report.gradients, { call: 1 });
    expect(chosen.gradients.map((g) => g.target)).toEqual(['y']);
  });
});
