/** Reading the CLI's FILE argument: its text, or one sentence saying why it cannot be evaluated. */
import { readFileSync, statSync } from 'node:fs';

export type Source = { text: string } | { problem: string };

const decoder = new TextDecoder('utf-8', { fatal: true });

export function readSource(file: string): Source {
  let bytes: Buffer;
  try {
    if (statSync(file).isDirectory()) return { problem: `${file} is a directory, not a file` };
    bytes = readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { problem: `no such file: ${file}` };
    if (code === 'EISDIR') return { problem: `${file} is a directory, not a file` };
    if (code === 'EACCES' || code === 'EPERM') return { problem: `${file} cannot be read: permission denied` };
    return { problem: `${file} cannot be read (${code ?? (e as Error).message})` };
  }
  // A NUL byte never occurs in source text; other binary files (and Latin-1 text) are not valid UTF-8.
  const notText = { problem: `${file} is not a text file (it is binary, or not encoded in UTF-8)` };
  if (bytes.includes(0)) return notText;
  try {
    // The decoder drops a leading byte-order mark, as Python does for UTF-8 sources.
    return { text: decoder.decode(bytes) };
  } catch {
    return notText;
  }
}
