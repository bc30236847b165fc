import { describe, expect, test } from 'vitest';
import { isInspectorToHost } from '../../src/protocol/messages';
import { serve } from '../../src/worker/serve';
import { evaluationOf, seedReport } from './fixtures';

describe('worker protocol', () => {
  const msg = {
    type: 'run' as const,
    id: 7,
    input: { kind: 'python' as const, cells: [{ source: 'x = 1' }] },
    options: {},
  };

  test('serve answers with the report and the time spent', () => {
    let t = 0;
    const answer = serve(
      msg,
      () => evaluationOf(seedReport()),
      undefined,
      () => (t += 5),
    );
    expect(answer).toMatchObject({ type: 'result', id: 7, workerMs: 5 });
  });

  test('an engine exception becomes a failure message', () => {
    const answer = serve(msg, () => {
      throw new TypeError('boom');
    });
    expect(answer).toMatchObject({ type: 'failure', id: 7, message: 'boom' });
  });
});

describe('inspector messages are validated', () => {
  test.each([
    [{ type: 'ready' }, true],
    [{ type: 'copy', text: 'x' }, true],
    [{ type: 'copy', text: 3 }, false],
    [{ type: 'reveal', span: { start: { line: 1, character: 0 }, end: { line: 1, character: 4 } } }, true],
    [{ type: 'reveal', span: { start: { line: 1, character: 0 }, end: { line: 'x', character: 4 } } }, false],
    [{ type: 'reveal', span: { start: { line: 1, character: 0 }, end: { line: 1, character: 4 }, cell: 'a' } }, false],
    [{ type: 'eval', code: 'alert(1)' }, false],
    [null, false],
    ['ready', false],
  ])('%j → %s', (m, ok) => expect(isInspectorToHost(m)).toBe(ok));
});
