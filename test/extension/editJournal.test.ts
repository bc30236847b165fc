import { describe, expect, test } from 'vitest';
import { changedLineRanges, EditJournal, mapPosition } from '../../src/extension/core/editJournal';

const at = (line: number, character: number) => ({ line, character });
const change = (sl: number, sc: number, el: number, ec: number, text: string) => ({
  range: { start: at(sl, sc), end: at(el, ec) },
  text,
});

describe('mapPosition', () => {
  test('before the change: unchanged', () => {
    expect(mapPosition(at(1, 4), change(3, 0, 3, 0, 'x\n'))).toEqual(at(1, 4));
  });
  test('a line inserted above shifts down, a deleted line above shifts up', () => {
    expect(mapPosition(at(5, 2), change(3, 0, 3, 0, 'new line\n'))).toEqual(at(6, 2));
    expect(mapPosition(at(5, 2), change(2, 0, 3, 0, ''))).toEqual(at(4, 2));
  });
  test('Enter at the start of the line moves the line down', () => {
    expect(mapPosition(at(5, 0), change(5, 0, 5, 0, '\n'))).toEqual(at(6, 0));
  });
  test('typing earlier on the same line shifts the character', () => {
    expect(mapPosition(at(5, 10), change(5, 2, 5, 2, 'abc'))).toEqual(at(5, 13));
    expect(mapPosition(at(5, 10), change(5, 2, 5, 4, ''))).toEqual(at(5, 8));
  });
  test('typing after the position leaves it', () => {
    expect(mapPosition(at(5, 10), change(5, 20, 5, 20, 'abc'))).toEqual(at(5, 10));
  });
  test('a position inside a replaced range is gone', () => {
    expect(mapPosition(at(5, 3), change(4, 0, 6, 0, ''))).toBeUndefined();
  });
  test('a multi-line insertion on the same line', () => {
    expect(mapPosition(at(2, 8), change(2, 4, 2, 4, 'a\nbc'))).toEqual(at(3, 6));
  });
});

describe('EditJournal', () => {
  test('replays the edits after a version, and forgets pruned ones', () => {
    const j = new EditJournal();
    j.record('u', 2, [change(0, 0, 0, 0, '\n')]);
    j.record('u', 3, [change(0, 0, 0, 0, '\n\n')]);
    expect(j.mapper('u', 1)(at(4, 1))).toEqual(at(7, 1));
    expect(j.mapper('u', 2)(at(4, 1))).toEqual(at(6, 1));
    expect(j.mapper('u', 3)(at(4, 1))).toEqual(at(4, 1));
    j.prune('u', 2);
    expect(j.mapper('u', 1)(at(4, 1))).toEqual(at(6, 1));
    j.forget('u');
    expect(j.mapper('u', 1)(at(4, 1))).toEqual(at(4, 1));
  });
});

describe('changed lines', () => {
  const at = (line: number, character: number) => ({ line, character });
  const change = (sl: number, sc: number, el: number, ec: number, text: string) => ({
    range: { start: at(sl, sc), end: at(el, ec) },
    text,
  });

  test('a typed character marks its line; inserted lines mark themselves and move later ranges', () => {
    expect(changedLineRanges([change(5, 6, 5, 11, 'x * x * x')])).toEqual([[5, 5]]);
    // Type on line 8, then insert two lines at line 2: the edited line is now line 10.
    expect(changedLineRanges([change(8, 0, 8, 0, 'y'), change(2, 0, 2, 0, '# a\n# b\n')])).toEqual([
      [2, 4],
      [10, 10],
    ]);
  });

  test('deleting lines moves later ranges up and merges the ones it overlapped', () => {
    // Edit line 3 and line 9, then delete lines 2..4 (joining line 2's start with line 5's start).
    const ranges = changedLineRanges([change(3, 0, 3, 1, 'a'), change(9, 0, 9, 0, 'b'), change(2, 0, 5, 0, '')]);
    expect(ranges).toEqual([
      [2, 2],
      [6, 6],
    ]);
  });

  test('the journal answers for the edits after a version only', () => {
    const j = new EditJournal();
    j.record('u', 2, [change(1, 0, 1, 0, 'a')]);
    j.record('u', 3, [change(4, 0, 4, 0, 'b')]);
    const since1 = j.changedSince('u', 1);
    expect([0, 1, 2, 3, 4, 5].filter(since1)).toEqual([1, 4]);
    expect([0, 1, 2, 3, 4, 5].filter(j.changedSince('u', 2))).toEqual([4]);
    expect([0, 1, 2, 3, 4, 5].filter(j.changedSince('u', 3))).toEqual([]);
    expect(j.changedSince('other', 0)(1)).toBe(false);
  });
});
