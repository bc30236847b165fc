/**
 * The elements of a `tf.string` tensor are byte strings; the engine holds each as a JS string: its bytes decoded as
 * UTF-8, with every byte that is not part of a valid UTF-8 sequence kept as the lone surrogate U+DC00 + byte (Python's
 * `surrogateescape`), so any bytes survive the round trip and text elements stay ordinary strings.
 */

/** The element for a Python `bytes` value. */
export function bytesElement(b: Uint8Array): string {
  let out = '';
  let i = 0;
  while (i < b.length) {
    const c = b[i];
    if (c < 0x80) {
      out += String.fromCharCode(c);
      i++;
      continue;
    }
    const n = c >= 0xc2 && c < 0xe0 ? 2 : c >= 0xe0 && c < 0xf0 ? 3 : c >= 0xf0 && c < 0xf5 ? 4 : 0;
    let cp = n === 2 ? c & 0x1f : n === 3 ? c & 0x0f : c & 0x07;
    let ok = n > 0 && i + n <= b.length;
    for (let k = 1; ok && k < n; k++) {
      const d = b[i + k];
      ok = (d & 0xc0) === 0x80;
      cp = (cp << 6) | (d & 0x3f);
    }
    // Overlong forms, surrogates and code points past U+10FFFF are not valid UTF-8.
    if (ok && n === 3) ok = cp >= 0x800 && (cp < 0xd800 || cp > 0xdfff);
    if (ok && n === 4) ok = cp >= 0x10000 && cp <= 0x10ffff;
    if (ok) {
      out += String.fromCodePoint(cp);
      i += n;
    } else {
      out += String.fromCharCode(0xdc00 + c);
      i++;
    }
  }
  return out;
}

/** The bytes of an element: UTF-8, with escaped bytes (U+DC80..U+DCFF) restored. */
export function elementBytes(s: string): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
      }
    }
    if (c >= 0xdc80 && c <= 0xdcff) out.push(c - 0xdc00);
    else if (c >= 0xd800 && c <= 0xdfff) out.push(0xef, 0xbf, 0xbd);
    else if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return Uint8Array.from(out);
}

/** An element as Python's `decode('utf-8', errors='backslashreplace')` gives it: escaped bytes as `\xNN`. */
export function elementText(s: string): string {
  return s.replace(
    /(?<![\ud800-\udbff])[\udc80-\udcff]/g,
    (m) => `\\x${(m.charCodeAt(0) - 0xdc00).toString(16).padStart(2, '0')}`,
  );
}
