/**
 * The notebook kernel "Gradient Lens (no Python)" in a real workbench: the controller is selected for a copy of the
 * fixture notebook, cells run one by one and with Run All, outputs and execution order are Jupyter's, an error stops
 * Run All, an interrupt stops a runaway cell with KeyboardInterrupt and keeps the namespace, the restart command
 * gives a fresh session, and the saved file is a normal .ipynb with Jupyter's output types.
 */
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { api, EXTENSION_ID, fixtureUri, log, onTheWeb, readText, scratchUri, waitFor } from './helpers';

const STDOUT = 'application/vnd.code.notebook.stdout';
const ERROR = 'application/vnd.code.notebook.error';
const decode = (data: Uint8Array) => new TextDecoder().decode(data);

/** The cell's outputs as (mime, text) pairs, in order. */
function outputsOf(cell: vscode.NotebookCell): { mime: string; text: string }[] {
  return cell.outputs.flatMap((o) => o.items.map((i) => ({ mime: i.mime, text: decode(i.data) })));
}

suite('notebook kernel (no Python)', () => {
  let nb: vscode.NotebookDocument;
  let file: vscode.Uri;

  suiteSetup(async () => {
    await api();
    file = scratchUri(`kernel-${Date.now()}.ipynb`);
    await vscode.workspace.fs.copy(fixtureUri('kernel.ipynb'), file, { overwrite: true });
    nb = await vscode.workspace.openNotebookDocument(file);
    await vscode.window.showNotebookDocument(nb);
    await vscode.commands.executeCommand('notebook.selectKernel', {
      id: 'gradient-lens-kernel',
      extension: EXTENSION_ID,
    });
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  /** Runs cell `index` and waits for its execution to end with order `order`. */
  async function runCell(index: number, order: number) {
    await vscode.commands.executeCommand('notebook.cell.execute', {
      ranges: [{ start: index, end: index + 1 }],
      document: nb.uri,
    });
    const cell = nb.cellAt(index);
    await waitFor(`cell ${index} executed as In[${order}]`, () => {
      const s = cell.executionSummary;
      return s?.executionOrder === order && s.success !== undefined;
    });
    log(`cell ${index}`, { summary: cell.executionSummary, outputs: outputsOf(cell) });
    return cell;
  }

  test('runs cells in one namespace with Jupyter outputs and execution order', async () => {
    const c1 = await runCell(1, 1);
    assert.strictEqual(c1.executionSummary?.success, true);
    assert.deepStrictEqual(outputsOf(c1), [{ mime: STDOUT, text: 'x starts at 3.0\n' }]);
    const c2 = await runCell(2, 2);
    assert.deepStrictEqual(outputsOf(c2), [
      { mime: 'text/plain', text: '<tf.Tensor: shape=(), dtype=float32, numpy=6.0>' },
    ]);
    // Running a cell twice runs it twice: the variable moves on each time.
    const c3 = await runCell(3, 3);
    assert.deepStrictEqual(outputsOf(c3), [{ mime: 'text/plain', text: 'np.float32(4.0)' }]);
    await runCell(3, 4);
    assert.deepStrictEqual(outputsOf(c3), [{ mime: 'text/plain', text: 'np.float32(5.0)' }]);
    // The lens goes on evaluating the whole notebook as before, in its own worker.
    const report = await (await api()).settled(nb.uri);
    assert.strictEqual(report?.source.kind, 'notebook');
    assert.ok(report.gradients.length > 0, 'the lens reports the gradient of the tape cell');
  });

  test('an error cell shows the exception with its traceback and stops Run All', async () => {
    await vscode.commands.executeCommand('gradientLens.restartKernel', nb.uri);
    await vscode.commands.executeCommand('notebook.execute', nb.uri);
    const error = nb.cellAt(4);
    await waitFor('the error cell ran', () => error.executionSummary?.success === false);
    assert.strictEqual(error.executionSummary?.executionOrder, 4);
    const items = outputsOf(error);
    assert.strictEqual(items.length, 1);
    assert.strictEqual(items[0].mime, ERROR);
    const e = JSON.parse(items[0].text) as { name: string; message: string; stack: string };
    assert.strictEqual(e.name, 'ZeroDivisionError');
    assert.strictEqual(e.message, 'division by zero');
    assert.strictEqual(
      e.stack,
      [
        '-'.repeat(75),
        'ZeroDivisionError                         Traceback (most recent call last)',
        'Cell In[4], line 4\n      1 def inverse(v):\n      2     return 1 / v\n----> 4 inverse(0)\n',
        'Cell In[4], line 2, in inverse(v)\n      1 def inverse(v):\n----> 2     return 1 / v\n',
        'ZeroDivisionError: division by zero',
      ].join('\n'),
    );
    // Run All started over from In[1] after the restart, and stopped at the error.
    assert.strictEqual(nb.cellAt(1).executionSummary?.executionOrder, 1);
    assert.deepStrictEqual(outputsOf(nb.cellAt(3)), [{ mime: 'text/plain', text: 'np.float32(4.0)' }]);
    await new Promise((r) => setTimeout(r, 500));
    assert.deepStrictEqual(outputsOf(nb.cellAt(5)), [], 'the cell after the error did not run');
  });

  test('an interrupt stops a runaway cell with KeyboardInterrupt and keeps the namespace', async () => {
    // The command resolves when the execution ends: not awaited here, the cell never ends on its own.
    const running = vscode.commands.executeCommand('notebook.cell.execute', {
      ranges: [{ start: 6, end: 7 }],
      document: nb.uri,
    });
    const loop = nb.cellAt(6);
    await waitFor('the loop started', () => outputsOf(loop).some((o) => o.text === 'looping\n'));
    await vscode.commands.executeCommand('notebook.cell.cancelExecution', {
      ranges: [{ start: 6, end: 7 }],
      document: nb.uri,
    });
    await waitFor('the loop was interrupted', () => loop.executionSummary?.success === false, 15_000);
    await running;
    const error = outputsOf(loop).find((o) => o.mime === ERROR);
    assert.ok(error, 'an error output');
    const e = JSON.parse(error.text) as { name: string; message: string; stack: string };
    assert.strictEqual(e.name, 'KeyboardInterrupt');
    if (await onTheWeb()) {
      // A browser's web worker extension host is not cross-origin isolated: no SharedArrayBuffer, so the interrupt
      // cannot reach the running cell and the kernel restarts instead, saying so (the namespace is gone).
      assert.match(e.message, /cannot be interrupted in place here \(no shared memory\), so it was restarted/);
      return;
    }
    assert.strictEqual(e.message, '', 'interrupted in place, not by a restart');
    assert.match(e.stack, /^Cell In\[5\], line [34]\n/m);
    const after = await runCell(7, 6);
    assert.deepStrictEqual(outputsOf(after), [{ mime: 'text/plain', text: 'True' }]);
  });

  test('Restart Kernel gives a fresh namespace numbered from In[1]', async () => {
    await vscode.commands.executeCommand('gradientLens.restartKernel', nb.uri);
    const cell = await runCell(7, 1);
    const error = outputsOf(cell).find((o) => o.mime === ERROR);
    assert.ok(error);
    assert.strictEqual((JSON.parse(error.text) as { name: string }).name, 'NameError');
  });

  test('the saved notebook has Jupyter output types and execution counts', async () => {
    await runCell(1, 2);
    await runCell(2, 3);
    assert.ok(await nb.save(), 'saved');
    const saved = JSON.parse(await readText(file)) as {
      cells: { cell_type: string; execution_count?: number | null; outputs?: Record<string, unknown>[] }[];
    };
    const [c1, c2] = [saved.cells[1], saved.cells[2]];
    assert.strictEqual(c1.execution_count, 2);
    assert.deepStrictEqual(c1.outputs, [{ name: 'stdout', output_type: 'stream', text: ['x starts at 3.0\n'] }]);
    assert.strictEqual(c2.execution_count, 3);
    assert.deepStrictEqual(c2.outputs, [
      {
        data: { 'text/plain': ['<tf.Tensor: shape=(), dtype=float32, numpy=6.0>'] },
        execution_count: 3,
        metadata: {},
        output_type: 'execute_result',
      },
    ]);
    const err = saved.cells[7].outputs?.[0];
    assert.strictEqual(err?.output_type, 'error');
    assert.strictEqual(err?.ename, 'NameError');
    assert.ok(Array.isArray(err?.traceback) && (err.traceback as string[])[0] === '-'.repeat(75), 'traceback lines');
  });
});
