/** The seed tutorial as a notebook: cells run in order with shared state; lenses, hovers and hints in cells. */
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { api, exampleUri, hoverText, inlayHints, lenses, log, ourDiagnostics, waitFor } from './helpers';

const cellWith = (nb: vscode.NotebookDocument, text: string) => {
  const cell = nb
    .getCells()
    .find((c) => c.kind === vscode.NotebookCellKind.Code && c.document.getText().includes(text));
  assert.ok(cell, `a code cell containing ${text}`);
  return cell;
};

const lineIn = (doc: vscode.TextDocument, text: string) => {
  for (let i = 0; i < doc.lineCount; i++) if (doc.lineAt(i).text.includes(text)) return i;
  throw new Error(`${text} not in cell`);
};

suite('seed tutorial (.ipynb)', () => {
  const uri = exampleUri('autodiff_tutorial.ipynb');
  let nb: vscode.NotebookDocument;

  suiteSetup(async () => {
    const a = await api();
    nb = await vscode.workspace.openNotebookDocument(uri);
    await vscode.window.showNotebookDocument(nb);
    const report = await a.settled(nb.uri);
    assert.ok(report, 'a report for the notebook');
    assert.strictEqual(report.source.kind, 'notebook');
  });

  /** The recipe: a cell's text model must exist before executeCodeLensProvider accepts its URI. */
  async function reveal(cell: vscode.NotebookCell) {
    await vscode.window.showNotebookDocument(nb, {
      selections: [new vscode.NotebookRange(cell.index, cell.index + 1)],
    });
    await vscode.window.showTextDocument(cell.document);
  }

  test('lenses in the first tape cell', async () => {
    const cell = cellWith(nb, 'dz_dx = t.gradient(z, x)');
    await reveal(cell);
    const l = await waitFor('cell lenses', async () => {
      const x = await lenses(cell.document.uri);
      return x.length >= 2 && x;
    });
    log(
      'cell lenses',
      l.map((x) => `${x.line + 1}: ${x.title}`),
    );
    const tapeLine = lineIn(cell.document, 'with tf.GradientTape() as t:');
    const gradLine = lineIn(cell.document, 'dz_dx = t.gradient(z, x)');
    assert.deepStrictEqual(
      l.filter((x) => x.line === tapeLine).map((x) => x.title),
      ['tape t · watches x (2, 2) float32 · 2 ops · $(type-hierarchy) Inspect'],
    );
    assert.deepStrictEqual(
      l.filter((x) => x.line === gradLine).map((x) => x.title),
      ['dz/dx = [[8, 8], [8, 8]] · (2, 2) float32'],
    );
  });

  test('a later cell sees the state of earlier cells (persistent tape)', async () => {
    const cell = cellWith(nb, 'persistent=True');
    await reveal(cell);
    const l = await waitFor('lenses', async () => {
      const x = await lenses(cell.document.uri);
      return x.length >= 3 && x;
    });
    const titles = l.map((x) => x.title);
    assert.ok(titles.includes('dz/dx = 108.0 · () float32'), titles.join(' | '));
    assert.ok(titles.includes('dy/dx = 6.0 · () float32'), titles.join(' | '));
  });

  test('hover and inlay hints in a cell', async () => {
    const cell = cellWith(nb, 'dz_dx = t.gradient(z, x)');
    await reveal(cell);
    const text = await hoverText(
      cell.document.uri,
      new vscode.Position(lineIn(cell.document, 'dz_dx = t.gradient'), 2),
    );
    assert.match(text, /`dz_dx` · \(2, 2\) float32/);
    assert.match(text, /\*\*Why\?\*\*/);
    const hints = await inlayHints(cell.document.uri, cell.document);
    const y = lineIn(cell.document, 'y = tf.reduce_sum(x)');
    assert.deepStrictEqual(
      hints.filter((h) => h.line === y).map((h) => h.label),
      ['▸ 4.0 ()'],
    );
  });

  test('the cell that only shows dz_dx gets a hover from the shared state', async () => {
    const cell = nb.getCells().find((c) => c.document.getText().trim() === 'dz_dx');
    assert.ok(cell);
    const text = await hoverText(cell.document.uri, new vscode.Position(0, 2));
    assert.match(text, /\(2, 2\) float32/);
  });

  test('no errors or warnings in any cell', () => {
    const bad = nb
      .getCells()
      .flatMap((c) => ourDiagnostics(c.document.uri).map((d) => `cell ${c.index}: ${d.message}`))
      .filter(Boolean);
    const severe = nb
      .getCells()
      .flatMap((c) => ourDiagnostics(c.document.uri).filter((d) => d.severity <= vscode.DiagnosticSeverity.Warning));
    log('notebook diagnostics', bad);
    assert.strictEqual(severe.length, 0, bad.join('\n'));
  });
});
