/**
 * The worker answers on demand, and keystroke to lens: the editor's report is bounded; the hover's "Why?", Copy
 * Value and the inspector's tape graphs are asked of the worker; after a keystroke on the seed the lenses and the
 * inlay hints come from the same evaluation. Times are printed, not asserted (they depend on the machine's load).
 */
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { api, exampleUri, hoverText, lineOf, log, openPython, sleep, waitFor } from './helpers';

async function untitled(content: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument({ language: 'python', content });
  return vscode.window.showTextDocument(doc);
}

const BIG = `import tensorflow as tf

big = tf.reshape(tf.range(2400, dtype=tf.float32), (40, 60)) / 8.0
`;

suite('on demand', () => {
  test('the report is bounded, and the hover\'s "Why?" comes from the worker', async () => {
    const a = await api();
    const seed = exampleUri('autodiff_tutorial.py');
    const editor = await openPython(seed);
    const report = await a.settled(seed);
    assert.ok(report?.bounded, 'the editor asks for the bounded report');
    assert.ok(report.tapes.length > 0 && report.tapes.every((t) => t.omitted && t.ops.length === 0));
    assert.ok(report.gradients.every((g) => g.results.every((r) => r.explanation === undefined)));
    log('seed report size', `${JSON.stringify(report).length} characters`);
    const line = lineOf(editor.document, 'dz_dx = t.gradient(z, x) #returns');
    const col = editor.document.lineAt(line).text.indexOf('gradient(') + 1;
    const t0 = performance.now();
    const text = await hoverText(seed, new vscode.Position(line, col));
    log('hover with its explanation', `${(performance.now() - t0).toFixed(0)} ms`);
    // z = y·y, y = reduce_sum(x): dz/dx = 2·y · 1 = 8 for each element.
    assert.match(text, /\*\*Why\?\*\*/);
    assert.match(text, /dz\/dx/);
    assert.match(text, /= 8/);
  });

  test('Copy Value copies the full value from the worker, as JSON or NumPy text', async () => {
    const a = await api();
    const editor = await untitled(BIG);
    const report = await a.settled(editor.document.uri);
    const record = report?.values.find((v) => v.label === 'big');
    assert.ok(record, 'big has a value record');
    assert.strictEqual(record.value.value, undefined, 'the report does not carry its 2,400 elements');
    const uri = editor.document.uri.toString();
    const json = await vscode.commands.executeCommand<string>('gradientLens.copyValue', {
      uri,
      span: record.span,
      format: 'json',
    });
    const parsed = JSON.parse(json) as { dtype: string; shape: number[]; data: number[][] };
    assert.strictEqual(parsed.dtype, 'float32');
    assert.deepStrictEqual(parsed.shape, [40, 60]);
    assert.deepStrictEqual(
      parsed.data,
      Array.from({ length: 40 }, (_, i) => Array.from({ length: 60 }, (_, j) => (i * 60 + j) / 8)),
    );
    assert.strictEqual(await vscode.env.clipboard.readText(), json);
    const numpy = await vscode.commands.executeCommand<string>('gradientLens.copyValue', {
      uri,
      span: record.span,
      format: 'numpy',
    });
    // As NumPy 2.4 prints it (threshold=sys.maxsize, floatmode='unique'): scientific, 481 lines.
    assert.ok(numpy.startsWith('np.array([[0.00000e+00, 1.25000e-01, 2.50000e-01, 3.75000e-01,'), numpy.slice(0, 80));
    assert.ok(numpy.endsWith('2.99750e+02, 2.99875e+02]],\n      dtype=float32)'), numpy.slice(-80));
    assert.ok(!numpy.includes('...'), 'every element, none summarised');
    assert.strictEqual(numpy.split('\n').length, 481);
  });

  test('a worker that lost its evaluations answers stale; Copy Value evaluates again and copies', async () => {
    const a = await api();
    const editor = await untitled(BIG);
    const report = await a.settled(editor.document.uri);
    const record = report?.values.find((v) => v.label === 'big');
    assert.ok(record);
    const before = a.runCounts().started;
    const workers = a.workersStarted();
    a.testWorker('exit');
    await waitFor('the worker to exit', async () => {
      await sleep(50);
      return a.runCounts().started === before;
    });
    await sleep(300);
    const json = await vscode.commands.executeCommand<string>('gradientLens.copyValue', {
      uri: editor.document.uri.toString(),
      span: record.span,
      format: 'json',
    });
    log('after the worker exited', { workers: a.workersStarted() - workers, runs: a.runCounts().started - before });
    assert.ok(a.runCounts().started > before, 'the document was evaluated again');
    assert.deepStrictEqual((JSON.parse(json) as { shape: number[] }).shape, [40, 60]);
  });

  test('keystroke to lens on the seed: lenses and hints come from the same evaluation', async () => {
    const a = await api();
    const seed = exampleUri('autodiff_tutorial.py');
    const editor = await openPython(seed);
    const doc = editor.document;
    await a.settled(seed);
    const line = lineOf(doc, 'x = tf.constant(3.0) #creates a simple 3');
    editor.revealRange(new vscode.Range(line, 0, line + 8, 0), vscode.TextEditorRevealType.AtTop);
    await sleep(1000);
    const digit = doc.lineAt(line).text.indexOf('3.0');
    const times: Record<string, number>[] = [];
    try {
      for (const value of ['4', '5', '3']) {
        const t0 = performance.now();
        await editor.edit((b) => b.replace(new vscode.Range(line, digit, line, digit + 1), value));
        const key = `${seed.toString()}@${doc.version}`;
        await a.settled(seed);
        const tReport = performance.now();
        const first = await waitFor(`lenses and hints of ${key}`, () => {
          const after = a.served().filter((s) => s.at >= t0 && s.key.startsWith(`${seed.toString()}@`));
          const lens = after.find((s) => s.what === 'lenses' && s.key === key);
          const hint = after.find((s) => s.what === 'hints' && s.key === key);
          return lens && hint && { lens, hint, after };
        });
        times.push({
          report: Math.round(tReport - t0),
          lens: Math.round(first.lens.at - t0),
          hints: Math.round(first.hint.at - t0),
        });
        // Nothing VS Code got after the new report was published came from an older evaluation.
        const stale = first.after.filter((s) => s.at >= tReport && s.key !== key);
        assert.deepStrictEqual(stale, [], 'lenses and hints after the report are from the new evaluation');
        await sleep(600);
      }
    } finally {
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
    log('keystroke to report, lenses and hints (ms, debounce 300)', times);
  });
});
