import { describe, expect, it } from 'vitest';
import { isSpan, type Span, sameStart, spanContains, spanKey, spansEqual } from '../../src/engine/span';

const span = (l0: number, c0: number, l1: number, c1: number, cell?: number): Span => ({
  start: { line: l0, character: c0 },
  end: { line: l1, character: c1 },
  ...(cell === undefined ? {} : { cell }),
});

describe('spans', () => {
  it('sameStart compares the cell and the start, not the end', () => {
    expect(sameStart(span(3, 4, 3, 9), span(3, 4, 5, 0))).toBe(true);
    expect(sameStart(span(3, 4, 3, 9, 1), span(3, 4, 3, 9, 2))).toBe(false);
    expect(sameStart(span(3, 4, 3, 9, 0), span(3, 4, 3, 9))).toBe(true);
    expect(sameStart(span(3, 4, 3, 9), span(3, 5, 3, 9))).toBe(false);
  });
  it('spansEqual needs both ends and the cell', () => {
    expect(spansEqual(span(1, 0, 1, 5, 2), span(1, 0, 1, 5, 2))).toBe(true);
    expect(spansEqual(span(1, 0, 1, 5, 2), span(1, 0, 1, 6, 2))).toBe(false);
    expect(spansEqual(span(1, 0, 1, 5), undefined)).toBe(false);
  });
  it('spanContains includes both ends', () => {
    const s = span(2, 3, 4, 1);
    expect(spanContains(s, { line: 2, character: 3 })).toBe(true);
    expect(spanContains(s, { line: 4, character: 1 })).toBe(true);
    expect(spanContains(s, { line: 2, character: 2 })).toBe(false);
    expect(spanContains(s, { line: 4, character: 2 })).toBe(false);
  });
  it('keys differ by cell; isSpan rejects malformed input', () => {
    expect(spanKey(span(0, 0, 0, 1, 1))).not.toBe(spanKey(span(0, 0, 0, 1, 2)));
    expect(isSpan(span(0, 0, 0, 1))).toBe(true);
    expect(isSpan({ start: { line: 0.5, character: 0 }, end: { line: 0, character: 0 } })).toBe(false);
    expect(isSpan({ start: { line: 0, character: 0 }, end: { line: 0, character: 0 }, cell: '1' })).toBe(false);
  });
});
