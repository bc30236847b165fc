import { describe, expect, it } from 'vitest';
import { bytesElement, elementBytes, elementText } from '../../src/engine/tensor/stringBytes';

const b = (...xs: number[]) => Uint8Array.from(xs);

describe('string tensor elements hold any bytes', () => {
  it('decodes valid UTF-8 and escapes every other byte, and restores the bytes', () => {
    const cases: [Uint8Array, string][] = [
      [b(0x61, 0x62), 'ab'],
      [b(0x68, 0xc3, 0xa9), 'h\u00e9'],
      [b(0xff, 0x00), '\udcff\u0000'],
      [b(0xc3), '\udcc3'], // truncated sequence
      [b(0xed, 0xa0, 0x80), '\udced\udca0\udc80'], // an encoded surrogate is not UTF-8
      [b(0xc0, 0xaf), '\udcc0\udcaf'], // overlong
      [b(0xf0, 0x9f, 0x98, 0x80), '\u{1f600}'],
    ];
    for (const [bytes, element] of cases) {
      expect(bytesElement(bytes)).toBe(element);
      expect([...elementBytes(element)]).toEqual([...bytes]);
    }
  });
  it("shows escaped bytes as Python's backslashreplace does", () => {
    expect(elementText('a\udcff\u00e9')).toBe('a\\xff\u00e9');
    expect(elementText('\u{10080}')).toBe('\u{10080}'); // a pair whose low half is in the escape range
  });
});
