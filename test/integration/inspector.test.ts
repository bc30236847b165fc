/**
 * The tape inspector panel in a real VS Code: the command opens it, the webview loads (strict CSP, nonce'd script)
 * and asks for the report, the host sends the document's tapes, the webview draws the requested tape and says what
 * it drew; the cursor and edits reach it; messages from the webview are validated. The host's message trace is read
 * through an internal command (`gradientLens.inspector.testState`).
 */
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import type { GradientLensApi } from '../../src/extension/api';
import type { InspectorTrace } from '../../src/extension/inspector/inspectorPanel';
import type { TapeRecord } from '../../src/protocol/report';
import { api, exampleUri, lineOf, log, openPython, waitFor } from './helpers';

const STATE = 'gradientLens.inspector.testState';
const RECEIVE = 'gradientLens.inspector.testReceive';

/** The tapes with their graphs, from the worker's kept evaluation of the document's latest report. */
async function tapeGraphs(a: GradientLensApi, uri: vscode.Uri): Promise<TapeRecord[]> {
  const o = await a.detail(uri, { kind: 'tapes' });
  assert.ok(o.kind === 'ok' && o.answer.kind === 'tapes', `tape graphs: ${JSON.stringify(o).slice(0, 200)}`);
  return o.answer.tapes;
}

const trace = async (): Promise<InspectorTrace> => (await vscode.commands.executeCommand<InspectorTrace>(STATE))!;

