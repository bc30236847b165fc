import { EngineError } from '../errors';
import { chargeWork } from '../limits';
import type { OpDef } from '../ops/registry';
import { type OpScope, session } from '../session';
import type { Span } from '../span';
import { isDifferentiable } from '../tensor/dtype';
import type { Tensor, Variable } from '../tensor/tensor';

/** One recorded op, shared by every tape that recorded it. The report and the inspector read these. */
export interface TapeNode {
  readonly id: number;
  readonly op: OpDef<any>;
  readonly inputs: readonly Tensor[];
  readonly output: Tensor;
  readonly attrs: unknown;
  /** The caller's source span (the Python expression that ran the op). */
  readonly span: Span | undefined;
  /** The scope (a Keras layer call) the op ran in. */
  readonly scope: OpScope | undefined;
}

let nextRecordingId = 1;

/** The part of TF's tape that `_push_tape` creates and `reset()`/non-persistent `gradient()` drop. */
export class Recording {
  readonly id = nextRecordingId++;
  readonly nodes: TapeNode[] = [];
  /**
   * The tensors the tape knows (watched, or produced by a recorded op): those whose `knownBy` is this recording's
   * id, and those in `others` (already claimed by another recording: nested tapes). A field check instead of a
   * Set insertion per recorded op.
   */
  private readonly others = new Set<number>();
  /** Explicitly watched tensor ids (for the report: "watches x"). */
  readonly watchedTensors: Tensor[] = [];
  readonly watchedVariables: Variable[] = [];

  knows(t: Tensor): boolean {
    return t.knownBy === this.id || (this.others.size !== 0 && this.others.has(t.id));
  }

  /** A snapshot of `knows` for readers that ask later (the report, after the run). */
  knowsNow(): (t: Tensor) => boolean {
    const id = this.id;
    const others = new Set(this.others);
    return (t) => t.knownBy === id || others.has(t.id);
  }

  know(t: Tensor): void {
    if (t.knownBy === 0) t.knownBy = this.id;
    else if (t.knownBy !== this.id) this.others.add(t.id);
  }
}

/** Anything that observes ops while active: GradientTape recordings and ForwardAccumulators. */
export interface OpObserver {
  observe(op: OpDef<any>, inputs: readonly Tensor[], out: Tensor, attrs: unknown, node: () => TapeNode): void;
}

const observers = session.observers;
let nextNodeId = 1;

function sync(): void {
  session.recording = observers.length > 0;
}

/**
 * Makes the op's `TapeNode` on first request, so an op no observer records allocates no node. One maker per
 * nesting level of `record` (a forward accumulator runs ops while it observes), reused across ops: recording
 * allocates no closure per op.
 */
class NodeMaker {
  op!: OpDef<any>;
  inputs!: readonly Tensor[];
  out!: Tensor;
  attrs: unknown;
  made: TapeNode | undefined;
  readonly node = (): TapeNode => {
    let n = this.made;
    if (n === undefined) {
      n = {
        id: nextNodeId++,
        op: this.op,
        inputs: this.inputs,
        output: this.out,
        attrs: this.attrs,
        span: session.span,
        scope: session.scope,
      };
      this.made = n;
    }
    return n;
  };
  clear(): void {
    this.inputs = NO_INPUTS;
    this.attrs = undefined;
    this.made = undefined;
  }
}
const NO_INPUTS: readonly Tensor[] = [];
/** Work units (see `chargeWork`) of offering one op to one more observer. */
const OBSERVE_WORK = 200;
const makers: NodeMaker[] = [];
let depth = 0;

