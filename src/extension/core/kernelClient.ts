/**
 * The host's side of one notebook's kernel (vscode-free): a worker of its own, started on the first execution,
 * one execution at a time. Outputs stream to the caller as the worker sends them.
 *
 * Interrupt: the host stores 1 in the shared interrupt flag, which the engine polls with its budget checks and
 * answers with KeyboardInterrupt in the running cell (the namespace stays). When the flag cannot be shared (no
 * SharedArrayBuffer, e.g. a web page that is not cross-origin isolated) or the cell has not stopped `graceMs` after
 * the interrupt (stuck in one long op), the worker is terminated: the cell ends with a KeyboardInterrupt that says
 * the kernel was restarted, and the next execution starts a fresh session (`In[1]` again). A worker that dies
 * (out of memory) ends its cell the same way. A runaway cell never blocks the extension host: it runs in the worker.
 */
import { type KernelOptions, type KernelOutput, TRACEBACK_WIDTH, tracebackHeader } from '../../protocol/kernel';
import type { WorkerAnswer } from '../../protocol/messages';
import type { EngineTransport, TransportFactory } from '../../worker/transport';
import { type Clock, type Logger, systemClock } from './scheduler';

export type KernelStatus = 'ok' | 'error' | 'restarted';

export interface KernelClientOptions {
  transport: TransportFactory;
  /** The session's limits, read when a session starts. */
  options: () => KernelOptions;
  /** How long an interrupted cell may take to stop before the worker is terminated. */
  graceMs: number;
  log: Logger;
  clock?: Clock;
  /** Whether the interrupt flag can be shared with the worker (default: SharedArrayBuffer exists). */
  sharedMemory?: boolean;
}

interface Running {
  id: number;
  onOutputs: (outputs: KernelOutput[]) => void;
  resolve: (status: KernelStatus) => void;
  graceTimer?: unknown;
}

export class KernelClient {
  private worker: EngineTransport | undefined;
  private flag: Int32Array | undefined;
  private running: Running | undefined;
  private nextId = 1;
  private count = 0;
  private readonly clock: Clock;
  /** Sessions started (1 after the first execution; more after restarts). */
  sessionsStarted = 0;

  constructor(private readonly opts: KernelClientOptions) {
    this.clock = opts.clock ?? systemClock;
  }

  /** The `In[n]` number the next execution gets (the worker numbers executions the same way). */
  get nextExecutionCount(): number {
    return this.count + 1;
  }

  get busy(): boolean {
    return this.running !== undefined;
  }

  /** Runs one cell; resolves when it ended. One at a time: the caller queues. */
  execute(code: string, onOutputs: (outputs: KernelOutput[]) => void): Promise<KernelStatus> {
    if (this.running) return Promise.reject(new Error('the kernel is busy'));
    const worker = this.worker ?? this.start();
    this.count++;
    const id = this.nextId++;
    return new Promise<KernelStatus>((resolve) => {
      this.running = { id, onOutputs, resolve };
      if (this.flag) Atomics.store(this.flag, 0, 0);
      worker.send({ type: 'kernelExecute', id, code });
    });
  }

  /** Interrupts the running cell (nothing when idle). */
  interrupt(): void {
    const r = this.running;
    if (!r || r.graceTimer !== undefined) return;
    if (!this.flag) {
      this.forceRestart('the kernel cannot be interrupted in place here (no shared memory), so it was restarted');
      return;
    }
    this.opts.log.info(`kernel: interrupt requested (execution ${r.id})`);
    Atomics.store(this.flag, 0, 1);
    r.graceTimer = this.clock.setTimeout(() => {
      if (this.running === r) {
        this.forceRestart(
          `the cell did not stop within ${Math.round(this.opts.graceMs / 1000)} s of the interrupt, so the kernel was restarted`,
        );
      }
    }, this.opts.graceMs);
  }

  /** A fresh session: the worker goes (a running cell ends as interrupted), the next execution starts a new one. */
  restart(): void {
    if (this.running) this.forceRestart('the kernel was restarted');
    else this.stop();
    this.count = 0;
  }

  dispose(): void {
    this.restart();
  }

  private start(): EngineTransport {
    this.sessionsStarted++;
    const shared = this.opts.sharedMemory ?? typeof SharedArrayBuffer !== 'undefined';
    const buffer = shared ? new SharedArrayBuffer(4) : undefined;
    this.flag = buffer ? new Int32Array(buffer) : undefined;
    const worker = this.opts.transport({
      onMessage: (msg) => this.onMessage(msg),
      onExit: (reason) => {
        this.opts.log.warn(`kernel worker stopped: ${reason}`);
        this.worker = undefined;
        this.end('restarted', `the kernel died (${reason}) and was restarted`);
        this.count = 0;
      },
    });
    this.worker = worker;
    worker.send({ type: 'kernelStart', options: this.opts.options(), ...(buffer ? { interrupt: buffer } : {}) });
    this.opts.log.info(`kernel session ${this.sessionsStarted} started${buffer ? '' : ' (no shared memory)'}`);
    return worker;
  }

  private stop(): void {
    this.worker?.terminate();
    this.worker = undefined;
    this.flag = undefined;
  }

  private forceRestart(why: string): void {
    this.opts.log.warn(`kernel: ${why}`);
    this.stop();
    this.count = 0;
    this.end('restarted', why);
  }

  /** Ends the running execution; a restart also tells the cell, as a KeyboardInterrupt error output. */
  private end(status: KernelStatus, why?: string): void {
    const r = this.running;
    if (!r) return;
    this.running = undefined;
    if (r.graceTimer !== undefined) this.clock.clearTimeout(r.graceTimer);
    if (status === 'restarted' && why !== undefined) {
      const evalue = `${why}: the notebook's variables are gone; run the cells it needs again`;
      r.onOutputs([
        {
          type: 'error',
          ename: 'KeyboardInterrupt',
          evalue,
          traceback: [
            '-'.repeat(TRACEBACK_WIDTH),
            tracebackHeader('KeyboardInterrupt'),
            `KeyboardInterrupt: ${evalue}`,
          ],
        },
      ]);
    }
    r.resolve(status);
  }

  private onMessage(msg: WorkerAnswer): void {
    const r = this.running;
    if (msg.type === 'ready' || msg.type === 'stats' || msg.type === 'result' || !r || msg.id !== r.id) return;
    if (msg.type === 'kernelOutput') r.onOutputs(msg.outputs);
    else if (msg.type === 'kernelDone') this.end(msg.status);
    else {
      this.opts.log.error(`kernel: the engine failed: ${msg.message}\n${msg.stack ?? ''}`);
      r.onOutputs([
        {
          type: 'error',
          ename: 'SystemError',
          evalue: `internal error of Gradient Lens: ${msg.message}`,
          traceback: [`SystemError: internal error of Gradient Lens: ${msg.message}`],
        },
      ]);
      this.end('error');
    }
  }
}
