/**
 * Reads `gaps.json`: the known differences from real TensorFlow that the conformance checks accept, each with its
 * cause. An entry that no longer occurs fails the check too, so the list only shrinks as the engine improves.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Failure, Gap } from './harness';

export const GAPS: Gap[] = JSON.parse(readFileSync(join(__dirname, 'gaps.json'), 'utf8')) as Gap[];

const key = (x: { file: string; cell: number; what: string }) => `${x.file}#${x.cell}#${x.what}`;

/** The failures no gap accounts for, and the gaps of `files` that did not occur. */
export function unexpected(failures: Failure[], files: string[]): { failures: Failure[]; stale: Gap[] } {
  const known = new Set(GAPS.map(key));
  const seen = new Set(failures.map(key));
  return {
    failures: failures.filter((f) => !known.has(key(f))),
    stale: GAPS.filter((g) => files.includes(g.file) && !seen.has(key(g))),
  };
}
