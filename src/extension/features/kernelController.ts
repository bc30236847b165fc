/**
 * The notebook kernel "Gradient Lens (no Python)": a notebook controller for Jupyter notebooks whose Python cells
 * run in the engine, one session (and worker) per notebook. Cells run in the order they are queued, one at a time,
 * numbered as Jupyter numbers them; an error ends the queue (Run All stops there, as in Jupyter). Outputs are the
 * standard ones the `.ipynb` serializer writes as Jupyter's (stream, execute_result, error with its traceback), so
 * the file stays a normal notebook. The lens goes on evaluating the whole document as before.
 */
import * as vscode from 'vscode';
import type { KernelOutput } from '../../protocol/kernel';
import type { TransportFactory } from '../../worker/transport';
import type { GradientLensContext } from '../context';
import { KernelClient } from '../core/kernelClient';

export const KERNEL_ID = 'gradient-lens-kernel';
export const KERNEL_LABEL = 'Gradient Lens (no Python)';
export const RESTART_KERNEL = 'gradientLens.restartKernel';
/** How long an interrupted cell may take to stop before its kernel is restarted. */
const INTERRUPT_GRACE_MS = 3000;

/** One notebook's kernel: its client and the queue of cell executions. */
class NotebookKernel implements vscode.Disposable {
  readonly client: KernelClient;
  private queue: vscode.NotebookCellExecution[] = [];
  private draining = false;

  constructor(
    private readonly ctx: GradientLensContext,
    private readonly controller: vscode.NotebookController,
    notebook: vscode.NotebookDocument,
    transport: TransportFactory,
  ) {
    this.client = new KernelClient({
      transport,
      options: () => ({
        document: notebook.uri.path,
        maxTensorElements: ctx.config.maxTensorElements,
        maxTotalMemoryMb: ctx.config.maxTotalMemoryMb,
      }),
      graceMs: INTERRUPT_GRACE_MS,
      log: ctx.log,
    });
  }

  /** Queues cells (shown as pending at once) and runs the queue. */
  enqueue(cells: readonly vscode.NotebookCell[]): Promise<void> {
    for (const cell of cells) {
      if (cell.kind !== vscode.NotebookCellKind.Code) continue;
      try {
        this.queue.push(this.controller.createNotebookCellExecution(cell));
      } catch (e) {
        // Already queued or running: it runs once, as in Jupyter's queue.
        this.ctx.log.debug(`kernel: cell ${cell.index + 1} not queued again: ${String(e)}`);
      }
    }
    return this.drain();
  }

  interrupt(): void {
    if (this.client.busy) this.client.interrupt();
    else this.clearQueue();
  }

  restart(): void {
    this.clearQueue();
    this.client.restart();
  }

  dispose(): void {
    this.restart();
  }

  private clearQueue(): void {
    for (const x of this.queue.splice(0)) {
      x.start();
      x.end(undefined);
    }
  }

  private async drain(): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    try {
      for (let x = this.queue.shift(); x; x = this.queue.shift()) {
        const ok = await this.runOne(x);
        if (!ok) this.clearQueue();
      }
    } finally {
      this.draining = false;
    }
  }

  /** Runs one cell; false when it ended with an error (the rest of the queue does not run, as in Jupyter). */
  private async runOne(x: vscode.NotebookCellExecution): Promise<boolean> {
    x.executionOrder = this.client.nextExecutionCount;
    x.start(Date.now());
    await x.clearOutput();
    const cell = x.cell;
    if (cell.document.languageId !== 'python') {
      await x.appendOutput(
        errorOutput({
          type: 'error',
          ename: 'NotImplementedError',
          evalue: `${KERNEL_LABEL} runs Python cells only, not ${cell.document.languageId}`,
          traceback: [],
        }),
      );
      x.end(false, Date.now());
      return false;
    }
    let lastStream: { name: string; output: vscode.NotebookCellOutput } | undefined;
    let writing = Promise.resolve();
    const write = (outputs: KernelOutput[]) => {
      writing = writing.then(async () => {
        for (const o of outputs) {
          if (o.type === 'stream') {
            const item =
              o.name === 'stdout'
                ? vscode.NotebookCellOutputItem.stdout(o.text)
                : vscode.NotebookCellOutputItem.stderr(o.text);
            if (lastStream?.name === o.name) {
              await x.appendOutputItems(item, lastStream.output);
            } else {
              const output = new vscode.NotebookCellOutput([item], { outputType: 'stream' });
              lastStream = { name: o.name, output };
              await x.appendOutput(output);
            }
            continue;
          }
          lastStream = undefined;
          await x.appendOutput(o.type === 'error' ? errorOutput(o) : resultOutput(o));
        }
      });
      // A failed write (the cell was deleted meanwhile) must not stop the cell from ending.
      writing = writing.catch((e) => this.ctx.log.warn(`kernel: writing an output failed: ${String(e)}`));
    };
    const started = performance.now();
    const status = await this.client.execute(cell.document.getText(), write);
    await writing;
    this.ctx.log.info(
      `kernel: In[${x.executionOrder}] ${status} in ${(performance.now() - started).toFixed(0)} ms (${cell.notebook.uri.path.split('/').pop()} cell ${cell.index + 1})`,
    );
    x.end(status === 'ok', Date.now());
    return status === 'ok';
  }
}

