/**
 * The run session: the engine state one `run()` owns while it lasts, in one object. Ops consult it to offer their
 * result to the active tapes and accumulators (`recording`, `record`), the interpreter publishes the span it is
 * evaluating (`span`), and the run's hooks receive what the report needs: TF's log lines, finished gradient calls,
 * host-module events (tapes entered, gradient calls starting and failing, NumPy round trips) and the budget poll.
 *
 * `begin` installs a run's hooks on a clean state and `end` puts back what was there before (nothing, unless runs
 * nest), so a run that throws or is aborted leaves no hook, observer or span behind. Outside a run every hook is
 * absent and nothing records.
 */
import type { GradientListener } from './autodiff/gradient';
import type { GradientTape, OpObserver } from './autodiff/tape';
import type { OpDef } from './ops/registry';
import type { Span } from './span';
import type { Tensor } from './tensor/tensor';

/** What host modules tell the report while a run is going on. */
export interface RunSink {
  tapeEntered(tape: GradientTape, span: Span): void;
  gradientStarting(tape: GradientTape, span: Span, sourceValues: readonly unknown[]): void;
  gradientFailed(tape: GradientTape, span: Span, error: unknown): void;
  fromNumpy(t: Tensor, span: Span): void;
  /** A Python list or tuple became tensor `t` (explanations call `t` what the list is called). */
  fromList?(t: Tensor, list: object): void;
  /** A call of a Keras model finished: the calls of its layers, with their outputs' shapes. */
  layerCalls?(span: Span, model: string, layers: { label: string; shape: number[]; dtype: string }[]): void;
}

/** The hooks a run installs with `begin`; each one it leaves out is absent for the run. */
export interface RunHooks {
  /** TF's `logging.warning` lines, `WARNING:tensorflow:` prefix included. */
  log?: (line: string) => void;
  /** Every finished `gradient`/`jacobian`/`batch_jacobian` call, with its adjoints. */
  gradientListener?: GradientListener;
  sink?: RunSink;
  /**
   * The run's budget check (step budget, deadline, cancellation), called by kernels after every few milliseconds
   * of work (`chargeWork`): one interpreter step can allocate a large tensor or multiply large matrices.
   */
  poll?: () => void;
}

/**
 * A call that groups the ops it runs under one name in the report (a Keras layer call: `dense_1 (Dense)`), inside
 * the call that made it (a model calling its layers).
 */
export interface OpScope {
  readonly id: number;
  readonly label: string;
  readonly parent: OpScope | undefined;
}

/**
 * A `for`/`while` statement of the running program: its header's span and how many times its body started, over
 * the whole run (a loop nested in another counts on across the outer iterations). One object per statement and run.
 */
export interface LoopState {
  readonly span: Span;
  iterations: number;
}

type RecordFn = (op: OpDef<any>, inputs: readonly Tensor[], out: Tensor, attrs: unknown) => void;

interface Saved extends RunHooks {
  span: Span | undefined;
  scope: OpScope | undefined;
  loop: LoopState | undefined;
  observers: OpObserver[];
}

class RunSession {
  /** True while a tape or accumulator observes ops: when false, `apply` pays this one property read. */
  recording = false;
  /** Offers an op to every active observer; `autodiff/tape.ts` installs it. Called only while `recording`. */
  record: RecordFn = () => {};
  /** The active observers (tapes and forward accumulators), innermost last; `autodiff/tape.ts` maintains it. */
  readonly observers: OpObserver[] = [];
  /** Where the interpreter currently is; ops read it so every tape node knows the caller's span. */
  span: Span | undefined = undefined;
  /** The innermost scope running (a layer call); every recorded op keeps it. */
  scope: OpScope | undefined = undefined;
  /** The innermost loop the interpreter is running (a function called from a loop body sees the caller's loop). */
  loop: LoopState | undefined = undefined;
  log: ((line: string) => void) | undefined = undefined;
  gradientListener: GradientListener | undefined = undefined;
  sink: RunSink | undefined = undefined;
  poll: (() => void) | undefined = undefined;
  private readonly outer: Saved[] = [];

  /** Start a run: install its hooks, with no observer and no span. Pair with `end()` in a `finally`. */
  begin(hooks: RunHooks): void {
    this.outer.push({
      span: this.span,
      scope: this.scope,
      loop: this.loop,
      observers: this.observers.splice(0),
      log: this.log,
      gradientListener: this.gradientListener,
      sink: this.sink,
      poll: this.poll,
    });
    this.install(hooks, undefined, []);
    this.scope = undefined;
    this.loop = undefined;
  }

  /** End the run `begin` started: its hooks, observers and span go, and the enclosing run's (if any) come back. */
  end(): void {
    const saved = this.outer.pop();
    this.install(saved ?? {}, saved?.span, saved?.observers ?? []);
    this.scope = saved?.scope;
    this.loop = saved?.loop;
  }

  private install(hooks: RunHooks, span: Span | undefined, observers: readonly OpObserver[]): void {
    this.log = hooks.log;
    this.gradientListener = hooks.gradientListener;
    this.sink = hooks.sink;
    this.poll = hooks.poll;
    this.span = span;
    this.observers.length = 0;
    this.observers.push(...observers);
    this.recording = this.observers.length > 0;
  }
}

export const session = new RunSession();