session.record = (op, inputs, out, attrs) => {
  const m = (makers[depth] ??= new NodeMaker());
  m.op = op;
  m.inputs = inputs;
  m.out = out;
  m.attrs = attrs;
  m.made = undefined;
  depth++;
  try {
    if (observers.length === 1) observers[0].observe(op, inputs, out, attrs, m.node);
    else {
      // Hundreds of nested tapes make every op hundreds of times dearer: the run's budget sees that work too.
      chargeWork(observers.length * OBSERVE_WORK);
      // Observers may be removed while iterating (a gradient() inside a tape pops it); copy first.
      for (const o of observers.slice()) o.observe(op, inputs, out, attrs, m.node);
    }
  } finally {
    depth--;
    m.clear();
  }
};

export function pushObserver(o: OpObserver): void {
  observers.push(o);
  sync();
}
export function popObserver(o: OpObserver): void {
  const i = observers.lastIndexOf(o);
  if (i >= 0) observers.splice(i, 1);
  sync();
}
export function activeObservers(): readonly OpObserver[] {
  return observers;
}

let nextTapeId = 1;

/** Log lines TF writes with `logging.warning`; the interpreter turns them into prints and diagnostics. */
export const tfLog = {
  counts: new Map<string, number>(),
  /** `log_first_n(WARN, msg, n)`: at most `n` times per message key and run. */
  warnFirstN(key: string, n: number, line: string): void {
    const c = this.counts.get(key) ?? 0;
    if (c >= n) return;
    this.counts.set(key, c + 1);
    session.log?.(`WARNING:tensorflow:${line}`);
  },
  reset(): void {
    this.counts.clear();
  },
};

/** TF's `GradientTape` state machine; the gradient computations live in `gradient.ts`. */
export class GradientTape implements OpObserver {
  readonly id = nextTapeId++;
  /** `self._tape` in TF: null before the first enter and after release. */
  recording: Recording | null = null;
  /** `self._recording`: currently pushed on the tape stack. */
  isRecording = false;
  /** Which tape was recording when this one was entered (nested frames in the inspector). */
  parent: GradientTape | undefined;
  span: Span | undefined;
  /** Every node this tape ever recorded, across resets and releases, for the report. */
  readonly history: TapeNode[] = [];

  constructor(
    readonly persistent = false,
    readonly watchAccessedVariables = true,
  ) {}

  observe(_op: OpDef<any>, inputs: readonly Tensor[], out: Tensor, _attrs: unknown, node: () => TapeNode): void {
    const rec = this.recording;
    if (!rec) return;
    for (let i = 0; i < inputs.length; i++) {
      const t = inputs[i];
      if (rec.knows(t) && isDifferentiable(t.dtype)) {
        const n = node();
        rec.nodes.push(n);
        this.history.push(n);
        rec.know(out);
        return;
      }
    }
  }

  /** `__enter__`. */
  enter(): this {
    if (this.isRecording) {
      throw new EngineError(
        'ValueError',
        'Tape is still recording, This can happen if you try to re-enter an already-active tape.',
      );
    }
    this.parent ??= currentTape();
    this.push();
    return this;
  }

  /** `__exit__`. */
  exit(): void {
    if (this.isRecording) this.pop();
  }

  push(): void {
    this.recording ??= new Recording();
    this.isRecording = true;
    pushObserver(this);
  }

  pop(): void {
    this.isRecording = false;
    popObserver(this);
  }

  watch(t: Tensor): void {
    const rec = this.recording;
    if (!rec) return;
    if (!isDifferentiable(t.dtype)) {
      tfLog.warnFirstN(
        'watch-dtype',
        5,
        `The dtype of the watched tensor must be floating (e.g. tf.float32), got tf.${t.dtype}`,
      );
    }
    if (!rec.knows(t)) rec.watchedTensors.push(t);
    rec.know(t);
  }

  /** Watch a variable's handle; `explicit` is `tape.watch(v)` (which warns on int dtypes), else an auto-watch. */
  watchVariable(v: Variable, explicit = true): void {
    const rec = this.recording;
    if (!rec) return;
    if (explicit && !isDifferentiable(v.dtype)) {
      tfLog.warnFirstN(
        'watch-dtype',
        5,
        `The dtype of the watched tensor must be floating (e.g. tf.float32), got tf.${v.dtype}`,
      );
    }
    if (!rec.watchedVariables.includes(v)) rec.watchedVariables.push(v);
    rec.know(v.handle);
  }