suite('tape inspector', () => {
  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('Open Tape Inspector opens the panel on the seed tape; the webview asks for the report and draws it', async () => {
    const a = await api();
    const editor = await openPython(exampleUri('autodiff_tutorial.py'));
    const report = await a.settled(editor.document.uri);
    assert.ok(report && report.tapes.length >= 2, 'the tutorial has tapes');
    // The editor's report leaves the graphs out: the worker sends them on request.
    const first = (await tapeGraphs(a, editor.document.uri))[0];
    assert.strictEqual(first.id, report.tapes[0].id);
    assert.deepStrictEqual(
      first.values.map((v) => [v.name, v.preview, v.grad?.preview]),
      [
        ['x', '[[1, 1], [1, 1]]', '[[8, 8], [8, 8]]'],
        ['y', '4', '8'],
        ['z', '16', '1'],
      ],
    );
    const opened = await vscode.commands.executeCommand('gradientLens.openInspector', {
      uri: editor.document.uri.toString(),
      tape: first.id,
    });
    assert.strictEqual(opened, true);
    const t = await waitFor(
      'the webview to draw the first tape',
      async () => {
        const s = await trace();
        return s.rendered?.tapeId === first.id && s;
      },
      30_000,
    );
    log('inspector trace', { sent: t.sent, received: t.received, rendered: t.rendered });
    assert.ok(t.open && t.visible && t.ready);
    assert.strictEqual(t.uri, editor.document.uri.toString());
    assert.ok(
      t.received.some((m) => m.type === 'ready' && m.ok),
      'webview said ready',
    );
    const sentReport = t.sent.find((m) => m.type === 'report');
    assert.ok(sentReport, 'host sent the report');
    assert.strictEqual(sentReport.tapes, report.tapes.length);
    assert.deepStrictEqual(sentReport.focus, { tape: first.id });
    assert.strictEqual(t.rendered?.nodes, 5, 'x, reduce_sum, y, multiply, z');
    assert.ok(
      t.received.every((m) => m.ok),
      'every webview message was valid',
    );
  });

  test('the cursor in another tape block switches the tape; the line reaches the webview', async () => {
    const a = await api();
    const editor = await openPython(exampleUri('autodiff_tutorial.py'));
    const report = (await a.settled(editor.document.uri))!;
    await vscode.commands.executeCommand('gradientLens.openInspector', {
      uri: editor.document.uri.toString(),
      tape: report.tapes[0].id,
    });
    await waitFor('ready', async () => (await trace()).ready);
    // The second `with tf.GradientTape() as t:` block: its `y = tf.reduce_sum(x)` line.
    const line = lineOf(editor.document, 'y = tf.reduce_sum(x)', 1);
    const second = report.tapes[1];
    await vscode.window.showTextDocument(editor.document, { viewColumn: editor.viewColumn, preserveFocus: false });
    vscode.window.activeTextEditor!.selection = new vscode.Selection(line, 4, line, 4);
    const t = await waitFor(
      'cursor and focus messages, then the second tape drawn',
      async () => {
        const s = await trace();
        return s.sent.some((m) => m.type === 'cursor' && m.line === line) &&
          s.sent.some((m) => m.type === 'focus' && m.tape === second.id) &&
          s.rendered?.tapeId === second.id
          ? s
          : undefined;
      },
      20_000,
    );
    assert.strictEqual(t.rendered?.nodes, 5);
  });

  test('an edit sends a new report and the webview draws it again', async () => {
    const a = await api();
    const editor = await openPython(exampleUri('autodiff_tutorial.py'));
    const report = (await a.settled(editor.document.uri))!;
    await vscode.commands.executeCommand('gradientLens.openInspector', {
      uri: editor.document.uri.toString(),
      tape: report.tapes[0].id,
    });
    await waitFor('ready', async () => (await trace()).ready);
    const before = (await trace()).sent.filter((m) => m.type === 'report').length;
    const line = lineOf(editor.document, 'x = tf.ones((2, 2))');
    try {
      await editor.edit((b) => b.insert(new vscode.Position(line, 19), ' * 2'));
      await waitFor('a new report after the edit', async () => {
        const s = await trace();
        const reports = s.sent.filter((m) => m.type === 'report');
        return reports.length > before && reports[reports.length - 1].key !== reports[before - 1]?.key;
      });
      const t = await waitFor('the redraw', async () => {
        const s = await trace();
        return s.rendered?.tapeId !== undefined && s;
      });
      assert.strictEqual(t.rendered?.nodes, 5);
    } finally {
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
  });

  test('a notebook cell: the inspector shows the notebook tapes and reveals spans in the right cell', async () => {
    const a = await api();
    const nb = await vscode.workspace.openNotebookDocument(exampleUri('autodiff_tutorial.ipynb'));
    await vscode.window.showNotebookDocument(nb);
    const report = (await a.settled(nb.uri))!;
    const cell = nb.getCells().find((c) => c.document.getText().includes('z = tf.multiply(y, y)'))!;
    const graphs = await tapeGraphs(a, nb.uri);
    await vscode.window.showNotebookDocument(nb, {
      selections: [new vscode.NotebookRange(cell.index, cell.index + 1)],
    });
    await vscode.window.showTextDocument(cell.document);
    const first = graphs[0];
    assert.strictEqual(first.id, report.tapes[0].id);
    await vscode.commands.executeCommand('gradientLens.openInspector', {
      uri: cell.document.uri.toString(),
      tape: first.id,
    });
    const t = await waitFor(
      'the notebook tape drawn',
      async () => {
        const s = await trace();
        return s.rendered?.tapeId === first.id && s.uri === nb.uri.toString() && s;
      },
      30_000,
    );
    assert.strictEqual(t.rendered?.nodes, 5);
    // reveal a span of that cell: the cell's editor selects it
    const zSpan = first.values.find((v) => v.name === 'z')!.span!;
    assert.strictEqual(zSpan.cell, cell.index);
    assert.strictEqual(await vscode.commands.executeCommand(RECEIVE, { type: 'reveal', span: zSpan }), true);
    await waitFor('the cell selection', () => {
      const e = vscode.window.visibleTextEditors.find((x) => x.document === cell.document);
      return e && e.selection.start.line === zSpan.start.line && e.selection.end.character === zSpan.end.character;
    });
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  test('messages from the webview are validated before anything happens', async () => {
    const editor = await openPython(exampleUri('autodiff_tutorial.py'));
    await vscode.commands.executeCommand('gradientLens.openInspector', { uri: editor.document.uri.toString() });
    for (const bad of [
      null,
      'ready',
      { type: 'eval', code: 'require("child_process")' },
      { type: 'reveal', span: { start: { line: 'x' }, end: {} } },
      { type: 'copy', text: 42 },
      { type: 'exportSvg', svg: '<script>alert(1)</script>', fileName: 'a.svg' },
    ])
      assert.strictEqual(await vscode.commands.executeCommand(RECEIVE, bad), false, JSON.stringify(bad));
    const rejected = (await trace()).received.filter((m) => !m.ok);
    assert.ok(rejected.length >= 6);

    // A valid reveal selects the span in the editor (clamped to the document).
    const line = lineOf(editor.document, 'z = tf.multiply(y, y)');
    const span = { start: { line, character: 6 }, end: { line, character: 23 } };
    assert.strictEqual(await vscode.commands.executeCommand(RECEIVE, { type: 'reveal', span }), true);
    await waitFor('the revealed selection', () => {
      const sel = vscode.window.visibleTextEditors.find((e) => e.document === editor.document)?.selection;
      return sel && sel.start.line === line && sel.start.character === 6 && sel.end.character === 23;
    });
    const huge = { start: { line: 1e6, character: 0 }, end: { line: 1e6, character: 5 } };
    assert.strictEqual(await vscode.commands.executeCommand(RECEIVE, { type: 'reveal', span: huge }), true);

    // copy puts the text on the clipboard
    assert.strictEqual(await vscode.commands.executeCommand(RECEIVE, { type: 'copy', text: '[[8, 8], [8, 8]]' }), true);
    await waitFor('the clipboard', async () => (await vscode.env.clipboard.readText()) === '[[8, 8], [8, 8]]');
  });
});
