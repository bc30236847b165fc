import { describe, expect, test } from 'vitest';
import { isGoodReport, ReportCache } from '../../src/extension/core/reportCache';
import { seedReport, span } from './fixtures';

const snap = (uri: string, version: number, report = seedReport()) => ({
  key: `${uri}@${version}`,
  uri,
  report,
  docs: [{ uri, version }],
  elapsedMs: 5,
});

describe('ReportCache', () => {
  test('publishes, fires its event, and serves views', () => {
    const cache = new ReportCache();
    const events: string[] = [];
    cache.onDidChange((e) => events.push(`${e.kind}:${e.uri}`));
    cache.publish(snap('file:///a.py', 1));
    expect(events).toEqual(['report:file:///a.py']);
    const view = cache.view('file:///a.py', 'good');
    expect(view?.report.tapes).toHaveLength(1);
    expect(view?.owns(span(1, 0, 1))).toBe(true);
    cache.setStatus('file:///a.py', { kind: 'running' });
    expect(events[1]).toBe('status:file:///a.py');
  });

  test('keeps the last good report while the latest has a syntax error', () => {
    const cache = new ReportCache();
    cache.publish(snap('u', 1));
    const broken = seedReport();
    broken.tapes = [];
    broken.diagnostics = [
      { severity: 'error', code: 'syntax-error', message: 'SyntaxError: invalid syntax', span: span(3, 0, 1) },
    ];
    expect(isGoodReport(broken)).toBe(false);
    cache.publish(snap('u', 2, broken));
    expect(cache.view('u', 'good')?.report.tapes).toHaveLength(1);
    expect(cache.view('u', 'latest')?.report.tapes).toHaveLength(0);
    // a good report replaces both
    cache.publish(snap('u', 3));
    expect(cache.get('u')?.good?.key).toBe('u@3');
  });

  test('the first report is kept even when it is not good', () => {
    const cache = new ReportCache();
    const stopped = { ...seedReport(), stopped: { reason: 'deadline' as const, message: 'deadline' } };
    cache.publish(snap('u', 1, stopped));
    expect(cache.get('u')?.good?.key).toBe('u@1');
  });

  test('views move spans with the edits made since the report', () => {
    const cache = new ReportCache();
    cache.publish(snap('u', 1));
    cache.journal.record('u', 2, [
      { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '\n\n' },
    ]);
    const view = cache.view('u', 'good')!;
    expect(view.span(span(26, 0, 28))).toEqual(span(28, 0, 28));
  });

  test('notebook cells: each cell document owns its spans; related spans find their cell', () => {
    const cache = new ReportCache();
    cache.publish({
      key: 'nb@1',
      uri: 'nb',
      report: seedReport(),
      docs: [
        { uri: 'cell0', cell: 0, version: 1 },
        { uri: 'cell3', cell: 3, version: 1 },
      ],
      elapsedMs: 1,
    });
    const v = cache.view('cell3', 'good')!;
    expect(v.owns(span(0, 0, 1, 0, 3))).toBe(true);
    expect(v.owns(span(0, 0, 1, 0, 0))).toBe(false);
    expect(cache.entryOf('cell0')?.uri).toBe('nb');
    expect(cache.viewOfSpan(cache.get('nb')!.latest!, span(0, 0, 1, 0, 0))?.doc.uri).toBe('cell0');
    cache.delete('nb');
    expect(cache.view('cell3', 'good')).toBeUndefined();
  });
});
