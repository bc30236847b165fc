/**
 * A notebook kernel in the engine: one persistent Python namespace that runs cells one at a time, in the order they
 * are given, as a Jupyter kernel does. Running a cell twice runs it twice (state accumulates); a cell that raises
 * ends with Jupyter's error output and the namespace keeps what the cell did before it raised.
 *
 * What the lens shows as an Unknown the kernel raises where it happens (`NotImplementedError: \`x\` is not
 * supported by Gradient Lens (no Python)`, `ModuleNotFoundError` for a module the engine does not provide), so no
 * made-up value is ever printed or displayed. Each cell gets the tensor caps of its own (and a step budget when one
 * is given); there is no time budget (a Jupyter cell runs until it ends or is interrupted): `interrupted` is polled
 * with the interpreter's budget checks and raises KeyboardInterrupt in the running cell.
 *
 * The engine's global state (random streams, tapes, the module objects) belongs to one kernel session per engine
 * instance (a worker): creating a session starts it fresh, as a new Python process would.
 */
import type { KernelExecution, KernelOptions, KernelOutput } from '../../protocol/kernel';
import { freshEngineState } from '../freshState';
import { limits, resetAllocations } from '../limits';
import { hostModules } from '../modules/index';
import type { Stmt } from '../python/ast';
import type { PyException } from '../python/exceptions';
import { Interp } from '../python/interpreter';
import { lowerCell } from '../python/lower';
import type { Diagnostic } from '../python/source';
import type { PyValue } from '../python/values';
import { session } from '../session';
import { displayText } from './display';
import { header, lastLine, messageOf, tracebackLines } from './traceback';

/** No step budget by default: a Jupyter cell runs until it ends or is interrupted. */
export const KERNEL_DEFAULTS: Required<Omit<KernelOptions, 'document'>> = {
  maxSteps: Number.POSITIVE_INFINITY,
  maxTensorElements: 50_000_000,
  maxTotalMemoryMb: 8192,
  recursionLimit: 1000,
};

/** What runs while a cell executes: the outputs so far and the display target. */
interface Execution {
  count: number;
  outputs: KernelOutput[];
  last: Stmt | undefined;
  error: boolean;
}

export class KernelSession {
  private readonly it: Interp;
  private readonly opts: Required<Omit<KernelOptions, 'document'>>;
  private readonly sources = new Map<number, readonly string[]>();
  private count = 0;
  private current: Execution | undefined;

  /**
   * `interrupted`: polled every 1,024 steps and during long ops; true raises KeyboardInterrupt once.
   * `onOutput`: told of each output as it happens (stream text in pieces), for streaming to the notebook.
   */
  constructor(
    options: KernelOptions = {},
    interrupted?: () => boolean,
    private readonly onOutput?: (o: KernelOutput) => void,
  ) {
    this.opts = { ...KERNEL_DEFAULTS, ...stripUndefined(options) };
    const { modules, exceptionClasses } = hostModules();
    freshEngineState(options.document);
    this.it = new Interp({
      modules,
      exceptionClasses,
      maxSteps: this.opts.maxSteps,
      recursionLimit: this.opts.recursionLimit,
      timeBudgetMs: Number.POSITIVE_INFINITY,
      unknowns: 'raise',
      ...(interrupted ? { interrupted } : {}),
      observer: {
        onPrint: (text, _span, stream) => this.emit({ type: 'stream', name: stream ?? 'stdout', text }),
        onValue: (_span, value, stmt) => {
          const ex = this.current;
          if (ex && stmt === ex.last) this.display(ex, value);
        },
        onUncaught: (exc) => {
          const ex = this.current;
          if (ex) this.raised(ex, exc);
        },
      },
    });
  }

  /** The `In[n]` number the next execution gets. */
  get nextExecutionCount(): number {
    return this.count + 1;
  }

  /** Runs one cell's source in the session's namespace. */
  execute(code: string): KernelExecution {
    const count = ++this.count;
    const ex: Execution = { count, outputs: [], last: undefined, error: false };
    const lines = code.split(/\r\n|\r|\n/);
    this.sources.set(count, lines);
    const diagnostics: Diagnostic[] = [];
    const lowered = lowerCell(code, count, diagnostics);
    this.current = ex;
    try {
      const broken = diagnostics.find((d) => d.code === 'syntax-error' || d.code === 'unsupported-syntax');
      if (broken) {
        this.syntaxError(ex, broken, lines);
        return finish(ex);
      }
      for (const d of diagnostics) {
        if (d.code === 'ipython-magic') this.emit({ type: 'stream', name: 'stderr', text: `${d.message}\n` });
      }
      const body = lowered.module.body;
      const last = body[body.length - 1];
      if (last?.kind === 'Expr' && !endsWithSemicolon(code)) ex.last = last;
      this.runCell(ex, lowered);
      return finish(ex);
    } finally {
      this.current = undefined;
    }
  }

