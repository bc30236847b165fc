/** Live evaluation: edits update results, lenses stay put while typing, a runaway loop does not hang anything. */
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { api, exampleUri, fixtureUri, hoverText, lenses, log, ourDiagnostics, readText, waitFor } from './helpers';

async function untitled(fixture: string): Promise<vscode.TextEditor> {
  const content = await readText(fixtureUri(fixture));
  const doc = await vscode.workspace.openTextDocument({ language: 'python', content });
  return vscode.window.showTextDocument(doc);
}

const titles = async (uri: vscode.Uri) => (await lenses(uri)).map((l) => `${l.line}: ${l.title}`);

suite('live evaluation', () => {
  test('an edit updates the gradient lens, and the old lens stays until the new result arrives', async () => {
    const a = await api();
    const editor = await untitled('edit_me.py');
    const { document: doc } = editor;
    await a.settled(doc.uri);
    await waitFor('the first lens', async () => (await titles(doc.uri)).includes('6: dy/dx = 6.0 · () float32'));
    // Lenses wait a moment for a run that is about to finish; a long debounce keeps this one waiting longer.
    const config = vscode.workspace.getConfiguration('gradientLens');
    await config.update('debounceMs', 3000, vscode.ConfigurationTarget.Global);
    try {
      await editor.edit((b) => b.replace(new vscode.Range(5, 6, 5, 11), 'x * x * x'));
      assert.ok(
        (await titles(doc.uri)).includes('6: dy/dx = 6.0 · () float32 · $(history) evaluating…'),
        'the last good lens is still shown, saying that a newer evaluation is on its way',
      );
      await waitFor('the updated lens', async () => (await titles(doc.uri)).includes('6: dy/dx = 27.0 · () float32'));
    } finally {
      await config.update('debounceMs', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  test('lenses move with the lines inserted above them before the next result', async () => {
    const a = await api();
    const editor = await untitled('edit_me.py');
    const { document: doc } = editor;
    await a.settled(doc.uri);
    await waitFor('the first lens', async () =>
      (await titles(doc.uri)).includes('3: tape t · watches x () float32 · 1 op · $(type-hierarchy) Inspect'),
    );
    await editor.edit((b) => b.insert(new vscode.Position(2, 0), '# a new comment\n# and another\n'));
    const moved = await titles(doc.uri);
    log('after inserting 2 lines', moved);
    assert.ok(
      moved.some((t) => t.startsWith('5: tape t')),
      'the tape lens moved from line 3 to line 5',
    );
    assert.ok(
      moved.some((t) => t.startsWith('8: dy/dx')),
      'the gradient lens moved from line 6 to line 8',
    );
  });

  test('a runaway loop is stopped and the extension stays responsive', async () => {
    const a = await api();
    const config = vscode.workspace.getConfiguration('gradientLens');
    // A budget of seconds: the hover below must come back while the loop still runs, on a busy machine too.
    await config.update('timeBudgetMs', 8000, vscode.ConfigurationTarget.Global);
    try {
      const seed = exampleUri('autodiff_tutorial.py');
      await vscode.workspace.openTextDocument(seed);
      const workersBefore = a.workersStarted();
      const editor = await untitled('runaway.py');
      const { document: doc } = editor;
      // While the loop runs in the worker, the extension host answers: the hover comes back before the run ends.
      await waitFor('the loop to run in the worker', () => a.status(doc.uri)?.kind === 'running');
      const t0 = Date.now();
      const text = await hoverText(seed, new vscode.Position(0, 0));
      const statusAfterHover = a.status(doc.uri)?.kind;
      log('hover while the loop runs', { ms: Date.now() - t0, statusAfterHover });
      assert.strictEqual(statusAfterHover, 'running', 'the hover answered while the loop was still running');
      assert.strictEqual(typeof text, 'string');
      const report = await a.settled(doc.uri, 30_000);
      log('runaway status', {
        stopped: report?.stopped,
        status: a.status(doc.uri),
        workers: a.workersStarted() - workersBefore,
      });
      // The engine stops itself (report.stopped) or the host terminates the worker (status timeout).
      assert.ok(report?.stopped || a.status(doc.uri)?.kind === 'timeout', 'the run was stopped');
      // The code before the loop still has its lens (from this run or the last good one).
      await waitFor('the lens before the loop', async () =>
        (await titles(doc.uri)).includes('6: dy/dx = 4.0 · () float32'),
      );
      // Remove the loop: the next run evaluates normally.
      await editor.edit((b) => b.delete(new vscode.Range(8, 0, doc.lineCount, 0)));
      await waitFor('a normal run after the fix', async () => {
        const r = await a.settled(doc.uri);
        return r && !r.stopped && a.status(doc.uri)?.kind === 'idle';
      });
      assert.deepStrictEqual(
        ourDiagnostics(doc.uri)
          .filter((d) => d.severity <= vscode.DiagnosticSeverity.Warning)
          .map((d) => d.message),
        [],
      );
    } finally {
      await config.update('timeBudgetMs', undefined, vscode.ConfigurationTarget.Global);
    }
  });
});
