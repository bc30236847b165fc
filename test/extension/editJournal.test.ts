import { describe, expect, test } from 'vitest';
import { EditJournal, mapPosition } from '../../src/extension/core/editJournal';

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
