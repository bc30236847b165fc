/** The commands run: Compute Gradients (with and without a Python editor), Toggle Live Mode, Copy Value, … */
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { api, exampleUri, lineOf, openPython, sleep } from './helpers';

suite('commands', () => {
  test('all commands are registered', async () => {
    await api();
    const all = await vscode.commands.getCommands(true);
    for (const id of [
      'gradientLens.computeGradients',
      'gradientLens.toggleLiveMode',
      'gradientLens.copyValue',
      'gradientLens.showOutput',
      'gradientLens.openInspector',
      'gradientLens.explainGradient',
    ]) {
      assert.ok(all.includes(id), id);
    }
  });

  test('Compute Gradients evaluates the active file', async () => {
    await openPython(exampleUri('autodiff_tutorial.py'));
    assert.strictEqual(await vscode.commands.executeCommand('gradientLens.computeGradients'), 'report');
  });

  test('Compute Gradients without a Python editor says so', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    assert.strictEqual(await vscode.commands.executeCommand('gradientLens.computeGradients'), undefined);
  });

  test('Compute Gradients runs with live mode off; Toggle Live Mode flips the setting', async () => {
    const a = await api();
    // An untitled copy: the test types into it (never into a workspace file).
    const content = (await vscode.workspace.openTextDocument(exampleUri('autodiff_tutorial.py'))).getText();
    const editor = await vscode.window.showTextDocument(
      await vscode.workspace.openTextDocument({ language: 'python', content }),
    );
    const before = await a.settled(editor.document.uri);
    assert.ok(before, 'a first report');
    assert.strictEqual(await vscode.commands.executeCommand('gradientLens.toggleLiveMode'), false);
    try {
      assert.strictEqual(vscode.workspace.getConfiguration('gradientLens').get('liveMode'), false);
      // An edit does not evaluate in non-live mode…
      await editor.edit((b) => b.insert(new vscode.Position(0, 0), '# edited\n'));
      await sleep(1000);
      assert.strictEqual(await a.settled(editor.document.uri), before, 'no new report after an edit');
      // …Compute Gradients does.
      assert.strictEqual(await vscode.commands.executeCommand('gradientLens.computeGradients'), 'report');
      assert.notStrictEqual(await a.settled(editor.document.uri), before, 'a new report after Compute Gradients');
    } finally {
      assert.strictEqual(await vscode.commands.executeCommand('gradientLens.toggleLiveMode'), true);
    }
  });

  test('Copy Value copies the full value of dz_dx', async () => {
    const a = await api();
    const editor = await openPython(exampleUri('autodiff_tutorial.py'));
    await a.settled(editor.document.uri);
    const line = lineOf(editor.document, 'dz_dx = t.gradient(z, x)');
    editor.selection = new vscode.Selection(line, 2, line, 2);
    // NumPy's repr of np.full((2, 2), 8, np.float32), as code.
    const numpy = 'np.array([[8., 8.],\n       [8., 8.]], dtype=float32)';
    const text = await vscode.commands.executeCommand<string>('gradientLens.copyValue', { format: 'numpy' });
    assert.strictEqual(text, numpy);
    assert.strictEqual(await vscode.env.clipboard.readText(), numpy);
  });

  test('Show Output, Open Tape Inspector and Explain Gradient run', async () => {
    const editor = await openPython(exampleUri('autodiff_tutorial.py'));
    await vscode.commands.executeCommand('gradientLens.showOutput');
    const line = lineOf(editor.document, 'with tf.GradientTape() as t:');
    editor.selection = new vscode.Selection(line + 1, 0, line + 1, 0);
    const opened = await vscode.commands.executeCommand('gradientLens.openInspector');
    assert.ok(opened === true || opened === false);
    const g = lineOf(editor.document, 'dz_dx = t.gradient(z, x)');
    const span = { start: { line: g, character: 8 }, end: { line: g, character: 24 } };
    await vscode.commands.executeCommand('gradientLens.explainGradient', { uri: editor.document.uri.toString(), span });
    assert.strictEqual(vscode.window.activeTextEditor?.selection.active.line, g);
    // From the palette: the gradient call on the cursor's line.
    editor.selection = new vscode.Selection(g, 0, g, 0);
    assert.strictEqual(await vscode.commands.executeCommand('gradientLens.explainGradient'), true);
    assert.strictEqual(vscode.window.activeTextEditor?.selection.active.character, 'dz_dx = t.gradient'.length - 7);
    editor.selection = new vscode.Selection(0, 0, 0, 0);
    assert.strictEqual(await vscode.commands.executeCommand('gradientLens.explainGradient'), false);
  });
});
