/**
 * Differential conformance against real TensorFlow 2.21: every program in `programs/` runs through the engine cell
 * by cell and every value and printed output is compared with the program's committed oracle JSON
 * (`scripts/oracle/`). A wrong value, printed output that differs, or an exception of another type fails, unless
 * `gaps.json` lists it with its cause. Unknown and missing values are counted by `npm run conformance`.
 */
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { unexpected } from './gaps';
import { compareProgram, failures, programsIn } from './harness';

const ROOT = join(__dirname, '..', '..');

describe('conformance with real TensorFlow', () => {
  const files = programsIn(join(__dirname, 'programs'));
  it('has at least 10 programs', () => {
    expect(files.length).toBeGreaterThanOrEqual(10);
  });
  for (const path of files) {
    const file = relative(ROOT, path);
    it(file, () => {
      const r = compareProgram(path, file);
      const { failures: bad, stale } = unexpected(failures(r), [file]);
      expect(bad.map((f) => `cell ${f.cell} ${f.what}: ${f.detail}`)).toEqual([]);
      expect(stale.map((g) => `no longer differs (remove from gaps.json): cell ${g.cell} ${g.what}`)).toEqual([]);
    });
  }
});