  private runCell(ex: Execution, lowered: ReturnType<typeof lowerCell>): void {
    const it = this.it;
    session.begin({
      log: (line) => this.emit({ type: 'stream', name: 'stderr', text: `${line}\n` }),
      poll: () => it.checkBudget(),
    });
    resetAllocations();
    limits.maxElements = this.opts.maxTensorElements;
    limits.maxTotalBytes = this.opts.maxTotalMemoryMb * 1024 * 1024;
    it.restartBudget();
    const seen = it.diagnostics.length;
    try {
      const stop = it.runModule(lowered.module, lowered.lines);
      if (stop) {
        const d = it.diagnostics.slice(seen).find((x) => x.code === stop.reason);
        this.stopped(ex, d?.message ?? 'Evaluation stopped.', d?.span.start.line ?? 0);
      }
    } finally {
      session.end();
      // The diagnostics are the lens's; the kernel reported what it needs as outputs.
      it.diagnostics.length = 0;
    }
  }

  private emit(o: KernelOutput): void {
    const ex = this.current;
    if (!ex) return;
    const prev = ex.outputs[ex.outputs.length - 1];
    if (o.type === 'stream' && prev?.type === 'stream' && prev.name === o.name) {
      ex.outputs[ex.outputs.length - 1] = { ...prev, text: prev.text + o.text };
    } else ex.outputs.push(o);
    this.onOutput?.(o);
  }

  /** The last expression's value: IPython's display hook (a `__repr__` that raises ends the cell with its error). */
  private display(ex: Execution, value: PyValue): void {
    const text = displayText(value);
    if (text !== undefined) this.emit({ type: 'execute_result', executionCount: ex.count, text });
  }

  private raised(ex: Execution, exc: PyException): void {
    ex.error = true;
    const traceback = tracebackLines(exc, this.sources);
    this.emit({ type: 'error', ename: exc.cls.name, evalue: messageOf(exc.value), traceback });
  }

  /** A step budget stop: the cell ends where it was, with the reason (the namespace keeps what ran). */
  private stopped(ex: Execution, message: string, line: number): void {
    ex.error = true;
    const ename = 'RuntimeError';
    this.emit({
      type: 'error',
      ename,
      evalue: message,
      traceback: ['-'.repeat(75), header(ename), `Cell In[${ex.count}], line ${line + 1}\n`, lastLine(ename, message)],
    });
  }

  /** A cell that does not parse (or uses syntax the engine does not run) runs no statement, as in Python. */
  private syntaxError(ex: Execution, d: Diagnostic, lines: readonly string[]): void {
    ex.error = true;
    const m = /^(\w*Error): (.*)$/s.exec(d.message);
    const unsupported = d.code === 'unsupported-syntax';
    const ename = unsupported ? 'NotImplementedError' : (m?.[1] ?? 'SyntaxError');
    const message = unsupported ? `${d.message} (not supported by Gradient Lens (no Python))` : (m?.[2] ?? d.message);
    const { line, character } = d.span.start;
    const text = lines[line] ?? '';
    const indent = /^\s*/.exec(text)?.[0].length ?? 0;
    const caret = `${' '.repeat(4 + Math.max(0, character - indent))}^`;
    const box = `  Cell In[${ex.count}], line ${line + 1}\n    ${text.slice(indent)}\n${caret}\n${ename}: ${message}\n`;
    this.emit({ type: 'error', ename, evalue: message, traceback: [box] });
  }
}

function finish(ex: Execution): KernelExecution {
  return { executionCount: ex.count, status: ex.error ? 'error' : 'ok', outputs: ex.outputs };
}

/** IPython shows no result when the cell's last line ends with `;` (comments aside). */
function endsWithSemicolon(code: string): boolean {
  const lines = code.split(/\r\n|\r|\n/).filter((l) => l.trim() !== '' && !l.trim().startsWith('#'));
  const last = lines[lines.length - 1] ?? '';
  return last.replace(/#.*$/, '').trimEnd().endsWith(';');
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
