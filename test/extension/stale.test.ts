import { describe, expect, test } from 'vitest';
import type { CacheEntry, Snapshot } from '../../src/extension/core/reportCache';
import { editedLensTitle, staleHintLabel, staleLensTitle, staleReason } from '../../src/extension/core/stale';
import { formatMessage as t } from '../../src/extension/core/translate';
import { seedReport } from './fixtures';

const uri = 'file:///a.py';
const snap = (version: number, stopped = false): Snapshot => {
  const report = seedReport();
  if (stopped) report.stopped = { reason: 'steps', message: 'stopped' };
  return { key: `${uri}@${version}`, uri, report, docs: [{ uri, version }], elapsedMs: 1 };
};
const viewOn = (s: Snapshot) => ({ snapshot: s, doc: s.docs[0] });
const entry = (latest: Snapshot, status: CacheEntry['status'] = { kind: 'idle' }) => ({ latest, status });

describe('stale results', () => {
  test('a report of the current version is not stale', () => {
    const good = snap(4);
    expect(staleReason(viewOn(good), entry(good), 4, true)).toBeUndefined();
    expect(staleReason(viewOn(good), entry(good), 4, false)).toBeUndefined();
  });

  test('why an older report is shown', () => {
    const good = snap(4);
    // The latest report is of the current text but not good: a syntax error, or a run stopped by its budget.
    expect(staleReason(viewOn(good), entry(snap(6)), 6, true)).toBe('syntax');
    expect(staleReason(viewOn(good), entry(snap(6, true)), 6, true)).toBe('stopped');
    // Nothing of the current text yet: a run is on its way (live), or none will come (live mode off).
    expect(staleReason(viewOn(good), entry(good, { kind: 'running' }), 6, true)).toBe('evaluating');
    expect(staleReason(viewOn(good), entry(good), 6, true)).toBe('evaluating');
    expect(staleReason(viewOn(good), entry(good), 6, false)).toBe('liveOff');
    // The run of the current text was terminated, or the worker failed.
    expect(staleReason(viewOn(good), entry(good, { kind: 'timeout', ms: 2500 }), 6, true)).toBe('timeout');
    expect(staleReason(viewOn(good), entry(good, { kind: 'crash', message: 'exit' }), 6, true)).toBe('failed');
    expect(staleLensTitle('dy/dx = 6.0', 'timeout', t)).toBe('dy/dx = 6.0 · $(history) stale: evaluation timed out');
    // A latest report older than the text: still waiting.
    expect(staleReason(viewOn(good), entry(snap(5)), 6, true)).toBe('evaluating');
  });

  test('stale lenses and hints say so; the tape lens keeps Inspect last; an edited line shows no value', () => {
    expect(staleLensTitle('dy/dx = 6.0 · () float32', 'syntax', t)).toBe(
      'dy/dx = 6.0 · () float32 · $(history) stale: syntax error',
    );
    expect(staleLensTitle('tape t · watches x () float32 · 1 op · $(type-hierarchy) Inspect', 'liveOff', t)).toBe(
      'tape t · watches x () float32 · 1 op · $(history) stale: live mode off · $(type-hierarchy) Inspect',
    );
    expect(staleHintLabel('▸ 4.0 ()', 'evaluating', t)).toBe('▸ 4.0 () · evaluating…');
    const edited = editedLensTitle('dy/dx', t);
    expect(edited).toBe('dy/dx · $(history) edited, not evaluated yet');
    expect(edited).not.toMatch(/\d/);
  });
});
