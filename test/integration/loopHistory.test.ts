/**
 * Loop history: the lenses and hints of a training loop say which iteration they show, and "Show Iteration…"
 * switches them all to another one (and back). Expected values are the loop's closed form: with
 * loss = (3w − 3)², dloss/dw = 18(w − 1) and w ← w − 0.01·dloss/dw, w − 1 = 0.82^k before step k (from w = 2),
 * so iteration k + 1 shows dloss/dw = 18·0.82^k and loss = 9·0.82^2k.
 */
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { api, fixtureUri, hoverText, inlayHints, lenses, lineOf, log, openPython, waitFor } from './helpers';

const SHOW_ITERATION = 'gradientLens.showIteration';
/** The closed form at a 1-based iteration, to the lens's 4 decimals (float32 rounding stays far below them). */
const gradAt = (iteration: number) => (18 * 0.82 ** (iteration - 1)).toFixed(4).replace(/\.?0+$/, '');
const lossAt = (iteration: number) => (9 * 0.82 ** (2 * (iteration - 1))).toFixed(4).replace(/\.?0+$/, '');

suite('loop history', () => {
  test('Show Iteration switches the lenses and hints of a training loop, and back to the last', async () => {
    const a = await api();
    const { document: doc } = await openPython(fixtureUri('loop_history.py'));
    const report = await a.settled(doc.uri);
    const loop = report?.loops?.[0];
    assert.ok(loop, 'the report has the loop');
    assert.strictEqual(loop.iterations, 100);
    const gradLine = lineOf(doc, 'tape.gradient(');
    const withLine = lineOf(doc, 'with tf.GradientTape()');
    const lossLine = lineOf(doc, 'loss = ');
    const lensAt = async (line: number, pattern: RegExp) =>
      waitFor(`a lens on line ${line + 1} matching ${pattern}`, async () =>
        (await lenses(doc.uri)).find((l) => l.line === line && pattern.test(l.title)),
      );
    const hintAt = async (pattern: RegExp) =>
      waitFor(`the loss hint matching ${pattern}`, async () =>
        (await inlayHints(doc.uri, doc)).find((h) => h.line === lossLine && pattern.test(h.label)),
      );

    const last = await lensAt(gradLine, /· iteration 100 of 100$/);
    log('last iteration lens', last.title);
    assert.match(last.title, /^dloss\/dw = \S+ · \(\) float32 · iteration 100 of 100$/);
    await lensAt(withLine, /· iteration 100 of 100 ·/);
    await hintAt(/· iteration 100 of 100$/);

    const shown = await vscode.commands.executeCommand(SHOW_ITERATION, {
      uri: doc.uri.toString(),
      loop: loop.span,
      iteration: 3,
    });
    assert.strictEqual(shown, 3);
    const third = await lensAt(gradLine, /iteration 3 of 100$/);
    log('iteration 3 lens', third.title);
    assert.strictEqual(third.title, `dloss/dw = ${gradAt(3)} · () float32 · iteration 3 of 100`);
    const hint = await hintAt(/iteration 3 of 100$/);
    assert.strictEqual(hint.label, `▸ ${lossAt(3)} () · iteration 3 of 100`);
    // The loop keeps 16 of its tapes (iterations 1, 9, 17, …, 97, 100): the tape lens shows the latest before 3.
    await lensAt(withLine, /· iteration 1 of 100 ·/);
    const hover = await hoverText(doc.uri, new vscode.Position(lossLine, 9));
    log('hover', hover.slice(0, 300));
    assert.match(hover, /iteration 3 of 100/);
    assert.match(hover, /!\[loss over 100 iterations\]\(data:image\/svg\+xml;base64,/);
    assert.match(hover, /\[◀\]\(command:gradientLens\.showIteration\?/);

    // Iteration 4 was thinned out (1, 3, 5, … are kept): the lens shows iteration 3 and says so.
    await vscode.commands.executeCommand(SHOW_ITERATION, { uri: doc.uri.toString(), loop: loop.span, iteration: 4 });
    await lensAt(gradLine, /iteration 3 of 100$/);

    // An edit above the loop re-evaluates: the loop keeps its chosen iteration.
    const editor = await vscode.window.showTextDocument(doc);
    await editor.edit((e) => e.insert(new vscode.Position(1, 0), '# a comment\n'));
    await vscode.commands.executeCommand(SHOW_ITERATION, {
      uri: doc.uri.toString(),
      loop: (await a.settled(doc.uri))?.loops?.[0]?.span,
      iteration: 5,
    });
    const fifth = await lensAt(gradLine + 1, /iteration 5 of 100$/);
    assert.strictEqual(fifth.title, `dloss/dw = ${gradAt(5)} · () float32 · iteration 5 of 100`);
    await editor.edit((e) => e.insert(new vscode.Position(1, 0), '# another\n'));
    await a.settled(doc.uri);
    await lensAt(gradLine + 2, /iteration 5 of 100$/);

    // Back to the last iteration (0 means the last).
    const back = await vscode.commands.executeCommand(SHOW_ITERATION, {
      uri: doc.uri.toString(),
      loop: (await a.settled(doc.uri))?.loops?.[0]?.span,
      iteration: 0,
    });
    assert.strictEqual(back, 100);
    await lensAt(gradLine + 2, /iteration 100 of 100$/);
    await vscode.commands.executeCommand('undo');
    await vscode.commands.executeCommand('undo');
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });
});