  /** `watched_variables()`: in order of construction; kept after a non-persistent gradient() (TF caches them). */
  watchedVariables(): Variable[] {
    const vs = this.recording?.watchedVariables ?? this.releasedVariables;
    return [...vs].sort((a, b) => a.order - b.order);
  }
  private releasedVariables: Variable[] = [];

  /** `stop_recording()`: run `body` with this tape popped. */
  stopRecording<T>(body: () => T): T {
    if (this.recording === null) {
      throw new EngineError('RuntimeError', 'Trying to stop recording a tape which is not recording.');
    }
    if (!this.isRecording) throw new EngineError('ValueError', 'Tape is not recording.');
    this.pop();
    try {
      return body();
    } finally {
      this.push();
    }
  }

  /** Split form of `stop_recording()` for the interpreter's `with` statement. */
  beginStopRecording(): void {
    if (this.recording === null) {
      throw new EngineError('RuntimeError', 'Trying to stop recording a tape which is not recording.');
    }
    if (!this.isRecording) throw new EngineError('ValueError', 'Tape is not recording.');
    this.pop();
  }
  endStopRecording(): void {
    this.push();
  }

  /** `reset()`: drop everything recorded and watched, keep recording. */
  reset(): void {
    if (!this.isRecording) throw new EngineError('ValueError', 'Tape is not recording.');
    this.pop();
    this.recording = null;
    this.releasedVariables = [];
    this.push();
  }

  /** What `gradient()` does before backprop: the lifecycle checks of TF's `GradientTape.gradient`. */
  beginGradient(what: 'gradient' | 'batch_jacobian' = 'gradient'): Recording {
    if (this.recording === null) {
      throw new EngineError(
        'RuntimeError',
        what === 'batch_jacobian'
          ? 'A non-persistent GradientTape can only be used tocompute one set of gradients (or jacobians)'
          : 'A non-persistent GradientTape can only be used to compute one set of gradients (or jacobians)',
      );
    }
    if (this.isRecording) {
      if (!this.persistent) this.pop();
      else {
        tfLog.warnFirstN(
          'persistent-inside',
          1,
          'Calling GradientTape.gradient on a persistent tape inside its context is significantly less efficient than calling it outside the context (it causes the gradient ops to be recorded on the tape, leading to increased CPU and memory usage). Only call GradientTape.gradient inside the context if you actually want to trace the gradient in order to compute higher order derivatives.',
        );
      }
    }
    return this.recording;
  }

  /** After a non-persistent gradient: `self._tape = None`. */
  endGradient(): void {
    if (!this.persistent && this.recording) {
      this.releasedVariables = this.recording.watchedVariables;
      this.recording = null;
    }
  }

  get released(): boolean {
    return this.recording === null;
  }
}

/** The innermost tape currently recording, if any. */
export function currentTape(): GradientTape | undefined {
  for (let i = observers.length - 1; i >= 0; i--) {
    const o = observers[i];
    if (o instanceof GradientTape) return o;
  }
  return undefined;
}

/** Every tape currently recording. */
export function recordingTapes(): GradientTape[] {
  return observers.filter((o): o is GradientTape => o instanceof GradientTape);
}

/** `variable_accessed`: a read of a trainable variable is watched by every auto-watching recording tape. */
export function variableAccessed(v: Variable): void {
  if (!v.trainable || !session.recording) return;
  for (const o of observers) if (o instanceof GradientTape && o.watchAccessedVariables) o.watchVariable(v, false);
}

/** Forget all global recording state (between runs). */
export function resetTapeState(): void {
  observers.length = 0;
  sync();
  tfLog.reset();
}
