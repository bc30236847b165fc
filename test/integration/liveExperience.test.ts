/** The live experience: printed output at its print, code after an exception faded, stale results marked. */
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import {
  api,
  fixtureUri,
  hoverText,
  inlayHints,
  lenses,
  lineOf,
  log,
  openPython,
  ourDiagnostics,
  readText,
  waitFor,
} from './helpers';

suite('live experience', () => {
  test('each print shows its last line as a hint and everything it printed in the hover', async () => {
    const a = await api();
    const { document: doc } = await openPython(fixtureUri('training_loop.py'));
    await a.settled(doc.uri);
    const loopPrint = lineOf(doc, 'print("step"');
    const finalPrint = lineOf(doc, 'print("done');
    const hints = await waitFor('the print hints', async () => {
      const all = await inlayHints(doc.uri, doc);
      return all.some((h) => h.line === finalPrint) && all;
    });
    log('hints', hints);
    // (w·3 − 3)² with w = 2, 0.2, 1.64 (w -= 0.1·18, +0.1·14.4, −0.1·11.52): 9, 5.76, 3.6864 as float32.
    assert.ok(
      hints.some(
        (h) => h.line === loopPrint && h.label === '▸ step 2 loss 3.6864001750946045 (+2 lines) · iteration 3 of 3',
      ),
      'the loop print shows its last line, the 2 lines before, and its iteration',
    );
    assert.ok(
      hints.some((h) => h.line === finalPrint && h.label === '▸ w = 0.48799991607666016 (+1 line)'),
      'the multi-line print shows its last line',
    );
    const hover = await hoverText(doc.uri, new vscode.Position(loopPrint, 6));
    log('print hover', hover);
    for (const line of ['step 0 loss 9.0', 'step 1 loss 5.760000228881836', 'step 2 loss 3.6864001750946045'])
      assert.ok(hover.includes(line), `the hover lists "${line}"`);
    assert.ok(hover.includes('(3 runs)'), 'the hover counts the runs');
  });

  test('code after an uncaught exception is faded as not run', async () => {
    const a = await api();
    const { document: doc } = await openPython(fixtureUri('exception_halfway.py'));
    await a.settled(doc.uri);
    const raise = lineOf(doc, 'raise RuntimeError');
    const notRun = await waitFor('the not-run hint', () => ourDiagnostics(doc.uri).find((d) => d.code === 'not-run'));
    log('not run', { range: notRun.range, message: notRun.message });
    assert.strictEqual(notRun.message, `not run: RuntimeError at line ${raise + 1}`);
    assert.strictEqual(notRun.severity, vscode.DiagnosticSeverity.Hint);
    assert.deepStrictEqual(notRun.tags, [vscode.DiagnosticTag.Unnecessary]);
    assert.strictEqual(notRun.range.start.line, lineOf(doc, 'z = g * 2'));
    assert.strictEqual(notRun.range.end.line, lineOf(doc, 'print(z)'));
    // The code before it ran: its gradient lens is there.
    const titles = (await lenses(doc.uri)).map((l) => l.title);
    assert.ok(titles.includes('dy/dx = [2, 4] · (2,) float32'), `the gradient lens before the raise: ${titles}`);
  });

  test('after a syntax error the lenses say they are stale, and an edited line shows no value', async () => {
    const a = await api();
    const content =
      'import tensorflow as tf\n\nx = tf.constant(3.0)\nwith tf.GradientTape() as t:\n  t.watch(x)\n  y = x * x\ndy_dx = t.gradient(y, x)\n';
    const doc = await vscode.workspace.openTextDocument({ language: 'python', content });
    const editor = await vscode.window.showTextDocument(doc);
    await a.settled(doc.uri);
    const titlesAt = async () => (await lenses(doc.uri)).map((l) => `${l.line}: ${l.title}`);
    await waitFor('the first lens', async () => (await titlesAt()).includes('6: dy/dx = 6.0 · () float32'));
    // A syntax error at the end: the last good report is kept, and said to be stale.
    await editor.edit((b) => b.insert(new vscode.Position(7, 0), 'w = (\n'));
    const stale = await waitFor('the stale lens', async () => {
      const t = await titlesAt();
      return t.includes('6: dy/dx = 6.0 · () float32 · $(history) stale: syntax error') && t;
    });
    log('stale lenses', stale);
    assert.ok(
      stale.includes(
        '3: tape t · watches x () float32 · 1 op · $(history) stale: syntax error · $(type-hierarchy) Inspect',
      ),
    );
    const hints = await inlayHints(doc.uri, doc);
    assert.ok(
      hints.some((h) => h.line === 5 && h.label === '▸ 9.0 () · stale: syntax error'),
      JSON.stringify(hints),
    );
    // Edit the gradient line: its lens shows no value any more; the hint of the edited line `y = ...` is gone.
    await editor.edit((b) => b.replace(new vscode.Range(5, 6, 5, 11), 'x * x * x'));
    await waitFor('the edited lines show no value', async () => {
      const t = await titlesAt();
      const h = await inlayHints(doc.uri, doc);
      return (
        !h.some((x) => x.line === 5) && t.includes('6: dy/dx = 6.0 · () float32 · $(history) stale: syntax error') && t
      );
    });
    await editor.edit((b) => b.replace(new vscode.Range(6, 0, 6, 5), 'dydx'));
    await waitFor('the edited gradient line', async () =>
      (await titlesAt()).includes('6: dy/dx · $(history) edited, not evaluated yet'),
    );
    // Fix the syntax error: fresh values, no mark.
    await editor.edit((b) => b.delete(new vscode.Range(7, 0, 8, 0)));
    await waitFor('the fresh lens', async () => (await titlesAt()).includes('6: dy/dx = 27.0 · () float32'));
  });

  test('a quick fix repairs an unwatched tape, and the fixed text is evaluated', async () => {
    const a = await api();
    const content = await readText(fixtureUri('unwatched_constant.py'));
    const doc = await vscode.workspace.openTextDocument({ language: 'python', content });
    await vscode.window.showTextDocument(doc);
    await a.settled(doc.uri);
    const diag = await waitFor('the not-watched warning', () =>
      ourDiagnostics(doc.uri).find((d) => d.code === 'tape-not-watched'),
    );
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      doc.uri,
      diag.range,
      vscode.CodeActionKind.QuickFix.value,
    );
    // The command's result carries no diagnostics: ours are the quick fixes with our titles.
    const ours = (actions ?? []).filter((x) => x.kind?.value === 'quickfix' && /^(Add|Make) /.test(x.title));
    log(
      'quick fixes',
      ours.map((x) => x.title),
    );
    assert.deepStrictEqual(
      ours.map((x) => x.title),
      ['Add t.watch(c)', 'Make c a tf.Variable'],
    );
    const watch = ours[0];
    assert.ok(watch.edit && watch.isPreferred);
    assert.ok(await vscode.workspace.applyEdit(watch.edit));
    assert.strictEqual(doc.lineAt(4).text, '  t.watch(c)');
    // d(c·c)/dc = 2c = 6 once c is watched.
    await waitFor('the fixed gradient', async () =>
      (await lenses(doc.uri)).some((l) => l.title === 'dy/dc = 6.0 · () float32'),
    );
    assert.ok(!ourDiagnostics(doc.uri).some((d) => d.code === 'tape-not-watched'), 'the warning is gone');
  });

  test('a gradient with NaN or Inf is a warning at its call; a big tensor hover shows its statistics', async () => {
    const a = await api();
    // TensorFlow 2.21: the gradient of tf.sqrt at [0, 4, -1] is [inf, 0.25, nan].
    const content = [
      'import tensorflow as tf',
      'x = tf.constant([0.0, 4.0, -1.0])',
      'with tf.GradientTape() as t:',
      '    t.watch(x)',
      '    y = tf.sqrt(x)',
      'g = t.gradient(y, x)',
      'big = tf.ones((1000, 1000))',
      '',
    ].join('\n');
    const doc = await vscode.workspace.openTextDocument({ language: 'python', content });
    await vscode.window.showTextDocument(doc);
    await a.settled(doc.uri);
    const warning = await waitFor('the non-finite gradient warning', () =>
      ourDiagnostics(doc.uri).find((d) => d.code === 'gradient-not-finite'),
    );
    assert.strictEqual(warning.message, 'dy/dx has 1 NaN and 1 Inf (of 3 elements)');
    assert.strictEqual(warning.severity, vscode.DiagnosticSeverity.Warning);
    assert.strictEqual(warning.range.start.line, 5);
    const hover = await hoverText(doc.uri, new vscode.Position(6, 1));
    log('big tensor hover', hover.slice(0, 300));
    assert.ok(hover.includes('(1000, 1000) float32'), 'the shape');
    assert.ok(
      hover.includes('1,000,000 elements · min 1 · max 1 · mean 1 · std 0 · 0 NaN · 0 Inf'),
      'the element count and statistics',
    );
  });
});
