/** The seed tutorial as a Python file: lenses, hover with "Why?", inlay hints, no problems. */
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import {
  api,
  exampleUri,
  hoverText,
  inlayHints,
  lenses,
  lineOf,
  log,
  openPython,
  ourDiagnostics,
  waitFor,
} from './helpers';

suite('seed tutorial (.py)', () => {
  const uri = exampleUri('autodiff_tutorial.py');
  let doc: vscode.TextDocument;

  suiteSetup(async () => {
    const a = await api();
    doc = (await openPython(uri)).document;
    const report = await a.settled(uri);
    assert.ok(report, 'a report arrives for the seed');
    log('timing', report.timing);
  });

  test('CodeLens above the first tape and its gradient', async () => {
    const all = await waitFor('lenses', async () => {
      const l = await lenses(uri);
      return l.length >= 2 && l;
    });
    log(
      'lenses',
      all.map((l) => `${l.line + 1}: ${l.title}`),
    );
    const tapeLine = lineOf(doc, 'with tf.GradientTape() as t:');
    const gradLine = lineOf(doc, 'dz_dx = t.gradient(z, x)');
    assert.deepStrictEqual(
      all.filter((l) => l.line === tapeLine).map((l) => l.title),
      ['tape t · watches x (2, 2) float32 · 2 ops · $(type-hierarchy) Inspect'],
    );
    assert.deepStrictEqual(
      all.filter((l) => l.line === gradLine).map((l) => l.title),
      ['dz/dx = [[8, 8], [8, 8]] · (2, 2) float32'],
    );
    assert.strictEqual(all.find((l) => l.line === tapeLine)?.command, 'gradientLens.openInspector');
  });

  test('CodeLens values of the other gradients in the tutorial', async () => {
    const all = await lenses(uri);
    const at = (text: string, nth = 0) => all.filter((l) => l.line === lineOf(doc, text, nth)).map((l) => l.title);
    assert.deepStrictEqual(at('dz_dy = t.gradient(z, y)'), ['dz/dy = 8.0 · () float32']);
    assert.deepStrictEqual(at('dz_dx = t.gradient(z, x)  # 108.0'), ['dz/dx = 108.0 · () float32']);
    assert.deepStrictEqual(at('dy_dx = t.gradient(y, x)  # 6.0'), ['dy/dx = 6.0 · () float32']);
    assert.match(
      at('with tf.GradientTape(persistent=True) as t:')[0] ?? '',
      /^tape t \(persistent\) · watches x \(\) float32 · /,
    );
    assert.match(at('return t.gradient(out, x)')[0] ?? '', /^dout\/dx = 4\.0 · \(\) float32 · last of 3 runs$/);
    assert.deepStrictEqual(at('dy_dx = t2.gradient(y, x)'), ['dy/dx = 3.0 · () float32']);
    assert.deepStrictEqual(at('d2y_dx2 = t.gradient(dy_dx, x)'), ['d(dy_dx)/dx = 6.0 · () float32']);
  });

  test('hover on dz_dx shows its value and the chain rule', async () => {
    const line = lineOf(doc, 'dz_dx = t.gradient(z, x)');
    const text = await hoverText(uri, new vscode.Position(line, 2));
    log('hover', text);
    assert.match(text, /`dz_dx` · \(2, 2\) float32/);
    assert.match(text, /\[\[8\., 8\.\],/, 'the TF repr of the value');
    assert.match(text, /\*\*dz\/dx\*\* = `\[\[8, 8\], \[8, 8\]\]`/);
    assert.match(text, /\*\*Why\?\*\*/);
    assert.match(text, /dz\/dy/);
    assert.match(text, /command:gradientLens\.copyValue/);
  });

  test('hover on a name inside the tape block', async () => {
    const line = lineOf(doc, 'y = tf.reduce_sum(x)');
    const text = await hoverText(uri, new vscode.Position(line, 2));
    assert.match(text, /`y` · \(\) float32/);
    assert.match(text, /4\.0/);
  });

  test('inlay hints after assignments inside tape blocks', async () => {
    const hints = await inlayHints(uri, doc);
    log('hints', hints.slice(0, 8));
    const y = lineOf(doc, 'y = tf.reduce_sum(x)');
    assert.deepStrictEqual(
      hints.filter((h) => h.line === y || h.line === y + 1).map((h) => h.label),
      ['▸ 4.0 ()', '▸ 16.0 ()'],
    );
    assert.ok(!hints.some((h) => h.line === lineOf(doc, 'x = tf.ones((2, 2))')), 'no hint outside tape blocks');
  });

  test('no errors or warnings on the seed', async () => {
    const diags = ourDiagnostics(uri);
    log(
      'diagnostics',
      diags.map((d) => `${d.range.start.line + 1} ${vscode.DiagnosticSeverity[d.severity]} ${d.message}`),
    );
    assert.deepStrictEqual(
      diags.filter((d) => d.severity <= vscode.DiagnosticSeverity.Warning).map((d) => d.message),
      [],
    );
  });
});