/** `Out[n]`: text/plain, with the metadata the ipynb serializer writes as an execute_result. */
function resultOutput(o: Extract<KernelOutput, { type: 'execute_result' }>): vscode.NotebookCellOutput {
  return new vscode.NotebookCellOutput([vscode.NotebookCellOutputItem.text(o.text, 'text/plain')], {
    outputType: 'execute_result',
    executionCount: o.executionCount,
    metadata: {},
  });
}

/** An error output; the serializer writes `originalError` as is, so the file keeps Jupyter's traceback lines. */
function errorOutput(o: Extract<KernelOutput, { type: 'error' }>): vscode.NotebookCellOutput {
  const stack = o.traceback.length ? o.traceback.join('\n') : `${o.ename}: ${o.evalue}`;
  return new vscode.NotebookCellOutput(
    [vscode.NotebookCellOutputItem.error({ name: o.ename, message: o.evalue, stack })],
    {
      outputType: 'error',
      originalError: { output_type: 'error', ename: o.ename, evalue: o.evalue, traceback: o.traceback },
    },
  );
}

export function registerKernel(ctx: GradientLensContext, transport: TransportFactory): void {
  const controller = vscode.notebooks.createNotebookController(KERNEL_ID, 'jupyter-notebook', KERNEL_LABEL);
  controller.supportedLanguages = ['python'];
  controller.supportsExecutionOrder = true;
  controller.description = ctx.t('Runs Python cells with the Gradient Lens engine: no Python, no TensorFlow');
  const kernels = new Map<string, NotebookKernel>();
  const kernelFor = (nb: vscode.NotebookDocument) => {
    const key = nb.uri.toString();
    let k = kernels.get(key);
    if (!k) {
      k = new NotebookKernel(ctx, controller, nb, transport);
      kernels.set(key, k);
    }
    return k;
  };
  controller.executeHandler = (cells, nb) => kernelFor(nb).enqueue(cells);
  controller.interruptHandler = (nb) => kernels.get(nb.uri.toString())?.interrupt();
  ctx.subscriptions.push(
    controller,
    vscode.workspace.onDidCloseNotebookDocument((nb) => {
      const key = nb.uri.toString();
      kernels.get(key)?.dispose();
      kernels.delete(key);
    }),
    vscode.commands.registerCommand(
      RESTART_KERNEL,
      (arg?: vscode.Uri | { notebookEditor?: { notebookUri: vscode.Uri } }) => {
        const uri =
          arg instanceof vscode.Uri
            ? arg
            : (arg?.notebookEditor?.notebookUri ?? vscode.window.activeNotebookEditor?.notebook.uri);
        const k = uri ? kernels.get(uri.toString()) : undefined;
        if (!k) return;
        k.restart();
        ctx.log.info(`kernel restarted for ${uri?.toString()}`);
      },
    ),
    {
      dispose: () => {
        for (const k of kernels.values()) k.dispose();
      },
    },
  );
}
