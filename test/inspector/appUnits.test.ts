/**
 * The inspector app's pure parts: viewport arithmetic, keyboard navigation and stepping, and the details pane's
 * texts. Expected values are worked out by hand from the definitions.
 */
import { describe, expect, it } from 'vitest';
import { legendTexts, linesText } from '../../src/inspector/detailsPane';
import { nearestInDirection, readingOrder, stepIndex } from '../../src/inspector/selection';
import { chooseDir, firstView, fitted, showing, zoomedAt } from '../../src/inspector/viewport';

describe('viewport arithmetic', () => {
  it('zooming about a point keeps that point fixed, within the zoom limits', () => {
    // Panel point (100, 50) shows graph point (80, 40) at k = 1; at k = 2 it must still show it.
    const v = zoomedAt({ x: 20, y: 10, k: 1 }, 100, 50, 2);
    expect(v).toEqual({ x: -60, y: -30, k: 2 });
    expect(80 * v.k + v.x).toBe(100);
    expect(40 * v.k + v.y).toBe(50);
    expect(zoomedAt({ x: 0, y: 0, k: 3 }, 0, 0, 10).k).toBe(4);
    expect(zoomedAt({ x: 0, y: 0, k: 0.1 }, 0, 0, 0.1).k).toBe(0.05);
  });

  it('a fit shows the graph whole and centred, never above 1.25', () => {
    // 1000 × 500 in 500 × 500: k = 0.96 · min(0.5, 1) = 0.48; x = (500 − 480)/2 = 10; y = (500 − 240)/2 = 130.
    expect(fitted(1000, 500, 500, 500)).toEqual({ x: 10, y: 130, k: 0.48 });
    // A small graph is not blown up: 100 × 100 in 500 × 500 → k = 1.25, x = y = (500 − 125)/2.
    expect(fitted(100, 100, 500, 500)).toEqual({ x: 187.5, y: 187.5, k: 1.25 });
  });

  it('the first view fits when its text stays ≥ 10 px (zoom ≥ 10/12), else starts at the beginning at that zoom', () => {
    const k = 10 / 12;
    // 100 × 100 in 500 × 500 fits at 1.25: whole and centred.
    expect(firstView(100, 100, 500, 500)).toEqual({ x: 187.5, y: 187.5, k: 1.25 });
    // 1000 × 500 would fit at 0.48 (6 px text): left end at k, 500·k high, centred: y = (500 − 500·k) / 2.
    const lr = firstView(1000, 500, 500, 500)!;
    expect(lr.x).toBe(8);
    expect(lr.k).toBeCloseTo(k, 12);
    expect(lr.y).toBeCloseTo((500 - 500 * k) / 2, 9);
    // Top-down: the top, centred sideways: x = (500 − 300·k) / 2.
    const tb = firstView(300, 4000, 500, 500, 'TB')!;
    expect(tb.y).toBe(8);
    expect(tb.x).toBeCloseTo((500 - 300 * k) / 2, 9);
    // Taller than the panel at k: starts at the top.
    expect(firstView(4000, 1000, 500, 500)).toEqual({ x: 8, y: 8, k });
    expect(firstView(100, 100, 40, 500)).toBeUndefined();
  });

  it('the direction is the one whose fit is the larger zoom: top-down in a narrow panel, left-right in a wide one', () => {
    const lr = { width: 1000, height: 200 };
    const tb = { width: 250, height: 900 };
    // 400 × 900: LR fits at min(0.96·400/1000, …) = 0.384, TB at min(0.96·400/250, 0.96·900/900) = 0.96.
    expect(chooseDir(lr, tb, 400, 900)).toBe('TB');
    // 1600 × 500: LR fits at min(1.25, 1.536, 2.4) = 1.25, TB at 0.96·500/900 = 0.53.
    expect(chooseDir(lr, tb, 1600, 500)).toBe('LR');
  });

  it('a box out of view is centred; one in view leaves the viewport as it is', () => {
    const v = { x: 0, y: 0, k: 2 };
    expect(showing(v, { x: 10, y: 10, w: 20, h: 10 }, 400, 300)).toBe(v);
    // Box centre (510, 105) at k = 2 → panel (1020, 210); centred in 400 × 300: x = 200 − 1020, y = 150 − 210.
    expect(showing(v, { x: 500, y: 100, w: 20, h: 10 }, 400, 300)).toEqual({ x: -820, y: -60, k: 2 });
  });
});

describe('keyboard navigation and stepping', () => {
  const box = (x: number, y: number) => ({ x, y, w: 10, h: 10 });

  it('reading order follows the layout direction first', () => {
    const items = [
      { id: 'a', x: 10, y: 50 },
      { id: 'b', x: 0, y: 60 },
      { id: 'c', x: 10, y: 0 },
    ];
    expect(readingOrder(items, 'LR')).toEqual(['b', 'c', 'a']);
    expect(readingOrder(items, 'TB')).toEqual(['c', 'a', 'b']);
  });

  it('an arrow goes to the nearest box ahead, weighing sideways offset double', () => {
    const from = box(0, 0);
    const boxes = [
      { id: 'ahead-far', box: box(100, 0) }, // along 100, side 0 → 100
      { id: 'ahead-off', box: box(40, 40) }, // along 40, side 40 → 120
      { id: 'behind', box: box(-20, 0) },
      { id: 'level', box: box(1, 30) }, // along 1: not ahead
    ];
    expect(nearestInDirection(from, boxes, 1, 0)).toBe('ahead-far');
    expect(nearestInDirection(from, boxes, -1, 0)).toBe('behind');
    expect(nearestInDirection(from, boxes, 0, 1)).toBe('level'); // along 30, side 1 → 32
    expect(nearestInDirection(from, boxes, 0, -1)).toBeUndefined();
  });

  it('steps are clamped to the sequence', () => {
    expect(stepIndex(-1, 5, 1)).toBe(0);
    expect(stepIndex(4, 5, 1)).toBe(4);
    expect(stepIndex(0, 5, -1)).toBe(0);
    expect(stepIndex(2, 5, 'first')).toBe(0);
    expect(stepIndex(2, 5, 'last')).toBe(4);
  });
});

describe('details pane texts', () => {
  it('line ranges are 1-based, per cell', () => {
    expect(
      linesText(
        new Map([
          ['', [2, 2]],
          ['1', [4, 9]],
        ]),
      ),
    ).toBe('3; cell 2, 5–10');
  });

  it('the legend names the buckets relative to the largest gradient', () => {
    expect(legendTexts(0, false)).toEqual({ title: 'No gradient computed on this tape yet.', buckets: [] });
    expect(legendTexts(0, true)).toEqual({ title: 'Every gradient on this tape is 0.', buckets: [] });
    const { title, buckets } = legendTexts(8, true);
    expect(title).toBe('|∇| relative to the largest (8):');
    // Floors 0.5, 0.1, 0.01, 0.001 of 8; the top bucket reads ≥ max/2.
    expect(buckets).toEqual(['█ ≥ 4', '▆ ≥ 0.8', '▄ ≥ 0.08', '▂ ≥ 0.008', '▁ < 0.008', '· 0']);
  });
});
