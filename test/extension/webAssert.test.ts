/** The web integration bundle's `node:assert` subset agrees with Node's own on the same inputs. */
import * as nodeAssert from 'node:assert';
import { describe, expect, test } from 'vitest';
import * as ours from '../integration/web/assert';

const throws = (f: () => void) => {
  try {
    f();
    return false;
  } catch {
    return true;
  }
};

const PAIRS: [unknown, unknown][] = [
  [1, 1],
  [1, '1'],
  [Number.NaN, Number.NaN],
  [0, -0],
  [
    [1, 2],
    [1, 2],
  ],
  [
    [1, 2],
    [1, 2, 3],
  ],
  [{ a: [1, { b: 'x' }] }, { a: [1, { b: 'x' }] }],
  [{ a: 1 }, { a: 1, b: undefined }],
  [{ a: 1 }, { b: 1 }],
  [[], {}],
  [null, undefined],
  [{ a: null }, { a: undefined }],
  [['a'], { 0: 'a' }],
];

describe('the browser assert subset', () => {
  test.each(PAIRS)('strictEqual and deepStrictEqual of %j and %j throw when Node’s do', (a, b) => {
    expect(throws(() => ours.strictEqual(a, b))).toBe(throws(() => nodeAssert.strictEqual(a, b)));
    expect(throws(() => ours.notStrictEqual(a, b))).toBe(throws(() => nodeAssert.notStrictEqual(a, b)));
    expect(throws(() => ours.deepStrictEqual(a, b))).toBe(throws(() => nodeAssert.deepStrictEqual(a, b)));
  });

  test('ok and match, with the given message', () => {
    for (const v of [0, '', null, undefined, false, 1, 'x', {}, []])
      expect(throws(() => ours.ok(v))).toBe(throws(() => nodeAssert.ok(v)));
    expect(() => ours.ok(false, 'the lens is shown')).toThrow('the lens is shown');
    expect(throws(() => ours.match('dy/dx = 6.0', /6\.0/))).toBe(false);
    expect(throws(() => ours.match('dy/dx = 6.0', /7\.0/))).toBe(true);
  });
});
